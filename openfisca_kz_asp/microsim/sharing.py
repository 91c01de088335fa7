"""A reform's simulation that takes the baseline's result wherever nothing it depends on changed.

A parametric reform (one that only changes parameter values, such as
``caregiver_threshold_7_years`` or any ``--set``) changes few of the month's results: incomes, the
family, the poverty line and most conditions are the baseline's. OpenFisca's cache is per
simulation, so the reform's simulation would compute them all again. Here the baseline's simulation
notes, for every result a formula gave, what that formula read: the results of other variables
(with their periods) and the parameters (:class:`Baseline`). The reform's simulation
(:class:`Reform`) then takes the baseline's array for a variable and period when

* the reform changes no variable at all (the same ``Variable`` objects: same formulas), and the
  populations are filled with the same inputs (the microsimulation fills both from the same
  arrays);
* no parameter the formula read is one the reform changed (:func:`changed_parameters`; a formula
  that read a whole node counts as reading every parameter under it);
* every result the formula read is, in the reform, the very same array or equal to it (same dtype,
  same values), which is checked by asking the reform for it, recursively.

A formula's result depends only on what it reads (its variables and parameters), its period and
the populations, so the array taken is the one the reform would have computed, bit for bit.
Parameters read outside ``parameters(period)`` must be read through
:func:`openfisca_kz_asp.formula_helpers.parameters_over_time`, which tells the simulation
(``note_parameters``); ``tests/microsim/test_sharing.py`` checks that no formula reads the tree
another way and that every registered reform and a set of ``--set`` changes give the same tables
with and without sharing. Arrays taken from the baseline are made read-only: a formula that
changed one in place would fail loudly instead of changing the baseline's figures.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from openfisca_core.parameters import Parameter, ParameterNode, ParameterNodeAtInstant, ParameterScale
from openfisca_core.periods import Period
from openfisca_core.simulations import Simulation
from openfisca_core.taxbenefitsystems import TaxBenefitSystem
from openfisca_core.tracers import SimpleTracer

Key = tuple[str, Period]
ROOT = ""  # the path of the whole parameter tree


@dataclass
class Record:
    """What one formula read to give its result."""

    reads: list[tuple[Key, Any]] = field(default_factory=list)  # each variable read, with its array
    parameters: set[str] = field(default_factory=set)  # paths of the parameters or nodes read
    result: Any = None
    done: bool = False


class _Recorder(SimpleTracer):
    """The baseline's tracer: one :class:`Record` per variable and period a formula computed."""

    def __init__(self) -> None:
        super().__init__()
        self.records: dict[Key, Record] = {}
        self.frames: list[tuple[Key, Record]] = []

    def record_calculation_start(self, variable: str, period: Any) -> None:
        super().record_calculation_start(variable, period)
        self.frames.append(((variable, period), Record()))

    def record_calculation_result(self, value: Any) -> None:
        super().record_calculation_result(value)
        self.frames[-1][1].result = value
        self.frames[-1][1].done = True

    def record_calculation_end(self) -> None:
        super().record_calculation_end()
        key, record = self.frames.pop()
        if not record.done:  # an error: nothing to keep
            return
        if self.frames:
            self.frames[-1][1].reads.append((key, record.result))
        if key not in self.records:  # the first request is the one that computed it
            self.records[key] = record

    def note_parameters(self, path: str) -> None:
        if self.frames:
            self.frames[-1][1].parameters.add(path)


class _Probe:
    """A parameter node at an instant that notes the parameters a formula reads from it."""

    __slots__ = ("_node", "_note", "_path")

    def __init__(self, node: ParameterNodeAtInstant, path: str, note: Callable[[str], None]) -> None:
        self._node = node
        self._path = path
        self._note = note

    def _child(self, key: Any, child: Any) -> Any:
        if not isinstance(key, str) or key not in self._node._children:
            self._note(self._path)  # a vectorial access or anything else: the whole node is read
            return child
        path = f"{self._path}.{key}" if self._path else key
        if isinstance(child, ParameterNodeAtInstant):
            return _Probe(child, path, self._note)
        self._note(path)
        return child

    def __getattr__(self, key: str) -> Any:
        return self._child(key, getattr(self._node, key))

    def __getitem__(self, key: Any) -> Any:
        return self._child(key, self._node[key])

    def __iter__(self) -> Iterator[Any]:
        self._note(self._path)
        return iter(self._node)

    def __contains__(self, key: object) -> bool:
        self._note(self._path)
        return key in self._node


