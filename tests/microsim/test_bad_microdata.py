"""A catalogue of bad microdata files (issue 9): each gets a clear error, or a visible warning.

Every case starts from the tiny valid dataset of conftest.py, breaks one thing, writes it as CSV
or Parquet, and asserts the message names the file, the row (when there is one) and the column.
tests/microsim/test_loader.py covers the first cases written (an absent `age`, region
`atlantis`, a negative wage, a non-numeric wage, duplicate ids, an orphan, a household without
persons, a missing or zero weight, ages 30.5 and 130, blank optional cells): this catalogue does
not repeat them.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from openfisca_kz_asp.microsim import MicrodataError, load, simulate
from openfisca_kz_asp.microsim.format import INCOME_YEAR_METADATA_KEY

Frames = tuple[pd.DataFrame, pd.DataFrame]


@dataclass(frozen=True)
class Case:
    """One bad dataset: how it is broken, and what the user must be told."""

    name: str
    fmt: str  # "csv" or "parquet"
    breaks: Callable[[pd.DataFrame, pd.DataFrame], Frames | None]
    expected: tuple[str, ...]  # substrings of the error (or of one warning)
    warning: bool = False  # a warning, not an error
    load_kwargs: dict = field(default_factory=dict)
    households_meta: dict[bytes, bytes] = field(default_factory=dict)
    persons_meta: dict[bytes, bytes] = field(default_factory=dict)
    sidecar: object = None  # content of metadata.json (a str is written as is)


def _set(table: str, row: int, column: str, value: object, dtype: object = object):
    def breaks(households: pd.DataFrame, persons: pd.DataFrame) -> Frames:
        frame = households if table == "households" else persons
        frame[column] = frame[column].astype(dtype)
        frame.loc[row, column] = value
        return households, persons

    return breaks


def _drop(table: str, column: str):
    def breaks(households: pd.DataFrame, persons: pd.DataFrame) -> Frames:
        if table == "households":
            return households.drop(columns=[column]), persons
        return households, persons.drop(columns=[column])

    return breaks


def _column(table: str, column: str, values: object):
    def breaks(households: pd.DataFrame, persons: pd.DataFrame) -> Frames:
        (households if table == "households" else persons)[column] = values
        return households, persons

    return breaks


def _keep(households: pd.DataFrame, persons: pd.DataFrame) -> Frames:
    return households, persons


def _no_person_rows(households: pd.DataFrame, persons: pd.DataFrame) -> Frames:
    return households, persons.iloc[0:0]


def _no_household_rows(households: pd.DataFrame, persons: pd.DataFrame) -> Frames:
    return households.iloc[0:0], persons


def _orphan(households: pd.DataFrame, persons: pd.DataFrame) -> Frames:
    persons.loc[8, "household_id"] = 77  # household 4 keeps person 40
    return households, persons


def _duplicate_household(households: pd.DataFrame, persons: pd.DataFrame) -> Frames:
    households.loc[1, "household_id"] = 1
    return households, persons


def _duplicate_person_elsewhere(households: pd.DataFrame, persons: pd.DataFrame) -> Frames:
    persons.loc[6, "person_id"] = 10  # person 10 of household 1 again, in household 3
    return households, persons


def _weights(values: list[float]):
    return _column("households", "household_weight", values)


H, P = "households", "persons"
YEAR_2023 = {INCOME_YEAR_METADATA_KEY: b"2023"}
CASES = [
    # --- missing columns
    Case("no weight column", "csv", _drop(H, "household_weight"),
         ("households.csv, column 'household_weight': required column is missing",)),
    Case("no sex column", "parquet", _drop(P, "sex"),
         ("persons.parquet, column 'sex': required column is missing",)),
    Case("no region column", "csv", _drop(H, "region"),
         ("households.csv, column 'region': required column is missing",)),
    Case("no wage column", "csv", _drop(P, "wage_income"),
         ("persons.csv, column 'wage_income': income column is missing", "--assume-zero wage_income")),
    Case("no pension column", "parquet", _drop(P, "pension_income"),
         ("persons.parquet, column 'pension_income': income column is missing",)),
    Case("optional column absent", "parquet", _keep,
         ("persons.parquet: ", "optional column(s) absent", "is_disabled_child=False"), warning=True),
    Case("age given twice", "csv", _column(P, "age.1", 30),
         ("persons.csv: column(s) given more than once: age",)),
    # --- blanks and NaN
    Case("NaN income", "parquet", _set(P, 1, "wage_income", np.nan, float),
         ("persons.parquet, row 2, column 'wage_income': 1 blank income cell(s)", "--assume-zero")),
    Case("blank age", "csv", _set(P, 2, "age", None),
         ("persons.csv, row 3 (CSV line = row + 1), column 'age': missing value",)),
    Case("NaN weight", "parquet", _set(H, 0, "household_weight", np.nan, float),
         ("households.parquet, row 1, column 'household_weight': missing weight",)),
    Case("blank sex", "parquet", _set(P, 4, "sex", None),
         ("persons.parquet, row 5, column 'sex': missing value",)),
    # --- wrong types and impossible values
    Case("age as true/false", "parquet", _column(P, "age", [True] * 9),
         ("persons.parquet, rows 1, 2, 3, 4, 5 and 4 more, column 'age': wrong type: true/false",)),
    Case("age as dates", "parquet", _column(P, "age", pd.Timestamp("1990-01-01")),
         ("column 'age': wrong type: dates",)),
    Case("age as words", "parquet", _column(P, "age", ["thirty"] + ["30"] * 8),
         ("persons.parquet, row 1, column 'age': not a number",)),
    Case("negative age", "csv", _set(P, 5, "age", -1),
         ("persons.csv, row 6 (CSV line = row + 1), column 'age': must be between 0 and 120",)),
    Case("age 121", "parquet", _set(P, 6, "age", 121),
         ("persons.parquet, row 7, column 'age': must be between 0 and 120",)),
    Case("infinite income", "csv", _set(P, 0, "pension_income", "inf"),
         ("persons.csv, row 1 (CSV line = row + 1), column 'pension_income': infinite value",)),
    Case("negative pension", "parquet", _set(P, 6, "pension_income", -100000.0, float),
         ("persons.parquet, row 7, column 'pension_income': negative amount",)),
    Case("wage of 1e12 a month (the contract's bound)", "csv", _set(P, 2, "wage_income", 1e12, float),
         ("persons.csv, row 3 (CSV line = row + 1), column 'wage_income': must be less than 1e+12",)),
    Case("fractional household id", "csv", _set(H, 1, "household_id", 1.5),
         ("households.csv, row 2 (CSV line = row + 1), column 'household_id': must be a whole number",)),
    Case("negative person id", "csv", _set(P, 3, "person_id", -3),
         ("persons.csv, row 4 (CSV line = row + 1), column 'person_id': ids must be >= 0",)),
    Case("boolean 'maybe'", "csv", _column(P, "is_full_time_student", ["no", "maybe"] + ["no"] * 7),
         ("persons.csv, row 2 (CSV line = row + 1), column 'is_full_time_student': not a boolean",)),
    # --- enum values
    Case("region with capitals", "csv", _set(H, 0, "region", "Almaty_City"),
         ("households.csv, row 1 (CSV line = row + 1), column 'region': unknown value(s) 'Almaty_City'",
          "did you mean 'almaty_city'")),
    Case("region as a number", "parquet", _column(H, "region", [1, 1, 2, 3]),
         ("households.parquet, rows 1, 2, 3, 4, column 'region': unknown value(s) '1', '2', '3'",)),
    Case("sex 'F'", "csv", _set(P, 0, "sex", "F"),
         ("persons.csv, row 1 (CSV line = row + 1), column 'sex': unknown value(s) 'F'; allowed:",)),
    Case("disability group 4", "csv", _column(P, "disability_group", ["group_4"] + ["none"] * 8),
         ("persons.csv, row 1 (CSV line = row + 1), column 'disability_group': unknown value(s) 'group_4'",)),
    # --- weights
    Case("negative weight", "csv", _weights([100.0, -5.0, 50.0, 10.0]),
         ("households.csv, row 2 (CSV line = row + 1), column 'household_weight': weights must be > 0",)),
    Case("zero weight", "parquet", _weights([100.0, 200.0, 0.0, 10.0]),
         ("households.parquet, row 3, column 'household_weight': weights must be > 0",)),
    Case("weight 1e12", "csv", _weights([100.0, 1e12, 50.0, 10.0]),
         ("households.csv, row 2 (CSV line = row + 1), column 'household_weight': weight above 16,800,000",)),
    Case("weights adding up to 20 million households", "parquet", _weights([5e6] * 4),
         ("households.parquet, column 'household_weight': the weights add up to 20,000,000 households",)),
    Case("weights adding up to 10 million households", "csv", _weights([2.5e6] * 4),
         ("column 'household_weight': the weights add up to 10,000,000 households", "check them"),
         warning=True),
    # --- ids and membership
    Case("orphan person", "parquet", _orphan,
         ("persons.parquet, row 9, column 'household_id': no such household",)),
    Case("duplicate household id", "parquet", _duplicate_household,
         ("households.parquet, row 2, column 'household_id': duplicate id",)),
    Case("person id in two households", "csv", _duplicate_person_elsewhere,
         ("persons.csv, row 7 (CSV line = row + 1), column 'person_id': duplicate id",)),
    # --- empty tables
    Case("persons header only", "csv", _no_person_rows, ("persons.csv: the table has no rows",)),
    Case("households without rows", "parquet", _no_household_rows,
         ("households.parquet: the table has no rows",)),
    # --- declarations: income year and assumed zeros
    Case("income years disagree", "parquet", _keep,
         ("different income years", "households.parquet", "2023", "persons.parquet", "2024"),
         households_meta=YEAR_2023, persons_meta={INCOME_YEAR_METADATA_KEY: b"2024"}),
    Case("metadata.json against Parquet", "parquet", _keep,
         ("different income years", "metadata.json: 2022", "2023"),
         households_meta=YEAR_2023, persons_meta=YEAR_2023, sidecar={"income_year": 2022}),
    Case("income year not a year", "csv", _keep,
         ("metadata.json, key 'income_year': the income year must be", "'2024x'"),
         sidecar={"income_year": "2024x"}),
    Case("metadata.json misspelt key", "csv", _keep,
         ("metadata.json: unknown key(s) 'income_yaer'; allowed: income_year, synthetic",),
         sidecar={"income_yaer": 2023}),
    Case("metadata.json not JSON", "csv", _keep, ("metadata.json: not valid JSON",),
         sidecar="{income_year: 2023"),
    Case("Parquet income year not a number", "parquet", _keep,
         ("households.parquet, metadata 'openfisca_kz_asp.income_year': the income year must be",),
         households_meta={INCOME_YEAR_METADATA_KEY: b"last year"}),
    Case("explicit income year over files that disagree", "parquet", _keep,
         ("income year 2024 given explicitly overrides", "households.parquet: 2023", "persons.parquet: 2022"),
         warning=True, households_meta=YEAR_2023, persons_meta={INCOME_YEAR_METADATA_KEY: b"2022"},
         load_kwargs={"income_year": "2024"}),
    Case("assume zero of a column that is not an income", "csv", _keep,
         ("--assume-zero age: not an income column",), load_kwargs={"assume_zero": ["age"]}),
    Case("assume zero of a present column", "csv", _keep,
         ("--assume-zero loan_income: the column is present with no blank cell; nothing was assumed",),
         warning=True, load_kwargs={"assume_zero": ["loan_income"]}),
    Case("explicit income year over the file's", "parquet", _keep,
         ("income year 2022 given explicitly overrides the files'", "households.parquet: 2023"),
         warning=True, households_meta=YEAR_2023, load_kwargs={"income_year": 2022}),
]  # fmt: skip


def _write(folder: Path, households: pd.DataFrame, persons: pd.DataFrame, case: Case) -> None:
    folder.mkdir()
    if case.fmt == "csv":
        households.to_csv(folder / "households.csv", index=False)
        persons.to_csv(folder / "persons.csv", index=False)
    else:
        for frame, name, meta in ((households, H, case.households_meta), (persons, P, case.persons_meta)):
            table = pa.Table.from_pandas(frame, preserve_index=False)
            table = table.replace_schema_metadata({**(table.schema.metadata or {}), **meta})
            pq.write_table(table, folder / f"{name}.parquet")
    if case.sidecar is not None:
        text = case.sidecar if isinstance(case.sidecar, str) else json.dumps(case.sidecar)
        (folder / "metadata.json").write_text(text)


def test_the_catalogue_has_at_least_25_files_in_both_formats() -> None:
    assert len(CASES) >= 25
    assert len({c.name for c in CASES}) == len(CASES)
    assert sum(c.fmt == "csv" for c in CASES) >= 10 and sum(c.fmt == "parquet" for c in CASES) >= 10


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_bad_microdata_is_named(case: Case, tiny_frames, tmp_path: Path) -> None:
    households, persons = case.breaks(*tiny_frames)
    folder = tmp_path / "data"
    _write(folder, households, persons, case)
    if case.warning:
        data = load(folder, **case.load_kwargs)
        matching = [w for w in data.warnings if all(e in w for e in case.expected)]
        assert matching, f"no warning with {case.expected} among {data.warnings}"
        assert data.n_persons == len(persons)  # a warning never drops a row
        return
    with pytest.raises(MicrodataError) as info:
        load(folder, **case.load_kwargs)
    message = str(info.value)
    for expected in case.expected:
        assert expected in message, message


@pytest.mark.parametrize(
    ("kwargs", "expected"),
    [
        ({"period": "2017"}, "January 2018 to December 2026, not 2017"),
        ({"period": "2027-01"}, "January 2018 to December 2026, not 2027-01"),
        ({"period": "2024-Q5"}, "Unknown quarter"),
        ({"period": "May 2024"}, "Unknown period 'May 2024'"),
        ({"period": "2024-05", "income_year": 2015}, "No income index to move 2015 incomes to 2024"),
        ({"period": "2024-05", "partition_households": 0}, "partition_households must be a whole"),
        ({"period": "2024-05", "partition_households": -5}, "partition_households must be a whole"),
        ({"period": "2024-05", "partition_households": "many"}, "partition_households must be a whole"),
    ],
)
def test_bad_run_options_fail_before_any_work(kwargs, expected, write_csv, tiny_frames, monkeypatch) -> None:
    from openfisca_kz_asp.microsim import api  # noqa: PLC0415

    def no_work(*args: object, **kw: object) -> None:
        raise AssertionError("the simulation started")

    monkeypatch.setattr(api, "_run_local", no_work)
    with pytest.raises(ValueError, match=expected):
        simulate(write_csv(*tiny_frames), **kwargs)
