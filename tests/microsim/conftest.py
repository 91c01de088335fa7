"""Shared fixtures: a tiny hand-computed dataset (4 households) written as CSV."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from openfisca_kz_asp.microsim.format import INCOME_COLUMNS

HOUSEHOLDS = pd.DataFrame(
    {
        "household_id": [1, 2, 3, 4],
        "household_weight": [100.0, 200.0, 50.0, 10.0],
        "region": ["unknown"] * 4,
    }
)
PERSONS = pd.DataFrame(
    {
        "person_id": [10, 11, 12, 20, 21, 22, 30, 40, 41],
        "household_id": [1, 1, 1, 2, 2, 2, 3, 4, 4],
        "age": [30, 2, 5, 35, 33, 8, 70, 40, 5],
        "sex": ["female", "male", "female", "male", "female", "male", "male", "male", "female"],
        "wage_income": [45000, 0, 0, 60000, 0, 0, 0, 50000, 0],
        "pension_income": [0, 0, 0, 0, 0, 0, 100000, 0, 0],
    }
)
# Every income column is given (0): an absent income column is an error without --assume-zero.
for _name in INCOME_COLUMNS:
    PERSONS[_name] = PERSONS.get(_name, 0)


@pytest.fixture
def tiny_frames() -> tuple[pd.DataFrame, pd.DataFrame]:
    return HOUSEHOLDS.copy(), PERSONS.copy()


@pytest.fixture
def write_csv(tmp_path: Path):
    """Write (households, persons) frames as CSV into a fresh folder; return the folder."""

    def write(households: pd.DataFrame, persons: pd.DataFrame, name: str = "data") -> Path:
        folder = tmp_path / name
        folder.mkdir(exist_ok=True)
        households.to_csv(folder / "households.csv", index=False)
        persons.to_csv(folder / "persons.csv", index=False)
        return folder

    return write


@pytest.fixture(scope="module")
def tiny_module_frames() -> tuple[pd.DataFrame, pd.DataFrame]:
    return HOUSEHOLDS.copy(), PERSONS.copy()
