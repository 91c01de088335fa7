"""Explain one family's ASP for one month: the ordered steps of the decision, in kk/ru/en.

THE one way to explain a result (the web API's ``/explain``, the ``calculate`` command). Each step
gives a sentence, the values it used, the parameters in force with their legal references (read
from the parameter tree, so a reform's values show), and the provisions it applies:

family → income of the reference quarter → per-capita income → poverty line → type → amount →
child supplement → guaranteed social package → months assigned.
"""

from __future__ import annotations

import copy
import functools
import re
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from openfisca_core.periods import Period
from openfisca_core.periods import period as make_period
from openfisca_core.simulations import Simulation
from openfisca_core.taxbenefitsystems import TaxBenefitSystem

from openfisca_kz_asp.formula_helpers import reference_quarter
from openfisca_kz_asp.i18n import enum_label, label
from openfisca_kz_asp.i18n_texts import LANGUAGES, text
from openfisca_kz_asp.reform_registry import UnknownReformError, apply_reform
from openfisca_kz_asp.situations import (
    FIRST_MONTH,
    LAST_MONTH,
    SituationError,
    build_simulation,
    validate_situation,
)

MONTH_PATTERN = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")
EXCLUSIONS = (
    ("is_on_full_state_support", "reason_state_support"),
    ("is_in_conscript_service", "reason_conscript"),
    ("is_imprisoned_or_in_compulsory_treatment", "reason_prison"),
)


@functools.lru_cache(maxsize=32)
def system_with_reform(tbs: TaxBenefitSystem, reform: str | None) -> TaxBenefitSystem:
    """``tbs`` with the named reform applied (built once per process and name)."""
    return tbs if not reform else apply_reform(tbs, reform)


def _kind_label(tbs: TaxBenefitSystem, kind: str, lang: str) -> str:
    """An income kind's label without its unit: "Wages (KZT a month)" → "Wages"."""
    return re.sub(r"\s*\([^()]*\)$", "", label(tbs, kind, lang))


def fmt(value: float, lang: str) -> str:
    """A number as people write it: 41,155 / 16,666.67 / 0.7 in English; 41 155 / 16 666,67 / 0,7 else."""
    rounded = round(float(value), 2)
    shown = f"{rounded:,.0f}" if rounded.is_integer() else f"{rounded:,.2f}"
    if abs(rounded) < 100 and "." in shown:  # rates and MRP multiples: 0.7, 1.5, 0.35
        shown = shown.rstrip("0")
    if lang == "en":
        return shown
    return shown.replace(",", "\u00a0").replace(".", ",")


def parameter_info(tbs: TaxBenefitSystem, name: str, period: Period, lang: str) -> dict[str, Any]:
    """The value of parameter ``name`` in force in ``period``, with its label and legal reference."""
    parameter = functools.reduce(getattr, name.split("."), tbs.parameters)
    instant = str(period.start)
    in_force = next((v for v in parameter.values_list if v.instant_str <= instant), None)
    metadata = parameter.metadata or {}
    reference = (in_force.metadata or {}).get("reference") if in_force is not None else None
    value = in_force.value if in_force is not None else None
    return {
        "name": name,
        "label": metadata.get(f"label_{lang}") or metadata.get("label_en") or parameter.description,
        "value": value,
        "since": in_force.instant_str if in_force is not None else None,
        "reference": {"title": reference.get("title"), "href": reference.get("href")}
        if isinstance(reference, dict)
        else None,
    }


@dataclass
class _Context:
    tbs: TaxBenefitSystem
    sim: Simulation
    period: Period
    month: str
    lang: str
    household: str
    index: int
    members: list[tuple[int, str]]
    situation: dict[str, Any]
    steps: list[dict[str, Any]] = field(default_factory=list)

    def h(self, name: str) -> Any:
        """The household's value of ``name`` for the month (enums as their names)."""
        values = self.sim.calculate(name, self.period)
        if hasattr(values, "decode_to_str"):
            return str(values.decode_to_str()[self.index])
        return values[self.index].item()

    def p(self, name: str, period: Period | None = None, *, add: bool = False) -> dict[str, Any]:
        """Each member's value of ``name`` (summed over ``period`` with ``add``)."""
        when = period or self.period
        values = self.sim.calculate_add(name, when) if add else self.sim.calculate(name, when)
        if hasattr(values, "decode_to_str"):
            values = values.decode_to_str()
        return {
            pid: values[i].item() if isinstance(values[i], np.generic) else values[i]
            for i, pid in self.members
        }

    def t(self, key: str, **params: object) -> str:
        return text(f"explain.{key}", self.lang, **params)

    def n(self, value: float) -> str:
        return fmt(value, self.lang)

    def param(self, name: str) -> dict[str, Any]:
        return parameter_info(self.tbs, name, self.period, self.lang)

    def step(
        self, key: str, lines: list[str], values: dict[str, Any], parameters: list[str], provisions: list[str]
    ) -> None:
        self.steps.append(
            {
                "key": key,
                "title": self.t(f"{key}.title"),
                "text": " ".join(line for line in lines if line),
                "lines": [line for line in lines if line],
                "values": values,
                "parameters": [self.param(name) for name in parameters],
                "provisions": provisions,
            }
        )


