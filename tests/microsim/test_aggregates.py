"""Aggregates on a tiny dataset, worked out by hand (December 2023, region `unknown`).

December 2023 is a month whose numbers all follow from published data (parameters
general.subsistence_minimum_statistical): with no region, the national minimum stands in.
Poverty line: 70% of the minimum of the quarter before, Q3 2023, whose average the Bureau published,
51,710: round(0.7 × 51,710) = 36,197 KZT (no median). Poverty standard of the statistics: the
statistical minimum of the month, December 2023, published: 47,672 KZT. Child supplement = 1.5 MRP ×
3,450 = 5,175 per child aged 1–6. Incomes are monthly and the same in the reference quarter
(July–September 2023), so per-capita income = monthly income / size; the data declare no income
year, so they are not uprated.

H1 (weight 100): mother 30 (wage 45,000), children 2 and 5. PCI 15,000. Only able-bodied member
   cares for a child under 3: unconditional. ASP (36,197 − 15,000) × 3 = 63,591; supplement 2 ×
   5,175 = 10,350; total 73,941.
H2 (weight 200): man 35 (wage 60,000), woman 33, child 8. PCI 20,000. Two able-bodied members:
   conditional. ASP 16,197 × 3 = 48,591; no child aged 1–6; total 48,591.
H3 (weight 50): man 70 (pension 100,000). PCI above the line: none.
H4 (weight 10): father 40 (wage 50,000), child 5. PCI 25,000: ASP 11,197 × 2 = 22,394; supplement
   5,175; total 27,569. Conditional (child not under 3); unconditional with the 7-year reform.
Take-up used here: unconditional 0.8, conditional 0.5.
"""

from __future__ import annotations

import numpy as np
import pytest

from openfisca_kz_asp.microsim import TakeUp, simulate, validate_frames

TAKE_UP = TakeUp(unconditional=0.8, conditional=0.5)
REFORM = "caregiver_threshold_7_years"


@pytest.fixture(scope="module")
def results(tiny_module_frames):
    data = validate_frames(*tiny_module_frames)
    return simulate(data, period="2023-12", reforms=[REFORM], take_up=TAKE_UP)


def test_cost_full_entitlement_and_with_take_up(results) -> None:
    base = results.summary["baseline"]
    # full: 100 × 73,941 + 200 × 48,591 + 10 × 27,569 = 7,394,100 + 9,718,200 + 275,690 = 17,387,990
    assert base["cost_monthly_mean_full_entitlement"] == pytest.approx(17_387_990, abs=1)
    # expected: 0.8 × 7,394,100 + 0.5 × 9,718,200 + 0.5 × 275,690 = 5,915,280 + 4,859,100 + 137,845
    assert base["cost_monthly_mean"] == pytest.approx(10_912_225, abs=1)
    # one month simulated: annual = 12 × monthly
    assert base["cost_annual"] == pytest.approx(12 * 10_912_225, abs=12)
    assert base["cost_annual_full_entitlement"] == pytest.approx(12 * 17_387_990, abs=12)


def test_recipients_by_type(results) -> None:
    base = results.summary["baseline"]
    # households: 0.8 × 100 + 0.5 × 200 + 0.5 × 10 = 185; persons: 0.8 × 300 + 0.5 × 600 + 0.5 × 20 = 550
    assert base["recipient_households"] == pytest.approx(185)
    assert base["recipient_persons"] == pytest.approx(550)
    assert base["unconditional_households_full_entitlement"] == pytest.approx(100)
    assert base["conditional_households_full_entitlement"] == pytest.approx(210)
    reform = results.summary["reforms"][REFORM]
    assert reform["unconditional_households_full_entitlement"] == pytest.approx(110)
    assert reform["conditional_households_full_entitlement"] == pytest.approx(200)
    # the reform moves H4 to unconditional: same entitlement, higher take-up
    assert reform["cost_monthly_mean_full_entitlement"] == pytest.approx(17_387_990, abs=1)
    # 10,912,225 − 137,845 + 0.8 × 275,690 = 10,912,225 − 137,845 + 220,552 = 10,994,932
    assert reform["cost_monthly_mean"] == pytest.approx(10_994_932, abs=1)


def test_child_supplement_separately(results) -> None:
    base = results.summary["baseline"]
    # children: 0.8 × 100 × 2 + 0.5 × 10 × 1 = 165; cost 0.8 × 100 × 10,350 + 0.5 × 10 × 5,175 = 853,875
    assert base["child_supplement_children"] == pytest.approx(165)
    assert base["child_supplement_annual"] == pytest.approx(12 * 853_875, abs=12)


