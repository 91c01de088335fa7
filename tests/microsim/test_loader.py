"""The loader names the file, row and column of every problem; nothing is dropped silently."""

from __future__ import annotations

import numpy as np
import pytest

from openfisca_kz_asp.microsim.format import INCOME_COLUMNS
from openfisca_kz_asp.microsim.loader import MAX_ERRORS_SHOWN, MicrodataError, find_parts, load


def _error(write_csv, households, persons) -> str:
    folder = write_csv(households, persons)
    with pytest.raises(MicrodataError) as info:
        load(folder)
    return str(info.value)


def test_valid_tiny_dataset_loads_everything(write_csv, tiny_frames) -> None:
    data = load(write_csv(*tiny_frames))
    assert data.n_households == 4
    assert data.n_persons == 9
    assert not data.is_synthetic
    # persons are grouped by household position, in file order
    assert data.person_household.tolist() == [0, 0, 0, 1, 1, 1, 2, 3, 3]
    # optional columns take their defaults
    assert data.persons["lives_with_family"].all()
    assert (data.persons["alimony_income"] == 0).all()


def test_missing_required_column(write_csv, tiny_frames) -> None:
    households, persons = tiny_frames
    message = _error(write_csv, households, persons.drop(columns=["age"]))
    assert "persons.csv, column 'age': required column is missing" in message


def test_unknown_enum_value(write_csv, tiny_frames) -> None:
    households, persons = tiny_frames
    households.loc[2, "region"] = "atlantis"
    message = _error(write_csv, households, persons)
    # data row 3 is line 4 of the CSV file (after the header)
    assert (
        "households.csv, row 3 (CSV line = row + 1), column 'region': unknown value(s) 'atlantis'" in message
    )
    assert "allowed: unknown, astana" in message


def test_unknown_region_is_loaded_with_a_warning(write_csv, tiny_frames) -> None:
    # Region 'unknown' is a valid value, but the line then rests on the national minimum: said so.
    households, persons = tiny_frames
    households["region"] = "astana"
    households.loc[1, "region"] = "unknown"
    data = load(write_csv(households, persons))
    assert any("1 household(s) with region 'unknown'" in w for w in data.warnings), data.warnings


def test_negative_income(write_csv, tiny_frames) -> None:
    households, persons = tiny_frames
    persons.loc[4, "wage_income"] = -5
    message = _error(write_csv, households, persons)
    assert "persons.csv, row 5" in message
    assert "column 'wage_income': negative amount" in message


def test_non_numeric_income(write_csv, tiny_frames) -> None:
    households, persons = tiny_frames
    persons["wage_income"] = persons["wage_income"].astype(object)
    persons.loc[0, "wage_income"] = "45k"
    message = _error(write_csv, households, persons)
    assert "persons.csv, row 1 (CSV line = row + 1), column 'wage_income': not a number" in message


def test_duplicate_ids(write_csv, tiny_frames) -> None:
    households, persons = tiny_frames
    households.loc[3, "household_id"] = 3
    persons.loc[8, "person_id"] = 40
    persons.loc[[7, 8], "household_id"] = 3
    message = _error(write_csv, households, persons)
    assert "households.csv, row 4 (CSV line = row + 1), column 'household_id': duplicate id" in message
    assert "persons.csv, row 9 (CSV line = row + 1), column 'person_id': duplicate id" in message


def test_orphan_person(write_csv, tiny_frames) -> None:
    households, persons = tiny_frames
    persons.loc[6, "household_id"] = 99
    message = _error(write_csv, households, persons)
    assert "persons.csv, row 7 (CSV line = row + 1), column 'household_id': no such household" in message
    # household 3 has now no persons
    assert (
        "households.csv, row 3 (CSV line = row + 1), column 'household_id': household has no persons"
        in message
    )


def test_empty_household(write_csv, tiny_frames) -> None:
    households, persons = tiny_frames
    message = _error(write_csv, households, persons[persons["household_id"] != 4])
    assert (
        "households.csv, row 4 (CSV line = row + 1), column 'household_id': household has no persons"
        in message
    )


def test_missing_and_bad_weights(write_csv, tiny_frames) -> None:
    households, persons = tiny_frames
    households["household_weight"] = households["household_weight"].astype(object)
    households.loc[1, "household_weight"] = None
    message = _error(write_csv, households, persons)
    assert "households.csv, row 2 (CSV line = row + 1), column 'household_weight': missing weight" in message
    households.loc[1, "household_weight"] = 0
    message = _error(write_csv, households, persons)
    assert "column 'household_weight': weights must be > 0" in message


def test_age_must_be_a_whole_number_in_range(write_csv, tiny_frames) -> None:
    households, persons = tiny_frames
    persons["age"] = persons["age"].astype(float)
    persons.loc[0, "age"] = 30.5
    persons.loc[1, "age"] = 130
    message = _error(write_csv, households, persons)
    assert "row 1 (CSV line = row + 1), column 'age': must be a whole number" in message
    persons.loc[0, "age"] = 30
    message = _error(write_csv, households, persons)
    assert "row 2 (CSV line = row + 1), column 'age': must be between 0 and 120" in message


def test_soft_problems_are_warnings_with_counts(write_csv, tiny_frames) -> None:
    households, persons = tiny_frames
    persons["is_full_time_student"] = [None, "yes", None, "no", "no", "no", "no", "no", "no"]
    persons["favourite_colour"] = "blue"
    data = load(write_csv(households, persons))
    assert data.n_persons == 9  # nothing dropped
    assert any("column 'is_full_time_student': 2 blank cell(s) taken as False" in w for w in data.warnings)
    assert any("1 unknown column(s) ignored: favourite_colour" in w for w in data.warnings)
    assert any("optional column(s) absent, their default used for every row" in w for w in data.warnings)


