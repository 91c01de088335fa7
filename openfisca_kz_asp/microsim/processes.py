"""The local engine's tasks on several processes of this machine.

Pass 2 of the local engine (each task's months, baseline and reforms) runs in worker processes
*forked* from this one: they inherit the data already read, the tax-benefit systems already built
and the decile cut points, so nothing large is copied or rebuilt; each returns its task's sums (a
few kilobytes), which are added in task order, as one process adds them: the figures are the same
whatever the number of processes. Where workers cannot be forked safely (Windows; macOS, where
Python spawns them instead, and each would rebuild the model), the tasks run in this process.

The workers tick a shared counter after each month, which this process reads every 0.2 s for the
progress bar. A worker that dies (killed, out of memory) stops the run with an error that says
so, never with part of the sums.
"""

from __future__ import annotations

import multiprocessing
import os
import pickle
import signal
import sys
from collections.abc import Callable
from concurrent.futures import FIRST_EXCEPTION, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from typing import Any

from openfisca_kz_asp.microsim.allocator import c_function, release_free_memory

Tick = Callable[[], None]
Work = Callable[[int, Tick], Any]  # task number, a tick after each month -> the task's sums

# The memory a worker needs per household of its task: 0.85 GiB (PSS) for 250,000 SYNTHETIC
# households over a year with a reform (docs/microsim.md §6), rounded up. The default number of
# processes leaves each worker this much of the memory available.
WORKER_BYTES_PER_HOUSEHOLD = 4_000

PR_SET_PDEATHSIG = 1  # Linux's prctl option: a signal when the parent ends

_INHERITED: dict[str, Any] = {}  # what the forked workers find: the work and the month counter


class WorkerDiedError(RuntimeError):
    """A worker process ended without returning its task's sums."""


def fork_available() -> bool:
    """True where worker processes can be forked from this one safely: Linux and the other Unix
    systems, not macOS (whose system libraries are not safe to fork with, hence Python's spawn)."""
    return "fork" in multiprocessing.get_all_start_methods() and sys.platform != "darwin"


def cpus_available() -> int:
    """The processors this process may run on (its affinity where the system tells it)."""
    if hasattr(os, "sched_getaffinity"):
        return max(1, len(os.sched_getaffinity(0)))
    return max(1, os.cpu_count() or 1)


def check_processes(value: object) -> int | None:
    """``processes`` as given to ``simulate``: None (as many as processors) or a whole number >= 1."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        msg = f"processes must be a whole number >= 1 (or None: one per processor), not {value!r}."
        raise ValueError(msg)
    return value


def memory_available() -> int | None:
    """Bytes of memory the system can give without swapping (Linux's MemAvailable), else None."""
    try:
        with open("/proc/meminfo", encoding="ascii") as lines:
            for line in lines:
                if line.startswith("MemAvailable:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        return None
    return None


def processes_for(requested: int | None, tasks: int, households_per_task: int = 0) -> int:
    """How many processes run ``tasks`` tasks of at most ``households_per_task`` households: the
    number requested, else one per processor as far as the memory available allows a worker each;
    at most one per task, and 1 where workers cannot be forked."""
    if not fork_available():
        return 1
    wanted = cpus_available() if requested is None else requested
    available = memory_available() if requested is None and households_per_task else None
    if available is not None:
        wanted = min(wanted, available // (households_per_task * WORKER_BYTES_PER_HOUSEHOLD))
    return max(1, min(wanted, tasks))


def run_tasks(work: Work, count: int, processes: int, tick: Tick) -> list[Any]:
    """``work(k, tick)`` for k in 0..count-1, in ``processes`` forked workers (1: in this process),
    the results in task order; ``tick`` is called once per month done, in this process."""
    if processes <= 1 or count <= 1:
        return [work(k, tick) for k in range(count)]
    context = multiprocessing.get_context("fork")
    counter = context.Value("i", 0)
    _INHERITED.update(work=work, counter=counter)
    for stream in (sys.stdout, sys.stderr):  # else a worker would write this process's pending output again
        stream.flush()
    release_free_memory()
    ticked = 0

    def catch_up() -> None:
        nonlocal ticked
        while ticked < counter.value:
            ticked += 1
            tick()

    pool = ProcessPoolExecutor(
        max_workers=min(processes, count),
        mp_context=context,
        initializer=_worker_signals,
        initargs=(os.getpid(),),
    )
    try:
        futures: list[Future[Any]] = [pool.submit(_in_worker, k) for k in range(count)]
        pending = set(futures)
        while pending:
            done, pending = wait(pending, timeout=0.2, return_when=FIRST_EXCEPTION)
            catch_up()
            # an error stops the run: of the tasks failed so far, the first in task order
            failed = next((f.exception() for f in futures if f in done and f.exception() is not None), None)
            if failed is not None:
                raise failed
        results = [future.result() for future in futures]
    except BrokenProcessPool as error:
        _stop(pool)
        raise WorkerDiedError(_died(error)) from error
    except BaseException:  # an error in a task, Ctrl-C: the workers stop now, not after their tasks
        _stop(pool)
        raise
    finally:
        _INHERITED.clear()
    pool.shutdown(wait=True)
    catch_up()
    return results


def _died(error: BrokenProcessPool) -> str:
    """What to tell when a worker's results did not come back: the error that stopped them when
    there was one (e.g. an error that could not be passed back), else the likely causes."""
    cause = [line.strip() for line in str(error.__cause__ or "").splitlines() if line.strip(" '")]
    why = f" ({cause[-1]})" if cause else " (killed, or out of memory)"
    return (
        f"A worker process of the simulation ended without its results{why}. Run with fewer "
        "processes (--processes 1) or smaller tasks (--partition-households)."
    )


def _stop(pool: ProcessPoolExecutor) -> None:
    """End the workers at once (their tasks' results are not wanted) and the pool's threads."""
    for process in list((getattr(pool, "_processes", None) or {}).values()):  # private in Python 3.11
        process.terminate()
    pool.shutdown(wait=True, cancel_futures=True)


def _worker_signals(parent: int) -> None:
    """In a worker: Ctrl-C is for the calling process, which stops the workers; a worker ends with
    the calling process (Linux) instead of running on alone."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    prctl = c_function("prctl")
    if prctl is not None:
        prctl(PR_SET_PDEATHSIG, signal.SIGTERM)
    if os.getppid() != parent:  # the calling process ended before the line above
        os._exit(1)


def _in_worker(k: int) -> Any:
    counter = _INHERITED["counter"]

    def tick() -> None:
        with counter.get_lock():
            counter.value += 1

    try:
        return _INHERITED["work"](k, tick)
    except Exception as error:
        if _survives_pickling(error):
            raise
        text = f"{type(error).__name__}: {error}"
    # raised outside the handler, so that it carries no context (tblib, which Dask installs,
    # would pickle the context: the very error that does not survive it)
    raise RuntimeError(text)


def _survives_pickling(error: Exception) -> bool:
    """Whether an error can be passed back to the calling process (it goes by pickling)."""
    try:
        pickle.loads(pickle.dumps(error))  # our own bytes, just written
    except Exception:  # any failure: its text is passed back instead
        return False
    return True
