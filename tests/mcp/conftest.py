"""The MCP server tested with the official SDK's own client, over both of its transports.

One stdio session (``openfisca-kz-asp mcp`` started as a subprocess by the SDK's ``stdio_client``)
and one streamable HTTP session (``openfisca-kz-asp mcp --http --port N`` started here on a free
port) each make every call of :data:`CALLS` once; the tests read their answers. The HTTP server is
started first, so that both servers load while the other works: the whole directory takes about
15 s on two shared cores.
"""

from __future__ import annotations

import concurrent.futures
import copy
import os
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import anyio
import pytest

HERE = Path(__file__).resolve().parent
if str(HERE) not in sys.path:  # mcp_cases sits beside the tests; pytest runs with --import-mode=importlib
    sys.path.insert(0, str(HERE))

from mcp_cases import CALLS, HTTP_CALLS  # noqa: E402

BIN = Path(sys.executable).parent
COMMAND = str(BIN / "openfisca-kz-asp")
STARTUP_SECONDS = 60  # a busy machine; measured about 8 s


def _run_apart(function: Any) -> Any:
    """``anyio.run(function)`` in a thread of its own: in the whole suite, the browser tests'
    Playwright keeps an event loop running in the main thread until the session ends."""
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(anyio.run, function).result()


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _plain(result: Any) -> dict[str, Any]:
    text = "".join(getattr(block, "text", "") for block in result.content)
    return {"is_error": bool(result.is_error), "data": result.structured_content, "text": text}


async def _session_calls(streams: Any, only: tuple[str, ...] = ()) -> dict[str, Any]:
    from mcp import ClientSession  # noqa: PLC0415

    read, write = streams
    async with ClientSession(read, write) as session:
        init = await session.initialize()
        tools = await session.list_tools()
        answers: dict[str, Any] = {
            "server": init.server_info.name,
            "instructions": init.instructions,
            "tools": {tool.name: tool for tool in tools.tools},
        }
        for key, tool, arguments in CALLS:
            if only and not key.startswith(only):
                continue
            answers[key] = _plain(await session.call_tool(tool, copy.deepcopy(arguments)))
        return answers


@pytest.fixture(scope="session")
def http_server():
    """``openfisca-kz-asp mcp --http`` on a free port (started first: it loads while stdio runs)."""
    port = _free_port()
    process = subprocess.Popen(
        [COMMAND, "mcp", "--http", "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    yield {"process": process, "port": port, "url": f"http://127.0.0.1:{port}/mcp"}
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()


def _wait_for(server: dict[str, Any]) -> None:
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        if server["process"].poll() is not None:
            raise AssertionError(
                f"the HTTP server stopped: {server['process'].stderr.read().decode()[-2000:]}"
            )
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", server["port"])) == 0:
                return
        time.sleep(0.2)
    raise AssertionError(f"the HTTP server did not listen within {STARTUP_SECONDS} s")


@pytest.fixture(scope="session")
def stdio_answers(http_server):
    from mcp import StdioServerParameters, stdio_client  # noqa: PLC0415

    async def run() -> dict[str, Any]:
        parameters = StdioServerParameters(command=COMMAND, args=["mcp"], env=dict(os.environ))
        with open(os.devnull, "w") as errlog:  # the server's log of refused calls
            async with stdio_client(parameters, errlog=errlog) as streams:
                return await _session_calls(streams)

    return _run_apart(run)


@pytest.fixture(scope="session")
def http_answers(http_server, stdio_answers):  # after stdio, while which the HTTP server loaded
    from mcp.client.streamable_http import streamable_http_client  # noqa: PLC0415

    _wait_for(http_server)

    async def run() -> dict[str, Any]:
        async with streamable_http_client(http_server["url"]) as streams:
            return await _session_calls(streams, HTTP_CALLS)

    return _run_apart(run)


@pytest.fixture(scope="session")
def api():
    from openfisca_kz_asp import CountryTaxBenefitSystem  # noqa: PLC0415
    from openfisca_kz_asp.api import create_app  # noqa: PLC0415

    app = create_app(CountryTaxBenefitSystem())
    app.config["TESTING"] = True
    return app.test_client()
