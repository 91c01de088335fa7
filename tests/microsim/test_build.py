"""The direct population fill gives the same results as OpenFisca's own path."""

from __future__ import annotations

import numpy as np
import pytest
from openfisca_core import periods
from openfisca_core.simulations import SimulationBuilder

from openfisca_kz_asp.enums import Region
from openfisca_kz_asp.microsim import build, engine, validate_frames
from openfisca_kz_asp.microsim.format import INCOME_COLUMNS


@pytest.mark.parametrize("month", ["2018-02", "2019-05", "2023-08", "2024-05", "2025-10", "2026-01"])
def test_published_line_of_each_region_is_the_parameter(month: str) -> None:
    # one household per region (21), so every published line is looked up through the direct fill
    import pandas as pd  # noqa: PLC0415

    households = pd.DataFrame(
        {"household_id": range(len(Region)), "household_weight": 1.0, "region": [r.name for r in Region]}
    )
    persons = pd.DataFrame(
        {"person_id": range(len(Region)), "household_id": range(len(Region)), "age": 30, "sex": "male"}
    )
    inputs = build.prepare(validate_frames(households, persons, assume_zero=INCOME_COLUMNS))  # no incomes
    period = periods.period(month)
    system = engine.system()
    published = system.parameters(period.start).asp.poverty_line.published
    expected = [published[region.name] for region in Region]
    computed = build.new_simulation(system, inputs, period).calculate("published_poverty_line", period)
    np.testing.assert_array_equal(computed, expected)


def test_direct_fill_matches_the_simulation_builder(tiny_frames) -> None:
    data = validate_frames(*tiny_frames)
    inputs = build.prepare(data)
    month = periods.period("2024-05")
    system = engine.system()
    direct = build.new_simulation(system, inputs, month)
    persons = {}
    for row in data.persons.itertuples():
        persons[str(row.person_id)] = {
            "age": {"2024-05": int(row.age)},
            "sex": {"ETERNITY": "female" if row.sex == 1 else "male"},
            "wage_income": {"month:2024-01:3": 3 * float(row.wage_income)},
            "pension_income": {"month:2024-01:3": 3 * float(row.pension_income)},
        }
    households = {
        str(h): {"members": [str(p) for p in data.persons["person_id"][data.persons["household_id"] == h]]}
        for h in data.households["household_id"]
    }
    builder = SimulationBuilder().build_from_entities(system, {"persons": persons, "households": households})
    for name in ("asp_amount", "asp_child_supplement", "asp_type", "household_size"):
        np.testing.assert_array_equal(
            np.asarray(direct.calculate(name, month)),
            np.asarray(builder.calculate(name, month)),
            err_msg=name,
        )
