"""Turn a spreadsheet of test cases (CSV) into OpenFisca YAML tests, and back.

A lawyer writes one row per family member; rows with the same ``test`` name form one test case.
See ``docs/lawyers.md`` ("Proposing a test as a table") and ``tools/test_template.csv``.

    python tools/csv_to_yaml_tests.py proposals.csv -o tests/rules/proposed/proposals.yaml
    python tools/csv_to_yaml_tests.py --to-csv tests/rules/amount/some_tests.yaml -o some_tests.csv

Columns (the header row names them; order is free; `,` `;` or tab separated; UTF-8, with or without BOM):

- ``test``: the test's name (required on every row; the rows of one test are consecutive);
- ``provisions``: provision ids checked, separated by spaces or commas (first row of the test);
- ``period``: the month computed, YYYY-MM (first row);
- ``comment``: the reasoning and arithmetic, written above the test in the YAML (first row; `|`
  starts a new line);
- ``error_margin``: allowed difference in the results (first row; default 0.5 KZT);
- ``person``: the member's id (letters, digits, _), ``role``: ``applicant`` or ``member`` (default);
- any variable name, e.g. ``age``, ``sex``, ``disability_group``, ``region``: an input. Person
  variables are read on each person's row, household variables once per test. Write
  ``variable@PERIOD`` to give the value for another period, e.g. ``wage_income@month:2024-01:3`` for
  the January–March total (spread over the three months);
- ``expected:variable`` (or ``expected:variable@PERIOD``): an expected result. Household results
  are read once per test; person results on each person's row.

Numbers may use spaces as thousands separators and a decimal comma; ``true``/``false`` (or
``да``/``нет``, ``иә``/``жоқ``) for yes/no; enumeration values by their code name (``female``,
``group_2``, ``almaty_city``). Every problem is reported with its row and column.

What a cell may hold comes from the input contract (``openfisca_kz_asp.contract``): each
variable's type, entity, enumeration values and range, the household's roles, the months the
rules cover. A value the web API would refuse (an age of 130, a negative income) is refused here
with the API's own message.
"""

from __future__ import annotations

import argparse
import csv
import difflib
import io
import re
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from openfisca_kz_asp.contract.periods import in_coverage, is_month, out_of_coverage, parse_period

RESERVED = ("test", "provisions", "period", "comment", "error_margin", "person", "role")
HOUSEHOLD_ID = "household"
DEFAULT_MARGIN = 0.5
KIND_TYPES: dict[str, type] = {"bool": bool, "int": int, "float": float, "enum": str, "date": str, "str": str}
PERSON_ID = re.compile(r"^[A-Za-z_][A-Za-z0-9_]{0,40}$")
TRUE = {"true", "yes", "да", "иә", "1"}
FALSE = {"false", "no", "нет", "жоқ", "0"}
NUMBER = re.compile(r"^-?\d+(?:[.,]\d+)?$")


class CsvError(ValueError):
    """A problem in the spreadsheet, naming the file, the row and the column."""


@dataclass
class Variables:
    """What the tool needs to know of the tax-benefit system's variables."""

    entity: dict[str, str]  # name -> "person" | "household"
    enum_values: dict[str, tuple[str, ...]]
    value_type: dict[str, type]
    provisions: set[str] = field(default_factory=set)
    roles: tuple[str, ...] = ("applicant", "member")
    contract: Any = None  # openfisca_kz_asp.contract.Contract: checks each value's range

    @classmethod
    def load(cls) -> Variables:
        from openfisca_kz_asp import CountryTaxBenefitSystem  # noqa: PLC0415
        from openfisca_kz_asp.contract import contract_for  # noqa: PLC0415
        from openfisca_kz_asp.provisions import default_register  # noqa: PLC0415

        tbs = CountryTaxBenefitSystem()
        contract = contract_for(tbs)
        household = next(entity for entity in tbs.group_entities if entity.key == HOUSEHOLD_ID)
        return cls(
            entity={item.name: item.entity for item in contract},
            enum_values={item.name: item.enum for item in contract if item.enum is not None},
            value_type={item.name: KIND_TYPES[item.kind] for item in contract},
            provisions=set(default_register()),
            roles=tuple(role.key for role in household.roles),
            contract=contract,
        )

    def check(self, variable: str, value: Any, where: str) -> Any:
        """``value`` if the contract accepts it for ``variable``, else a CsvError with the API's message."""
        if self.contract is None or variable not in self.contract:
            return value
        from openfisca_kz_asp.i18n_texts import text  # noqa: PLC0415

        for code, params in self.contract.value_problems(variable, value):
            message = text(f"errors.{code}", "en", got=repr(value), hint="", **params)
            raise CsvError(f"{where}: {message}")
        return value


