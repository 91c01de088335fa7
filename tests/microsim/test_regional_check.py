"""The regional check of issue 10: simulated recipient families by region vs the ministry's caseload.

The embedded SYNTHETIC sample is calibrated to population, income and poverty figures only; the
ministry's caseload of 1 August 2023 (kz_statistics §5.2) is the check. The sum of the absolute
errors of the regional shares over the ten regions the ministry lists must not exceed
``validation.REGIONAL_ERROR_BOUND`` (documented there and in docs/microsim.md §5).
"""

from __future__ import annotations

import re

import pandas as pd
import pytest

from openfisca_kz_asp.microsim import EMBEDDED_SAMPLE, report, simulate, synth, validation
from openfisca_kz_asp.microsim.report_sample import target_words


@pytest.fixture(scope="module")
def august_2023():
    return simulate(period=validation.REGIONAL_MONTH)


def test_regional_shares_within_the_documented_bound(august_2023) -> None:
    table = validation.regional_shares(august_2023)
    assert table.attrs["error_sum"] <= validation.REGIONAL_ERROR_BOUND
    assert table.attrs["largest_region"] == "turkistan"


def test_regional_table_adds_up(august_2023) -> None:
    table = validation.regional_shares(august_2023).set_index("region")
    # 1 Aug 2023: 102.7k families; the ten listed regions hold 71,462, the other ten 31,238.
    assert table.loc["turkistan", "official_share"] == pytest.approx(25_100 / 102_700)
    assert table.loc[validation.OTHER_REGIONS, "official_families"] == 102_700 - 71_462
    parts = table.drop(index="total")
    assert parts["official_share"].sum() == pytest.approx(1.0)
    assert parts["simulated_share"].sum() == pytest.approx(1.0)
    assert parts["simulated_families"].sum() == pytest.approx(table.loc["total", "simulated_families"])
    assert int(parts["in_check"].sum()) == 10


def test_error_sum_is_the_sum_over_the_listed_regions(august_2023) -> None:
    table = validation.regional_shares(august_2023)
    listed = table[table["in_check"]]
    expected = sum(
        abs(row.simulated_share - validation.OFFICIAL_FAMILIES_2023_08[row.region] / 102_700)
        for row in listed.itertuples()
    )
    assert table.attrs["error_sum"] == pytest.approx(expected)


def test_no_asp_figure_is_a_calibration_target() -> None:
    targets = validation.target_status()
    assert not targets["target"].str.contains("asp|recipient|famil|spending", case=False).any()
    official: set[float] = {
        *validation.OFFICIAL_FAMILIES_2023_08.values(),
        *validation.OFFICIAL_TOTAL_2023_08.values(),
    }
    for year in validation.OFFICIAL_ANNUAL.values():
        official |= {year["families"], year["persons"], year["spending_bn"] * 1e9}
    assert not set(targets["value"].round()) & official
    assert set(targets["status"]) <= {"A", "B", "C", "U", "A/C"}
    # Every region's poverty is a target; the regions without a published rate are marked U.
    poor = targets[targets["target"].str.match(r"poor_[a-z_]+$")].set_index("target")
    regions = [f"poor_{r}" for r in synth.REGIONS]
    assert set(regions) <= set(poor.index)
    assert (poor.loc[[f"poor_{r}" for r in synth.REGIONAL_POVERTY], "status"] == "C").all()
    assert (poor.loc[[f"poor_{r}" for r in synth.assumed_poverty_rates()], "status"] == "U").all()


def test_national_totals_and_the_report_section(tmp_path, august_2023) -> None:
    year = simulate(period="2024")
    national = validation.national_totals({2024: year})
    row = national.iloc[0]
    assert row["official_spending_bn"] == 39.5
    assert row["cost_ratio"] == pytest.approx(row["cost_bn"] / 39.5)
    assert national.attrs["error_sum"] == pytest.approx(abs(row["cost_ratio"] - 1))
    tables = {
        "validation_regional_2023_08": validation.regional_shares(august_2023),
        "validation_national_by_year": national,
        "calibration_targets": validation.target_status(EMBEDDED_SAMPLE / "synthetic_calibration.csv"),
    }
    page = report.write_html(year, tmp_path / "report.html", validation=tables).read_text()
    assert "The synthetic sample beside official figures" in page
    assert "Sum of the absolute differences in share over the ten regions" in page
    assert "Persons below the subsistence minimum, Kyzylorda region" in page
    # In Russian and Kazakh the section speaks the report's language: regions and targets by name,
    # no code names.
    for lang, words in (("ru", "Кызылординская область"), ("kk", "Қызылорда облысы")):
        page = report.write_html(year, tmp_path / f"report_{lang}.html", validation=tables, lang=lang)
        text = page.read_text()
        assert words in text
        assert "poor_kyzylorda" not in text and "kyzylorda" not in text


@pytest.mark.parametrize("lang", ["en", "ru", "kk"])
def test_every_calibration_target_is_named_in_words(lang) -> None:
    targets = validation.target_status(EMBEDDED_SAMPLE / "synthetic_calibration.csv")["target"]
    unnamed = [t for t in targets if target_words(t, lang) == t or "_" in target_words(t, lang)]
    if lang != "en":  # no English word left in a Russian or Kazakh name
        unnamed += [t for t in targets if re.search("[a-z]", target_words(t, lang))]
    assert unnamed == []


def test_target_status_reads_a_table_without_status() -> None:
    frame = pd.DataFrame(
        {"target": ["x"], "value": [1.0], "calibrated": [1.0], "ratio": [1.0], "source": ["s"]}
    )
    assert validation.target_status(frame)["status"].tolist() == ["?"]
