"""Reforms of any parameter, without code: a list of changes ``PATH=VALUE@START[..END]``.

An analyst tests a change of any leaf of the parameter tree from a date, PolicyEngine-style,
without writing a :class:`~openfisca_core.reforms.Reform` class::

    asp.poverty_line.rate=0.8@2025-01-01                        # from 1 January 2025 on
    asp.child_supplement.amount_mrp=3@2025-01..2025-12          # for 2025 only
    asp.poverty_line.published.astana=0@2026-01-01:2026-03-31   # another way to write the end

This module is the one implementation behind every entry point: ``simulate --set`` and
``--reform-file`` (and ``calculate --set``), the Python API (``simulate(parameter_changes=...)``,
:func:`reformed_system`) and the web API (the body field ``reform_parameters``). Each of them reads
the changes into :class:`ParameterChange` objects with :func:`validated`, which checks them all
against the parameter tree and raises one :class:`ParameterChangeError` listing every problem:

* the path must name a leaf (an unknown name gets the nearest names; a group gets its children);
* the value must fit the leaf's unit (``unit`` in its metadata): a share (``/1``) from 0 to 1, an
  amount in KZT from 0 to 1,000,000 a month, MRP multiples from 0 to 100, ages in years from 0 to
  120, whole months from 0 to 120, true or false for a rule that applies or not;
* the dates are days (``YYYY-MM-DD``, or ``YYYY-MM`` for the month's first or last day); ASP is
  computed by month, so a change starts on the first day of a month and ends on the last day of one
  (or holds to the end of the coverage window when no end is given); both fall in the coverage
  window of :mod:`openfisca_kz_asp.coverage` (the statistical minimum from 2017-01, the first month
  of its table, since the line of January 2018 uses the fourth quarter of 2017);
* two changes of one parameter may not overlap (which one wins would be a guess).

The validated list has one canonical text (:attr:`ParametricReform.key`: the changes sorted by
parameter and start, values and dates written one way, joined by ``;``). That text is the name of
the reform wherever a reform is named: :func:`openfisca_kz_asp.reform_registry.system_with_reform`
accepts it beside the registry's names and builds the system once per process in the one cache of
reformed systems; the microsimulation uses it as the scenario's name (so a Dask worker rebuilds the
same system from the name alone); ``0.80`` and ``0.8``, ``2025-01`` and ``2025-01-01`` give the
same system.

The statistical subsistence minimum (``general.subsistence_minimum_statistical.monthly.*`` and
``.quarterly.*``) is read by :mod:`openfisca_kz_asp.subsistence_minimum` as published points, one
value per month (per quarter), not as values in force until the next date. A change of one of those
leaves therefore sets every month (quarter) from its start to its end (or to the end of the window)
to the value, as if the Bureau had published it; the table of minima is rebuilt for the reformed
tree (it is cached by the identity of that node). A reform that leaves the minimum alone shares the
baseline's node, so its table is not rebuilt (0.8 s) nor kept twice.

Every change is described in words with the leaf's label in kk, ru or en (:func:`describe_change`),
e.g. "Poverty line, share of the subsistence minimum: 0.7 → 0.8 from 1 January 2025"; the texts are
in ``openfisca_kz_asp/i18n_texts/*.yaml`` under ``reform``.
"""

from __future__ import annotations

import calendar
import datetime
import difflib
import functools
import itertools
import math
import numbers
import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from openfisca_core import periods
from openfisca_core.parameters import Parameter, ParameterAtInstant, ParameterNode
from openfisca_core.reforms import Reform
from openfisca_core.taxbenefitsystems import TaxBenefitSystem

from openfisca_kz_asp import coverage
from openfisca_kz_asp import subsistence_minimum as minimum_table
from openfisca_kz_asp.contract.languages import LANGUAGES, format_number
from openfisca_kz_asp.i18n_texts import shown, text
from openfisca_kz_asp.reform_registry import UnknownReformError
from openfisca_kz_asp.subsistence_minimum import month_label, month_number

SEPARATOR = ";"
"""Between the changes of one reform in its canonical text."""
MAX_CHANGES = 50
"""Changes in one reform (a request or a file)."""
MAX_PATH = 200

MINIMUM_NODE = "general.subsistence_minimum_statistical"
POINT_NODES = {f"{MINIMUM_NODE}.monthly": 1, f"{MINIMUM_NODE}.quarterly": 3}
"""Nodes whose leaves hold one value per month (1) or per quarter (3): see the module's docstring."""


@dataclass(frozen=True)
class UnitRule:
    """What a leaf with this ``unit`` accepts: true/false, or a number in ``[low, high]``."""

    kind: str  # "bool" or "number"
    low: float = 0.0
    high: float = 0.0
    whole: bool = False
    words: str = ""  # key of the unit's words in the i18n texts (reform.unit.<words>)


