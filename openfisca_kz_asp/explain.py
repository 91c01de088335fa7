"""Explain one family's ASP for one month: the ordered steps of the decision, in kk/ru/en.

THE one way to explain a result (the web API's ``/explain``, the ``calculate`` command). The
explanation is derived from the computation, not kept beside it:

* each step of :data:`STEPS` declares the variables it explains and writes its sentences;
* the simulation runs with OpenFisca's tracer on, and every number a sentence shows is the value a
  variable took (the intermediate numbers are variables too: ``asp_income_gap``,
  ``poverty_line_minimum_branch``, ``nb_children_for_supplement``, ``family_exclusion_reason`` …);
* the parameters of a step are those its variables' formulas read in the trace, with the value
  they read (so a reform's value shows) and the legal reference of that value;
* the provisions of a step are its variables' ``reference`` ids, cited as on the month
  (:mod:`openfisca_kz_asp.provisions.citations`: the Social Code from 1 July 2023, not the
  repealed Law 246-II).

A step cannot cite a provision or show a parameter that its variables do not use, so the
explanation cannot drift from the rules. Steps: family → income of the reference quarter →
per-capita income → poverty line → type → amount → child supplement → guaranteed social package
→ months assigned.
"""

from __future__ import annotations

import copy
import functools
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from openfisca_core.parameters import Parameter
from openfisca_core.periods import Period
from openfisca_core.periods import period as make_period
from openfisca_core.simulations import Simulation
from openfisca_core.taxbenefitsystems import TaxBenefitSystem
from openfisca_core.tracers import TraceNode

from openfisca_kz_asp.contract.languages import format_number as fmt
from openfisca_kz_asp.contract.periods import MONTH_PATTERN, coverage_window, in_coverage
from openfisca_kz_asp.enums import PovertyLineBasis, Region
from openfisca_kz_asp.formula_helpers import reference_quarter
from openfisca_kz_asp.i18n import enum_label, label
from openfisca_kz_asp.i18n_texts import LANGUAGES, text
from openfisca_kz_asp.provisions.citations import (
    LAW_246_LAST_DAY,
    cite,
    cite_all,
    repealed_on,
    split_confidence,
)
from openfisca_kz_asp.reference_titles import reference_title
from openfisca_kz_asp.reform_registry import UnknownReformError, system_with_reform
from openfisca_kz_asp.situations import SituationError, build_simulation, validate_situation
from openfisca_kz_asp.subsistence_minimum import published_points, table

REGIONS = frozenset(region.name for region in Region)

#: The provision that gives the outcome, by type of assistance or by reason for none (register ids,
#: cited as on the month): the page names the test it exports after it.
DECISIVE: dict[str, str] = {
    "unconditional": "law246.a2.p4",
    "unconditional_carer": "law246.a2.p4.sp2",
    "conditional": "law246.a2.p5",
    "no_family_members": "law246.a4.p1",
    "not_low_income": "law246.a2.p2.sp1",
    "refused_employment_measures": "law246.a2.p2.sp2",
    "social_contract_terminated": "law246.a2.p2.sp3",
    "false_information": "law246.a2.p2.sp4",
    "commission_found_not_in_need": "law246.a2.p2.sp5",
    "refused_material_survey": "code224.a128.sp2",
    "non_mortgage_loan": "asp.loan_practice_2025",
    "no_social_contract": "law246.a4.p10",
}


def _kind_label(tbs: TaxBenefitSystem, kind: str, lang: str) -> str:
    """An income kind's label without its unit: "Wages (KZT a month)" → "Wages"."""
    return re.sub(r"\s*\([^()]*\)$", "", label(tbs, kind, lang))


def _plain(value: Any) -> Any:
    """A numpy scalar as a Python one; bytes and enums as text."""
    if isinstance(value, np.generic):
        return value.item()
    return value


