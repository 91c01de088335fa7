"""In-process speed of ``POST /batch``: family-months a second for 200 one-month families and for
200 families asking 12 months each, through the Flask test client of ``create_app()`` (no network,
no server), every request with distinct wages (no cache), the median of several runs.

Each run is a fresh process. With ``--baseline PATH`` (a checkout of another revision, e.g. ``git
worktree add --detach /tmp/kz_base HEAD``) a run on that checkout follows each run on this one, so
that both see the same load, and both medians are printed side by side. Run it through the shared
lock on a shared machine::

    flock /tmp/team/bench.lock .venv/bin/python benchmarks/bench_batch.py --baseline /tmp/kz_base

``--stages`` prints instead where the time of one 200-family one-month request goes (each stage's
functions timed with ``perf_counter``, the median over the requests), for each checkout.

``--lean`` prints OpenFisca's computation of the four outputs of one merged simulation of 1, 4
and 200 one-month families, by core's ``Simulation`` and by the API's lean one (``api/lean.py``),
alternated in one process (this checkout only).
"""

from __future__ import annotations

import argparse
import copy
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

FAMILIES = 200
MONTHS_OF_2024 = [f"2024-{number:02d}" for number in range(1, 13)]
OUTPUTS = ("asp_type", "asp_amount", "asp_child_supplement", "asp_total")


def families(example: dict[str, Any], months: list[str], start: int) -> list[dict[str, Any]]:
    """``FAMILIES`` copies of the example with distinct wages, each asking ``months``."""
    out = []
    for number in range(FAMILIES):
        family = copy.deepcopy(example)
        family["persons"]["mother"]["wage_income"] = {"month:2023-10:3": 100_000 + start + number}
        household = family["households"]["family"]
        for name in OUTPUTS:
            household[name] = dict.fromkeys(months)
        out.append(family)
    return out


def measure(runs: int, requests: int) -> dict[str, list[float]]:
    """Family-months a second of each run, per case (in this process, this checkout)."""
    from openfisca_kz_asp.api.app import create_app  # noqa: PLC0415 - imported from the checkout measured
    from openfisca_kz_asp.situation_examples import EXAMPLES  # noqa: PLC0415

    client = create_app().test_client()
    example = EXAMPLES["single_mother_two_children"]
    cases = {"200 families x 1 month": ["2024-03"], "200 families x 12 months": MONTHS_OF_2024}
    counter = 0
    figures: dict[str, list[float]] = {}
    for name, months in cases.items():
        bodies = []
        for _ in range(runs * requests + 1):
            counter += FAMILIES
            bodies.append(json.dumps({"situations": families(example, months, counter)}))
        answer = client.post("/batch", data=bodies.pop(), content_type="application/json")  # warm-up
        assert answer.status_code == 200 and (answer.json or {}).get("ok") == FAMILIES, answer.json
        figures[name] = []
        for run in range(runs):
            start = time.perf_counter()
            for body in bodies[run * requests : (run + 1) * requests]:
                answer = client.post("/batch", data=body, content_type="application/json")
                assert answer.status_code == 200
            elapsed = time.perf_counter() - start
            figures[name].append(FAMILIES * len(months) * requests / elapsed)
    return figures


# The functions timed by --stages, by module, in either revision (a name missing is skipped). The
# stages nest: "batch: merged answers" holds the build and OpenFisca's computation.
STAGES = {
    "openfisca_kz_asp.api.app": {
        "_parse_json": "parse JSON and body checks",
        "_dumps_answer": "write the answer (orjson)",
        "_dumps": "write the answer (json)",
    },
    "openfisca_kz_asp.api.batch": {
        "batch_answer": "batch: all (checks, build, computation, answers)",
        "_prepared_all": "batch: checks of every family, shape walks included",
        "validate_shaped_in_bulk": "batch: checks by column (the families of a known shape)",
        "validate_situation_shaped": "batch: checks of each family (shaped)",
        "validate_situation_outputs": "batch: checks of each family",
        "_warn_pension_age": "batch: pension-age warning",
        "pension_age_warnings": "batch: pension-age warning (shaped)",
        "_normalized": "batch: normalise",
        "_signature": "batch: spread signature",
        "_template": "batch: shape template",
        "_merged_answers": "batch: merged answers (build + computation + answers)",
        "_merged_simulation": "batch: build the merged simulation",
    },
}


