"""The Dask engine: the same tasks as the local engine, run on a Dask cluster.

Each task reads its own Parquet part (or a slice of it) on a worker, once: the validated data stays
on that worker for pass 1 (per-household incomes and weights, for the global decile cut points,
which a worker computes) and pass 2, so no table passes through the client; only the tasks'
metadata and the small additive sums of pass 2 come back. Sums are added in task order, as
the local engine does, so the two engines give identical figures. Workers must see the files
(a shared filesystem or the same paths on every machine).
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

from openfisca_kz_asp.microsim import engine
from openfisca_kz_asp.microsim.allocator import tune_allocator
from openfisca_kz_asp.microsim.loader import Microdata
from openfisca_kz_asp.microsim.takeup import TakeUp

if TYPE_CHECKING:  # dask[distributed] is an optional dependency
    from distributed import Client, LocalCluster

Progress = Callable[[str, int, int], None]  # (stage, done, total), as microsim.api's


def _read(task: object) -> Microdata:
    """Read and validate a task's households on a worker (once: both passes use the result)."""
    from openfisca_kz_asp.microsim.api import task_data  # noqa: PLC0415

    tune_allocator()
    return task_data(task)  # type: ignore[arg-type]


def _welfare(data: Microdata) -> Any:
    """Pass 1 of a task on a worker: per-capita incomes, person weights, the task's metadata.

    The incomes come sorted (stable), their weights in the same order: the workers sort their own
    tasks in parallel, and the stable sort of the cut points (:func:`_cuts`) then merges sorted runs.
    Ties keep the task order, then the order within the task, as in the stable sort of the whole,
    so the sorted incomes and weights, hence the cut points, are those of the local engine.
    """
    from openfisca_kz_asp.microsim.api import Task, welfare_task  # noqa: PLC0415

    welfare, weights, meta = welfare_task(Task(None, 0, -1), data=data)
    order = np.argsort(welfare, kind="stable")
    return welfare[order], weights[order], meta


def _metadata(first: tuple[np.ndarray, np.ndarray, dict[str, Any]]) -> dict[str, Any]:
    return first[2]


def _cuts(firsts: Sequence[tuple[np.ndarray, np.ndarray, dict[str, Any]]]) -> np.ndarray:
    """The decile cut points of all tasks' pass 1, in task order (on a worker, as the local engine;
    numpy's stable sort of floats, a timsort, merges the tasks' sorted runs in a fraction of the
    time it takes to sort them)."""
    return engine.decile_cuts(np.concatenate([f[0] for f in firsts]), np.concatenate([f[1] for f in firsts]))


def _simulate(data: Microdata, cuts: np.ndarray, **kwargs: Any) -> engine.Accumulator:
    """Pass 2 of a task on a worker, on the data its pass 1 read."""
    from openfisca_kz_asp.microsim.api import Task, simulate_task  # noqa: PLC0415

    tune_allocator()
    return simulate_task(Task(None, 0, -1), cuts=cuts, data=data, **kwargs)


def _client(scheduler: str | None) -> tuple[Client, LocalCluster | None]:
    try:
        from distributed import Client  # noqa: PLC0415
    except ImportError:  # pragma: no cover - depends on the installation
        msg = "The Dask engine needs dask[distributed]: pip install 'openfisca-kz-asp[dask]'."
        raise ValueError(msg) from None
    if scheduler:
        try:
            return Client(scheduler, timeout="20s"), None
        except OSError as error:
            msg = f"Cannot reach the Dask scheduler at {scheduler}: {error}"
            raise ValueError(msg) from None
    cluster = _local_cluster()
    return Client(cluster), cluster


PRELOAD = "openfisca_kz_asp.microsim.dask_worker"  # the package imported, the system built

PROFILER_SETTING = "DASK_DISTRIBUTED__WORKER__PROFILE__ENABLED"


