"""The report's figures against hand-computed ones on tiny datasets (issue 11).

Month: December 2023, region `unknown` (the national minimum stands in). As in
test_aggregates.py: ASP line round(0.7 × 51,710) = 36,197 KZT (Q3 2023 minimum, published); the
Bureau's standard, the statistical minimum of December 2023, 47,672 KZT; child supplement 1.5 MRP ×
3,450 = 5,175 per child aged 1–6. Under the reform poverty_line_share:0.8 the line is round(0.8 ×
51,710) = 41,368. Take-up: unconditional 0.8, conditional 0.5. Incomes are not uprated (no income
year declared) and hold in the reference quarter.

Households of tests/microsim/conftest.py (H1–H4):
H1 (w 100): mother 30 (wage 45,000), a boy of 2, a girl of 5. PCI 15,000; OECD scale 1 + 0.3 + 0.3 =
   1.6, equivalised 28,125. Unconditional: ASP (36,197 − 15,000) × 3 = 63,591 + 2 × 5,175 = 73,941.
H2 (w 200): man 35 (wage 60,000), woman 33, boy 8. PCI 20,000; scale 1 + 0.5 + 0.3 = 1.8,
   equivalised 33,333.33. Conditional: 16,197 × 3 = 48,591.
H3 (w 50): man 70 (pension 100,000). Nothing; scale 1, equivalised 100,000.
H4 (w 10): father 40 (wage 50,000), girl 5. PCI 25,000; scale 1.3, equivalised 38,461.54.
   Conditional: 11,197 × 2 + 5,175 = 27,569.
Persons 970 (300, 600, 50, 20). Deciles of equivalised income: the cut points are 28,125 (deciles
1–3) and 33,333.33 (4–9), and a household falls wholly in the decile of its income (ties to the
lower one): H1 in 1, H2 in 4, H4 and H3 in 10; deciles 2, 3 and 5–9 are empty.
"""

from __future__ import annotations

import json
import re

import numpy as np
import pandas as pd
import pytest

from openfisca_kz_asp.microsim import TakeUp, engine, simulate, validate_frames
from openfisca_kz_asp.microsim import results as results_module
from openfisca_kz_asp.microsim.format import INCOME_COLUMNS

TAKE_UP = TakeUp(unconditional=0.8, conditional=0.5)
REFORM = "poverty_line_share:0.8"
LINE, MINIMUM = 36_197, 47_672


@pytest.fixture(scope="module")
def run(tiny_module_frames):
    data = validate_frames(*tiny_module_frames)
    return simulate(data, period="2023-12", reforms=[REFORM], take_up=TAKE_UP, replicates=50)


def _impact(results, scenario, standard, group, measure, column="before") -> float:  # noqa: PLR0917
    t = results.tables["poverty_impact"]
    row = t[
        (t["scenario"] == scenario)
        & (t["standard"] == standard)
        & (t["group"] == group)
        & (t["measure"] == measure)
    ]
    assert len(row) == 1
    return float(row[column].iloc[0])


# --- decile bands of winners and losers ----------------------------------------------------------


def test_band_of_each_band_by_hand() -> None:
    # income 100,000 a year: −6,000 is −6% (lose > 5%), −5,000 exactly −5% (lose < 5%: the limit is
    # "more than 5%"), −0.5 KZT no change (threshold 1 KZT), +5,000 gain < 5%, +5,001 gain > 5%;
    # a change of a zero income is > 5% either way.
    change = np.array([-6_000, -5_000, -0.5, 0, 5_000, 5_001, 300, -300])
    income = np.array([100_000] * 6 + [0, 0])
    assert engine.band_of(change, income).tolist() == [0, 1, 2, 2, 3, 4, 4, 0]


