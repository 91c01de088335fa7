"""Aggregates on a tiny dataset, worked out by hand (May 2024, national poverty line).

May 2024: line = round(0.7 × 43,407 = 30,384.9) = 30,385 KZT (region `unknown`, no median);
child supplement = 1.5 MRP × 3,692 = 5,538 per child aged 1–6. Incomes are monthly and the same
in the reference quarter (January–March 2024), so per-capita income = monthly income / size.

H1 (weight 100): mother 30 (wage 45,000), children 2 and 5. PCI 15,000. Only able-bodied member
   cares for a child under 3: unconditional. ASP (30,385 − 15,000) × 3 = 46,155; supplement 2 ×
   5,538 = 11,076; total 57,231.
H2 (weight 200): man 35 (wage 60,000), woman 33, child 8. PCI 20,000. Two able-bodied members:
   conditional. ASP 10,385 × 3 = 31,155; no child aged 1–6; total 31,155.
H3 (weight 50): man 70 (pension 100,000). PCI above the line: none.
H4 (weight 10): father 40 (wage 50,000), child 5. PCI 25,000: ASP 5,385 × 2 = 10,770; supplement
   5,538; total 16,308. Conditional (child not under 3); unconditional with the 7-year reform.
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
    return simulate(data, period="2024-05", reforms=[REFORM], take_up=TAKE_UP)


def test_cost_full_entitlement_and_with_take_up(results) -> None:
    base = results.summary["baseline"]
    # full: 100 × 57,231 + 200 × 31,155 + 10 × 16,308 = 5,723,100 + 6,231,000 + 163,080 = 12,117,180
    assert base["cost_monthly_mean_full_entitlement"] == pytest.approx(12_117_180, abs=1)
    # expected: 0.8 × 5,723,100 + 0.5 × 6,231,000 + 0.5 × 163,080 = 4,578,480 + 3,115,500 + 81,540
    assert base["cost_monthly_mean"] == pytest.approx(7_775_520, abs=1)
    # one month simulated: annual = 12 × monthly
    assert base["cost_annual"] == pytest.approx(12 * 7_775_520, abs=12)
    assert base["cost_annual_full_entitlement"] == pytest.approx(12 * 12_117_180, abs=12)


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
    assert reform["cost_monthly_mean_full_entitlement"] == pytest.approx(12_117_180, abs=1)
    # 7,775,520 − 81,540 + 0.8 × 163,080 = 7,824,444
    assert reform["cost_monthly_mean"] == pytest.approx(7_824_444, abs=1)


def test_child_supplement_separately(results) -> None:
    base = results.summary["baseline"]
    # children: 0.8 × 100 × 2 + 0.5 × 10 × 1 = 165; cost 0.8 × 100 × 11,076 + 0.5 × 10 × 5,538 = 913,770
    assert base["child_supplement_children"] == pytest.approx(165)
    assert base["child_supplement_annual"] == pytest.approx(12 * 913_770, abs=12)


def test_poverty_before_and_after(results) -> None:
    poverty = results.tables["poverty"].set_index(["scenario", "group", "measure"])
    line = 43_407  # subsistence minimum 2024 (the poverty standard of the report)
    # persons: H1 300, H2 600, H3 50, H4 20 = 970; poor before: H1, H2, H4 = 920
    assert poverty.loc[("baseline", "all", "fgt0"), "before"] == pytest.approx(920 / 970)
    gaps = {"H1": (line - 15_000) / line, "H2": (line - 20_000) / line, "H4": (line - 25_000) / line}
    fgt1 = (300 * gaps["H1"] + 600 * gaps["H2"] + 20 * gaps["H4"]) / 970
    assert poverty.loc[("baseline", "all", "fgt1"), "before"] == pytest.approx(fgt1)
    # after full ASP: H1 15,000 + 57,231/3 = 34,077; H2 30,385; H4 25,000 + 8,154 = 33,154: all still poor
    assert poverty.loc[("baseline", "all", "fgt0"), "after_full"] == pytest.approx(920 / 970)
    after = {"H1": (line - 34_077) / line, "H2": (line - 30_385) / line, "H4": (line - 33_154) / line}
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
    # only H4 (10 households, 20 persons, decile 10) gains (0.8 − 0.5) × 16,308 = 4,892.4 a month
    assert wl["households_gain"].sum() == pytest.approx(10)
    assert wl.loc[10, "persons_gain"] == pytest.approx(20)
    assert wl.loc[10, "mean_change_gain_annual"] == pytest.approx(12 * 4_892.4, abs=0.1)
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
