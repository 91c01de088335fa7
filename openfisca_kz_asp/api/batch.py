"""Many situations computed in one vectorised simulation: ``POST /batch`` and the coalescing of
concurrent ``/calculate`` requests (``api/coalesce.py``) both use :func:`run_jobs`.

OpenFisca's cost is almost all fixed per variable and period (about 9 ms for the ~100 variables
of one month), not per family: 1,000 families in one simulation cost about what one does. So the
situations are validated one by one (each with its own errors and warnings, exactly as
``/calculate`` checks it), then merged into one population, each instance's id prefixed with the
situation's number, computed together, and each answer is cut out of the shared arrays.

Most situations of a request share their *shape* (``situations.Shape``: the same entities, ids,
roles, variables and periods; only the values differ). What depends on the shape alone is worked
out once per shape: the checks (``situations.validate_situation_shaped``: each situation still has
each value checked and its value warnings written) and a template of the merged build (positions,
roles, which value goes where), so that the situations of one shape are placed side by side and
their values put in the input arrays by array slices, not value by value.

What may share a simulation (:func:`_group_key`): the same tax-benefit system (reform), the same
months asked, and the same *spread signature*. OpenFisca stores an input given for several months
(``"month:2023-10:3"``) by dividing it over the months that have no value yet, counted for the
whole population at once: merging a family that gives October alone with one that gives the
quarter would change both. So two situations share a simulation only when, for every variable
given over more than one of its periods, they give it for the same periods in the same order.
Situations with axes, with a person outside every family or without households are computed alone,
as ``/calculate`` computes them. If a merged run fails for any reason, each of its situations is
computed alone: an error in one never touches the others.
"""

from __future__ import annotations

import collections
import copy
import datetime
import functools
import itertools
import logging
import operator
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from openfisca_core import periods
from openfisca_core.indexed_enums import Enum
from openfisca_core.periods import DateUnit, Period
from openfisca_core.simulations import Simulation
from openfisca_core.taxbenefitsystems import TaxBenefitSystem

from openfisca_kz_asp.api import compute
from openfisca_kz_asp.api.errors import ApiError, error_body, problem, shown
from openfisca_kz_asp.api.lean import make_lean
from openfisca_kz_asp.contract.completion import PartialInput, complete_computable_inputs, partial_inputs
from openfisca_kz_asp.contract.schema import MAX_PERSONS
from openfisca_kz_asp.situations import (
    Shape,
    SituationError,
    pension_age_warnings,
    situation_shape,
    validate_shaped_in_bulk,
    validate_situation_shaped,
)

log = logging.getLogger("gunicorn.error")

MAX_SITUATIONS = 1000  # situations in one /batch request
MAX_TOTAL_PERSONS = 10_000  # persons over all the situations of one /batch request
MAX_BATCH_BODY_BYTES = 8 * 1024 * 1024
FIELDS = ("situations", "reform_parameters")


@dataclass
class Job:
    """One situation to compute as ``compute.calculate(system, situation)`` would, alone."""

    system: TaxBenefitSystem
    situation: Any  # the /calculate body without reform_parameters: filled in place when answered
    lang: str = "en"
    max_persons: int = MAX_PERSONS
    answer: dict[str, Any] | None = None
    error: BaseException | None = None
    # set while preparing
    warnings: list[str] = field(default_factory=list)
    outputs: list[tuple[str, str, str, str]] = field(default_factory=list)
    shape: Shape | None = None  # its shape (situations.Shape), with the batch's template in derived
    values: list[Any] = field(default_factory=list)  # the values it gives, in the shape's order


def alone(job: Job) -> None:
    """``compute.calculate`` on the job's situation: its answer, or the exception it raised."""
    try:
        job.answer = compute.calculate(job.system, job.situation, lang=job.lang, max_persons=job.max_persons)
    except Exception as error:
        job.error = error


def run_jobs(jobs: list[Job]) -> None:
    """Answer every job (``answer`` or ``error``), compatible ones in one simulation each."""
    groups: dict[tuple[Any, ...], list[Job]] = {}
    for job, key in zip(jobs, _prepared_all(jobs), strict=True):
        if key is None:
            continue
        groups.setdefault(key, []).append(job)
    for group in groups.values():
        try:
            columns = _merged_answers(group)
        except Exception:
            log.debug("merged run of %d situations failed; computing each alone", len(group), exc_info=True)
            for job in group:
                alone(job)
            continue
        for (plural, instance_id, name, period), situations, values in columns:
            targets = map(_item(name), map(_item(instance_id), map(_item(plural), situations)))
            collections.deque(map(operator.setitem, targets, itertools.repeat(period), values), maxlen=0)
        for job in group:
            if job.warnings:
                job.situation["warnings"] = job.warnings
            job.answer = job.situation