UNITS: dict[str, UnitRule] = {
    "bool": UnitRule("bool", words="bool"),
    "/1": UnitRule("number", 0.0, 1.0, words="share"),
    "currency-KZT": UnitRule("number", 0.0, 1_000_000.0, words="kzt"),
    "MRP": UnitRule("number", 0.0, 100.0, words="mrp"),
    "year": UnitRule("number", 0.0, 120.0, words="year"),
    "month": UnitRule("number", 0.0, 120.0, whole=True, words="month"),
}
"""The sane range of each unit of the tree. An amount above 1,000,000 KZT a month, a share above 1
or an age above 120 is a typing error, not a reform; a unit not listed here cannot be changed (its
values could not be checked)."""

_WHEN = re.compile(r"^(?P<start>\d{4}-\d{2}(?:-\d{2})?)(?:(?:\.\.|:|\.)(?P<end>\d{4}-\d{2}(?:-\d{2})?))?$")
_TEXT = re.compile(r"^\s*(?P<path>[^=\s]+)\s*=\s*(?P<value>[^@]*?)\s*(?:@\s*(?P<when>\S*))?\s*$")


# --------------------------------------------------------------------------------------------- errors


@dataclass(frozen=True)
class _Local:
    """A part of a message written in the message's language: a unit's words, a label, a number."""

    kind: str  # "unit", "label" or "number"
    data: Any
    decimals: int = 6

    def shown(self, lang: str) -> str:
        if self.kind == "unit":
            return text(f"reform.unit.{self.data}", lang)
        if self.kind == "label":
            return label_of(self.data, lang)
        return format_number(float(self.data), lang, decimals=self.decimals)


@dataclass(frozen=True)
class Problem:
    """One problem of one change: the change's position, the part at fault and the message's code."""

    index: int | None  # position of the change in the list given (None: the list itself)
    part: str  # "parameter", "value", "start", "end" or "" (the change as a whole)
    code: str  # key of the message in the i18n texts: reform.<code>
    params: dict[str, Any] = field(default_factory=dict)

    def message(self, lang: str = "en") -> str:
        params = {
            k: v.shown(lang) if isinstance(v, _Local) else v for k, v in self.params.items() if k != "_where"
        }
        return text(f"reform.{self.code}", lang, **params)

    def location(self, prefix: str = "reform_parameters") -> str:
        """Where the problem is, as a path in a JSON body: ``reform_parameters/0/value``."""
        parts = [prefix] if prefix else []
        if self.index is not None:
            parts.append(str(self.index))
        if self.part:
            parts.append(self.part)
        return "/".join(parts)


class ParameterChangeError(UnknownReformError):
    """Parameter changes that do not fit the tree: ``problems`` lists each one (all of them).

    A subclass of :class:`~openfisca_kz_asp.reform_registry.UnknownReformError`, so every place that
    reports a bad reform reports these too; ``str()`` is every message in English.
    """

    def __init__(self, problems: list[Problem], name: str = "") -> None:
        self.problems = problems
        super().__init__("; ".join(p.message("en") for p in problems), "bad_parameter_change", name)

    def messages(self, lang: str = "en") -> list[str]:
        return [p.message(lang) for p in self.problems]

    def api_errors(self, lang: str = "en", prefix: str = "reform_parameters") -> list[dict[str, Any]]:
        """The problems as the API's ``errors`` entries: ``{"path", "code", "message"}``."""
        return [
            {"path": p.location(prefix), "code": p.code, "message": p.message(lang)} for p in self.problems
        ]


# -------------------------------------------------------------------------------------------- changes


@dataclass(frozen=True, order=True)
class ParameterChange:
    """One validated change: ``parameter`` takes ``value`` from ``start`` to ``end`` (inclusive; None =
    to the end of the coverage window). Dates are ``YYYY-MM-DD``."""

    parameter: str
    start: str
    end: str | None
    value: float | int | bool

    def as_text(self) -> str:
        """``asp.poverty_line.rate=0.8@2025-01-01`` (with ``..END`` when it ends)."""
        end = f"..{self.end}" if self.end else ""
        return f"{self.parameter}={_value_text(self.value)}@{self.start}{end}"

    def as_dict(self) -> dict[str, Any]:
        return {"parameter": self.parameter, "value": self.value, "start": self.start, "end": self.end}


@dataclass(frozen=True)
class ParametricReform:
    """Validated changes (in canonical order), with an optional title and description (from a file)."""

    changes: tuple[ParameterChange, ...]
    title: str = ""
    description: str = ""

    @property
    def key(self) -> str:
        """The canonical text: the name of this reform in every cache, scenario and answer."""
        return SEPARATOR.join(change.as_text() for change in self.changes)

    def as_list(self) -> list[dict[str, Any]]:
        return [change.as_dict() for change in self.changes]


@dataclass(frozen=True)
class _Raw:
    """A change as given, before it is checked: the fields as they came, and where it came from."""

    index: int
    parameter: Any
    value: Any
    start: Any
    end: Any = None
    from_text: bool = False  # the value is text to read (the CLI), not a JSON/YAML/Python value


def _value_text(value: float | int | bool) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return format(value, ".15g")


def is_parametric(name: object) -> bool:
    """Whether a reform name is a list of parameter changes (it has ``=``), not a registry name."""
    return isinstance(name, str) and "=" in name


