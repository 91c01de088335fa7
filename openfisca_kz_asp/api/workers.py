"""gunicorn workers whose own error answers are JSON, like the API's, instead of HTML pages.

gunicorn answers some requests before the app sees them: a request line longer than
``limit_request_line``, too many or too long headers, a line that is not HTTP. Its stock answer is
an HTML page. These workers answer the same cases with the API's JSON error body and the right
status (414 for a long request line, 431 for headers, 400 otherwise). ``openfisca-kz-asp serve``
uses ``GeventWorker``; a plain gunicorn deployment can too::

    gunicorn -k openfisca_kz_asp.api.workers.GeventWorker 'openfisca_kz_asp.api.wsgi:application'

The gevent worker also sends a response's head and its body in one ``send`` when the body comes
as one piece of bytes (:func:`one_send_write`; gunicorn sends them in two): on loopback or a fast
network each send is a TCP segment the kernel delivers, and wakes the client, separately.

Importing this module needs gevent; ``SyncWorker`` and ``ThreadWorker`` are the JSON variants of
gunicorn's ``sync`` and ``gthread`` workers (both need a buffering proxy in front: docs/api.md).
"""

from __future__ import annotations

import json
from typing import Any

from gunicorn import util
from gunicorn.http import errors as http_errors
from gunicorn.http import wsgi as gunicorn_wsgi
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


_CORE_WRITE = gunicorn_wsgi.Response.write


def one_send_write(self: Any, arg: Any) -> None:
    """``gunicorn.http.wsgi.Response.write`` that sends the head with the first piece of a body of
    known length in one ``sendall``: the same bytes, in one TCP segment instead of two. Anything
    else (head already sent, chunked, not bytes, nothing left to send) is gunicorn's own write."""
    if self.headers_sent or self.chunked or not isinstance(arg, bytes):
        return _CORE_WRITE(self, arg)
    tosend = len(arg)
    if self.response_length is not None:
        if self.sent >= self.response_length:
            return _CORE_WRITE(self, arg)
        tosend = min(self.response_length - self.sent, tosend)
        if tosend < len(arg):
            arg = arg[:tosend]
    head = self.default_headers()  # what Response.send_headers writes
    head.extend([f"{key}: {value}\r\n" for key, value in self.headers])
    data = util.to_bytestring("{}\r\n".format("".join(head)), "latin-1") + arg
    self.headers_sent = True
    self.sent += tosend
    util.write(self.sock, data)
    return None


class GeventWorker(_JsonErrors, _GeventWorker):
    """gunicorn's gevent worker (asynchronous reads: a slow client holds no worker) with JSON errors,
    sending a response's head and body in one piece (:func:`one_send_write`)."""

    def init_process(self) -> None:
        gunicorn_wsgi.Response.write = one_send_write  # this worker process only
        super().init_process()


class SyncWorker(_JsonErrors, _SyncWorker):
    """gunicorn's sync worker with JSON errors (needs a buffering proxy in front)."""


class ThreadWorker(_JsonErrors, _ThreadWorker):
    """gunicorn's gthread worker with JSON errors (needs a buffering proxy in front)."""


__all__ = ["GeventWorker", "SyncWorker", "ThreadWorker", "json_error", "one_send_write"]