def test_distribution_and_bands_of_the_reform(run) -> None:
    dist = run.tables["distribution"].set_index("decile")
    # H1: reform (41,368 − 15,000) × 3 + 10,350 = 89,454; with take-up 0.8: 71,563.2 against
    # 0.8 × 73,941 = 59,152.8: +12,410.4 a month; income of the month 45,000 + 59,152.8 = 104,152.8:
    # +11.9%, gain > 5%. Decile 1 is H1 (300 persons): mean change 12 × 100 × 12,410.4 / 300 = 49,641.6
    # KZT a year per person; share of income before ASP 1,241,040 / 4,500,000 = 0.275787.
    assert dist.loc["1", "mean_change_per_person_annual"] == pytest.approx(49_641.6, abs=0.01)
    assert dist.loc["1", "change_share_of_income"] == pytest.approx(1_241_040 / 4_500_000)
    assert dist.loc["1", "share_gain_more_than_5pct"] == pytest.approx(1.0)
    # H2: (41,368 − 20,000) × 3 × 0.5 = 32,052 against 24,295.5: +7,756.5 on 84,295.5 (+9.2%): > 5%.
    assert dist.loc["4", "share_gain_more_than_5pct"] == pytest.approx(1.0)
    assert dist.loc["5", "persons"] == 0
    # decile 10: H4 (+5,171 on 63,784.5, +8.1%: 20 persons gain > 5%) and H3 (no change, 50 persons)
    assert dist.loc["10", "share_gain_more_than_5pct"] == pytest.approx(20 / 70)
    assert dist.loc["10", "share_no_change"] == pytest.approx(50 / 70)
    # all: 920 of 970 persons gain > 5%, 50 no change, nobody loses
    assert dist.loc["all", "share_gain_more_than_5pct"] == pytest.approx(920 / 970)
    assert dist.loc["all", "share_no_change"] == pytest.approx(50 / 970)
    assert dist.loc["all", "share_lose_more_than_5pct"] == dist.loc["all", "share_lose_less_than_5pct"] == 0
    bands = [c for c in dist.columns if c.startswith("share_")]
    np.testing.assert_allclose(dist.loc[dist["persons"] > 0, bands].sum(axis=1), 1.0)
    # nobody becomes or ceases to be entitled: all three poor households already are
    head = run.summary["reforms"][REFORM]["headline"]
    assert head["gained_households_full"] == head["lost_households_full"] == 0
    # net change: 12 × (100 × 12,410.4 + 200 × 7,756.5 + 10 × 5,171) = 12 × (1,241,040 + 1,551,300 +
    # 51,710) = 12 × 2,844,050 = 34,128,600
    assert head["cost_annual_change"] == pytest.approx(34_128_600, abs=1)


# --- inequality -----------------------------------------------------------------------------------


def test_gini_and_shares_before_and_after_by_hand(run) -> None:
    ineq = run.tables["inequality"].set_index(["scenario", "measure"])
    # Gini = Σ_i Σ_j p_i p_j |x_i − x_j| / (2 P² μ), persons p = 300, 600, 20, 50 at 28,125,
    # 33,333.33, 38,461.54, 100,000; half the double sum: 300·600·5,208.33 + 300·20·10,336.54 +
    # 300·50·71,875 + 600·20·5,128.21 + 600·50·66,666.67 + 20·50·61,538.46 = 4,200,721,153.8;
    # 2 P² μ = 2 · 970 · 34,206,730.77 (total income) = 66,361,057,692: Gini = 0.126602.
    assert ineq.loc[("baseline", "gini"), "before"] == pytest.approx(0.126602, abs=1e-6)
    # top 10% = 97 persons: H3's 50 (5,000,000), H4's 20 (769,230.77), 27 of H2 (900,000):
    # 6,669,230.77 / 34,206,730.77 = 0.194968; bottom 50% = 485: H1's 300 (8,437,500) and 185 of
    # H2 (6,166,666.67): 14,604,166.67 / 34,206,730.77 = 0.426938
    assert ineq.loc[("baseline", "top_10_share"), "before"] == pytest.approx(0.194968, abs=1e-6)
    assert ineq.loc[("baseline", "bottom_50_share"), "before"] == pytest.approx(0.426938, abs=1e-6)
    # after ASP with take-up: H1 (45,000 + 59,152.8) / 1.6 = 65,095.5; H2 (60,000 + 24,295.5) / 1.8 =
    # 46,830.83; H4 (50,000 + 13,784.5) / 1.3 = 49,065; H3 100,000: the same formula gives 0.107311
    assert ineq.loc[("baseline", "gini"), "after_expected"] == pytest.approx(0.107311, abs=1e-6)