_item = functools.lru_cache(maxsize=1024)(operator.itemgetter)


def _prepared_all(jobs: list[Job]) -> list[tuple[Any, ...] | None]:
    """:func:`_prepared` of each job: the situations of one shape (``situations.situation_shape``)
    are checked together by ``situations.validate_shaped_in_bulk`` once their shape is known (the
    first of them, and any it leaves undecided, by :func:`_prepared`)."""
    keys: list[tuple[Any, ...] | None] = [None] * len(jobs)
    rows: list[list[Any]] = [[] for _ in jobs]
    shaped: dict[tuple[Any, ...], list[int]] = {}
    for number, job in enumerate(jobs):
        situation = job.situation
        found = situation_shape(situation) if type(situation) is dict else None
        if found is None:
            keys[number] = _prepared(job)
            continue
        rows[number] = found[1]
        shaped.setdefault((id(job.system), job.lang, job.max_persons, found[0]), []).append(number)
    for (_system, lang, max_persons, skeleton), same in shaped.items():
        system, numbers = jobs[same[0]].system, same  # one system for all of them: it is in the key
        while numbers:
            answers = validate_shaped_in_bulk(
                system,
                [jobs[number].situation for number in numbers],
                [rows[number] for number in numbers],
                skeleton=skeleton,
                max_persons=max_persons,
                lang=lang,
            )
            if answers is None:  # the shape is not known yet: the first is checked the usual way
                keys[numbers[0]] = _prepared(jobs[numbers[0]])
                numbers = numbers[1:]
                continue
            for number, answer in zip(numbers, answers, strict=True):
                keys[number] = _prepared(jobs[number]) if answer is None else _accepted(jobs[number], answer)
            break
    return keys


def _prepared(job: Job) -> tuple[Any, ...] | None:
    """Validate the job's situation; None when it is answered already (an error) or computed alone
    (it is then answered here), else the key of the simulations it may share."""
    situation = job.situation
    if not isinstance(situation, dict) or "axes" in situation:
        alone(job)
        return None
    checked = _answered_on_error(
        job,
        lambda: validate_situation_shaped(job.system, situation, max_persons=job.max_persons, lang=job.lang),
    )
    if checked is None:
        return None
    warnings, outputs, shape, values = checked
    return _accepted(job, (warnings, outputs, shape, values, True))


def _answered_on_error(job: Job, step: Callable[[], Any]) -> Any:
    """``step()``; None when it raised, the job then answered: with its SituationError (a 400 of
    its own), or computed alone for any other error (which then answers as it would alone)."""
    try:
        return step()
    except SituationError as error:
        job.error = error
    except Exception:
        alone(job)
    return None


def _accepted(
    job: Job, checked: tuple[list[str], list[tuple[str, str, str, str]], Shape | None, list[Any], bool]
) -> tuple[Any, ...] | None:
    """The rest of :func:`_prepared` for a valid situation, given what its checks returned (its
    warnings, outputs, shape, values, and whether it may be a woman near the pension age): its
    pension-age warning and its shape's template; None when it is answered already (an error) or
    computed alone."""
    warnings, outputs, shape, values, candidate = checked

    def pension_age_and_template() -> tuple[list[str], Any]:
        extra = pension_age_warnings(job.system, job.situation, shape, values, job.lang) if candidate else []
        return extra, None if shape is None else _template(job.system, shape, job.situation)

    found = _answered_on_error(job, pension_age_and_template)
    if found is None:
        return None
    warnings += found[0]
    template = found[1]
    if template is None:
        alone(job)
        return None
    job.warnings, job.outputs, job.shape, job.values = warnings, outputs, shape, values
    return (id(job.system), template.months, template.signature)


