"""The lean calculation path (``api/lean.py``) against core's own ``Simulation``.

Every variable of the tax-benefit system is computed on the same situations and months both ways
(a simulation built by ``situations.build_simulation``, once left as core built it and once turned
lean) and must give the same array, dtype included, or the same error. Errors raised inside a
formula, cycles, wrong periods, wrong entities, unknown variables and options must surface from
the lean simulation exactly as from core's.
"""

from __future__ import annotations

import copy
import datetime
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from openfisca_core import periods
from openfisca_core.errors import CycleError, VariableNotFoundError
from openfisca_core.indexed_enums import EnumArray
from openfisca_core.populations import ADD, DIVIDE
from openfisca_core.reforms import Reform
from openfisca_core.simulations import Simulation
from openfisca_core.variables import Variable

from openfisca_kz_asp.api import lean
from openfisca_kz_asp.api.lean import LeanSimulation, make_lean
from openfisca_kz_asp.situation_examples import EXAMPLES
from openfisca_kz_asp.situations import build_simulation

MONTHS = ("2019-05", "2023-01", "2024-03", "2025-07")


def _situation(name: str, month: str) -> tuple[dict[str, Any], str]:
    """The example moved to ``month`` (every dated input shifted by the same number of months,
    so that its wage quarter stays the one before the application quarter), with nothing asked
    (every variable is asked below), and the month it is computed for."""
    situation = copy.deepcopy(EXAMPLES[name])
    own = next(
        str(key)
        for plural in ("persons", "households")
        for data in situation[plural].values()
        for values in data.values()
        if isinstance(values, dict)
        for key in values
        if str(key)[:1].isdigit()
    )
    shift = (int(month[:4]) - int(own[:4])) * 12 + int(month[5:]) - int(own[5:])
    for plural in ("persons", "households"):
        for data in situation[plural].values():
            for key in [key for key, values in data.items() if isinstance(values, dict)]:
                moved = {}
                for period, value in data[key].items():
                    if value is None:
                        continue
                    text = str(period)
                    moved[
                        text if text == "ETERNITY" else str(periods.period(text).offset(shift, "month"))
                    ] = value
                if moved:
                    data[key] = moved
                else:
                    del data[key]
    return situation, month


def _both(tbs: Any, situation: dict[str, Any]) -> tuple[Simulation, Simulation]:
    stock, _ = build_simulation(tbs, copy.deepcopy(situation))
    lean, _ = build_simulation(tbs, copy.deepcopy(situation))
    make_lean(lean)
    assert type(stock) is Simulation
    assert type(lean) is LeanSimulation
    return stock, lean


def _outcome(simulation: Simulation, name: str, period: Any) -> tuple[str, Any]:
    try:
        value = simulation.calculate(name, period)
    except Exception as error:
        return "error", (type(error), str(error))
    if isinstance(value, EnumArray):
        return "enum", (value.possible_values, value.view(np.ndarray).copy())
    return "array", np.array(value, copy=True)


def _same(left: tuple[str, Any], right: tuple[str, Any]) -> bool:
    if left[0] != right[0]:
        return False
    if left[0] == "error":
        return bool(left[1] == right[1])
    if left[0] == "enum":
        return left[1][0] is right[1][0] and _identical(left[1][1], right[1][1])
    return _identical(left[1], right[1])


def _identical(left: np.ndarray, right: np.ndarray) -> bool:
    return left.dtype == right.dtype and left.shape == right.shape and left.tobytes() == right.tobytes()


@pytest.mark.parametrize("name", sorted(EXAMPLES))
@pytest.mark.parametrize("month", MONTHS)
@pytest.mark.parametrize("order", ["sorted", "reversed"])
def test_every_variable_as_core_computes_it(tbs, name, month, order):
    """Every variable of the system, in two orders (the cache then holds different things when a
    variable is asked), on each example moved to several months: core's value, bit for bit."""
    situation, asked = _situation(name, month)
    stock, lean = _both(tbs, situation)
    names = sorted(tbs.variables)
    if order == "reversed":
        names.reverse()
    for variable in names:
        for period in (asked, periods.period(asked).offset(-1, "month")):
            expected = _outcome(stock, variable, period)
            got = _outcome(lean, variable, period)
            assert _same(expected, got), (variable, str(period), expected, got)
    assert lean.tracer.stack == [] == stock.tracer.stack


