"""Validate a situation (the web API's JSON format) and build a simulation from it.

This is THE one way to turn a situation dict into a simulation: the web API, the ``calculate``
command and the explanation all call it. OpenFisca's own ``SimulationBuilder`` accepts some
inputs silently (an age of 30.5, ``true`` as an age, an infinite income, a wrong role name read as
a variable) and answers others with a server error (an output asked for the wrong period). Here
every value is checked first, and every problem is reported with the path of the field, e.g.
``persons/mother/age/2024-03``, in English, Russian or Kazakh.

Inputs that the calculation will not use are reported as warnings, so that nothing the user gave
is dropped without saying so.
"""

from __future__ import annotations

import copy
import datetime
import difflib
import functools
import weakref
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from openfisca_core import periods
from openfisca_core.entities import Role
from openfisca_core.errors import PeriodMismatchError, SituationParsingError
from openfisca_core.periods import DateUnit, Period
from openfisca_core.simulations import Simulation, SimulationBuilder
from openfisca_core.taxbenefitsystems import TaxBenefitSystem
from openfisca_core.variables import Variable

from openfisca_kz_asp.contract import contract_for
from openfisca_kz_asp.contract.completion import complete_computable_inputs, partial_inputs
from openfisca_kz_asp.contract.languages import format_number
from openfisca_kz_asp.contract.model import spreads as _spreads_over_months
from openfisca_kz_asp.contract.periods import coverage_window, in_coverage
from openfisca_kz_asp.contract.periods import month_str as _month_str
from openfisca_kz_asp.contract.periods import months_of as _months_of
from openfisca_kz_asp.contract.periods import parse_period as _parse_period
from openfisca_kz_asp.contract.schema import (
    MAX_AXIS_CELLS,
    MAX_ID_LENGTH,
    MAX_PERSONS,
    axis_problems,
    value_problems,
)
from openfisca_kz_asp.formula_helpers import reference_quarter
from openfisca_kz_asp.i18n_texts import shown as _got
from openfisca_kz_asp.i18n_texts import text

MAX_VALUES = 5000
MAX_OUTPUTS = 500

OutputRequest = tuple[str, str, str, str]


class SituationError(ValueError):
    """A situation that cannot be computed: ``errors`` lists each problem with its path."""

    def __init__(self, errors: list[dict[str, Any]]) -> None:
        self.errors = errors
        super().__init__(str(self))

    def __str__(self) -> str:
        return "\n".join(f"{e['path'] or '(situation)'}: {e['message']}" for e in self.errors)


class _Checker:
    """Collects errors and warnings while walking one situation."""

    def __init__(self, tbs: TaxBenefitSystem, lang: str) -> None:
        self.tbs = tbs
        self.lang = lang
        self.errors: list[dict[str, Any]] = []
        self.warnings: list[str] = []
        self.values = 0
        # set by _warn: where the warnings that depend on values (the persons', the region's) begin
        # and end, and the months asked; validate_situation_shaped keeps the rest by shape
        self.marks: tuple[int, int, int] | None = None
        self.months: list[str] = []

    def error(self, path: Iterable[str], code: str, **params: object) -> None:
        self.errors.append(
            {
                "path": "/".join(str(p) for p in path),
                "code": code,
                "message": text(f"errors.{code}", self.lang, **params),
            }
        )

    def warn(self, code: str, **params: object) -> None:
        self.warnings.append(_warning_text(code, self.lang, params))

    def hint(self, word: str, candidates: Iterable[str]) -> str:
        matches = difflib.get_close_matches(word, list(candidates), n=1, cutoff=0.6)
        return text("errors.did_you_mean", self.lang, suggestion=matches[0]) if matches else ""


_WARNING_TEXTS: dict[tuple[object, ...], str] = {}
_SCALARS = (str, int, float)


def _warning_text(code: str, lang: str, params: dict[str, object]) -> str:
    """``text("warnings.<code>", lang, **params)``, remembered for parameters of plain types (the
    same warnings recur in every family of a batch: filling a template is the costly part)."""
    if not all(type(value) in _SCALARS for value in params.values()):
        return text(f"warnings.{code}", lang, **params)
    key = (code, lang, *params.items(), *map(type, params.values()))
    found = _WARNING_TEXTS.get(key)
    if found is None:
        if len(_WARNING_TEXTS) >= 20_000:
            _WARNING_TEXTS.clear()
        found = _WARNING_TEXTS[key] = text(f"warnings.{code}", lang, **params)
    return found


def _parse_period_string(raw: str) -> Period:
    """A period string already checked by the validation."""
    period = _parse_period(raw)
    assert period is not None, raw
    return period


def _unit_name(variable: Variable) -> str:
    return str(variable.definition_period).lower()


def _example_period(variable: Variable) -> str:
    return {DateUnit.MONTH: "2024-03", DateUnit.YEAR: "2024", DateUnit.ETERNITY: "ETERNITY"}.get(
        variable.definition_period, "2024-03"
    )


def _roles_by_key(entity: Any) -> dict[str, Role]:
    """Role keys accepted in a group: plural (as in OpenFisca) and singular."""
    roles: dict[str, Role] = {}
    for role in entity.roles:
        roles[role.plural or role.key] = role
        roles[role.key] = role
    return roles


def _role_names(entity: Any) -> str:
    return ", ".join(f"{role.key}(s)" if role.plural == role.key + "s" else role.key for role in entity.roles)


def _check_value(check: _Checker, path: list[str], variable: Variable, value: object) -> None:
    """Check one input value with the JSON Schema of the variable's contract."""
    contract = contract_for(check.tbs)
    for code, params in contract.value_problems(variable.name, value):
        hint = {}
        if code == "expected_enum":
            names = list(contract[variable.name].enum or ())
            hint["hint"] = check.hint(value, names) if isinstance(value, str) else ""
        check.error(path, code, got=_got(value), **params, **hint)


