"""Read and validate microdata (households + persons, CSV or Parquet).

Every hard problem gives an error naming the file, the row and the column, and all of them are
gathered into one :class:`MicrodataError` (capped, with "and N more"); soft problems (blank
optional cells taken as their default, absent optional columns, extra columns ignored) give a
warning with a count. No row is ever dropped: what is read is what is simulated.

Two things the tables cannot say are declared by the user and resolved here, once per dataset:
the **income year** (``--income-year`` / ``income_year=``, a ``metadata.json`` beside the tables,
or the Parquet metadata key; see :func:`resolve_options`) and the **income columns to take as
zero** where the data has no value (``--assume-zero`` / ``assume_zero=``): a missing income
column or a blank income cell is otherwise an error, never a silent 0.
"""

from __future__ import annotations

import difflib
import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, cast

import numpy as np
import pandas as pd
import pyarrow.parquet as pq

from openfisca_kz_asp.enums import Region
from openfisca_kz_asp.microsim.format import (
    INCOME_COLUMNS,
    INCOME_YEAR_METADATA_KEY,
    SYNTHETIC_METADATA_KEY,
    TABLES,
    Column,
)

MAX_ERRORS_SHOWN = 20
SUFFIXES = (".parquet", ".csv")
TRUE_WORDS = {"true", "1", "yes", "y", "t"}
FALSE_WORDS = {"false", "0", "no", "n", "f"}
SIDECAR = "metadata.json"
"""Optional file beside the tables declaring what they cannot carry (CSV) for both formats."""
SIDECAR_KEYS = {"income_year": "int", "synthetic": "bool"}
INCOME_YEAR_RANGE = (1990, 2100)  # a plausible calendar year (uprating needs 2018-2026)

# Plausibility of the weights. Kazakhstan had 5.6 million private households at the 2021 census
# (kz_statistics.md §2, confidence A). Weighted totals above 3 times that cannot describe the
# country (an error); above 1.5 times they are doubtful (a warning).
KZ_HOUSEHOLDS = 5_600_000
MAX_WEIGHTED_HOUSEHOLDS = 3 * KZ_HOUSEHOLDS
DOUBTFUL_WEIGHTED_HOUSEHOLDS = 1.5 * KZ_HOUSEHOLDS


class MicrodataError(ValueError):
    """The microdata cannot be simulated: one message listing each problem (file, row, column)."""


@dataclass
class Problems:
    """Errors and warnings gathered while validating, in file order."""

    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def error(self, file: str, rows: np.ndarray | None, column: str | None, message: str) -> None:
        self.errors.append(_locate(file, rows, column) + message)

    def raise_if_any(self) -> None:
        if not self.errors:
            return
        shown = self.errors[:MAX_ERRORS_SHOWN]
        more = len(self.errors) - len(shown)
        text = "\n".join(f"  - {e}" for e in shown)
        if more:
            text += f"\n  ... and {more} more problem(s)"
        raise MicrodataError(f"The microdata has {len(self.errors)} problem(s):\n{text}")


def _locate(file: str, rows: np.ndarray | None, column: str | None) -> str:
    where = file
    if rows is not None and len(rows):
        first = [int(r) + 1 for r in rows[:5]]
        label = ", ".join(str(r) for r in first)
        extra = f" and {len(rows) - 5} more" if len(rows) > 5 else ""
        line = " (CSV line = row + 1)" if file.endswith(".csv") else ""
        where += f", row{'s' if len(rows) > 1 else ''} {label}{extra}{line}"
    if column is not None:
        where += f", column '{column}'"
    return where + ": "


@dataclass(frozen=True)
class ReadOptions:
    """What the user declares about a dataset beyond its tables, resolved once for all its parts.

    ``assume_zero``: income columns whose absent column or blank cells are taken as 0.
    ``income_year``: the year of the incomes (None: not declared, incomes are not uprated).
    ``income_year_source``: where the year was declared. ``synthetic``: from ``metadata.json``.
    """

    assume_zero: tuple[str, ...] = ()
    income_year: int | None = None
    income_year_source: str | None = None
    synthetic: bool | None = None
    warnings: tuple[str, ...] = ()


@dataclass
class Microdata:
    """Validated microdata: typed columns, persons grouped by household, and provenance."""

    households: pd.DataFrame
    persons: pd.DataFrame
    person_household: np.ndarray  # position (0..n_households-1) of each person's household
    source: str
    is_synthetic: bool
    income_year: int | None
    warnings: list[str]
    income_year_source: str | None = None
    assumed_zero: dict[str, int] = field(default_factory=dict)  # income column -> rows taken as 0

    @property
    def n_households(self) -> int:
        return len(self.households)

    @property
    def n_persons(self) -> int:
        return len(self.persons)


