"""Families for the browser tests, and their expected results from the Python API.

Each family is described the way a user describes it on the page (region, month of application,
members with their situation and their income of the reference quarter). ``expected`` builds the
OpenFisca situation independently of the page's JavaScript and runs it through
``SimulationBuilder``, so a test compares what the page shows with what the country package says.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from typing import Any

from openfisca_core.simulation_builder import SimulationBuilder

from openfisca_kz_asp.system import CountryTaxBenefitSystem

HOUSEHOLD_OUTPUTS = (
    "asp_type",
    "asp_ineligibility_reason",
    "household_size",
    "per_capita_income",
    "poverty_line",
    "asp_amount",
    "asp_child_supplement",
    "asp_total",
    "asp_assignment_months",
)


@dataclass(frozen=True)
class Member:
    age: int
    sex: str = "female"
    disability_group: str = "none"
    flags: tuple[str, ...] = ()  # person booleans set to true (is_full_time_student, ...)
    income: tuple[tuple[str, float], ...] = ()  # (kind, total for the reference quarter)


@dataclass(frozen=True)
class Family:
    key: str
    region: str
    month: str  # "YYYY-MM", the month of application
    members: tuple[Member, ...]
    household_flags: tuple[str, ...] = field(default=())  # household booleans set to true


FAMILIES: tuple[Family, ...] = (
    # Single mother, a son of 5 and a daughter of 2, wages of 150,000 in Oct-Dec 2025, in Astana,
    # whose minimum of Oct-Dec 2025 was published (so the line can be worked out by hand).
    Family(
        key="single_mother",
        region="astana",
        month="2026-03",
        members=(
            Member(34, income=(("wage_income", 150_000),)),
            Member(5, sex="male"),
            Member(2),
        ),
    ),
    # Couple with three children and a grandmother who needs care; wages, a pension and a
    # large-family allowance (in "More kinds of income") in Oct-Dec 2025, in Mangystau, whose minimum
    # of that quarter was published.
    Family(
        key="couple_three_children",
        region="mangystau",
        month="2026-02",
        members=(
            Member(38, sex="male", flags=("has_permanent_job",), income=(("wage_income", 270_000),)),
            Member(35, income=(("social_benefit_income", 30_000),)),
            Member(12, sex="male"),
            Member(9),
            Member(4, sex="male"),
            Member(
                82,
                flags=("needs_outside_care",),
                income=(("pension_income", 150_000), ("large_family_allowance_income", 60_000)),
            ),
        ),
    ),
    # A man of 40 with disability group II and his son of 19, a full-time student, in Pavlodar
    # region in 2019; the elder son is in conscript service, so not counted in the family.
    Family(
        key="disabled_father_student",
        region="pavlodar",
        month="2019-02",
        members=(
            Member(40, sex="male", disability_group="group_2", income=(("pension_income", 30_000),)),
            Member(19, sex="male", flags=("is_full_time_student",), income=(("scholarship_income", 45_000),)),
            Member(21, sex="male", flags=("is_in_conscript_service",)),
        ),
    ),
    # A couple whose income is above the poverty line: not eligible.
    Family(
        key="above_the_line",
        region="astana",
        month="2026-11",
        members=(
            Member(30, sex="male", income=(("wage_income", 900_000),)),
            Member(29, income=(("wage_income", 300_000),)),
            Member(1, sex="male"),
        ),
    ),
)


# The short path (issue 12): only the questions shown first (age, sex from 16, disability, the
# quick yes/no boxes) and the main kinds of income, entered as the family's totals. The expected
# amounts are computed with each member's own income (``situation``), so the tests also check that
# totals given on the applicant count as the members' income does.
SHORT_FAMILIES: tuple[Family, ...] = (
    # A couple with two children, wages only, in Astana in March 2026: the family of four whose
    # short path must take fewer than 20 interactions.
    Family(
        key="couple_two_children_wages",
        region="astana",
        month="2026-03",
        members=(
            Member(34, income=(("wage_income", 120_000),)),
            Member(36, sex="male", income=(("wage_income", 90_000),)),
            Member(7, sex="male"),
            Member(2),
        ),
    ),
    # A mother of 41 with disability group II (a pension) and her son of 19, a full-time student
    # (a social benefit), in Karaganda region in May 2024.
    Family(
        key="disabled_mother_student",
        region="karaganda",
        month="2024-05",
        members=(
            Member(41, disability_group="group_2", income=(("pension_income", 150_000),)),
            Member(
                19, sex="male", flags=("is_full_time_student",), income=(("social_benefit_income", 24_000),)
            ),
        ),
    ),
    # Grandparents with a grandson of 10 in Shymkent in November 2022: the grandfather, 66, has a
    # pension; the grandmother, 58, cares for the family (the quick "cares for" box); their son,
    # 30, has a permanent job.
    Family(
        key="grandparents_carer",
        region="shymkent",
        month="2022-11",
        members=(
            Member(58, flags=("is_caregiver",)),
            Member(66, sex="male", income=(("pension_income", 210_000),)),
            Member(30, sex="male", flags=("has_permanent_job",), income=(("wage_income", 180_000),)),
            Member(10, sex="male"),
        ),
    ),
)


def family_totals(family: Family) -> dict[str, float]:
    """The family's income of the reference quarter by kind (the short path's family totals)."""
    totals: dict[str, float] = {}
    for member in family.members:
        for kind, amount in member.income:
            totals[kind] = totals.get(kind, 0) + amount
    return totals


def reference_quarter_start(month: str) -> str:
    """First month of the calendar quarter before the one containing ``month``."""
    year, number = int(month[:4]), int(month[5:7])
    quarter = (number - 1) // 3 - 1
    if quarter < 0:
        quarter, year = 3, year - 1
    return f"{year}-{quarter * 3 + 1:02d}"


def situation(family: Family) -> dict[str, Any]:
    """The OpenFisca situation for ``family`` (web API format), written here in Python."""
    month = family.month
    quarter = f"month:{reference_quarter_start(month)}:3"
    persons: dict[str, Any] = {}
    for index, member in enumerate(family.members, start=1):
        person: dict[str, Any] = {
            "age": {month: member.age},
            "sex": {"ETERNITY": member.sex},
            "disability_group": {month: member.disability_group},
        }
        for flag in member.flags:
            person[flag] = {month: True}
        for kind, amount in member.income:
            person[kind] = {quarter: amount}
        persons[f"person_{index}"] = person
    ids = list(persons)
    household: dict[str, Any] = {"applicants": ids[:1], "members": ids[1:], "region": {month: family.region}}
    for flag in family.household_flags:
        household[flag] = {month: True}
    return {"persons": persons, "households": {"household": household}}


@cache
def _tax_benefit_system() -> CountryTaxBenefitSystem:
    return CountryTaxBenefitSystem()


@cache
def expected(family: Family) -> dict[str, Any]:
    """Household outputs and each person's ``asp_person_amount`` for the month of application."""
    simulation = SimulationBuilder().build_from_entities(_tax_benefit_system(), situation(family))
    result: dict[str, Any] = {}
    for name in HOUSEHOLD_OUTPUTS:
        value = simulation.calculate(name, family.month)
        result[name] = value.decode_to_str()[0] if hasattr(value, "decode_to_str") else value[0].item()
    result["persons"] = [float(x) for x in simulation.calculate("asp_person_amount", family.month)]
    return result
