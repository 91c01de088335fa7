"""The full-population year on Dask: a local cluster, and a cluster started as users start one.

    openfisca-kz-asp synth --households 5600000 --output /tmp/fullpop      # once (about 40 s)
    python benchmarks/bench_dask.py --data /tmp/fullpop --rounds 3
    python benchmarks/bench_dask.py --data /tmp/fullpop --modes cli-cluster --rounds 1

Modes (each round runs every mode, alternated, so that they see the same machine load):

* ``local-cluster``: ``simulate(engine_name="dask")`` with no scheduler, i.e. what
  ``openfisca-kz-asp simulate --engine dask`` does: a LocalCluster of 2 worker processes with one
  thread each (started by Dask's default method, spawn), started and stopped inside the timed call;
* ``cli-cluster``: ``dask scheduler`` and two ``dask worker ADDRESS --nthreads 1`` processes
  launched from the command line (started before the timing, as a user's cluster would already be
  running), the simulation given the scheduler's address (``--scheduler``);
* ``local``: the single-process engine (``--engine local``), for reference.

Prints, per mode, each round's wall time of ``simulate``, the CPU seconds and the peak memory (the
largest sum of proportional memory, PSS) of this process, its children — a local cluster's fork
server and worker processes — and a command-line cluster's processes (sampled every 0.2 s during the
run; CPU seconds tell two revisions apart when other work shares the machine), their medians, and
whether the summaries of every mode and round are identical (they must be: the engines add the
partitions' sums in task order).

Beside another revision in the same run (as in docs/microsim.md §7), alternate this script in a
worktree of each, that tree first on ``PYTHONPATH`` (the command-line cluster's workers inherit it)::

    git worktree add --detach /tmp/base REV
    for tree in /tmp/base "$PWD"; do
      (cd $tree && PYTHONPATH=$tree python benchmarks/bench_dask.py --data /tmp/fullpop --rounds 1)
    done
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

import psutil
from _usage import Usage

from openfisca_kz_asp.microsim import simulate
from openfisca_kz_asp.microsim.dask_cluster import CommandLineCluster

REFORM = "caregiver_threshold_7_years"


def run(mode: str, data: str, period: str, folder: Path) -> tuple[float, float, float, dict]:
    """One timed simulate of ``mode``: (seconds, peak GiB and CPU seconds of the processes involved,
    summary)."""
    cluster = CommandLineCluster(folder) if mode == "cli-cluster" else None
    watched = [psutil.Process()] + ([psutil.Process(p.pid) for p in cluster.processes] if cluster else [])
    usage = Usage(watched)
    try:
        started = time.perf_counter()
        results = simulate(
            data,
            period=period,
            reforms=[REFORM],
            engine_name="local" if mode == "local" else "dask",
            scheduler=cluster.address if cluster else None,
        )
        seconds = time.perf_counter() - started
    finally:
        peak, cpu = usage.stop()
        if cluster is not None:
            cluster.close()
    summary = {k: results.summary[k] for k in ("input", "baseline", "reforms")}
    return seconds, peak, cpu, summary


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", required=True, help="dataset folder (openfisca-kz-asp synth --output ...)")
    parser.add_argument("--period", default="2024")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--modes", default="local-cluster,cli-cluster", help="comma-separated; also: local")
    args = parser.parse_args()
    modes = [m.strip() for m in args.modes.split(",") if m.strip()]
    unknown = set(modes) - {"local-cluster", "cli-cluster", "local"}
    if unknown:
        parser.error(f"unknown mode(s): {sorted(unknown)}")
    times: dict[str, list[float]] = {m: [] for m in modes}
    peaks: dict[str, list[float]] = {m: [] for m in modes}
    cpus: dict[str, list[float]] = {m: [] for m in modes}
    summaries = []
    for n in range(args.rounds):
        for mode in modes:
            with tempfile.TemporaryDirectory(prefix="kzasp-dask-") as tmp:
                seconds, peak, cpu, summary = run(mode, args.data, args.period, Path(tmp))
            times[mode].append(seconds)
            peaks[mode].append(peak)
            cpus[mode].append(cpu)
            summaries.append(summary)
            print(f"round {n + 1} {mode}: {seconds:.1f} s, CPU {cpu:.1f} s, peak {peak:.2f} GiB", flush=True)
    identical = all(s == summaries[0] for s in summaries)
    first = summaries[0]
    print(
        f"\n{first['input']['households']:,} households, {first['input']['persons']:,} persons, "
        f"{args.period}, baseline + {REFORM}; medians of {args.rounds} rounds"
    )
    for mode in modes:
        seconds, peak, cpu = (statistics.median(v[mode]) for v in (times, peaks, cpus))
        print(f"  {mode:<14} {seconds:6.1f} s   CPU {cpu:6.1f} s   peak {peak:.2f} GiB")
    print(f"  summaries identical across modes and rounds: {'yes' if identical else 'NO'}")
    out = {
        "households": first["input"]["households"],
        "persons": first["input"]["persons"],
        "median_seconds": {m: statistics.median(t) for m, t in times.items()},
        "median_peak_gib": {m: statistics.median(p) for m, p in peaks.items()},
        "median_cpu_seconds": {m: statistics.median(c) for m, c in cpus.items()},
        "seconds": times,
        "identical": identical,
        "cost_annual_baseline_kzt": first["baseline"]["cost_annual"],
    }
    print(json.dumps(out))
    return 0 if identical else 1


if __name__ == "__main__":
    sys.exit(main())