def _where(file: str, row: int, column: str | None = None) -> str:
    return f"{file}, row {row}" + (f", column '{column}'" if column else "")


def _split_header(column: str) -> tuple[bool, str, str | None]:
    """('expected:asp_amount@2024-05') -> (True, 'asp_amount', '2024-05')."""
    expected = column.startswith("expected:")
    name = column.removeprefix("expected:")
    name, _, period = name.partition("@")
    return expected, name.strip(), period.strip() or None


def parse_value(text: str, variable: str, variables: Variables, where: str, *, expected: bool = False) -> Any:
    """A cell as a YAML value of the variable's type, or a CsvError naming the cell.

    An input must also be a value the contract accepts; an expected result only needs the type.
    """
    raw = text.strip()
    value = _parse_cell(raw, variable, variables, where)
    return value if expected else variables.check(variable, value, where)


def _parse_cell(raw: str, variable: str, variables: Variables, where: str) -> Any:
    if variable in variables.enum_values:
        if raw not in variables.enum_values[variable]:
            hint = difflib.get_close_matches(raw, variables.enum_values[variable], n=1)
            allowed = ", ".join(variables.enum_values[variable])
            msg = f"{where}: '{raw}' is not a value of {variable}" + (
                f"; did you mean '{hint[0]}'?" if hint else f"; use one of {allowed}"
            )
            raise CsvError(msg)
        return raw
    kind = variables.value_type.get(variable)
    if kind is bool:
        if raw.lower() in TRUE:
            return True
        if raw.lower() in FALSE:
            return False
        msg = f"{where}: '{raw}' is not yes or no (write true or false)"
        raise CsvError(msg)
    if kind in (int, float):
        number = raw.replace("\u00a0", "").replace(" ", "")
        if not NUMBER.match(number):
            msg = f"{where}: '{raw}' is not a number"
            raise CsvError(msg)
        value = float(number.replace(",", "."))
        return int(value) if value.is_integer() else value
    return raw


@dataclass
class _Case:
    name: str
    first_row: int
    header: dict[str, str]
    persons: dict[str, dict[str, Any]] = field(default_factory=dict)
    roles: dict[str, str] = field(default_factory=dict)
    household: dict[str, Any] = field(default_factory=dict)
    household_from: dict[str, tuple[Any, int]] = field(default_factory=dict)
    expected_household: dict[str, Any] = field(default_factory=dict)
    expected_persons: dict[str, dict[str, Any]] = field(default_factory=dict)


def _put(target: dict[str, Any], name: str, period: str | None, value: Any) -> None:
    if period:
        target.setdefault(name, {})
        target[name][period] = value
    else:
        target[name] = value


def _check_columns(columns: list[str], variables: Variables, file: str) -> None:
    for required in ("test", "person"):
        if required not in columns:
            msg = f"{file}, header row: no '{required}' column (see tools/test_template.csv)"
            raise CsvError(msg)
    for column in columns:
        if column in RESERVED or not column:
            continue
        _, name, period = _split_header(column)
        if name not in variables.entity:
            hint = difflib.get_close_matches(name, list(variables.entity), n=1)
            msg = f"{file}, header row, column '{column}': unknown variable '{name}'" + (
                f"; did you mean '{hint[0]}'?" if hint else ""
            )
            raise CsvError(msg)
        if period and parse_period(period) is None:
            msg = (
                f"{file}, header row, column '{column}': '{period}' is not a period "
                "(2024-05, month:2024-01:3, 2024 or ETERNITY)"
            )
            raise CsvError(msg)


