"""The real server (``openfisca-kz-asp serve``, gunicorn) under slow clients and malformed HTTP.

What the Flask test client cannot show: slow clients sending partial requests (they froze all
three sync workers for 30 s and got them killed), a chunked body over the socket, and the errors
gunicorn answers itself before the app sees the request (a long request line, too many headers),
which must be JSON like every other error.
"""

from __future__ import annotations

import json
import re
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from openfisca_kz_asp.api.app import MAX_BODY_BYTES
from openfisca_kz_asp.situation_examples import example_path

BIN = Path(sys.executable).parent
READ_TIMEOUT = 2  # seconds, given to the server with --read-timeout
WORKERS = 2
FAMILY = example_path("single_mother_two_children").read_bytes()


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    log = tmp_path_factory.mktemp("serve") / "stderr.log"
    command = [str(BIN / "openfisca-kz-asp"), "serve", "--port", "0", "--workers", str(WORKERS)]
    command += ["--read-timeout", str(READ_TIMEOUT)]
    with log.open("w") as stderr:
        process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=stderr, text=True)
        line = process.stdout.readline()
        match = re.search(r"http://([\d.]+):(\d+)", line)
        if match is None:
            process.kill()
            pytest.fail(f"serve printed no URL: {line!r} {log.read_text()}")
        address = (match.group(1), int(match.group(2)))
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline and _exchange(address, _get("/health"))[0] != 200:
            time.sleep(0.05)
        yield {"address": address, "log": log, "line": line}
        process.terminate()
        process.wait(timeout=15)


def _get(path: str, extra: bytes = b"") -> bytes:
    return f"GET {path} HTTP/1.1\r\nHost: test\r\nConnection: close\r\n".encode() + extra + b"\r\n"


def _post(path: str, body: bytes) -> bytes:
    head = f"POST {path} HTTP/1.1\r\nHost: test\r\nConnection: close\r\nContent-Type: application/json\r\n"
    return head.encode() + f"Content-Length: {len(body)}\r\n\r\n".encode() + body


def _chunked(path: str, body: bytes, size: int = 8192) -> bytes:
    head = f"POST {path} HTTP/1.1\r\nHost: test\r\nConnection: close\r\nContent-Type: application/json\r\n"
    chunks = b"".join(
        f"{len(body[i : i + size]):x}\r\n".encode() + body[i : i + size] + b"\r\n"
        for i in range(0, len(body), size)
    )
    return head.encode() + b"Transfer-Encoding: chunked\r\n\r\n" + chunks + b"0\r\n\r\n"


def _read(sock: socket.socket) -> tuple[int, dict[str, str], bytes]:
    """(status, headers, body) of one response, or (0, {}, b"") if the server closed without one."""
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = sock.recv(65536)
        if not chunk:
            return 0, {}, b""
        data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    headers = {k.strip().lower(): v.strip() for k, _, v in (line.partition(":") for line in lines[1:])}
    length = int(headers.get("content-length", -1))
    while length < 0 or len(body) < length:
        chunk = sock.recv(65536)
        if not chunk:
            break
        body += chunk
    return int(lines[0].split()[1]), headers, body


def _exchange(address: tuple[str, int], request: bytes, timeout: float = 10) -> tuple[int, dict, bytes]:
    try:
        with socket.create_connection(address, timeout=timeout) as sock:
            sock.sendall(request)
            return _read(sock)
    except OSError:
        return 0, {}, b""


def _json_error(status: int, headers: dict, body: bytes) -> dict:
    assert headers["content-type"].startswith("application/json"), (status, headers, body[:200])
    answer = json.loads(body)
    assert answer["error"]
    assert answer["errors"][0]["message"] in answer["error"]
    return answer["errors"][0]


def test_serve_says_which_workers(server):
    assert f"{WORKERS} gevent workers" in server["line"]