@dataclass(frozen=True)
class Part:
    """One households file and the persons file that holds exactly its persons."""

    households: Path
    persons: Path


def find_parts(path: str | Path) -> list[Part]:
    """The (households, persons) file pairs of a dataset folder.

    ``path`` is a folder holding one ``*households.parquet|csv`` and one ``*persons.parquet|csv``
    file, or two folders ``*households/`` and ``*persons/`` of Parquet parts with the same file
    names (each persons part holds the persons of the same-named households part).
    """
    root = Path(path)
    if not root.exists():
        raise MicrodataError(f"{root}: no such file or folder.")
    if not root.is_dir():
        raise MicrodataError(
            f"{root}: give the folder that holds the households and persons tables, not a file."
        )
    found: dict[str, list[Path]] = {}
    for table in ("households", "persons"):
        found[table] = sorted(
            p
            for p in root.iterdir()
            if (p.name.endswith(table) and p.is_dir()) or any(p.name.endswith(table + s) for s in SUFFIXES)
        )
        if len(found[table]) != 1:
            what = "no" if not found[table] else f"{len(found[table])}"
            raise MicrodataError(
                f"{root}: found {what} {table} table(s); expected exactly one file "
                f"'*{table}.parquet' or '*{table}.csv', or one folder '*{table}/' of Parquet parts."
            )
    hh, pp = found["households"][0], found["persons"][0]
    if hh.is_dir() != pp.is_dir():
        raise MicrodataError(f"{root}: {hh.name} and {pp.name} must both be files or both be folders.")
    if not hh.is_dir():
        return [Part(hh, pp)]
    hh_parts = sorted(p.name for p in hh.glob("*.parquet"))
    pp_parts = sorted(p.name for p in pp.glob("*.parquet"))
    if not hh_parts or hh_parts != pp_parts:
        raise MicrodataError(
            f"{root}: the folders {hh.name}/ and {pp.name}/ must hold Parquet parts with the same names "
            f"(found {len(hh_parts)} and {len(pp_parts)})."
        )
    return [Part(hh / name, pp / name) for name in hh_parts]


# ---------------------------------------------------------------- declarations


def check_assume_zero(columns: Iterable[str]) -> tuple[str, ...]:
    """The income columns named by ``--assume-zero`` / ``assume_zero=``, checked and deduplicated."""
    if isinstance(columns, str):
        columns = [columns]
    names: list[str] = []
    for name in columns:
        if name not in INCOME_COLUMNS:
            hint = difflib.get_close_matches(str(name), INCOME_COLUMNS, n=1)
            raise MicrodataError(
                f"--assume-zero {name}: not an income column"
                + (f" (did you mean '{hint[0]}'?)" if hint else "")
                + f"; income columns: {', '.join(INCOME_COLUMNS)}."
            )
        if name not in names:
            names.append(name)
    return tuple(names)


def check_income_year(year: object, where: str) -> int:
    """A declared income year as an int, or an error naming where it was declared."""
    if isinstance(year, bool) or not isinstance(year, int | str | np.integer):
        raise MicrodataError(f"{where}: the income year must be a whole number such as 2024, not {year!r}.")
    text = str(year).strip()
    if not text.isdigit() or not INCOME_YEAR_RANGE[0] <= int(text) <= INCOME_YEAR_RANGE[1]:
        raise MicrodataError(f"{where}: the income year must be a year such as 2024, not {year!r}.")
    return int(text)


def read_sidecar(root: Path) -> dict[str, object]:
    """The declarations of ``metadata.json`` in the dataset folder ({} when there is none)."""
    path = root / SIDECAR
    if not path.is_file():
        return {}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError) as error:
        raise MicrodataError(f"{path}: not valid JSON ({error}).") from None
    if not isinstance(data, dict):
        raise MicrodataError(f'{path}: expected an object such as {{"income_year": 2024}}.')
    unknown = sorted(set(data) - set(SIDECAR_KEYS))
    if unknown:
        raise MicrodataError(
            f"{path}: unknown key(s) {', '.join(repr(k) for k in unknown)}; "
            f"allowed: {', '.join(SIDECAR_KEYS)}."
        )
    out: dict[str, object] = {}
    if "income_year" in data:
        out["income_year"] = check_income_year(data["income_year"], f"{path}, key 'income_year'")
    if "synthetic" in data:
        if not isinstance(data["synthetic"], bool):
            raise MicrodataError(f"{path}, key 'synthetic': true or false, not {data['synthetic']!r}.")
        out["synthetic"] = data["synthetic"]
    return out