def test_poverty_before_and_after(results) -> None:
    poverty = results.tables["poverty"].set_index(["scenario", "group", "measure"])
    line = 47_672  # statistical subsistence minimum, December 2023 (the poverty standard of the report)
    # persons: H1 300, H2 600, H3 50, H4 20 = 970; poor before: H1, H2, H4 = 920
    assert poverty.loc[("baseline", "all", "fgt0"), "before"] == pytest.approx(920 / 970)
    gaps = {"H1": (line - 15_000) / line, "H2": (line - 20_000) / line, "H4": (line - 25_000) / line}
    fgt1 = (300 * gaps["H1"] + 600 * gaps["H2"] + 20 * gaps["H4"]) / 970
    assert poverty.loc[("baseline", "all", "fgt1"), "before"] == pytest.approx(fgt1)
    # after full ASP: H1 15,000 + 73,941/3 = 39,647; H2 20,000 + 48,591/3 = 36,197;
    # H4 25,000 + 27,569/2 = 38,784.5: all still poor
    assert poverty.loc[("baseline", "all", "fgt0"), "after_full"] == pytest.approx(920 / 970)
    after = {"H1": (line - 39_647) / line, "H2": (line - 36_197) / line, "H4": (line - 38_784.5) / line}
    fgt1_full = (300 * after["H1"] + 600 * after["H2"] + 20 * after["H4"]) / 970
    assert poverty.loc[("baseline", "all", "fgt1"), "after_full"] == pytest.approx(fgt1_full)
    # with take-up, each household's contribution is rate × after + (1 − rate) × before
    expected = (
        300 * (0.8 * after["H1"] + 0.2 * gaps["H1"])
        + 600 * (0.5 * after["H2"] + 0.5 * gaps["H2"])
        + 20 * (0.5 * after["H4"] + 0.5 * gaps["H4"])
    ) / 970
    assert poverty.loc[("baseline", "all", "fgt1"), "after_expected"] == pytest.approx(expected)
    # children: H1 2, H2 1, H4 1 (weights 200 + 200 + 10 = 410), all poor
    assert poverty.loc[("baseline", "children", "fgt0"), "before"] == pytest.approx(1.0)
    # pension age: H3's man (70 ≥ 63), not poor
    assert poverty.loc[("baseline", "pension_age", "fgt0"), "before"] == pytest.approx(0.0)


def test_deciles_coverage_and_targeting(results) -> None:
    # persons sorted by PCI: 15,000 (300), 20,000 (600), 25,000 (20), 100,000 (50); cumulative
    # shares 0.309, 0.928, 0.948, 1: deciles 1–3 end at 15,000, 4–9 at 20,000; H4 and H3 fall in 10.
    decile = results.tables["by_decile"]
    base = decile[decile["scenario"] == "baseline"].set_index("decile")
    assert base.loc["1", "persons"] == pytest.approx(300)
    assert base.loc["4", "persons"] == pytest.approx(600)
    assert base.loc["10", "persons"] == pytest.approx(70)
    targeting = results.tables["targeting"].set_index("scenario").loc["baseline"]
    assert targeting["coverage_poorest_decile"] == pytest.approx(0.8)  # H1 × 0.8
    # poor persons 920, of whom receive 0.8 × 300 + 0.5 × 600 + 0.5 × 20 = 550
    assert targeting["exclusion_error"] == pytest.approx(1 - 550 / 920)
    assert targeting["inclusion_error"] == pytest.approx(0.0)


def test_winners_and_losers(results) -> None:
    wl = results.tables["winners_losers"].set_index("decile")
    # only H4 (10 households, 20 persons, decile 10) gains (0.8 − 0.5) × 27,569 = 8,270.7 a month
    assert wl["households_gain"].sum() == pytest.approx(10)
    assert wl.loc[10, "persons_gain"] == pytest.approx(20)
    assert wl.loc[10, "mean_change_gain_annual"] == pytest.approx(12 * 8_270.7, abs=0.1)
    assert wl["households_lose"].sum() == 0


def test_region_table_and_input_counts(results) -> None:
    region = results.tables["by_region"]
    assert region["region"].tolist() == ["unknown", "unknown"]  # baseline and reform rows
    assert results.summary["input"]["households"] == 4
    assert results.summary["input"]["persons_simulated"] == 9
    assert results.summary["data_is_synthetic"] is False


def test_sums_are_float64() -> None:
    from openfisca_kz_asp.microsim.engine import fgt  # noqa: PLC0415

    out = fgt(np.array([10.0, 50.0], dtype=np.float32), 20.0)
    assert out.dtype == np.float64
    assert out.tolist() == [[1.0, 0.5, 0.25], [0.0, 0.0, 0.0]]
