"""The local engine on several processes (openfisca_kz_asp/microsim/processes.py): the same figures
as in one process, the progress of every month, and an error, never part of the sums, when a worker
fails or dies."""

from __future__ import annotations

import multiprocessing
import os
import signal
import subprocess
import sys
import threading
import time

import pandas as pd
import pyarrow.compute as pc
import pyarrow.parquet as pq
import pytest

from openfisca_kz_asp.cli import main
from openfisca_kz_asp.microsim import EMBEDDED_SAMPLE, processes, simulate
from openfisca_kz_asp.microsim.processes import WorkerDiedError, processes_for, run_tasks

FORK = pytest.mark.skipif(not processes.fork_available(), reason="worker processes are forked")


@FORK
def test_two_processes_give_the_figures_of_one(tmp_path) -> None:
    """Every table and the summary of a year with a reform, tasks of 700 households on 1 and on 2
    processes: the tasks' sums are added in task order either way, so bit for bit the same."""
    runs = {}
    ticks: dict[int, list[int]] = {}
    for n in (1, 2):
        ticks[n] = []
        runs[n] = simulate(
            EMBEDDED_SAMPLE,
            period="2024",
            reforms=["caregiver_threshold_7_years"],
            partition_households=700,
            replicates=20,
            processes=n,
            progress=lambda stage, done, total, n=n: ticks[n].append(done) if stage == "simulate" else None,
        )
    assert runs[1].summary["tasks"] >= 3
    assert (runs[1].summary["processes"], runs[2].summary["processes"]) == (1, 2)
    for name, table in runs[1].tables.items():
        pd.testing.assert_frame_equal(runs[2].tables[name], table, check_exact=True, obj=name)
    same = {k: v for k, v in runs[1].summary.items() if k not in {"run_seconds", "processes"}}
    assert same == {k: v for k, v in runs[2].summary.items() if k not in {"run_seconds", "processes"}}
    # every month of every task is counted once, in order, on the progress bar
    months = runs[1].summary["tasks"] * 12
    assert ticks[1] == list(range(1, months + 1))
    assert ticks[2] == list(range(1, months + 1))


@pytest.fixture
def three_parts(tmp_path):
    """The embedded sample cut into three Parquet parts (each part's persons beside it)."""
    households = pq.read_table(EMBEDDED_SAMPLE / "synthetic_households.parquet")
    persons = pq.read_table(EMBEDDED_SAMPLE / "synthetic_persons.parquet")
    for table in ("households", "persons"):
        (tmp_path / f"synthetic_{table}").mkdir()
    cut = [0, 1200, 2500, households.num_rows]
    for k in range(3):
        part = households.slice(cut[k], cut[k + 1] - cut[k])
        members = persons.filter(pc.is_in(persons["household_id"], part["household_id"]))
        pq.write_table(part, tmp_path / "synthetic_households" / f"part-{k:05d}.parquet")
        pq.write_table(members, tmp_path / "synthetic_persons" / f"part-{k:05d}.parquet")
    return tmp_path


@FORK
def test_parts_read_by_the_workers_give_the_figures_of_one_process(three_parts) -> None:
    """With several parts pass 1 reads them in the workers: the same figures and warnings."""
    runs = {n: simulate(three_parts, period="2024-Q2", replicates=20, processes=n) for n in (1, 2)}
    assert runs[2].summary["tasks"] == 3
    for name, table in runs[1].tables.items():
        pd.testing.assert_frame_equal(runs[2].tables[name], table, check_exact=True, obj=name)
    same = {k: v for k, v in runs[1].summary.items() if k not in {"run_seconds", "processes"}}
    assert same == {k: v for k, v in runs[2].summary.items() if k not in {"run_seconds", "processes"}}
    assert (
        runs[2].summary["input"]["households_read"]
        == pq.read_metadata(EMBEDDED_SAMPLE / "synthetic_households.parquet").num_rows
    )


def test_how_many_processes() -> None:
    """One per processor by default, never more than the tasks, never fewer than 1."""
    assert processes_for(None, 1) == 1
    assert processes_for(8, 3) == (3 if processes.fork_available() else 1)
    assert processes_for(1, 10) == 1
    assert processes_for(None, 1000) == (processes.cpus_available() if processes.fork_available() else 1)


@FORK
def test_by_default_each_worker_has_the_memory_of_its_task(monkeypatch) -> None:
    """4,000 bytes a household: 250,000-household tasks need 1 GB a worker; with 2.5 GB available,
    2 workers by default, whatever the processors; a number asked for is taken as asked."""
    monkeypatch.setattr(processes, "cpus_available", lambda: 8)
    monkeypatch.setattr(processes, "memory_available", lambda: 2_500_000_000)
    assert processes_for(None, 20, 250_000) == 2
    assert processes_for(None, 20, 25_000) == 8
    assert processes_for(5, 20, 250_000) == 5
    monkeypatch.setattr(processes, "memory_available", lambda: 10**8)
    assert processes_for(None, 20, 250_000) == 1
    monkeypatch.setattr(processes, "memory_available", lambda: None)  # not known: one per processor
    assert processes_for(None, 20, 250_000) == 8