def _boom(household, period):
    """A formula that fails: its error must reach the caller unchanged."""
    household("asp_total", period)
    msg = "formula failed on purpose"
    raise ZeroDivisionError(msg)


def _loop(household, period):
    """A variable that asks itself for the same month: core's CycleError."""
    return household("lean_test_loop", period) + 1


def _spiral(household, period):
    """A variable that asks itself for the month before: core's spiral (the default value)."""
    return household("lean_test_spiral", period.last_month) + 1


def _failing_system(tbs):
    household = tbs.get_variable("asp_total").entity

    class _Failing(Reform):
        def apply(self):
            for name, formula in (
                ("lean_test_boom", _boom),
                ("lean_test_loop", _loop),
                ("lean_test_spiral", _spiral),
            ):
                attributes = {
                    "value_type": float,
                    "entity": household,
                    "definition_period": periods.DateUnit.MONTH,
                    "label": name,
                    "formula": formula,
                }
                self.add_variable(type(name, (Variable,), attributes))

    return _Failing(tbs)


@pytest.fixture(scope="module")
def failing(tbs):
    return _failing_system(tbs)


def _example_sims(system):
    situation = copy.deepcopy(EXAMPLES["single_mother_two_children"])
    return _both(system, situation)


@pytest.mark.parametrize(
    ("variable", "period", "options"),
    [
        ("lean_test_boom", "2024-03", None),  # an error inside a formula
        ("lean_test_loop", "2024-03", None),  # a cycle
        ("lean_test_spiral", "2024-03", None),  # a spiral: the default value, as core gives it
        ("asp_total", "2024", None),  # a year for a monthly variable
        ("asp_total", "month:2024-01:3", None),  # three months for a monthly variable
        ("asp_total", "2024-13", None),  # not a period
        ("no_such_variable", "2024-03", None),
        ("age", "2024-03", None),  # a person's variable asked of the households
        ("asp_total", "2024", [ADD]),
        ("asp_total", "2024-03", [DIVIDE]),
        ("asp_total", "2024-03", [ADD, DIVIDE]),
    ],
)
def test_errors_surface_as_core_raises_them(failing, variable, period, options):
    stock, lean = _example_sims(failing)
    outcomes = []
    for simulation in (stock, lean):
        try:
            value = simulation.household(variable, period, options)
        except Exception as error:
            outcomes.append(("error", type(error), str(error)))
        else:
            outcomes.append(("value", np.asarray(value).tolist()))
        assert simulation.tracer.stack == []
        assert simulation.invalidated_caches == set()
    assert outcomes[0] == outcomes[1]
    assert lean._lean_names == {} and lean._lean_depth == 0  # the frames counted are all gone
    # afterwards both simulations still compute the same ASP
    assert np.array_equal(stock.calculate("asp_total", "2024-03"), lean.calculate("asp_total", "2024-03"))


def test_formula_error_type_and_message(failing):
    """The formula's own exception, not a wrapper, from the lean simulation."""
    _, lean = _example_sims(failing)
    with pytest.raises(ZeroDivisionError, match="formula failed on purpose"):
        lean.calculate("lean_test_boom", "2024-03")
    with pytest.raises(CycleError, match="Circular definition detected on formula lean_test_loop@2024-03"):
        lean.calculate("lean_test_loop", "2024-03")
    with pytest.raises(VariableNotFoundError):
        lean.calculate("no_such_variable", "2024-03")


def test_a_frame_core_put_on_the_stack_keeps_cores_cycle_check(failing):
    """The cycle check is skipped only when every frame was counted by the lean path: a frame of
    the same variable and month put there otherwise (as core's own calculate would) is a cycle."""
    _, lean = _example_sims(failing)
    month = periods.period("2024-03")
    lean.tracer._stack.append({"name": "asp_total", "period": month})
    try:
        with pytest.raises(CycleError, match="asp_total@2024-03"):
            lean.calculate("asp_total", month)
    finally:
        lean.tracer._stack.pop()
    assert lean._lean_names == {} and lean._lean_depth == 0


