"""The report's national validation: simulated ASP beside the ministry's figures for 2020–2025.

The ministry (MTSZN) publishes, for each year, everyone assigned ASP at any time in the year
(persons and families assisted during the year, cumulative) and the spending; and, now and then,
the number receiving it on a date (a snapshot of the stock). The simulation gives the average
number receiving it in a month, comparable with a snapshot, not with the yearly count, which is
higher by construction (assignment is quarterly and families leave within the year).
Sources: /work/shared/research/kz_statistics.md §5.1 (annual series, confidence A),
data/asp_recipients_points.csv and findings_2026_11.md §3.5 (snapshots).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pandas as pd

from openfisca_kz_asp.microsim.results import Results

# year: spending (bn KZT; 2020–2022 the allocation, execution not found), families and persons
# assisted during the year (kz_statistics.md §5.1, A; 2021 persons and families to 1 December).
OFFICIAL_YEARS: dict[int, dict[str, Any]] = {
    2020: {"spending_bn": 75.3, "spending_is_allocation": True, "families": 184_700, "persons": 936_200},
    2021: {"spending_bn": 68.5, "spending_is_allocation": True, "families": 198_100, "persons": 988_800},
    2022: {"spending_bn": 84.7, "spending_is_allocation": True, "families": 141_500, "persons": 728_700},
    2023: {"spending_bn": 57.4, "spending_is_allocation": False, "families": 114_100, "persons": 598_400},
    2024: {"spending_bn": 39.5, "spending_is_allocation": False, "families": 78_100, "persons": 413_700},
    2025: {"spending_bn": 33.4, "spending_is_allocation": False, "families": 54_400, "persons": 292_700},
}
# Families (and persons) receiving ASP on a date (MTSZN; asp_recipients_points.csv, §3.5).
OFFICIAL_SNAPSHOTS: dict[int, list[tuple[str, int, int | None]]] = {
    2020: [("2020-Q4", 119_700, 614_300)],  # Q4 2020, prolonged automatically
    2021: [("2021-04-01", 135_700, 683_400)],
    2022: [],
    2023: [("2023-02-01", 67_100, 350_400), ("2023-08-01", 102_700, 538_900)],
    2024: [],
    2025: [("2025-06-01", 45_200, 242_400), ("2025-12-01", 54_000, 290_600)],
}
YEARS = tuple(OFFICIAL_YEARS)


def national_table(runs: Mapping[int, Results]) -> pd.DataFrame:
    """One row per year 2020–2025: the ministry's figures and, where a run of that year (a full year)
    is given, the simulated ones (baseline, with take-up; NaN where not simulated)."""
    rows = []
    for year, official in OFFICIAL_YEARS.items():
        run = runs.get(year)
        summary = run.tables["summary"].set_index("scenario").loc["baseline"] if run is not None else None
        snapshots = OFFICIAL_SNAPSHOTS.get(year, [])
        rows.append(
            {
                "year": year,
                "simulated_cost_bn": summary["cost_annual"] / 1e9 if summary is not None else float("nan"),
                "official_spending_bn": official["spending_bn"],
                "official_spending_is_allocation": official["spending_is_allocation"],
                "simulated_families_monthly_mean": summary["recipient_households"]
                if summary is not None
                else float("nan"),
                "official_families_on_a_date": snapshots[-1][1] if snapshots else float("nan"),
                "official_snapshot_date": snapshots[-1][0] if snapshots else "",
                "official_families_in_year": official["families"],
                "simulated_persons_monthly_mean": summary["recipient_persons"]
                if summary is not None
                else float("nan"),
                "official_persons_on_a_date": snapshots[-1][2]
                if snapshots and snapshots[-1][2]
                else float("nan"),
                "official_persons_in_year": official["persons"],
            }
        )
    return pd.DataFrame(rows)


def validation_runs(
    results: Results, data: object = None, years: tuple[int, ...] = YEARS, **options: Any
) -> dict[int, Results]:
    """The run itself (if it is a whole year) and baseline runs of the other ``years`` on ``data``
    (the same options, no reform, no bootstrap)."""
    from openfisca_kz_asp.microsim.api import simulate  # noqa: PLC0415

    runs: dict[int, Results] = {}
    if len(results.months) == 12 and results.period.isdigit():
        runs[int(results.period)] = results
    for year in years:
        if year not in runs:
            runs[year] = simulate(data, period=str(year), replicates=0, **options)  # type: ignore[arg-type]
    return runs


CHEAP_HOUSEHOLDS = 50_000


def cheap_validation_runs(results: Results, data: object = None, **options: Any) -> dict[int, Results]:
    """:func:`validation_runs` when the data is small enough to simulate six more years in seconds
    (at most CHEAP_HOUSEHOLDS households, e.g. the embedded sample); otherwise only the run itself."""
    if results.input["households_read"] <= CHEAP_HOUSEHOLDS:
        return validation_runs(results, data, **options)
    return {int(results.period): results} if len(results.months) == 12 and results.period.isdigit() else {}
