"""A YAML test turned into plain rows for the site: the family, the inputs, the expected result."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from openfisca_kz_asp.provisions.links import YamlTest

PERSONS = "persons"
GROUPS = ("households",)
ROLE_KEYS = ("applicant", "applicants", "member", "members")


SPAN = re.compile(r"^month:(\d{4})-(\d{2}):(\d+)$")


def format_period(period: Any) -> str:
    """'month:2023-04:3' -> '2023-04 … 2023-06 (3 months)'; other periods unchanged."""
    match = SPAN.match(str(period))
    if not match:
        return str(period)
    year, month, count = (int(g) for g in match.groups())
    last = year * 12 + month - 1 + count - 1
    end = f"{last // 12}-{last % 12 + 1:02d}"
    return f"{year}-{month:02d} … {end} ({count} months)" if count > 1 else f"{year}-{month:02d}"


def format_value(value: Any) -> str:
    """A readable form of a test value: periods on separate lines, lists comma-separated."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "—"
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int):
        return f"{value:,}".replace(",", " ")
    if isinstance(value, dict):
        return "\n".join(f"{format_period(key)}: {format_value(item)}" for key, item in value.items())
    if isinstance(value, (list, tuple)):
        return ", ".join(format_value(item) for item in value)
    return str(value)


@dataclass
class Row:
    """One line of a table: who (person or household id), which variable, what value."""

    variable: str
    value: str
    who: str = ""


@dataclass
class TestView:
    test: YamlTest
    persons: list[tuple[str, str, list[Row]]] = field(default_factory=list)  # (id, role, inputs)
    groups: list[tuple[str, str, list[Row]]] = field(default_factory=list)  # (id, members text, inputs)
    inputs: list[Row] = field(default_factory=list)  # flat inputs (single-entity tests)
    outputs: list[Row] = field(default_factory=list)


def _rows(values: Any, who: str = "") -> list[Row]:
    if not isinstance(values, dict):
        return []
    return [Row(str(name), format_value(value), who) for name, value in values.items()]


def _roles(group: dict[str, Any]) -> dict[str, str]:
    roles = {}
    for key in ROLE_KEYS:
        members = group.get(key)
        for member in members if isinstance(members, list) else [members] if members else []:
            roles[str(member)] = key.rstrip("s")
    return roles


def view(test: YamlTest, entities: dict[str, str] | None = None) -> TestView:
    """Split a test's input and output into tables a reviewer can read.

    ``entities`` maps variable names to their entity key, so that a list of values of a person
    variable is shown person by person (OpenFisca lists them in the order of the input persons).
    """
    entities = entities or {}
    result = TestView(test=test)
    data = test.input if isinstance(test.input, dict) else {}
    if PERSONS in data or any(group in data for group in GROUPS):
        roles: dict[str, str] = {}
        for plural in GROUPS:
            for gid, given in (data.get(plural) or {}).items():
                group = given or {}
                group_roles = _roles(group)
                roles.update(group_roles)
                members = ", ".join(f"{pid} ({role})" for pid, role in group_roles.items())
                inputs = {k: v for k, v in group.items() if k not in ROLE_KEYS}
                result.groups.append((str(gid), members, _rows(inputs, str(gid))))
        for pid, person in (data.get(PERSONS) or {}).items():
            result.persons.append((str(pid), roles.get(str(pid), ""), _rows(person or {}, str(pid))))
    else:
        result.inputs = _rows(data)
    output = test.output if isinstance(test.output, dict) else {}
    for name, value in output.items():
        if name == PERSONS or name in GROUPS:
            for who, values in (value or {}).items():
                result.outputs.extend(_rows(values, str(who)))
        elif isinstance(value, list) and entities.get(name) == "person" and len(value) == len(result.persons):
            for (pid, _, _), item in zip(result.persons, value, strict=True):
                result.outputs.append(Row(str(name), format_value(item), pid))
        else:
            result.outputs.append(Row(str(name), format_value(value)))
    return result
