"""Validation of the microsimulation against the ministry's ASP figures: checks, never targets.

The SYNTHETIC sample is calibrated to population, income and poverty figures
(:mod:`openfisca_kz_asp.microsim.synth`); no ASP figure is among its targets. This module puts the
simulated ASP beside the official figures (kz_statistics.md §5, MTSZN, confidence A):

* :func:`regional_shares` — recipient families by region on 1 August 2023 (ten regions listed by
  the ministry, the other ten as one residual), simulated for the month 2023-08; the sum of the
  absolute share errors over the ten listed regions is the regional check;
* :func:`national_totals` — spending, families and persons by year (2023-2025);
* :func:`target_status` — each calibration target with its status (A official, B secondary,
  C derived, U placeholder);
* :func:`validation_tables` runs the simulations and returns the three tables;
  :mod:`.report_sample` renders the regional check and the targets in the HTML report
  (``report.write_html(..., validation=)``), in the report's language.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

import numpy as np
import pandas as pd

from openfisca_kz_asp.microsim.results import Results

REGIONAL_MONTH = "2023-08"
# Recipient families on 1 Aug 2023 (MTSZN via ratel.kz, kz_statistics §5.2, A): the ten regions the
# ministry named; the other ten regions hold the residual together.
OFFICIAL_FAMILIES_2023_08: dict[str, int] = {
    "turkistan": 25_100,
    "shymkent": 11_100,
    "kyzylorda": 8_800,
    "almaty_region": 8_600,
    "jambyl": 7_200,
    "jetisu": 6_200,
    "karaganda": 1_700,
    "north_kazakhstan": 1_400,
    "atyrau": 903,
    "ulytau": 459,
}
OFFICIAL_TOTAL_2023_08 = {"families": 102_700, "persons": 538_900}
OTHER_REGIONS = "other ten regions (not listed)"
# The regional check (tests/microsim/test_regional_check.py) fails above this sum of absolute share
# errors over the ten listed regions. Measured on the embedded sample: 0.37 before issue 10, 0.28
# after it (docs/microsim.md §5). The goal, 0.12, is NOT met: with the published poverty
# rates as targets, the official caseload has two to three times as many recipient families per
# poor person in Turkistan, Shymkent and Kyzylorda as in Karaganda, Atyrau or the ten regions not
# listed, which no published poverty or income figure explains (docs/microsim.md §5).
REGIONAL_ERROR_BOUND = 0.32
REGIONAL_ERROR_GOAL = 0.12
# Annual totals (MTSZN, kz_statistics §5.1, A): persons and families ever assigned in the year
# (cumulative), spending in bn KZT.
OFFICIAL_ANNUAL: dict[int, dict[str, float]] = {
    2023: {"spending_bn": 57.4, "families": 114_100, "persons": 598_400},
    2024: {"spending_bn": 39.5, "families": 78_100, "persons": 413_700},
    2025: {"spending_bn": 33.4, "families": 54_400, "persons": 292_700},
}


def _baseline_by_region(results: Results) -> pd.Series:
    table = results.tables["by_region"]
    rows = table[table["scenario"] == "baseline"].set_index("region")
    return rows["recipient_households"].astype(float)


def regional_shares(results: Results) -> pd.DataFrame:
    """Simulated vs official shares of recipient families by region (1 Aug 2023), with the errors.

    ``results``: a run of the month 2023-08. One row per listed region, one for the other ten
    regions together, one for the total; ``attrs`` holds ``error_sum`` (over the ten listed
    regions), ``largest_region`` (simulated) and the bound.
    """
    simulated = _baseline_by_region(results)
    total = float(simulated.sum())
    official_total = OFFICIAL_TOTAL_2023_08["families"]
    rows = []
    for region, families in OFFICIAL_FAMILIES_2023_08.items():
        sim = float(simulated.get(region, 0.0))
        rows.append((region, sim, sim / total if total else np.nan, families, families / official_total))
    listed_sim = sum(r[1] for r in rows)
    listed_official = sum(OFFICIAL_FAMILIES_2023_08.values())
    other_sim = total - listed_sim
    other_official = official_total - listed_official
    rows.append((OTHER_REGIONS, other_sim, other_sim / total if total else np.nan, other_official,
                 other_official / official_total))  # fmt: skip
    frame = pd.DataFrame(
        rows,
        columns=["region", "simulated_families", "simulated_share", "official_families", "official_share"],
    )
    frame["abs_share_error"] = (frame["simulated_share"] - frame["official_share"]).abs()
    frame["in_check"] = frame["region"] != OTHER_REGIONS
    frame.loc[len(frame)] = ["total", total, 1.0, official_total, 1.0, np.nan, False]
    error_sum = float(frame.loc[frame["in_check"], "abs_share_error"].sum())
    frame.attrs.update(
        error_sum=error_sum,
        largest_region=str(simulated.idxmax()) if total else "",
        bound=REGIONAL_ERROR_BOUND,
        goal=REGIONAL_ERROR_GOAL,
        month=str(results.period),
    )
    return frame


def national_totals(results_by_year: Mapping[int, Results]) -> pd.DataFrame:
    """Simulated (expected with take-up, and full entitlement) vs official totals by year.

    Official families and persons count everyone assigned in the year (cumulative); the simulation
    gives the mean monthly stock, which is lower by construction. ``attrs['error_sum']``: the sum
    over the years of |simulated ÷ official − 1| for spending with take-up.
    """
    rows = []
    for year, results in sorted(results_by_year.items()):
        official = OFFICIAL_ANNUAL.get(year)
        summary = results.tables["summary"].set_index("scenario").loc["baseline"]
        row = {
            "year": year,
            "cost_bn": summary["cost_annual"] / 1e9,
            "cost_full_entitlement_bn": summary["cost_annual_full_entitlement"] / 1e9,
            "official_spending_bn": official["spending_bn"] if official else np.nan,
            "families_monthly_mean": summary["recipient_households"],
            "families_full_entitlement": summary["recipient_households_full_entitlement"],
            "official_families_in_year": official["families"] if official else np.nan,
            "persons_monthly_mean": summary["recipient_persons"],
            "official_persons_in_year": official["persons"] if official else np.nan,
        }
        row["cost_ratio"] = row["cost_bn"] / row["official_spending_bn"]
        row["families_ratio"] = row["families_monthly_mean"] / row["official_families_in_year"]
        row["persons_ratio"] = row["persons_monthly_mean"] / row["official_persons_in_year"]
        rows.append(row)
    frame = pd.DataFrame(rows)
    frame.attrs["error_sum"] = float((frame["cost_ratio"] - 1).abs().sum())
    return frame


def target_status(calibration: str | Path | pd.DataFrame | None = None) -> pd.DataFrame:
    """The calibration targets with their status (A/B/C/U), published value and calibrated value.

    ``calibration``: a ``synthetic_calibration.csv`` (default: the embedded sample's) or its table.
    ``attrs['counts']``: the number of targets by status.
    """
    if calibration is None:
        from openfisca_kz_asp.microsim.api import EMBEDDED_SAMPLE  # noqa: PLC0415

        calibration = EMBEDDED_SAMPLE / "synthetic_calibration.csv"
    table = calibration if isinstance(calibration, pd.DataFrame) else pd.read_csv(calibration)
    if "status" not in table:
        table = table.assign(status="?")
    frame = table[["target", "status", "value", "calibrated", "ratio", "source"]].copy()
    frame.attrs["counts"] = frame["status"].value_counts().sort_index().to_dict()
    return frame


def validation_tables(
    data: object = None, years: Sequence[int] = (2023, 2024, 2025), **simulate_options: object
) -> dict[str, pd.DataFrame]:
    """Run the baseline for 2023-08 and for each year on ``data`` and return the three tables.

    ``data``: as for :func:`openfisca_kz_asp.microsim.simulate` (None: the embedded SYNTHETIC
    sample, whose calibration table is then included).
    """
    from openfisca_kz_asp.microsim.api import simulate  # noqa: PLC0415

    tables = {
        "validation_regional_2023_08": regional_shares(
            simulate(data, period=REGIONAL_MONTH, **simulate_options)  # type: ignore[arg-type]
        ),
        "validation_national_by_year": national_totals(
            {y: simulate(data, period=str(y), **simulate_options) for y in years}  # type: ignore[arg-type]
        ),
    }
    if data is None:
        tables["calibration_targets"] = target_status()
    return tables


def cheap_regional_tables(
    results: Results, data: object = None, **simulate_options: object
) -> dict[str, pd.DataFrame] | None:
    """The regional check (and, for the embedded sample, the calibration targets) for the report,
    when the data is small enough to simulate one more month in seconds; otherwise None."""
    from openfisca_kz_asp.microsim.api import simulate  # noqa: PLC0415
    from openfisca_kz_asp.microsim.report_validation import CHEAP_HOUSEHOLDS  # noqa: PLC0415

    if results.input["households_read"] > CHEAP_HOUSEHOLDS:
        return None
    month = results if results.period == REGIONAL_MONTH else None
    regional = month or simulate(data, period=REGIONAL_MONTH, replicates=0, **simulate_options)  # type: ignore[arg-type]
    tables = {"validation_regional_2023_08": regional_shares(regional)}
    if data is None:
        tables["calibration_targets"] = target_status()
    return tables


__all__ = [
    "OFFICIAL_ANNUAL",
    "OFFICIAL_FAMILIES_2023_08",
    "REGIONAL_ERROR_BOUND",
    "national_totals",
    "regional_shares",
    "target_status",
    "validation_tables",
]
