"""Bounded load test of the web API on loopback (wrk), beside the stock ``openfisca serve``.

Starts ``openfisca-kz-asp serve`` and the stock ``openfisca serve --country-package
openfisca_kz_asp`` with the same number of sync workers, then runs wrk (8 connections, 2
threads, a few seconds each) for:

* ``/calculate`` on a typical family (the shipped single mother with two children), the same body
  every time: the stock server beside ours;
* ``/calculate`` with a different wage in every request, so that no answer can come from our
  cache of repeated requests: the stock server beside ours;
* the page's own calls: ``POST /explain`` (same body, then distinct bodies) and ``GET /labels``.

Prints p50, p99, requests per second and errors for each, and writes them as JSON with
``--output``. Needs ``wrk`` (Debian: ``apt-get install wrk``). Total run time about a minute.

    python benchmarks/load_api.py [--seconds 5] [--workers 3] [--output results.json]
"""

from __future__ import annotations

import argparse
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

from openfisca_kz_asp.situation_examples import EXAMPLES

BIN = Path(sys.executable).parent
CONNECTIONS = 8
LUA_SAME = """
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = [==[{body}]==]
"""
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


def start(command: list[str], port: int) -> subprocess.Popen:
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/spec", timeout=2).read()
            return process
        except OSError:
            time.sleep(0.05)
    process.kill()
    raise SystemExit(f"server did not start: {' '.join(command)}")


def wrk(url: str, script: str | None, seconds: int) -> dict[str, float]:
    command = ["wrk", "-t2", f"-c{CONNECTIONS}", f"-d{seconds}s", "--latency", "--timeout", "5s"]
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as file:
        file.write(script or "")
    if script:
        command += ["-s", file.name]
    output = subprocess.run([*command, url], capture_output=True, text=True, check=True).stdout
    os.unlink(file.name)
    return parse(output)


def _ms(text: str) -> float:
    value, unit = re.match(r"([\d.]+)(us|ms|s)", text).groups()
    return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]


def parse(output: str) -> dict[str, float]:
    percentiles = dict(re.findall(r"^\s+(50|99)(?:\.000)?%\s+(\S+)", output, re.MULTILINE))
    requests = int(re.search(r"(\d+) requests in", output).group(1))
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    socket_errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output)
    return {
        "requests": requests,
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),
        "p50_ms": _ms(percentiles["50"]),
        "p99_ms": _ms(percentiles["99"]),
        "errors": (int(non_2xx.group(1)) if non_2xx else 0)
        + (sum(int(x) for x in socket_errors.groups()) if socket_errors else 0),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=int, default=5, help="duration of each wrk run (default 5)")
    parser.add_argument("--workers", type=int, default=3, help="gunicorn workers of each server (default 3)")
    parser.add_argument("--output", type=Path, help="write the results as JSON here")
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        print("wrk is not installed (Debian: apt-get install wrk)", file=sys.stderr)
        return 2
    family = EXAMPLES["single_mother_two_children"]
    same = json.dumps(family)
    distinct_family = json.loads(same)
    distinct_family["persons"]["mother"]["wage_income"] = {"month:2023-10:3": 987654321}
    distinct = json.dumps(distinct_family)
    explain_same = json.dumps({"situation": family, "period": "2024-03", "lang": "ru"})
    explain_distinct = json.dumps({"situation": distinct_family, "period": "2024-03", "lang": "ru"})
    ours_port, stock_port = free_port(), free_port()
    ours = start(
        [str(BIN / "openfisca-kz-asp"), "serve", "--port", str(ours_port), "--workers", str(args.workers)],
        ours_port,
    )
    stock = start(
        [
            str(BIN / "openfisca"),
            "serve",
            "--country-package",
            "openfisca_kz_asp",
            "--port",
            str(stock_port),
            "--workers",
            str(args.workers),
            "--timeout",
            "30",
        ],
        stock_port,
    )
    ours_url, stock_url = f"http://127.0.0.1:{ours_port}", f"http://127.0.0.1:{stock_port}"
    runs = [
        ("stock openfisca serve", "POST /calculate, same family", stock_url + "/calculate", LUA_SAME, same),
        ("openfisca-kz-asp serve", "POST /calculate, same family", ours_url + "/calculate", LUA_SAME, same),
        (
            "stock openfisca serve",
            "POST /calculate, distinct",
            stock_url + "/calculate",
            LUA_DISTINCT,
            distinct,
        ),
        (
            "openfisca-kz-asp serve",
            "POST /calculate, distinct",
            ours_url + "/calculate",
            LUA_DISTINCT,
            distinct,
        ),
        (
            "openfisca-kz-asp serve",
            "POST /explain, same family",
            ours_url + "/explain",
            LUA_SAME,
            explain_same,
        ),
        (
            "openfisca-kz-asp serve",
            "POST /explain, distinct",
            ours_url + "/explain",
            LUA_DISTINCT,
            explain_distinct,
        ),
        ("openfisca-kz-asp serve", "GET /labels?lang=kk", ours_url + "/labels?lang=kk", None, ""),
    ]
    results = []
    try:
        for url in (ours_url, stock_url):  # every worker of both servers up and warm
            wrk(url + "/calculate", LUA_SAME.replace("{body}", same), 2)
        for server, what, url, lua, body in runs:
            script = lua.replace("{body}", body) if lua else None
            wrk(url, script, 1)  # warm-up: workers load, caches fill
            result = {"server": server, "request": what, **wrk(url, script, args.seconds)}
            results.append(result)
            print(
                f"{server:24} {what:32} p50 {result['p50_ms']:6.2f} ms  p99 {result['p99_ms']:6.2f} ms  "
                f"{result['rps']:7.0f} req/s  errors {result['errors']}",
                flush=True,
            )
    finally:
        for process in (ours, stock):
            process.terminate()
            process.wait(timeout=15)
    summary = {
        "connections": CONNECTIONS,
        "wrk_threads": 2,
        "seconds_per_run": args.seconds,
        "workers": args.workers,
        "cpu_count": os.cpu_count(),
        "results": results,
    }
    if args.output:
        args.output.write_text(json.dumps(summary, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