class Baseline(Simulation):
    """The baseline's simulation, noting what each formula reads (:class:`Record`)."""

    def __init__(self, tax_benefit_system: TaxBenefitSystem, populations: Mapping[str, Any]) -> None:
        super().__init__(tax_benefit_system, populations)
        self.recorder = _Recorder()
        self.tracer = self.recorder

    def note_parameters(self, path: str) -> None:
        """A formula read the parameters at ``path`` (with every date): see ``parameters_over_time``."""
        self.recorder.note_parameters(path)

    def _run_formula(self, variable: Any, population: Any, period: Period) -> Any:
        formula = variable.get_formula(period)
        if formula is None:
            return None
        if formula.__code__.co_argcount == 2:
            return formula(population, period)
        note = self.recorder.note_parameters
        at = self.tax_benefit_system.get_parameters_at_instant
        return formula(population, period, lambda instant: _Probe(at(instant), ROOT, note))


class Reform(Simulation):
    """A parametric reform's simulation that takes the baseline's results it would compute again."""

    def __init__(
        self,
        tax_benefit_system: TaxBenefitSystem,
        populations: Mapping[str, Any],
        baseline: dict[Key, Record],
        changed: frozenset[str],
    ) -> None:
        super().__init__(tax_benefit_system, populations)
        self.baseline_records = baseline
        self.changed = changed
        self._conflicts: dict[str, bool] = {}
        self.taken = 0  # arrays taken from the baseline (for tests and profiles)

    def _calculate(self, variable_name: str, period: Period) -> Any:
        holder = self.get_holder(variable_name)
        cached = holder.get_array(period)
        if cached is not None:
            return cached
        record = self.baseline_records.get((variable_name, period))
        if record is not None and self._unchanged(record):
            array = record.result
            if isinstance(array, np.ndarray):
                array.flags.writeable = False
            holder.put_in_cache(array, period)
            self.taken += 1
            return array
        return super()._calculate(variable_name, period)

    def _unchanged(self, record: Record) -> bool:
        if any(self._conflict(path) for path in record.parameters):
            return False
        for (name, period), before in record.reads:
            now = self.calculate(name, period)
            if now is not before and not _same(now, before):
                return False
        return True

    def _conflict(self, path: str) -> bool:
        known = self._conflicts.get(path)
        if known is None:
            known = any(_overlap(path, changed) for changed in self.changed)
            self._conflicts[path] = known
        return known


def _overlap(read: str, changed: str) -> bool:
    """Whether reading ``read`` (a parameter or a node) reads the changed parameter ``changed``."""
    if read in {ROOT, changed}:
        return True
    return changed.startswith(read + ".") or read.startswith(changed + ".")


def _same(a: Any, b: Any) -> bool:
    a, b = np.asarray(a), np.asarray(b)
    return a.dtype == b.dtype and a.shape == b.shape and bool(np.array_equal(a, b))


def changed_parameters(baseline: TaxBenefitSystem, reform: TaxBenefitSystem) -> frozenset[str] | None:
    """The paths of the parameters whose values differ between two systems, or None when the
    reform cannot share the baseline's results: it adds, removes or replaces a variable, or its
    parameter tree has a node this comparison does not know."""
    if reform is baseline:
        return frozenset()
    if reform.variables.keys() != baseline.variables.keys() or any(
        reform.variables[name] is not variable for name, variable in baseline.variables.items()
    ):
        return None
    changed: set[str] = set()
    if not _compare(baseline.parameters, reform.parameters, ROOT, changed):
        return None
    return frozenset(changed)


def _compare(a: Any, b: Any, path: str, changed: set[str]) -> bool:
    """Add to ``changed`` the paths under ``path`` where ``a`` and ``b`` differ; False if unknown."""
    if a is b:
        return True
    if isinstance(a, ParameterNode) and isinstance(b, ParameterNode) and type(a) is type(b):
        for key in a.children.keys() | b.children.keys():
            child = f"{path}.{key}" if path else key
            if key not in a.children or key not in b.children:
                changed.add(child)
            elif not _compare(a.children[key], b.children[key], child, changed):
                return False
        return True
    if isinstance(a, Parameter) and isinstance(b, Parameter):
        if _values(a) != _values(b):
            changed.add(path)
        return True
    if isinstance(a, ParameterScale) and isinstance(b, ParameterScale):
        if [_bracket(x) for x in a.brackets] != [_bracket(x) for x in b.brackets]:
            changed.add(path)
        return True
    return False


def _values(parameter: Parameter) -> list[tuple[str, Any]]:
    return [(value.instant_str, value.value) for value in parameter.values_list]


def _bracket(bracket: ParameterNode) -> list[tuple[str, list[tuple[str, Any]]]]:
    return sorted((key, _values(child)) for key, child in bracket.children.items())
