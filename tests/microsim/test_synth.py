"""The SYNTHETIC generator is seeded, calibrated, and labelled."""

from __future__ import annotations

import numpy as np
import pandas as pd

from openfisca_kz_asp.microsim import EMBEDDED_SAMPLE, load, synth


def test_same_seed_same_sample() -> None:
    a = synth.generate(200, seed=3)
    b = synth.generate(200, seed=3)
    pd.testing.assert_frame_equal(a[1], b[1])
    assert not synth.generate(200, seed=4)[1].equals(a[1])


def test_calibration_meets_every_target() -> None:
    households, persons = synth.generate(3000, seed=11)
    report = synth.calibrate(households, persons)
    np.testing.assert_allclose(report["ratio"], 1.0, rtol=1e-6)
    assert (households["household_weight"] > 0).all()


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