def worker_config() -> dict[str, object]:
    """Dask settings for the workers that run this package's tasks: Dask's statistical profiler off.

    A Dask worker samples the stack of its running task 100 times a second (``distributed.worker.
    profile``, for the dashboard's profile page), each time walking the simulation's deep call
    stacks while the task waits for the interpreter, and keeps the samples. The full-population
    year (5.6 M households, 2026-12-01, 3 alternated rounds on the quiet machine) took 40.7 s and
    75 s of CPU on the default local cluster without it against 50.1 s and 90 s with it, and 41.4 s
    against 48.6 s on a command-line cluster (docs/microsim.md §7). The local cluster has no
    dashboard to show the profile. Left as the user set it when the environment variable
    ``DASK_DISTRIBUTED__WORKER__PROFILE__ENABLED`` is given (``True`` keeps the profile page).
    """
    if PROFILER_SETTING in os.environ:
        return {}
    return {"distributed.worker.profile.enabled": False}


def _local_cluster() -> LocalCluster:
    """Two single-threaded worker processes forked by a fork server that has imported the package
    and built the system (:mod:`dask_worker`): they start in a fraction of a second with nothing
    left to import. Spawned workers (Dask's default) took 2.6 s to start and 3.3 s more to import
    the package at their first task; forking them from this process, which runs threads (the
    client's), hung the second full-population run in one process every time tried (2026-12-01).
    The fork server is a process of its own, with no thread, started once per process."""
    import dask  # noqa: PLC0415
    from distributed import LocalCluster  # noqa: PLC0415
    from distributed.utils import get_mp_context  # noqa: PLC0415

    if getattr(multiprocessing.current_process(), "_inheriting", False):
        # A worker process importing the calling script again (multiprocessing's own test, in
        # spawn._check_not_importing_main): stop it with the message, not a traceback.
        raise SystemExit(UNGUARDED_SCRIPT)
    # The workers take the client's Dask settings when the cluster starts (worker_config's here).
    with dask.config.set({"distributed.worker.multiprocessing-method": "forkserver", **worker_config()}):
        # Dask sets the fork server's preload list on its first use in a process, then leaves it: this
        # one (this package's module, then Dask's) applies when the fork server starts.
        get_mp_context().set_forkserver_preload([PRELOAD, "distributed"])
        try:
            return LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None)
        except RuntimeError as error:  # a worker process that did not start ("Nanny failed to start")
            msg = f"The local Dask cluster's worker processes did not start ({error}). {UNGUARDED_SCRIPT}"
            raise ValueError(msg) from None


UNGUARDED_SCRIPT = (
    "Worker processes import the calling script again: in a script, call simulate(engine_name='dask') "
    'under `if __name__ == "__main__":`, or give the address of a running cluster (scheduler=...).'
)


def run_dask(
    tasks: Sequence[object],
    *,
    months: Sequence[str],
    reforms: Sequence[str],
    take_up: TakeUp,
    uprate: bool,
    scheduler: str | None,
    progress: Progress | None,
    client: Client | None = None,
    replicates: int = 0,
) -> tuple[list[dict[str, object]], engine.Accumulator]:
    """Run pass 1 and pass 2 of every task on Dask; return the task metadata and the summed sums."""
    from distributed import as_completed  # noqa: PLC0415

    own_client = client is None
    own_cluster = None
    if client is None:
        client, own_cluster = _client(scheduler)
    try:
        # One graph: each task's data is read once and stays on its worker for both passes; the cut
        # points are computed on a worker as soon as every pass 1 is done, and each pass 2 then runs
        # where its data is. Only the metadata and the sums come back to the client.
        datas = [client.submit(_read, task, pure=False) for task in tasks]
        firsts = [client.submit(_welfare, data, pure=False) for data in datas]
        cuts = client.submit(_cuts, firsts, pure=False)
        metas = [client.submit(_metadata, first, pure=False) for first in firsts]
        options = {
            "months": list(months),
            "reforms": list(reforms),
            "take_up": take_up,
            "uprate": uprate,
            "replicates": replicates,
        }
        futures = [client.submit(_simulate, data, cuts, pure=False, **options) for data in datas]
        del datas, firsts, cuts  # released as soon as no task needs them
        index = {f.key: k for k, f in enumerate(futures)}
        results: dict[int, engine.Accumulator] = {}
        for done, future in enumerate(as_completed(futures), start=1):
            results[index[future.key]] = future.result()
            future.release()
            if progress is not None:
                progress("simulate (dask)", done, len(futures))
        ordered = [results[k] for k in range(len(futures))]  # task order, as the local engine
        return client.gather(metas), engine.combine(ordered)
    finally:
        if own_client:
            client.close()
        if own_cluster is not None:
            own_cluster.close()