def _parquet_income_years(parts: Sequence[Part]) -> dict[str, int]:
    """The income year declared in the metadata of each Parquet file that has one."""
    years: dict[str, int] = {}
    for part in parts:
        for path in (part.households, part.persons):
            if path.suffix != ".parquet":
                continue
            try:
                meta = pq.read_schema(path).metadata or {}
            except (OSError, ValueError) as error:
                raise MicrodataError(f"{path}: not a readable Parquet file ({error}).") from None
            raw = meta.get(INCOME_YEAR_METADATA_KEY)
            if raw is not None:
                where = f"{path}, metadata '{INCOME_YEAR_METADATA_KEY.decode()}'"
                years[str(path)] = check_income_year(raw.decode(errors="replace"), where)
    return years


def resolve_options(
    root: str | Path | None,
    parts: Sequence[Part],
    *,
    assume_zero: Iterable[str] = (),
    income_year: int | str | None = None,
) -> ReadOptions:
    """The dataset's declarations: income year and where it comes from, and columns taken as 0.

    The income year comes from, in order: ``income_year`` (the user's explicit choice, which wins;
    a different year declared by the files is reported as a warning), else ``metadata.json``
    beside the tables, else the Parquet metadata key ``openfisca_kz_asp.income_year``. The files
    must agree with each other: two different years in them are an error.
    """
    zero = check_assume_zero(assume_zero)
    sidecar = read_sidecar(Path(root)) if root is not None else {}
    declared: dict[str, int] = {}
    if "income_year" in sidecar:
        declared[str(Path(str(root)) / SIDECAR)] = cast(int, sidecar["income_year"])
    declared.update(_parquet_income_years(parts))
    listing = "; ".join(f"{where}: {year}" for where, year in declared.items())
    if len(set(declared.values())) > 1 and income_year is None:
        raise MicrodataError(
            f"The dataset declares different income years ({listing}). One dataset has one income "
            f"year: correct the files, or state it with --income-year / income_year=."
        )
    warnings: list[str] = []
    if income_year is not None:
        year = check_income_year(income_year, "--income-year")
        source = "declared by the user (--income-year / income_year=)"
        if set(declared.values()) - {year}:
            warnings.append(f"income year {year} given explicitly overrides the files' ({listing}).")
    elif declared:
        year = next(iter(declared.values()))
        in_parquet = [where for where in declared if not where.endswith(SIDECAR)]
        kinds = [where for where in declared if where.endswith(SIDECAR)]
        if in_parquet:
            kinds.append(
                f"Parquet metadata of {in_parquet[0]}"
                if len(in_parquet) == 1
                else f"Parquet metadata of {len(in_parquet)} files"
            )
        source = " and ".join(kinds)
    else:
        year, source = None, None
    synthetic = sidecar.get("synthetic")
    return ReadOptions(
        assume_zero=zero,
        income_year=year,
        income_year_source=source,
        synthetic=synthetic if isinstance(synthetic, bool) else None,
        warnings=tuple(warnings),
    )


def weight_total_problems(total: float, where: str) -> tuple[str | None, str | None]:
    """(error, warning) about a weighted household total compared with Kazakhstan's households."""
    if not np.isfinite(total) or total > MAX_WEIGHTED_HOUSEHOLDS:
        error = (
            f"{where}, column 'household_weight': the weights add up to {total:,.0f} households, more "
            f"than 3 times the {KZ_HOUSEHOLDS:,} households of Kazakhstan (census 2021). A weight is "
            "the number of households a row represents."
        )
        return error, None
    if total > DOUBTFUL_WEIGHTED_HOUSEHOLDS:
        warning = (
            f"{where}, column 'household_weight': the weights add up to {total:,.0f} households, more "
            f"than 1.5 times the {KZ_HOUSEHOLDS:,} households of Kazakhstan (census 2021); check them."
        )
        return None, warning
    return None, None


def check_weight_total(total: float, where: str) -> str | None:
    """Raise when the weights add up to far more households than Kazakhstan has; warn if doubtful."""
    error, warning = weight_total_problems(total, where)
    if error:
        raise MicrodataError(error)
    return warning