def _fail(path: str, code: str, lang: str, **params: object) -> SituationError:
    return SituationError([{"path": path, "code": code, "message": text(f"errors.{code}", lang, **params)}])


def _choose_household(
    tbs: TaxBenefitSystem, situation: dict[str, Any], household: str | None, lang: str
) -> tuple[dict, str]:
    """A copy of the situation with a household to explain, and its id."""
    if not isinstance(situation, dict):
        raise _fail("situation", "not_object", lang, got=type(situation).__name__)
    if "axes" in situation:
        raise _fail("situation/axes", "explain_no_axes", lang)
    work = copy.deepcopy(situation)
    groups = work.get("households")
    persons = work.get("persons")
    if groups is not None and not isinstance(groups, dict):
        validate_situation(tbs, work, lang=lang)  # raises, naming the field
    if groups is None and isinstance(persons, dict) and len(persons) == 1:
        work["households"] = {"household": {"applicants": list(persons)}}
        groups = work["households"]
    if not isinstance(groups, dict) or not groups:
        raise _fail("households", "no_household", lang)
    known = ", ".join(str(k) for k in groups)
    if household is None:
        if len(groups) > 1:
            raise _fail("household", "several_households", lang, known=known)
        household = next(iter(groups))
    if household not in groups:
        raise _fail("household", "unknown_household", lang, id=household, known=known)
    return work, household


def explain(
    tbs: TaxBenefitSystem,
    situation: dict,
    *,
    household: str | None = None,
    period: str,
    lang: str = "en",
    reform: str | None = None,
) -> dict[str, Any]:
    """The decision for one household and month, as ordered steps with values and references."""
    if lang not in LANGUAGES:
        raise _fail("lang", "bad_language", "en", got=lang)
    if not isinstance(period, str) or not MONTH_PATTERN.match(period):
        raise _fail("period", "bad_month", lang, got=period)
    if not FIRST_MONTH <= period <= LAST_MONTH:
        raise _fail("period", "output_out_of_range", lang, first=FIRST_MONTH, last=LAST_MONTH, period=period)
    try:
        system = system_with_reform(tbs, reform)
    except UnknownReformError as error:
        raise _fail("reform", "bad_reform_value", lang, detail=str(error)) from None
    work, household = _choose_household(tbs, situation, household, lang)
    group = work["households"].get(household)
    if isinstance(group, dict) and isinstance(group.setdefault("asp_amount", {}), dict):
        group["asp_amount"].setdefault(period, None)  # so that the warnings speak of this month
    sim, warnings = build_simulation(system, work, lang=lang)
    index = sim.household.ids.index(household)
    person_ids = sim.persons.ids
    members = [(i, str(person_ids[i])) for i in np.flatnonzero(sim.household.members_entity_id == index)]
    ctx = _Context(system, sim, make_period(period), period, lang, household, index, members, work)
    _family(ctx)
    _income(ctx)
    _per_capita(ctx)
    _poverty_line(ctx)
    _type(ctx)
    _amount(ctx)
    _child_supplement(ctx)
    _gsp(ctx)
    _months(ctx)
    return {
        "household": household,
        "period": period,
        "lang": lang,
        "reform": reform,
        "result": _result(ctx),
        "steps": ctx.steps,
        "warnings": warnings,
    }