def _reference(
    metadata: dict[str, Any] | None, lang: str, name: str, at: Any
) -> tuple[dict[str, str] | None, str | None]:
    """A parameter value's reference {title, href} without a confidence tag, and its confidence; the
    title in ``lang`` (:func:`openfisca_kz_asp.reference_titles.reference_title`)."""
    metadata = metadata or {}
    reference = metadata.get("reference")
    if isinstance(reference, str):
        reference = {"title": reference, "href": reference if reference.startswith("http") else ""}
    if not isinstance(reference, dict):
        return None, metadata.get("confidence")
    _, tag = split_confidence(str(reference.get("title") or ""))
    shown = reference_title(reference, lang, parameter=name, instant=at.instant_str, value=at.value)
    title, _ = split_confidence(shown)
    return {"title": title, "href": str(reference.get("href") or "")}, metadata.get("confidence") or tag


def parameter_info(
    tbs: TaxBenefitSystem, name: str, period: Period, lang: str, value: Any = None, *, at: str | None = None
) -> dict[str, Any]:
    """The parameter ``name`` as used in ``period``: label, value, since when, and its legal reference.

    ``value`` is the value a formula read (from the trace); by default, the one in force. The
    reference is the value's own source; when that source is an act repealed by ``period`` (Law
    246-II after 30 June 2023) it is the citation, as on the month, of the provisions the parameter
    implements, and the act that set the value is kept as ``set_by``.
    """
    node = functools.reduce(getattr, name.split("."), tbs.parameters)
    instant = at or str(period.start)
    metadata = node.metadata or {}
    info: dict[str, Any] = {
        "name": name,
        "label": metadata.get(f"label_{lang}") or metadata.get("label_en") or node.description or name,
        "value": value,
        "since": None,
        "reference": None,
    }
    if not isinstance(node, Parameter):
        return info
    in_force = next((v for v in node.values_list if v.instant_str <= instant), None)
    if in_force is None:
        return info
    reference, confidence = _reference(in_force.metadata, lang, name, in_force)
    info["since"] = in_force.instant_str
    if value is None:
        info["value"] = in_force.value
    provisions = _parameter_provisions(tbs, name)
    if reference and _set_under_repealed_law(reference, in_force.instant_str, instant, provisions):
        citations = cite_all(provisions, instant, lang)
        if citations:
            info["set_by"] = reference
            reference = {"title": "; ".join(c.title for c in citations), "href": citations[0].href}
    info["reference"] = reference
    if confidence:
        info["confidence"] = confidence
    return info


def _set_under_repealed_law(
    reference: dict[str, str], since: str, instant: str, provisions: list[str]
) -> bool:
    """Whether a value in force on ``instant`` was set under Law 246-II, which no longer applies then.

    Its reference names the Law (or a law amending it) while the rule now comes from the Social
    Code: such a value is cited by the provisions it implements, as on ``instant``.
    """
    if repealed_on(reference["href"], instant):
        return True
    return instant > LAW_246_LAST_DAY >= since and any(p.startswith("law246") for p in provisions)