def test_inequality_from_histogram_matches_the_pairwise_formula() -> None:
    rng = np.random.default_rng(3)
    income = rng.lognormal(10, 0.6, 300)
    weight = rng.uniform(1, 5, 300)
    hist = np.zeros((engine.HIST_BINS + 1, 2))
    np.add.at(hist, engine.hist_bin(income), np.stack([weight, weight * income], axis=1))
    pairwise = (weight[:, None] * weight[None, :] * np.abs(income[:, None] - income[None, :])).sum()
    exact = pairwise / (2 * weight.sum() * (weight * income).sum())
    # incomes sharing a bin (0.46% wide) are taken at their mean: the Gini moves by far less than 0.001
    assert results_module.inequality_from_histogram(hist)["gini"] == pytest.approx(exact, abs=1e-3)


# --- poverty gap, regular and deep, both standards -------------------------------------------------


def test_poverty_at_the_asp_line_by_hand(run) -> None:
    gaps = {"H1": (LINE - 15_000) / LINE, "H2": (LINE - 20_000) / LINE, "H4": (LINE - 25_000) / LINE}
    # 21,197 / 36,197 = 0.585601; 16,197 / 36,197 = 0.447468; 11,197 / 36,197 = 0.309335
    fgt1 = (300 * gaps["H1"] + 600 * gaps["H2"] + 20 * gaps["H4"]) / 970
    assert _impact(run, "baseline", "asp_line", "all", "fgt0") == pytest.approx(920 / 970)
    assert _impact(run, "baseline", "asp_line", "all", "fgt1") == pytest.approx(fgt1)
    # deep: below half the line, 18,098.5: only H1 (15,000), gap 3,098.5 / 18,098.5 = 0.171202
    assert _impact(run, "baseline", "asp_line", "all", "deep_fgt0") == pytest.approx(300 / 970)
    assert _impact(run, "baseline", "asp_line", "all", "deep_fgt1") == pytest.approx(
        300 * 3_098.5 / 18_098.5 / 970
    )
    # after full ASP every household reaches the line (H2 exactly 36,197: not below it)
    assert _impact(run, "baseline", "asp_line", "all", "fgt0", "after_full") == pytest.approx(0)
    # with take-up, rate × after + (1 − rate) × before: (0.2 × 300 + 0.5 × 600 + 0.5 × 20) / 970
    assert _impact(run, "baseline", "asp_line", "all", "fgt0", "after_expected") == pytest.approx(370 / 970)
    # by sex: males H1 1 (w 100), H2 2 (400), H3 1 (50), H4 1 (10) = 560, of whom poor 510;
    # females H1 2 (200), H2 1 (200), H4 1 (10) = 410, all poor
    assert _impact(run, "baseline", "asp_line", "male", "fgt0") == pytest.approx(510 / 560)
    assert _impact(run, "baseline", "asp_line", "female", "fgt0") == pytest.approx(1.0)
    # by age: children (H1 2, H2 1, H4 1: 410) all poor; pension age (H3's man of 70) not poor
    assert _impact(run, "baseline", "asp_line", "children", "fgt0") == pytest.approx(1.0)
    assert _impact(run, "baseline", "asp_line", "pension_age", "fgt0") == pytest.approx(0.0)
    # the reform is measured against the same (baseline) line: every entitled household is lifted
    # above it with full take-up, so only the take-up remainder stays: the same 370 / 970
    assert _impact(run, REFORM, "asp_line", "all", "fgt0", "after_expected") == pytest.approx(370 / 970)