def parse_text(spec: str, *, first_index: int = 0) -> list[_Raw]:
    """The changes of a text ``PATH=VALUE@START[..END]`` (several separated by ``;``), unchecked."""
    raws, problems = [], []
    pieces = [piece for piece in spec.split(SEPARATOR) if piece.strip()]
    for offset, piece in enumerate(pieces):
        index = first_index + offset
        match = _TEXT.match(piece)
        if match is None:
            problems.append(Problem(index, "", "bad_syntax", {"got": shown(piece.strip())}))
            continue
        when = match["when"] or ""
        start, _, end = _split_when(when)
        raws.append(_Raw(index, match["path"], match["value"], start or None, end or None, from_text=True))
    if problems:
        raise ParameterChangeError(problems)
    return raws


def _split_when(when: str) -> tuple[str, str, str]:
    """``2025-01-01..2025-12-31`` → (start, "..", end); a text that is not two dates stays the start."""
    match = _WHEN.match(when)
    if match is None:
        return when, "", ""
    return match["start"], "..", match["end"] or ""


def raw_changes(spec: object) -> list[_Raw]:
    """The changes given in any of the accepted forms, unchecked (their form is checked here).

    * a text ``PATH=VALUE@START[..END]``, several separated by ``;``;
    * a mapping ``{PATH: {START: VALUE}}`` (PolicyEngine's form; ``START..END`` or ``START.END`` as
      the key for a change that ends; several dates for one parameter);
    * a list of texts and/or objects ``{"parameter", "value", "start", "end"}``;
    * a :class:`ParametricReform` or :class:`ParameterChange`.
    """
    if isinstance(spec, ParametricReform):
        return [_Raw(i, c.parameter, c.value, c.start, c.end) for i, c in enumerate(spec.changes)]
    if isinstance(spec, ParameterChange):
        return [_Raw(0, spec.parameter, spec.value, spec.start, spec.end)]
    if isinstance(spec, str):
        return parse_text(spec)
    if isinstance(spec, Mapping):
        return _from_mapping(spec)
    if isinstance(spec, list | tuple):
        return _from_list(spec)
    raise ParameterChangeError([Problem(None, "", "not_list", {"got": shown(spec)})])


def _from_mapping(spec: Mapping[Any, Any]) -> list[_Raw]:
    raws, problems = [], []
    index = 0
    for path, dated in spec.items():
        if isinstance(dated, Mapping) and dated:
            for when, value in dated.items():
                start, _, end = _split_when(_date_text(when))
                raws.append(_Raw(index, path, value, start or None, end or None))
                index += 1
        else:
            example = f"{{{shown(path)}: {{'2025-01-01': {shown(dated)}}}}}"
            problems.append(
                Problem(index, "start", "missing_date", {"path": shown(path), "example": example})
            )
            index += 1
    if problems:
        raise ParameterChangeError(problems)
    return raws


FIELDS = ("parameter", "value", "start", "end")


def _from_list(spec: list[Any] | tuple[Any, ...]) -> list[_Raw]:
    raws, problems = [], []
    for index, item in enumerate(spec):
        if isinstance(item, ParameterChange):
            raws.append(_Raw(index, item.parameter, item.value, item.start, item.end))
        elif isinstance(item, str):
            try:
                raws += parse_text(item, first_index=index)
            except ParameterChangeError as error:
                problems += error.problems
        elif isinstance(item, Mapping):
            unknown = [key for key in item if key not in FIELDS]
            problems += [
                Problem(index, str(key)[:40], "unknown_field", {"field": shown(key)}) for key in unknown
            ]
            missing = [key for key in ("parameter", "value", "start") if key not in item]
            problems += [Problem(index, key, "missing_field", {"field": key}) for key in missing]
            if not unknown and not missing:
                raws.append(_Raw(index, item["parameter"], item["value"], item["start"], item.get("end")))
        else:
            problems.append(Problem(index, "", "not_object", {"got": shown(item)}))
    if problems:
        raise ParameterChangeError(problems)
    return raws


# --------------------------------------------------------------------------------------- validation


def validated(
    system_or_parameters: TaxBenefitSystem | ParameterNode,
    spec: object,
    *,
    title: str = "",
    description: str = "",
) -> ParametricReform:
    """The changes of ``spec`` (any form of :func:`raw_changes`) checked against the baseline tree.

    Raises :class:`ParameterChangeError` listing every problem found.
    """
    parameters = _parameters(system_or_parameters)
    if isinstance(spec, ParametricReform):
        title, description = title or spec.title, description or spec.description
    raws = raw_changes(spec)
    if not raws:
        raise ParameterChangeError([Problem(None, "", "empty")])
    if len(raws) > MAX_CHANGES:
        raise ParameterChangeError([Problem(None, "", "too_many", {"count": len(raws), "max": MAX_CHANGES})])
    changes, problems = [], []
    for raw in raws:
        change, found = _check(parameters, raw)
        problems += found
        if change is not None:
            changes.append((raw.index, change))
    problems += _overlaps(changes)
    if problems:
        raise ParameterChangeError(problems)
    return ParametricReform(tuple(sorted(change for _, change in changes)), title, description)