@dataclass
class _Template:
    """What the merged build needs of one shape (``situations.Shape``), worked out from the first
    situation of that shape: every situation of the shape is then placed by array arithmetic."""

    signature: tuple[Any, ...]
    months: tuple[str, ...]
    ids: dict[str, list[str]]  # per entity plural, its instances' ids in order
    members: dict[str, tuple[np.ndarray, np.ndarray]]  # per group: each person's group and role
    slots: list[tuple[str, int, str, str]]  # per value given: entity plural, instance, variable, period
    marks: dict[str, list[tuple[str, Period, np.ndarray]]]  # computable inputs given (completion.py)
    outputs: list[tuple[str, int, str, str]]  # per output: entity plural, instance, variable, period


def _template(tbs: TaxBenefitSystem, shape: Shape, situation: dict[str, Any]) -> _Template | None:
    """The shape's template (kept in ``shape.derived``), or None when the shape is computed alone."""
    if "batch" in shape.derived:
        return shape.derived["batch"]
    normal = _normalized(tbs, situation)
    signature = _signature(tbs, normal)
    template = None
    if signature is not None:
        template = _make_template(tbs, shape, situation, normal, signature)
    shape.derived["batch"] = template
    return template


def _make_template(
    tbs: TaxBenefitSystem,
    shape: Shape,
    situation: dict[str, Any],
    normal: dict[str, Any],
    signature: tuple[Any, ...],
) -> _Template:
    person = tbs.person_entity
    ids = {entity.plural: list(normal[entity.plural]) for entity in tbs.entities}
    position = {plural: {key: index for index, key in enumerate(keys)} for plural, keys in ids.items()}
    members = {}
    size = len(ids[person.plural])
    for entity in tbs.group_entities:
        roles = {role.plural or role.key: role for role in entity.roles}
        groups = np.empty(size, dtype=np.int32)
        kinds = np.empty(size, dtype=object)
        for index, data in enumerate(normal[entity.plural].values()):
            for name, values in data.items():
                role = roles.get(name)
                if role is None:
                    continue
                for within, member in enumerate(values):
                    groups[position[person.plural][member]] = index
                    kinds[position[person.plural][member]] = role.subroles[within] if role.subroles else role
        members[entity.plural] = (groups, kinds)  # every person is placed (_signature)
    slots: list[
        tuple[str, int, str, str]
    ] = []  # in the order of situation_shape's values: the situation's own order
    for plural, instances in situation.items():
        for index, data in enumerate(instances.values()):
            for name, values in data.items():
                if isinstance(values, dict):
                    slots.extend(
                        (plural, index, name, _canonical(str(raw)))
                        for raw, value in values.items()
                        if value is not None
                    )
    # The computable inputs given, each with the instances that give it: completion.partial_inputs
    # on the situation with one more, empty instance of each entity, so that none is left out.
    padded = {plural: {**normal[plural], "\0": {}} for plural in ids}
    marks: dict[str, list[tuple[str, Period, np.ndarray]]] = {plural: [] for plural in ids}
    for partial in partial_inputs(tbs, padded):
        marks[partial.plural].append((partial.name, partial.period, partial.given[:-1]))
    outputs = [
        (plural, position[plural][instance_id], name, period)
        for plural, instance_id, name, period in shape.outputs
    ]
    months = tuple(sorted({period for _plural, _id, _name, period in shape.outputs}))
    return _Template(signature, months, ids, members, slots, marks, outputs)


@functools.lru_cache(maxsize=4096)
def _period(raw: str) -> Period:
    return periods.period(raw)


@functools.lru_cache(maxsize=4096)
def _canonical(raw: str) -> str:
    """The period's own text (``"month:2023-10:3"``), as OpenFisca's builder keys its inputs."""
    return str(periods.period(raw))


def _normalized(tbs: TaxBenefitSystem, situation: dict[str, Any]) -> dict[str, Any]:
    """``situations.normalize_situation`` (plural role keys with lists, dates as strings) of a
    validated situation, without its deep copy: new dicts and lists, the values shared."""
    normal: dict[str, Any] = {}
    for entity in tbs.entities:
        instances = situation.get(entity.plural)
        if instances is None:
            continue
        roles = {} if entity.is_person else _roles(entity)
        copied = {}
        for instance_id, data in instances.items():
            out: dict[str, Any] = {}
            members: dict[str, list[str]] = {}
            for name, values in data.items():
                if name in roles:
                    given = [values] if isinstance(values, str) else list(values)
                    members[roles[name]] = members.get(roles[name], []) + given
                else:
                    out[name] = {
                        str(p): (v.isoformat() if isinstance(v, datetime.date) else v)
                        for p, v in values.items()
                    }
            out.update(members)
            copied[instance_id] = out
        normal[entity.plural] = copied
    return normal