def test_poverty_at_the_subsistence_minimum_by_hand(run) -> None:
    # half the minimum 23,836: H1 (15,000) and H2 (20,000) in deep poverty, gaps 8,836 / 23,836 =
    # 0.370700 and 3,836 / 23,836 = 0.160933
    assert _impact(run, "baseline", "subsistence_minimum", "all", "deep_fgt0") == pytest.approx(900 / 970)
    deep_gap = (300 * 8_836 / 23_836 + 600 * 3_836 / 23_836) / 970
    assert _impact(run, "baseline", "subsistence_minimum", "all", "deep_fgt1") == pytest.approx(deep_gap)
    # ASP cannot close the gap to the full minimum: after full ASP all three stay below 47,672
    # (39,647; 36,197; 38,784.5) but none is in deep poverty any more
    assert _impact(run, "baseline", "subsistence_minimum", "all", "fgt0", "after_full") == pytest.approx(
        920 / 970
    )
    deep_after = _impact(run, "baseline", "subsistence_minimum", "all", "deep_fgt0", "after_full")
    assert deep_after == pytest.approx(0)


# --- targeting errors -------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def targeting_run():
    """H1 (above), H5 (w 50): a man of 45 with a wage of 40,000, between the ASP line (36,197) and the
    minimum (47,672): not entitled, excluded by design; H6 (w 30): a woman of 30 with a wage of
    20,000 and a scholarship of 30,000, which the rules leave out: entitled (conditional, 16,197) but
    with a money income per capita of 50,000, not poor: an inclusion error."""
    households = pd.DataFrame(
        {"household_id": [1, 5, 6], "household_weight": [100.0, 50.0, 30.0], "region": ["unknown"] * 3}
    )
    persons = pd.DataFrame(
        {
            "person_id": [10, 11, 12, 50, 60],
            "household_id": [1, 1, 1, 5, 6],
            "age": [30, 2, 5, 45, 30],
            "sex": ["female", "male", "female", "male", "female"],
            "wage_income": [45_000, 0, 0, 40_000, 20_000],
            "scholarship_income": [0, 0, 0, 0, 30_000],
        }
    )
    for name in INCOME_COLUMNS:
        persons[name] = persons.get(name, 0)
    return simulate(validate_frames(households, persons), period="2023-12", take_up=TAKE_UP, replicates=0)


def test_targeting_errors_by_hand(targeting_run) -> None:
    t = targeting_run.tables["targeting"].set_index("scenario").loc["baseline"]
    # below the ASP line: H1's 300 persons; reached with take-up 0.8 × 300 = 240
    assert t["poor_persons_asp_line"] == pytest.approx(300)
    assert t["exclusion_error"] == pytest.approx(1 - 240 / 300)
    assert t["exclusion_by_rules"] == pytest.approx(0.0)  # H1 is entitled
    assert t["exclusion_by_take_up"] == pytest.approx(0.2)
    # recipients 240 + 0.5 × 30 = 255, of whom H6's 15 are not below the line
    assert t["inclusion_error"] == pytest.approx(15 / 255)
    assert t["inclusion_error_full_entitlement"] == pytest.approx(30 / 330)
    # below the minimum: H1 300 + H5 50 = 350; not reached 350 − 240 = 110; by design (H5, above the
    # ASP line, receiving nothing) 50 / 350
    assert t["poor_persons_minimum"] == pytest.approx(350)
    assert t["exclusion_error_minimum"] == pytest.approx(110 / 350)
    assert t["exclusion_by_design_minimum"] == pytest.approx(50 / 350)
    # poorest decile and quintile (38 and 76 of 380 persons): H1; spending on H1 0.8 × 100 × 73,941 =
    # 5,915,280 of 5,915,280 + 0.5 × 30 × 16,197 = 6,158,235
    assert t["coverage_poorest_decile"] == pytest.approx(0.8)
    assert t["spending_share_poorest_quintile"] == pytest.approx(5_915_280 / 6_158_235)