def _check_input_period(check: _Checker, path: list[str], variable: Variable, raw: str) -> Period | None:
    """The period of an input value if it suits the variable, else None (and an error)."""
    period = _parse_period(raw)
    if period is None:
        check.error(path, "bad_period", period=raw)
        return None
    if period.unit != DateUnit.ETERNITY and period.size < 1:
        check.error(path, "bad_period", period=raw)
        return None
    first, last = contract_for(check.tbs).period_years
    if period.unit != DateUnit.ETERNITY and not first <= period.start.year <= last:
        check.error(path, "period_out_of_range", period=raw, first=first, last=last)
        return None
    code = _input_period_problem(variable, period)
    if code is not None:
        example = _example_period(variable) if code == "input_period_unit" else "2024-01"
        check.error(path, code, name=variable.name, unit=_unit_name(variable), example=example, period=raw)
        return None
    return period


def _input_period_problem(variable: Variable, period: Period) -> str | None:
    unit = variable.definition_period
    if unit == DateUnit.ETERNITY:
        return None
    if unit != DateUnit.MONTH:
        return None if period.unit == unit and period.size == 1 else "input_period_unit"
    if _spreads_over_months(variable):
        spreadable = period.unit in (DateUnit.MONTH, DateUnit.YEAR) and period.size_in_months <= 36
        return None if spreadable else "input_period_months"
    return None if period.unit == DateUnit.MONTH and period.size == 1 else "input_period_month"


def _check_output_period(check: _Checker, path: list[str], variable: Variable, raw: str) -> Period | None:
    period = _parse_period(raw)
    if period is None:
        check.error(path, "bad_period", period=raw)
        return None
    unit = variable.definition_period
    if unit == DateUnit.ETERNITY:
        return period
    if period.unit != unit or period.size != 1:
        if unit == DateUnit.MONTH:
            first = _month_str(period) if period.unit != DateUnit.ETERNITY else "2024-01"
            check.error(path, "output_period", name=variable.name, example=first)
        else:
            check.error(
                path,
                "output_period_unit",
                name=variable.name,
                unit=_unit_name(variable),
                example=_example_period(variable),
                period=raw,
            )
        return None
    if unit == DateUnit.MONTH and not in_coverage(_month_str(period)):
        check.error(path, "output_out_of_range", window=coverage_window(check.lang), period=raw)
        return None
    return period


def _check_instance(
    check: _Checker,
    entity: Any,
    *,
    instance_id: str,
    data: dict[str, Any],
    persons: dict[str, Any],
    placed: dict[str, str],
) -> None:
    """Check one person or group: its variables, periods, values and (for groups) roles."""
    roles = {} if entity.is_person else _roles_by_key(entity)
    here = f"{entity.plural}/{instance_id}"
    for key, values in data.items():
        path = [entity.plural, instance_id, key]
        if key in roles:
            _check_role(
                check,
                entity,
                instance_id=instance_id,
                key=key,
                members=values,
                persons=persons,
                placed=placed,
                role=roles[key],
            )
            continue
        variable = check.tbs.variables.get(key)
        if variable is None:
            if isinstance(values, list) and not entity.is_person:
                check.error(
                    path,
                    "unknown_role",
                    role=key,
                    entity=entity.key,
                    id=instance_id,
                    roles=_role_names(entity),
                )
            else:
                check.error(path, "unknown_variable", name=key, hint=check.hint(key, check.tbs.variables))
            continue
        if variable.entity.key != entity.key:
            check.error(
                path,
                "wrong_entity",
                name=key,
                entity=variable.entity.key,
                plural=variable.entity.plural,
                here=here,
            )
            continue
        if not isinstance(values, dict):
            example = f'{{"{_example_period(variable)}": ...}}'
            check.error(path, "values_not_object", name=key, example=example, got=_got(values))
            continue
        _check_values(check, path, variable, values)
    if not entity.is_person and not any(
        (key in roles or isinstance(v, list)) and v != [] for key, v in data.items()
    ):  # no role at all, or only empty ones such as "applicants": []
        empty = [key for key, v in data.items() if key in roles and v == []][:1]
        check.error([entity.plural, instance_id, *empty], "empty_group", entity=entity.key, id=instance_id)


def _check_values(check: _Checker, path: list[str], variable: Variable, values: dict[str, Any]) -> None:
    """Check each period and value given for one variable of one person or group."""
    covered: dict[str, str] = {}  # month → the input period that gives it
    for raw_period, value in values.items():
        check.values += 1
        value_path = [*path, str(raw_period)]
        if value is None:
            _check_output_period(check, value_path, variable, str(raw_period))
            continue
        period = _check_input_period(check, value_path, variable, str(raw_period))
        if period is None:
            continue
        _check_value(check, value_path, variable, value)
        for month in _months_of(period):
            if month in covered:
                check.error(value_path, "overlapping_periods", period=raw_period, other=covered[month])
                break
            covered[month] = str(raw_period)


