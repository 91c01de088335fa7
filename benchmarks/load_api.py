"""Bounded load test of the web API on loopback (wrk), beside the stock ``openfisca serve``.

Starts, with the same number of workers, the stock ``openfisca serve --country-package
openfisca_kz_asp`` (gunicorn sync workers) and ``openfisca-kz-asp serve`` (gevent workers) twice:
with the coalescing of concurrent ``/calculate`` requests off (``--coalesce-ms 0``) and on. Then
runs wrk (8 connections, 2 threads, ``--seconds`` each, 15 by default) for:

* ``POST /calculate`` with a different wage in every request (no answer can come from a cache):
  the stock server, ours without coalescing, ours with it;
* ``POST /batch`` of ``--batch-size`` distinct-per-request families of one month each (or asking
  the first ``--batch-months`` months of 2024): family-months a second;
* a long run (``--memory-seconds``, 60 by default) of distinct ``/calculate`` requests on ours with
  coalescing, reporting each worker's resident memory (RSS) at its start and end.

With ``--baseline PATH`` (a checkout of another revision, e.g. ``git worktree add --detach
/tmp/kz_base HEAD~3``), a fourth server runs that checkout's code (``PYTHONPATH=PATH``) with the
same coalescing window, and its ``/calculate`` and ``/batch`` runs follow ours in the same run, so
that both see the same machine (the order of the two is swapped with ``--baseline-first``).

Prints throughput, p50, p99 and errors for each, and writes them as JSON with ``--output``. Needs
``wrk`` (Debian: ``apt-get install wrk``). Run it through the team's lock on a quiet machine:

    flock /tmp/team/bench.lock python benchmarks/load_api.py [--workers 2] [--output results.json]
"""

from __future__ import annotations

import argparse
import copy
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from openfisca_kz_asp.api.coalesce import DEFAULT_WINDOW_MS
from openfisca_kz_asp.situation_examples import EXAMPLES

BIN = Path(sys.executable).parent
CONNECTIONS = 8
LUA_DISTINCT = """
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
local template = [==[{body}]==]
local counter = 0
local id = 0
local threads_seen = 0
function setup(thread)
  threads_seen = threads_seen + 1
  thread:set("id", threads_seen)
end
function request()
  counter = counter + 1
  local wage = tostring(100000 + id * 1000000 + counter)
  local body = string.gsub(template, "987654321", wage)
  return wrk.format(nil, nil, nil, body)
end
function init(args)
  id = wrk.thread:get("id") or 0
end
"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start(command: list[str], port: int, *, tree: Path | None = None) -> subprocess.Popen:
    """The server of ``command``, once it answers; with ``tree``, that checkout's code runs it."""
    env = None if tree is None else dict(os.environ, PYTHONPATH=str(tree))
    process = subprocess.Popen(
        command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env, cwd=tree
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/spec", timeout=2).read()
            return process
        except OSError:
            time.sleep(0.05)
    process.kill()
    raise SystemExit(f"server did not start: {' '.join(command)}")


def wrk(
    url: str, script: str | None, seconds: int, *, every: float = 0, watch: list[int] | None = None
) -> dict:
    """wrk's figures; with ``every`` and ``watch``, also the RSS (MiB) of those processes every
    ``every`` seconds while it runs (``rss_samples``: one list per process, until it ends)."""
    command = ["wrk", "-t2", f"-c{CONNECTIONS}", f"-d{seconds}s", "--latency", "--timeout", "5s"]
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as file:
        file.write(script or "")
    if script:
        command += ["-s", file.name]
    process = subprocess.Popen([*command, url], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    samples: list[list[float]] = [[] for _ in watch or []]
    while every and process.poll() is None:
        for pid, series in zip(watch or [], samples, strict=True):
            if Path(f"/proc/{pid}").exists():
                series.append(round(rss_mib(pid), 1))
        time.sleep(every)
    output, errors = process.communicate()
    os.unlink(file.name)
    if process.returncode:
        raise subprocess.CalledProcessError(process.returncode, command, output, errors)
    return {**parse(output), **({"rss_samples": samples} if every else {})}


def _found(pattern: str, text: str) -> re.Match[str]:
    """The match of ``pattern`` in wrk's output, or an error naming what is missing."""
    match = re.search(pattern, text)
    if match is None:
        msg = f"wrk's output has no {pattern!r}:\n{text}"
        raise ValueError(msg)
    return match


def _ms(text: str) -> float:
    value, unit = _found(r"^([\d.]+)(us|ms|s)", text).groups()
    return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]


def parse(output: str) -> dict[str, float]:
    percentiles = dict(re.findall(r"^\s+(50|99)(?:\.000)?%\s+(\S+)", output, re.MULTILINE))
    requests = int(_found(r"(\d+) requests in", output).group(1))
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    socket_errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output)
    return {
        "requests": requests,
        "rps": float(_found(r"Requests/sec:\s+([\d.]+)", output).group(1)),
        "p50_ms": _ms(percentiles["50"]),
        "p99_ms": _ms(percentiles["99"]),
        "errors": (int(non_2xx.group(1)) if non_2xx else 0)
        + (sum(int(x) for x in socket_errors.groups()) if socket_errors else 0),
    }


