"""Random families for the batch and coalescing tests: the shipped examples, varied in what changes
how OpenFisca stores and computes them (months asked, incomes over one month, a quarter or a year,
ages or dates of birth, regions, households left out, axes) and sometimes made invalid."""

from __future__ import annotations

import copy
from typing import Any

from hypothesis import strategies as st

from openfisca_kz_asp.situation_examples import EXAMPLES

MONTHS = ["2024-03", "2023-11", "2025-06", "2019-06", "2026-02"]
OUTPUTS = ["asp_type", "asp_amount", "asp_child_supplement", "asp_total"]
INCOME_PERIODS = ["quarter", "months", "year", "one_month"]
INVALID = ["none", "negative_age", "unknown_variable", "unknown_person", "out_of_coverage"]
RATE_80 = [{"parameter": "asp.poverty_line.rate", "value": 0.8, "start": "2025-01-01"}]
BAD_CHANGE = [{"parameter": "asp.poverty_line.rat", "value": 0.8, "start": "2025-01-01"}]


def _quarter_before(month: str) -> list[str]:
    year, number = int(month[:4]), int(month[5:7])
    first = (number - 1) // 3 * 3 + 1 - 3  # the first month of the quarter before
    if first < 1:
        first, year = first + 12, year - 1
    return [f"{year}-{first + k:02d}" for k in range(3)]


@st.composite
def family(draw: st.DrawFn) -> dict[str, Any]:  # noqa: PLR0912
    """A situation (a /calculate body without reform_parameters)."""
    situation = copy.deepcopy(EXAMPLES[draw(st.sampled_from(sorted(EXAMPLES)))])
    month = draw(st.sampled_from(MONTHS))
    persons = situation["persons"]
    [household] = situation["households"].values()
    for name in OUTPUTS:
        household.pop(name, None)
    for name in draw(st.lists(st.sampled_from(OUTPUTS), min_size=1, max_size=4, unique=True)):
        household[name] = {month: None}
    if draw(st.booleans()):
        persons[next(iter(persons))]["asp_person_amount"] = {month: None}
    if draw(st.booleans()):
        household["region"] = {
            month: draw(st.sampled_from(["almaty_city", "astana", "mangystau", "unknown"]))
        }
    for data in persons.values():  # ages given for the month asked (or a date of birth)
        ages = data.pop("age", None) or {}
        age = next(iter(ages.values()), 30)
        if draw(st.integers(0, 4)) == 0:
            data["birth_date"] = {"ETERNITY": f"{int(month[:4]) - age - 1}-{draw(st.integers(1, 12)):02d}-15"}
        else:
            data["age"] = {month: age}
    earner = persons[next(iter(persons))]
    earner.pop("wage_income", None)
    wage = draw(st.integers(0, 400_000))
    quarter = _quarter_before(month)
    how = draw(st.sampled_from(INCOME_PERIODS))
    if how == "quarter":
        earner["wage_income"] = {f"month:{quarter[0]}:3": wage * 3}
    elif how == "months":
        earner["wage_income"] = {m: wage for m in quarter}
    elif how == "year":
        earner["wage_income"] = {quarter[0][:4]: wage * 12}
    elif how == "one_month":
        earner["wage_income"] = {quarter[1]: wage}
    invalid = draw(st.sampled_from(INVALID + ["none"] * 6))
    if invalid == "negative_age":
        persons[next(iter(persons))]["age"] = {month: -3}
    elif invalid == "unknown_variable":
        household["regoin"] = {month: "astana"}
    elif invalid == "unknown_person":
        household.setdefault("members", []).append("ghost")
    elif invalid == "out_of_coverage":
        household["asp_total"] = {"2031-01": None}
    shape = draw(st.sampled_from(["plain"] * 8 + ["no_households", "axes"]))
    if shape == "no_households":
        situation = {"persons": {pid: {k: v for k, v in d.items()} for pid, d in persons.items()}}
        next(iter(situation["persons"].values()))["asp_person_amount"] = {month: None}
    elif shape == "axes":
        situation["axes"] = [
            [{"name": "pension_income", "count": 3, "min": 0, "max": 90_000, "period": quarter[2]}]
        ]
    return situation