def _parameter_provisions(tbs: TaxBenefitSystem, name: str) -> list[str]:
    """A parameter's provisions: the leaf's own, else those of the nearest node above it."""
    parts = name.split(".")
    for depth in range(len(parts), 0, -1):
        node = functools.reduce(getattr, parts[:depth], tbs.parameters)
        provisions = (node.metadata or {}).get("provisions")
        if provisions:
            return list(provisions)
    return []


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
    nodes: dict[tuple[str, str], TraceNode] = field(default_factory=dict)
    excluded_kinds: list[str] = field(default_factory=list)  # income kinds of the family left out

    def h(self, name: str, period: Period | None = None) -> Any:
        """The household's value of ``name`` for the month (enums as their names)."""
        values = self.sim.calculate(name, period or self.period)
        if hasattr(values, "decode_to_str"):
            return str(values.decode_to_str()[self.index])
        return _plain(values[self.index])

    def p(self, name: str, period: Period | None = None, *, add: bool = False) -> dict[str, Any]:
        """Each member's value of ``name`` (summed over ``period`` with ``add``)."""
        when = period or self.period
        values = self.sim.calculate_add(name, when) if add else self.sim.calculate(name, when)
        if hasattr(values, "decode_to_str"):
            values = values.decode_to_str()
        return {pid: _plain(values[i]) for i, pid in self.members}

    def value(self, name: str) -> Any:
        """A variable's value for the month: the household's, or each member's by id."""
        entity = self.tbs.variables[name].entity.key
        return self.h(name) if entity == "household" else self.p(name)

    def t(self, key: str, **params: object) -> str:
        return text(f"explain.{key}", self.lang, **params)

    def n(self, value: float) -> str:
        return fmt(value, self.lang)

    def used(self, variables: tuple[str, ...]) -> list[tuple[str, Any]]:
        """The parameters read by the formulas of ``variables`` this month, with the value read."""
        seen: dict[str, Any] = {}
        region = self.h("region")
        for variable in variables:
            node = self.nodes.get((variable, self.month))
            for access in node.parameters if node is not None else []:
                last = access.name.rsplit(".", 1)[-1]
                if last in REGIONS and last != region:
                    continue  # a table by region: only the family's region is the family's rule
                value = access.value
                if isinstance(value, np.ndarray):
                    if value.size != self.sim.household.count:
                        continue
                    value = value[self.index]
                seen.setdefault(access.name, _plain(value))
        return list(seen.items())

    def param(self, name: str, default: Any = None) -> Any:
        """The value of parameter ``name`` that the formulas read this month (else the one in force).

        ``default`` when the parameter does not exist in this system.
        """
        for node in self.nodes.values():
            if str(node.period) == self.month:
                for access in node.parameters:
                    if access.name == name and not isinstance(access.value, np.ndarray):
                        return _plain(access.value)
        try:
            return functools.reduce(getattr, name.split("."), self.tbs.parameters(self.period))
        except (AttributeError, KeyError, ValueError):
            if default is not None:
                return default
            raise

    def has_formula(self, name: str) -> bool:
        """Whether ``name`` has a formula this month (a rule that did not exist yet has none)."""
        return self.tbs.variables[name].get_formula(self.period) is not None


StepLines = tuple[list[str], dict[str, Any]]


@dataclass(frozen=True)
class Step:
    """One step of the decision: the variables it explains and how it says them."""

    key: str
    variables: tuple[str, ...]
    sentences: Callable[[_Context], StepLines]
    #: Which parameters the step shows; by default all but the rules switched off (a ``false`` switch).
    keep_parameter: Callable[[_Context, str, Any], bool] = lambda _ctx, _name, value: value is not False
    extra_parameters: Callable[[_Context], list[dict[str, Any]]] = lambda _ctx: []

    def run(self, ctx: _Context) -> dict[str, Any]:
        lines, extra = self.sentences(ctx)
        lines = [line for line in lines if line]
        values = {name: _json_value(ctx.value(name)) for name in self.variables}
        values.update(extra)
        parameters = [
            parameter_info(ctx.tbs, name, ctx.period, ctx.lang, value)
            for name, value in ctx.used(self.variables)
            if self.keep_parameter(ctx, name, value)
        ]
        parameters.extend(self.extra_parameters(ctx))
        references = [ref for name in self.variables for ref in ctx.tbs.variables[name].reference or ()]
        provisions = [c.as_dict() for c in cite_all(references, ctx.period, ctx.lang)]
        return {
            "key": self.key,
            "title": ctx.t(f"{self.key}.title"),
            "text": " ".join(lines),
            "lines": lines,
            "values": values,
            "parameters": parameters,
            "provisions": provisions,
        }


def _json_value(value: Any) -> Any:
    if isinstance(value, float):
        return round(value, 2)
    if isinstance(value, dict):
        return {k: _json_value(v) for k, v in value.items()}
    return value


def _money(value: float) -> float:
    return round(float(value), 2)


# ---------- the steps ----------


def _family(ctx: _Context) -> StepLines:
    counted = ctx.p("is_family_member")
    reasons = ctx.p("family_exclusion_reason")
    members = [pid for pid, yes in counted.items() if yes]
    lines = [
        ctx.t(
            "family.text",
            counted=len(members),
            listed=len(counted),
            members=", ".join(members) or ctx.t("family.nobody"),
        )
    ]
    not_counted = {}
    student_max_age = ctx.param("asp.family.student_max_age")
    for pid, reason in reasons.items():
        if reason == "none":
            continue
        not_counted[pid] = ctx.t(f"family.reason_{reason}", student_max_age=student_max_age)
        lines.append(ctx.t("family.not_counted", person=pid, reason=not_counted[pid]))
    return lines, {
        "listed": len(counted),
        "counted": len(members),
        "members": members,
        "not_counted": not_counted,
    }


