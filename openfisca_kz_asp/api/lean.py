"""A leaner path through OpenFisca core's calculation loop for the API's untraced simulations.

One month of ASP for a family asks OpenFisca about 115 variable calculations (about 60 of them run
a formula), and core's per-calculation bookkeeping costs more than most formulas: each call of a
population (``person("age", period)``) builds a named tuple, re-parses the period through a
``functools.singledispatch``, looks the variable up in the system twice and checks that it
belongs to the entity; each ``Simulation.calculate`` looks the variable up three more times,
re-checks the period against the variable's definition period with Python-level enum
comparisons, asks the variable for its formula (a walk over a sorted dict), and stores the result
through ``Holder._set`` (the same checks again, and the period parsed again). In the API that is
2-3 ms of a 4-5 ms computation, paid once per merged simulation whatever the number of families.

:func:`make_lean` turns a simulation built by core (``Simulation`` with ``Population`` and
``GroupPopulation``) into one whose hot path does the same work with less Python:

* a period given as text is parsed once per text (``functools.lru_cache``);
* the variable, its entity, its definition period, whether it is an Enum and its formula for
  each start instant are looked up once per tax-benefit system and variable object
  (:class:`_Record`, validated on each call by identity with ``system.variables[name]``, so a
  variable replaced in the system is never served from a stale record);
* the period check and the store skip nothing: the fast path is taken only when the period is
  one of the variable's own unit and size 1 (core's checks cannot fail then) and the array has
  the population's length and the variable's dtype; anything else goes through core's own
  methods, which raise core's own errors;
* the cycle and spiral detection is core's (``_check_for_cycle`` on the same stack of frames),
  skipped only where it cannot raise: the variable's one frame on the stack is the current one
  (``LeanSimulation._alone_on_stack``);
* with ``simulation.trace`` on, with a ``start_computation_period``, a memory configuration, a
  neutralised variable, options (``ADD``/``DIVIDE``) or anything unusual, core's own code runs.

The values are core's: the same formulas are called with the same arguments, in the same order,
and their results cast and stored as core casts and stores them (``tests/api/test_lean.py``
computes every variable of the system both ways). ``/trace`` and ``/explain`` keep core's
simulation.
"""

from __future__ import annotations

import functools
import weakref
from typing import Any

import numpy as np
from openfisca_core import periods
from openfisca_core.data_storage import InMemoryStorage
from openfisca_core.errors import SpiralError
from openfisca_core.holders import Holder
from openfisca_core.indexed_enums import Enum, EnumArray
from openfisca_core.periods import DateUnit, Instant, Period
from openfisca_core.populations import GroupPopulation, Population
from openfisca_core.simulations import Simulation
from openfisca_core.taxbenefitsystems import TaxBenefitSystem
from openfisca_core.tracers import SimpleTracer
from openfisca_core.variables import Variable

_ETERNITY = periods.period(DateUnit.ETERNITY)  # the key of an eternal variable's storage (InMemoryStorage)
_MEMO_ATTRIBUTE = "_kz_asp_lean_memo"


@functools.lru_cache(maxsize=4096)
def _parsed(text: str) -> Period:
    """``periods.period`` of a period's text (a Period is an immutable tuple; an error is not cached)."""
    return periods.period(text)


class _Record:
    """What the hot path needs of one variable object, worked out once per system."""

    __slots__ = (
        "definition_period",
        "dtype",
        "entity_key",
        "eternal",
        "formulas",
        "is_enum",
        "neutralized",
        "variable",
    )

    def __init__(self, variable: Variable) -> None:
        self.variable = variable
        self.entity_key = variable.entity.key
        self.definition_period = variable.definition_period
        self.eternal = variable.definition_period == DateUnit.ETERNITY
        self.is_enum = bool(variable.value_type == Enum)  # core's own test (EnumType.__eq__)
        self.dtype = variable.dtype
        self.neutralized = bool(variable.is_neutralized)
        # start instant -> (formula or None, whether it takes parameters)
        self.formulas: dict[Any, tuple[Any, bool]] = {}

    def formula(self, period: Period) -> tuple[Any, bool]:
        """``variable.get_formula(period)`` (which reads only ``period.start``), memoised."""
        start = period[1]
        found = self.formulas.get(start)
        if found is None:
            formula = self.variable.get_formula(period)
            found = (formula, formula is not None and formula.__code__.co_argcount != 2)
            self.formulas[start] = found
        return found


class _Memo:
    """Records of one tax-benefit system's variables (kept on the system itself, so that they live
    and die with it; ``owner`` guards against a copy of the system's ``__dict__``)."""

    __slots__ = ("__weakref__", "owner", "records")

    def __init__(self, system: TaxBenefitSystem) -> None:
        self.owner = weakref.ref(system)
        self.records: dict[str, _Record] = {}