def unused_assume_zero(options: ReadOptions, assumed: dict[str, int]) -> list[str]:
    """Warnings for columns named by ``--assume-zero`` that needed no assumption."""
    return [
        f"--assume-zero {name}: the column is present with no blank cell; nothing was assumed."
        for name in options.assume_zero
        if name not in assumed
    ]


# ---------------------------------------------------------------- reading


def _read_table(path: Path, columns: tuple[Column, ...]) -> tuple[pd.DataFrame, dict[bytes, bytes]]:
    if path.suffix == ".csv":
        try:
            frame = pd.read_csv(path, dtype=str, keep_default_na=False, na_values=[""])
        except (pd.errors.ParserError, UnicodeDecodeError, pd.errors.EmptyDataError) as error:
            raise MicrodataError(f"{path}: not a readable CSV file ({error}).") from None
        return frame, {}
    try:
        schema = pq.read_schema(path)
        enums = [c.name for c in columns if c.kind == "enum" and c.name in schema.names]
        table = pq.read_table(path, read_dictionary=enums)
    except (OSError, ValueError) as error:
        raise MicrodataError(f"{path}: not a readable Parquet file ({error}).") from None
    # one pandas block per column: no copy of the numbers into consolidated 2-D blocks (validation
    # makes its own typed arrays anyway)
    return table.to_pandas(split_blocks=True), dict(schema.metadata or {})


def read_part(part: Part, options: ReadOptions | None = None) -> Microdata:
    """Read and validate one (households, persons) pair.

    Without ``options`` the part's own Parquet metadata gives the income year; :func:`load` and
    the simulation resolve the options once for the whole dataset (:func:`resolve_options`).
    """
    if options is None:
        options = resolve_options(None, [part])
    hh, persons = _read_pair(part)
    return _validate_pair(part, hh, persons, options)


def _read_pair(part: Part) -> tuple[pd.DataFrame, pd.DataFrame]:
    hh, meta = _read_table(part.households, TABLES["households"])
    persons, _ = _read_table(part.persons, TABLES["persons"])
    hh.attrs["synthetic"] = meta.get(SYNTHETIC_METADATA_KEY) == b"true"
    return hh, persons


def load(
    path: str | Path,
    *,
    assume_zero: Iterable[str] = (),
    income_year: int | str | None = None,
) -> Microdata:
    """Read and validate a dataset folder (all its parts) into one :class:`Microdata`.

    ``assume_zero``: income columns to take as 0 where absent or blank (otherwise an error).
    ``income_year``: the year of the incomes, overriding what the files declare.
    """
    parts = find_parts(path)
    options = resolve_options(path, parts, assume_zero=assume_zero, income_year=income_year)
    datas = [read_part(p, options) for p in parts]
    data = datas[0] if len(datas) == 1 else concat(datas, str(Path(path)))
    data.source = str(Path(path))
    total = float(data.households["household_weight"].sum())
    doubtful = check_weight_total(total, data.source)
    data.warnings = [
        *options.warnings,
        *data.warnings,
        *unused_assume_zero(options, data.assumed_zero),
        *([doubtful] if doubtful else []),
    ]
    return data


def concat(datas: list[Microdata], source: str) -> Microdata:
    """Several validated parts as one; household ids must stay unique across parts."""
    households = pd.concat([d.households for d in datas], ignore_index=True)
    duplicated = households["household_id"].duplicated()
    if duplicated.any():
        raise MicrodataError(
            f"{source}: household_id {int(households['household_id'][duplicated].iloc[0])} "
            "appears in more than one part."
        )
    offsets = np.cumsum([0] + [d.n_households for d in datas[:-1]])
    person_household = np.concatenate(
        [d.person_household + off for d, off in zip(datas, offsets, strict=True)]
    ).astype(np.int64)
    years = {(d.income_year, d.income_year_source) for d in datas}
    if len({y for y, _ in years}) > 1:
        raise MicrodataError(f"{source}: the parts have different income years ({sorted(years)}).")
    year, year_source = years.pop()
    assumed: dict[str, int] = {}
    for d in datas:
        for name, rows in d.assumed_zero.items():
            assumed[name] = assumed.get(name, 0) + rows
    return Microdata(
        households=households,
        persons=pd.concat([d.persons for d in datas], ignore_index=True),
        person_household=person_household,
        source=source,
        is_synthetic=all(d.is_synthetic for d in datas),
        income_year=year,
        warnings=[w for d in datas for w in d.warnings],
        income_year_source=year_source,
        assumed_zero=assumed,
    )


