"""The Python API: ``simulate(...)`` runs baseline and reforms on microdata and returns Results.

    from openfisca_kz_asp.microsim import simulate
    results = simulate(period="2024", reforms=["caregiver_threshold_7_years"])
    results.tables["by_region"]; results.summary["baseline"]["cost_annual"]

Work is split into tasks of at most ``partition_households`` households (a Parquet part or a
slice of one). The local engine runs them in this process, the Dask engine on a cluster; both
add the tasks' float64 sums in task order, so they give the same figures.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from openfisca_kz_asp._paths import PACKAGE_DIR
from openfisca_kz_asp.microsim import engine
from openfisca_kz_asp.microsim.loader import Microdata, Part, find_parts, read_part, slice_households
from openfisca_kz_asp.microsim.results import Results, finalize
from openfisca_kz_asp.microsim.takeup import TakeUp
from openfisca_kz_asp.reform_registry import describe, parse_reform_name

EMBEDDED_SAMPLE = PACKAGE_DIR / "data" / "synthetic_hbs_2024"
PARTITION_HOUSEHOLDS = 250_000

Progress = Callable[[str, int, int], None]  # (stage, done, total)


@dataclass(frozen=True)
class Task:
    """Households ``start:stop`` of one part (``stop`` -1 = to the end)."""

    part: Part | None
    start: int
    stop: int


def _tasks_for(parts: Sequence[Part] | None, sizes: Sequence[int], per_task: int) -> list[Task]:
    tasks = []
    for k, size in enumerate(sizes):
        part = parts[k] if parts is not None else None
        for start in range(0, size, per_task):
            tasks.append(Task(part, start, min(size, start + per_task)))
    return tasks


def _household_count(part: Part) -> int:
    import pyarrow.parquet as pq  # noqa: PLC0415

    if part.households.suffix == ".parquet":
        return pq.ParquetFile(part.households).metadata.num_rows
    return -1  # CSV: counted after reading


def task_data(
    task: Task, cache: dict[Path, Microdata] | None = None, data: Microdata | None = None
) -> Microdata:
    """The validated households (and persons) of a task."""
    if data is None:
        assert task.part is not None
        if cache is not None and task.part.households in cache:
            data = cache[task.part.households]
        else:
            data = read_part(task.part)
            if cache is not None:
                cache.clear()
                cache[task.part.households] = data
    if task.start == 0 and (task.stop < 0 or task.stop >= data.n_households):
        return data
    return slice_households(data, task.start, task.stop)


def welfare_task(
    task: Task, data: Microdata | None = None
) -> tuple[np.ndarray, np.ndarray, dict[str, object]]:
    """Pass 1 of a task: per-capita income, person weights, counts and provenance."""
    part = task_data(task, data=data)
    welfare, weights = engine.person_weights(part)
    meta = {
        "households": part.n_households,
        "persons": part.n_persons,
        "synthetic": part.is_synthetic,
        "income_year": part.income_year,
        "warnings": part.warnings if task.start == 0 else [],
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
) -> engine.Accumulator:
    """Pass 2 of a task: simulate its months and return the sums."""
    from openfisca_core import periods  # noqa: PLC0415

    part = task_data(task, data=data)
    return engine.simulate_partition(
        part, [periods.period(m) for m in months], reforms, take_up, cuts, uprate=uprate, on_month=on_month
    )


def check_reforms(reforms: Sequence[str]) -> list[str]:
    """Validate reform names against the registry (raises UnknownReformError)."""
    names = []
    for name in reforms:
        parse_reform_name(name)
        engine.system(name)  # builds it: bad parameter values fail here, before any work
        if name not in names:
            names.append(name)
    return names


def simulate(
    data: str | Path | Microdata | None = None,
    period: str | int = "2024",
    reforms: Sequence[str] = (),
    take_up: TakeUp | None = None,
    *,
    engine_name: str = "local",
    scheduler: str | None = None,
    uprate: bool = True,
    partition_households: int = PARTITION_HOUSEHOLDS,
    progress: Progress | None = None,
) -> Results:
    """Simulate ASP (baseline and reforms) on microdata over a month, a quarter or a year.

    ``data``: a dataset folder (see docs/microsim.md), validated :class:`Microdata`, or None for
    the embedded SYNTHETIC sample. ``reforms``: registry names such as
    ``caregiver_threshold_7_years`` or ``poverty_line_share:0.8``. ``engine_name``: ``local`` or
    ``dask`` (``scheduler`` = address of a running scheduler; default a local cluster).
    """
    started = time.perf_counter()
    take_up = take_up or TakeUp()
    months = [str(m) for m in engine.months_of(str(period))]
    reforms = check_reforms(reforms)
    in_memory = data if isinstance(data, Microdata) else None
    if in_memory is not None:
        parts = None
        sizes = [in_memory.n_households]
        source = in_memory.source
    else:
        root = Path(data) if data is not None else EMBEDDED_SAMPLE
        parts = find_parts(root)
        sizes = [_household_count(p) for p in parts]
        if any(s < 0 for s in sizes):  # CSV: read once to count
            sizes = [read_part(p).n_households for p in parts]
        source = str(root)
    tasks = _tasks_for(parts, sizes, max(1, partition_households))
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
        )
    elif engine_name == "local":
        first, acc = _run_local(
            tasks,
            months=months,
            reforms=reforms,
            take_up=take_up,
            uprate=uprate,
            data=in_memory,
            progress=progress,
        )
    else:
        msg = f"Unknown engine '{engine_name}' (use local or dask)."
        raise ValueError(msg)
    metas = first
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
        descriptions={name: describe(name) for name in reforms},
        warnings=[w for m in metas for w in m["warnings"]],
    )
    results.timings["total_seconds"] = time.perf_counter() - started
    results.summary["engine"] = engine_name
    results.summary["tasks"] = len(tasks)
    results.summary["run_seconds"] = round(results.timings["total_seconds"], 3)
    return results


def _run_local(
    tasks: list[Task],
    *,
    months: list[str],
    reforms: list[str],
    take_up: TakeUp,
    uprate: bool,
    data: Microdata | None,
    progress: Progress | None,
) -> tuple[list[dict[str, object]], engine.Accumulator]:
    cache: dict[Path, Microdata] = {}
    passes = [welfare_task(Task(None, 0, -1), data=task_data(t, cache, data)) for t in tasks]
    cuts = engine.decile_cuts(np.concatenate([p[0] for p in passes]), np.concatenate([p[1] for p in passes]))
    total = len(tasks) * len(months)
    done = [0]

    def tick() -> None:
        done[0] += 1
        if progress is not None:
            progress("simulate", done[0], total)

    parts = []
    for task in tasks:
        part = task_data(task, cache, data)
        whole = Task(None, 0, -1)
        parts.append(
            simulate_task(
                whole,
                months=months,
                reforms=reforms,
                take_up=take_up,
                cuts=cuts,
                uprate=uprate,
                data=part,
                on_month=tick,
            )
        )
    return [p[2] for p in passes], engine.combine(parts)
