"""``openfisca-kz-asp serve``: the web API and the calculator page under gunicorn."""

from __future__ import annotations

import argparse
import os
import sys
from typing import Any

from openfisca_kz_asp.cli import UserError

DEFAULT_PORT = 5000
DEFAULT_WORKERS = 3
MAX_TIMEOUT = 30


def register(subparsers: Any) -> None:
    """Add the ``serve`` subcommand."""
    parser = subparsers.add_parser(
        "serve",
        help="serve the web API and the calculator page",
        description=(
            "Start the web API (/calculate, /trace, /explain, /spec, /variables, /parameters, /labels, "
            "/reforms) and the calculator page (/) under gunicorn, with several workers and a request "
            "timeout of 30 s or less."
        ),
    )
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    parser.add_argument(
        "--port", type=int, default=DEFAULT_PORT, help="port (default 5000; 0 = any free port)"
    )
    parser.add_argument("--workers", type=int, default=DEFAULT_WORKERS, help="worker processes (default 3)")
    parser.add_argument(
        "--threads", type=int, default=1, help="threads per worker (default 1: sync workers; >1: gthread)"
    )
    parser.add_argument(
        "--timeout", type=int, default=MAX_TIMEOUT, help=f"request timeout in seconds, 1 to {MAX_TIMEOUT}"
    )
    parser.add_argument("--access-log", action="store_true", help="log each request to standard error")
    parser.set_defaults(func=run)


def options(args: argparse.Namespace) -> dict[str, Any]:
    """gunicorn settings for the parsed arguments (checked, with a clear message when wrong)."""
    if not 1 <= args.timeout <= MAX_TIMEOUT:
        msg = f"--timeout must be between 1 and {MAX_TIMEOUT} seconds, not {args.timeout}."
        raise UserError(msg)
    if not 1 <= args.workers <= 64:
        msg = f"--workers must be between 1 and 64, not {args.workers}."
        raise UserError(msg)
    if not 0 <= args.port <= 65535:
        msg = f"--port must be between 0 and 65535, not {args.port}."
        raise UserError(msg)
    if not 1 <= args.threads <= 64:
        msg = f"--threads must be between 1 and 64, not {args.threads}."
        raise UserError(msg)
    host = f"[{args.host}]" if ":" in args.host else args.host
    settings: dict[str, Any] = {
        "bind": f"{host}:{args.port}",
        "workers": args.workers,
        "threads": args.threads,
        "worker_class": "gthread" if args.threads > 1 else "sync",
        "timeout": args.timeout,
        "graceful_timeout": min(args.timeout, 10),
        "preload_app": True,  # build the tax-benefit system once, before forking the workers
        "max_requests": 20000,  # recycle workers now and then, so that caches stay bounded
        "max_requests_jitter": 2000,
        "limit_request_line": 8190,
        "when_ready": _announce,
        "loglevel": "warning",
    }
    if args.access_log:
        settings["accesslog"] = "-"
    return settings


def _announce(server: Any) -> None:
    for listener in server.LISTENERS:
        host, port = listener.sock.getsockname()[:2]
        shown = f"[{host}]" if ":" in str(host) else host
        print(
            f"openfisca-kz-asp: serving on http://{shown}:{port}/ "
            f"({server.cfg.workers} workers, timeout {server.cfg.timeout} s). Press Ctrl+C to stop.",
            flush=True,
        )


def run(args: argparse.Namespace) -> int:
    """Start gunicorn with the API app; returns when the server stops."""
    settings = options(args)
    from gunicorn.app.base import BaseApplication  # noqa: PLC0415 - only when serving

    class Application(BaseApplication):
        def load_config(self) -> None:
            for key, value in settings.items():
                self.cfg.set(key, value)

        def load(self) -> Any:
            from openfisca_kz_asp.api.app import create_app  # noqa: PLC0415

            return create_app()

    os.environ.setdefault("PYTHONUNBUFFERED", "1")
    sys.argv = sys.argv[:1]  # gunicorn reads sys.argv; ours are already parsed
    Application().run()
    return 0
