"""The hardened web API: OpenFisca's own app, with its known holes closed and new endpoints.

``create_app(tbs)`` starts from ``openfisca_web_api.app.create_app`` (so ``/parameters``,
``/parameter/<id>``, ``/variables``, ``/variable/<id>``, ``/entities`` stay as in every OpenFisca
API) and replaces or adds:

* ``POST /calculate`` and ``POST /trace``: the situation is checked by
  ``openfisca_kz_asp.situations`` before anything is computed, so an output asked for the wrong
  period, a wrong role, a negative age, a wrong type... get a 400 naming the field instead of a
  500; ``axes`` work (each output becomes a list, one value per variant); ``?reform=NAME``
  selects a whitelisted reform; ``"reform_parameters": [...]`` beside the situation changes any
  parameter from a date (``openfisca_kz_asp.parametric_reform``, also in /explain's body);
  ``?lang=kk|ru|en`` sets the language of messages.
* ``POST /explain``, ``GET /labels``, ``GET /reforms``, ``GET /health``, ``GET /api`` (the stock
  welcome message, with HTTP 200), ``GET /spec`` (a corrected OpenAPI document), and the calculator
  page at ``/`` from ``api/static/``.
* limits: URL and header size (checked before Flask, by ``RequestLimits``), body size (also for a
  chunked body), time to send the body (under gevent workers), JSON depth, number of persons,
  size of a trace; every error is JSON
  ``{"error": "...", "errors": [{"path", "code", "message"}]}``; an unexpected exception is logged
  with a reference and answered with a 500 that gives only that reference.
* nothing is taken silently: a key given twice in the JSON, a query parameter given twice or
  unknown, ``?reform=name:`` without its value, a string that is not valid Unicode: each is a 400.
"""

from __future__ import annotations

import contextlib
import functools
import gc
import hashlib
import json
import logging
import re
import sys
import uuid
from collections import OrderedDict
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs

import numpy as np
import orjson
from flask import Flask, Response, jsonify, request, send_from_directory
from openfisca_core.taxbenefitsystems import TaxBenefitSystem
from openfisca_web_api.app import create_app as create_stock_app
from werkzeug.exceptions import ClientDisconnected, HTTPException, MethodNotAllowed, RequestEntityTooLarge
from werkzeug.http import HTTP_STATUS_CODES

from openfisca_kz_asp import parametric_reform
from openfisca_kz_asp.api import batch, compute, discovery
from openfisca_kz_asp.api.coalesce import Coalescer, window_from_environment
from openfisca_kz_asp.api.errors import ApiError, error_body, problem, shown
from openfisca_kz_asp.api.spec import build_spec
from openfisca_kz_asp.contract import contract_for
from openfisca_kz_asp.contract.schema import MAX_PERSONS  # the schema's maxProperties, one home
from openfisca_kz_asp.explain import explain, system_with_reform
from openfisca_kz_asp.i18n_texts import LANGUAGES, section
from openfisca_kz_asp.reform_registry import REFORMS, UnknownReformError, describe, parse_reform_name
from openfisca_kz_asp.situations import SituationError

log = logging.getLogger("gunicorn.error")
STATIC = Path(__file__).resolve().parent / "static"
MAX_BODY_BYTES = 256 * 1024
MAX_JSON_DEPTH = 32
MAX_URL_BYTES = 4096  # path and query string
MAX_HEADER_BYTES = 8192  # one header's value
MAX_HEADERS_BYTES = 32 * 1024  # all headers together
READ_TIMEOUT = 10  # seconds to send the whole body (enforced under gevent workers)
MAX_PROBLEMS = 50  # problems listed for one body (duplicate keys, bad text)
CACHE_ENTRIES = 512
MAX_CACHED_BYTES = 64 * 1024
POST_ONLY = ("calculate", "trace", "explain", "batch")
QUERY_PARAMETERS = {
    "calculate": ("reform", "lang"),
    "batch": ("reform", "lang"),
    "trace": ("reform", "lang"),
    "explain": ("lang",),
    "labels": ("lang",),
    "meta": ("lang",),
}
REFORM_PARAMETERS = "reform_parameters"  # the body field of parameter changes
EXPLAIN_FIELDS = ("situation", "household", "period", "lang", "reform", REFORM_PARAMETERS)
WELCOME = (
    "This is the web API of openfisca-kz-asp (Kazakhstan's targeted social assistance). "
    "The OpenAPI document is at /spec; the calculator page at /."
)


