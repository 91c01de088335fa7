"""``workers.one_send_write``: the same bytes as gunicorn's ``Response.write``, in one send."""

from __future__ import annotations

from typing import Any

import pytest

pytest.importorskip("gevent")

from gunicorn import util
from gunicorn.http import wsgi

from openfisca_kz_asp.api import workers


class _Socket:
    def __init__(self) -> None:
        self.sent: list[bytes] = []

    def sendall(self, data: bytes) -> None:
        self.sent.append(bytes(data))


class _Request:
    version = (1, 1)
    method = "POST"

    def should_close(self) -> bool:
        return False


def _response(headers: list[tuple[str, str]]) -> tuple[wsgi.Response, _Socket]:
    sock = _Socket()
    response = wsgi.Response(_Request(), sock, cfg=None)
    response.start_response("200 OK", headers)
    return response, sock


@pytest.fixture(autouse=True)
def _fixed_date(monkeypatch):
    monkeypatch.setattr(util, "http_date", lambda *_: "Tue, 01 Dec 2026 03:00:00 GMT")


def _both(headers: list[tuple[str, str]], pieces: list[Any]) -> tuple[list[bytes], list[bytes]]:
    sent = []
    for write in (workers._CORE_WRITE, workers.one_send_write):
        response, sock = _response(headers)
        for piece in pieces:
            write(response, piece)
        response.close()
        sent.append(sock.sent)
    return sent[0], sent[1]


@pytest.mark.parametrize(
    ("headers", "pieces"),
    [
        ([("Content-Type", "application/json"), ("Content-Length", "11")], [b'{"a": 1.5}\n']),
        ([("Content-Length", "4")], [b"abcdefgh"]),  # more than announced: cut as gunicorn cuts it
        ([("Content-Length", "6")], [b"abc", b"def"]),  # the second piece as gunicorn writes it
        ([("Content-Length", "0")], [b""]),
        ([("Content-Type", "text/plain")], [b"chunked", b" body"]),  # no length: chunked, gunicorn's
    ],
)
def test_same_bytes(headers, pieces):
    core, ours = _both(headers, pieces)
    assert b"".join(core) == b"".join(ours)
    if any(name == "Content-Length" for name, _ in headers) and pieces[0]:
        assert len(ours) == len(core) - 1  # the head went with the first piece


def test_not_bytes_refused_as_gunicorn_refuses_it():
    for write in (workers._CORE_WRITE, workers.one_send_write):
        response, _ = _response([("Content-Length", "3")])
        with pytest.raises(TypeError):
            write(response, "abc")