def _memo(system: TaxBenefitSystem) -> _Memo:
    memo = system.__dict__.get(_MEMO_ATTRIBUTE)
    if memo is None or memo.owner() is not system:
        memo = _Memo(system)
        system.__dict__[_MEMO_ATTRIBUTE] = memo
    return memo


class LeanSimulation(Simulation):
    """``Simulation`` with the lean hot path (module docstring). Made by :func:`make_lean`."""

    _lean_memo: _Memo
    _lean_names: dict[str, int]  # how many frames of each variable this class put on the stack
    _lean_depth: int  # and how many in all

    def calculate(self, variable_name: str, period: Any) -> Any:
        tracer = self.tracer
        if self._trace or type(tracer) is not SimpleTracer:
            return Simulation.calculate(self, variable_name, period)
        if type(period) is str:
            period = _parsed(period)
        elif period is not None and not isinstance(period, Period):
            period = periods.period(period)
        stack = tracer._stack
        stack.append({"name": variable_name, "period": period})  # SimpleTracer.record_calculation_start
        names = self._lean_names
        names[variable_name] = names.get(variable_name, 0) + 1
        self._lean_depth += 1
        try:
            return self._calculate(variable_name, period)
        finally:
            stack.pop()  # SimpleTracer.record_calculation_end
            self._lean_depth -= 1
            left = names[variable_name] - 1
            if left:
                names[variable_name] = left
            else:
                del names[variable_name]
            if not stack and self.invalidated_caches:
                self.purge_cache_of_invalid_values()

    def _calculate(self, variable_name: str, period: Any) -> Any:  # noqa: PLR0912 - core's steps, inlined
        system = self.tax_benefit_system
        variable = system.variables.get(variable_name)
        records = self._lean_memo.records
        record = records.get(variable_name)
        if record is None or record.variable is not variable:
            if not isinstance(variable, Variable) or self._lean_memo.owner() is not system:
                return Simulation._calculate(self, variable_name, period)
            record = records[variable_name] = _Record(variable)
        if (
            self._trace
            or self.start_computation_period is not None
            or record.neutralized
            or not isinstance(period, Period)
        ):
            return Simulation._calculate(self, variable_name, period)
        population = self.populations[record.entity_key]
        holder = population._holders.get(variable_name)
        if holder is None:
            holder = population.get_holder(variable_name)
        exact = record.eternal or (period[0] is record.definition_period and period[2] == 1)
        if not exact:
            self._check_period_consistency(period, variable)  # raises core's error, or passes
        storage = holder._memory_storage
        if holder._disk_storage is not None or type(storage) is not InMemoryStorage:
            return Simulation._calculate(self, variable_name, period)
        key = _ETERNITY if record.eternal else period
        cached = storage._arrays.get(key)
        if cached is not None:
            return cached
        try:
            if not self._alone_on_stack(variable.name):
                self._check_for_cycle(variable.name, period)  # core's own, on the same stack
            formula, with_parameters = record.formula(period)
            if formula is None:
                array = None
            elif with_parameters:
                array = formula(population, period, system.get_parameters_at_instant)
            else:
                array = formula(population, period)
            if array is None:
                array = holder.default_array()
            array = self._lean_cast(array, variable, record, population)
            if (
                exact
                and type(holder) is Holder
                and not holder._do_not_store
                and not self.opt_out_cache
                and isinstance(array, np.ndarray)
                and array.ndim == 1
                and len(array) == population.count
                and array.dtype == record.dtype
                and (not record.is_enum or isinstance(array, EnumArray))
            ):
                storage._arrays[key] = array  # what Holder._set stores after its checks
            else:
                holder.put_in_cache(array, period)
        except SpiralError:
            array = holder.default_array()
        return array

    def _alone_on_stack(self, name: str) -> bool:
        """True when core's ``_check_for_cycle(name, period)`` cannot raise: every frame of the stack
        was put there by :meth:`calculate` (none by core's own ``calculate``), the variable's only
        frame is the current one (so core's list of its earlier periods is empty), and a spiral
        needs at least one earlier frame (``max_spiral_loops`` >= 1). Otherwise core's check runs."""
        return (
            self._lean_names.get(name) == 1
            and len(self.tracer.stack) == self._lean_depth
            and self.max_spiral_loops >= 1
        )

    @staticmethod
    def _lean_cast(value: Any, variable: Variable, record: _Record, population: Any) -> Any:
        """``Simulation._cast_formula_result`` with the Enum test memoised."""
        if record.is_enum and not isinstance(value, EnumArray):
            return variable.possible_values.encode(value)
        if not isinstance(value, np.ndarray):
            value = population.filled_array(value)
        if value.dtype != record.dtype:
            return value.astype(record.dtype)
        return value