def test_trace_takes_cores_path(tbs):
    """With ``trace`` on, a lean simulation records what core records."""
    stock, lean = _example_sims(tbs)
    stock.trace = True
    lean.trace = True
    stock.calculate("asp_total", "2024-03")
    lean.calculate("asp_total", "2024-03")
    left, right = stock.tracer.get_flat_trace(), lean.tracer.get_flat_trace()
    assert list(left) == list(right)
    for key, node in left.items():
        assert node["dependencies"] == right[key]["dependencies"]
        assert node["parameters"] == right[key]["parameters"]
        assert np.array_equal(np.asarray(node["value"]), np.asarray(right[key]["value"]))


def test_what_is_not_made_lean(tbs):
    """A subclass of Simulation, or one with a memory configuration, is left to core."""

    class Other(Simulation):
        pass

    simulation, _ = build_simulation(tbs, copy.deepcopy(EXAMPLES["single_mother_two_children"]))
    simulation.__class__ = Other
    assert type(make_lean(simulation)) is Other
    simulation, _ = build_simulation(tbs, copy.deepcopy(EXAMPLES["single_mother_two_children"]))
    simulation.memory_config = object()
    assert type(make_lean(simulation)) is Simulation


def test_a_replaced_variable_is_not_served_from_its_old_record(tbs):
    """The records are per variable object: a system whose variable is replaced after a lean
    simulation ran uses the new one (a reform built on the same system)."""
    stock, lean = _example_sims(tbs)
    lean.calculate("asp_total", "2024-03")

    class _Zero(Reform):
        def apply(self):
            class asp_total(Variable):
                value_type = float
                entity = tbs.get_variable("asp_total").entity
                definition_period = periods.DateUnit.MONTH
                label = "zero"

                def formula(household, period):
                    return household.empty_array() + 7

            self.update_variable(asp_total)

    reformed = _Zero(tbs)
    stock_r, lean_r = _example_sims(reformed)
    assert lean_r.calculate("asp_total", "2024-03").tolist() == [7.0]
    assert stock_r.calculate("asp_total", "2024-03").tolist() == [7.0]
    assert np.array_equal(lean.calculate("asp_total", "2024-03"), stock.calculate("asp_total", "2024-03"))


# --- period arithmetic, memoised (lean.memoise_period_arithmetic) --------------------------------

UNITS = [*periods.DateUnit, "month", "year", "day"]


@settings(max_examples=300, deadline=None)
@given(
    date=st.dates(min_value=datetime.date(1900, 1, 1), max_value=datetime.date(2090, 12, 31)),
    unit=st.sampled_from(UNITS),
    size=st.integers(1, 4),
    offset=st.integers(-40, 40) | st.sampled_from(["first-of", "last-of", True, False]),
    offset_unit=st.sampled_from([None, *UNITS]),
)
def test_memoised_offsets_are_cores(date, unit, size, offset, offset_unit):
    """The memoised ``Instant.offset`` and ``Period.offset`` answer as core's own functions, asked
    twice (the second answer from the memo), or raise core's error."""
    lean.memoise_period_arithmetic()
    instant = periods.Instant((date.year, date.month, date.day))
    period = periods.Period((periods.DateUnit(unit), instant, size))
    for memoised, core, subject, unit_given in (
        (lean._instant_offset, lean._CORE_INSTANT_OFFSET, instant, offset_unit or unit),
        (lean._period_offset, lean._CORE_PERIOD_OFFSET, period, offset_unit),
    ):
        try:
            expected = core(subject, offset, unit_given)
        except Exception as error:  # core's own error, whichever it is
            with pytest.raises(type(error)):
                memoised(subject, offset, unit_given)
            continue
        for _ in range(2):
            found = memoised(subject, offset, unit_given)
            assert found == expected and type(found) is type(expected)
    assert periods.Period.offset is lean._period_offset and periods.Instant.offset is lean._instant_offset