def create_app(
    tbs: TaxBenefitSystem | None = None,
    *,
    max_body_bytes: int = MAX_BODY_BYTES,
    max_persons: int = MAX_PERSONS,
    read_timeout: float = READ_TIMEOUT,
    coalesce_ms: float | None = None,
) -> Flask:
    """The Flask app for ``tbs`` (the package's system when None)."""
    if tbs is None:
        from openfisca_kz_asp import CountryTaxBenefitSystem  # noqa: PLC0415

        tbs = CountryTaxBenefitSystem()
    app = create_stock_app(tbs, welcome_message=WELCOME)
    # Werkzeug stops reading a chunked body one byte past this, so that _read_body sees it is too long.
    app.config["MAX_CONTENT_LENGTH"] = max_body_bytes + 1
    views = _Views(tbs, max_body_bytes, max_persons, read_timeout)
    views.coalescer = Coalescer(window_from_environment() if coalesce_ms is None else coalesce_ms)
    app.view_functions["calculate"] = views.calculate
    app.view_functions["trace"] = views.trace
    app.view_functions["get_spec"] = views.spec
    app.view_functions["get_root"] = index
    app.view_functions["get_variable"] = discovery.variable_view(tbs)  # documented; 404 with nearest names
    app.view_functions["get_parameter"] = discovery.parameter_view(tbs, app.view_functions["get_parameter"])
    app.add_url_rule("/explain", "explain", views.explain, methods=["POST"])
    app.add_url_rule("/batch", "batch", views.batch, methods=["POST"])
    app.add_url_rule("/labels", "labels", views.labels)
    app.add_url_rule("/meta", "meta", views.meta)
    app.add_url_rule("/reforms", "reforms", views.reforms)
    app.add_url_rule("/health", "health", lambda: jsonify({"status": "ok"}))
    app.add_url_rule("/api", "api", lambda: jsonify({"welcome": WELCOME}))
    app.add_url_rule("/<path:filename>", "static_file", static_file)
    app.register_error_handler(ApiError, lambda error: (jsonify(error.body), error.status, error.headers))
    app.register_error_handler(SituationError, lambda error: (jsonify(error_body(error.errors)), 400))
    app.register_error_handler(HTTPException, views.http_error)
    app.register_error_handler(Exception, unexpected)
    app.register_error_handler(500, unexpected)  # instead of the stock handler, which echoes the exception
    app.wsgi_app = RequestLimits(app.wsgi_app)  # type: ignore[method-assign]
    # The system, its parameters and the app (some 70,000 objects) live as long as the worker: out of
    # the garbage collector's way, so that its full collections, which a request's thousands of new
    # objects set off now and then, do not walk them each time (80-110 ms each, in a /batch
    # request's time or a coalesced group's; docs/api.md, Load).
    gc.collect()
    gc.freeze()
    return app


class RequestLimits:
    """WSGI middleware: a URL or headers too long get a JSON 414 or 431 before Flask parses them.

    gunicorn refuses even longer ones itself (``limit_request_line``, ``limit_request_field_size``
    in ``cli/serve.py``), with the JSON of ``api/workers.py``.
    """

    def __init__(self, app: Callable[..., Iterable[bytes]]) -> None:
        self.app = app

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        found = limit_problem(environ)
        if found is None:
            return self.app(environ, start_response)
        status, body = found
        data = json.dumps(body).encode()
        start_response(
            f"{status} {HTTP_STATUS_CODES[status]}",
            [("Content-Type", "application/json"), ("Content-Length", str(len(data)))],
        )
        return [data]