def _check_role(
    check: _Checker,
    entity: Any,
    *,
    instance_id: str,
    key: str,
    members: object,
    persons: dict[str, Any],
    placed: dict[str, str],
    role: Role,
) -> None:
    path = [entity.plural, instance_id, key]
    if isinstance(members, str):
        members = [members]
    if not isinstance(members, list):
        check.error(path, "role_not_list", role=key, got=_got(members))
        return
    if role.max is not None and len(members) > role.max:
        check.error(
            path,
            "role_max",
            max=role.max,
            role=role.plural or role.key,
            entity=entity.key,
            count=len(members),
            id=instance_id,
        )
    for index, person in enumerate(members):
        person_path = [*path, str(index)]
        if not isinstance(person, str):
            check.error(person_path, "role_not_list", role=key, got=_got(person))
        elif person not in persons:
            check.error(person_path, "role_person_unknown", person=person, entity=entity.key, id=instance_id)
        elif person in placed:
            check.error(
                person_path,
                "role_person_twice",
                person=person,
                first=placed[person],
                second=f"{entity.plural}/{instance_id}",
                entity=entity.key,
            )
        else:
            placed[person] = f"{entity.plural}/{instance_id}"


def _check_entities(
    check: _Checker, situation: dict[str, Any], max_persons: int
) -> dict[str, dict[str, str]]:
    """Check every entity of the situation; return, per group plural, where each person is placed."""
    person_entity = check.tbs.person_entity
    persons = situation.get(person_entity.plural)
    if not isinstance(persons, dict) or not persons:
        if persons is None or persons == {}:
            check.error([person_entity.plural], "no_persons")
        else:
            check.error(
                [person_entity.plural], "entity_not_object", plural=person_entity.plural, got=_got(persons)
            )
        return {}
    placements: dict[str, dict[str, str]] = {}
    for entity in [person_entity, *check.tbs.group_entities]:
        instances = persons if entity.is_person else situation.get(entity.plural)
        if instances is None:
            continue
        if not isinstance(instances, dict):
            check.error([entity.plural], "entity_not_object", plural=entity.plural, got=_got(instances))
            continue
        if len(instances) > max_persons:
            check.error(
                [entity.plural], "too_many", plural=entity.plural, count=len(instances), max=max_persons
            )
            continue
        placed = placements.setdefault(entity.plural, {})
        for instance_id, data in instances.items():
            if not isinstance(instance_id, str) or not 0 < len(instance_id) <= MAX_ID_LENGTH:
                check.error(
                    [entity.plural, str(instance_id)[:MAX_ID_LENGTH]],
                    "bad_id",
                    id=str(instance_id)[:MAX_ID_LENGTH],
                )
                continue
            if not isinstance(data, dict):
                check.error(
                    [entity.plural, instance_id], "instance_not_object", id=instance_id, got=_got(data)
                )
                continue
            _check_instance(check, entity, instance_id=instance_id, data=data, persons=persons, placed=placed)
    return placements


def _check_axes(check: _Checker, axes: object, situation: dict[str, Any]) -> None:
    if not isinstance(axes, list) or not axes or not all(isinstance(a, list) and a for a in axes):
        check.error(["axes"], "axes_not_list", got=_got(axes))
        return
    cells = 1
    for dim, parallel in enumerate(axes):
        counts = [
            _check_axis(check, ["axes", str(dim), str(n)], axis, situation) for n, axis in enumerate(parallel)
        ]
        if check.errors:
            return
        for number, count in enumerate(counts[1:], start=1):
            if count != counts[0]:
                check.error(
                    ["axes", str(dim), str(number)], "axis_counts_differ", first=counts[0], other=count
                )
        cells *= counts[0] or 1
    if cells > MAX_AXIS_CELLS:
        check.error(["axes"], "axis_cells", cells=cells, max=MAX_AXIS_CELLS)
    persons = set(situation.get(check.tbs.person_entity.plural) or {})
    for entity in check.tbs.group_entities:
        roles = _roles_by_key(entity)
        listed: set[str] = set()
        for data in (situation.get(entity.plural) or {}).values():
            for key, members in data.items():
                if key in roles:
                    listed.update([members] if isinstance(members, str) else members)
        if persons - listed:
            check.error([entity.plural], "axis_needs_households")


def _check_axis(check: _Checker, path: list[str], axis: object, situation: dict[str, Any]) -> int | None:
    """The count of one axis if it is valid, else None (and errors)."""
    if not isinstance(axis, dict):
        check.error(path, "axis_not_object", got=_got(axis))
        return None
    before = len(check.errors)
    shape = axis_problems(axis)  # keys and count, from the Axis schema
    for where, code, params in shape:
        if code != "axis_count":
            check.error([*path, *where], code, **params)
    if len(check.errors) > before:
        return None
    variable = _axis_variable(check, path, axis["name"])
    if variable is None:
        return None
    count = axis["count"]
    if isinstance(count, float) and not any(code == "axis_count" for _, code, _ in shape):
        shape.append((["count"], "axis_count", {"max": MAX_AXIS_CELLS}))  # a count is an int, not 3.0
    for where, code, params in shape:
        if code == "axis_count":
            check.error([*path, *where], code, got=_got(count), **params)
    for key in ("min", "max"):
        _check_value(check, [*path, key], variable, axis[key])
    if len(check.errors) == before and axis["min"] > axis["max"]:
        check.error(path, "axis_min_max", min=_got(axis["min"]), max=_got(axis["max"]))
    _check_input_period(check, [*path, "period"], variable, str(axis["period"]))
    instances = situation.get(variable.entity.plural) or {}
    index = axis.get("index", 0)
    if isinstance(index, bool) or not isinstance(index, int) or not 0 <= index < max(len(instances), 1):
        check.error([*path, "index"], "axis_index", max=max(len(instances) - 1, 0), got=_got(index))
    elif len(check.errors) == before and instances:
        _check_axis_not_given(check, path, variable, str(axis["period"]), list(instances.items())[index])
    return count if len(check.errors) == before else None