def _income(ctx: _Context) -> StepLines:
    quarter = reference_quarter(ctx.period)
    first = str(quarter.start)[:7]
    last = f"{quarter.stop.year:04d}-{quarter.stop.month:02d}"
    # Which kinds count: as the formula read them (the trace), else as in force (a kind nobody has).
    node = ctx.tbs.parameters(ctx.period).asp.income.counted
    counted_rule = {kind: bool(node[kind]) for kind in node}
    read = ctx.used(("asp_person_countable_income",))
    counted_rule.update({name.rsplit(".", 1)[-1]: bool(value) for name, value in read})
    kinds = [*counted_rule, "excluded_income"]
    member = ctx.p("is_family_member")
    by_person: dict[str, dict[str, float]] = {}
    not_counted: dict[str, dict[str, float]] = {}
    for kind in kinds:
        for pid, amount in ctx.p(kind, quarter, add=True).items():
            if amount > 0:
                target = by_person if counted_rule.get(kind, False) and member[pid] else not_counted
                target.setdefault(pid, {})[kind] = _money(amount)
    total = ctx.h("asp_total_income")
    lines = [ctx.t("income.text", month=ctx.month, first=first, last=last, total=ctx.n(total))]
    for pid, amounts in by_person.items():
        lines.extend(
            ctx.t("income.line", person=pid, kind=_kind_label(ctx.tbs, kind, ctx.lang), amount=ctx.n(amount))
            for kind, amount in amounts.items()
        )
    countable = ctx.p("asp_person_countable_income")  # each person's countable income of the quarter
    for pid in not_counted:
        if not member[pid] and countable[pid] > 0:
            lines.append(ctx.t("income.not_member", person=pid, amount=ctx.n(countable[pid])))
    excluded = sorted({k for pid, ks in not_counted.items() if member[pid] for k in ks})
    if excluded:
        names = "; ".join(_kind_label(ctx.tbs, k, ctx.lang) for k in excluded)
        lines.append(ctx.t("income.not_counted", month=ctx.month, kinds=names))
    if not by_person and not not_counted:
        lines.append(ctx.t("income.none"))
    ctx.excluded_kinds = excluded
    return lines, {
        "quarter": {"first": first, "last": last},
        "total": _money(total),
        "by_person": by_person,
        "not_counted": not_counted,
        "not_counted_kinds": [k for k in kinds if not counted_rule.get(k, False)],
    }


def _income_parameter(ctx: _Context, name: str, _value: Any) -> bool:
    """Of the income rules, show those that left out an income the family has."""
    return name.rsplit(".", 1)[-1] in ctx.excluded_kinds


def _per_capita(ctx: _Context) -> StepLines:
    total, size, per_capita = ctx.h("asp_total_income"), ctx.h("household_size"), ctx.h("per_capita_income")
    if size > 0:
        line = ctx.t("per_capita.text", total=ctx.n(total), size=size, per_capita=ctx.n(per_capita))
    else:
        line = ctx.t("per_capita.empty")
    return [line], {"total": _money(total), "size": size, "per_capita": _money(per_capita)}


POVERTY_LINE_VARIABLES = (
    "poverty_line_basis",
    "published_poverty_line",
    "subsistence_minimum_statistical_quarter",
    "poverty_line_minimum_branch",
    "poverty_line_median_branch",
    "poverty_line",
    "is_low_income",
)


def _quarter_words(ctx: _Context, quarter: Period) -> str:
    number = (quarter.start.month - 1) // 3
    return ctx.t("quarter", q=number + 1, year=quarter.start.year)


def _minimum_sources(ctx: _Context) -> list[dict[str, Any]]:
    """The published statistical minima of the region for the reference quarter (the line's source)."""
    points = published_points(ctx.tbs.parameters, ctx.h("region"), reference_quarter(ctx.period).start)
    return [
        parameter_info(ctx.tbs, name, ctx.period, ctx.lang, at.value, at=at.instant_str)
        for name, at in points
    ]


def _line_given(ctx: _Context) -> bool:
    """Whether the family gave its poverty line for the month (as an input)."""
    group = ctx.situation["households"][ctx.household]
    given = group.get("poverty_line") if isinstance(group, dict) else None
    return isinstance(given, dict) and given.get(ctx.month) is not None


