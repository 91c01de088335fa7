"""A parametric reform that takes the baseline's results (openfisca_kz_asp/microsim/sharing.py) gives
exactly the figures it gives when it computes everything itself.

The reform's simulation takes a baseline array only when the formula read no changed parameter and
every variable it read is the same in the reform. These tests compare, bit for bit, every variable
of the month and every table of a microsimulation, with and without sharing, for every registered
reform and for one change of each leaf of the parameter tree (amounts, ages, rates, rules, the
published lines, some regions' statistical minimum); and they check that no formula reads the parameter
tree behind the simulation's back (a read sharing could not see).
"""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from openfisca_core import periods
from openfisca_core.parameters import Parameter, ParameterNode
from openfisca_core.reforms import Reform
from openfisca_core.simulations import Simulation

from openfisca_kz_asp.microsim import (
    EMBEDDED_SAMPLE,
    build,
    engine,
    load,
    sharing,
    simulate,
    synth,
    validate_frames,
)
from openfisca_kz_asp.parametric_reform import ParameterChangeError, validated
from openfisca_kz_asp.reform_registry import REFORMS

ROOT = Path(__file__).resolve().parents[2]
REGISTRY = [
    "caregiver_threshold_7_years",
    "poverty_line_share:0.8",
    "child_supplement_mrp:2",
    "per_child_full_line",
]
REGISTRY += [name for name in REFORMS if REFORMS[name].parameter is None and name not in REGISTRY]


@pytest.fixture(scope="module")
def data():
    return load(EMBEDDED_SAMPLE)


@pytest.fixture(scope="module")
def part():
    """3,000 SYNTHETIC households of the generator (the tables test runs 90 reforms twice)."""
    households, persons = synth.generate(3000, seed=7)
    return validate_frames(households, persons, is_synthetic=True, income_year=synth.INCOME_YEAR)


@pytest.fixture(scope="module")
def inputs(data):
    return build.prepare(data)


def _leaves(node: ParameterNode, path: str = "") -> list[tuple[str, Parameter]]:
    out = []
    for key, child in node.children.items():
        name = f"{path}.{key}" if path else key
        if isinstance(child, ParameterNode):
            out += _leaves(child, name)
        elif isinstance(child, Parameter):
            out.append((name, child))
    return out


def _change(name: str, parameter: Parameter, start: str) -> str | None:
    """One accepted change of the leaf from ``start``: a rule flipped, a number moved."""
    value = parameter(start)
    if value is None:  # a series of published points that has none then (the statistical minimum)
        candidates = ["50000"]
    elif isinstance(value, (bool, np.bool_)):
        candidates = [str(not value).lower()]
    elif isinstance(value, int | float):
        v = float(value)
        candidates = [
            f"{round(v * 0.9) if v.is_integer() and v > 10 else v * 0.9:g}",
            f"{v + 1:g}",
            "0.5",
            "0",
        ]
    else:
        return None
    for text in candidates:
        try:
            return validated(engine.system(), f"{name}={text}@{start}").key
        except ParameterChangeError:
            continue
    return None


def _one_change_of_each_leaf(start: str) -> list[str]:
    """A change of every leaf of the tree from ``start``; of the statistical minimum's 24 series
    (monthly and quarterly, by region) every 6th, since each costs a table of minima."""
    leaves = _leaves(engine.system().parameters)
    minimum = [leaf for leaf in leaves if leaf[0].startswith("general.subsistence_minimum_statistical.")]
    chosen = [leaf for leaf in leaves if leaf not in minimum] + minimum[::6]
    return [change for name, parameter in chosen if (change := _change(name, parameter, start))]


def _formula_variables(period: periods.Period) -> list[str]:
    system = engine.system()
    return sorted(
        name
        for name, variable in system.variables.items()
        if variable.definition_period == periods.DateUnit.MONTH and variable.get_formula(period) is not None
    )


@pytest.mark.parametrize("month", ["2019-05", "2024-02", "2025-10"])
@pytest.mark.parametrize("reform", REGISTRY)
def test_every_variable_of_the_month_is_the_reforms_own(inputs, reform: str, month: str) -> None:
    """Each month variable the reform's simulation gives (taken or computed) equals the value a
    simulation of the reform alone computes, asked in alphabetical order (an order no formula relies
    on), after the baseline computed them all in the same order."""
    period = periods.period(month)
    names = _formula_variables(period)
    changed = sharing.changed_parameters(engine.system(), engine.system(reform))
    assert changed is not None  # every registered reform changes parameters only
    base = build.new_simulation(engine.system(), inputs, period, sharing.Baseline)
    for name in names:
        base.calculate(name, period)
    shared = build.new_simulation(
        engine.system(reform),
        inputs,
        period,
        lambda s, p: sharing.Reform(s, p, baseline=base.recorder.records, changed=changed),
    )
    alone = build.new_simulation(engine.system(reform), inputs, period)
    for name in names:
        np.testing.assert_array_equal(
            shared.calculate(name, period), alone.calculate(name, period), err_msg=name
        )
    assert shared.taken > 0