def workers_of(master: int) -> list[int]:
    """The gunicorn worker processes of a master (their parent id is the master's)."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == master:
                found.append(int(entry.name))
    return sorted(found)


def rss_mib(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def memory_run(server_pid: int, url: str, script: str, seconds: int) -> dict:
    """``seconds`` of load on ``url``: the workers' resident memory before, every 5 s and after."""
    pids = workers_of(server_pid)
    before = {pid: rss_mib(pid) for pid in pids}
    run = wrk(url, script, seconds, every=5, watch=pids)
    after = {pid: rss_mib(pid) for pid in pids if Path(f"/proc/{pid}").exists()}
    recycled = [pid for pid in pids if pid not in after]
    memory = {
        "seconds": seconds,
        "requests": run["requests"],
        "errors": run["errors"],
        "rss_mib_start": [round(before[pid], 1) for pid in pids],
        "rss_mib_end": [round(after.get(pid, float("nan")), 1) for pid in pids],
        "recycled_workers": len(recycled),
        "rss_mib_every_5_s": run["rss_samples"],  # each worker's, for as long as it lived
    }
    print(
        f"memory over {seconds} s ({run['requests']} requests, errors {run['errors']}): "
        f"worker RSS MiB start {memory['rss_mib_start']} end {memory['rss_mib_end']}; "
        f"every 5 s, each worker while it lived: {memory['rss_mib_every_5_s']}"
        + (
            f" (nan: {len(recycled)} worker(s) replaced during the run, as gunicorn's "
            "max_requests of `serve` recycles a worker after about 20,000 requests)"
            if recycled
            else ""
        ),
        flush=True,
    )
    return memory


def batch_body(family: dict, size: int, months: int) -> str:
    """A /batch body of ``size`` copies of the family, each asking its outputs for the first
    ``months`` months of 2024 when ``months`` > 1 (else for the example's own month)."""
    asking = copy.deepcopy(family)
    if months > 1:
        wanted = [f"2024-{number:02d}" for number in range(1, months + 1)]
        for data in asking["households"].values():
            for name, values in data.items():
                if isinstance(values, dict) and None in values.values():
                    data[name] = dict.fromkeys(wanted)
    return json.dumps({"situations": [asking] * size})


def arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=int, default=15, help="duration of each wrk run (default 15)")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers of each server (default 2)")
    parser.add_argument(
        "--coalesce-ms", type=float, default=DEFAULT_WINDOW_MS, help="our coalescing window when on"
    )
    parser.add_argument("--batch-size", type=int, default=200, help="families in one /batch request")
    parser.add_argument(
        "--batch-months",
        type=int,
        default=1,
        help="months of 2024 each /batch family asks (default 1: March)",
    )
    parser.add_argument("--memory-seconds", type=int, default=60, help="the long run for memory (0: none)")
    parser.add_argument("--output", type=Path, help="write the results as JSON here")
    parser.add_argument(
        "--baseline", type=Path, help="a checkout of another revision: its server measured beside ours"
    )
    parser.add_argument(
        "--baseline-first", action="store_true", help="run the baseline's /calculate and /batch before ours"
    )
    parser.add_argument(
        "--batch-only",
        action="store_true",
        help="only /batch (ours and the baseline's): no stock server, no /calculate runs, no memory run",
    )
    return parser.parse_args()