def _result(ctx: _Context) -> dict[str, Any]:
    asp_type = ctx.h("asp_type")
    reason = ctx.h("asp_ineligibility_reason")
    return {
        "eligible": reason == "none",
        "asp_type": asp_type,
        "asp_type_label": enum_label("AspType", asp_type, ctx.lang),
        "reason": reason,
        "reason_label": enum_label("IneligibilityReason", reason, ctx.lang),
        "household_size": ctx.h("household_size"),
        "asp_total_income": _money(ctx.h("asp_total_income")),
        "per_capita_income": _money(ctx.h("per_capita_income")),
        "poverty_line": _money(ctx.h("poverty_line")),
        "poverty_line_source": _line_source(ctx),
        "asp_amount": _money(ctx.h("asp_amount")),
        "asp_child_supplement": _money(ctx.h("asp_child_supplement")),
        "asp_total": _money(ctx.h("asp_total")),
        "asp_assignment_months": ctx.h("asp_assignment_months"),
        "gsp_preschool_children": ctx.h("gsp_preschool_children"),
        "gsp_school_children": ctx.h("gsp_school_children"),
        "persons": {
            pid: {
                "is_family_member": bool(ctx.p("is_family_member")[pid]),
                "is_able_bodied": bool(ctx.p("is_able_bodied")[pid]),
                "asp_person_amount": _money(ctx.p("asp_person_amount")[pid]),
                "age": int(ctx.p("age")[pid]),
            }
            for _, pid in ctx.members
        },
    }


def _money(value: float) -> float:
    return round(float(value), 2)


def _line_source(ctx: _Context) -> str:
    given = (ctx.situation["households"][ctx.household].get("poverty_line") or {}).get(ctx.month)
    if given is not None:
        return "input"
    return "published" if ctx.h("published_poverty_line") > 0 else "national"


def _family(ctx: _Context) -> None:
    counted = ctx.p("is_family_member")
    lines = []
    members = [pid for pid, yes in counted.items() if yes]
    lines.append(
        ctx.t(
            "family.text",
            counted=len(members),
            listed=len(counted),
            members=", ".join(members) or ctx.t("family.nobody"),
        )
    )
    reasons: dict[str, str] = {}
    student_max_age = ctx.param("asp.family.student_max_age")["value"]
    for pid, yes in counted.items():
        if yes:
            continue
        key = next((k for name, k in EXCLUSIONS if ctx.p(name)[pid]), "reason_away")
        reasons[pid] = ctx.t(f"family.{key}", student_max_age=student_max_age)
        lines.append(ctx.t("family.not_counted", person=pid, reason=reasons[pid]))
    ctx.step(
        "family",
        lines,
        {"listed": len(counted), "counted": len(members), "members": members, "not_counted": reasons},
        ["asp.family.child_max_age", "asp.family.student_max_age"],
        ["law246.a4.p1"],
    )


def _income(ctx: _Context) -> None:
    quarter = reference_quarter(ctx.period)
    first = str(quarter.start)[:7]
    last = f"{quarter.stop.year:04d}-{quarter.stop.month:02d}"
    counted_node = ctx.tbs.parameters(ctx.period).asp.income.counted
    kinds = [*counted_node, "excluded_income"]
    member = ctx.p("is_family_member")
    by_person: dict[str, dict[str, float]] = {}
    not_counted: dict[str, dict[str, float]] = {}
    lines = []
    for kind in kinds:
        amounts = ctx.p(kind, quarter, add=True)
        is_counted = kind != "excluded_income" and bool(counted_node[kind])
        for pid, amount in amounts.items():
            if amount <= 0:
                continue
            target = by_person if is_counted and member[pid] else not_counted
            target.setdefault(pid, {})[kind] = _money(amount)
    total = ctx.h("asp_total_income")
    lines.append(ctx.t("income.text", month=ctx.month, first=first, last=last, total=ctx.n(total)))
    for pid, kinds_amounts in by_person.items():
        lines.extend(
            ctx.t("income.line", person=pid, kind=_kind_label(ctx.tbs, kind, ctx.lang), amount=ctx.n(amount))
            for kind, amount in kinds_amounts.items()
        )
    for pid, kinds_amounts in not_counted.items():
        if not member[pid]:
            lines.append(ctx.t("income.not_member", person=pid, amount=ctx.n(sum(kinds_amounts.values()))))
    excluded_kinds = sorted({k for pid, ks in not_counted.items() if member[pid] for k in ks})
    if excluded_kinds:
        lines.append(
            ctx.t(
                "income.not_counted",
                month=ctx.month,
                kinds="; ".join(_kind_label(ctx.tbs, k, ctx.lang) for k in excluded_kinds),
            )
        )
    if not by_person and not not_counted:
        lines.append(ctx.t("income.none"))
    ctx.step(
        "income",
        lines,
        {
            "quarter": {"first": first, "last": last},
            "total": _money(total),
            "by_person": by_person,
            "not_counted": not_counted,
            "not_counted_kinds": [k for k in kinds if k == "excluded_income" or not counted_node[k]],
        },
        [f"asp.income.counted.{k}" for k in excluded_kinds if k != "excluded_income"],
        ["law246.a1.sp3", "law246.a6", "code224.a127.p2"],
    )