def validate_frames(
    households: pd.DataFrame,
    persons: pd.DataFrame,
    households_name: str = "households",
    persons_name: str = "persons",
    *,
    is_synthetic: bool = False,
    income_year: int | None = None,
    assume_zero: Iterable[str] = (),
) -> Microdata:
    """Validate two in-memory tables (the Python API's entry point for DataFrames)."""
    part = Part(Path(households_name), Path(persons_name))
    options = ReadOptions(
        assume_zero=check_assume_zero(assume_zero),
        income_year=None if income_year is None else check_income_year(income_year, "income_year"),
        income_year_source=None if income_year is None else "declared by the user (income_year=)",
        synthetic=is_synthetic,
    )
    data = _validate_pair(part, households.copy(), persons.copy(), options)
    doubtful = check_weight_total(float(data.households["household_weight"].sum()), households_name)
    data.warnings += unused_assume_zero(options, data.assumed_zero) + ([doubtful] if doubtful else [])
    return data


# ---------------------------------------------------------------- validation


@dataclass
class _Table:
    """One table being validated: its file name, the typed columns and the zero assumptions."""

    file: str
    columns: tuple[Column, ...]
    problems: Problems
    assume_zero: tuple[str, ...]
    assumed_zero: dict[str, int] = field(default_factory=dict)


def _validate_pair(part: Part, hh_raw: pd.DataFrame, p_raw: pd.DataFrame, options: ReadOptions) -> Microdata:
    """Every check on both tables; one error listing all the problems found, or the typed data."""
    problems = Problems()
    hh_file, p_file = str(part.households), str(part.persons)
    hh_table = _Table(hh_file, TABLES["households"], problems, options.assume_zero)
    p_table = _Table(p_file, TABLES["persons"], problems, options.assume_zero)
    hh = _typed(hh_raw, hh_table)
    persons = _typed(p_raw, p_table)
    position = None
    if hh is not None and persons is not None:
        position = _check_ids(hh, persons, hh_file, p_file, problems)
    if hh is not None and "household_weight" in hh:
        weights = hh["household_weight"].to_numpy()
        huge = np.flatnonzero(weights > MAX_WEIGHTED_HOUSEHOLDS)
        if len(huge):
            problems.error(
                hh_file,
                huge,
                "household_weight",
                f"weight above {MAX_WEIGHTED_HOUSEHOLDS:,} households (3 times Kazakhstan's "
                f"{KZ_HOUSEHOLDS:,}, census 2021).",
            )
        else:
            error, _ = weight_total_problems(float(weights.sum()), hh_file)
            if error:
                problems.errors.append(error)
    problems.raise_if_any()
    assert hh is not None and persons is not None
    if position is None:
        position = pd.Index(hh["household_id"].to_numpy()).get_indexer(persons["household_id"].to_numpy())
    if _ascending(position, strictly=False):  # persons already grouped in household order: no copy
        order = np.arange(len(position))
    else:
        order = np.argsort(position, kind="stable")
        persons = persons.iloc[order].reset_index(drop=True)
    synthetic = (
        options.synthetic
        if options.synthetic is not None
        else bool(hh_raw.attrs.get("synthetic")) or "synthetic" in hh_file.lower()
    )
    return Microdata(
        households=hh,
        persons=persons,
        person_household=position[order].astype(np.int64),
        source=hh_file,
        is_synthetic=synthetic,
        income_year=options.income_year,
        warnings=problems.warnings,
        income_year_source=options.income_year_source,
        assumed_zero={**hh_table.assumed_zero, **p_table.assumed_zero},
    )


def _typed(raw: pd.DataFrame, table: _Table) -> pd.DataFrame | None:
    """The table with every known column converted to its dtype (defaults filled).

    Columns with problems are left out (the problems are recorded); None for an empty table.
    """
    file, problems = table.file, table.problems
    if raw.empty and len(raw.columns) == 0:
        problems.error(file, None, None, "the table is empty (no header).")
        return None
    if len(raw) == 0:
        problems.error(file, None, None, "the table has no rows.")
        return None
    known = {c.name for c in table.columns}
    # pandas reads a repeated CSV header 'age' as 'age.1': which of the two is meant is unknown
    repeated = sorted(
        {m.group(1) for c in raw.columns if (m := re.fullmatch(r"(.+)\.\d+", str(c))) and m.group(1) in known}
        | {str(c) for c in raw.columns[raw.columns.duplicated()]}
    )
    if repeated:
        problems.error(file, None, None, f"column(s) given more than once: {', '.join(repeated)}.")
        return None
    extra = [str(c) for c in raw.columns if c not in known]
    if extra:
        problems.warnings.append(f"{file}: {len(extra)} unknown column(s) ignored: {', '.join(extra)}.")
    out: dict[str, np.ndarray] = {}
    absent: list[str] = []
    for column in table.columns:
        if column.name in raw.columns:
            converted = _convert(raw[column.name], column, table)
            if converted is not None:
                out[column.name] = converted
        else:
            default = _absent(column, table, len(raw))
            if default is not None:
                out[column.name] = default
                if column.name not in INCOME_COLUMNS:
                    absent.append(f"{column.name}={column.default}")
    if absent:
        problems.warnings.append(
            f"{file}: {len(absent)} optional column(s) absent, their default used for every row: "
            f"{', '.join(absent)}."
        )
    # copy=False: the typed arrays are the frame's columns as they are (no consolidating copy)
    return pd.DataFrame(out, copy=False)