def test_memory_available_is_read_where_the_system_tells_it() -> None:
    available = processes.memory_available()
    if sys.platform.startswith("linux"):
        assert available is not None
        assert available > 0


def test_without_fork_the_tasks_run_in_this_process(monkeypatch) -> None:
    monkeypatch.setattr(processes, "fork_available", lambda: False)
    assert processes_for(4, 10) == 1


@pytest.mark.parametrize("value", [0, -2, 1.5, "2", True])
def test_processes_must_be_a_whole_number_of_one_or_more(value) -> None:
    with pytest.raises(ValueError, match="processes must be a whole number >= 1"):
        simulate(period="2024-05", processes=value)


def test_processes_are_for_the_local_engine() -> None:
    with pytest.raises(ValueError, match="processes applies to the local engine"):
        simulate(period="2024-05", engine_name="dask", processes=2)


def _fails_at_two(k: int, tick) -> int:
    if k == 2:
        msg = f"task {k} cannot be computed"
        raise ArithmeticError(msg)
    tick()
    return k


def _dies_at_one(k: int, tick) -> int:
    if k == 1:
        os._exit(3)  # as if killed (out of memory)
    return k


@FORK
def test_an_error_in_a_worker_reaches_the_caller_as_itself() -> None:
    with pytest.raises(ArithmeticError, match="task 2 cannot be computed"):
        run_tasks(_fails_at_two, 5, 2, lambda: None)


@FORK
def test_a_worker_that_dies_stops_the_run_with_an_error_that_says_so() -> None:
    with pytest.raises(WorkerDiedError, match=r"ended without its results.*--processes 1"):
        run_tasks(_dies_at_one, 4, 2, lambda: None)


def _fails_at_once_or_sleeps(k: int, tick) -> int:
    if k == 0:
        msg = "task 0 cannot be computed"
        raise ArithmeticError(msg)
    time.sleep(60)
    return k


def _sleeps(k: int, tick) -> int:
    time.sleep(60)
    return k


@FORK
def test_an_error_stops_the_other_workers_at_once() -> None:
    """The other workers' tasks (a minute each here) are not waited for."""
    started = time.monotonic()
    with pytest.raises(ArithmeticError, match="task 0"):
        run_tasks(_fails_at_once_or_sleeps, 4, 2, lambda: None)
    assert time.monotonic() - started < 20
    assert not multiprocessing.active_children()


@FORK
def test_ctrl_c_stops_the_workers_at_once() -> None:
    """Ctrl-C (SIGINT) in the calling process: KeyboardInterrupt there, the workers ended."""
    threading.Timer(1.0, signal.raise_signal, args=(signal.SIGINT,)).start()
    started = time.monotonic()
    with pytest.raises(KeyboardInterrupt):
        run_tasks(_sleeps, 4, 2, lambda: None)
    assert time.monotonic() - started < 20
    assert not multiprocessing.active_children()


class _NotPassedBack(Exception):  # noqa: N818 - a stand-in
    """An error that cannot be pickled, whatever pickles errors (it holds a lock). One that only
    could not be rebuilt (an __init__ of two arguments) came back whole once Dask was imported and
    not after its clusters had run: the test depended on the order of the test files."""

    def __init__(self, what: str) -> None:
        super().__init__(what)
        self.lock = threading.Lock()


def _raises_what_cannot_be_passed_back(k: int, tick) -> int:
    raise _NotPassedBack("the month's sums are not numbers")


@FORK
def test_an_error_that_cannot_be_passed_back_reaches_the_caller_as_text() -> None:
    with pytest.raises(RuntimeError, match=r"^_NotPassedBack: the month's sums are not numbers$"):
        run_tasks(_raises_what_cannot_be_passed_back, 3, 2, lambda: None)


@FORK
def test_the_results_come_in_task_order() -> None:
    assert run_tasks(lambda k, tick: k * k, 7, 2, lambda: None) == [k * k for k in range(7)]


@FORK
def test_output_not_yet_written_is_written_once() -> None:
    """The workers are forked: without a flush first, each would write the caller's pending output
    again when it ends."""
    code = (
        "import sys\n"
        "from openfisca_kz_asp.microsim.processes import run_tasks\n"
        "sys.stdout.write('pending ')\n"
        "print(run_tasks(lambda k, tick: k, 4, 2, lambda: None))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out == "pending [0, 1, 2, 3]\n"


def test_cli_processes_option(tmp_path, capsys) -> None:
    with pytest.raises(SystemExit) as stopped:
        main(["simulate", "--processes", "0", "--output", str(tmp_path)])
    assert stopped.value.code == 2
    assert "argument --processes: a whole number >= 1, not '0'" in capsys.readouterr().err
    assert main(["simulate", "--engine", "dask", "--processes", "2", "--output", str(tmp_path)]) == 2
    assert "--processes applies to --engine local" in capsys.readouterr().err
