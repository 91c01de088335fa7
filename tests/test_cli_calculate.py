"""The ``openfisca-kz-asp calculate`` command on the shipped example families and on bad files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from openfisca_kz_asp.cli import main
from openfisca_kz_asp.situation_examples import example_path


def run_json(capsys, *args: str) -> dict:
    assert main(["calculate", *args, "--json"]) == 0
    return json.loads(capsys.readouterr().out)


def test_single_mother_two_children_march_2024(capsys):
    # Law 246-II Art. 2 p.4 sp.2 and Art. 7, 2024-03, Almaty (no line published: national line).
    # Line = round(0.7 × 43,407) = 30,385. Income Oct–Dec 2023 = 150,000; PCI = 150,000 / 3 / 3
    # = 16,666.67. ASP = 3 × (30,385 − 16,666.67) = 41,155. Supplement: children 5 and 2 →
    # 2 × 1.5 × 3,692 = 11,076. Mother is the only able-bodied member, child under 3: unconditional.
    # March is the last month of Q1: 1 month assigned.
    result = run_json(capsys, str(example_path("single_mother_two_children")))["result"]
    assert result["asp_type"] == "unconditional"
    assert result["poverty_line"] == 30385
    assert result["asp_amount"] == pytest.approx(41155, abs=0.01)
    assert result["asp_child_supplement"] == 11076
    assert result["asp_assignment_months"] == 1


def test_family_of_four_2019_per_child_rule(capsys):
    # April–December 2019 rule: each child (12, and the full-time student of 20) gets the line,
    # 20,789 = round(0.7 × 29,698); adults get 20,789 − 150,000 / 4 / 3 = 8,289.
    # 2 × 20,789 + 2 × 8,289 = 58,156. Conditional assistance in 2019: the 6-month social contract.
    result = run_json(capsys, str(example_path("family_of_four_2019")))["result"]
    assert result["asp_amount"] == pytest.approx(58156, abs=0.01)
    assert result["asp_type"] == "conditional"
    assert result["asp_assignment_months"] == 6


def test_table_in_russian(capsys):
    assert main(["calculate", str(example_path("pensioner_living_alone")), "--lang", "ru"]) == 0
    out = capsys.readouterr().out
    assert "Безусловная денежная помощь" in out
    assert "2 360" in out  # round(0.7 × 46,228) = 32,360 − 90,000 / 3 = 2,360


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