def _lean_call(self: Any, variable_name: str, period: Any, options: Any = None) -> Any:
    """``CorePopulation.__call__`` without options: the same period parsing and entity check."""
    simulation = self.simulation
    if options is not None or simulation is None or simulation._trace:
        return self._core_call(variable_name, period, options)
    if type(period) is str:
        period = _parsed(period)
    elif not isinstance(period, Period):
        period = periods.period(period)
    entity = self.entity
    system = entity._tax_benefit_system
    variable = system.variables.get(variable_name) if system is not None else None
    if not (
        isinstance(variable, Variable) and (variable.entity is None or variable.entity.key == entity.key)
    ):
        entity.check_variable_defined_for_entity(variable_name)  # raises core's error (or passes)
    return simulation.calculate(variable_name, period)


class LeanPopulation(Population):
    """``Population`` whose call takes the lean path (:func:`_lean_call`)."""

    _core_call = Population.__call__
    __call__ = _lean_call


class LeanGroupPopulation(GroupPopulation):
    """``GroupPopulation`` whose call takes the lean path (:func:`_lean_call`)."""

    _core_call = GroupPopulation.__call__
    __call__ = _lean_call


_LEAN_CLASSES: dict[type, type] = {Population: LeanPopulation, GroupPopulation: LeanGroupPopulation}


# --- period arithmetic, memoised -----------------------------------------------------------------

_CORE_INSTANT_OFFSET = Instant.offset
_CORE_PERIOD_OFFSET = Period.offset
_OFFSETS: dict[tuple[Any, ...], Any] = {}
MAX_OFFSETS = 65_536  # distinct (instant or period, offset, unit) remembered; then forgotten all at once


def _remembered(key: tuple[Any, ...], core: Any, *args: Any) -> Any:
    """``core(*args)``, looked up under ``key`` (an answer None is not kept; core's errors pass)."""
    found = _OFFSETS.get(key)
    if found is None:
        found = core(*args)
        if found is not None:
            if len(_OFFSETS) >= MAX_OFFSETS:
                _OFFSETS.clear()
            _OFFSETS[key] = found
    return found


def _instant_offset(self: Any, offset: Any, unit: Any) -> Any:
    """core's ``Instant.offset``, remembered per (instant, offset, unit) and their types."""
    key = (type(self), self, type(offset), offset, type(unit), unit)
    return _remembered(key, _CORE_INSTANT_OFFSET, self, offset, unit)


def _period_offset(self: Any, offset: Any, unit: Any = None) -> Any:
    """core's ``Period.offset``, remembered per (period, offset, unit) and their types."""
    key = (Period, type(self), self, type(offset), offset, type(unit), unit)
    return _remembered(key, _CORE_PERIOD_OFFSET, self, offset, unit)


def memoise_period_arithmetic() -> None:
    """Make ``Instant.offset`` and ``Period.offset`` (pendulum date arithmetic, some 5% of the API's
    computation: formulas ask for the month before, the reference quarter, the last 6 months) look
    their answer up once per distinct question, in this process. Both are pure functions of
    immutable tuples and return immutable tuples, so the answers are core's own (test_lean.py
    checks them against core's functions); the key holds each argument's type, so that an int and
    a bool, or ``DateUnit.MONTH`` and ``"month"``, are asked separately."""
    Instant.offset = _instant_offset  # type: ignore[method-assign]
    Period.offset = _period_offset  # type: ignore[method-assign]


def make_lean(simulation: Simulation) -> Simulation:
    """The simulation, turned in place into a :class:`LeanSimulation` (its populations too) when it
    is a plain core ``Simulation`` without memory configuration; anything else is left as it is.
    Period arithmetic is memoised from the first call on (:func:`memoise_period_arithmetic`)."""
    if Period.offset is not _period_offset:
        memoise_period_arithmetic()
    if type(simulation) is LeanSimulation:
        return simulation
    if type(simulation) is not Simulation or simulation.memory_config is not None:
        return simulation
    if any(type(population) not in _LEAN_CLASSES for population in simulation.populations.values()):
        return simulation
    for population in simulation.populations.values():
        population.__class__ = _LEAN_CLASSES[type(population)]
    simulation.__class__ = LeanSimulation
    simulation._lean_memo = _memo(simulation.tax_benefit_system)  # type: ignore[attr-defined]
    simulation._lean_names = {}  # type: ignore[attr-defined]
    # frames already on the stack are not counted: while they are there, core's check runs
    simulation._lean_depth = 0  # type: ignore[attr-defined]
    return simulation


__all__ = [
    "LeanGroupPopulation",
    "LeanPopulation",
    "LeanSimulation",
    "make_lean",
    "memoise_period_arithmetic",
]
