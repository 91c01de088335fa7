"""Computable inputs given for some members only: the others get their computed value.

OpenFisca stores an input as one array per period for the whole population. When an input that a
formula could compute (``age``, ``is_caregiver``...) is given for some persons and not others, the
others get the variable's *default* in that array instead of their computed value: a mother given
by ``birth_date`` beside children given by ``age`` would be aged 0, and "No" as carer for one
child would make the page's other members non-carers.

:func:`complete_computable_inputs` repairs that after the simulation is built: for each such
(variable, period), in the order of their dependencies, it computes the formula for everyone, keeps
the given values where they were given, and stores the result as the input. Values computed on the
way are then forgotten, so the calculation proper starts from the inputs alone.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
from openfisca_core.indexed_enums import EnumArray
from openfisca_core.periods import Period
from openfisca_core.simulations import Simulation
from openfisca_core.taxbenefitsystems import TaxBenefitSystem

from openfisca_kz_asp.contract.model import spreads
from openfisca_kz_asp.contract.periods import months_of, parse_period


@dataclass
class PartialInput:
    """A computable input given for some instances of its entity at one period."""

    name: str
    period: Period
    plural: str
    given: np.ndarray  # bool, one per instance of the situation, in its order
    ids: list[str]

    @property
    def key(self) -> str:
        return f"{self.name}<{self.period}>"

    def missing_ids(self) -> list[str]:
        return [pid for pid, given in zip(self.ids, self.given, strict=True) if not given]


def partial_inputs(tbs: TaxBenefitSystem, situation: dict[str, Any]) -> list[PartialInput]:
    """The computable inputs of a (validated) situation given for some, not all, of their entity."""
    marks: dict[tuple[str, str], PartialInput] = {}

    def mark(name: str, raw: object, plural: str, position: int, ids: list[str]) -> None:
        variable = tbs.variables.get(name)
        period = parse_period(str(raw))
        if variable is None or not variable.formulas or period is None:
            return
        for one in _stored_periods(variable, period):
            key = (name, str(one))
            if key not in marks:
                marks[key] = PartialInput(name, one, plural, np.zeros(len(ids), dtype=bool), ids)
            marks[key].given[position] = True

    for entity in tbs.entities:
        instances = situation.get(entity.plural) or {}
        ids = list(instances)
        for position, data in enumerate(instances.values()):
            for name, values in data.items():
                if isinstance(values, dict):
                    for raw, value in values.items():
                        if value is not None:
                            mark(name, raw, entity.plural, position, ids)
    for parallel in situation.get("axes") or []:
        for axis in parallel:
            variable = tbs.variables.get(axis["name"])
            if variable is not None:
                ids = list(situation.get(variable.entity.plural) or {})
                mark(axis["name"], axis["period"], variable.entity.plural, axis.get("index", 0), ids)
    return [partial for partial in marks.values() if not partial.given.all()]


def _stored_periods(variable: Any, period: Period) -> list[Period]:
    """The periods OpenFisca stores a value given for ``period`` under (its months, if it spreads)."""
    if spreads(variable) and str(variable.definition_period).lower() == "month":
        return [parse_period(month) or period for month in months_of(period)]
    return [period]


def _stored(simulation: Simulation) -> set[tuple[str, str]]:
    found = set()
    for name in simulation.tax_benefit_system.variables:
        for period in simulation.get_holder(name).get_known_periods():
            found.add((name, str(period)))
    return found


def _forget_computed(simulation: Simulation, keep: set[tuple[str, str]]) -> None:
    """Drop every value the simulation computed, keeping the inputs (and the completed ones)."""
    for name in simulation.tax_benefit_system.variables:
        holder = simulation.get_holder(name)
        for period in holder.get_known_periods():
            if (name, str(period)) not in keep:
                holder.delete_arrays(period)


def _order(partials: list[PartialInput], dependencies: dict[str, list[str]]) -> list[PartialInput]:
    """``partials`` with each one after the partial inputs its formula depends on."""
    keys = {partial.key for partial in partials}
    reach: dict[str, set[str]] = {}

    def below(key: str) -> set[str]:
        if key not in reach:
            reach[key] = set()
            for child in dependencies.get(key, []):
                reach[key] |= {child} | below(child)
        return reach[key]

    ordered: list[PartialInput] = []
    placed: set[str] = set()
    pending = list(partials)
    while pending:
        ready = [p for p in pending if not (below(p.key) & keys) - placed - {p.key}] or pending[:1]
        for partial in ready:
            ordered.append(partial)
            placed.add(partial.key)
            pending.remove(partial)
    return ordered


def complete_computable_inputs(simulation: Simulation, partials: list[PartialInput]) -> None:
    """Give each member without a value of a partial input the value its formula computes."""
    if not partials:
        return
    given: dict[str, tuple[Any, np.ndarray]] = {}
    for partial in partials:
        holder = simulation.get_holder(partial.name)
        values = holder.get_array(partial.period)
        count = holder.population.count
        mask = np.tile(partial.given, count // len(partial.given))  # axes repeat the situation
        given[partial.key] = (values, mask)
        holder.delete_arrays(partial.period)
    inputs = _stored(simulation)
    simulation.trace = True  # only to learn which partial inputs each one depends on
    for partial in partials:
        simulation.calculate(partial.name, partial.period)
    flat = simulation.tracer.get_flat_trace()
    simulation.trace = False
    dependencies = {str(key): [str(child) for child in node["dependencies"]] for key, node in flat.items()}
    _forget_computed(simulation, inputs)
    for partial in _order(partials, dependencies):
        values, mask = given[partial.key]
        computed = simulation.calculate(partial.name, partial.period)
        merged = np.where(mask, values, computed)
        variable = simulation.tax_benefit_system.variables[partial.name]
        possible_values = getattr(variable, "possible_values", None)
        if isinstance(computed, EnumArray) and possible_values is not None:
            merged = EnumArray(merged, possible_values)
        holder = simulation.get_holder(partial.name)
        holder.delete_arrays(partial.period)
        holder.put_in_cache(merged.astype(computed.dtype, copy=False), partial.period)
        inputs.add((partial.name, str(partial.period)))
        _forget_computed(simulation, inputs)


__all__ = ["PartialInput", "complete_computable_inputs", "partial_inputs"]