def _minimum_rung(ctx: _Context) -> str:
    """How the region's subsistence minimum of the reference quarter was obtained (published or estimated)."""

    minimums = table(ctx.tbs.parameters)
    quarter = reference_quarter(ctx.period)
    column = minimums.quarter_column(f"{quarter.start.year:04d}-{quarter.start.month:02d}")
    row = minimums.regions.index(ctx.h("region"))
    return list(PovertyLineBasis)[int(minimums.quarterly_basis[row, column])].name


def _line_by_rule(
    ctx: _Context, basis: str, values: dict[str, Any], lines: list[str]
) -> dict[str, Any] | None:
    """The rule: rate × the region's minimum of the reference quarter; from 2025 at least 35% of the
    median income (basis ``input`` here: the median income the family gave is the larger). Returns
    the line's source."""
    region_label = enum_label("Region", ctx.h("region"), ctx.lang)
    quarter = _quarter_words(ctx, reference_quarter(ctx.period))
    rung = basis if basis != "input" else _minimum_rung(ctx)
    minimum = ctx.h("subsistence_minimum_statistical_quarter")
    by_minimum = ctx.h("poverty_line_minimum_branch")
    rate = ctx.param("asp.poverty_line.rate")
    values.update({"rate": rate, "subsistence_minimum": _money(minimum), "line_by_minimum": by_minimum})
    values["estimate"] = rung in ("estimated", "projected") and basis != "input"
    words = {"rate": ctx.n(rate), "region": region_label, "quarter": quarter}
    unknown_region = ctx.h("region") == "unknown"
    key = "poverty_line.minimum_national" if unknown_region else "poverty_line.minimum"
    lines.append(ctx.t(key, **words, minimum=ctx.n(minimum), line=ctx.n(by_minimum)))
    if unknown_region:  # the national minimum stands in for the family's region: an estimate
        lines.append(ctx.t("poverty_line.basis_unknown_region"))
        rung = "projected" if rung == "projected" else "unknown_region"
    source: dict[str, Any] | None
    if rung == "unknown_region":
        reference = ctx.tbs.variables["subsistence_minimum_statistical"].reference or ()
        href = next((r for r in reference if str(r).startswith("http")), None)
        source = {"title": ctx.t("poverty_line.source_estimate"), "href": href}
    elif rung == "regional_minimum":
        lines.append(ctx.t("poverty_line.basis_regional_minimum"))
        values["sources"] = [s["reference"] for s in _minimum_sources(ctx) if s["reference"]]
        titles = "; ".join(ref["title"] for ref in values["sources"])
        source = {"title": titles, "href": values["sources"][0]["href"]} if titles else None
    else:
        last = table(ctx.tbs.parameters).national_last_published
        lines.append(ctx.t(f"poverty_line.basis_{rung}", region=region_label, quarter=quarter, last=last))
        reference = ctx.tbs.variables["subsistence_minimum_statistical"].reference or ()
        href = next((r for r in reference if str(r).startswith("http")), None)
        source = {"title": ctx.t("poverty_line.source_estimate"), "href": href}
    median_rate = ctx.param("asp.poverty_line.median_rate")
    if median_rate:
        median = ctx.h("median_income")
        values.update({"median_rate": median_rate, "median_income": _money(median)})
        if median > 0:
            median_line = ctx.n(ctx.h("poverty_line_median_branch"))
            line = ctx.n(ctx.h("poverty_line"))
            rule = {"median_rate": ctx.n(median_rate), "median": ctx.n(median)}
            lines.append(ctx.t("poverty_line.median", **rule, median_line=median_line, line=line))
        else:
            lines.append(ctx.t("poverty_line.median_unknown", median_rate=ctx.n(median_rate)))
    if basis == "input":  # the median income given decided the line
        source = {"title": ctx.t("poverty_line.source_median"), "href": None}
    return source