def _read_header_cells(
    case: _Case, row: dict[str, str], number: int, file: str, variables: Variables
) -> None:
    for key in ("provisions", "period", "comment", "error_margin"):
        value = (row.get(key) or "").strip()
        if value and key in case.header and case.header[key] != value:
            msg = f"{_where(file, number, key)}: differs from the test's first row ({case.header[key]!r})"
            raise CsvError(msg)
        if value:
            case.header[key] = value
    for pid in re.split(r"[\s,;]+", case.header.get("provisions", "")):
        if pid and pid not in variables.provisions:
            hint = difflib.get_close_matches(pid, sorted(variables.provisions), n=1)
            msg = f"{_where(file, number, 'provisions')}: '{pid}' is not in the provisions register" + (
                f"; did you mean '{hint[0]}'?" if hint else ""
            )
            raise CsvError(msg)


def _read_row(case: _Case, row: dict[str, str], number: int, file: str, variables: Variables) -> None:
    _read_header_cells(case, row, number, file, variables)
    person = (row.get("person") or "").strip()
    if not PERSON_ID.match(person):
        msg = f"{_where(file, number, 'person')}: '{person}' is not a member id (letters, digits, _)"
        raise CsvError(msg)
    if person in case.persons:
        msg = f"{_where(file, number, 'person')}: '{person}' appears twice in test '{case.name}'"
        raise CsvError(msg)
    role = (row.get("role") or "member").strip() or "member"
    if role not in variables.roles:
        msg = f"{_where(file, number, 'role')}: '{role}' is not a role; use {' or '.join(variables.roles)}"
        raise CsvError(msg)
    if role == "applicant" and "applicant" in case.roles.values():
        msg = f"{_where(file, number, 'role')}: test '{case.name}' already has an applicant"
        raise CsvError(msg)
    case.roles[person] = role
    case.persons[person] = {}
    for column, cell in row.items():
        if column in RESERVED or not column or cell is None or not str(cell).strip():
            continue
        expected, name, period = _split_header(column)
        value = parse_value(str(cell), name, variables, _where(file, number, column), expected=expected)
        if variables.entity[name] == "person":
            _put(
                case.expected_persons.setdefault(person, {}) if expected else case.persons[person],
                name,
                period,
                value,
            )
            continue
        if column in case.household_from:
            first, first_row = case.household_from[column]
            if first != value:
                msg = (
                    f"{_where(file, number, column)}: household value {value!r} differs from {first!r} "
                    f"given on row {first_row}; give it once per test"
                )
                raise CsvError(msg)
            continue
        case.household_from[column] = (value, number)
        _put(case.expected_household if expected else case.household, name, period, value)


def _finish(case: _Case, file: str) -> dict[str, Any]:
    where = _where(file, case.first_row)
    period = case.header.get("period", "")
    if not is_month(period):
        msg = f"{where}, column 'period': test '{case.name}' needs a month YYYY-MM, not '{period}'"
        raise CsvError(msg)
    if not in_coverage(period):
        msg = f"{where}, column 'period': test '{case.name}': {out_of_coverage(period)}"
        raise CsvError(msg)
    if not case.expected_household and not case.expected_persons:
        msg = f"{where}: test '{case.name}' has no expected result (add an 'expected:<variable>' column)"
        raise CsvError(msg)
    margin_text = case.header.get("error_margin", "")
    try:
        margin = float(margin_text.replace(",", ".")) if margin_text else DEFAULT_MARGIN
    except ValueError:
        msg = f"{where}, column 'error_margin': '{margin_text}' is not a number"
        raise CsvError(msg) from None
    group: dict[str, Any] = {}
    applicants = [p for p, role in case.roles.items() if role == "applicant"]
    members = [p for p, role in case.roles.items() if role == "member"]
    if applicants:
        group["applicants"] = applicants
    group["members"] = members
    group.update(case.household)
    output: dict[str, Any] = dict(case.expected_household)
    if case.expected_persons:
        output["persons"] = case.expected_persons
    test = {
        "name": case.name,
        "keywords": [p for p in re.split(r"[\s,;]+", case.header.get("provisions", "")) if p],
        "period": period,
        "absolute_error_margin": int(margin) if margin.is_integer() else margin,
        "input": {"persons": case.persons, "households": {HOUSEHOLD_ID: group}},
        "output": output,
    }
    comment = case.header.get("comment", "")
    return {"comment": [line.strip() for line in comment.split("|") if line.strip()], "test": test}