def limit_problem(environ: dict[str, Any]) -> tuple[int, dict[str, Any]] | None:
    """(414 or 431, the JSON error) when the request line or headers exceed the limits, else None."""
    query = environ.get("QUERY_STRING", "")
    langs = parse_qs(query[:MAX_URL_BYTES]).get("lang", [])
    lang = langs[0] if langs and langs[0] in LANGUAGES else "en"
    length = len(environ.get("PATH_INFO", "")) + len(query)
    if length > MAX_URL_BYTES:
        found = problem("url", "url_too_long", lang, length=length, max=MAX_URL_BYTES)
        return 414, error_body([found])
    errors, total = [], 0
    for key, value in environ.items():
        if not (key.startswith("HTTP_") or key in ("CONTENT_TYPE", "CONTENT_LENGTH")):
            continue
        name = key.removeprefix("HTTP_").replace("_", "-").title()
        size = len(str(value))
        total += len(name) + size + 4
        if size > MAX_HEADER_BYTES:
            errors.append(
                problem(f"headers/{name}", "header_too_large", lang, name=name, max=MAX_HEADER_BYTES)
            )
    if total > MAX_HEADERS_BYTES:
        errors.append(problem("headers", "headers_too_large", lang, size=total, max=MAX_HEADERS_BYTES))
    return (431, error_body(errors)) if errors else None