def _poverty_line(ctx: _Context) -> StepLines:
    """The line, its basis in words (an estimate said as such) and its source (issue 8)."""
    basis = ctx.h("poverty_line_basis")
    region = ctx.h("region")
    line, per_capita = ctx.h("poverty_line"), ctx.h("per_capita_income")
    values: dict[str, Any] = {
        "line": _money(line),
        "basis": basis,
        "basis_label": enum_label("PovertyLineBasis", basis, ctx.lang),
        "region": region,
        "estimate": False,
    }
    lines: list[str] = []
    source: dict[str, Any] | None
    if basis == "input" and _line_given(ctx):
        lines.append(ctx.t("poverty_line.input", line=ctx.n(line)))
        source = {"title": ctx.t("poverty_line.source_input"), "href": None}
    elif basis == "published":
        region_label = enum_label("Region", region, ctx.lang)
        lines.append(ctx.t("poverty_line.published", region=region_label, month=ctx.month, line=ctx.n(line)))
        name = f"asp.poverty_line.published.{region}"
        source = parameter_info(ctx.tbs, name, ctx.period, ctx.lang)["reference"]
    elif basis == "national_2019":
        lines.append(ctx.t("poverty_line.national_2019", line=ctx.n(line)))
        name = "asp.poverty_line.national_single_line"
        source = parameter_info(ctx.tbs, name, ctx.period, ctx.lang)["reference"]
    else:
        source = _line_by_rule(ctx, basis, values, lines)
    values["source"] = source
    if source and source.get("title"):
        lines.append(ctx.t("poverty_line.source", source=source["title"]))
    low_income = ctx.h("is_low_income")
    if _refuses_only_above_the_line(ctx):  # Social Code Art. 128 sp.1: "exceeds"
        key = "poverty_line.not_above" if low_income else "poverty_line.above"
    else:  # Law 246-II Art. 1 sp.5-2: "below"
        key = "poverty_line.low_income" if low_income else "poverty_line.not_low_income"
    lines.append(ctx.t(key, per_capita=ctx.n(per_capita), line=ctx.n(line)))
    return lines, values


def _refuses_only_above_the_line(ctx: _Context) -> bool:
    """Whether the month's rule refuses only income that exceeds the line (the Social Code, from July
    2023), not income at it too (Law 246-II): the value ``is_low_income`` read, as in the trace."""
    return bool(ctx.param("asp.eligibility.income_at_line_is_low_income", default=False))


def _reason_label(ctx: _Context, reason: str) -> str:
    """The reason for no ASP in words; the income ground worded as the month's rule words it."""
    if reason == "not_low_income":
        above = _refuses_only_above_the_line(ctx)
        return ctx.t("poverty_line.reason_above" if above else "poverty_line.reason_not_below")
    return enum_label("IneligibilityReason", reason, ctx.lang)


def _poverty_line_parameter(ctx: _Context, name: str, value: Any) -> bool:
    """Show the parameters of the rule that gave the line, not the sentinels of the other rules."""
    basis = ctx.h("poverty_line_basis")
    if name.startswith("asp.poverty_line.published."):
        return basis == "published"
    if name == "asp.poverty_line.national_single_line":
        return basis == "national_2019"
    by_rule = basis in ("regional_minimum", "estimated", "projected") or (
        basis == "input" and not _line_given(ctx)
    )
    if name in ("asp.poverty_line.median_rate", "asp.poverty_line.rate"):
        return bool(value) and by_rule
    return True


def _poverty_line_sources(ctx: _Context) -> list[dict[str, Any]]:
    """The published minima the line rests on, as parameters with their sources."""
    basis = ctx.h("poverty_line_basis")
    if basis == "regional_minimum" or (basis == "input" and not _line_given(ctx)):
        return _minimum_sources(ctx)
    return []


def _type(ctx: _Context) -> StepLines:
    able = ctx.p("is_able_bodied")
    member = ctx.p("is_family_member")
    able_members = [pid for pid, yes in able.items() if yes and member[pid]]
    reason, asp_type = ctx.h("asp_ineligibility_reason"), ctx.h("asp_type")
    lines = []
    if able_members:
        min_age = ctx.param("asp.eligibility.able_bodied_min_age")
        lines.append(ctx.t("type.able_bodied", min_age=min_age, persons=", ".join(able_members)))
    else:
        lines.append(ctx.t("type.none_able_bodied"))
    carer = bool(ctx.h("only_able_bodied_member_is_caregiver"))
    if reason != "none":
        lines.append(ctx.t("type.barred", reason=_reason_label(ctx, reason)))
    elif not able_members:
        lines.append(ctx.t("type.unconditional_no_able"))
    elif carer:
        threshold = ctx.param("asp.eligibility.caregiver_child_max_age")
        lines.append(ctx.t("type.unconditional_carer", threshold=threshold))
    else:
        lines.append(ctx.t("type.conditional"))
    lines.append(ctx.t("type.result", type=enum_label("AspType", asp_type, ctx.lang)))
    return lines, {"able_bodied_members": able_members, "reason": reason}