def _absent(column: Column, table: _Table, n: int) -> np.ndarray | None:
    """The values of a column the table does not have: its default, or None with an error."""
    if column.required:
        table.problems.error(table.file, None, column.name, "required column is missing.")
        return None
    if column.name in INCOME_COLUMNS:
        if column.name not in table.assume_zero:
            table.problems.error(
                table.file,
                None,
                column.name,
                "income column is missing. An absent income is not taken as 0 silently: add the "
                f"column (0 where there is no such income), or pass --assume-zero {column.name} "
                f"(Python: assume_zero=['{column.name}']).",
            )
            return None
        table.assumed_zero[column.name] = n
        table.problems.warnings.append(
            f"{table.file}: income column '{column.name}' is absent: taken as 0 for every row "
            "(--assume-zero)."
        )
    return _default_array(column, n)


def _default_array(column: Column, n: int) -> np.ndarray:
    if column.kind == "bool":
        return np.full(n, bool(column.default))
    if column.kind == "float":
        return np.full(n, float(cast(float, column.default)))
    if column.kind == "enum":
        return np.full(n, _enum(column)[column.default].index, dtype=np.int16)
    raise AssertionError(column)


def _enum(column: Column) -> Any:
    """The enumeration of an enum column (an openfisca Enum class)."""
    assert column.enum is not None, column
    return column.enum


def _rows(mask: np.ndarray) -> np.ndarray:
    return np.flatnonzero(mask)


def _convert(series: pd.Series, column: Column, table: _Table) -> np.ndarray | None:
    file, problems = table.file, table.problems
    missing = series.isna().to_numpy()
    if missing.any():
        if column.required:
            what = "weight" if column.kind == "weight" else "value"
            problems.error(file, _rows(missing), column.name, f"missing {what}.")
            return None
        if column.name in INCOME_COLUMNS:
            if column.name not in table.assume_zero:
                problems.error(
                    file,
                    _rows(missing),
                    column.name,
                    f"{int(missing.sum())} blank income cell(s). A blank income is not taken as 0 "
                    f"silently: write 0 where there is no such income, or pass --assume-zero "
                    f"{column.name} (Python: assume_zero=['{column.name}']).",
                )
                return None
            table.assumed_zero[column.name] = int(missing.sum())
            problems.warnings.append(
                f"{file}: column '{column.name}': {int(missing.sum())} blank cell(s) taken as 0 "
                "(--assume-zero)."
            )
        else:
            problems.warnings.append(
                f"{file}: column '{column.name}': {int(missing.sum())} blank cell(s) taken as "
                f"{column.default!r}."
            )
    if column.kind == "enum":
        codes = _convert_enum(series, missing, column, file, problems)
        if column.name == "region" and codes is not None:
            unknown = int(np.count_nonzero(codes == Region.unknown.index))
            if unknown:
                problems.warnings.append(
                    f"{file}: column 'region': {unknown} household(s) with region 'unknown': their poverty "
                    "line rests on the national subsistence minimum, an estimate for their region."
                )
        return codes
    if column.kind == "bool":
        return _convert_bool(series, missing, column, file, problems)
    return _convert_number(series, missing, column, file, problems)


def _convert_number(
    series: pd.Series, missing: np.ndarray, column: Column, file: str, problems: Problems
) -> np.ndarray | None:
    if pd.api.types.is_bool_dtype(series.dtype) or pd.api.types.is_datetime64_any_dtype(series.dtype):
        kind = "true/false values" if pd.api.types.is_bool_dtype(series.dtype) else "dates"
        problems.error(file, _rows(~missing), column.name, f"wrong type: {kind} where numbers are expected.")
        return None
    plain = _plainly_valid(series, missing, column)
    return plain if plain is not None else _checked_numbers(series, missing, column, file, problems)