def _parameters(system_or_parameters: TaxBenefitSystem | ParameterNode) -> ParameterNode:
    if isinstance(system_or_parameters, TaxBenefitSystem):
        return system_or_parameters.parameters
    return system_or_parameters


def _check(parameters: ParameterNode, raw: _Raw) -> tuple[ParameterChange | None, list[Problem]]:
    problems: list[Problem] = []
    path = raw.parameter
    if not isinstance(path, str) or not path.strip():
        return None, [Problem(raw.index, "parameter", "not_text", {"field": "parameter", "got": shown(path)})]
    path = path.strip()
    leaf, problem = find_leaf(parameters, path, raw.index)
    if problem is not None:
        return None, [problem]
    assert leaf is not None
    unit = (leaf.metadata or {}).get("unit")
    rule = UNITS.get(str(unit))
    if rule is None:
        return None, [Problem(raw.index, "parameter", "no_unit", {"path": path})]
    value, problem = _check_value(rule, raw, path, leaf)
    if problem is not None:
        problems.append(problem)
    start, end, found = _check_dates(path, raw)
    problems += found
    if problems or value is None or start is None:
        return None, problems
    return ParameterChange(path, start, end, value), []


def find_leaf(
    parameters: ParameterNode, path: str, index: int | None = None
) -> tuple[Parameter | None, Problem | None]:
    """The leaf ``path`` of the tree, or the problem: an unknown name (with the nearest names), a
    group (with its children), a scale."""
    if len(path) > MAX_PATH:
        return None, Problem(index, "parameter", "unknown_parameter", {"path": shown(path), "nearest": "-"})
    node: Any = parameters
    for key in path.split("."):
        children = getattr(node, "children", None)
        if not isinstance(children, dict) or key not in children:
            nearest = ", ".join(nearest_names(parameters, path))
            return None, Problem(index, "parameter", "unknown_parameter", {"path": path, "nearest": nearest})
        node = children[key]
    if isinstance(node, ParameterNode):
        children = ", ".join(f"{path}.{key}" for key in node.children)
        return None, Problem(index, "parameter", "parameter_is_node", {"path": path, "children": children})
    if not isinstance(node, Parameter):
        return None, Problem(index, "parameter", "not_a_value", {"path": path})
    return node, None


@functools.lru_cache(maxsize=4)
def _leaf_names(parameters: ParameterNode) -> tuple[str, ...]:
    return tuple(p.name for p in parameters.get_descendants() if isinstance(p, Parameter))


def nearest_names(parameters: ParameterNode, path: str, n: int = 5) -> list[str]:
    """The leaves nearest to ``path`` (difflib), else those whose last part is nearest, else the
    children of the deepest node that ``path`` names."""
    names = _leaf_names(parameters)
    found = difflib.get_close_matches(path, names, n=n, cutoff=0.6)
    if not found:
        last = path.rsplit(".", 1)[-1]
        tails = difflib.get_close_matches(last, [name.rsplit(".", 1)[-1] for name in names], n=n, cutoff=0.7)
        found = [name for name in names if name.rsplit(".", 1)[-1] in tails][:n]
    if not found:
        node: Any = parameters
        prefix: list[str] = []
        for key in path.split("."):
            children = getattr(node, "children", None)
            if not isinstance(children, dict) or key not in children:
                break
            node, prefix = children[key], [*prefix, key]
        found = [".".join([*prefix, key]) for key in getattr(node, "children", {})][: n * 2]
    return found


def _check_value(
    rule: UnitRule, raw: _Raw, path: str, leaf: Parameter
) -> tuple[float | int | bool | None, Problem | None]:
    if rule.kind == "bool":
        return _check_bool(raw, path, leaf)
    number = _read_number(raw)
    units = _Local("unit", rule.words)
    if number is None:
        params = {"path": path, "unit": units, "got": shown(raw.value)}
        return None, Problem(raw.index, "value", "not_number", params)
    if not rule.low <= number <= rule.high:
        params = {
            "path": path,
            "got": _Local("number", number),
            "min": _Local("number", rule.low),
            "max": _Local("number", rule.high),
            "unit": units,
        }
        return None, Problem(raw.index, "value", f"out_of_range_{rule.words}", params)
    if rule.whole and not number.is_integer():
        params = {"path": path, "unit": units, "got": _Local("number", number)}
        return None, Problem(raw.index, "value", "not_whole", params)
    return (int(number) if rule.whole else number), None


def _check_bool(raw: _Raw, path: str, leaf: Parameter) -> tuple[bool | None, Problem | None]:
    """true or false: a JSON/YAML/Python boolean, or the words ``true``/``false`` on the command line."""
    got = raw.value
    if raw.from_text and isinstance(got, str) and got.strip().lower() in ("true", "false"):
        return got.strip().lower() == "true", None
    if isinstance(got, bool):
        return got, None
    params = {"path": path, "label": _Local("label", leaf), "got": shown(got)}
    return None, Problem(raw.index, "value", "not_bool", params)


