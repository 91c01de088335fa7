"""``openfisca-kz-asp serve``: the web API and the calculator page under gunicorn.

The workers are gunicorn's gevent workers (``openfisca_kz_asp.api.workers.GeventWorker``, with
JSON errors): each reads its connections asynchronously, so a client that sends its request
slowly holds a greenlet, not a worker, and the others are answered meanwhile. A client gets
``--read-timeout`` seconds for its request headers (gunicorn's keep-alive timeout, which gevent
workers apply to reading a request's head) and as many for its body (``api/app.py``), then
the connection is closed (408 for a body). The computation itself is bounded by ``--timeout``.
``--threads N`` selects gthread workers instead, which a slow client does block: only behind a
buffering proxy (docs/api.md).
"""

from __future__ import annotations

import argparse
import os
import sys
from typing import Any

from openfisca_kz_asp.cli import UserError

DEFAULT_PORT = 5000
DEFAULT_WORKERS = 3
MAX_TIMEOUT = 30
DEFAULT_READ_TIMEOUT = 10
WORKER_CONNECTIONS = 256  # open connections per gevent worker (each holds at most one body of 256 KB)
LIMIT_REQUEST_LINE = 8190  # gunicorn's largest; the app refuses a URL of more than 4,096 characters first
LIMIT_REQUEST_FIELD_SIZE = 16 * 1024  # above the app's own limit of 8 KB per header, answered in JSON
LIMIT_REQUEST_FIELDS = 100


def register(subparsers: Any) -> None:
    """Add the ``serve`` subcommand."""
    parser = subparsers.add_parser(
        "serve",
        help="serve the web API and the calculator page",
        description=(
            "Start the web API (/calculate, /trace, /explain, /spec, /variables, /parameters, /labels, "
            "/reforms) and the calculator page (/) under gunicorn, with several gevent workers (a slow "
            "client does not hold a worker) and a request timeout of 30 s or less."
        ),
    )
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    parser.add_argument(
        "--port", type=int, default=DEFAULT_PORT, help="port (default 5000; 0 = any free port)"
    )
    parser.add_argument("--workers", type=int, default=DEFAULT_WORKERS, help="worker processes (default 3)")
    parser.add_argument(
        "--threads",
        type=int,
        default=1,
        help="threads per worker (default 1: gevent workers; >1: gthread workers, which slow clients "
        "can block: use them only behind a buffering proxy such as nginx)",
    )
    parser.add_argument(
        "--timeout", type=int, default=MAX_TIMEOUT, help=f"request timeout in seconds, 1 to {MAX_TIMEOUT}"
    )
    parser.add_argument(
        "--read-timeout",
        type=int,
        default=DEFAULT_READ_TIMEOUT,
        help=f"seconds a client has to send its request headers, and as many for its body "
        f"(default {DEFAULT_READ_TIMEOUT}; 1 to {MAX_TIMEOUT})",
    )
    parser.add_argument(
        "--coalesce-ms",
        type=float,
        default=None,
        help="window in milliseconds in which concurrent /calculate requests of a gevent worker are "
        "computed together in one simulation (0 = off, which leaves a gevent worker serving its "
        "connections unevenly under load: docs/api.md; default: $OPENFISCA_KZ_ASP_COALESCE_MS, else "
        "the package's default)",
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
    if not 1 <= args.read_timeout <= MAX_TIMEOUT:
        msg = f"--read-timeout must be between 1 and {MAX_TIMEOUT} seconds, not {args.read_timeout}."
        raise UserError(msg)
    coalesce_ms = getattr(args, "coalesce_ms", None)
    if coalesce_ms is not None and not 0 <= coalesce_ms <= 50:
        msg = f"--coalesce-ms must be between 0 and 50, not {coalesce_ms}."
        raise UserError(msg)
    host = f"[{args.host}]" if ":" in args.host else args.host
    settings: dict[str, Any] = {
        "bind": f"{host}:{args.port}",
        "workers": args.workers,
        "threads": args.threads,
        "worker_class": _worker_class(args.threads),
        "worker_connections": WORKER_CONNECTIONS,
        "keepalive": args.read_timeout,  # gevent workers: the time allowed to send a request's head
        "timeout": args.timeout,
        "graceful_timeout": min(args.timeout, 10),
        "preload_app": True,  # build the tax-benefit system once, before forking the workers
        "max_requests": 20000,  # recycle workers now and then, so that caches stay bounded
        "max_requests_jitter": 2000,
        "limit_request_line": LIMIT_REQUEST_LINE,
        "limit_request_field_size": LIMIT_REQUEST_FIELD_SIZE,
        "limit_request_fields": LIMIT_REQUEST_FIELDS,
        "when_ready": _announce,
        "loglevel": "warning",
    }
    if args.access_log:
        settings["accesslog"] = "-"
    return settings


def _worker_class(threads: int) -> str:
    """gevent workers (asynchronous reads), or gthread ones with ``--threads`` > 1; JSON errors both."""
    kind = "ThreadWorker" if threads > 1 else "GeventWorker"
    return f"openfisca_kz_asp.api.workers.{kind}"


def _announce(server: Any) -> None:
    for listener in server.LISTENERS:
        host, port = listener.sock.getsockname()[:2]
        shown = f"[{host}]" if ":" in str(host) else host
        print(
            f"openfisca-kz-asp: serving on http://{shown}:{port}/ "
            f"({server.cfg.workers} {_kind(server.cfg.worker_class_str)} workers, "
            f"timeout {server.cfg.timeout} s). Press Ctrl+C to stop.",
            flush=True,
        )


def _kind(worker_class: str) -> str:
    return "gthread" if "Thread" in worker_class else "gevent"


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

            return create_app(read_timeout=args.read_timeout, coalesce_ms=args.coalesce_ms)

    os.environ.setdefault("PYTHONUNBUFFERED", "1")
    sys.argv = sys.argv[:1]  # gunicorn reads sys.argv; ours are already parsed
    Application().run()
    return 0