def _check_axis_not_given(
    check: _Checker, path: list[str], variable: Variable, axis_period: str, instance: tuple[str, Any]
) -> None:
    """An axis over an input the member also gives for an overlapping period would be ADDED to it by
    OpenFisca (150,000 given + an axis value of 100,000 = 250,000): refuse it, naming both."""
    instance_id, values = instance
    given = values.get(variable.name) if isinstance(values, dict) else None
    if not isinstance(given, dict):
        return
    try:
        axis = periods.period(axis_period)
        overlapping = [key for key in given if _overlap(periods.period(str(key)), axis)]
    except (ValueError, TypeError, AttributeError):
        return  # a malformed period is reported by the period checks
    if overlapping:
        check.error(
            [*path, "name"],
            "axis_over_given_input",
            name=variable.name,
            id=instance_id,
            periods=", ".join(overlapping),
        )


def _overlap(first: Period, second: Period) -> bool:
    return first.start <= second.stop and second.start <= first.stop


def _axis_variable(check: _Checker, path: list[str], name: object) -> Variable | None:
    variable = check.tbs.variables.get(name) if isinstance(name, str) else None
    if variable is None:
        hint = check.hint(name, check.tbs.variables) if isinstance(name, str) else ""
        check.error([*path, "name"], "unknown_variable", name=_got(name), hint=hint)
        return None
    if variable.value_type not in (int, float):
        check.error([*path, "name"], "axis_not_numeric", name=name)
        return None
    return variable


def requested_outputs(situation: dict[str, Any]) -> list[OutputRequest]:
    """Every output the situation asks for (a ``null`` value): (entity plural, id, variable, period)."""
    outputs: list[OutputRequest] = []
    if not isinstance(situation, dict):
        return outputs
    for plural, instances in situation.items():
        if plural == "axes" or not isinstance(instances, dict):
            continue
        for instance_id, data in instances.items():
            if not isinstance(data, dict):
                continue
            for name, values in data.items():
                if isinstance(values, dict):
                    outputs.extend(
                        (plural, instance_id, name, str(period))
                        for period, value in values.items()
                        if value is None
                    )
    return outputs


def _requested_months(tbs: TaxBenefitSystem, outputs: list[OutputRequest]) -> list[str]:
    months = {
        period
        for _plural, _id, name, period in outputs
        if name in tbs.variables and tbs.variables[name].definition_period == DateUnit.MONTH
    }
    return sorted(months)


def _warn(
    check: _Checker,
    situation: dict[str, Any],
    placements: dict[str, dict[str, str]],
    outputs: list[OutputRequest],
) -> None:
    """Warnings about inputs that are missing, defaulted or not used."""
    tbs = check.tbs
    if not outputs:
        check.warn("no_outputs")
    months = _requested_months(tbs, outputs)
    persons_from = len(check.warnings)
    _warn_persons(check, situation, months)  # depends on values (ages, birth dates)
    persons_to = len(check.warnings)
    for group in tbs.group_entities:
        if group.plural in situation:
            for person_id in situation[tbs.person_entity.plural]:
                if person_id not in placements.get(group.plural, {}):
                    check.warn("person_without_household", id=person_id)
    if months:
        _warn_months(check, situation, months)  # depends on the periods given, not the values
    check.marks, check.months = (persons_from, persons_to, len(check.warnings)), months
    if months:
        _warn_region(check, situation)  # depends on values (the region given)


def _warn_region(check: _Checker, situation: dict[str, Any]) -> None:
    for household_id, data in (situation.get("households") or {}).items():
        given = data.get("region") if isinstance(data, dict) else None
        _warn_household_region(check, household_id, given.values() if isinstance(given, dict) else None)


def _warn_household_region(check: _Checker, household_id: str, regions: Iterable[object] | None) -> None:
    """A family with no region gets the national minimum as its line's base: an estimate, said so.
    ``regions``: the values given for its region (None: no region given)."""
    if regions is None or all(value in (None, "unknown") for value in regions):
        check.warn("no_region", id=household_id)


def _warn_persons(check: _Checker, situation: dict[str, Any], months: list[str]) -> None:
    for person_id, data in situation[check.tbs.person_entity.plural].items():
        _warn_person(
            check,
            person_id,
            months,
            no_age="age" not in data and "birth_date" not in data,
            ages=(data.get("age") or {}).values() if "sex" not in data else None,
            born=data.get("birth_date"),
        )


def _warn_person(
    check: _Checker,
    person_id: str,
    months: list[str],
    *,
    no_age: bool,
    ages: Iterable[object] | None,
    born: object,
) -> None:
    """A person's warnings: no age nor birth date; no sex at an age (58-62) where the pension age
    depends on it (the first of the ``ages`` given in that range, else the age from the birth date
    in the first month asked; ``ages`` None when the sex is given); born after a month asked.
    ``born``: the birth date as given (None: not given)."""
    if no_age:
        check.warn("no_age", id=person_id)
        return
    if ages is not None:
        age = next((a for a in ages if isinstance(a, int | float) and 58 <= a <= 62), None)
        if age is None and born is not None and months:
            from_birth = _age_from_birth(born, months[0])
            age = from_birth if from_birth is not None and 58 <= from_birth <= 62 else None
        if age is not None:
            check.warn("no_sex_pension_age", id=person_id, age=int(age))
    if born is not None:
        for month in months:
            age = _age_from_birth(born, month)
            if age is not None and age < 0:
                check.warn("born_after", id=person_id, month=month)


