"""Smoke tests of `openfisca-kz-asp simulate` and `openfisca-kz-asp synth`."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from openfisca_kz_asp.cli import main
from openfisca_kz_asp.microsim import api, load
from openfisca_kz_asp.microsim.format import INCOME_YEAR_METADATA_KEY


def exit_code(argv: list[str]) -> int:
    """The exit code of the command (argparse exits on a malformed option value)."""
    try:
        return main(argv)
    except SystemExit as stop:
        return int(stop.code)


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
    assert exit_code(["simulate", "--take-up-conditional", "2", "--output", str(tmp_path)]) == 2


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


@pytest.fixture
def no_work(monkeypatch):
    """Fail the test if a simulation starts: bad options must be refused before any work."""

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("the simulation started")

    monkeypatch.setattr(api, "simulate", refuse)


@pytest.mark.usefixtures("no_work")
def test_an_output_that_is_not_a_writable_folder_is_refused_at_the_start(tmp_path: Path, capsys) -> None:
    # Issue 9: `simulate --output /etc/passwd` failed only after the whole run.
    afile = tmp_path / "afile"
    afile.write_text("x")
    for output, expected in (
        ("/etc/passwd", "--output /etc/passwd: exists and is not a folder"),
        (str(afile), "exists and is not a folder"),
        (str(afile / "below"), f"{afile} is a file, not a folder"),
    ):
        assert main(["simulate", "--period", "2024-05", "--output", output]) == 2
        assert expected in capsys.readouterr().err
    assert afile.read_text() == "x"


@pytest.mark.usefixtures("no_work")
@pytest.mark.parametrize(
    ("option", "value", "expected"),
    [
        ("--partition-households", "0", "argument --partition-households: a whole number >= 1, not '0'"),
        ("--partition-households", "-3", "a whole number >= 1, not '-3'"),
        ("--partition-households", "lots", "a whole number >= 1, not 'lots'"),
        ("--take-up-unconditional", "nan", "argument --take-up-unconditional: a number from 0 to 1"),
        ("--take-up-conditional", "-0.1", "a number from 0 to 1, not '-0.1'"),
        ("--income-year", "24", "argument --income-year: a year such as 2024, not '24'"),
        ("--income-year", "2015", "No income index to move 2015 incomes to 2024"),
        ("--assume-zero", "wages", "--assume-zero wages: not an income column"),
        ("--period", "2024-13", "Unknown period '2024-13'"),
    ],
)
def test_nonsensical_options_are_refused_before_any_work(
    option: str, value: str, expected: str, tmp_path: Path, capsys
) -> None:
    argv = ["simulate", "--period", "2024-05", option, value, "--output", str(tmp_path / "out")]
    assert exit_code(argv) == 2
    assert expected in capsys.readouterr().err
    assert not (tmp_path / "out").exists()


def test_missing_income_column_is_an_error_unless_assumed_zero(write_csv, tiny_frames, tmp_path, capsys):
    # Issue 9 (3): without wage_income the cost rose from 11.9 to 1,642 bn KZT, silently.
    households, persons = tiny_frames
    folder = write_csv(households, persons.drop(columns=["wage_income"]))
    out = tmp_path / "out"
    argv = ["simulate", "--data", str(folder), "--period", "2024-05", "--output", str(out)]
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert "persons.csv, column 'wage_income': income column is missing" in err
    assert "--assume-zero wage_income" in err
    assert not out.exists()
    assert main([*argv, "--assume-zero", "wage_income", "--income-year", "2024"]) == 0
    printed = capsys.readouterr().out
    assert "wage_income (9 rows)" in printed
    summary = json.loads((out / "summary.json").read_text())
    assert summary["input"]["assumed_zero_columns"] == ["wage_income"]
    assert summary["input"]["assumed_zero_rows"] == {"wage_income": 9}
    assert any("income column 'wage_income' is absent" in w for w in summary["warnings"])
    html = (out / "report.html").read_text()
    assert (
        "Income columns assumed zero where the data had no value (--assume-zero): wage_income (9 rows)"
        in html
    )


def _parquet(folder: Path, households: pd.DataFrame, persons: pd.DataFrame, year: int | None) -> Path:
    folder.mkdir()
    for frame, name in ((households, "households"), (persons, "persons")):
        table = pa.Table.from_pandas(frame, preserve_index=False)
        if year is not None:
            table = table.replace_schema_metadata(
                {**(table.schema.metadata or {}), INCOME_YEAR_METADATA_KEY: str(year).encode()}
            )
        pq.write_table(table, folder / f"{name}.parquet")
    return folder


def _run(tmp_path: Path, name: str, *args: str) -> dict:
    out = tmp_path / f"out-{name}"
    assert main(["simulate", "--period", "2024-05", "--no-html", "--output", str(out), *args]) == 0
    return json.loads((out / "summary.json").read_text())


def test_csv_and_parquet_give_the_same_figures_once_the_income_year_is_declared(
    write_csv, tiny_frames, tmp_path
) -> None:
    # Issue 9 (4): only Parquet could carry the income year, so the same tables gave 14.99 bn as
    # CSV and 11.87 bn as Parquet. Incomes of 2023 moved to 2024: x 110,129 / 94,533 = 1.1650.
    households, persons = tiny_frames
    parquet = _parquet(tmp_path / "parquet", households, persons, 2023)
    csv = write_csv(households, persons, name="csv")
    sidecar = write_csv(households, persons, name="csv_sidecar")
    (sidecar / "metadata.json").write_text('{"income_year": 2023}')
    runs = {
        "parquet": _run(tmp_path, "parquet", "--data", str(parquet)),
        "csv_option": _run(tmp_path, "csv_option", "--data", str(csv), "--income-year", "2023"),
        "csv_sidecar": _run(tmp_path, "csv_sidecar", "--data", str(sidecar)),
        "parquet_option": _run(tmp_path, "parquet_option", "--data", str(parquet), "--income-year", "2023"),
    }
    for name, summary in runs.items():
        income = summary["income_year"]
        assert income["income_year"] == 2023, name
        assert income["uprated"] is True
        assert income["uprating_factor"] == pytest.approx(110_129 / 94_533)
        assert "uprated to 2024 by x1.1650" in income["statement"]
        assert summary["baseline"]["cost_annual"] == runs["parquet"]["baseline"]["cost_annual"], name
        assert (
            summary["baseline"]["recipient_households"] == runs["parquet"]["baseline"]["recipient_households"]
        )
    assert "Parquet metadata" in runs["parquet"]["income_year"]["source"]
    assert "metadata.json" in runs["csv_sidecar"]["income_year"]["source"]
    assert runs["csv_option"]["income_year"]["source"].startswith("declared by the user")
    # Undeclared: not uprated, and the report says so (as a warning too).
    plain = _run(tmp_path, "csv_plain", "--data", str(csv))
    assert plain["income_year"]["income_year"] is None
    assert plain["income_year"]["uprated"] is False
    assert any("does not declare the year of its incomes" in w for w in plain["warnings"])
    # --no-uprating: the year is stated, the incomes not moved.
    kept = _run(tmp_path, "parquet_kept", "--data", str(parquet), "--no-uprating")
    assert kept["income_year"]["income_year"] == 2023
    assert kept["income_year"]["uprated"] is False
    assert kept["baseline"]["cost_annual"] == plain["baseline"]["cost_annual"]


def test_a_household_weight_of_1e12_is_refused(write_csv, tiny_frames, tmp_path, capsys) -> None:
    # Issue 9 (8): Kazakhstan has 5.6 million households (census 2021); one row cannot stand for 1e12.
    households, persons = tiny_frames
    households.loc[1, "household_weight"] = 1e12
    folder = write_csv(households, persons)
    argv = ["simulate", "--data", str(folder), "--period", "2024-05", "--output", str(tmp_path / "out")]
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert "households.csv, row 2 (CSV line = row + 1), column 'household_weight': weight above" in err