def _read_number(raw: _Raw) -> float | None:
    """A finite number: a number (not a boolean), or a text that is one on the command line."""
    got = raw.value
    number: float | None = None
    if raw.from_text and isinstance(got, str):
        try:
            number = float(got.strip())
        except ValueError:
            return None
    elif isinstance(got, numbers.Real) and not isinstance(got, bool):
        number = float(got)
    return number if number is not None and math.isfinite(number) else None


def _month_start(date: datetime.date) -> datetime.date:
    return date.replace(day=1)


def _month_end(date: datetime.date) -> datetime.date:
    return date.replace(day=calendar.monthrange(date.year, date.month)[1])


def _date_text(value: object) -> str:
    if isinstance(value, datetime.datetime):
        return value.date().isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value if isinstance(value, str) else ""


def _read_date(value: object, *, is_end: bool) -> datetime.date | None:
    """A date from ``YYYY-MM-DD``, a date object, or ``YYYY-MM`` (its first day, or last for an end)."""
    written = _date_text(value).strip()
    try:
        if re.fullmatch(r"\d{4}-\d{2}", written):
            first = datetime.date.fromisoformat(written + "-01")
            return _month_end(first) if is_end else first
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", written):
            return datetime.date.fromisoformat(written)
    except ValueError:
        return None
    return None


def _window(path: str) -> tuple[datetime.date, datetime.date]:
    """First and last day a change of ``path`` may touch."""
    first = minimum_table.FIRST_MONTH if _point_step(path) else coverage.FIRST_MONTH
    last = _month_end(datetime.date.fromisoformat(coverage.LAST_MONTH + "-01"))
    return datetime.date.fromisoformat(first + "-01"), last


def _point_step(path: str) -> int:
    """1 or 3 for a leaf of a node holding one value per month or quarter; 0 for any other leaf."""
    return POINT_NODES.get(path.rsplit(".", 1)[0], 0)


def _check_dates(path: str, raw: _Raw) -> tuple[str | None, str | None, list[Problem]]:
    """The change's first and last day (None: to the end of the window), or its problems."""
    example = f"{path}={raw.value if raw.from_text else shown(raw.value)}@2025-01-01"
    if raw.start is None or (isinstance(raw.start, str) and not raw.start.strip()):
        return None, None, [Problem(raw.index, "start", "missing_date", {"path": path, "example": example})]
    start = _read_date(raw.start, is_end=False)
    end = None if raw.end is None else _read_date(raw.end, is_end=True)
    problems = []
    if start is None:
        problems.append(Problem(raw.index, "start", "bad_date", {"path": path, "got": shown(raw.start)}))
    if raw.end is not None and end is None:
        problems.append(Problem(raw.index, "end", "bad_date", {"path": path, "got": shown(raw.end)}))
    if problems or start is None:
        return None, None, problems
    problems = _outside_window(path, raw.index, start, end)
    if not problems:
        problems = _not_whole_months(path, raw.index, start, end)
    if not problems and end is not None and end < start:
        params = {"path": path, "start": start.isoformat(), "end": end.isoformat()}
        problems.append(Problem(raw.index, "end", "end_before_start", params))
    if problems:
        return None, None, problems
    return start.isoformat(), None if end is None else end.isoformat(), []


def _outside_window(path: str, index: int, start: datetime.date, end: datetime.date | None) -> list[Problem]:
    first, last = _window(path)
    window = {"path": path, "first": first.isoformat(), "last": last.isoformat()}
    problems = []
    if not first <= start <= last:
        problems.append(Problem(index, "start", "start_outside", {**window, "date": start.isoformat()}))
    if end is not None and not first <= end <= last:
        problems.append(Problem(index, "end", "end_outside", {**window, "date": end.isoformat()}))
    return problems


def _not_whole_months(
    path: str, index: int, start: datetime.date, end: datetime.date | None
) -> list[Problem]:
    """A change starts on a month's first day and ends on a month's last (a quarter's, for a leaf
    holding one value per quarter)."""
    problems = []
    if _point_step(path) == 3:
        if start.day != 1 or (start.month - 1) % 3:
            problems.append(Problem(index, "start", "not_quarter", {"path": path, "date": start.isoformat()}))
        if end is not None and (end != _month_end(end) or end.month % 3):
            problems.append(Problem(index, "end", "not_quarter", {"path": path, "date": end.isoformat()}))
        return problems
    if start.day != 1:
        after = (_month_end(start) + datetime.timedelta(days=1)).isoformat()
        params = {"path": path, "date": start.isoformat(), "before": _month_start(start).isoformat()}
        problems.append(Problem(index, "start", "not_month_start", {**params, "after": after}))
    if end is not None and end != _month_end(end):
        params = {"path": path, "date": end.isoformat(), "suggestion": _month_end(end).isoformat()}
        problems.append(Problem(index, "end", "not_month_end", params))
    return problems


