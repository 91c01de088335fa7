"""The ``openfisca-kz-asp calculate`` command on the shipped example families and on bad files."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest

from openfisca_kz_asp.cli import main
from openfisca_kz_asp.situation_examples import example_path


def run_json(capsys, *args: str) -> dict:
    assert main(["calculate", *args, "--json"]) == 0
    return json.loads(capsys.readouterr().out)


def with_line(tmp_path: Path, name: str, line: dict[str, float]) -> str:
    """The shipped example ``name`` with ``poverty_line`` given as an input (as a family would give
    the line its akimat published), written to a file."""
    situation = json.loads(example_path(name).read_text(encoding="utf-8"))
    household = next(iter(situation["households"].values()))
    household["poverty_line"] = line
    path = tmp_path / f"{name}.json"
    path.write_text(json.dumps(situation), encoding="utf-8")
    return str(path)


def test_single_mother_two_children_march_2024(capsys):
    # Law 246-II Art. 2 p.4 sp.2 and Art. 7, 2024-03, Almaty. The line is 70% of Almaty's minimum of
    # Q4 2023, of which no month was published (parameters general.subsistence_minimum_statistical:
    # Almaty 2023-07 only): an estimate, so the amount is checked against the line the command
    # reports. Income Oct–Dec 2023 = 150,000; PCI = 150,000 / 3 / 3 = 16,666.67; ASP = 3 × (line −
    # 16,666.67), each member's amount rounded to the tenge, halves up (asp.amount.rounded_to_tenge).
    # Supplement: children 5 and 2 → 2 × 1.5 × 3,692 = 11,076. Mother is the only
    # able-bodied member, child under 3: unconditional. March is the last month of Q1: 1 month.
    result = run_json(capsys, str(example_path("single_mother_two_children")))["result"]
    assert result["asp_type"] == "unconditional"
    assert result["poverty_line_basis"] == "estimated"
    assert result["per_capita_income"] == pytest.approx(16666.67, abs=0.01)
    each = math.floor(result["poverty_line"] - 150000 / 9 + 0.5)
    assert result["asp_amount"] == pytest.approx(3 * each, abs=0.01)
    assert result["asp_child_supplement"] == 11076
    assert result["asp_assignment_months"] == 1


def test_single_mother_two_children_with_the_line_given(tmp_path: Path, capsys):
    # The same family giving the line as an input: 30,385 (the 2024 line of the example, not
    # Almaty's). Each member 30,385 − 16,666.67 = 13,718.33, rounded to the tenge 13,718 (asp.amount.
    # rounded_to_tenge); ASP = 3 × 13,718 = 41,154; total 41,154 + 11,076 = 52,230.
    path = with_line(tmp_path, "single_mother_two_children", {"2024-03": 30385})
    result = run_json(capsys, path)["result"]
    assert result["poverty_line"] == 30385
    assert result["poverty_line_basis"] == "input"
    assert result["asp_amount"] == pytest.approx(41154, abs=0.01)
    assert result["asp_total"] == pytest.approx(52230, abs=0.01)


def test_family_of_four_2019_per_child_rule(capsys):
    # April–December 2019 rule: each child (12, and the full-time student of 20) gets the line,
    # 20,789 = round(0.7 × 29,698); adults get 20,789 − 150,000 / 4 / 3 = 8,289.
    # 2 × 20,789 + 2 × 8,289 = 58,156. Conditional assistance in 2019: the 6-month social contract.
    result = run_json(capsys, str(example_path("family_of_four_2019")))["result"]
    assert result["asp_amount"] == pytest.approx(58156, abs=0.01)
    assert result["asp_type"] == "conditional"
    assert result["asp_assignment_months"] == 6


def test_table_in_russian(tmp_path: Path, capsys):
    # The pensioner with the line given as an input: 32,360 (the 2025 line of the example, not
    # Kostanay's, whose minimum of Q1 2025 was not published): 32,360 − 90,000 / 3 = 2,360.
    path = with_line(tmp_path, "pensioner_living_alone", {"2025-05": 32360})
    assert main(["calculate", path, "--lang", "ru"]) == 0
    out = capsys.readouterr().out
    assert "Безусловная денежная помощь" in out
    assert "2\u00a0360" in out  # grouped as Russian writes numbers (contract.languages)


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ('{"persons": {', "not valid JSON at line 1"),
        ('{"persons": {"a": {"age": {"2024-03": -4}}}}', "persons/a/age/2024-03"),
        ('{"persons": {"a": {}}, "households": {"h": {"parents": ["a"]}}}', "unknown role 'parents'"),
        ('{"persons": {"a": {}}, "households": {"h": {"asp_amount": {"2024": null}}}}', "monthly"),
        ('{"persons": {"a": {"age": {"2024-03": 30}}}}', "no month to compute"),
        ("[1, 2]", "not list"),
    ],
)
def test_bad_files_get_one_clear_error(tmp_path: Path, capsys, content: str, expected: str):
    path = tmp_path / "situation.json"
    path.write_text(content, encoding="utf-8")
    assert main(["calculate", str(path)]) == 2
    assert expected in capsys.readouterr().err


def test_missing_file(capsys):
    assert main(["calculate", "no/such/file.json"]) == 2
    assert "no such file" in capsys.readouterr().err


def test_a_month_the_file_does_not_describe_is_refused(capsys):
    # Issue 9 (2): the example describes March 2024 (ages for 2024-03, the mother's wage for
    # Oct–Dec 2023). For June 2025 the ages would come from the default birth date (54-55 years)
    # and the income of the reference quarter Jan–Mar 2025 would be 0: refused, every gap named.
    code = main(["calculate", str(example_path("single_mother_two_children")), "--period", "2025-06"])
    assert code == 2
    err = capsys.readouterr().err
    assert "2025-06 is not described by the file" in err
    for person in ("mother", "son", "daughter"):
        assert f"persons/{person}/age: given for 2024-03, not for 2025-06" in err
    assert "households/family/region: given for 2024-03, not for 2025-06" in err
    assert "persons/mother/wage_income: given for month:2023-10:3" in err
    assert (
        "2025-06 tests the income of 2025-01 to 2025-03, and 2025-01, 2025-02, 2025-03 would count as 0"
        in err
    )
    assert "compute a month it describes (2024-03)" in err


def test_a_partly_covered_reference_quarter_is_refused(tmp_path: Path, capsys):
    # Income for January and February 2024 only: April 2024 tests January to March, so March
    # would count as 0.
    situation = {
        "persons": {
            "a": {
                "birth_date": {"ETERNITY": "1990-05-01"},
                "wage_income": {"2024-01": 50000, "2024-02": 50000},
            }
        },
        "households": {"h": {"applicants": ["a"], "region": {"2024-04": "astana"}}},
    }
    path = tmp_path / "family.json"
    path.write_text(json.dumps(situation), encoding="utf-8")
    assert main(["calculate", str(path), "--period", "2024-04"]) == 2
    err = capsys.readouterr().err
    assert "persons/a/wage_income: given for 2024-01, 2024-02; 2024-04 tests the income of 2024-01 to" in err
    assert "and 2024-03 would count as 0" in err
    assert "persons/a/age" not in err  # the age follows the birth date


def test_a_month_the_file_describes_is_computed(tmp_path: Path, capsys):
    # A birth date holds for every month and a yearly income covers every quarter of its year:
    # April 2024 is described. Income of the reference quarter Jan–Mar 2024 = 600,000 × 3 / 12
    # = 150,000 (set_input_divide_by_period spreads the year evenly over its months).
    situation = {
        "persons": {
            "a": {"birth_date": {"ETERNITY": "1990-05-01"}, "wage_income": {"2024": 600000}},
            "b": {"birth_date": {"ETERNITY": "2020-02-01"}},
        },
        "households": {"h": {"applicants": ["a"], "members": ["b"], "region": {"2024-04": "astana"}}},
    }
    path = tmp_path / "family.json"
    path.write_text(json.dumps(situation), encoding="utf-8")
    result = run_json(capsys, str(path), "--period", "2024-04")["result"]
    assert result["asp_total_income"] == 150000
    assert result["persons"]["a"]["age"] == 33  # born 1990-05-01: 33 in April 2024
    assert result["persons"]["b"]["age"] == 4


def test_a_second_month_asked_by_the_file_is_checked_too(tmp_path: Path, capsys):
    # The file itself asks for March and April 2024 but gives the age for March only.
    situation = {
        "persons": {"a": {"age": {"2024-03": 40}, "wage_income": {"month:2023-10:6": 300000}}},
        "households": {
            "h": {
                "applicants": ["a"],
                "region": {"2024-03": "astana", "2024-04": "astana"},
                "asp_amount": {"2024-03": None, "2024-04": None},
            }
        },
    }
    path = tmp_path / "family.json"
    path.write_text(json.dumps(situation), encoding="utf-8")
    assert main(["calculate", str(path)]) == 2
    err = capsys.readouterr().err
    assert "2024-04 is not described by the file" in err
    assert "persons/a/age: given for 2024-03, not for 2024-04" in err
    assert "2024-03 is not described" not in err
    assert "compute a month it describes (2024-03)" in err
