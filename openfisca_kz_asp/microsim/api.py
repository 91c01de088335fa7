"""The Python API: ``simulate(...)`` runs baseline and reforms on microdata and returns Results.

    from openfisca_kz_asp.microsim import simulate
    results = simulate(period="2024", reforms=["caregiver_threshold_7_years"])
    results = simulate(period="2025", parameter_changes={"asp.poverty_line.rate": {"2025-01-01": 0.8}})
    results.tables["by_region"]; results.summary["baseline"]["cost_annual"]

Work is split into tasks of at most ``partition_households`` households (a Parquet part or a
slice of one). The local engine runs them in this process, the Dask engine on a cluster; both
add the tasks' float64 sums in task order, so they give the same figures.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

from openfisca_kz_asp._paths import PACKAGE_DIR
from openfisca_kz_asp.microsim import engine
from openfisca_kz_asp.microsim.build import uprating_statement
from openfisca_kz_asp.microsim.loader import (
    Microdata,
    Part,
    ReadOptions,
    check_income_year,
    check_weight_total,
    find_parts,
    read_part,
    resolve_options,
    slice_households,
    unused_assume_zero,
)
from openfisca_kz_asp.microsim.processes import check_processes, processes_for, run_tasks
from openfisca_kz_asp.microsim.results import Results, finalize
from openfisca_kz_asp.microsim.takeup import TakeUp
from openfisca_kz_asp.parametric_reform import ParametricReform, describe_all, is_parametric, validated
from openfisca_kz_asp.reform_registry import describe, parse_reform_name

EMBEDDED_SAMPLE = PACKAGE_DIR / "data" / "synthetic_hbs_2024"
PARTITION_HOUSEHOLDS = 250_000

Progress = Callable[[str, int, int], None]  # (stage, done, total)


@dataclass(frozen=True)
class Task:
    """Households ``start:stop`` of one part (``stop`` -1 = to the end), read with ``options``."""

    part: Part | None
    start: int
    stop: int
    options: ReadOptions = field(default_factory=ReadOptions)


def _tasks_for(
    parts: Sequence[Part] | None, sizes: Sequence[int], per_task: int, options: ReadOptions
) -> list[Task]:
    tasks = []
    for k, size in enumerate(sizes):
        part = parts[k] if parts is not None else None
        for start in range(0, size, per_task):
            tasks.append(Task(part, start, min(size, start + per_task), options))
    return tasks


def _part_stats(part: Part, options: ReadOptions) -> tuple[int, float]:
    """Households of a part and the sum of their weights, read before any simulation."""
    if part.households.suffix == ".parquet":
        try:
            weights = pq.read_table(part.households, columns=["household_weight"]).column(0)
            total = float(np.nansum(np.asarray(weights.to_numpy(zero_copy_only=False), dtype=np.float64)))
        except (OSError, ValueError, KeyError, TypeError, pa.ArrowException):
            total = 0.0  # unreadable or missing or not numbers: the validation of the part says why
        return pq.ParquetFile(part.households).metadata.num_rows, total
    data = read_part(part, options)  # CSV: read (and validated) once to count
    return data.n_households, float(data.households["household_weight"].sum())


def task_data(
    task: Task, cache: dict[Path, Microdata] | None = None, data: Microdata | None = None
) -> Microdata:
    """The validated households (and persons) of a task."""
    if data is None:
        assert task.part is not None
        if cache is not None and task.part.households in cache:
            data = cache[task.part.households]
        else:
            data = read_part(task.part, task.options)
            if cache is not None:
                cache.clear()
                cache[task.part.households] = data
    if task.start == 0 and (task.stop < 0 or task.stop >= data.n_households):
        return data
    return slice_households(data, task.start, task.stop)


def welfare_task(task: Task, data: Microdata | None = None) -> tuple[np.ndarray, np.ndarray, dict[str, Any]]:
    """Pass 1 of a task: per-capita income, person weights, counts and provenance."""
    part = task_data(task, data=data)
    welfare, weights = engine.person_weights(part)
    meta = {
        "households": part.n_households,
        "persons": part.n_persons,
        "synthetic": part.is_synthetic,
        "income_year": part.income_year,
        "warnings": part.warnings if task.start == 0 else [],
        "assumed_zero": part.assumed_zero if task.start == 0 else {},
    }
    return welfare, weights, meta


def simulate_task(
    task: Task,
    *,
    months: Sequence[str],
    reforms: Sequence[str],
    take_up: TakeUp,
    cuts: np.ndarray,
    uprate: bool,
    data: Microdata | None = None,
    on_month: Callable[[], None] | None = None,
    replicates: int = 0,
) -> engine.Accumulator:
    """Pass 2 of a task: simulate its months and return the sums."""
    from openfisca_core import periods  # noqa: PLC0415

    part = task_data(task, data=data)
    return engine.simulate_partition(
        part,
        [periods.period(m) for m in months],
        reforms,
        take_up,
        cuts,
        uprate=uprate,
        on_month=on_month,
        replicates=replicates,
    )


Reforms = Sequence[Any]  # registry names, or parameter changes in any form (parametric_reform.raw_changes)


def check_reforms(reforms: Reforms) -> list[str]:
    """Validate reforms (raises UnknownReformError, or its subclass ParameterChangeError).

    Each is a registry name, or parameter changes in any form of
    :func:`openfisca_kz_asp.parametric_reform.raw_changes` (a text ``PATH=VALUE@START``, a mapping,
    a list, a :class:`ParametricReform`), checked against the parameter tree. Returns the scenarios'
    names, each once: the registry name, or the changes' canonical text.
    """
    return list(_scenarios(reforms))


def _scenarios(reforms: Reforms) -> dict[str, ParametricReform | None]:
    """Scenario name → its parameter changes (None for a registry reform), in the order given."""
    found: dict[str, ParametricReform | None] = {}
    for reform in reforms:
        changes = None
        if isinstance(reform, str) and not is_parametric(reform):
            parse_reform_name(reform)
            name = reform
        else:
            changes = validated(engine.system(), reform)
            name = changes.key
        engine.system(name)  # builds it: bad parameter values fail here, before any work
        if found.get(name) is None:
            found[name] = changes
    return found


def _describe_parametric(results: Results, scenarios: dict[str, ParametricReform | None]) -> None:
    """Each parametric reform's entry in the summary: its title, the description in kk/ru/en and
    each change (label, unit, baseline values, value, dates)."""
    for name, changes in scenarios.items():
        entry = results.summary["reforms"].get(name)
        if entry is None:
            continue
        if changes is None:
            entry.setdefault("kind", "named")
            continue
        entry.update(describe_all(engine.system(), changes))
        entry["description"] = entry["description_by_lang"]["en"]


def check_replicates(value: object) -> int:
    """The bootstrap replicates: a whole number, 0 (no intervals) or from 20 to 2,000."""
    if (
        isinstance(value, bool)
        or not isinstance(value, int | np.integer)
        or not (value == 0 or 20 <= value <= 2000)
    ):
        msg = f"replicates must be 0 (no intervals) or a whole number from 20 to 2000, not {value!r}."
        raise ValueError(msg)
    return int(value)


def check_partition_households(value: object) -> int:
    """The households per task: a whole number >= 1 (an error otherwise, before any work)."""
    if isinstance(value, bool) or not isinstance(value, int | np.integer) or value < 1:
        msg = f"partition_households must be a whole number of households >= 1, not {value!r}."
        raise ValueError(msg)
    return int(value)


def simulate(
    data: str | Path | Microdata | None = None,
    period: str | int = "2024",
    reforms: Reforms = (),
    take_up: TakeUp | None = None,
    *,
    parameter_changes: object = None,
    engine_name: str = "local",
    scheduler: str | None = None,
    uprate: bool = True,
    partition_households: int = PARTITION_HOUSEHOLDS,
    assume_zero: Sequence[str] = (),
    income_year: int | None = None,
    progress: Progress | None = None,
    replicates: int = engine.REPLICATES,
    processes: int | None = None,
) -> Results:
    """Simulate ASP (baseline and reforms) on microdata over a month, a quarter or a year.

    ``data``: a dataset folder (see docs/microsim.md), validated :class:`Microdata`, or None for
    the embedded SYNTHETIC sample. ``reforms``: registry names such as
    ``caregiver_threshold_7_years`` or ``poverty_line_share:0.8``, or parameter changes (a text
    ``asp.poverty_line.rate=0.8@2025-01-01``, a :class:`ParametricReform` from
    :func:`~openfisca_kz_asp.parametric_reform.load_reform_file`...), one scenario each.
    ``parameter_changes``: one more scenario, the changes of any parameter from a date, e.g.
    ``{"asp.poverty_line.rate": {"2025-01-01": 0.8}}`` or
    ``[{"parameter": "asp.poverty_line.rate", "value": 0.8, "start": "2025-01-01"}]``; a parametric
    scenario is named by the changes' canonical text, and ``summary["reforms"][name]`` describes it
    in words in kk/ru/en (``description_by_lang``, ``parameter_changes``). ``engine_name``: ``local`` or
    ``dask`` (``scheduler`` = address of a running scheduler; default a local cluster).
    ``assume_zero``: income columns taken as 0 where the files lack the column or leave cells
    blank (otherwise an error). ``income_year``: the year of the data's incomes, overriding what
    the files declare (``metadata.json``, Parquet metadata); incomes are uprated from it.
    ``replicates``: bootstrap replicates over households for the 90% intervals of the headline
    figures (0: none). ``processes``: the local engine's worker processes (default one per
    processor as far as the memory available allows, at most one per task; 1: all in this
    process; the figures are the same whatever the number, see
    :mod:`~openfisca_kz_asp.microsim.processes`). Everything is checked before the first
    simulation.
    """
    started = time.perf_counter()
    take_up = take_up or TakeUp()
    per_task = check_partition_households(partition_households)
    replicates = check_replicates(replicates)
    requested = check_processes(processes)
    if engine_name not in {"local", "dask"}:
        msg = f"Unknown engine '{engine_name}' (use local or dask)."
        raise ValueError(msg)
    if engine_name == "dask" and requested is not None:
        msg = "processes applies to the local engine; a Dask cluster's workers are its own."
        raise ValueError(msg)
    months = [str(m) for m in engine.months_of(str(period))]
    scenarios = _scenarios([*reforms, *([] if parameter_changes is None else [parameter_changes])])
    reforms = list(scenarios)
    source, parts, options, in_memory, warnings = _input(data, assume_zero, income_year)
    income = uprating_statement(
        options.income_year, options.income_year_source, int(months[0][:4]), uprate=uprate
    )
    if parts is not None:
        stats = [_part_stats(p, options) for p in parts]
    else:
        assert in_memory is not None
        stats = [(in_memory.n_households, float(in_memory.households["household_weight"].sum()))]
    doubtful = check_weight_total(sum(t for _, t in stats), source)
    tasks = _tasks_for(parts, [n for n, _ in stats], per_task, options)
    largest = min(per_task, max((n for n, _ in stats), default=0))
    used = 1 if engine_name == "dask" else processes_for(requested, len(tasks), largest)
    if engine_name == "dask":
        if in_memory is not None:
            msg = "The Dask engine reads Parquet files: give a dataset folder, not in-memory data."
            raise ValueError(msg)
        from openfisca_kz_asp.microsim.dask_engine import run_dask  # noqa: PLC0415

        first, acc = run_dask(
            tasks,
            months=months,
            reforms=reforms,
            take_up=take_up,
            uprate=uprate,
            scheduler=scheduler,
            progress=progress,
            replicates=replicates,
        )
    else:
        first, acc = _run_local(
            tasks,
            months=months,
            reforms=reforms,
            take_up=take_up,
            uprate=uprate,
            data=in_memory,
            progress=progress,
            replicates=replicates,
            processes=used,
        )
    metas: list[dict[str, Any]] = first
    assumed: dict[str, int] = {}
    for meta in metas:
        for name, rows in meta["assumed_zero"].items():
            assumed[name] = assumed.get(name, 0) + rows
    warnings += [w for m in metas for w in m["warnings"]]
    warnings += unused_assume_zero(options, assumed) if in_memory is None else []
    warnings += [doubtful] if doubtful else []
    if options.income_year is None:
        warnings.append(income["statement"])
    results = finalize(
        acc,
        period=str(period),
        months=months,
        reforms=list(reforms),
        take_up=take_up,
        source=source,
        is_synthetic=all(m["synthetic"] for m in metas),
        households_read=sum(int(m["households"]) for m in metas),
        persons_read=sum(int(m["persons"]) for m in metas),
        descriptions={name: describe(name, engine.system()) for name in reforms},
        warnings=list(dict.fromkeys(warnings)),  # once each, in order
        income=income,
        assumed_zero=assumed,
        replicates=replicates,
    )
    _describe_parametric(results, scenarios)
    results.timings["total_seconds"] = time.perf_counter() - started
    results.summary["engine"] = engine_name
    results.summary["tasks"] = len(tasks)
    if engine_name == "local":
        results.summary["processes"] = used
    results.summary["run_seconds"] = round(results.timings["total_seconds"], 3)
    return results


def _input(
    data: str | Path | Microdata | None, assume_zero: Sequence[str], income_year: int | None
) -> tuple[str, list[Part] | None, ReadOptions, Microdata | None, list[str]]:
    """Source, parts (None for in-memory data), resolved options, in-memory data and warnings."""
    if isinstance(data, Microdata):
        if assume_zero:
            msg = "assume_zero applies when files are read: pass it to load() or validate_frames()."
            raise ValueError(msg)
        in_memory, warnings = _declare_year(data, income_year)
        options = ReadOptions(
            income_year=in_memory.income_year, income_year_source=in_memory.income_year_source
        )
        return in_memory.source, None, options, in_memory, warnings
    root = Path(data) if data is not None else EMBEDDED_SAMPLE
    parts = find_parts(root)
    options = resolve_options(root, parts, assume_zero=assume_zero, income_year=income_year)
    return str(root), parts, options, None, list(options.warnings)


def _declare_year(data: Microdata, income_year: int | None) -> tuple[Microdata, list[str]]:
    """In-memory data with the income year given to :func:`simulate`, which wins over its own."""
    if income_year is None:
        return data, []
    year = check_income_year(income_year, "income_year")
    warnings = []
    if data.income_year is not None and data.income_year != year:
        warnings.append(
            f"income year {year} given explicitly overrides {data.income_year} declared by the data "
            f"({data.income_year_source})."
        )
    return replace(data, income_year=year, income_year_source="declared by the user (income_year=)"), warnings


def _run_local(
    tasks: list[Task],
    *,
    months: list[str],
    reforms: list[str],
    take_up: TakeUp,
    uprate: bool,
    data: Microdata | None,
    progress: Progress | None,
    replicates: int = 0,
    processes: int = 1,
) -> tuple[list[dict[str, Any]], engine.Accumulator]:
    cache: dict[Path, Microdata] = {}

    def first(k: int, _: Callable[[], None]) -> tuple[np.ndarray, np.ndarray, dict[str, Any]]:
        return welfare_task(Task(None, 0, -1), data=task_data(tasks[k], cache, data))

    # Pass 1 reads and validates each part: in the workers when there are several parts; a single
    # part is read here once, and the workers of pass 2 inherit it.
    several = len({t.part.households for t in tasks if t.part is not None}) > 1
    passes = run_tasks(first, len(tasks), processes if several else 1, lambda: None)
    cuts = engine.decile_cuts(np.concatenate([p[0] for p in passes]), np.concatenate([p[1] for p in passes]))
    total = len(tasks) * len(months)
    done = [0]

    def tick() -> None:
        done[0] += 1
        if progress is not None:
            progress("simulate", done[0], total)

    def work(k: int, on_month: Callable[[], None]) -> engine.Accumulator:
        return simulate_task(
            Task(None, 0, -1),
            months=months,
            reforms=reforms,
            take_up=take_up,
            cuts=cuts,
            uprate=uprate,
            data=task_data(tasks[k], cache, data),
            on_month=on_month,
            replicates=replicates,
        )

    parts = run_tasks(work, len(tasks), processes, tick)
    return [p[2] for p in passes], engine.combine(parts)
