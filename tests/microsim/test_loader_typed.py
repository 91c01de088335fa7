"""Typed Parquet columns take the loader's quick check (extremes only); the data and the errors are
those of the full check, which a CSV file (text) always takes."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from hypothesis import given
from hypothesis import strategies as st

from openfisca_kz_asp.microsim import MicrodataError, load
from openfisca_kz_asp.microsim.format import HOUSEHOLD_COLUMNS, PERSON_COLUMNS
from openfisca_kz_asp.microsim.loader import Problems, _checked_numbers, _plainly_valid


def _write(folder: Path, households: pd.DataFrame, persons: pd.DataFrame, fmt: str) -> Path:
    folder.mkdir()
    for frame, name in ((households, "households"), (persons, "persons")):
        if fmt == "csv":
            frame.to_csv(folder / f"{name}.csv", index=False)
        else:
            pq.write_table(pa.Table.from_pandas(frame, preserve_index=False), folder / f"{name}.parquet")
    return folder


def test_typed_parquet_gives_the_data_of_the_full_check(tiny_frames, tmp_path: Path) -> None:
    households, persons = tiny_frames
    persons = persons.astype({c: np.float64 for c in persons.columns if c.endswith("_income")})
    persons = persons.iloc[[3, 0, 8, 1, 2, 4, 5, 6, 7]]  # not in household order: persons are regrouped
    from_csv = load(_write(tmp_path / "csv", households, persons, "csv"))
    from_parquet = load(_write(tmp_path / "parquet", households, persons, "parquet"))
    for table in ("households", "persons"):
        pd.testing.assert_frame_equal(
            getattr(from_parquet, table), getattr(from_csv, table), check_exact=True
        )
    np.testing.assert_array_equal(from_parquet.person_household, from_csv.person_household)
    # regrouped by household, in file order within each
    assert list(from_parquet.persons["person_id"]) == [10, 11, 12, 20, 21, 22, 30, 41, 40]


@pytest.mark.parametrize(
    ("table", "column", "row", "value", "expected"),
    [
        ("persons", "age", 5, -1, "row 6, column 'age': must be between 0 and 120"),
        ("persons", "age", 2, 2**40, "row 3, column 'age': must be between 0 and 120"),
        ("persons", "pension_income", 0, np.inf, "row 1, column 'pension_income': infinite value"),
        ("persons", "wage_income", 2, 1e12, "row 3, column 'wage_income': must be less than 1e+12"),
        ("persons", "wage_income", 4, -0.5, "row 5, column 'wage_income': negative amount"),
        ("persons", "person_id", 3, -3, "row 4, column 'person_id': ids must be >= 0"),
        ("persons", "person_id", 7, 22, "row 8, column 'person_id': duplicate id"),
        ("households", "household_weight", 1, 0.0, "row 2, column 'household_weight': weights must be > 0"),
        ("households", "household_id", 1, 1.5, "row 2, column 'household_id': must be a whole number"),
    ],
)
def test_typed_parquet_problems_are_named_as_in_csv(  # noqa: PLR0917
    table: str, column: str, row: int, value: float, expected: str, tiny_frames, tmp_path: Path
) -> None:
    frames = dict(zip(("households", "persons"), tiny_frames, strict=True))
    frame = frames[table]
    frame[column] = frame[column].astype(np.float64 if isinstance(value, float) else np.int64)
    frame.loc[row, column] = value
    for fmt in ("parquet", "csv"):
        with pytest.raises(MicrodataError) as info:
            load(_write(tmp_path / fmt, frames["households"], frames["persons"], fmt))
        assert f"{table}.{fmt}, {expected}" in str(info.value).replace(" (CSV line = row + 1)", "")


NUMERIC = [c for c in (*HOUSEHOLD_COLUMNS, *PERSON_COLUMNS) if c.kind in ("id", "weight", "int", "float")]


@pytest.mark.parametrize("column", NUMERIC, ids=[c.name for c in NUMERIC])
@given(data=st.data())
def test_the_quick_check_passes_a_column_only_when_the_full_check_does(column, data) -> None:
    # values around the column's bounds (and 0, -1, large): the quick check (extremes only) may hand
    # over to the full check, but whenever it passes a column, the full check finds no problem in it
    # and gives the same typed values
    edges = [v for v in (column.minimum, column.maximum, column.exclusive_maximum) if v is not None]
    around = [e + d for e in [0.0, 1.0, 2.0**31, 2.0**53, *edges] for d in (-1.0, -0.5, 0.0, 0.5, 1.0)]
    values = data.draw(st.lists(st.sampled_from(around), min_size=1, max_size=6))
    dtype = np.int64 if column.kind in ("id", "int") and all(v == int(v) for v in values) else np.float64
    series = pd.Series(np.array(values).astype(dtype))
    missing = np.zeros(len(series), dtype=bool)
    plain = _plainly_valid(series, missing, column)
    if plain is None:
        return
    problems = Problems()
    full = _checked_numbers(series, missing, column, "file", problems)
    assert problems.errors == []
    assert full is not None
    np.testing.assert_array_equal(plain, full)
    assert plain.dtype == full.dtype
