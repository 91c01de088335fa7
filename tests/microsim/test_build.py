"""The direct population fill gives the same results as OpenFisca's own path."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from openfisca_core import periods
from openfisca_core.simulations import SimulationBuilder

from openfisca_kz_asp.enums import Region
from openfisca_kz_asp.microsim import build, engine, validate_frames
from openfisca_kz_asp.microsim.format import INCOME_COLUMNS, NOT_RECORDED


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


def test_what_no_survey_records_is_the_contracts_default(tiny_frames) -> None:
    # contract/inputs.yaml marks the bars of Art. 2 p.2 `microdata: not_recorded`: not columns, and
    # every household gets the variable's default (false) as an input, so no date formula runs.
    inputs = build.prepare(validate_frames(*tiny_frames))
    bars = {c.name for c in NOT_RECORDED["households"]}
    assert bars == {
        "refused_employment_measures_within_6_months",
        "social_contract_terminated_within_6_months",
        "false_information_within_6_months",
        "commission_found_not_in_need",
        "refused_material_survey",
    }
    assert not NOT_RECORDED["persons"]
    for name in bars:
        assert inputs.household[name].dtype == np.bool_ and not inputs.household[name].any(), name
    # An optional column at its default in every row is not stored; its value is still the default.
    assert "lives_with_family" not in inputs.person
    assert inputs.value("lives_with_family").all()
    assert not inputs.value("is_full_time_student").any()


@given(
    sizes=st.lists(st.integers(min_value=0, max_value=12), min_size=1, max_size=60),
    seed=st.integers(min_value=0, max_value=2**32 - 1),
)
def test_running_counts_are_the_bincount_of_the_flags(sizes: list[int], seed: int) -> None:
    # Households stored one after the other (some empty): each household's count of flagged members
    # is exactly what a bincount by household gives, as float64.
    household = np.repeat(np.arange(len(sizes)), sizes)
    flags = np.random.default_rng(seed).random(len(household)) < 0.4
    first = np.concatenate([[0], np.cumsum(sizes)])
    counts = build.running_counts(flags, first)
    assert counts.dtype == np.float64
    np.testing.assert_array_equal(counts, np.bincount(household, weights=flags, minlength=len(sizes)))


def test_running_counts_refuse_numbers_that_are_not_flags() -> None:
    with pytest.raises(TypeError, match="yes/no"):
        build.running_counts(np.array([0.5, 2.0]), np.array([0, 2]))