@functools.cache
def _roles(entity: Any) -> dict[str, str]:
    """Each role key a group accepts (singular or plural) -> the plural under which OpenFisca reads it."""
    return {
        key: role.plural or role.key for role in entity.roles for key in {role.key, role.plural or role.key}
    }


def _signature(tbs: TaxBenefitSystem, normal: dict[str, Any]) -> tuple[Any, ...] | None:
    """The spread signature of a normalised situation (module docstring), or None when it must be
    computed alone (a group entity missing, a person outside every group of an entity)."""
    persons = normal.get(tbs.person_entity.plural) or {}
    found: dict[str, list[str]] = {}
    spread: set[str] = set()
    for entity in [tbs.person_entity, *tbs.group_entities]:
        instances = normal.get(entity.plural)
        if instances is None:
            return None
        roles = {} if entity.is_person else {role.plural or role.key: role.max for role in entity.roles}
        placed = 0
        for data in instances.values():
            for name, values in data.items():
                if name in roles:
                    placed += len(values)
                    if roles[name] is not None and len(values) > roles[name]:
                        return None  # OpenFisca's builder refuses it: answered alone, with its error
                    continue
                variable = tbs.variables[name]
                for raw, value in values.items():
                    if value is None:
                        continue
                    period = _period(str(raw))
                    text = _canonical(str(raw))
                    seen = found.setdefault(name, [])
                    if text not in seen:
                        seen.append(text)
                    if variable.definition_period != DateUnit.ETERNITY and (
                        period.unit != variable.definition_period or period.size != 1
                    ):
                        spread.add(name)
        if not entity.is_person and placed != len(persons):
            return None
    return tuple(sorted((name, tuple(found[name])) for name in spread))


def _merged_answers(
    group: list[Job],
) -> list[tuple[tuple[str, str, str, str], list[Any], list[Any]]]:
    """The outputs of the jobs of the group, from one simulation of all of them: per output of each
    shape, its address in the situation, the situations of that shape and their values."""
    tbs = group[0].system
    numbers: dict[int, list[int]] = {}  # the situations of each shape, which are placed together
    for number, job in enumerate(group):
        numbers.setdefault(id(job.shape), []).append(number)
    blocks = [[group[number] for number in same] for same in numbers.values()]
    simulation, bases = _merged_simulation(tbs, blocks)
    computed: dict[tuple[str, str], Any] = {}
    columns = []
    for jobs, base in zip(blocks, bases, strict=True):
        shape = jobs[0].shape
        assert shape is not None
        template: _Template = shape.derived["batch"]
        situations = [job.situation for job in jobs]
        for (plural, index, name, period), output in zip(template.outputs, shape.outputs, strict=True):
            variable = tbs.variables[name]
            if (name, period) not in computed:
                values = simulation.calculate(name, _period(period))
                computed[name, period] = values.decode_to_str() if variable.value_type is Enum else values
            size = len(template.ids[plural])
            start = base[plural] + index
            column = computed[name, period][start : start + len(jobs) * size : size]
            columns.append((output, situations, _converted(column, variable.value_type)))
    return columns


# value type -> the dtype kinds whose tolist() is _to_json's answer (texts: any type but these two)
_TOLIST_KINDS = {int: ("i", "u"), bool: ("b",)}


def _converted(column: Any, value_type: Any) -> list[Any]:
    """``compute._to_json(value, value_type)`` of each element of the column, in bulk where it is
    the same: ``tolist()`` of a column of texts (a decoded Enum), whole numbers or booleans gives the
    Python ``str``, ``int`` or ``bool`` that ``_to_json`` gives one by one; floats by :func:`_floats`
    when many (their text is the costly part), one by one when few."""
    if value_type is float:
        if len(column) > 16:
            return _floats(column)
    elif isinstance(column, np.ndarray):
        kinds = _TOLIST_KINDS.get(value_type)
        if column.dtype.kind in (kinds or ("U",)):
            return column.tolist()
    return [compute._to_json(value, value_type) for value in column]


