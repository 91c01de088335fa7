"""The SYNTHETIC generator is seeded, calibrated, and labelled."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from openfisca_kz_asp.microsim import EMBEDDED_SAMPLE, load, synth


def test_same_seed_same_sample() -> None:
    a = synth.generate(200, seed=3)
    b = synth.generate(200, seed=3)
    pd.testing.assert_frame_equal(a[1], b[1])
    assert not synth.generate(200, seed=4)[1].equals(a[1])


def test_calibration_meets_every_target() -> None:
    households, persons = synth.generate(3000, seed=11)
    report = synth.calibrate(households, persons)
    # A small sample leaves out the targets whose cell holds fewer than 5 households (reported).
    assert report["raked"].sum() >= len(report) - 5
    np.testing.assert_allclose(report.loc[report["raked"], "ratio"], 1.0, rtol=1e-6)
    assert (households["household_weight"] > 0).all()
    shipped = pd.read_csv(EMBEDDED_SAMPLE / "synthetic_calibration.csv")
    assert shipped["raked"].all()
    np.testing.assert_allclose(shipped["ratio"], 1.0, rtol=1e-6)


def test_embedded_sample_is_synthetic_and_small() -> None:
    data = load(EMBEDDED_SAMPLE)
    assert data.is_synthetic
    assert data.n_households == 12_000
    assert data.income_year == synth.INCOME_YEAR
    size = sum(p.stat().st_size for p in EMBEDDED_SAMPLE.iterdir())
    assert size < 5 * 1024 * 1024
    assert all("synthetic" in p.name for p in EMBEDDED_SAMPLE.iterdir())
    weighted = data.households["household_weight"].sum()
    assert 5.0e6 < weighted < 6.5e6  # households represented


def test_embedded_sample_is_reproduced_by_its_command(tmp_path) -> None:
    # openfisca-kz-asp synth --households 12000 --seed 20240101 (docs/microsim.md)
    synth.write_sample(12_000, tmp_path, seed=synth.DEFAULT_SEED)
    for name in ("synthetic_households.parquet", "synthetic_persons.parquet"):
        shipped = pd.read_parquet(EMBEDDED_SAMPLE / name)
        again = pd.read_parquet(tmp_path / name)
        pd.testing.assert_frame_equal(shipped, again, rtol=1e-12)


def test_poverty_targets_cover_every_region_and_add_up_to_the_national_rate() -> None:
    rows = synth.poverty_targets()
    assert {t.removeprefix("poor_") for t, *_ in rows} == set(synth.REGIONS)
    # 2024: the mean of the four quarters 4.6, 5.1, 5.4, 4.8 = 4.975% of 20,033,842 persons.
    assert sum(persons for _, persons, *_ in rows) == pytest.approx(0.04975 * 20_033_842)
    status = {t.removeprefix("poor_"): s for t, _, s, _ in rows}
    assert {status[r] for r in synth.REGIONAL_POVERTY} == {"C"}
    assert {status[r] for r in synth.REGIONS if r not in synth.REGIONAL_POVERTY} == {"U"}
    # Turkistan 2024 Q1-Q3: 7.9, 8.8, 9.3 (mean 8.667) × 4.975 / mean(4.6, 5.1, 5.4) = 8.567%.
    turkistan = dict((t, p) for t, p, *_ in rows)["poor_turkistan"]
    assert turkistan == pytest.approx(8.6667 / 5.0333 * 4.975 / 100 * 2_142_171, rel=1e-4)


def test_poverty_standard_is_the_regions_statistical_minimum() -> None:
    # The 2024 mean of the household variable subsistence_minimum_statistical of each region.
    from openfisca_core.simulations import SimulationBuilder  # noqa: PLC0415

    from openfisca_kz_asp.microsim.engine import system  # noqa: PLC0415

    minimum = synth.regional_minimum()
    months = [f"2024-{m:02d}" for m in range(1, 13)]
    for region in ("turkistan", "almaty_city", "mangystau"):
        situation = {
            "persons": {"p": {}},
            "households": {"h": {"members": ["p"], "region": {m: region for m in months}}},
        }
        simulation = SimulationBuilder().build_from_entities(system(), situation)
        values = [simulation.calculate("subsistence_minimum_statistical", m)[0] for m in months]
        assert minimum[region] == pytest.approx(np.mean(values), rel=1e-6)


def test_compression_is_smooth_increasing_and_leaves_the_top_alone() -> None:
    x = np.linspace(0.05, 6, 500)
    for kappa in (0.0, 0.3, 0.9):
        y = synth.compression(x, np.full_like(x, kappa))
        assert (np.diff(y) > 0).all()
        assert (y >= x - 1e-12).all()
    y = synth.compression(np.array([6.0]), np.array([0.9]))
    assert y[0] == pytest.approx(6.0, rel=0.01)


def test_income_checks_within_their_published_ranges() -> None:
    checks = pd.read_csv(EMBEDDED_SAMPLE / "synthetic_income_checks.csv")
    ranged = checks.dropna(subset=["low"])
    assert {"gini_money_income_per_capita", "d10_d1_share_ratio", "income_share_decile_1"} <= set(
        ranged["statistic"]
    )
    assert ranged["within"].astype(bool).all(), ranged[~ranged["within"].astype(bool)]


def test_full_population_files_carry_the_same_targets(tmp_path, monkeypatch) -> None:
    monkeypatch.setattr(synth, "PILOT_HOUSEHOLDS", 20_000)
    synth.write_sample(30_000, tmp_path, seed=5, chunk=15_000)
    report = pd.read_csv(tmp_path / "synthetic_calibration.csv")
    shipped = pd.read_csv(EMBEDDED_SAMPLE / "synthetic_calibration.csv")
    assert report["target"].tolist() == shipped["target"].tolist()
    assert report["status"].tolist() == shipped["status"].tolist()
    assert {f"poor_{r}" for r in synth.REGIONS} <= set(report["target"])
    assert "poor_kyzylorda" in (tmp_path / "synthetic_calibration.md").read_text()
    # The pilot's coefficients corrected on the whole file: every target met closely.
    assert report["ratio"].between(0.95, 1.05).all(), report.loc[~report["ratio"].between(0.95, 1.05)]