def test_slow_clients_do_not_starve_the_workers(server):
    address = server["address"]
    slow: list[socket.socket] = []
    try:
        for _ in range(3 * WORKERS):  # partial bodies: headers sent, 1 byte of a 1,000-byte body
            sock = socket.create_connection(address, timeout=10)
            sock.sendall(b"POST /calculate HTTP/1.1\r\nHost: test\r\nContent-Type: application/json\r\n")
            sock.sendall(b"Content-Length: 1000\r\n\r\n{")
            slow.append(sock)
        for _ in range(3 * WORKERS):  # partial request heads
            sock = socket.create_connection(address, timeout=10)
            sock.sendall(b"POST /calculate HTTP/1.1\r\nHost: te")
            slow.append(sock)
        time.sleep(0.3)
        for _ in range(5):  # a normal client is answered at once meanwhile
            started = time.monotonic()
            status, _, body = _exchange(address, _post("/calculate", FAMILY), timeout=READ_TIMEOUT)
            assert status == 200
            assert json.loads(body)["households"]["family"]["asp_amount"]["2024-03"] is not None
            assert time.monotonic() - started < 1.5
        # After the read timeout, each slow body gets a 408 naming it; each slow head is closed.
        started = time.monotonic()
        for sock in slow[: 3 * WORKERS]:
            status, headers, body = _read(sock)
            assert status == 408
            assert _json_error(status, headers, body)["code"] == "read_timeout"
        for sock in slow[3 * WORKERS :]:
            assert _read(sock)[0] == 0
        assert time.monotonic() - started < READ_TIMEOUT + 3
    finally:
        for sock in slow:
            sock.close()
    assert "WORKER TIMEOUT" not in server["log"].read_text()


def test_a_chunked_body_over_the_limit_is_refused(server):
    # It used to be cut at the limit and accepted (200) when the JSON still parsed.
    body = FAMILY + b" " * MAX_BODY_BYTES
    status, headers, answer = _exchange(server["address"], _chunked("/calculate", body))
    assert status == 413
    assert _json_error(status, headers, answer)["path"] == "body"


def test_a_chunked_body_within_the_limit_is_computed(server):
    status, _, answer = _exchange(server["address"], _chunked("/calculate", FAMILY, size=100))
    assert status == 200
    assert "asp_amount" in json.loads(answer)["households"]["family"]


@pytest.mark.parametrize(
    ("request_bytes", "status", "path", "code"),
    [
        (_get("/health?x=" + "a" * 9000), 414, "url", "url_too_long"),  # gunicorn's limit
        (_get("/health?x=" + "a" * 5000), 414, "url", "url_too_long"),  # the app's limit
        (_get("/health", b"X-Big: " + b"a" * 20000 + b"\r\n"), 431, "headers", "header_limit"),
        (_get("/health", b"X-Big: " + b"a" * 9000 + b"\r\n"), 431, "headers/X-Big", "header_too_large"),
        (_get("/health", b"".join(b"X-H%d: 1\r\n" % i for i in range(150))), 431, "headers", "header_limit"),
        (b"HELLO\r\n\r\n", 400, "request", "bad_http"),
        (b"G@T / HTTP/1.1\r\nHost: test\r\n\r\n", 400, "request", "bad_http"),
        (b"GET / HTTP/9.9\r\nHost: test\r\n\r\n", 400, "request", "bad_http"),
        (
            b"POST /calculate HTTP/1.1\r\nHost: test\r\nTransfer-Encoding: gzip\r\n\r\n",
            400,
            "request",
            "bad_http",
        ),
        (
            b"POST /calculate HTTP/1.1\r\nHost: t\r\nContent-Type: application/json\r\n"
            b"Transfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n",
            400,
            "body",
            "bad_http",
        ),
        (_get("/calculate"), 405, "method", "method_not_allowed"),
    ],
    ids=[
        "request line over gunicorn's limit",
        "URL over the app's limit",
        "header over gunicorn's limit",
        "header over the app's limit",
        "150 headers",
        "not a request line",
        "bad method",
        "HTTP/9.9",
        "unknown transfer coding",
        "malformed chunk",
        "GET /calculate",
    ],
)
def test_errors_before_the_app_are_json_too(server, request_bytes, status, path, code):
    got, headers, body = _exchange(server["address"], request_bytes)
    assert got == status, body[:300]
    error = _json_error(got, headers, body)
    assert (error["path"], error["code"]) == (path, code)
    if status == 405:
        assert "POST" in headers["allow"]