def _floats(values: Any) -> list[Any]:
    """``compute._to_json(value, float)`` of each element, worked out once per distinct value (the
    decimal text of a float32 is the costly part, and most families share their amounts). Zeros,
    which ``np.unique`` merges whatever their sign, are converted by their sign."""
    distinct, inverse = np.unique(values, return_inverse=True)
    converted = [compute._to_json(value, float) for value in distinct]
    out = [converted[position] for position in inverse.reshape(-1).tolist()]
    zeros = np.flatnonzero(values == 0)
    if zeros.size:
        signed = {
            sign: compute._to_json(values.dtype.type(-0.0 if sign else 0.0), float) for sign in (False, True)
        }
        for position, sign in zip(zeros.tolist(), np.signbit(values[zeros]).tolist(), strict=True):
            out[position] = signed[sign]
    return out


def _column(variable: Any, column: tuple[Any, ...]) -> np.ndarray:
    """``variable.check_set_value`` of each (validated) value, as one array."""
    if variable.value_type is Enum:
        indexes = _enum_indexes(variable.possible_values)
        return np.array([indexes[value] for value in column], dtype=variable.dtype)
    return np.array(column, dtype=variable.dtype)


@functools.cache
def _enum_indexes(possible_values: Any) -> dict[str, int]:
    return {item.name: item.index for item in possible_values}


@dataclass
class _Layout:
    """Where each block of jobs (one shape each) lies in the merged populations."""

    blocks: list[list[Job]]
    templates: list[_Template]
    bases: list[dict[str, int]]  # per block, the position of its first instance of each entity
    counts: dict[str, int]  # instances of each entity in all
    ids: dict[str, list[str]]  # each entity's ids, "<number>:<id>"

    def parts(self) -> Iterator[tuple[list[Job], _Template, dict[str, int]]]:
        return zip(self.blocks, self.templates, self.bases, strict=True)


def _layout(tbs: TaxBenefitSystem, blocks: list[list[Job]]) -> _Layout:
    templates: list[_Template] = [jobs[0].shape.derived["batch"] for jobs in blocks]  # type: ignore[union-attr]
    counts = {entity.plural: 0 for entity in tbs.entities}
    ids: dict[str, list[str]] = {entity.plural: [] for entity in tbs.entities}
    bases = []
    number = 0
    for jobs, template in zip(blocks, templates, strict=True):
        bases.append(dict(counts))
        for plural, keys in template.ids.items():
            counts[plural] += len(jobs) * len(keys)
            ids[plural].extend(f"{number + k}:{key}" for k in range(len(jobs)) for key in keys)
        number += len(jobs)
    return _Layout(blocks, templates, bases, counts, ids)


def _merged_simulation(
    tbs: TaxBenefitSystem, blocks: list[list[Job]]
) -> tuple[Simulation, list[dict[str, int]]]:
    """One simulation of the jobs, given in blocks of one shape each: what OpenFisca's
    ``SimulationBuilder.build_from_entities`` builds from their union (ids ``"<number>:<id>"``),
    each block's instances side by side (its situations one after another in the shape's order),
    filled by array slices from the shape's template instead of value by value. Returns the
    simulation and, per block, where its first instance of each entity lies in its population."""
    populations = tbs.instantiate_entities()
    simulation = make_lean(Simulation(tbs, populations))
    person = tbs.person_entity
    layout = _layout(tbs, blocks)
    for entity in [person, *tbs.group_entities]:
        population = populations[entity.key]
        population.count = layout.counts[entity.plural]
        population.ids = layout.ids[entity.plural]
        if entity.is_person:
            continue
        memberships = np.empty(layout.counts[person.plural], dtype=np.int32)
        member_roles = np.empty(layout.counts[person.plural], dtype=object)
        for jobs, template, base in layout.parts():
            groups, roles = template.members[entity.plural]
            start, size = base[person.plural], len(template.ids[person.plural])
            stop = start + len(jobs) * size
            shift = np.arange(len(jobs), dtype=np.int32)[:, None] * len(template.ids[entity.plural])
            memberships[start:stop] = (base[entity.plural] + shift + groups).ravel()
            member_roles[start:stop] = np.tile(roles, len(jobs))
        population.members_entity_id = memberships
        population.members_role = member_roles
    buffer = _input_arrays(tbs, layout)
    for entity in [person, *tbs.group_entities]:
        population = populations[entity.key]
        for name, arrays in buffer.items():
            variable = tbs.variables[name]
            if variable.entity.key != entity.key:
                continue
            holder = population.get_holder(name)
            for key in sorted(arrays, key=lambda text: periods.key_period_size(_period(text))):
                period = _period(key)
                if variable.end is None or period.start.date <= variable.end:
                    holder.set_input(period, arrays[key])
    complete_computable_inputs(simulation, _partial_inputs(tbs, layout))
    return simulation, layout.bases


