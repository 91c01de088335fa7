"""The microsimulation benchmark at two revisions, side by side in one run.

    python benchmarks/compare_revisions.py --baseline 7d367d4             # 1M households, 3 rounds
    python benchmarks/compare_revisions.py --baseline HEAD~5 --households 200000 --rounds 5
    python benchmarks/compare_revisions.py --baseline 7d367d4 --part year  # a year, `simulate`
    python benchmarks/compare_revisions.py --baseline d949a4d --part year --same-script

Checks the baseline revision out into a temporary git worktree, then runs
``benchmarks/bench_microsim.py --part month`` (or ``--part year``) alternately in the baseline tree
and in this one
(each in a fresh process, with that tree first on PYTHONPATH), so that both see the same machine
load. Prints, per revision, the median over the rounds of each run's median OpenFisca time, numpy
time and their ratio (month), or of the year's wall time and peak memory (year), and the change of
the OpenFisca (year) time against the baseline.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parents[1]
KEYS = {
    "month": ("median_openfisca_seconds", "median_numpy_seconds", "openfisca_over_numpy"),
    "year": ("year_seconds_baseline_plus_reform", "cpu_seconds", "peak_gib"),
}


def run_bench(tree: Path, households: int, repeat: int, part: str, extra: list[str]) -> dict[str, float]:
    """One run of a tree's bench_microsim.py (this tree's with ``--same-script``) on that tree's code."""
    env = dict(os.environ, PYTHONPATH=str(tree))
    script = (HERE if "--same-script" in extra else tree) / "benchmarks" / "bench_microsim.py"
    command = [
        sys.executable,
        str(script),
        "--part",
        part,
        "--households",
        str(households),
        "--repeat",
        str(repeat),
        *(arg for arg in extra if arg != "--same-script"),
    ]
    out = subprocess.run(command, env=env, cwd=tree, capture_output=True, text=True, check=True).stdout
    line = next(line for line in reversed(out.splitlines()) if line.startswith("{"))
    result = json.loads(line)
    # an older revision's script may lack a figure (peak_gib, cpu_seconds): nan, not a KeyError
    return {k: result.get(k, float("nan")) for k in {*result, *KEYS[part]}}


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--baseline", required=True, help="git revision to compare with (e.g. a tag or hash)")
    parser.add_argument("--households", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=3, help="repetitions inside each bench run")
    parser.add_argument("--rounds", type=int, default=3, help="bench runs per revision, alternated")
    parser.add_argument("--part", choices=sorted(KEYS), default="month")
    parser.add_argument("--against", help="a second revision to measure instead of the working tree")
    parser.add_argument(
        "--same-script",
        action="store_true",
        help="run this tree's bench_microsim.py on both revisions' code (the same measurement; the "
        "older revision must have the functions it uses)",
    )
    parser.add_argument("--partition-households", type=int, help="year: households per task")
    parser.add_argument("--processes", type=int, help="year: the local engine's processes (--same-script)")
    args = parser.parse_args()
    extra = ["--same-script"] if args.same_script else []
    if args.partition_households is not None:
        extra += ["--partition-households", str(args.partition_households)]
    if args.processes is not None:
        extra += ["--processes", str(args.processes)]
    if args.households < 1000 or args.rounds < 1 or args.repeat < 1:
        parser.error("--households must be at least 1000, --rounds and --repeat at least 1")
    keys = KEYS[args.part]
    with tempfile.TemporaryDirectory(prefix="kzasp-baseline-") as tmp:
        base = Path(tmp) / "tree"
        subprocess.run(
            ["git", "-C", str(HERE), "worktree", "add", "--detach", str(base), args.baseline], check=True
        )
        current = HERE
        if args.against:
            current = Path(tmp) / "against"
            subprocess.run(
                ["git", "-C", str(HERE), "worktree", "add", "--detach", str(current), args.against],
                check=True,
            )
        try:
            runs: dict[str, list[dict[str, float]]] = {"baseline": [], "current": []}
            for n in range(args.rounds):
                for name, tree in (("baseline", base), ("current", current)):
                    result = run_bench(tree, args.households, args.repeat, args.part, extra)
                    runs[name].append(result)
                    print(
                        f"round {n + 1} {name}: " + ", ".join(f"{k} {result[k]:.3f}" for k in keys),
                        flush=True,
                    )
        finally:
            for tree in {base, current} - {HERE}:
                subprocess.run(
                    ["git", "-C", str(HERE), "worktree", "remove", "--force", str(tree)], check=True
                )
    medians = {name: {k: statistics.median(r[k] for r in rs) for k in keys} for name, rs in runs.items()}
    what = "one month" if args.part == "month" else "a year through simulate"
    print(f"\n{args.households:,} households, {what}, baseline + reform; medians of {args.rounds} runs")
    print(f"{'revision':<28} " + " ".join(f"{k:>34}" for k in keys))
    for name, label in (("baseline", args.baseline), ("current", args.against or "working tree")):
        print(f"{name + ' (' + label + ')':<28} " + " ".join(f"{medians[name][k]:>34.3f}" for k in keys))
    change = medians["current"][keys[0]] / medians["baseline"][keys[0]] - 1
    print(f"{keys[0]}, current against baseline: {change:+.1%}")


if __name__ == "__main__":
    main()