class _Views:
    """The API's own views, sharing the system, the reforms, the spec and the limits."""

    def __init__(
        self, tbs: TaxBenefitSystem, max_body_bytes: int, max_persons: int, read_timeout: float
    ) -> None:
        self.tbs = tbs
        self.max_body_bytes = max_body_bytes
        self.max_persons = max_persons
        self.read_timeout = read_timeout
        for name in REFORMS:  # build each whitelisted reform once per worker
            system_with_reform(tbs, name)
        self._parametric = parametric_reform.catalogue(tbs)
        self._spec = build_spec(tbs)
        self._labels: dict[str, bytes] = {}
        self._answers: OrderedDict[bytes, bytes] = OrderedDict()
        self.coalescer = Coalescer(0)  # set by create_app

    def system_for(self, reform: object, lang: str, path: str = "reform") -> TaxBenefitSystem:
        """The system for a whitelisted reform name, or a 400 listing the allowed names."""
        if reform is None:
            return self.tbs
        if not isinstance(reform, str) or len(reform) > 60:
            raise ApiError(400, path, "unknown_reform", lang, name=shown(reform), allowed=_allowed())
        key, colon, value = reform.partition(":")
        if key not in REFORMS:
            raise ApiError(400, path, "unknown_reform", lang, name=key, allowed=_allowed())
        if colon and not value.strip():
            raise ApiError(
                400, path, "reform_missing_value", lang, name=key, example=f"{key}:{_example_value(key)}"
            )
        try:
            parse_reform_name(reform)
            return system_with_reform(self.tbs, reform)
        except UnknownReformError as error:
            raise ApiError(400, path, "bad_reform_value", lang, detail=str(error)) from None

    def system_for_changes(
        self, changes: object, lang: str, reform: object = None
    ) -> tuple[TaxBenefitSystem, parametric_reform.ParametricReform]:
        """The system for the body's ``reform_parameters`` (cached by their canonical text), or a 400
        listing every problem (``reform_parameters/0/value``...), checked as everywhere else by
        ``parametric_reform.validated``."""
        if reform is not None:
            raise ApiError(400, REFORM_PARAMETERS, "reform_and_parameters", lang)
        try:
            reformed = parametric_reform.validated(self.tbs, changes)
        except parametric_reform.ParameterChangeError as error:
            raise ApiError.listing(400, error.api_errors(lang, REFORM_PARAMETERS)) from None
        return system_with_reform(self.tbs, reformed.key), reformed

    def _computed(self, kind: str, body: dict[str, Any], reform: object, lang: str) -> dict[str, Any]:
        """/calculate or /trace of the body, under its ``reform_parameters`` when it has them: they
        are taken out of the situation and said back in the answer, each described in words."""
        system = self.system_for(reform, lang)
        changes = None
        if REFORM_PARAMETERS in body:
            system, changes = self.system_for_changes(body.pop(REFORM_PARAMETERS), lang, reform)
        run = self.coalescer.calculate if kind == "calculate" else compute.trace
        answer = run(system, body, lang=lang, max_persons=self.max_persons)
        if changes is not None:
            answer[REFORM_PARAMETERS] = parametric_reform.as_answer(self.tbs, changes, lang)
        return answer

    def _answer(self, kind: str, lang: str, produce: Callable[[dict[str, Any]], Any]) -> Response:
        """The JSON answer for the request's body, from the cache when the same request was seen.

        Answers are a pure function of the endpoint, the query and the body, so identical requests
        (the page's example families, a recalculation with nothing changed) are served from a
        per-worker LRU cache of the serialised answers. Errors are never cached.
        """
        raw = _read_body(lang, self.max_body_bytes, self.read_timeout)
        body = _parse_json(raw, lang)
        key = hashlib.blake2b(f"{kind}\0{request.query_string!r}\0".encode() + raw, digest_size=20).digest()
        cached = self._answers.get(key)
        if cached is not None:
            self._answers.move_to_end(key)
            return Response(cached, mimetype="application/json")
        answer = produce(body)
        data = _dumps_answer(answer) if kind == "calculate" else _dumps(answer)
        if kind == "trace" and len(data) > compute.MAX_TRACE_BYTES:
            trace = answer["trace"]
            values = sum(len(node["value"] or ()) for node in trace.values())
            raise compute.trace_too_large(body, lang, entries=len(trace), values=values)
        if len(data) <= MAX_CACHED_BYTES:
            self._answers[key] = data
            if len(self._answers) > CACHE_ENTRIES:
                self._answers.popitem(last=False)
        return Response(data, mimetype="application/json")

    def calculate(self) -> Response:
        lang = _query_checked("calculate")
        reform = request.args.get("reform")
        self.system_for(reform, lang)  # a bad ?reform= is refused before the body is read
        with self.coalescer.reading():  # concurrent requests computed together (api/coalesce.py)
            return self._answer(
                "calculate", lang, lambda body: self._computed("calculate", body, reform, lang)
            )

    def batch(self) -> Response:
        """Many situations in one simulation, each answered as /calculate would (api/batch.py)."""
        lang = _query_checked("batch")
        reform = request.args.get("reform")
        system = self.system_for(reform, lang)
        request.max_content_length = batch.MAX_BATCH_BODY_BYTES + 1
        with self.coalescer.reading():  # concurrent requests computed together (api/coalesce.py)
            raw = _read_body(lang, batch.MAX_BATCH_BODY_BYTES, self.read_timeout)
            answer = batch.batch_answer(
                _parse_json(raw, lang),
                lang=lang,
                system=system,
                system_for_changes=lambda changes, lang: self.system_for_changes(changes, lang, reform),
                describe_changes=lambda changes, lang: parametric_reform.as_answer(self.tbs, changes, lang),
                max_persons=self.max_persons,
                run=functools.partial(self.coalescer.run, wait_for_recent=False),
            )
        return Response(_dumps_answer(answer), mimetype="application/json")

    def trace(self) -> Response:
        lang = _query_checked("trace")
        reform = request.args.get("reform")
        self.system_for(reform, lang)
        return self._answer("trace", lang, lambda body: self._computed("trace", body, reform, lang))

    def explain(self) -> Response:
        return self._answer("explain", _query_checked("explain"), self._explain)

    def _explain(self, body: dict[str, Any]) -> dict[str, Any]:
        """Check the envelope of /explain (every problem at once), then explain."""
        lang = body.get("lang", "en")
        errors = []
        if lang not in LANGUAGES:
            errors.append(problem("lang", "bad_language", "en", got=shown(lang)))
            lang = "en"
        allowed = ", ".join(EXPLAIN_FIELDS)
        errors += [
            problem(key[:40], "unknown_field", lang, field=key[:40], allowed=allowed)
            for key in body
            if key not in EXPLAIN_FIELDS
        ]
        errors += [
            problem(key, "missing_field", lang, field=key)
            for key in ("situation", "period")
            if key not in body
        ]
        situation, period = body.get("situation"), body.get("period")
        if "situation" in body and not isinstance(situation, dict):
            errors.append(problem("situation", "not_object", lang, got=shown(situation)))
        if "period" in body and not isinstance(period, str):
            errors.append(problem("period", "bad_month", lang, got=shown(period)))
        household = body.get("household")
        if household is not None and not isinstance(household, str):
            errors.append(problem("household", "expected_string", lang, got=shown(household)))
        reform = body.get("reform")
        try:
            self.system_for(reform, lang)  # the whitelist check, with the API's message
        except ApiError as error:
            errors += error.body["errors"]
        changes = None
        if REFORM_PARAMETERS in body:
            try:
                _, changes = self.system_for_changes(body[REFORM_PARAMETERS], lang, reform)
            except ApiError as error:
                errors += error.body["errors"]
        if errors or not isinstance(situation, dict) or not isinstance(period, str):
            raise ApiError.listing(400, errors)
        name = changes.key if changes is not None else reform
        answer = explain(self.tbs, situation, household=household, period=period, lang=lang, reform=name)
        if changes is not None:
            answer[REFORM_PARAMETERS] = parametric_reform.as_answer(self.tbs, changes, lang)
        return answer

    def labels(self) -> Response:
        lang = _query_checked("labels")
        if lang not in self._labels:
            self._labels[lang] = _dumps(_labels(self.tbs, lang))
        return Response(self._labels[lang], mimetype="application/json")

    def meta(self) -> Response:
        """The input contract the page builds its fields from (``openfisca_kz_asp.contract``)."""
        lang = _query_checked("meta")
        if "meta:" + lang not in self._labels:
            self._labels["meta:" + lang] = _dumps(contract_for(self.tbs).meta(lang))
        return Response(self._labels["meta:" + lang], mimetype="application/json")

    def reforms(self) -> Response:
        """The named reforms (``?reform=NAME``), and under ``reform_parameters`` the changes of any
        parameter: the body field, an example described in words, and each parameter that may be
        changed with its labels, unit and range."""
        named = {
            name: {
                "kind": "named",
                "description": describe(name),
                "title": getattr(system_with_reform(self.tbs, name), "name", name),
                "parameter": spec.parameter,
                "example": f"{name}:{_example_value(name)}" if spec.parameter else name,
            }
            for name, spec in REFORMS.items()
        }
        return jsonify({**named, REFORM_PARAMETERS: self._parametric})

    def spec(self) -> Response:
        return jsonify({**self._spec, "servers": [{"url": request.host_url.rstrip("/")}]})

    def http_error(self, error: HTTPException) -> tuple[Response, int, dict[str, str]]:
        status = error.code or 500
        headers: dict[str, str] = {}
        if isinstance(error, RequestEntityTooLarge):
            found = ApiError(413, "body", "too_large_body", "en", max=self.max_body_bytes).body
        elif isinstance(error, ClientDisconnected):  # a body cut short, or a malformed chunk
            detail = "the body was cut short or its chunked encoding is malformed"
            found = ApiError(400, "body", "bad_http", "en", detail=detail).body
        elif status == 405:
            allowed = (
                sorted(getattr(error, "valid_methods", None) or [])
                if isinstance(error, MethodNotAllowed)
                else []
            )
            found = ApiError(
                405, "method", "method_not_allowed", "en", method=request.method, path=request.path[:100]
            ).body
            if allowed:
                headers["Allow"] = ", ".join(allowed)
        elif status == 404:
            found = ApiError(404, "url", "not_found", "en", path=request.path[:100]).body
        else:
            message = HTTP_STATUS_CODES.get(status, "Error")
            found = error_body(
                [{"path": "", "code": f"http_{status}", "message": f"{message}: {error.description}"}]
            )
        return jsonify(found), status, headers