def _checked_numbers(
    series: pd.Series, missing: np.ndarray, column: Column, file: str, problems: Problems
) -> np.ndarray | None:
    """The full check of a numeric column: every value, every kind of problem located."""
    numbers = pd.to_numeric(series, errors="coerce").to_numpy(dtype=np.float64, na_value=np.nan)
    bad = np.isnan(numbers) & ~missing
    numbers = np.where(missing, float(cast(float, column.default or 0)), numbers)
    finite = np.isfinite(numbers)
    checks: list[tuple[np.ndarray, str]] = [(bad, "not a number."), (np.isinf(numbers), "infinite value.")]
    if column.kind in ("id", "int"):
        checks.append((finite & (numbers != np.round(numbers)), "must be a whole number."))
    checks += _bound_checks(column, numbers, finite)
    failed = False
    for mask, message in checks:  # every kind of problem of the column is reported
        if mask.any():
            problems.error(file, _rows(mask), column.name, message)
            failed = True
    if failed:
        return None
    if column.kind == "int":
        return numbers.astype(np.int32)
    if column.kind == "id":
        return numbers.astype(np.int64)
    return numbers


def _plainly_valid(series: pd.Series, missing: np.ndarray, column: Column) -> np.ndarray | None:
    """The typed values of a numeric column that is plainly valid, judged on its extremes alone, or
    None: no blank, a numeric dtype (integers where whole numbers are required, below 2**53 for ids
    as the full check's float64 holds them), finite, and smallest and largest within the contract's
    bounds. The values are those the full check gives; any doubt goes to the full check, which
    locates every problem (a Parquet file of typed columns, the usual case, takes this path).
    """
    kind = series.dtype.kind if isinstance(series.dtype, np.dtype) else None  # None: text, extension types
    whole = column.kind in ("id", "int")
    if missing.any() or kind not in (("i", "u") if whole else ("i", "u", "f")) or len(series) == 0:
        return None
    values = series.to_numpy()
    low, high = float(values.min()), float(values.max())
    extremes = np.array([low, high])
    doubtful = (
        not np.isfinite(extremes).all()
        or (column.kind == "id" and high >= 2**53)  # beyond float64's whole numbers
        or (column.kind == "int" and not -(2**31) <= low <= high < 2**31)  # beyond int32
        # the bounds are one-sided comparisons: the extremes pass them only if every value does
        or any(mask.any() for mask, _ in _bound_checks(column, extremes, np.ones(2, dtype=bool)))
    )
    if doubtful:  # the full check decides, and locates every problem
        return None
    if column.kind == "int":
        return values.astype(np.int32)
    if column.kind == "id":
        return values.astype(np.int64)
    return values.astype(np.float64, copy=False)


def _bound_checks(column: Column, numbers: np.ndarray, finite: np.ndarray) -> list[tuple[np.ndarray, str]]:
    """The contract's bounds of a numeric input column, as (rows out of bounds, message): ids not
    negative, weights positive, other numbers within their range (:func:`_range_checks`)."""
    if column.kind == "id":
        return [(finite & (numbers < 0), "ids must be >= 0.")]
    if column.kind == "weight":
        return [(finite & (numbers <= 0), "weights must be > 0.")]
    return _range_checks(column, numbers, finite)


def _range_checks(column: Column, numbers: np.ndarray, finite: np.ndarray) -> list[tuple[np.ndarray, str]]:
    """The contract's range of an input column: whole numbers between their bounds (ages from 0 to
    120), amounts not negative and below the contract's bound."""
    low, high, below = column.minimum, column.maximum, column.exclusive_maximum
    if column.kind == "int" and low is not None and high is not None:
        return [(finite & ((numbers < low) | (numbers > high)), f"must be between {low:g} and {high:g}.")]
    checks: list[tuple[np.ndarray, str]] = []
    if low is not None:
        message = "negative amount (incomes must be >= 0)." if low == 0 else f"must be at least {low:g}."
        checks.append((finite & (numbers < low), message))
    if high is not None:
        checks.append((finite & (numbers > high), f"must be at most {high:g}."))
    if below is not None:
        checks.append((finite & (numbers >= below), f"must be less than {below:g}."))
    return checks