def _open_rows(path: Path) -> tuple[list[str], list[tuple[int, dict[str, str]]]]:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        msg = f"{path.name}: not UTF-8 text; save the spreadsheet as 'CSV UTF-8'"
        raise CsvError(msg) from None
    except OSError as error:
        msg = f"{path}: cannot read: {error.strerror}"
        raise CsvError(msg) from None
    if not text.strip():
        msg = f"{path.name}: the file is empty"
        raise CsvError(msg)
    first_line = text.splitlines()[0]
    delimiter = max((";", ",", "\t"), key=first_line.count)
    reader = csv.DictReader(io.StringIO(text), delimiter=delimiter)
    columns = [c.strip() for c in reader.fieldnames or []]
    reader.fieldnames = columns
    rows = []
    for number, row in enumerate(reader, start=2):
        if None in row:
            msg = f"{_where(path.name, number)}: more cells than columns in the header"
            raise CsvError(msg)
        if any((v or "").strip() for v in row.values()):
            rows.append((number, row))
    return columns, rows


def read_csv(path: Path, variables: Variables) -> list[dict[str, Any]]:
    """The test cases of a spreadsheet: a list of {comment: [lines], test: {…}}."""
    columns, rows = _open_rows(path)
    _check_columns(columns, variables, path.name)
    cases: list[_Case] = []
    names: set[str] = set()
    for number, row in rows:
        name = (row.get("test") or "").strip()
        if not name:
            msg = f"{_where(path.name, number, 'test')}: empty; every row names its test"
            raise CsvError(msg)
        if not cases or cases[-1].name != name:
            if name in names:
                msg = f"{_where(path.name, number, 'test')}: the rows of test '{name}' must be consecutive"
                raise CsvError(msg)
            names.add(name)
            cases.append(_Case(name=name, first_row=number, header={}))
        _read_row(cases[-1], row, number, path.name, variables)
    if not cases:
        msg = f"{path.name}: no test rows under the header"
        raise CsvError(msg)
    return [_finish(case, path.name) for case in cases]


class _Dumper(yaml.SafeDumper):
    def ignore_aliases(self, data: Any) -> bool:
        return True


def to_yaml(cases: Iterable[dict[str, Any]], source: str) -> str:
    """OpenFisca YAML with each test's comment written above it."""
    parts = [
        f"# Generated by tools/csv_to_yaml_tests.py from {source}. Edit the spreadsheet, not this file.\n"
    ]
    for case in cases:
        parts.append("\n")
        parts.extend(f"# {line}\n" for line in case["comment"])
        parts.append(
            yaml.dump([case["test"]], Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=110)
        )
    return "".join(parts)


def _cells(values: dict[str, Any], prefix: str, where: str) -> dict[str, Any]:
    cells = {}
    for name, value in values.items():
        if isinstance(value, dict):
            for period, item in value.items():
                cells[f"{prefix}{name}@{period}"] = item
        elif isinstance(value, list):
            msg = f"{where}: '{name}' is a list; the spreadsheet form needs one value per person"
            raise CsvError(msg)
        else:
            cells[f"{prefix}{name}"] = value
    return cells