# --- intervals ----------------------------------------------------------------------------------------


def test_poisson_multipliers_depend_on_the_id_only() -> None:
    ids = np.arange(1, 20_001)
    m = engine.poisson_multipliers(ids, 40)
    assert m.dtype == np.uint8
    assert m.mean() == pytest.approx(1.0, abs=0.01)
    assert m.var() == pytest.approx(1.0, abs=0.02)
    assert (m == 0).mean() == pytest.approx(np.exp(-1), abs=0.005)
    # the same household gets the same multipliers in any order or partition
    np.testing.assert_array_equal(engine.poisson_multipliers(ids[::-1], 40), m[::-1])
    np.testing.assert_array_equal(engine.poisson_multipliers(ids[5:9], 40), m[5:9])


def test_intervals_cover_the_truth_in_a_simulation_study() -> None:
    """A population of 4,000 households, 6% receiving an amount (zero-inflated, like ASP); 300
    samples of 300 households with weight 4,000/300; the 90% interval of the total from 100 Poisson
    replicates (the engine's code) covers the true total in about 90% of the samples."""
    rng = np.random.default_rng(11)
    size = 4_000
    amount = np.where(rng.random(size) < 0.06, rng.gamma(2.0, 30_000, size), 0.0)
    truth = amount.sum()
    covered = 0
    trials = 300
    for _ in range(trials):
        rows = rng.choice(size, 300, replace=False)
        weight = size / 300
        sums = engine.replicate_sums(rows + 1, (weight * amount[rows])[:, None], 100)[:, 0]
        row = results_module._interval_row("s", "total", weight * amount[rows].sum(), sums, 5, 95)
        covered += row["low"] <= truth <= row["high"]
    assert 0.84 <= covered / trials <= 0.96


def test_intervals_in_the_run(run) -> None:
    iv = run.tables["intervals"].set_index(["scenario", "measure"])
    assert (iv["low"] <= iv["high"]).all()
    assert iv.loc[("baseline", "cost_annual"), "estimate"] == pytest.approx(12 * 10_912_225, abs=12)
    assert iv.loc[(REFORM, "cost_annual_change"), "estimate"] == pytest.approx(34_128_600, abs=1)
    assert set(run.summary["reforms"][REFORM]["headline"]["intervals_90"]) >= {"cost_annual_change"}


# --- the page ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["en", "ru", "kk"])
def test_the_page_has_every_section_and_no_local_path(run, tmp_path, lang) -> None:
    from openfisca_kz_asp.microsim.report import write_html  # noqa: PLC0415

    page = write_html(run, tmp_path / "report.html", lang=lang).read_text()
    sections = ("headline", "distribution", "poverty", "inequality", "targeting", "regions", "validation")
    for section in sections:
        assert f"id={section}>" in page
    assert f"<html lang={lang}>" in page
    assert str(tmp_path) not in page
    assert "/work/" not in page and "/home/" not in page
    assert "almaty_region" not in re.sub(r"<code>.*?</code>", "", page)  # regions by their names


def test_texts_have_the_same_keys_in_every_language() -> None:
    from openfisca_kz_asp.microsim.report_texts import TEXTS, number, strip_paths  # noqa: PLC0415

    assert set(TEXTS["ru"]) == set(TEXTS["en"]) == set(TEXTS["kk"])
    assert number(12345.678, 1, "ru") == "12\u202f345,7"
    assert number(-0.004, 2, "en", sign=True) == "0.00"
    assert strip_paths("/srv/data/hbs/persons.parquet: 3 rows") == "persons.parquet: 3 rows"
    assert strip_paths(r"C:\data\hbs\persons.csv: 3 rows") == "persons.csv: 3 rows"
    assert strip_paths("metadata of /srv/data/a.parquet (2024)") == "metadata of a.parquet (2024)"
    # a relative path is the user's own, left whole (it was cut to "fullpoppart-00000.parquet")
    assert strip_paths("fullpop/synthetic_persons/part-00000.parquet: 7") == (
        "fullpop/synthetic_persons/part-00000.parquet: 7"
    )