def _per_capita(ctx: _Context) -> None:
    total, size, per_capita = ctx.h("asp_total_income"), ctx.h("household_size"), ctx.h("per_capita_income")
    if size > 0:
        line = ctx.t("per_capita.text", total=ctx.n(total), size=size, per_capita=ctx.n(per_capita))
    else:
        line = ctx.t("per_capita.empty")
    values = {"total": _money(total), "size": size, "per_capita": _money(per_capita)}
    ctx.step("per_capita", [line], values, [], ["law246.a1.sp2", "code224.a127.p2"])


def _poverty_line(ctx: _Context) -> None:
    source = _line_source(ctx)
    region = ctx.h("region")
    line, per_capita = ctx.h("poverty_line"), ctx.h("per_capita_income")
    p = ctx.tbs.parameters(ctx.period)
    values: dict[str, Any] = {"line": _money(line), "source": source, "region": region}
    parameters: list[str] = []
    lines = []
    region_label = enum_label("Region", region, ctx.lang)
    if source == "input":
        lines.append(ctx.t("poverty_line.input", line=ctx.n(line)))
    elif source == "published":
        lines.append(ctx.t("poverty_line.published", region=region_label, month=ctx.month, line=ctx.n(line)))
        parameters.append(f"asp.poverty_line.published.{region}")
    else:
        rate, minimum = p.asp.poverty_line.rate, p.general.subsistence_minimum
        floor = float(np.floor(rate * minimum + 0.5 + 1e-9))
        values.update({"rate": rate, "subsistence_minimum": minimum, "floor": floor})
        lines.append(
            ctx.t(
                "poverty_line.national",
                region=region_label,
                rate=ctx.n(rate),
                minimum=ctx.n(minimum),
                floor=ctx.n(floor),
            )
        )
        parameters += [
            "asp.poverty_line.rate",
            "general.subsistence_minimum",
            f"asp.poverty_line.published.{region}",
        ]
        median_rate = p.asp.poverty_line.median_rate
        if median_rate > 0:
            median = ctx.h("median_income")
            values.update({"median_rate": median_rate, "median_income": median})
            lines.append(
                ctx.t(
                    "poverty_line.median",
                    median_rate=ctx.n(median_rate),
                    median=ctx.n(median),
                    median_line=ctx.n(median_rate * median),
                    line=ctx.n(line),
                )
            )
            parameters.append("asp.poverty_line.median_rate")
    low = bool(ctx.h("is_low_income"))
    values["is_low_income"] = low
    key = "poverty_line.low_income" if low else "poverty_line.not_low_income"
    lines.append(ctx.t(key, per_capita=ctx.n(per_capita), line=ctx.n(line)))
    ctx.step(
        "poverty_line",
        lines,
        values,
        parameters,
        ["law246.a1.sp3-1", "law246.a2.p1-1", "law246.a2.p1-2", "law246.a1.sp5-2", "order160.p1"],
    )


def _type(ctx: _Context) -> None:
    able = ctx.p("is_able_bodied")
    member = ctx.p("is_family_member")
    able_members = [pid for pid, yes in able.items() if yes and member[pid]]
    reason, asp_type = ctx.h("asp_ineligibility_reason"), ctx.h("asp_type")
    p = ctx.tbs.parameters(ctx.period).asp.eligibility
    lines = []
    if able_members:
        lines.append(
            ctx.t("type.able_bodied", min_age=p.able_bodied_min_age, persons=", ".join(able_members))
        )
    else:
        lines.append(ctx.t("type.none_able_bodied"))
    carer = bool(ctx.h("only_able_bodied_member_is_caregiver"))
    if reason != "none":
        lines.append(ctx.t("type.barred", reason=enum_label("IneligibilityReason", reason, ctx.lang)))
    elif not able_members:
        lines.append(ctx.t("type.unconditional_no_able"))
    elif carer:
        lines.append(ctx.t("type.unconditional_carer", threshold=p.caregiver_child_max_age))
    else:
        lines.append(ctx.t("type.conditional"))
    lines.append(ctx.t("type.result", type=enum_label("AspType", asp_type, ctx.lang)))
    ctx.step(
        "type",
        lines,
        {
            "able_bodied_members": able_members,
            "nb_able_bodied_members": ctx.h("nb_able_bodied_members"),
            "only_able_bodied_member_is_caregiver": carer,
            "qualifies_for_unconditional_assistance": bool(ctx.h("qualifies_for_unconditional_assistance")),
            "asp_type": asp_type,
            "reason": reason,
        },
        [
            "asp.eligibility.able_bodied_min_age",
            "asp.eligibility.caregiver_child_max_age",
            "general.pension_age.women",
            "general.pension_age.men",
        ],
        ["law246.a1.sp1-4", "law246.a2.p2", "law246.a2.p4", "law246.a2.p5", "law246.a2.p6"],
    )