def static_file(filename: str) -> Response:
    """A file of the calculator page, e.g. /app.js or /i18n/kk.json."""
    if filename in POST_ONLY:
        raise ApiError(
            405, "method", "method_not_allowed", "en", method=request.method, path="/" + filename
        ).with_headers(Allow="OPTIONS, POST")
    if not (STATIC / filename).is_file():
        raise ApiError(404, "url", "not_found", "en", path="/" + filename[:100])
    return send_from_directory(STATIC, filename, max_age=300)


def unexpected(error: Exception) -> tuple[Response, int]:
    """Any other exception: a bug, not the input's fault. Logged with a reference; 500."""
    ref = uuid.uuid4().hex[:12]
    log.exception("Unexpected error %s on %s %s", ref, request.method, request.path, exc_info=error)
    return jsonify(ApiError(500, "", "internal", "en", ref=ref).body), 500


def _query_checked(endpoint: str) -> str:
    """The language asked (``?lang=``), after refusing unknown or repeated query parameters.

    A misspelt ``?refrom=`` or a second ``?reform=`` would otherwise be ignored, and the answer
    computed for another system than the one asked, without a word.
    """
    allowed = QUERY_PARAMETERS[endpoint]
    langs = request.args.getlist("lang")
    lang = langs[0] if len(langs) == 1 and langs[0] in LANGUAGES else "en"
    errors = []
    for name in request.args:
        values = request.args.getlist(name)
        if name not in allowed:
            shown_name = name[:40].encode("utf-8", "backslashreplace").decode()
            errors.append(
                problem(shown_name, "unknown_query", lang, name=shown_name, allowed=", ".join(allowed))
            )
        elif len(values) > 1:
            errors.append(problem(name, "query_repeated", lang, name=name, count=len(values)))
        elif name == "lang" and values[0] not in LANGUAGES:
            errors.append(problem("lang", "bad_language", "en", got=values[0][:20]))
    if errors:
        raise ApiError.listing(400, errors)
    return lang