def test_the_same_warning_about_many_files_is_shown_once() -> None:
    """A dataset of 23 parts lacking the same optional columns gave 23 identical warnings, one per
    file: shown once with the number of files; other warnings as they are, in order."""
    from openfisca_kz_asp.microsim.report_texts import shown_warnings  # noqa: PLC0415

    absent = "7 optional column(s) absent, their default used for every row: urban=False."
    warnings = [
        "income year 2023 given explicitly overrides the files' (2024).",
        *(f"/data/fullpop/synthetic_persons/part-{k:05d}.parquet: {absent}" for k in range(23)),
        "/data/fullpop/synthetic_households/part-00003.parquet: column 'region': 2 household(s) with "
        "region 'unknown': their poverty line rests on the national subsistence minimum.",
        "/data/a/persons.csv: column 'wage_income': 3 blank cell(s) taken as 0 (--assume-zero).",
        "/data/b/persons.csv: column 'wage_income': 3 blank cell(s) taken as 0 (--assume-zero).",
        "/data/b/persons.csv, rows 4, 9, column 'age': not a whole number.",
    ]
    assert shown_warnings(warnings) == [
        "income year 2023 given explicitly overrides the files' (2024).",
        f"23 files (part-00000.parquet to part-00022.parquet): {absent}",
        "part-00003.parquet: column 'region': 2 household(s) with region 'unknown': their poverty "
        "line rests on the national subsistence minimum.",
        "2 files (persons.csv and persons.csv): column 'wage_income': 3 blank cell(s) taken as 0 "
        "(--assume-zero).",
        "persons.csv, rows 4, 9, column 'age': not a whole number.",
    ]


def test_cli_lang_writes_the_report_in_kazakh(tmp_path, write_csv, tiny_frames) -> None:
    from openfisca_kz_asp.cli import main  # noqa: PLC0415

    folder = write_csv(*tiny_frames)
    out = tmp_path / "out"
    args = ["simulate", "--data", str(folder), "--period", "2023-12", "--reform", REFORM]
    assert main([*args, "--lang", "kk", "--replicates", "20", "--output", str(out)]) == 0
    page = (out / "report.html").read_text()
    assert "Кедейлік" in page and "<html lang=kk>" in page
    assert str(folder) not in page
    summary = json.loads((out / "summary.json").read_text())
    assert summary["bootstrap_replicates"] == 20


def test_a_fraction_of_a_tenge_below_the_line_is_not_poverty() -> None:
    # ASP is rounded to the tenge per member: a family topped up to 36,197 can have 36,196.6 per
    # person; below the line by at least 1 KZT counts (36,196 is poor, gap 1 / 36,197)
    out = engine.poverty_contributions(np.array([36_196.6, 36_196.0, 36_197.0]), 36_197.0)
    assert out[:, 0].tolist() == [0.0, 1.0, 0.0]
    assert out[1, 1] == pytest.approx(1 / 36_197)


def test_the_page_without_a_reform_on_tiny_data(tiny_module_frames, tmp_path) -> None:
    from openfisca_kz_asp.microsim.report import write_html  # noqa: PLC0415

    base = simulate(validate_frames(*tiny_module_frames), period="2023-12", take_up=TAKE_UP, replicates=0)
    page = write_html(base, tmp_path / "report.html", lang="ru").read_text()
    assert "Реформа не моделировалась" in page  # deciles 2, 3 and 5–9 are empty: shown as 0
