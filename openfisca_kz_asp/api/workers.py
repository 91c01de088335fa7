"""gunicorn workers whose own error answers are JSON, like the API's, instead of HTML pages.

gunicorn answers some requests before the app sees them: a request line longer than
``limit_request_line``, too many or too long headers, a line that is not HTTP. Its stock answer is
an HTML page. These workers answer the same cases with the API's JSON error body and the right
status (414 for a long request line, 431 for headers, 400 otherwise). ``openfisca-kz-asp serve``
uses ``GeventWorker``; a plain gunicorn deployment can too::

    gunicorn -k openfisca_kz_asp.api.workers.GeventWorker 'openfisca_kz_asp.api.wsgi:application'

Importing this module needs gevent; ``SyncWorker`` and ``ThreadWorker`` are the JSON variants of
gunicorn's ``sync`` and ``gthread`` workers (both need a buffering proxy in front: docs/api.md).
"""

from __future__ import annotations

import json
from typing import Any

from gunicorn import util
from gunicorn.http import errors as http_errors
from gunicorn.workers.ggevent import GeventWorker as _GeventWorker
from gunicorn.workers.gthread import ThreadWorker as _ThreadWorker
from gunicorn.workers.sync import SyncWorker as _SyncWorker

from openfisca_kz_asp.api.errors import error_body, problem

MAX_HEADERS = 100  # gunicorn's limit_request_fields, set by cli/serve.py


def json_error(exc: BaseException, *, max_line: int, max_field: int) -> tuple[int, str, dict[str, Any]]:
    """(status, reason, JSON body) for an error gunicorn raised while reading a request."""
    if isinstance(exc, http_errors.LimitRequestLine):
        size = getattr(exc, "size", 0)
        return (
            414,
            "URI Too Long",
            error_body([problem("url", "url_too_long", "en", length=size, max=max_line)]),
        )
    if isinstance(exc, http_errors.LimitRequestHeaders):
        found = problem("headers", "header_limit", "en", count=MAX_HEADERS, max=max_field)
        return 431, "Request Header Fields Too Large", error_body([found])
    if isinstance(exc, http_errors.ParseException | http_errors.NoMoreData | ValueError):
        detail = _described(exc)[:200].encode("ascii", "backslashreplace").decode()
        return 400, "Bad Request", error_body([problem("request", "bad_http", "en", detail=detail)])
    return 500, "Internal Server Error", error_body([problem("", "internal", "en", ref="gunicorn")])


def _described(exc: BaseException) -> str:
    """gunicorn's message for the error (some of its errors cannot render themselves)."""
    if isinstance(exc, http_errors.InvalidHTTPVersion):
        return "unsupported HTTP version (use HTTP/1.0 or HTTP/1.1)"
    try:
        return str(exc)
    except Exception:  # e.g. a message template that does not fit its arguments
        return "malformed request line or header"


class _JsonErrors:
    """Mixin: ``handle_error`` writes the API's JSON instead of gunicorn's HTML page."""

    cfg: Any
    log: Any

    def handle_error(self, req: Any, client: Any, addr: Any, exc: BaseException) -> None:
        status, reason, body = json_error(
            exc, max_line=self.cfg.limit_request_line, max_field=self.cfg.limit_request_field_size
        )
        if status == 500:
            self.log.exception("Error handling request %s", getattr(req, "uri", "(no URI read)"))
        else:
            self.log.warning("Invalid request from ip=%s: %s", (addr or ("",))[0], _described(exc))
        data = json.dumps(body).encode()
        head = (
            f"HTTP/1.1 {status} {reason}\r\nConnection: close\r\nContent-Type: application/json\r\n"
            f"Content-Length: {len(data)}\r\n\r\n"
        ).encode("latin-1")
        try:
            util.write_nonblock(client, head + data)
        except Exception:  # the client is gone: nothing to answer
            self.log.debug("Failed to send error message.")


class GeventWorker(_JsonErrors, _GeventWorker):
    """gunicorn's gevent worker (asynchronous reads: a slow client holds no worker) with JSON errors."""


class SyncWorker(_JsonErrors, _SyncWorker):
    """gunicorn's sync worker with JSON errors (needs a buffering proxy in front)."""


class ThreadWorker(_JsonErrors, _ThreadWorker):
    """gunicorn's gthread worker with JSON errors (needs a buffering proxy in front)."""


__all__ = ["GeventWorker", "SyncWorker", "ThreadWorker", "json_error"]
