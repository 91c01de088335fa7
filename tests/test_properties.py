"""Property tests of the ASP rules on random families (hypothesis).

Each hypothesis example is a month between January 2018 and December 2026 and a batch of random
families (1 to 8 members, ages 0 to 90, sexes, disabilities, students, incomes of every kind,
regions, bars). The whole batch is computed in ONE vectorised simulation; the properties compare
households within it (for example a family and its copy with more income, or with its members
listed in another order).

The families are SYNTHETIC: random, not drawn from any survey.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field, replace
from functools import cache

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openfisca_core import periods
from openfisca_core.simulation_builder import SimulationBuilder
from openfisca_core.simulations import Simulation
from openfisca_core.taxbenefitsystems import TaxBenefitSystem

from openfisca_kz_asp import CountryTaxBenefitSystem
from openfisca_kz_asp.enums import AspType, IneligibilityReason, Region
from openfisca_kz_asp.microsim.format import INCOME_COLUMNS
from openfisca_kz_asp.reform_registry import apply_reform

INCOME_KINDS = INCOME_COLUMNS  # every income input of the contract, excluded_income included
PERSON_FLAGS = (
    "is_full_time_student",
    "has_long_term_illness",
    "has_permanent_job",
    "needs_outside_care",
    "is_disabled_child",
    "works_away_from_family",
    "studies_at_boarding_school",
    "is_on_full_state_support",
    "is_in_conscript_service",
    "is_imprisoned_or_in_compulsory_treatment",
)
# The refusal bar (Art. 2 p.2 sp.2) is drawn per person, as a refusal date (see Person.refused).
HOUSEHOLD_BARS = (
    "social_contract_terminated_within_6_months",
    "false_information_within_6_months",
    "commission_found_not_in_need",
    "refused_material_survey",
    "has_non_mortgage_loan",
)
# MRP of the budget laws, read independently of the parameters (legal_brief §3.4).
MRP = {2023: 3450, 2024: 3692, 2025: 3932, 2026: 4325}
SUPPLEMENT_MRP = 1.5
MARGIN = 0.05  # KZT: float32 variables keep about 7 significant digits
SETTINGS = settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@dataclass(frozen=True)
class Person:
    age: int
    female: bool
    disability: str
    lives_with_family: bool
    flags: frozenset[str]
    incomes: tuple[tuple[str, int], ...]  # (kind, amount received in the reference quarter)
    refused: bool = False  # refused employment measures on the 1st of the month computed


@dataclass(frozen=True)
class Family:
    persons: tuple[Person, ...]
    region: str
    median_income: int
    bars: frozenset[str]
    signs_social_contract: bool
    order: tuple[int, ...] = field(default=())  # listing order of the persons; () = as given

    def listed(self) -> tuple[Person, ...]:
        return tuple(self.persons[i] for i in self.order) if self.order else self.persons


NOTHING: frozenset[str] = frozenset()
person_strategy = st.builds(
    Person,
    age=st.integers(0, 90),
    female=st.booleans(),
    disability=st.sampled_from(["none", "none", "none", "group_1", "group_2", "group_3"]),
    lives_with_family=st.sampled_from([True, True, True, True, False]),
    flags=st.one_of(st.just(NOTHING), st.frozensets(st.sampled_from(PERSON_FLAGS), max_size=2)),
    incomes=st.lists(
        st.tuples(st.sampled_from(INCOME_KINDS), st.integers(0, 400_000)),
        max_size=3,
        unique_by=lambda x: x[0],
    ).map(tuple),
    refused=st.sampled_from([False, False, False, False, True]),
)
family_strategy = st.builds(
    Family,
    persons=st.lists(person_strategy, min_size=1, max_size=8).map(tuple),
    region=st.sampled_from([region.name for region in Region]),
    median_income=st.sampled_from([0, 0, 0, 60_000, 95_000, 120_000]),
    bars=st.one_of(
        st.just(NOTHING), st.just(NOTHING), st.frozensets(st.sampled_from(HOUSEHOLD_BARS), max_size=1)
    ),
    signs_social_contract=st.sampled_from([True, True, True, False]),
)
month_strategy = st.integers(0, 107).map(lambda k: f"{2018 + k // 12}-{k % 12 + 1:02d}")
batch_strategy = st.lists(family_strategy, min_size=1, max_size=12)


@cache
def _system() -> CountryTaxBenefitSystem:
    return CountryTaxBenefitSystem()


def _reference_quarter(month: str) -> str:
    year, number = int(month[:4]), int(month[5:7])
    first = (number - 1) // 3 * 3 + 1
    return f"month:{year - 1}-10:3" if first == 1 else f"month:{year}-{first - 3:02d}:3"


@cache
def _reformed_system(name: str) -> TaxBenefitSystem:
    return apply_reform(_system(), name)


def simulate(
    families: list[Family],
    month: str,
    system: TaxBenefitSystem | None = None,
    income_period: str | None = None,
) -> Simulation:
    """One simulation holding every family of the batch, persons listed in each family's order.

    The incomes are received in the reference quarter of ``month``, or in ``income_period`` if given.
    """
    system = system or _system()
    builder = SimulationBuilder()
    builder.create_entities(system)
    people = [(h, person) for h, family in enumerate(families) for person in family.listed()]
    builder.declare_person_entity("person", [f"p{i}" for i in range(len(people))])
    households = builder.declare_entity("household", [f"h{h}" for h in range(len(families))])
    roles = []
    for family in families:
        roles += ["applicant"] + ["member"] * (len(family.persons) - 1)
    builder.join_with_persons(households, [f"h{h}" for h, _ in people], roles)
    simulation = builder.build(system)

    persons = [person for _, person in people]
    simulation.set_input("age", month, np.array([p.age for p in persons]))
    simulation.set_input(
        "sex", periods.period("eternity"), np.array(["female" if p.female else "male" for p in persons])
    )
    simulation.set_input("disability_group", month, np.array([p.disability for p in persons]))
    simulation.set_input("lives_with_family", month, np.array([p.lives_with_family for p in persons]))
    refusal = np.array([f"{month}-01" if p.refused else "1900-01-01" for p in persons], dtype="datetime64[D]")
    simulation.set_input("employment_measures_refusal_date", periods.period("eternity"), refusal)
    for flag in PERSON_FLAGS:
        simulation.set_input(flag, month, np.array([flag in p.flags for p in persons]))
    quarter = income_period or _reference_quarter(month)
    for kind in INCOME_KINDS:
        amounts = np.array([float(dict(p.incomes).get(kind, 0)) for p in persons])
        if amounts.any():
            simulation.set_input(kind, quarter, amounts)
    simulation.set_input("region", month, np.array([f.region for f in families]))
    simulation.set_input("median_income", month, np.array([float(f.median_income) for f in families]))
    simulation.set_input(
        "signs_social_contract", month, np.array([f.signs_social_contract for f in families])
    )
    for bar in HOUSEHOLD_BARS:
        simulation.set_input(bar, month, np.array([bar in f.bars for f in families]))
    return simulation


def calc(simulation: Simulation, variable: str, month: str) -> np.ndarray:
    return simulation.calculate(variable, month)


@given(families=batch_strategy, month=month_strategy)
@SETTINGS
def test_amount_is_never_negative_nor_above_line_times_size(families: list[Family], month: str) -> None:
    simulation = simulate(families, month)
    amount = calc(simulation, "asp_amount", month)
    ceiling = calc(simulation, "poverty_line", month) * calc(simulation, "household_size", month)
    assert (amount >= 0).all()
    # April-December 2019: children get the line, adults the gap, so still at most line × size.
    assert (amount <= ceiling + MARGIN).all()
    assert np.allclose(
        simulation.household.sum(calc(simulation, "asp_person_amount", month)), amount, atol=MARGIN
    )


@given(
    families=batch_strategy,
    month=month_strategy,
    kind=st.sampled_from(INCOME_KINDS),
    extra=st.integers(1, 200_000),
    seed=st.integers(0, 2**16),
)
@SETTINGS
def test_amount_never_rises_when_income_rises(
    families: list[Family], month: str, kind: str, extra: int, seed: int
) -> None:
    chooser = random.Random(seed)
    richer = []
    for family in families:
        target = chooser.randrange(len(family.persons))
        persons = list(family.persons)
        incomes = dict(persons[target].incomes)
        incomes[kind] = incomes.get(kind, 0) + extra
        persons[target] = replace(persons[target], incomes=tuple(incomes.items()))
        richer.append(replace(family, persons=tuple(persons)))
    simulation = simulate(families + richer, month)
    amount = calc(simulation, "asp_amount", month)
    base, more = amount[: len(families)], amount[len(families) :]
    assert (more <= base + MARGIN).all(), f"{kind} +{extra}: {base} -> {more}"


@given(families=batch_strategy, month=month_strategy, seed=st.integers(0, 2**16))
@SETTINGS
def test_amount_does_not_depend_on_the_order_of_members(
    families: list[Family], month: str, seed: int
) -> None:
    # Art. 2 p.6 sp.4 lets only ONE able-bodied member count as the carer. The package assumes the
    # choice most favourable to the family among the candidates (one not exempt on another ground),
    # and the exempt carer is never a member who refused employment measures (the refusal shows the
    # member was not the carer; Art. 2 p.2 sp.2 then bars the family). Ties go to the first listed,
    # so neither the bar of a refusal nor the number of members required in employment measures may
    # follow the listing order.
    chooser = random.Random(seed)
    shuffled = []
    for family in families:
        order = list(range(len(family.persons)))
        chooser.shuffle(order)
        shuffled.append(replace(family, order=tuple(order)))
    simulation = simulate(families + shuffled, month)
    n = len(families)
    for variable in (
        "asp_amount",
        "asp_child_supplement",
        "household_size",
        "per_capita_income",
        "nb_members_required_in_employment_measures",
    ):
        values = calc(simulation, variable, month)
        assert np.allclose(values[:n], values[n:], atol=MARGIN), variable
    kind = calc(simulation, "asp_type", month)
    assert (kind[:n] == kind[n:]).all()
    reason = calc(simulation, "asp_ineligibility_reason", month)
    assert (reason[:n] == reason[n:]).all()


@given(families=batch_strategy, month=month_strategy)
@SETTINGS
def test_amount_is_zero_exactly_when_barred_empty_or_nothing_rounds_to_a_tenge(
    families: list[Family], month: str
) -> None:
    simulation = simulate(families, month)
    amount = calc(simulation, "asp_amount", month)
    line = calc(simulation, "poverty_line", month).astype(np.float64)
    per_capita = calc(simulation, "per_capita_income", month).astype(np.float64)
    reason = calc(simulation, "asp_ineligibility_reason", month)
    size = calc(simulation, "household_size", month)
    barred = reason != IneligibilityReason.none
    # Income exceeding the line is always refused (Law 246-II Art. 2 p.2 sp.1; Code Art. 128 sp.1);
    # under the Law income AT the line is refused too, under the Code (from July 2023) it is not.
    assert (barred[(per_capita > line) & (size > 0)]).all()
    # Each member counted gets line − per-capita income, rounded to the tenge, halves up (parameter
    # asp.amount.rounded_to_tenge), or in April–December 2019 a child the whole line. So a family
    # that is not barred gets 0 exactly when no member's amount reaches a tenge: the gap is under
    # half a tenge (a family at the line from July 2023, or a hair below it) and no child takes the
    # whole line.
    gap_pays = line - per_capita >= 0.5
    in_2019_rule = "2019-04" <= month <= "2019-12"
    child = calc(simulation, "is_child_for_2019_rule", month) * calc(simulation, "is_family_member", month)
    child_pays = simulation.household.any(child) * in_2019_rule * (line >= 0.5)
    assert ((amount == 0) == (barred | (size == 0) | ~(gap_pays | child_pays))).all()


def test_a_gap_under_half_a_tenge_gives_zero_without_a_refusal() -> None:
    """The edge the property above describes, made on purpose (random incomes rarely reach it)."""
    month = "2024-03"
    alone = Family(
        persons=(
            Person(age=70, female=True, disability="none", lives_with_family=True, flags=NOTHING, incomes=()),
        ),
        region="astana",
        median_income=0,
        bars=NOTHING,
        signs_social_contract=True,
    )
    line = float(calc(simulate([alone], month), "poverty_line", month)[0])
    # Pensions of the quarter 3 × line − 1 and 3 × line − 2 for a woman alone: per-capita income
    # line − 1/3 and line − 2/3, gaps 0.33 and 0.67 KZT, rounded half up to 0 and 1.
    families = [
        replace(alone, persons=(replace(alone.persons[0], incomes=(("pension_income", int(3 * line) - k),)),))
        for k in (1, 2)
    ]
    simulation = simulate(families, month)
    assert list(calc(simulation, "asp_ineligibility_reason", month)) == [IneligibilityReason.none.index] * 2
    assert list(calc(simulation, "asp_amount", month)) == [0, 1]


@given(families=batch_strategy, month=month_strategy)
@SETTINGS
def test_type_none_exactly_when_a_reason_is_given(families: list[Family], month: str) -> None:
    simulation = simulate(families, month)
    kind = calc(simulation, "asp_type", month)
    reason = calc(simulation, "asp_ineligibility_reason", month)
    assert ((kind == AspType.none) == (reason != IneligibilityReason.none)).all()
    months = calc(simulation, "asp_assignment_months", month)
    assert ((months == 0) == (kind == AspType.none)).all()


@given(families=batch_strategy, month=month_strategy)
@SETTINGS
def test_child_supplement_is_one_and_a_half_mrp_per_child_aged_1_to_6(
    families: list[Family], month: str
) -> None:
    simulation = simulate(families, month)
    year = int(month[:4])
    member = calc(simulation, "is_family_member", month)
    age = calc(simulation, "age", month)
    children = simulation.household.sum(member * (age >= 1) * (age <= 6))
    receives = calc(simulation, "asp_type", month) != AspType.none
    expected = SUPPLEMENT_MRP * MRP.get(year, 0) * children * receives if month >= "2023-01" else 0 * children
    supplement = calc(simulation, "asp_child_supplement", month)
    assert np.allclose(supplement, expected, atol=MARGIN)
    total = calc(simulation, "asp_total", month)
    assert np.allclose(total, calc(simulation, "asp_amount", month) + supplement, atol=MARGIN)


@given(
    families=batch_strategy,
    month=month_strategy,
    shift=st.sampled_from([-4, -1, 1, 2]),  # quarters away from the reference quarter
)
@SETTINGS
def test_income_outside_the_reference_quarter_does_not_count(
    families: list[Family], month: str, shift: int
) -> None:
    # Social Code Art. 127 p.2: only the income of the quarter before the application quarter counts.
    # The same incomes received a year earlier, two quarters back, in the application quarter or after
    # it change nothing.
    start = periods.period(_reference_quarter(month)).start.offset(3 * shift, "month")
    elsewhere = f"month:{start.year}-{start.month:02d}:3"
    moved = simulate(families, month, income_period=elsewhere)
    no_income = [replace(f, persons=tuple(replace(p, incomes=()) for p in f.persons)) for f in families]
    assert (calc(moved, "asp_total_income", month) == 0).all()
    expected = calc(simulate(no_income, month), "asp_amount", month)
    assert np.allclose(calc(moved, "asp_amount", month), expected, atol=MARGIN)


@given(families=batch_strategy, month=month_strategy)
@SETTINGS
def test_caregiver_reform_changes_types_not_amounts(families: list[Family], month: str) -> None:
    # Both types pay the line minus per-capita income, so the reform caregiver_threshold_7_years moves
    # families between types without changing amounts, as long as the social contract is signed.
    signed = [replace(f, signs_social_contract=True) for f in families]
    baseline = simulate(signed, month)
    reformed = simulate(signed, month, system=_reformed_system("caregiver_threshold_7_years"))
    assert np.allclose(calc(baseline, "asp_amount", month), calc(reformed, "asp_amount", month), atol=MARGIN)
    moved = calc(baseline, "asp_type", month) != calc(reformed, "asp_type", month)
    assert (calc(reformed, "asp_type", month)[moved] == AspType.unconditional).all()