def _input_arrays(tbs: TaxBenefitSystem, layout: _Layout) -> dict[str, dict[str, Any]]:
    """Each input's array per period (its canonical text), every value given put in place."""
    buffer: dict[str, dict[str, Any]] = {}
    for jobs, template, base in layout.parts():
        columns = list(zip(*(job.values for job in jobs), strict=True))  # one per value of the shape
        for (plural, index, name, key), column in zip(template.slots, columns, strict=True):
            variable = tbs.variables[name]
            arrays = buffer.setdefault(name, {})
            array = arrays.get(key)
            if array is None:
                array = arrays[key] = variable.default_array(layout.counts[plural])
            size = len(template.ids[plural])
            start = base[plural] + index
            array[start : start + len(jobs) * size : size] = _column(variable, column)
    return buffer


def _partial_inputs(tbs: TaxBenefitSystem, layout: _Layout) -> list[PartialInput]:
    """``completion.partial_inputs`` of the union of the jobs, from their templates' marks."""
    partials: dict[tuple[str, str], PartialInput] = {}
    for entity in tbs.entities:
        plural = entity.plural
        for jobs, template, base in layout.parts():
            start = base[plural]
            stop = start + len(jobs) * len(template.ids[plural])
            for name, period, given in template.marks[plural]:
                partial = partials.get((name, str(period)))
                if partial is None:
                    partial = partials[name, str(period)] = PartialInput(
                        name, period, plural, np.zeros(layout.counts[plural], dtype=bool), layout.ids[plural]
                    )
                partial.given[start:stop] = np.tile(given, len(jobs))
    return [partial for partial in partials.values() if not partial.given.all()]


# --- POST /batch -------------------------------------------------------------------------------


def batch_answer(  # noqa: PLR0912
    body: dict[str, Any],
    *,
    lang: str,
    system_for_changes: Callable[[object, str], tuple[TaxBenefitSystem, Any]],
    system: TaxBenefitSystem,
    describe_changes: Callable[[Any, str], Any],
    max_persons: int,
    run: Callable[[list[Job]], None] = run_jobs,
) -> dict[str, Any]:
    """The answer of ``POST /batch`` for its parsed body (``{"situations": [...]}``, optionally a
    shared ``reform_parameters``); a 400 or 413 for the request as a whole, else one result per
    situation, in their order: ``{"status": 200 or 400, "body": what /calculate answers}``. ``run``
    answers the jobs (:func:`run_jobs`, or the worker's coalescing of concurrent requests)."""
    errors = [
        problem(key[:40], "unknown_field", lang, field=key[:40], allowed=", ".join(FIELDS))
        for key in body
        if key not in FIELDS
    ]
    situations = body.get("situations")
    if "situations" not in body:
        errors.append(problem("situations", "missing_field", lang, field="situations"))
    elif not isinstance(situations, list) or not situations:
        errors.append(problem("situations", "batch_not_list", lang, got=shown(situations)))
    if errors:
        raise ApiError.listing(400, errors)
    assert isinstance(situations, list)
    if len(situations) > MAX_SITUATIONS:
        raise ApiError(
            413,
            "situations",
            "too_many",
            lang,
            plural="situations",
            count=len(situations),
            max=MAX_SITUATIONS,
        )
    persons = sum(
        len(s.get("persons") or {}) if isinstance(s, dict) and isinstance(s.get("persons"), dict) else 0
        for s in situations
    )
    if persons > MAX_TOTAL_PERSONS:
        raise ApiError(
            413, "situations", "too_many", lang, plural="persons", count=persons, max=MAX_TOTAL_PERSONS
        )
    shared = body.get("reform_parameters")
    jobs: list[Job | None] = []
    results: list[dict[str, Any] | None] = []
    changes_by_item: list[Any] = []
    for index, situation in enumerate(situations):
        item_system, changes = system, None
        try:
            own = situation.pop("reform_parameters", None) if isinstance(situation, dict) else None
            if own is not None and shared is not None:
                raise ApiError(
                    400, f"situations/{index}/reform_parameters", "batch_reform_parameters_twice", lang
                )
            given = own if own is not None else shared
            if given is not None:
                item_system, changes = system_for_changes(given, lang)
        except ApiError as error:
            jobs.append(None)
            results.append({"status": error.status, "body": error.body})
            changes_by_item.append(None)
            continue
        jobs.append(Job(item_system, situation, lang=lang, max_persons=max_persons))
        results.append(None)
        changes_by_item.append(changes)
    run([job for job in jobs if job is not None])
    for index, job in enumerate(jobs):
        if job is None:
            continue
        if job.answer is not None:
            answer = job.answer
            if changes_by_item[index] is not None:
                answer["reform_parameters"] = describe_changes(changes_by_item[index], lang)
            results[index] = {"status": 200, "body": answer}
        else:
            results[index] = _error_result(job.error)
    ok = sum(1 for result in results if result is not None and result["status"] == 200)
    return {"count": len(results), "ok": ok, "failed": len(results) - ok, "results": results}