def _warn_months(check: _Checker, situation: dict[str, Any], months: list[str]) -> None:
    """Monthly inputs not given for a month asked, and incomes outside the reference quarters."""
    quarters = {month: _reference_months(month) for month in months}
    used_months = {m for quarter in quarters.values() for m in quarter}
    for entity in check.tbs.entities:
        for instance_id, data in (situation.get(entity.plural) or {}).items():
            for name, values in data.items():
                variable = check.tbs.variables.get(name)
                if variable is None or variable.definition_period != DateUnit.MONTH:
                    continue
                given = {p: v for p, v in values.items() if v is not None}
                path = f"{entity.plural}/{instance_id}/{name}"
                if not given:
                    continue
                if _spreads_over_months(variable):
                    _warn_income(
                        check,
                        path,
                        instance_id=instance_id,
                        name=name,
                        given=given,
                        quarters=quarters,
                        used_months=used_months,
                    )
                    continue
                given_months = {_month_str(_parse_period_string(p)) for p in given}
                for month in months:
                    if month not in given_months:
                        check.warn("input_not_for_month", path=path, given=", ".join(given), month=month)


@functools.lru_cache(maxsize=1024)
def _reference_months(month: str) -> tuple[str, ...]:
    """The months of the reference quarter of ``month`` (a checked ``YYYY-MM``)."""
    return _months_of(reference_quarter(_parse_period_string(month)))


def _warn_income(
    check: _Checker,
    path: str,
    *,
    instance_id: str,
    name: str,
    given: dict[str, Any],
    quarters: dict[str, tuple[str, ...]],
    used_months: set[str],
) -> None:
    covered: set[str] = set()
    for raw in given:
        months = _months_of(_parse_period_string(raw))
        covered.update(months)
        if not used_months.intersection(months):
            month, quarter = next(iter(quarters.items()))
            check.warn(
                "income_not_used", path=f"{path}/{raw}", month=month, first=quarter[0], last=quarter[-1]
            )
    for month, quarter in quarters.items():
        inside = [m for m in quarter if m in covered]
        if 0 < len(inside) < len(quarter):
            check.warn(
                "income_partial",
                id=instance_id,
                name=name,
                given=", ".join(inside),
                first=quarter[0],
                last=quarter[-1],
                month=month,
            )


def _age_from_birth(birth: object, month: str) -> int | None:
    if birth is None:  # no birth date given (the common case): nothing to parse
        return None
    raw = next(iter(birth.values()), None) if isinstance(birth, dict) and birth else None
    try:
        born = raw if isinstance(raw, datetime.date) else datetime.date.fromisoformat(str(raw))
    except ValueError:
        return None
    year, number = int(month[:4]), int(month[5:7])
    return year - born.year - (1 if (number, 1) < (born.month, born.day) else 0)


def validate_situation(
    tbs: TaxBenefitSystem,
    situation: dict,
    *,
    max_persons: int = MAX_PERSONS,
    lang: str = "en",
) -> list[str]:
    """Check a situation; raise ``SituationError`` listing every problem, else return warnings."""
    return validate_situation_outputs(tbs, situation, max_persons=max_persons, lang=lang)[0]


def validate_situation_outputs(
    tbs: TaxBenefitSystem,
    situation: dict,
    *,
    max_persons: int = MAX_PERSONS,
    lang: str = "en",
) -> tuple[list[str], list[OutputRequest]]:
    """:func:`validate_situation`, returning also :func:`requested_outputs` (found while checking)."""
    check, outputs = _checked(tbs, situation, max_persons, lang)
    return check.warnings, outputs


def _checked(
    tbs: TaxBenefitSystem, situation: dict, max_persons: int, lang: str
) -> tuple[_Checker, list[OutputRequest]]:
    """Every check of :func:`validate_situation_outputs`: the checker (its warnings) and the outputs."""
    check = _Checker(tbs, lang)
    if not isinstance(situation, dict):
        check.error([], "not_object", got=_got(situation))
        raise SituationError(check.errors)
    allowed = [entity.plural for entity in tbs.entities] + ["axes"]
    for key in situation:
        if key not in allowed:
            check.error(
                [str(key)],
                "unknown_key",
                key=key,
                allowed=", ".join(allowed),
                hint=check.hint(str(key), allowed),
            )
    placements = _check_entities(check, situation, max_persons)
    if check.values > MAX_VALUES:
        check.errors.insert(
            0,
            {
                "path": "",
                "code": "too_many_values",
                "message": text("errors.too_many_values", lang, count=check.values, max=MAX_VALUES),
            },
        )
    outputs = requested_outputs(situation)
    if len(outputs) > MAX_OUTPUTS:
        check.error([], "too_many_outputs", count=len(outputs), max=MAX_OUTPUTS)
    if "axes" in situation and not check.errors:
        _check_axes(check, situation["axes"], situation)
    if check.errors:
        raise SituationError(check.errors)
    _warn(check, situation, placements, outputs)
    return check, outputs


# --- the same checks, once per shape -------------------------------------------------------------


@dataclass(eq=False)
class Shape:
    """What the checks of a valid situation found that depends only on its *shape*: its entities,
    ids, roles and members, variables and periods, and which values are ``null`` (asked), but not
    the values given. Two situations of one shape differ only in their values; the checks of a
    value (``Contract.value_problems``) and the warnings that read values (the persons' ages and
    birth dates, the region) are run for each situation, everything else is taken from here.

    ``names`` is the variable of each value given, in the order of :func:`situation_shape`'s
    values, ``checks`` its contract item and value schema (what ``Contract.value_problems`` checks
    a value with); ``derived`` is for callers' own data of the shape (``api/batch.py``'s template)."""

    system: weakref.ref[TaxBenefitSystem]  # not kept alive by the shapes (reformed systems come and go)
    key: tuple[Any, ...]
    outputs: tuple[OutputRequest, ...]
    months: list[str]
    before_persons: tuple[str, ...]  # warnings before the persons' ones
    after_persons: tuple[str, ...]  # warnings after the persons' ones, before the region's
    names: tuple[str, ...]
    checks: tuple[tuple[Any, dict[str, Any]], ...]
    plan: _Plan
    derived: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class _Plan:
    """Where the warnings that read values find them in a situation of one shape: the positions in
    :func:`situation_shape`'s values of the ages, sexes and regions they read, and which persons
    and households they can concern at all (the others give none whatever their values).

    ``persons``: per person that :func:`_warn_persons` may warn about, in order, its id, whether it
    has neither age nor birth date (``no_age``), the positions of its ages when it has no sex (else
    None) and whether it has a birth date. ``regions``: per household, its id and the positions of
    its regions (None: no region). ``pension``: per person without birth date or age in months but
    with a sex and an age, the positions of both (``_warn_pension_age``'s candidates)."""

    persons: tuple[tuple[str, bool, tuple[int, ...] | None, bool], ...]
    regions: tuple[tuple[str, tuple[int, ...] | None], ...]
    pension: tuple[tuple[tuple[int, ...], tuple[int, ...]], ...]