def _amount(ctx: _Context) -> StepLines:
    amounts = ctx.p("asp_person_amount")
    lines = []
    if ctx.h("asp_type") == "none":
        lines.append(ctx.t("amount.none"))
    else:
        lines.append(
            ctx.t(
                "amount.text",
                line=ctx.n(ctx.h("poverty_line")),
                per_capita=ctx.n(ctx.h("per_capita_income")),
                gap=ctx.n(ctx.h("asp_income_gap")),
                size=ctx.h("household_size"),
                amount=ctx.n(ctx.h("asp_amount")),
            )
        )
        if ctx.param("asp.amount.child_receives_full_line"):
            full_line = ctx.p("is_child_for_2019_rule")
            children = [pid for pid, yes in full_line.items() if yes and amounts[pid] > 0]
            lines.append(ctx.t("amount.child_rule", children=", ".join(children) or "—"))
        if ctx.param("asp.amount.rounded_to_tenge", default=False):
            lines.append(ctx.t("amount.rounded"))
        lines.extend(
            ctx.t("amount.person", person=pid, amount=ctx.n(a)) for pid, a in amounts.items() if a > 0
        )
    return lines, {
        "gap": _money(ctx.h("asp_income_gap")),
        "size": ctx.h("household_size"),
        "by_person": {k: _money(v) for k, v in amounts.items()},
        "amount": _money(ctx.h("asp_amount")),
    }


def _child_supplement(ctx: _Context) -> StepLines:
    supplement, total = ctx.h("asp_child_supplement"), ctx.h("asp_total")
    values: dict[str, Any] = {"supplement": _money(supplement), "total": _money(total)}
    if not ctx.has_formula("asp_child_supplement"):
        return [ctx.t("child_supplement.before")], values
    if ctx.h("asp_type") == "none":
        return [ctx.t("child_supplement.none")], values
    children = [pid for pid, yes in ctx.p("is_child_for_supplement").items() if yes]
    values["children"] = children
    lines = [
        ctx.t(
            "child_supplement.text",
            children=ctx.h("nb_children_for_supplement"),
            age_from=ctx.param("asp.child_supplement.age_from"),
            age_to=ctx.param("asp.child_supplement.age_to"),
            rate=ctx.n(ctx.param("asp.child_supplement.amount_mrp")),
            mrp=ctx.n(ctx.param("general.mrp")),
            supplement=ctx.n(supplement),
        ),
        ctx.t("child_supplement.total", total=ctx.n(total)),
    ]
    return lines, values


def _gsp(ctx: _Context) -> StepLines:
    preschool, school = ctx.h("gsp_preschool_children"), ctx.h("gsp_school_children")
    if not ctx.has_formula("gsp_school_children"):
        line = ctx.t("gsp.before")
    elif ctx.h("asp_type") == "none":
        line = ctx.t("gsp.none")
    else:
        line = ctx.t("gsp.text", preschool=preschool, school=school)
    return [line], {"preschool": preschool, "school": school}


def _months(ctx: _Context) -> StepLines:
    months, asp_type = ctx.h("asp_assignment_months"), ctx.h("asp_type")
    prolonged = ctx.h("asp_automatic_prolongation_months")
    if asp_type == "none":
        line = ctx.t("months.none")
    elif asp_type == "conditional" and ctx.param("asp.duration.social_contract_months"):
        line = ctx.t("months.contract", months=months)
    elif prolonged > 0:  # Q2 2020 - Q2 2021 and Q1 2022: the quarters ran on without re-application
        last = ctx.period.offset(months - 1, "month")
        line = ctx.t(
            "months.prolonged",
            months=months,
            month=ctx.month,
            quarter_months=months - prolonged,
            prolonged=prolonged,
            last=f"{last.start.year:04d}-{last.start.month:02d}",
        )
    else:
        line = ctx.t("months.quarter", months=months, month=ctx.month)
    return [line], {"months": months, "prolonged": prolonged}


