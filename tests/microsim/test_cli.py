"""Smoke tests of `openfisca-kz-asp simulate` and `openfisca-kz-asp synth`."""

from __future__ import annotations

import json
from pathlib import Path

from openfisca_kz_asp.cli import main
from openfisca_kz_asp.microsim import load


def test_simulate_on_the_embedded_sample(tmp_path: Path, capsys) -> None:
    out = tmp_path / "out"
    code = main(
        [
            "simulate",
            "--period",
            "2024-05",
            "--reform",
            "caregiver_threshold_7_years",
            "--reform",
            "poverty_line_share:0.8",
            "--output",
            str(out),
        ]
    )
    assert code == 0
    printed = capsys.readouterr().out
    assert "SYNTHETIC" in printed
    summary = json.loads((out / "summary.json").read_text())
    assert summary["data_is_synthetic"] is True
    assert summary["input"]["households"] == summary["input"]["households_simulated"] == 12_000
    for key in (
        "cost_annual",
        "cost_annual_full_entitlement",
        "cost_monthly_mean",
        "recipient_households",
        "recipient_persons",
    ):
        assert summary["baseline"][key] > 0
        assert key in summary["reforms"]["poverty_line_share:0.8"]
    assert summary["reforms"]["poverty_line_share:0.8"]["cost_annual"] > summary["baseline"]["cost_annual"]
    for name in ("summary", "by_type", "by_region", "by_decile", "poverty", "targeting", "winners_losers"):
        assert "data_is_synthetic" in (out / f"{name}.csv").read_text().splitlines()[0]
    assert "SYNTHETIC" in (out / "report.html").read_text()


def test_simulate_bad_inputs_give_one_line_errors(tmp_path: Path, capsys) -> None:
    assert main(["simulate", "--reform", "no_such_reform", "--output", str(tmp_path)]) == 2
    assert "Unknown reform 'no_such_reform'" in capsys.readouterr().err
    assert main(["simulate", "--period", "2030", "--output", str(tmp_path)]) == 2
    assert "January 2018 to December 2026" in capsys.readouterr().err
    assert main(["simulate", "--data", str(tmp_path / "missing"), "--output", str(tmp_path)]) == 2
    assert "no such file or folder" in capsys.readouterr().err
    assert main(["simulate", "--take-up-conditional", "2", "--output", str(tmp_path)]) == 2


def test_synth_small_calibrated_and_chunked(tmp_path: Path, capsys) -> None:
    assert main(["synth", "--households", "300", "--output", str(tmp_path / "small"), "--seed", "7"]) == 0
    small = load(tmp_path / "small")
    assert small.is_synthetic and small.n_households == 300 and small.income_year == 2024
    assert (tmp_path / "small" / "synthetic_calibration.md").exists()
    assert main(["synth", "--households", "250", "--chunk", "100", "--output", str(tmp_path / "big")]) == 0
    parts = sorted(p.name for p in (tmp_path / "big" / "synthetic_households").iterdir())
    assert parts == ["part-00000.parquet", "part-00001.parquet", "part-00002.parquet"]
    out = tmp_path / "run"
    assert (
        main(
            [
                "simulate",
                "--data",
                str(tmp_path / "big"),
                "--period",
                "2025-01",
                "--no-html",
                "--output",
                str(out),
            ]
        )
        == 0
    )
    summary = json.loads((out / "summary.json").read_text())
    assert summary["input"]["households"] == 250
    assert "SYNTHETIC" in capsys.readouterr().out