def index() -> Response:
    """The calculator page (or the welcome message if the page is not installed)."""
    if (STATIC / "index.html").is_file():
        return send_from_directory(STATIC, "index.html", max_age=60)
    return jsonify({"welcome": WELCOME})


def _dumps(value: Any) -> bytes:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), default=str).encode()


_AS_STR = orjson.OPT_PASSTHROUGH_DATETIME | orjson.OPT_PASSTHROUGH_DATACLASS  # to default=str, as json


def _dumps_answer(value: Any) -> bytes:
    """:func:`_dumps` of a /calculate or /batch answer (plain JSON types, every float finite: the
    outputs are converted by ``compute._to_json``, the inputs were checked), by orjson: the same
    JSON, written about five times faster. Anything orjson refuses (an integer beyond 64 bits, a
    key that is not a string) is written by :func:`_dumps`."""
    try:
        return orjson.dumps(value, default=str, option=_AS_STR)
    except TypeError:  # orjson.JSONEncodeError
        return _dumps(value)


def _allowed() -> str:
    return ", ".join(
        f"{name}[:{spec.parameter}]" if spec.parameter else name for name, spec in REFORMS.items()
    )


def _example_value(name: str) -> str:
    return {"poverty_line_share": "0.8", "child_supplement_mrp": "3"}.get(name, "1")


class _ReadTimeoutError(Exception):
    """The client took longer than the read timeout to send its body."""


@contextlib.contextmanager
def _deadline(seconds: float) -> Iterator[None]:
    """Under gevent workers, interrupt reading the body after ``seconds`` (a slow client).

    Other workers (sync, gthread) block on a slow client: they need a buffering proxy in front
    (docs/api.md). A gevent worker serves other requests meanwhile; this bounds how long the
    slow client keeps its connection.
    """
    gevent = sys.modules.get("gevent")
    monkey = sys.modules.get("gevent.monkey")
    if gevent is None or monkey is None or not monkey.is_module_patched("socket"):
        yield
        return
    with gevent.Timeout(seconds, _ReadTimeoutError()):
        yield


def _read_body(lang: str, max_body_bytes: int, read_timeout: float) -> bytes:
    """The request's body, or a 415, 413 or 408 saying what is wrong.

    The limit holds for a chunked body too (no Content-Length): reading stops one byte past it.
    """
    mimetype = request.mimetype or ""
    if mimetype != "application/json" and not mimetype.endswith("+json"):
        raise ApiError(415, "headers/Content-Type", "not_json", lang, got=(request.content_type or "")[:60])
    if request.content_length is not None and request.content_length > max_body_bytes:
        raise ApiError(413, "body", "too_large_body", lang, max=max_body_bytes)
    chunks, size = [], 0
    try:
        with _deadline(read_timeout):
            while chunk := request.stream.read(64 * 1024):
                size += len(chunk)
                if size > max_body_bytes:
                    raise ApiError(413, "body", "too_large_body", lang, max=max_body_bytes)
                chunks.append(chunk)
    except _ReadTimeoutError:
        raise ApiError(408, "body", "read_timeout", lang, seconds=read_timeout) from None
    except OSError as error:  # a malformed chunk, a body cut short (gunicorn raises IOErrors)
        detail = str(error)[:200].encode("ascii", "backslashreplace").decode()
        raise ApiError(400, "body", "bad_http", lang, detail=detail) from None
    return b"".join(chunks)


class _Duplicated(dict):  # type: ignore[type-arg]
    """A JSON object in which some key was given more than once (the keys in ``duplicates``)."""

    duplicates: list[str]