def _error_result(error: BaseException | None) -> dict[str, Any]:
    """A failed situation's result: the body and status /calculate would answer."""
    if isinstance(error, SituationError):
        return {"status": 400, "body": error_body(error.errors)}
    if isinstance(error, ApiError):
        return {"status": error.status, "body": error.body}
    ref = uuid.uuid4().hex[:12]
    log.error("Unexpected error %s in a /batch situation", ref, exc_info=error)
    return {"status": 500, "body": ApiError(500, "", "internal", "en", ref=ref).body}


def openapi(spec: dict[str, Any]) -> None:
    """Add ``POST /batch`` and its schemas to the OpenAPI document (``api/spec.py``)."""
    schemas = spec["components"]["schemas"]
    ref = "#/components/schemas/"
    schemas["BatchRequest"] = {
        "type": "object",
        "required": ["situations"],
        "additionalProperties": False,
        "properties": {
            "situations": {
                "type": "array",
                "minItems": 1,
                "maxItems": MAX_SITUATIONS,
                "items": {"$ref": ref + "CalculateRequest"},
                "description": "Each situation as the body of /calculate.",
            },
            "reform_parameters": copy.deepcopy(
                schemas["CalculateRequest"]["properties"]["reform_parameters"]
            ),
        },
    }
    schemas["BatchAnswer"] = {
        "type": "object",
        "properties": {
            "count": {"type": "integer"},
            "ok": {"type": "integer"},
            "failed": {"type": "integer"},
            "results": {
                "type": "array",
                "description": "One per situation, in their order: what /calculate answers for it alone.",
                "items": {
                    "type": "object",
                    "properties": {
                        "status": {"type": "integer", "enum": [200, 400, 500]},
                        "body": {"type": "object", "description": "A SituationOutput, or an Error."},
                    },
                },
            },
        },
    }
    parameters = copy.deepcopy(spec["paths"]["/calculate"]["post"]["parameters"])
    error = copy.deepcopy(spec["paths"]["/calculate"]["post"]["responses"]["400"])
    too_large = copy.deepcopy(error)
    too_large["description"] = (
        f"More than {MAX_SITUATIONS} situations, {MAX_TOTAL_PERSONS} persons in all, or "
        f"{MAX_BATCH_BODY_BYTES // (1024 * 1024)} MB of body."
    )
    spec["paths"]["/batch"] = {
        "post": {
            "summary": "Many situations in one simulation, each answered as /calculate answers it alone",
            "tags": ["Calculations"],
            "operationId": "batch",
            "parameters": parameters,
            "requestBody": {
                "required": True,
                "content": {"application/json": {"schema": {"$ref": ref + "BatchRequest"}}},
            },
            "responses": {
                "200": {
                    "description": "One result per situation, in their order",
                    "content": {"application/json": {"schema": {"$ref": ref + "BatchAnswer"}}},
                },
                "400": error,
                "413": too_large,
            },
        }
    }


__all__ = ["MAX_SITUATIONS", "MAX_TOTAL_PERSONS", "Job", "alone", "batch_answer", "openapi", "run_jobs"]
