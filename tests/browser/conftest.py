"""Fixtures for the end-to-end tests of the calculator page in a real headless Chromium.

* ``server``: starts the web API with the page on a free loopback port, in a subprocess, and
  stops it after the session. It runs ``openfisca-kz-asp serve`` when the package has that
  command, otherwise ``dev_server.py`` (the stock OpenFisca web API plus the static page).
* ``browser``: Debian's Chromium (``/usr/bin/chromium``, or ``$CHROMIUM``) driven by Playwright's
  sync API through ``executable_path``; Playwright's own browser download is never used. The
  tests are skipped, with the reason, only when that Chromium cannot be found: run
  ``scripts/install_browser.sh`` first.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, Playwright, sync_playwright

HERE = Path(__file__).parent
# The helpers (calc_families, calc_page) sit beside the tests; pytest runs with --import-mode=importlib.
if str(HERE) not in sys.path:
    sys.path.insert(0, str(HERE))
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
START_TIMEOUT = 90.0


def _chromium() -> str | None:
    candidates = [os.environ.get("CHROMIUM"), "/usr/bin/chromium", shutil.which("chromium")]
    return next((c for c in candidates if c and os.access(c, os.X_OK)), None)


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _server_command(port: int) -> list[str]:
    if importlib.util.find_spec("openfisca_kz_asp.cli.serve") is not None:
        return [
            sys.executable,
            "-c",
            "import sys; from openfisca_kz_asp.cli import main; sys.exit(main(sys.argv[1:]))",
            "serve",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--workers",
            "2",
        ]
    return [sys.executable, str(HERE / "dev_server.py"), str(port)]


@pytest.fixture(scope="session")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Base URL of a running calculator server (page at ``/``, API beside it)."""
    port = _free_port()
    log = tmp_path_factory.mktemp("server") / "server.log"
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    with log.open("w") as out:
        process = subprocess.Popen(
            _server_command(port), stdout=out, stderr=subprocess.STDOUT, env=env, cwd=HERE.parents[1]
        )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + START_TIMEOUT
    try:
        while True:
            if process.poll() is not None:
                pytest.fail(f"the server exited with {process.returncode}:\n{log.read_text()[-3000:]}")
            try:
                with urllib.request.urlopen(url + "/", timeout=2) as response:
                    if response.status == 200:
                        break
            except (urllib.error.URLError, OSError):
                pass
            if time.monotonic() > deadline:
                tail = log.read_text()[-3000:]
                pytest.fail(f"the server did not answer on {url} within {START_TIMEOUT:.0f} s:\n{tail}")
            time.sleep(0.3)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@pytest.fixture(scope="session")
def playwright_instance() -> Iterator[Playwright]:
    if _chromium() is None:
        pytest.skip("Chromium not found at /usr/bin/chromium (or $CHROMIUM): run scripts/install_browser.sh")
    with sync_playwright() as playwright:
        yield playwright


@pytest.fixture(scope="session")
def browser(playwright_instance: Playwright) -> Iterator[Browser]:
    """Headless Debian Chromium; Playwright gives it a fresh temporary --user-data-dir."""
    browser = playwright_instance.chromium.launch(
        executable_path=_chromium(), headless=True, args=CHROMIUM_FLAGS
    )
    yield browser
    browser.close()


@pytest.fixture
def page(browser: Browser, server: str) -> Iterator[Page]:
    """A fresh desktop-sized page; JavaScript errors fail the test."""
    context = browser.new_context(viewport={"width": 1024, "height": 900}, accept_downloads=True)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    yield page
    context.close()
    assert not errors, f"JavaScript errors on the page: {errors}"
