"""Read and validate microdata (households + persons, CSV or Parquet).

Every hard problem gives an error naming the file, the row and the column; soft problems
(blank optional cells taken as their default, extra columns ignored) give a warning with a count.
No row is ever dropped: what is read is what is simulated.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow.parquet as pq

from openfisca_kz_asp.microsim.format import (
    INCOME_YEAR_METADATA_KEY,
    MAX_AGE,
    SYNTHETIC_METADATA_KEY,
    TABLES,
    Column,
)

MAX_ERRORS_SHOWN = 20
SUFFIXES = (".parquet", ".csv")
TRUE_WORDS = {"true", "1", "yes", "y", "t"}
FALSE_WORDS = {"false", "0", "no", "n", "f"}


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
    return table.to_pandas(), dict(schema.metadata or {})


def read_part(part: Part) -> Microdata:
    """Read and validate one (households, persons) pair."""
    return _validate_pair(part, *_read_pair(part))


def _read_pair(part: Part) -> tuple[pd.DataFrame, pd.DataFrame, dict[bytes, bytes]]:
    hh, meta = _read_table(part.households, TABLES["households"])
    persons, _ = _read_table(part.persons, TABLES["persons"])
    return hh, persons, meta


def load(path: str | Path) -> Microdata:
    """Read and validate a dataset folder (all its parts) into one :class:`Microdata`."""
    parts = find_parts(path)
    if len(parts) == 1:
        data = read_part(parts[0])
        data.source = str(Path(path))
        return data
    return concat([read_part(p) for p in parts], str(Path(path)))


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
    years = {d.income_year for d in datas}
    return Microdata(
        households=households,
        persons=pd.concat([d.persons for d in datas], ignore_index=True),
        person_household=person_household,
        source=source,
        is_synthetic=all(d.is_synthetic for d in datas),
        income_year=years.pop() if len(years) == 1 else None,
        warnings=[w for d in datas for w in d.warnings],
    )


def validate_frames(
    households: pd.DataFrame,
    persons: pd.DataFrame,
    households_name: str = "households",
    persons_name: str = "persons",
    *,
    is_synthetic: bool = False,
    income_year: int | None = None,
) -> Microdata:
    """Validate two in-memory tables (the Python API's entry point for DataFrames)."""
    part = Part(Path(households_name), Path(persons_name))
    meta = {}
    if is_synthetic:
        meta[SYNTHETIC_METADATA_KEY] = b"true"
    if income_year is not None:
        meta[INCOME_YEAR_METADATA_KEY] = str(income_year).encode()
    return _validate_pair(part, households.copy(), persons.copy(), meta)


def _validate_pair(
    part: Part, hh_raw: pd.DataFrame, p_raw: pd.DataFrame, meta: dict[bytes, bytes]
) -> Microdata:
    problems = Problems()
    hh_file, p_file = str(part.households), str(part.persons)
    hh = _typed(hh_raw, TABLES["households"], hh_file, problems)
    persons = _typed(p_raw, TABLES["persons"], p_file, problems)
    problems.raise_if_any()
    _check_ids(hh, persons, hh_file, p_file, problems)
    problems.raise_if_any()
    position = pd.Index(hh["household_id"].to_numpy()).get_indexer(persons["household_id"].to_numpy())
    order = np.argsort(position, kind="stable")
    persons = persons.iloc[order].reset_index(drop=True)
    synthetic = meta.get(SYNTHETIC_METADATA_KEY) == b"true" or "synthetic" in hh_file.lower()
    year = meta.get(INCOME_YEAR_METADATA_KEY)
    return Microdata(
        households=hh,
        persons=persons,
        person_household=position[order].astype(np.int64),
        source=hh_file,
        is_synthetic=synthetic,
        income_year=int(year) if year else None,
        warnings=problems.warnings,
    )


def _typed(raw: pd.DataFrame, columns: tuple[Column, ...], file: str, problems: Problems) -> pd.DataFrame:
    """The table with every known column converted to its dtype (defaults filled), or errors."""
    if raw.empty and len(raw.columns) == 0:
        problems.error(file, None, None, "the table is empty (no header).")
        return raw
    if len(raw) == 0:
        problems.error(file, None, None, "the table has no rows.")
        return raw
    known = {c.name for c in columns}
    extra = [c for c in raw.columns if c not in known]
    if extra:
        problems.warnings.append(f"{file}: {len(extra)} unknown column(s) ignored: {', '.join(extra)}.")
    out: dict[str, np.ndarray] = {}
    for column in columns:
        if column.name not in raw.columns:
            if column.required:
                problems.error(file, None, column.name, "required column is missing.")
            else:
                out[column.name] = _default_array(column, len(raw))
            continue
        converted = _convert(raw[column.name], column, file, problems)
        if converted is not None:
            out[column.name] = converted
    return pd.DataFrame(out)


def _default_array(column: Column, n: int) -> np.ndarray:
    if column.kind == "bool":
        return np.full(n, bool(column.default))
    if column.kind == "float":
        return np.full(n, float(column.default))
    if column.kind == "enum":
        return np.full(n, column.enum[column.default].index, dtype=np.int16)
    raise AssertionError(column)


def _rows(mask: np.ndarray) -> np.ndarray:
    return np.flatnonzero(mask)


def _convert(series: pd.Series, column: Column, file: str, problems: Problems) -> np.ndarray | None:
    missing = series.isna().to_numpy()
    if missing.any():
        if column.required:
            what = "weight" if column.kind == "weight" else "value"
            problems.error(file, _rows(missing), column.name, f"missing {what}.")
            return None
        problems.warnings.append(
            f"{file}: column '{column.name}': {int(missing.sum())} blank cell(s) taken as {column.default!r}."
        )
    if column.kind == "enum":
        return _convert_enum(series, missing, column, file, problems)
    if column.kind == "bool":
        return _convert_bool(series, missing, column, file, problems)
    return _convert_number(series, missing, column, file, problems)


def _convert_number(
    series: pd.Series, missing: np.ndarray, column: Column, file: str, problems: Problems
) -> np.ndarray | None:
    numbers = pd.to_numeric(series, errors="coerce").to_numpy(dtype=np.float64, na_value=np.nan)
    bad = np.isnan(numbers) & ~missing
    numbers = np.where(missing, float(column.default or 0), numbers)
    checks: list[tuple[np.ndarray, str]] = [(bad, "not a number."), (np.isinf(numbers), "infinite value.")]
    if column.kind in ("id", "int"):
        checks.append((np.isfinite(numbers) & (numbers != np.round(numbers)), "must be a whole number."))
    if column.kind == "int":
        checks.append(((numbers < 0) | (numbers > MAX_AGE), f"must be between 0 and {MAX_AGE}."))
    elif column.kind == "id":
        checks.append((numbers < 0, "ids must be >= 0."))
    elif column.kind == "weight":
        checks.append((numbers <= 0, "weights must be > 0."))
    else:
        checks.append((numbers < 0, "negative amount (incomes must be >= 0)."))
    for mask, message in checks:
        if mask.any():  # the first kind of problem found in the column is reported
            problems.error(file, _rows(mask), column.name, message)
            return None
    if column.kind == "int":
        return numbers.astype(np.int32)
    if column.kind == "id":
        return numbers.astype(np.int64)
    return numbers


def _convert_enum(
    series: pd.Series, missing: np.ndarray, column: Column, file: str, problems: Problems
) -> np.ndarray | None:
    names = [member.name for member in column.enum]
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
        problems.error(
            file,
            _rows(unknown),
            column.name,
            f"unknown value(s) {', '.join(repr(v) for v in values)}; allowed: {', '.join(names)}.",
        )
        return None
    indices = np.array([member.index for member in column.enum], dtype=np.int16)
    default = column.enum[column.default].index if column.default is not None else 0
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
) -> None:
    for frame, file, name in ((hh, hh_file, "household_id"), (persons, p_file, "person_id")):
        duplicated = frame[name].duplicated(keep="first").to_numpy()
        if duplicated.any():
            problems.error(file, _rows(duplicated), name, "duplicate id.")
    known = pd.Index(hh["household_id"].to_numpy())
    position = known.get_indexer(persons["household_id"].to_numpy()) if known.is_unique else None
    if position is None:
        return
    orphan = position < 0
    if orphan.any():
        problems.error(p_file, _rows(orphan), "household_id", "no such household in the households table.")
    sizes = np.bincount(position[~orphan], minlength=len(hh))
    empty = sizes == 0
    if empty.any():
        problems.error(hh_file, _rows(empty), "household_id", "household has no persons.")


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
    )