MAX_SHAPES = 2048
_SHAPES: dict[tuple[Any, ...], Shape] = {}


def situation_shape(situation: object) -> tuple[tuple[Any, ...], list[Any]] | None:  # noqa: PLR0911, PLR0912
    """The shape of a situation (hashable: its entities, ids, keys, members, periods and which
    values are null) and its non-null values in order; None when it is not made of plain dicts,
    lists and strings as JSON gives them, or has axes (those are checked by the full walk alone).

    The shape is one flat tuple, each part led by its count so that it reads back one way only:
    per entity its plural and number of instances; per instance its id and number of keys; per
    key the key, its kind (0: periods, 1: list of members, 2: one member) and then the periods
    given, each followed by whether its value is null, the members, or the member."""
    if type(situation) is not dict or "axes" in situation:
        return None
    values: list[Any] = []
    take = values.append
    flat: list[Any] = []
    extend = flat.extend
    for plural, instances in situation.items():
        if type(instances) is not dict:
            return None
        extend((plural, len(instances)))
        for instance_id, data in instances.items():
            if type(instance_id) is not str or type(data) is not dict:
                return None
            extend((instance_id, len(data)))
            for key, given in data.items():
                kind = type(given)
                if kind is dict:
                    extend((key, 0, len(given)))
                    for period, value in given.items():
                        if type(period) is not str:
                            return None
                        if value is None:
                            extend((period, True))
                        else:
                            extend((period, False))
                            take(value)
                elif kind is list:
                    for member in given:
                        if type(member) is not str:
                            return None
                    extend((key, 1, len(given)))
                    extend(given)
                elif kind is str:
                    extend((key, 2, given))
                else:
                    return None
    return tuple(flat), values


def validate_situation_shaped(
    tbs: TaxBenefitSystem,
    situation: dict,
    *,
    max_persons: int = MAX_PERSONS,
    lang: str = "en",
) -> tuple[list[str], list[OutputRequest], Shape | None, list[Any]]:
    """:func:`validate_situation_outputs` (the same warnings, outputs and errors), with the checks
    that depend only on the situation's shape (:class:`Shape`) done once per shape: a situation of
    a shape already seen valid has each value checked and its value warnings written, the rest is
    the shape's. Returns also the shape (None when the situation has none) and the values given."""
    found = situation_shape(situation)
    if found is None:
        warnings, outputs = validate_situation_outputs(tbs, situation, max_persons=max_persons, lang=lang)
        return warnings, outputs, None, []
    skeleton, values = found
    key = (id(tbs), lang, max_persons, skeleton)
    shape = _SHAPES.get(key)
    if (
        shape is not None
        and shape.system() is tbs
        and not any(
            value_problems(item, schema, value)
            for (item, schema), value in zip(shape.checks, values, strict=True)
        )
    ):
        return _planned_warnings(tbs, situation, shape, values, lang), list(shape.outputs), shape, values
    check, outputs = _checked(tbs, situation, max_persons, lang)  # raises the errors
    assert check.marks is not None
    persons_from, persons_to, region_from = check.marks
    names = tuple(
        name
        for instances in situation.values()
        for data in instances.values()
        for name, given in data.items()
        if type(given) is dict
        for value in given.values()
        if value is not None
    )
    contract = contract_for(tbs)
    checks = tuple((contract.inputs[name], contract.value_schema(name)) for name in names)
    if len(_SHAPES) >= MAX_SHAPES:
        _SHAPES.clear()
    shape = _SHAPES[key] = Shape(
        weakref.ref(tbs),
        key,
        tuple(outputs),
        check.months,
        tuple(check.warnings[:persons_from]),
        tuple(check.warnings[persons_to:region_from]),
        names,
        checks,
        _plan(tbs, situation),
    )
    return check.warnings, outputs, shape, values


ShapedAnswer = tuple[list[str], list[OutputRequest], Shape, list[Any], bool]