def _amount(ctx: _Context) -> None:
    amounts = ctx.p("asp_person_amount")
    amount, line, per_capita = ctx.h("asp_amount"), ctx.h("poverty_line"), ctx.h("per_capita_income")
    size = ctx.h("household_size")
    gap = max(line - per_capita, 0.0)
    lines = []
    if ctx.h("asp_type") == "none":
        lines.append(ctx.t("amount.none"))
    else:
        lines.append(
            ctx.t(
                "amount.text",
                line=ctx.n(line),
                per_capita=ctx.n(per_capita),
                gap=ctx.n(gap),
                size=size,
                amount=ctx.n(amount),
            )
        )
        if ctx.tbs.parameters(ctx.period).asp.amount.child_receives_full_line:
            children = [
                pid for pid, yes in ctx.p("is_child_for_2019_rule").items() if yes and amounts[pid] > 0
            ]
            lines.append(ctx.t("amount.child_rule", children=", ".join(children) or "—"))
        lines.extend(
            ctx.t("amount.person", person=pid, amount=ctx.n(a)) for pid, a in amounts.items() if a > 0
        )
    ctx.step(
        "amount",
        lines,
        {
            "gap": _money(gap),
            "size": size,
            "by_person": {k: _money(v) for k, v in amounts.items()},
            "amount": _money(amount),
        },
        ["asp.amount.child_receives_full_line"],
        ["law246.a7", "law246.a4.p1", "asp.amount.child_rule_2019"],
    )


def _child_supplement(ctx: _Context) -> None:
    supplement = ctx.h("asp_child_supplement")
    p = ctx.tbs.parameters(ctx.period)
    values: dict[str, Any] = {"supplement": _money(supplement), "total": _money(ctx.h("asp_total"))}
    if ctx.month < "2023-01":
        lines = [ctx.t("child_supplement.before")]
    elif ctx.h("asp_type") == "none":
        lines = [ctx.t("child_supplement.none")]
    else:
        children = [pid for pid, yes in ctx.p("is_child_for_supplement").items() if yes]
        cs = p.asp.child_supplement
        values["children"] = children
        lines = [
            ctx.t(
                "child_supplement.text",
                children=len(children),
                age_from=cs.age_from,
                age_to=cs.age_to,
                rate=ctx.n(cs.amount_mrp),
                mrp=ctx.n(p.general.mrp),
                supplement=ctx.n(supplement),
            ),
            ctx.t("child_supplement.total", total=ctx.n(ctx.h("asp_total"))),
        ]
    ctx.step(
        "child_supplement",
        lines,
        values,
        [
            "asp.child_supplement.amount_mrp",
            "general.mrp",
            "asp.child_supplement.age_from",
            "asp.child_supplement.age_to",
        ],
        ["asp.child_supplement"],
    )


def _gsp(ctx: _Context) -> None:
    preschool, school = ctx.h("gsp_preschool_children"), ctx.h("gsp_school_children")
    if ctx.month < "2020-01":
        line = ctx.t("gsp.before")
    elif ctx.h("asp_type") == "none":
        line = ctx.t("gsp.none")
    else:
        line = ctx.t("gsp.text", preschool=preschool, school=school)
    ctx.step(
        "gsp",
        [line],
        {"preschool": preschool, "school": school},
        ["asp.gsp.in_force", "asp.gsp.preschool_in_kind"],
        ["law246.a2.p7"],
    )


def _months(ctx: _Context) -> None:
    months, asp_type = ctx.h("asp_assignment_months"), ctx.h("asp_type")
    contract = ctx.tbs.parameters(ctx.period).asp.duration.social_contract_months
    if asp_type == "none":
        line = ctx.t("months.none")
    elif asp_type == "conditional" and contract > 0:
        line = ctx.t("months.contract", months=months)
    else:
        line = ctx.t("months.quarter", months=months, month=ctx.month)
    ctx.step(
        "months",
        [line],
        {"months": months},
        ["asp.duration.social_contract_months"],
        ["law246.a4.p11"],
    )


__all__ = ["explain", "fmt", "parameter_info", "system_with_reform"]