def _overlaps(changes: list[tuple[int, ParameterChange]]) -> list[Problem]:
    problems = []
    by_path: dict[str, list[tuple[int, ParameterChange]]] = {}
    for index, change in changes:
        by_path.setdefault(change.parameter, []).append((index, change))
    for path, listed in by_path.items():
        listed.sort(key=lambda item: item[1].start)
        for (_, before), (index, after) in itertools.pairwise(listed):
            if before.end is None or before.end >= after.start:
                params = {"path": path, "first": _span(before), "second": _span(after)}
                problems.append(Problem(index, "start", "overlap", params))
    return problems


def _span(change: ParameterChange) -> str:
    return f"{change.start}..{change.end or ''}"


# ----------------------------------------------------------------------------------- building reforms


def reform_class(system: TaxBenefitSystem, reform: ParametricReform) -> type[Reform]:
    """A Reform class applying the validated ``reform`` (checked against ``system``'s tree)."""
    changes = reform.changes
    baseline_minimum = _node(system.parameters, MINIMUM_NODE)
    touches_minimum = any(change.parameter.startswith(MINIMUM_NODE + ".") for change in changes)
    summary = describe(system, reform, "en")

    class parametric_reform(Reform):
        __doc__ = summary
        name = reform.title or summary

        def apply(self) -> None:
            def modify(parameters: ParameterNode) -> ParameterNode:
                for change in changes:
                    leaf = _node(parameters, change.parameter)
                    step = _point_step(change.parameter)
                    if step:
                        _set_points(leaf, change, step)
                    else:
                        stop = periods.instant(change.end) if change.end else None
                        leaf.update(start=periods.instant(change.start), stop=stop, value=change.value)
                if not touches_minimum:  # same node as the baseline: its table is not built again
                    parent_path, _, key = MINIMUM_NODE.rpartition(".")
                    parent = _node(parameters, parent_path)
                    parent.children[key] = baseline_minimum
                    setattr(parent, key, baseline_minimum)
                return parameters

            self.modify_parameters(modifier_function=modify)

    return parametric_reform


def _node(parameters: ParameterNode, path: str) -> Any:
    node: Any = parameters
    for key in path.split("."):
        node = node.children[key]
    return node


def _month_number(date: str) -> int:
    return month_number(date[:7])


def _first_day(number: int) -> str:
    return month_label(number) + "-01"


def _set_points(leaf: Parameter, change: ParameterChange, step: int) -> None:
    """Every month (quarter) of the change gets its own published value; the one after it keeps its
    value, or has none (null) if it had none, so that the value does not run on."""
    first = _month_number(change.start)
    last = _month_number(change.end or coverage.LAST_MONTH + "-01")
    points = {at.instant_str: at for at in leaf.values_list}
    for number in range(first, last + 1, step):
        day = _first_day(number)
        points[day] = ParameterAtInstant(f"{leaf.name}[{day}]", day, data={"value": change.value})
    after = _first_day(last - (last - first) % step + step)
    if change.end and after not in points:
        points[after] = ParameterAtInstant(f"{leaf.name}[{after}]", after, data={"value": None})
    leaf.values_list = [points[day] for day in sorted(points, reverse=True)]


def build_system(system: TaxBenefitSystem, spec: object) -> TaxBenefitSystem:
    """``system`` with the changes applied, built now (no cache: use :func:`reformed_system`)."""
    reform = validated(system, spec)
    return reform_class(system, reform)(system)


def reformed_system(system: TaxBenefitSystem, spec: object) -> TaxBenefitSystem:
    """``system`` with the parameter changes ``spec`` applied (any form of :func:`raw_changes`).

    Built once per process, system and canonical change list, in the one cache of reformed systems
    (:func:`openfisca_kz_asp.reform_registry.system_with_reform`). Raises :class:`ParameterChangeError`.
    """
    from openfisca_kz_asp.reform_registry import system_with_reform  # noqa: PLC0415

    return system_with_reform(system, validated(system, spec).key)


def load_reform_file(path: str | Path, system: TaxBenefitSystem | None = None) -> ParametricReform:
    """The reform in a YAML (or JSON) file, validated against ``system``'s tree (the package's).

    The file is either a list of changes, or a mapping with ``changes`` (that list) and optionally
    ``name`` and ``description``::

        name: Poverty line at 80% of the minimum
        description: The rate of Order 160 raised from 70% to 80% from 2025.
        changes:
          - parameter: asp.poverty_line.rate
            value: 0.8
            start: 2025-01-01
            # end: 2025-12-31   (optional, inclusive)

    Raises :class:`ParameterChangeError` (problems of the file's form or of its changes).
    """
    import yaml  # noqa: PLC0415

    path = Path(path)
    name = path.name
    try:
        content = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise ParameterChangeError(
            [Problem(None, "", "file_error", {"file": name, "detail": error.strerror or str(error)})]
        ) from None
    except yaml.YAMLError as error:
        detail = str(error).replace("\n", " ")[:300]
        raise ParameterChangeError(
            [Problem(None, "", "file_error", {"file": name, "detail": detail})]
        ) from None
    title, description = "", ""
    if isinstance(content, Mapping):
        extra = [str(key) for key in content if key not in ("name", "description", "changes")]
        if extra or "changes" not in content:
            detail = text("reform.file_keys", "en", keys=", ".join(extra) or "-")
            raise ParameterChangeError([Problem(None, "", "file_error", {"file": name, "detail": detail})])
        title = str(content.get("name") or "").strip()
        description = str(content.get("description") or "").strip()
        content = content["changes"]
    if not isinstance(content, list):
        detail = text("reform.not_list", "en", got=shown(content))
        raise ParameterChangeError([Problem(None, "", "file_error", {"file": name, "detail": detail})])
    if system is None:
        from openfisca_kz_asp.microsim.engine import system as baseline  # noqa: PLC0415

        system = baseline()
    return validated(system, content, title=title, description=description)