def validate_shaped_in_bulk(
    tbs: TaxBenefitSystem,
    situations: list[dict[str, Any]],
    rows: list[list[Any]],
    *,
    skeleton: tuple[Any, ...],
    max_persons: int = MAX_PERSONS,
    lang: str = "en",
) -> list[ShapedAnswer | None] | None:
    """:func:`validate_situation_shaped` of many situations of one shape already seen valid, worked
    out by column instead of situation by situation. ``rows``: each situation's values, from
    :func:`situation_shape` (which gave ``skeleton`` for all of them).

    None when the shape is not known (the caller validates one situation the usual way first). Else,
    per situation, None when the usual way must decide (one of its values has a problem: the usual
    way raises the error), or what :func:`validate_situation_shaped` returns, and whether it is a
    candidate for :func:`pension_age_warnings` (False: its answer is [] at once).

    A value's problems (``Contract.value_problems``) are a function of its type and value: each
    column's distinct (type, value) pairs are checked once. The warnings that read values (persons'
    ages, regions) and the pension-age candidates are a function of the values at the plan's
    positions: worked out once per distinct (types, values) there (each situation by itself when a
    person gives a birth date, read from the situation)."""
    key = (id(tbs), lang, max_persons, skeleton)
    shape = _SHAPES.get(key)
    if shape is None or shape.system() is not tbs:
        return None
    columns = list(zip(*rows, strict=True)) if shape.checks else []
    bad: set[int] = set()
    for (item, schema), column in zip(shape.checks, columns, strict=True):
        pairs = list(zip(map(type, column), column, strict=True))
        try:
            distinct = set(pairs)
        except TypeError:  # a list or an object given as a value: the usual way writes its error
            unhashable = {number for number, pair in enumerate(pairs) if not _hashable(pair[1])}
            bad.update(unhashable)
            distinct = {pair for number, pair in enumerate(pairs) if number not in unhashable}
        failing = {pair for pair in distinct if value_problems(item, schema, pair[1])}
        if failing:
            bad.update(number for number, pair in enumerate(pairs) if number not in bad and pair in failing)
    plan = shape.plan
    by_values = not any(birth for _id, _no_age, _ages, birth in plan.persons)
    positions = sorted(
        {i for _id, _no_age, ages, _birth in plan.persons for i in ages or ()}
        | {i for _id, regions in plan.regions for i in regions or ()}
        | {i for sexes, ages in plan.pension for i in (*sexes, *ages)}
    )
    if positions:
        keys: list[Any] = list(
            zip(*(columns[i] for i in positions), *(map(type, columns[i]) for i in positions), strict=True)
        )
    else:
        keys = [()] * len(rows)
    known: dict[Any, tuple[tuple[str, ...], bool]] = {}
    answers: list[ShapedAnswer | None] = []
    for number, (situation, values, found) in enumerate(zip(situations, rows, keys, strict=True)):
        if number in bad:
            answers.append(None)
            continue
        if by_values:
            warned = known.get(found)
            if warned is None:
                warned = known[found] = _value_warnings(tbs, situation, shape, values, lang)
        else:
            warned = _value_warnings(tbs, situation, shape, values, lang)
        answers.append((list(warned[0]), list(shape.outputs), shape, values, warned[1]))
    return answers


def _hashable(value: object) -> bool:
    try:
        hash(value)
    except TypeError:
        return False
    return True


def _value_warnings(
    tbs: TaxBenefitSystem, situation: dict[str, Any], shape: Shape, values: list[Any], lang: str
) -> tuple[tuple[str, ...], bool]:
    """The warnings :func:`validate_situation_shaped` gives a valid situation of a known shape with
    these values, and whether :func:`pension_age_warnings` must look at it (a candidate)."""
    return tuple(_planned_warnings(tbs, situation, shape, values, lang)), _pension_candidate(shape, values)


def _planned_warnings(
    tbs: TaxBenefitSystem, situation: dict[str, Any], shape: Shape, values: list[Any], lang: str
) -> list[str]:
    """The warnings of a valid situation of a known shape: the shape's own, and those its values
    give, read at the positions planned for the shape."""
    check = _Checker(tbs, lang)
    check.warnings.extend(shape.before_persons)
    _warn_persons_planned(check, situation, shape, values)
    check.warnings.extend(shape.after_persons)
    if shape.months:
        _warn_region_planned(check, shape, values)
    return check.warnings


def _pension_candidate(shape: Shape, values: list[Any]) -> bool:
    """Whether the shape's values show a woman without birth date or age in months whose age is 57
    to 63 (:func:`pension_age_warnings` gives [] at once for any other situation)."""
    return any(
        "female" in [values[i] for i in sexes]
        and any(isinstance(values[i], int | float) and 57 <= values[i] <= 63 for i in ages)
        for sexes, ages in shape.plan.pension
    )


def _plan(tbs: TaxBenefitSystem, situation: dict[str, Any]) -> _Plan:
    """The :class:`_Plan` of a valid situation's shape."""
    positions: dict[tuple[str, str, str], tuple[int, ...]] = {}
    count = 0
    for plural, instances in situation.items():
        for instance_id, data in instances.items():
            for name, given in data.items():
                if type(given) is dict:
                    given_count = sum(1 for value in given.values() if value is not None)
                    positions[plural, instance_id, name] = tuple(range(count, count + given_count))
                    count += given_count
    plural = tbs.person_entity.plural
    persons = []
    pension = []
    for person_id, data in situation[plural].items():
        no_age = "age" not in data and "birth_date" not in data
        ages = positions.get((plural, person_id, "age"), ()) if not no_age and "sex" not in data else None
        if no_age or ages is not None or "birth_date" in data:
            persons.append((person_id, no_age, ages, "birth_date" in data))
        if "birth_date" not in data and "age_in_months" not in data and "sex" in data and "age" in data:
            pension.append(
                (positions.get((plural, person_id, "sex"), ()), positions.get((plural, person_id, "age"), ()))
            )
    regions = tuple(
        (household_id, positions.get(("households", household_id, "region")))
        for household_id in situation.get("households") or {}
    )
    return _Plan(tuple(persons), regions, tuple(pension))


def _warn_persons_planned(
    check: _Checker, situation: dict[str, Any], shape: Shape, values: list[Any]
) -> None:
    """:func:`_warn_persons` of a situation of ``shape`` with these values, read where the plan says."""
    persons = situation[check.tbs.person_entity.plural]
    for person_id, no_age, ages, birth in shape.plan.persons:
        _warn_person(
            check,
            person_id,
            shape.months,
            no_age=no_age,
            ages=None if ages is None else (values[i] for i in ages),
            born=persons[person_id]["birth_date"] if birth else None,
        )