def test_tables_are_the_same_with_and_without_sharing(part, monkeypatch) -> None:
    """Every table and the summary of a month, for the registered reforms and a change of each leaf
    of the parameter tree, with and without sharing."""
    changes = _one_change_of_each_leaf("2024-01-01")
    assert len(changes) >= 65, changes
    reforms = [*REGISTRY, *changes]
    runs = {}
    for share in (True, False):
        monkeypatch.setattr(engine, "SHARE_BASELINE", share)
        runs[share] = simulate(part, period="2024-04", reforms=reforms, replicates=20)
    for name, table in runs[False].tables.items():
        pd.testing.assert_frame_equal(runs[True].tables[name], table, check_exact=True, obj=name)
    summary = {k: v for k, v in runs[True].summary.items() if k != "run_seconds"}
    assert summary == {k: v for k, v in runs[False].summary.items() if k != "run_seconds"}


def test_a_reform_of_a_parameter_a_formula_reads_is_not_given_the_baselines_result(inputs) -> None:
    """The caregiver reform changes the child's age limit: what reads it is computed again, what
    does not (incomes, the poverty line) is the baseline's very array."""
    period = periods.period("2024-05")
    reform = "caregiver_threshold_7_years"
    changed = sharing.changed_parameters(engine.system(), engine.system(reform))
    assert changed == {"asp.eligibility.caregiver_child_max_age"}
    base = build.new_simulation(engine.system(), inputs, period, sharing.Baseline)
    base.calculate("asp_type", period)
    readers = [key for key, record in base.recorder.records.items() if changed & record.parameters]
    assert readers
    shared = build.new_simulation(
        engine.system(reform),
        inputs,
        period,
        lambda s, p: sharing.Reform(s, p, baseline=base.recorder.records, changed=changed),
    )
    shared.calculate("asp_type", period)
    for name, p in readers:
        assert shared.get_holder(name).get_array(p) is not base.recorder.records[name, p].result
    line = base.recorder.records["poverty_line", period].result
    assert shared.calculate("poverty_line", period) is line
    assert not line.flags.writeable  # shared arrays cannot be changed in place


class _NoSupplement(Reform):
    def apply(self) -> None:
        self.neutralize_variable("asp_child_supplement")


def test_a_reform_of_variables_shares_nothing() -> None:
    """A reform that adds, removes or replaces a variable computes everything itself."""
    assert sharing.changed_parameters(engine.system(), _NoSupplement(engine.system())) is None
    assert sharing.changed_parameters(engine.system(), engine.system()) == frozenset()


def test_no_formula_reads_the_parameter_tree_behind_the_simulations_back() -> None:
    """Formulas read parameters through ``parameters(period)`` or ``parameters_over_time`` (which
    tells the simulation); a read of ``tax_benefit_system.parameters`` elsewhere would be a read that
    sharing cannot see, and a reform changing it could be given the baseline's result."""
    pattern = re.compile(r"tax_benefit_system\s*\.\s*parameters|get_parameters_at_instant")
    allowed = {
        ROOT / "openfisca_kz_asp" / "formula_helpers.py",
        # the API's lean calculation loop hands formulas ``parameters`` as core's _run_formula does
        # (it runs no shared simulation)
        ROOT / "openfisca_kz_asp" / "api" / "lean.py",
    }
    offenders = [
        str(path.relative_to(ROOT))
        for folder in ("variables", "openfisca_kz_asp")
        for path in (ROOT / folder).rglob("*.py")
        if path not in allowed
        and path.parent.name != "microsim"
        and pattern.search(path.read_text(encoding="utf-8"))
        and _has_formula_code(path)
    ]
    assert not offenders, offenders


def _has_formula_code(path: Path) -> bool:
    """Variables' files, and the modules they import (formula helpers, tables)."""
    text = path.read_text(encoding="utf-8")
    return "def formula" in text or path.name in {"subsistence_minimum.py", "poverty_line_table.py"}


def test_a_plain_simulation_ignores_the_note() -> None:
    """``parameters_over_time`` on a simulation that notes nothing (the API's) simply reads the node."""
    assert not hasattr(Simulation, "note_parameters")