def main() -> int:
    args = arguments()
    if shutil.which("wrk") is None:
        print("wrk is not installed (Debian: apt-get install wrk)", file=sys.stderr)
        return 2
    family = json.loads(json.dumps(EXAMPLES["single_mother_two_children"]))
    family["persons"]["mother"]["wage_income"] = {"month:2023-10:3": 987654321}
    distinct = json.dumps(family)
    batch = batch_body(family, args.batch_size, args.batch_months)
    ports = {name: free_port() for name in ("stock", "off", "on", "base")}
    ours = [str(BIN / "openfisca-kz-asp"), "serve", "--workers", str(args.workers)]
    servers: dict[str, subprocess.Popen] = {}
    if not args.batch_only:
        servers["stock"] = start(
            [
                str(BIN / "openfisca"),
                "serve",
                "--country-package",
                "openfisca_kz_asp",
                "--port",
                str(ports["stock"]),
                "--workers",
                str(args.workers),
                "--timeout",
                "30",
            ],
            ports["stock"],
        )
        servers["off"] = start([*ours, "--port", str(ports["off"]), "--coalesce-ms", "0"], ports["off"])
    servers["on"] = start(
        [*ours, "--port", str(ports["on"]), "--coalesce-ms", str(args.coalesce_ms)], ports["on"]
    )
    if args.baseline:
        servers["base"] = start(
            [*ours, "--port", str(ports["base"]), "--coalesce-ms", str(args.coalesce_ms)],
            ports["base"],
            tree=args.baseline.resolve(),
        )
    url = {name: f"http://127.0.0.1:{port}" for name, port in ports.items()}
    names = {
        "stock": "stock openfisca serve",
        "off": "openfisca-kz-asp, coalescing off",
        "on": f"openfisca-kz-asp, coalescing {args.coalesce_ms:g} ms",
        "base": f"baseline {args.baseline}, coalescing {args.coalesce_ms:g} ms",
    }
    ours_order = ["on", "base"] if args.baseline else ["on"]
    if args.baseline_first:
        ours_order.reverse()
    script = LUA_DISTINCT.replace("{body}", distinct)
    batch_script = LUA_DISTINCT.replace("{body}", batch)
    results = []
    memory: dict[str, object] = {}
    try:
        for name in servers:  # every worker of every server up and warm
            wrk(url[name] + "/calculate", script, 3)
        for name in () if args.batch_only else ("stock", "off", *ours_order):
            result = {
                "server": names[name],
                "request": "POST /calculate, distinct",
                **wrk(url[name] + "/calculate", script, args.seconds),
            }
            results.append(result)
            print(
                f"{result['server']:36} {result['request']:28} p50 {result['p50_ms']:6.2f} ms  "
                f"p99 {result['p99_ms']:6.2f} ms  {result['rps']:7.0f} req/s  errors {result['errors']}",
                flush=True,
            )
        for name in ours_order:
            wrk(url[name] + "/batch", batch_script, 2)
            result = {
                "server": names[name],
                "request": f"POST /batch, {args.batch_size} families x {args.batch_months} months",
                **wrk(url[name] + "/batch", batch_script, args.seconds),
            }
            result["family_months_per_s"] = result["rps"] * args.batch_size * max(args.batch_months, 1)
            results.append(result)
            print(
                f"{result['server']:36} {result['request']:28} p50 {result['p50_ms']:6.2f} ms  "
                f"{result['rps']:7.1f} req/s = {result['family_months_per_s']:8.0f} family-months/s  "
                f"errors {result['errors']}",
                flush=True,
            )
        if args.memory_seconds and not args.batch_only:
            memory = memory_run(servers["on"].pid, url["on"] + "/calculate", script, args.memory_seconds)
    finally:
        for process in servers.values():
            process.terminate()
            process.wait(timeout=15)
    calculate_runs = [result for result in results if result["request"].startswith("POST /calculate")]
    for result in calculate_runs[1:]:
        result["vs_stock"] = round(result["rps"] / calculate_runs[0]["rps"], 2)
    summary = {
        "connections": CONNECTIONS,
        "wrk_threads": 2,
        "seconds_per_run": args.seconds,
        "workers": args.workers,
        "baseline": str(args.baseline) if args.baseline else None,
        "cpu_count": os.cpu_count(),
        "results": results,
        "memory": memory,
    }
    print(json.dumps({r["server"] + " | " + r["request"]: r.get("vs_stock") for r in calculate_runs[1:]}))
    if args.output:
        args.output.write_text(json.dumps(summary, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