def from_command_line(
    sets: list[str], files: list[str], system: TaxBenefitSystem | None = None
) -> list[ParametricReform]:
    """The reforms of ``--set`` (all of them together: one reform) and ``--reform-file`` (one each).

    Raises :class:`ParameterChangeError` with every problem; :func:`command_line_message` words it.
    """
    if system is None:
        from openfisca_kz_asp.microsim.engine import system as baseline  # noqa: PLC0415

        system = baseline()
    reforms, problems = [], []
    if sets:
        try:
            reforms.append(validated(system, list(sets)))
        except ParameterChangeError as error:
            problems += [replace(p, params={**p.params, "_where": "--set"}) for p in error.problems]
    for path in files:
        try:
            reforms.append(load_reform_file(path, system))
        except ParameterChangeError as error:
            problems += [replace(p, params={**p.params, "_where": str(path)}) for p in error.problems]
    if problems:
        raise ParameterChangeError(problems)
    return reforms


def command_line_message(error: ParameterChangeError) -> str:
    """Every problem on a line of its own, after the option or file it came from."""
    lines = []
    for problem in error.problems:
        where = problem.params.get("_where", "")
        change = f" (change {problem.index + 1})" if problem.index is not None else ""
        lines.append(f"{where}{change}: {problem.message('en')}" if where else problem.message("en"))
    return lines[0] if len(lines) == 1 else "\n  " + "\n  ".join(lines)


# ---------------------------------------------------------------------------------------- in words


def label_of(node: Any, lang: str) -> str:
    """The leaf's label in ``lang`` (``label_kk``, ``label_ru``, ``label_en`` in its metadata)."""
    metadata = getattr(node, "metadata", None) or {}
    return str(
        metadata.get(f"label_{lang}")
        or metadata.get("label_en")
        or getattr(node, "description", "")
        or node.name
    )


def format_value(value: Any, unit: str, lang: str) -> str:
    """A value as people write it, with its unit: ``0.8``, ``50 154 тенге``, ``3 MRP``, ``7 years``."""
    if value is None:
        return text("reform.value.none", lang)
    if isinstance(value, bool) or unit == "bool":
        return text("reform.value.yes" if value else "reform.value.no", lang)
    number = float(value)
    rule = UNITS.get(unit)
    shown = format_number(number, lang, decimals=4 if unit == "/1" else 2)
    if rule is None or rule.words == "share":
        return shown
    return text(f"reform.value.{rule.words}", lang, shown=shown, value=number)


def format_date(day: str, lang: str, *, until: bool = False) -> str:
    """``from 1 January 2025`` / ``с 1 января 2025 г.`` / ``2025 жылғы 1 қаңтардан бастап``."""
    date = datetime.date.fromisoformat(day)
    months = text("reform.months_until" if until else "reform.months_from", lang).split("|")
    return text(
        "reform.until" if until else "reform.from",
        lang,
        day=date.day,
        month=months[date.month - 1],
        year=date.year,
    )


def _baseline_values(leaf: Parameter, change: ParameterChange) -> list[Any]:
    """The baseline's values over the change's dates, in order, each once."""
    end = change.end or _month_end(datetime.date.fromisoformat(coverage.LAST_MONTH + "-01")).isoformat()
    step = _point_step(change.parameter)
    values: list[Any] = []
    if step:
        points = {at.instant_str: at.value for at in leaf.values_list}
        for number in range(_month_number(change.start), _month_number(end) + 1, step):
            values.append(points.get(_first_day(number)))
    else:
        history = sorted(leaf.values_list, key=lambda at: at.instant_str)
        before = [at.value for at in history if at.instant_str <= change.start]
        values.append(before[-1] if before else None)
        values += [at.value for at in history if change.start < at.instant_str <= end]
    distinct: list[Any] = []
    for value in values:
        if value not in distinct:
            distinct.append(value)
    return distinct


def describe_change(
    parameters: ParameterNode | TaxBenefitSystem, change: ParameterChange, lang: str = "en"
) -> str:
    """One change in words, with the leaf's label and the baseline's value(s) it replaces, e.g.
    "Poverty line, share of the subsistence minimum: 0.7 → 0.8 from 1 January 2025"."""
    leaf = _node(_parameters(parameters), change.parameter)
    unit = str((leaf.metadata or {}).get("unit"))
    old = _baseline_values(leaf, change)
    shown = [format_value(value, unit, lang) for value in old[:4]]
    if len(old) > 4:
        shown[-1] = "…"
    when = format_date(change.start, lang)
    if change.end:
        when = text("reform.between", lang, start=when, end=format_date(change.end, lang, until=True))
    return text(
        "reform.change",
        lang,
        label=label_of(leaf, lang),
        old=", ".join(shown),
        new=format_value(change.value, unit, lang),
        when=when,
    )