def _format_cell(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _spread_lists(
    output: dict[str, Any], persons: list[str], expected_persons: dict, variables: Variables
) -> None:
    """Person results given as a list (in the order of the persons) go to each person's row."""
    for name in [n for n, v in output.items() if isinstance(v, list)]:
        values = output[name]
        if variables.entity.get(name) == "person" and len(values) == len(persons):
            for pid, value in zip(persons, output.pop(name), strict=True):
                expected_persons.setdefault(pid, {})[name] = value
        elif len(values) == 1:
            output[name] = values[0]


def yaml_to_rows(path: Path, variables: Variables | None = None) -> tuple[list[str], list[dict[str, str]]]:
    """The spreadsheet form of a YAML test file whose tests list persons and one household."""
    variables = variables or Variables.load()
    from openfisca_kz_asp.provisions.links import read_yaml_file  # noqa: PLC0415

    rows: list[dict[str, Any]] = []
    columns: list[str] = list(RESERVED)
    for test in read_yaml_file(path, path.parent):
        where = f"{path.name}:{test.line} '{test.name}'"
        persons = (test.input or {}).get("persons")
        households = (test.input or {}).get("households") or {}
        if not isinstance(persons, dict) or len(households) != 1:
            msg = f"{where}: only tests with 'persons' and exactly one household can become a spreadsheet"
            raise CsvError(msg)
        group = dict(next(iter(households.values())) or {})
        roles = {p: "applicant" for p in group.pop("applicants", []) or []}
        roles.update({p: "member" for p in group.pop("members", []) or []})
        output = dict(test.output or {})
        expected_persons = {pid: dict(v or {}) for pid, v in (output.pop("persons", {}) or {}).items()}
        _spread_lists(output, list(persons), expected_persons, variables)
        household_cells = _cells(group, "", where) | _cells(output, "expected:", where)
        for index, (pid, values) in enumerate(persons.items()):
            row: dict[str, Any] = {"person": pid, "role": roles.get(pid, "member")}
            row |= _cells(values or {}, "", where) | _cells(
                expected_persons.get(pid) or {}, "expected:", where
            )
            row["test"] = test.name
            if index == 0:
                margin = (
                    test_margin if (test_margin := _margin(path, test.index)) is not None else DEFAULT_MARGIN
                )
                row |= {
                    "provisions": " ".join(test.keywords),
                    "period": test.period,
                    "comment": " | ".join(test.comments),
                    "error_margin": margin,
                } | household_cells
            columns.extend(c for c in row if c not in columns)
            rows.append(row)
    return columns, [{c: _format_cell(r[c]) if c in r else "" for c in columns} for r in rows]


def _margin(path: Path, index: int) -> Any:
    content = yaml.safe_load(path.read_text(encoding="utf-8"))
    case = content[index] if isinstance(content, list) else content
    return case.get("absolute_error_margin")


def write_csv(columns: list[str], rows: list[dict[str, str]]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="csv_to_yaml_tests.py", description="Spreadsheet (CSV) of test cases → OpenFisca YAML tests."
    )
    parser.add_argument("input", type=Path, help="the CSV file (or, with --to-csv, a YAML test file)")
    parser.add_argument("-o", "--output", type=Path, help="file to write (default: print)")
    parser.add_argument(
        "--to-csv", action="store_true", help="convert a YAML test file into the spreadsheet form"
    )
    args = parser.parse_args(argv)
    try:
        if args.to_csv:
            text = write_csv(*yaml_to_rows(args.input))
        else:
            text = to_yaml(read_csv(args.input, Variables.load()), args.input.name)
    except (CsvError, ValueError) as error:
        print(f"csv_to_yaml_tests: error: {error}", file=sys.stderr)
        return 2
    if args.output:
        args.output.parent.mkdir(parents=True, exist_ok=True)
        args.output.write_text(text, encoding="utf-8")
        print(f"Wrote {args.output}", file=sys.stderr)
    else:
        sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