STEPS: tuple[Step, ...] = (
    Step("family", ("family_exclusion_reason", "is_family_member", "household_size"), _family),
    Step("income", ("asp_person_countable_income", "asp_total_income"), _income, _income_parameter),
    Step("per_capita", ("per_capita_income",), _per_capita),
    Step(
        "poverty_line", POVERTY_LINE_VARIABLES, _poverty_line, _poverty_line_parameter, _poverty_line_sources
    ),
    Step(
        "type",
        (
            "is_able_bodied",
            "nb_able_bodied_members",
            "needs_care_for_unconditional_assistance",
            "only_able_bodied_member_is_caregiver",
            "qualifies_for_unconditional_assistance",
            "asp_ineligibility_reason",
            "asp_type",
        ),
        _type,
    ),
    Step("amount", ("asp_income_gap", "is_child_for_2019_rule", "asp_person_amount", "asp_amount"), _amount),
    Step(
        "child_supplement",
        ("is_child_for_supplement", "nb_children_for_supplement", "asp_child_supplement", "asp_total"),
        _child_supplement,
    ),
    Step("gsp", ("gsp_preschool_children", "gsp_school_children"), _gsp),
    Step("months", ("asp_automatic_prolongation_months", "asp_assignment_months"), _months),
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
    if not in_coverage(period):
        raise _fail("period", "output_out_of_range", lang, window=coverage_window(lang), period=period)
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
    members = [(int(i), str(person_ids[i])) for i in np.flatnonzero(sim.household.members_entity_id == index)]
    month = make_period(period)
    sim.trace = True
    for step in STEPS:  # computed in the order of the steps, so that the trace holds each formula's reads
        for name in step.variables:
            sim.calculate(name, month)
    nodes: dict[tuple[str, str], TraceNode] = {}
    for node in sim.tracer.browse_trace():
        nodes.setdefault((node.name, str(node.period)), node)  # the first call is the one that computed
    ctx = _Context(system, sim, month, period, lang, household, index, members, work, nodes)
    steps = [step.run(ctx) for step in STEPS]
    return {
        "household": household,
        "period": period,
        "lang": lang,
        "reform": reform,
        "result": _result(ctx),
        "steps": steps,
        "warnings": warnings,
    }


def _decisive(ctx: _Context) -> dict[str, Any] | None:
    """The provision that gives the outcome, cited as on the month."""
    reason, asp_type = ctx.h("asp_ineligibility_reason"), ctx.h("asp_type")
    if reason != "none":
        key = reason
    elif asp_type == "unconditional" and ctx.h("only_able_bodied_member_is_caregiver"):
        key = "unconditional_carer"
    else:
        key = asp_type
    pid = DECISIVE.get(key)
    citations = cite(pid, ctx.period, ctx.lang) if pid else []
    return citations[0].as_dict() if citations else None


def _result(ctx: _Context) -> dict[str, Any]:
    asp_type = ctx.h("asp_type")
    reason = ctx.h("asp_ineligibility_reason")
    basis = ctx.h("poverty_line_basis")
    return {
        "eligible": reason == "none",
        "asp_type": asp_type,
        "asp_type_label": enum_label("AspType", asp_type, ctx.lang),
        "reason": reason,
        "reason_label": _reason_label(ctx, reason),
        "provision": _decisive(ctx),
        "household_size": ctx.h("household_size"),
        "asp_total_income": _money(ctx.h("asp_total_income")),
        "per_capita_income": _money(ctx.h("per_capita_income")),
        "poverty_line": _money(ctx.h("poverty_line")),
        "poverty_line_basis": basis,
        "poverty_line_basis_label": enum_label("PovertyLineBasis", basis, ctx.lang),
        "poverty_line_source": basis,
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


__all__ = ["DECISIVE", "STEPS", "Step", "explain", "fmt", "parameter_info", "system_with_reform"]