def stages(requests: int) -> dict[str, float]:
    """Milliseconds per request in each stage (in this process, this checkout), and in all."""
    import functools  # noqa: PLC0415
    import importlib  # noqa: PLC0415

    from openfisca_kz_asp.api.app import create_app  # noqa: PLC0415
    from openfisca_kz_asp.situation_examples import EXAMPLES  # noqa: PLC0415

    spent: dict[str, float] = {}

    def timed(label: str, function: Any) -> Any:
        @functools.wraps(function)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            start = time.perf_counter()
            try:
                return function(*args, **kwargs)
            finally:
                spent[label] = spent.get(label, 0.0) + time.perf_counter() - start

        return wrapper

    for module_name, names in STAGES.items():
        module = importlib.import_module(module_name)
        for name, label in names.items():
            if hasattr(module, name):
                setattr(module, name, timed(label, getattr(module, name)))
    client = create_app().test_client()
    example = EXAMPLES["single_mother_two_children"]
    bodies = [
        json.dumps({"situations": families(example, ["2024-03"], FAMILIES * n)}) for n in range(requests + 2)
    ]
    for body in bodies[:2]:  # warm-up
        assert client.post("/batch", data=body, content_type="application/json").status_code == 200
    per_request: dict[str, list[float]] = {}
    for body in bodies[2:]:
        spent.clear()
        start = time.perf_counter()
        assert client.post("/batch", data=body, content_type="application/json").status_code == 200
        spent["request in all (Flask test client)"] = time.perf_counter() - start
        for label, seconds in spent.items():
            per_request.setdefault(label, []).append(seconds * 1000)
    return {label: statistics.median(values) for label, values in per_request.items()}


def lean_against_core(rounds: int) -> None:
    """Milliseconds of OpenFisca's computation of one merged simulation, core's and the lean one."""
    import gc  # noqa: PLC0415

    from openfisca_kz_asp import CountryTaxBenefitSystem  # noqa: PLC0415
    from openfisca_kz_asp.api import batch  # noqa: PLC0415
    from openfisca_kz_asp.situation_examples import EXAMPLES  # noqa: PLC0415

    tbs = CountryTaxBenefitSystem()
    example = EXAMPLES["single_mother_two_children"]
    gc.freeze()
    lean = batch.make_lean
    spent: dict[tuple[int, str], list[float]] = {}
    try:
        for size in (1, 4, FAMILIES):
            for number in range(rounds if size < FAMILIES else max(rounds // 4, 5)):
                for mode in ("core", "lean") if number % 2 else ("lean", "core"):
                    batch.make_lean = lean if mode == "lean" else (lambda simulation: simulation)
                    jobs = [batch.Job(tbs, f) for f in families(example, ["2024-03"], 1000 * number)[:size]]
                    for job in jobs:
                        batch._prepared(job)
                    simulation = batch._merged_simulation(tbs, [jobs])[0]
                    start = time.perf_counter()
                    for name in OUTPUTS:
                        simulation.calculate(name, batch._period("2024-03"))
                    spent.setdefault((size, mode), []).append((time.perf_counter() - start) * 1000)
    finally:
        batch.make_lean = lean
    for size in (1, 4, FAMILIES):
        core = statistics.median(spent[size, "core"][4:])
        leaner = statistics.median(spent[size, "lean"][4:])
        print(f"{size:4d} families: core {core:.2f} ms, lean {leaner:.2f} ms ({leaner / core:.0%})")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5, help="runs per case; the median is shown")
    parser.add_argument("--requests", type=int, default=5, help="requests per run")
    parser.add_argument("--baseline", type=Path, help="a checkout of the revision to compare with")
    parser.add_argument("--stages", action="store_true", help="where the time of a request goes, by stage")
    parser.add_argument("--json", action="store_true", help="print the raw figures as JSON (internal)")
    parser.add_argument(
        "--lean", action="store_true", help="OpenFisca's computation, core's Simulation against the lean one"
    )
    args = parser.parse_args()
    if args.lean:
        lean_against_core(max(args.runs, 1) * 24)
        return 0
    if args.json:
        print(json.dumps(stages(args.requests * 4) if args.stages else measure(args.runs, args.requests)))
        return 0
    here = Path(__file__).resolve().parent.parent
    checkouts = {"this checkout": here}
    if args.baseline:
        checkouts["baseline"] = args.baseline.resolve()
    results: dict[str, dict[str, list[float]]] = {label: {} for label in checkouts}
    command = [sys.executable, str(Path(__file__).resolve()), "--json", "--runs", "1"]
    command += ["--requests", str(args.requests), *(["--stages"] if args.stages else [])]
    if args.stages:
        for label, root in checkouts.items():
            done = subprocess.run(
                ["env", f"PYTHONPATH={root}", *command], cwd=root, capture_output=True, text=True, check=True
            )
            print(f"{label} ({root}): ms per request of {FAMILIES} one-month families, median")
            for stage, milliseconds in json.loads(done.stdout.strip().splitlines()[-1]).items():
                print(f"  {stage:55} {milliseconds:7.2f}")
        return 0
    for _ in range(args.runs):  # one run of each checkout in turn, so that both see the same load
        for label, root in checkouts.items():
            done = subprocess.run(
                ["env", f"PYTHONPATH={root}", *command], cwd=root, capture_output=True, text=True, check=True
            )
            for case, figures in json.loads(done.stdout.strip().splitlines()[-1]).items():
                results[label].setdefault(case, []).extend(figures)
    for case in results["this checkout"]:
        line = [f"{case}:"]
        for label, figures in results.items():
            values = ", ".join(f"{value:,.0f}" for value in figures[case])
            line.append(f"{label} {statistics.median(figures[case]):,.0f} family-months/s ({values})")
        print("  ".join(line))
    return 0


if __name__ == "__main__":
    sys.exit(main())