def _convert_enum(
    series: pd.Series, missing: np.ndarray, column: Column, file: str, problems: Problems
) -> np.ndarray | None:
    enum = _enum(column)
    names = [member.name for member in enum]
    known = pd.Index(names)
    if isinstance(series.dtype, pd.CategoricalDtype):  # Parquet dictionary columns: map the categories
        category_codes = known.get_indexer(series.cat.categories.astype(str).str.strip())
        raw_codes = series.cat.codes.to_numpy()
        codes = np.where(raw_codes >= 0, category_codes[np.maximum(raw_codes, 0)], -1)
    else:
        codes = known.get_indexer(series.astype("string").str.strip())
    unknown = (codes < 0) & ~missing
    if unknown.any():
        values = sorted({str(v) for v in series[unknown].unique()[:5]})
        normal = {name.replace("_", ""): name for name in names}
        hints = [
            f"'{normal[key]}' for {value!r}"
            for value in values
            if (key := value.strip().lower().replace("_", "").replace("-", "").replace(" ", "")) in normal
        ]
        problems.error(
            file,
            _rows(unknown),
            column.name,
            f"unknown value(s) {', '.join(repr(v) for v in values)}; "
            + (f"did you mean {', '.join(hints)}? " if hints else "")
            + f"allowed: {', '.join(names)}.",
        )
        return None
    indices = np.array([member.index for member in enum], dtype=np.int16)
    default = enum[column.default].index if column.default is not None else 0
    return np.where(missing, default, indices[np.maximum(codes, 0)]).astype(np.int16)


def _convert_bool(
    series: pd.Series, missing: np.ndarray, column: Column, file: str, problems: Problems
) -> np.ndarray | None:
    if series.dtype == bool:
        return series.to_numpy()
    text = series.astype("string").str.strip().str.lower()
    true = text.isin(TRUE_WORDS).to_numpy(dtype=bool, na_value=False)
    false = text.isin(FALSE_WORDS).to_numpy(dtype=bool, na_value=False)
    bad = ~(true | false | missing)
    if bad.any():
        problems.error(file, _rows(bad), column.name, "not a boolean (true/false, 1/0, yes/no).")
        return None
    return np.where(missing, bool(column.default), true)


def _check_ids(
    hh: pd.DataFrame, persons: pd.DataFrame, hh_file: str, p_file: str, problems: Problems
) -> np.ndarray | None:
    """Duplicate ids, orphan persons and households without persons (on the ids that are valid).

    Returns the position of each person's household when the household ids are unique.
    """
    for frame, file, name in ((hh, hh_file, "household_id"), (persons, p_file, "person_id")):
        if name in frame and not _ascending(frame[name].to_numpy(), strictly=True):  # else no duplicate
            duplicated = frame[name].duplicated(keep="first").to_numpy()
            if duplicated.any():
                problems.error(file, _rows(duplicated), name, "duplicate id.")
    if "household_id" not in hh or "household_id" not in persons:
        return None
    known = pd.Index(hh["household_id"].to_numpy())
    unique = known.is_unique
    if not unique:
        known = known.drop_duplicates()
    position = known.get_indexer(persons["household_id"].to_numpy())
    orphan = position < 0
    if orphan.any():
        problems.error(p_file, _rows(orphan), "household_id", "no such household in the households table.")
    sizes = np.bincount(position[~orphan], minlength=len(known))
    empty = np.isin(hh["household_id"].to_numpy(), known[sizes == 0].to_numpy())
    if empty.any():
        problems.error(hh_file, _rows(empty), "household_id", "household has no persons.")
    return position if unique else None


def _ascending(values: np.ndarray, *, strictly: bool) -> bool:
    """Whether the values never decrease (``strictly``: always increase)."""
    if len(values) < 2:
        return True
    return bool(np.all(values[1:] > values[:-1]) if strictly else np.all(values[1:] >= values[:-1]))


def describe_warnings(warnings: Iterable[str]) -> str:
    """The warnings as one indented block (empty string when none)."""
    return "\n".join(f"  ! {w}" for w in warnings)


def slice_households(data: Microdata, start: int, stop: int) -> Microdata:
    """Households ``start:stop`` (positions) of validated data, with exactly their persons."""
    lo, hi = np.searchsorted(data.person_household, [start, stop], side="left")
    return Microdata(
        households=data.households.iloc[start:stop].reset_index(drop=True),
        persons=data.persons.iloc[lo:hi].reset_index(drop=True),
        person_household=data.person_household[lo:hi] - start,
        source=data.source,
        is_synthetic=data.is_synthetic,
        income_year=data.income_year,
        warnings=data.warnings if start == 0 else [],
        income_year_source=data.income_year_source,
        assumed_zero=data.assumed_zero if start == 0 else {},
    )