def _object(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """``object_pairs_hook``: the object, marked when a key repeats (JSON says nothing of it)."""
    result = dict(pairs)
    if len(result) == len(pairs):
        return result
    marked = _Duplicated(result)
    seen: set[str] = set()
    marked.duplicates = [key for key, _ in pairs if key in seen or seen.add(key)]  # type: ignore[func-returns-value]
    return marked


def _parse_json(raw: bytes, lang: str) -> dict[str, Any]:
    """The JSON object of the body, or a 400 listing what is wrong with it."""
    fast = _plain_json(raw)
    return fast if fast is not None else _parsed_fully(raw, lang)


def _parsed_fully(raw: bytes, lang: str) -> dict[str, Any]:
    """:func:`_parse_json` by the standard library, every key kept to find those given twice."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        raise ApiError(400, "body", "not_utf8", lang, position=error.start) from None
    try:
        body = json.loads(text, object_pairs_hook=_object)
    except RecursionError:
        raise ApiError(400, "body", "json_too_deep", lang, max=MAX_JSON_DEPTH) from None
    except json.JSONDecodeError as error:
        detail = f"{error.msg} (line {error.lineno}, column {error.colno})"
        raise ApiError(400, "body", "json_invalid", lang, detail=detail) from None
    except ValueError:  # Python's limit of 4,300 digits for an integer
        raise ApiError(400, "body", "number_too_long", lang) from None
    if not isinstance(body, dict):
        raise ApiError(400, "body", "json_not_object", lang, got=shown(body))
    errors = _body_problems(body, lang)
    if errors:
        raise ApiError.listing(400, errors)
    return body


_BLANK_BEFORE_COLON = re.compile(rb'"\s+:')


def _plain_json(raw: bytes) -> dict[str, Any] | None:
    """The body parsed by orjson (several times faster than ``json.loads`` with its hook) when it is
    certainly what :func:`_parse_json`'s full path would give with no problem, else None (the full
    path then parses it again and writes every problem).

    orjson refuses what the full path refuses or reports (invalid UTF-8 or JSON, lone surrogates,
    NaN, infinite numbers), but keeps the last of a key given twice, silently, and reads an integer
    beyond 64 bits as a float. So a key given twice is found by counting: when no key has blanks
    before its colon and no string an escaped quote, every '":' of the text ends a key, and the
    parsed objects hold fewer keys than that if some key repeats. A float beyond the 64-bit
    integers, and nesting close to the depth limit, are left to the full path."""
    escaped = b"\\" in raw  # a body with no backslash at all (the common one) is scanned once
    if (escaped and b'\\"' in raw) or _BLANK_BEFORE_COLON.search(raw):
        return None
    try:
        body = orjson.loads(raw)
    except orjson.JSONDecodeError:
        return None
    if type(body) is not dict:
        return None
    if len(raw) >= _BULK_CHECK_BYTES and not escaped:
        plain = _unescaped_plain(raw, body)
        if plain is not None:
            return body if plain else None
    if _plain_keys(body, 1) != raw.count(b'":'):
        return None
    return body


_BULK_CHECK_BYTES = 6000  # below, the walk of the parsed body is quicker (0.5 KB: 13 us against 38)
# bytes.translate tables: every digit as "0", anything else as a blank (a run of 19 digits is an
# integer that orjson may read as a float, beyond 64 bits); the structure's bytes kept, and the
# nesting step of each: 1 for an opening bracket, -1 (as a signed byte) for a closing one.
_DIGITS = bytes(ord("0") if chr(byte).isdigit() and byte < 128 else ord(" ") for byte in range(256))
_NOT_STRUCTURE = bytes(byte for byte in range(256) if byte not in b'"{}[]')
_STEPS = bytes({ord("{"): 1, ord("["): 1, ord("}"): 255, ord("]"): 255}.get(byte, 0) for byte in range(256))


def _unescaped_plain(raw: bytes, body: dict[str, Any]) -> bool | None:
    """:func:`_plain_keys`'s answer (no key given twice, nesting below the limit, no integer read as
    a float) for a body with no backslash, worked out at C speed instead of by a walk of every node
    (the common body of /batch and /calculate); None when some run of 19 digits may be such an
    integer (the walk then decides).

    With no escape in the text every ``"`` delimits a string: the nesting is the running count of
    the brackets outside the strings, found by the parity of the quotes before them. orjson writes
    the parsed body's strings as they were read (nothing in them needs an escape) and nothing else
    with a quote, so its ``'":'`` are those of the text less those of every key given twice and of
    the value it lost."""
    if b"0" * 19 in raw.translate(_DIGITS):
        return None
    if orjson.dumps(body).count(b'":') != raw.count(b'":'):
        return False
    structure = raw.translate(None, _NOT_STRUCTURE)
    steps = np.frombuffer(structure.translate(_STEPS), dtype=np.int8).copy()
    inside = (np.cumsum(np.frombuffer(structure, dtype=np.uint8) == ord('"'), dtype=np.int32) & 1) == 1
    steps[inside] = 0
    return int(np.cumsum(steps, dtype=np.int32).max(initial=0)) < MAX_JSON_DEPTH - 1


def _plain_keys(node: dict[str, Any] | list[Any], depth: int) -> int:
    """The number of keys of the objects within ``node``; -1 for nesting close to the depth limit or
    a float beyond the 64-bit integers (either is for the full path to judge)."""
    if depth >= MAX_JSON_DEPTH - 1:
        return -1
    keys = 0
    values: Iterable[Any] = node
    if type(node) is dict:
        keys, values = len(node), node.values()
    for child in values:
        kind = type(child)
        if kind is dict or kind is list:
            found = _plain_keys(child, depth + 1)
            if found < 0:
                return -1
            keys += found
        elif kind is float and not -9.2e18 < child < 1.8e19:
            return -1
    return keys


def _body_problems(body: dict[str, Any], lang: str) -> list[dict[str, Any]]:
    """Keys given twice, strings that are not Unicode text (lone surrogates), too deep nesting.

    Walked once without recursion; a node's path (``persons/mother/age``, as in the situation
    errors) is written only for a problem, from the chain of (parent, key) it was reached by.
    """
    errors: list[dict[str, Any]] = []
    stack: list[tuple[Any, tuple[Any, ...] | None, int]] = [(body, None, 1)]
    while stack and len(errors) < MAX_PROBLEMS:
        node, reached, depth = stack.pop()
        if depth > MAX_JSON_DEPTH:
            return [problem("body", "json_too_deep", lang, max=MAX_JSON_DEPTH)]
        if isinstance(node, dict):
            for key in getattr(node, "duplicates", ()):
                where = _join(_path(reached), key)
                errors.append(problem(where, "duplicate_key", lang, key=_printable(key)))
            for key, child in node.items():
                if not (key.isascii() or _is_text(key)):
                    errors.append(problem(_join(_path(reached), key), "bad_text", lang))
                stack.append((child, (reached, key), depth + 1))
        elif isinstance(node, list):
            stack.extend((child, (reached, index), depth + 1) for index, child in enumerate(node))
        elif isinstance(node, str) and not (node.isascii() or _is_text(node)):
            errors.append(problem(_path(reached) or "body", "bad_text", lang))
    return sorted(errors, key=lambda e: e["path"])


def _path(reached: tuple[Any, ...] | None) -> str:
    """The path of a node from its chain of (parent's chain, key or index): ``persons/mother``."""
    keys: list[str] = []
    while reached is not None:
        reached, key = reached
        keys.append(_printable(key) if isinstance(key, str) else str(key))
    return "/".join(reversed(keys))


def _is_text(value: str) -> bool:
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _printable(value: str) -> str:
    return value[:100].encode("utf-8", "backslashreplace").decode("utf-8")


def _join(path: str, key: str) -> str:
    return f"{path}/{_printable(key)}" if path else _printable(key)


def _labels(tbs: TaxBenefitSystem, lang: str) -> dict[str, Any]:
    try:
        from openfisca_kz_asp import i18n  # noqa: PLC0415 - the lead's module, optional here

        labels = i18n.all_labels(tbs, lang)
    except (ImportError, AttributeError, KeyError, OSError):
        from openfisca_kz_asp import enums  # noqa: PLC0415

        labels = {
            "variables": {name: variable.label for name, variable in sorted(tbs.variables.items())},
            "enums": {
                name: {member.name: member.value for member in getattr(enums, name)}
                for name in ("Sex", "DisabilityGroup", "Region", "AspType", "IneligibilityReason")
            },
        }
    return {"lang": lang, **labels, "explain": section("explain", lang), "errors": section("errors", lang)}


__all__ = ["create_app"]