def _warn_region_planned(check: _Checker, shape: Shape, values: list[Any]) -> None:
    """:func:`_warn_region` of a situation of ``shape`` with these values."""
    for household_id, regions in shape.plan.regions:
        _warn_household_region(check, household_id, None if regions is None else (values[i] for i in regions))


def pension_age_warnings(
    tbs: TaxBenefitSystem, situation: dict[str, Any], shape: Shape | None, values: list[Any], lang: str
) -> list[str]:
    """``_warn_pension_age(tbs, situation, None, lang)``, answered [] at once when the situation's
    shape (from :func:`validate_situation_shaped`, with its values) shows no candidate: no woman
    without birth date or age in months whose age is 57 to 63."""
    if shape is not None and not _pension_candidate(shape, values):
        return []
    return _warn_pension_age(tbs, situation, None, lang)


def normalize_situation(tbs: TaxBenefitSystem, situation: dict) -> dict:
    """A copy in OpenFisca's strict syntax: plural role keys with lists, dates as strings."""
    normal = copy.deepcopy(situation)
    for entity in tbs.group_entities:
        roles = _roles_by_key(entity)
        for data in (normal.get(entity.plural) or {}).values():
            for key in [k for k in data if k in roles]:
                members = data.pop(key)
                plural = roles[key].plural or roles[key].key
                data.setdefault(plural, [])
                data[plural] = data[plural] + ([members] if isinstance(members, str) else members)
    for entity in tbs.entities:
        for data in (normal.get(entity.plural) or {}).values():
            for name, values in data.items():
                if isinstance(values, dict):
                    data[name] = {
                        str(p): (v.isoformat() if isinstance(v, datetime.date) else v)
                        for p, v in values.items()
                    }
    return normal


def build_simulation(
    tbs: TaxBenefitSystem,
    situation: dict,
    *,
    max_persons: int = MAX_PERSONS,
    lang: str = "en",
) -> tuple[Simulation, list[str]]:
    """Validate ``situation`` and build its simulation; return it with the warnings."""
    warnings = validate_situation(tbs, situation, max_persons=max_persons, lang=lang)
    normal = normalize_situation(tbs, situation)
    try:
        simulation = SimulationBuilder().build_from_entities(tbs, normal)
    except SituationParsingError as error:  # a case the checks above missed: still the user's input
        raise SituationError(_core_errors(error.error)) from None
    except PeriodMismatchError as error:
        raise SituationError(
            [{"path": error.variable_name, "code": "period", "message": error.message}]
        ) from None
    # An input a formula computes, given for some members only: the others get the computed value,
    # not the variable's default (a mother given by birth_date beside children given by age).
    complete_computable_inputs(simulation, partial_inputs(tbs, normal))
    return simulation, warnings + _warn_pension_age(tbs, situation, normal, lang)


def _warn_pension_age(tbs: TaxBenefitSystem, situation: dict, normal: dict | None, lang: str) -> list[str]:
    """A woman given only a whole-year age where the half year of her pension age decides.

    The rule is the variable ``pension_age_uncertain`` (variables/demographics/pension_age.py). It is
    computed on a copy of the simulation, so that the caller's simulation (and its trace) is untouched,
    and only when some woman has a whole-year age of 57 to 63 and neither birth_date nor age_in_months.
    """
    candidates = [
        data
        for data in situation[tbs.person_entity.plural].values()
        if "birth_date" not in data
        and "age_in_months" not in data
        and "female" in (data.get("sex") or {}).values()
        and any(isinstance(a, int | float) and 57 <= a <= 63 for a in (data.get("age") or {}).values())
    ]
    if not candidates:
        return []
    months = _requested_months(tbs, requested_outputs(situation))
    if not months:
        return []
    if normal is None:  # the caller has not normalised it (api/batch.py): only now it is needed
        normal = normalize_situation(tbs, situation)
    simulation = SimulationBuilder().build_from_entities(tbs, copy.deepcopy(normal))
    found: list[str] = []
    for month in months:
        uncertain = simulation.calculate("pension_age_uncertain", month)
        ages = simulation.calculate("age", month)
        thresholds = simulation.calculate("pension_age", month)
        for index in uncertain.nonzero()[0]:
            found.append(
                text(
                    "warnings.pension_age_uncertain",
                    lang,
                    id=simulation.persons.ids[index],
                    age=int(ages[index]),
                    month=month,
                    threshold=format_number(float(thresholds[index]), lang),
                    year=month[:4],
                )
            )
    return found


def _core_errors(tree: object, path: tuple[str, ...] = ()) -> list[dict[str, Any]]:
    """Flatten OpenFisca's error tree ({"persons": {"a": {"x": "msg"}}}) into our error list."""
    if isinstance(tree, dict):
        found = []
        for key, value in tree.items():
            found.extend(_core_errors(value, (*path, str(key))))
        return found
    if isinstance(tree, list):
        message = next((str(item) for item in tree if item is not None), "invalid value")
        return [{"path": "/".join(path), "code": "invalid", "message": message}]
    return [{"path": "/".join(path), "code": "invalid", "message": str(tree)}]


__all__ = [
    "Shape",
    "SituationError",
    "build_simulation",
    "normalize_situation",
    "pension_age_warnings",
    "requested_outputs",
    "situation_shape",
    "validate_shaped_in_bulk",
    "validate_situation",
    "validate_situation_outputs",
    "validate_situation_shaped",
]