def describe(system: TaxBenefitSystem | ParameterNode, reform: ParametricReform, lang: str = "en") -> str:
    """The whole reform in words: its description (if it has one), then each change, ``; ``-separated."""
    sentences = "; ".join(describe_change(system, change, lang) for change in reform.changes)
    return f"{reform.description} ({sentences})" if reform.description else sentences


def title(system: TaxBenefitSystem | ParameterNode, reform: ParametricReform, lang: str = "en") -> str:
    """A short name for tables and charts: the file's ``name``, else each label with its new value
    ("Poverty line, share of the subsistence minimum: 0.8")."""
    if reform.title:
        return reform.title
    parameters = _parameters(system)
    parts = []
    for change in reform.changes:
        leaf = _node(parameters, change.parameter)
        unit = str((leaf.metadata or {}).get("unit"))
        parts.append(f"{label_of(leaf, lang)}: {format_value(change.value, unit, lang)}")
    return "; ".join(parts)


def describe_all(system: TaxBenefitSystem | ParameterNode, reform: ParametricReform) -> dict[str, Any]:
    """What the report and the API show of a reform: title, description and each change, in kk/ru/en."""
    parameters = _parameters(system)
    return {
        "kind": "parametric",
        "key": reform.key,
        "title": reform.title,
        "title_by_lang": {lang: title(parameters, reform, lang) for lang in LANGUAGES},
        "description_by_lang": {lang: describe(parameters, reform, lang) for lang in LANGUAGES},
        "parameter_changes": [
            {
                **change.as_dict(),
                "label": {lang: label_of(_node(parameters, change.parameter), lang) for lang in LANGUAGES},
                "unit": (_node(parameters, change.parameter).metadata or {}).get("unit"),
                "baseline_values": _baseline_values(_node(parameters, change.parameter), change),
                "description": {lang: describe_change(parameters, change, lang) for lang in LANGUAGES},
            }
            for change in reform.changes
        ],
    }


def as_answer(system: TaxBenefitSystem, reform: ParametricReform, lang: str = "en") -> list[dict[str, Any]]:
    """The changes as the web API says them back: each with its label and its description in ``lang``."""
    parameters = _parameters(system)
    return [
        {
            **change.as_dict(),
            "label": label_of(_node(parameters, change.parameter), lang),
            "description": describe_change(parameters, change, lang),
        }
        for change in reform.changes
    ]


def catalogue(system: TaxBenefitSystem) -> dict[str, Any]:
    """The mechanism, for ``GET /reforms``: the body field, the form of a change, an example with
    its description, the window and every leaf that may be changed with its label, unit and range."""
    example = validated(system, [{"parameter": "asp.poverty_line.rate", "value": 0.8, "start": "2025-01-01"}])
    leaves = {}
    for leaf in system.parameters.get_descendants():
        if not isinstance(leaf, Parameter):
            continue
        unit = str((leaf.metadata or {}).get("unit"))
        rule = UNITS.get(unit)
        if rule is None:
            continue
        first, last = _window(leaf.name)
        entry: dict[str, Any] = {
            "label": {lang: label_of(leaf, lang) for lang in LANGUAGES},
            "unit": unit,
            "type": "boolean" if rule.kind == "bool" else ("integer" if rule.whole else "number"),
            "first_day": first.isoformat(),
            "last_day": last.isoformat(),
        }
        if rule.kind == "number":
            entry.update({"min": rule.low, "max": rule.high})
        if _point_step(leaf.name):
            entry["one_value_per"] = "month" if _point_step(leaf.name) == 1 else "quarter"
        leaves[leaf.name] = entry
    return {
        "kind": "parametric",
        "title": text("reform.mechanism_title", "en"),
        "description": text("reform.mechanism", "en", max=MAX_CHANGES),
        "body_field": "reform_parameters",
        "endpoints": ["/calculate", "/trace", "/explain"],
        "example": example.as_list(),
        "example_text": example.key,
        "example_description": {lang: describe(system, example, lang) for lang in LANGUAGES},
        "max_changes": MAX_CHANGES,
        "parameters": leaves,
    }


__all__ = [
    "MAX_CHANGES",
    "ParameterChange",
    "ParameterChangeError",
    "ParametricReform",
    "Problem",
    "as_answer",
    "build_system",
    "catalogue",
    "command_line_message",
    "describe",
    "describe_all",
    "describe_change",
    "find_leaf",
    "format_value",
    "from_command_line",
    "is_parametric",
    "load_reform_file",
    "nearest_names",
    "raw_changes",
    "reform_class",
    "reformed_system",
    "title",
    "validated",
]
