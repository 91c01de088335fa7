"""The lawyers' spreadsheet tool: the template converts to passing YAML tests, and round-trips."""

from __future__ import annotations

import importlib.util
import sys
from functools import cache
from pathlib import Path
from types import ModuleType

import numpy as np
import pytest
import yaml
from openfisca_core.simulations import SimulationBuilder

from openfisca_kz_asp import CountryTaxBenefitSystem

TOOLS = Path(__file__).resolve().parents[2] / "tools"
TEMPLATE = TOOLS / "test_template.csv"


@cache
def tool() -> ModuleType:
    spec = importlib.util.spec_from_file_location("csv_to_yaml_tests", TOOLS / "csv_to_yaml_tests.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["csv_to_yaml_tests"] = module
    spec.loader.exec_module(module)
    return module


@cache
def variables():
    return tool().Variables.load()


@cache
def system() -> CountryTaxBenefitSystem:
    return CountryTaxBenefitSystem()


def _value(simulation, name: str, period: str, index: int):
    holder = simulation.calculate(name, period)
    value = holder[index]
    if hasattr(holder, "decode_to_str"):
        return holder.decode_to_str()[index]
    return value.item() if isinstance(value, np.generic) else value


def _check(test: dict) -> None:
    builder = SimulationBuilder()
    builder.set_default_period(test["period"])
    simulation = builder.build_from_entities(system(), test["input"])
    margin = test["absolute_error_margin"]
    output = dict(test["output"])
    for pid, values in output.pop("persons", {}).items():
        index = simulation.persons.ids.index(pid)
        for name, expected in values.items():
            actual = _value(simulation, name, test["period"], index)
            assert (
                actual == expected if isinstance(expected, (bool, str)) else abs(actual - expected) <= margin
            )
    for name, expected in output.items():
        actual = _value(simulation, name, test["period"], 0)
        if isinstance(expected, (bool, str)):
            assert actual == expected, (test["name"], name)
        else:
            assert abs(actual - expected) <= margin, (test["name"], name, actual, expected)


def test_the_template_gives_yaml_tests_that_pass():
    cases = tool().read_csv(TEMPLATE, variables())
    assert len(cases) == 2
    text = tool().to_yaml(cases, TEMPLATE.name)
    tests = yaml.safe_load(text)
    assert tests[0]["keywords"][0] == "law246.a7" and tests[0]["output"]["asp_amount"] == 41577
    assert "# PCI = 180 000 / 3 members / 3 months = 20 000." in text  # the comment is kept above the test
    for test in tests:
        _check(test)


def test_csv_yaml_csv_round_trip(tmp_path: Path):
    first = tool().to_yaml(tool().read_csv(TEMPLATE, variables()), "x.csv")
    (tmp_path / "tests.yaml").write_text(first, encoding="utf-8")
    columns, rows = tool().yaml_to_rows(tmp_path / "tests.yaml", variables())
    (tmp_path / "back.csv").write_text(tool().write_csv(columns, rows), encoding="utf-8")
    second = tool().to_yaml(tool().read_csv(tmp_path / "back.csv", variables()), "x.csv")
    assert second == first


def test_semicolons_decimal_commas_and_bom_are_read(tmp_path: Path):
    sheet = (
        "\ufefftest;provisions;period;person;role;age;wage_income@month:2024-01:3;expected:per_capita_income\n"
        "t;law246.a1.sp2;2024-05;a;applicant;40;90 000,0;30 000\n"
    )
    (tmp_path / "s.csv").write_text(sheet, encoding="utf-8")
    (case,) = tool().read_csv(tmp_path / "s.csv", variables())
    assert case["test"]["input"]["persons"]["a"]["wage_income"] == {"month:2024-01:3": 90000}
    _check(case["test"])


@pytest.mark.parametrize(
    ("sheet", "message"),
    [
        (
            "test,person,period,wage_incme\nt,a,2024-05,1\n",
            "column 'wage_incme': unknown variable 'wage_incme'; did you mean 'wage_income'?",
        ),
        (
            "test,person,period,age,expected:asp_amount\nt,a,2024-05,forty,0\n",
            "row 2, column 'age': 'forty' is not a number",
        ),
        (
            "test,person,period,sex,expected:asp_amount\nt,a,2024-05,femal,0\n",
            "'femal' is not a value of sex; did you mean 'female'?",
        ),
        ("test,person,period,age\nt,a,2024-05,40\n", "has no expected result"),
        (
            "test,person,period,provisions,expected:asp_amount\nt,a,2024-05,law246.a2.p66,0\n",
            "'law246.a2.p66' is not in the provisions register",
        ),
        ("test,person,period,expected:asp_amount\nt,a,May 2024,0\n", "needs a month YYYY-MM"),
        (
            "test,person,role,period,expected:asp_amount\nt,a,applicant,2024-05,0\nt,b,applicant,,\n",
            "row 3, column 'role': test 't' already has an applicant",
        ),
        (
            "test,person,period,region,expected:asp_amount\nt,a,2024-05,astana,0\nt,b,,almaty_city,\n",
            "row 3, column 'region': household value 'almaty_city' differs from 'astana' given on row 2",
        ),
        ("person,age\na,3\n", "no 'test' column"),
    ],
)
def test_mistakes_are_named_with_row_and_column(tmp_path: Path, sheet: str, message: str):
    (tmp_path / "bad.csv").write_text(sheet, encoding="utf-8")
    with pytest.raises(tool().CsvError) as error:
        tool().read_csv(tmp_path / "bad.csv", variables())
    assert message in str(error.value)
    assert "bad.csv" in str(error.value)


def test_the_command_reports_errors_without_traceback(tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    (tmp_path / "bad.csv").write_text("test,person\n", encoding="utf-8")
    assert tool().main([str(tmp_path / "bad.csv")]) == 2
    assert capsys.readouterr().err.startswith("csv_to_yaml_tests: error: bad.csv")


def test_an_existing_rules_file_converts_to_a_sheet_and_back(tmp_path: Path):
    source = TOOLS.parent / "tests" / "rules" / "amount" / "art7_family_size.yaml"
    if not source.exists():
        pytest.skip("tests/rules/amount/art7_family_size.yaml is not in this checkout")
    columns, rows = tool().yaml_to_rows(source, variables())
    (tmp_path / "sheet.csv").write_text(tool().write_csv(columns, rows), encoding="utf-8")
    cases = tool().read_csv(tmp_path / "sheet.csv", variables())
    original = yaml.safe_load(source.read_text(encoding="utf-8"))
    assert [c["test"]["name"] for c in cases] == [t["name"] for t in original]
    for case in cases:
        _check(case["test"])