def test_blank_income_cells_need_assume_zero(write_csv, tiny_frames) -> None:
    # Issue 9 (3): an income the data does not give is never a silent 0.
    households, persons = tiny_frames
    persons["alimony_income"] = [np.nan, 5.0, np.nan, 0, 0, 0, 0, 0, 0]
    folder = write_csv(households, persons)
    with pytest.raises(MicrodataError) as info:
        load(folder)
    assert (
        "persons.csv, rows 1, 3 (CSV line = row + 1), column 'alimony_income': 2 blank income cell(s)"
        in str(info.value)
    )
    assert "--assume-zero alimony_income" in str(info.value)
    data = load(folder, assume_zero=["alimony_income"])
    assert data.assumed_zero == {"alimony_income": 2}
    assert data.persons["alimony_income"].tolist()[:3] == [0.0, 5.0, 0.0]
    assert any(
        "column 'alimony_income': 2 blank cell(s) taken as 0 (--assume-zero)" in w for w in data.warnings
    )


def test_missing_income_column_needs_assume_zero(write_csv, tiny_frames) -> None:
    # Issue 9 (3): without wage_income the cost rose 140-fold with no warning.
    households, persons = tiny_frames
    folder = write_csv(households, persons.drop(columns=["wage_income", "farm_income"]))
    with pytest.raises(MicrodataError) as info:
        load(folder)
    message = str(info.value)
    assert message.startswith("The microdata has 2 problem(s)")
    assert "persons.csv, column 'wage_income': income column is missing" in message
    assert "--assume-zero wage_income" in message
    assert "persons.csv, column 'farm_income': income column is missing" in message
    data = load(folder, assume_zero=["wage_income", "farm_income", "alimony_income"])
    assert data.assumed_zero == {"wage_income": 9, "farm_income": 9}
    assert (data.persons["wage_income"] == 0).all()
    # a column named but complete: said, not silently ignored
    assert any("--assume-zero alimony_income: the column is present" in w for w in data.warnings)
    with pytest.raises(MicrodataError, match="--assume-zero wages: not an income column"):
        load(folder, assume_zero=["wages"])


def test_every_problem_is_listed_once(write_csv, tiny_frames) -> None:
    households, persons = tiny_frames
    persons.loc[0, "wage_income"] = -1
    persons.loc[1, "sex"] = "x"
    message = _error(write_csv, households, persons)
    assert message.startswith("The microdata has 2 problem(s)")


def test_problems_of_every_kind_in_one_error(write_csv, tiny_frames) -> None:
    # Issue 9 (5): an orphan id, a duplicate id and a bad number in one file were reported one at
    # a time (the first kind found). All three, and both kinds of problem in one column, now.
    households, persons = tiny_frames
    persons["age"] = persons["age"].astype(object)
    persons.loc[6, "household_id"] = 99  # orphan (and household 3 left without persons)
    persons.loc[8, "person_id"] = 40  # duplicate of row 8
    persons.loc[2, "age"] = "five"  # not a number
    persons.loc[3, "age"] = -2  # and out of range, same column
    message = _error(write_csv, households, persons)
    assert message.startswith("The microdata has 5 problem(s)")
    for expected in (
        "persons.csv, row 7 (CSV line = row + 1), column 'household_id': no such household",
        "persons.csv, row 9 (CSV line = row + 1), column 'person_id': duplicate id",
        "persons.csv, row 3 (CSV line = row + 1), column 'age': not a number",
        "persons.csv, row 4 (CSV line = row + 1), column 'age': must be between 0 and 120",
        "households.csv, row 3 (CSV line = row + 1), column 'household_id': household has no persons",
    ):
        assert expected in message


def test_many_problems_are_capped(write_csv, tiny_frames) -> None:
    households, persons = tiny_frames
    for name in INCOME_COLUMNS:  # 15 columns with a negative amount, 15 more with text
        persons[name] = persons[name].astype(object)
        persons.loc[0, name] = -1
        persons.loc[1, name] = "n/a"
    message = _error(write_csv, households, persons)
    assert message.startswith(f"The microdata has {2 * len(INCOME_COLUMNS)} problem(s)")
    assert message.count("\n  - ") == MAX_ERRORS_SHOWN
    assert message.endswith(f"... and {2 * len(INCOME_COLUMNS) - MAX_ERRORS_SHOWN} more problem(s)")


def test_dataset_folder_errors(tmp_path) -> None:
    with pytest.raises(MicrodataError, match="no such file or folder"):
        find_parts(tmp_path / "nowhere")
    (tmp_path / "households.csv").write_text("household_id\n1\n")
    with pytest.raises(MicrodataError, match="found no persons table"):
        find_parts(tmp_path)
    (tmp_path / "persons.csv").write_text("")
    with pytest.raises(MicrodataError, match=r"persons\.csv: not a readable CSV file"):
        load(tmp_path)


def test_parquet_errors_name_file_row_and_column(tmp_path, tiny_frames) -> None:
    households, persons = tiny_frames
    households["region"] = households["region"].astype("category")
    households["region"] = households["region"].cat.add_categories(["atlantis", "astana"])
    households.loc[1, "region"] = "atlantis"
    persons["is_full_time_student"] = False
    households.to_parquet(tmp_path / "households.parquet")
    persons.to_parquet(tmp_path / "persons.parquet")
    with pytest.raises(MicrodataError) as info:
        load(tmp_path)
    assert "households.parquet, row 2, column 'region': unknown value(s) 'atlantis'" in str(info.value)
    households.loc[1, "region"] = "astana"
    households.to_parquet(tmp_path / "households.parquet")
    data = load(tmp_path)
    assert data.households["region"].tolist() == [0, 1, 0, 0]  # enum indices: unknown, astana
