"""The hardened web API: OpenFisca's own app, with its known holes closed and new endpoints.

``create_app(tbs)`` starts from ``openfisca_web_api.app.create_app`` (so ``/parameters``,
``/parameter/<id>``, ``/variables``, ``/variable/<id>``, ``/entities`` stay as in every OpenFisca
API) and replaces or adds:

* ``POST /calculate`` and ``POST /trace``: the situation is checked by
  ``openfisca_kz_asp.situations`` before anything is computed, so an output asked for the wrong
  period, a wrong role, a negative age, a wrong type... get a 400 naming the field instead of a
  500; ``axes`` work (each output becomes a list, one value per variant); ``?reform=NAME``
  selects a whitelisted reform; ``?lang=kk|ru|en`` sets the language of messages.
* ``POST /explain``, ``GET /labels``, ``GET /reforms``, ``GET /health``, ``GET /api`` (the stock
  welcome message, with HTTP 200), ``GET /spec`` (a corrected OpenAPI document), and the calculator
  page at ``/`` from ``api/static/``.
* limits: body size, JSON depth, number of persons; every error is JSON
  ``{"error": "...", "errors": [{"path", "code", "message"}]}``; an unexpected exception is logged
  with a reference and answered with a 500 that gives only that reference.
"""

from __future__ import annotations

import hashlib
import json
import logging
import uuid
from collections import OrderedDict
from collections.abc import Callable
from pathlib import Path
from typing import Any

from flask import Flask, Response, jsonify, request, send_from_directory
from openfisca_core.taxbenefitsystems import TaxBenefitSystem
from openfisca_web_api.app import create_app as create_stock_app
from werkzeug.exceptions import HTTPException, RequestEntityTooLarge

from openfisca_kz_asp.api import compute
from openfisca_kz_asp.api.errors import ApiError, error_body
from openfisca_kz_asp.api.spec import build_spec
from openfisca_kz_asp.explain import explain, system_with_reform
from openfisca_kz_asp.contract import contract_for
from openfisca_kz_asp.i18n_texts import LANGUAGES, section
from openfisca_kz_asp.reform_registry import REFORMS, UnknownReformError, describe, parse_reform_name
from openfisca_kz_asp.situations import SituationError

log = logging.getLogger("gunicorn.error")
STATIC = Path(__file__).resolve().parent / "static"
MAX_BODY_BYTES = 256 * 1024
MAX_JSON_DEPTH = 32
MAX_PERSONS = 50
CACHE_ENTRIES = 512
MAX_CACHED_BYTES = 64 * 1024
POST_ONLY = ("calculate", "trace", "explain")
EXPLAIN_FIELDS = ("situation", "household", "period", "lang", "reform")
WELCOME = (
    "This is the web API of openfisca-kz-asp (Kazakhstan's targeted social assistance). "
    "The OpenAPI document is at /spec; the calculator page at /."
)


def create_app(
    tbs: TaxBenefitSystem | None = None,
    *,
    max_body_bytes: int = MAX_BODY_BYTES,
    max_persons: int = MAX_PERSONS,
) -> Flask:
    """The Flask app for ``tbs`` (the package's system when None)."""
    if tbs is None:
        from openfisca_kz_asp import CountryTaxBenefitSystem  # noqa: PLC0415

        tbs = CountryTaxBenefitSystem()
    app = create_stock_app(tbs, welcome_message=WELCOME)
    app.config["MAX_CONTENT_LENGTH"] = max_body_bytes
    views = _Views(tbs, max_body_bytes, max_persons)
    app.view_functions["calculate"] = views.calculate
    app.view_functions["trace"] = views.trace
    app.view_functions["get_spec"] = views.spec
    app.view_functions["get_root"] = index
    app.add_url_rule("/explain", "explain", views.explain, methods=["POST"])
    app.add_url_rule("/labels", "labels", views.labels)
    app.add_url_rule("/meta", "meta", views.meta)
    app.add_url_rule("/reforms", "reforms", views.reforms)
    app.add_url_rule("/health", "health", lambda: jsonify({"status": "ok"}))
    app.add_url_rule("/api", "api", lambda: jsonify({"welcome": WELCOME}))
    app.add_url_rule("/<path:filename>", "static_file", static_file)
    app.register_error_handler(ApiError, lambda error: (jsonify(error.body), error.status))
    app.register_error_handler(SituationError, lambda error: (jsonify(error_body(error.errors)), 400))
    app.register_error_handler(HTTPException, views.http_error)
    app.register_error_handler(Exception, unexpected)
    return app


class _Views:
    """The API's own views, sharing the system, the reforms, the spec and the limits."""

    def __init__(self, tbs: TaxBenefitSystem, max_body_bytes: int, max_persons: int) -> None:
        self.tbs = tbs
        self.max_body_bytes = max_body_bytes
        self.max_persons = max_persons
        for name in REFORMS:  # build each whitelisted reform once per worker
            system_with_reform(tbs, name)
        self._spec = build_spec(tbs)
        self._labels: dict[str, bytes] = {}
        self._answers: OrderedDict[bytes, bytes] = OrderedDict()

    def system_for(self, reform: object, lang: str) -> TaxBenefitSystem:
        """The system for a whitelisted reform name, or a 400 listing the allowed names."""
        if reform is None:
            return self.tbs
        if not isinstance(reform, str) or len(reform) > 60:
            raise ApiError(400, "reform", "unknown_reform", lang, name=str(reform)[:60], allowed=_allowed())
        try:
            parse_reform_name(reform)
            return system_with_reform(self.tbs, reform)
        except UnknownReformError as error:
            key = reform.partition(":")[0]
            if key not in REFORMS:
                raise ApiError(400, "reform", "unknown_reform", lang, name=key, allowed=_allowed()) from None
            raise ApiError(400, "reform", "bad_reform_value", lang, detail=str(error)) from None

    def _answer(self, kind: str, lang: str, produce: Callable[[dict[str, Any]], Any]) -> Response:
        """The JSON answer for the request's body, from the cache when the same request was seen.

        Answers are a pure function of the endpoint, the query and the body, so identical requests
        (the page's example families, a recalculation with nothing changed) are served from a
        per-worker LRU cache of the serialised answers. Errors are never cached.
        """
        body, raw = _json_body(lang, self.max_body_bytes)
        key = hashlib.blake2b(f"{kind}\0{request.query_string!r}\0".encode() + raw, digest_size=20).digest()
        cached = self._answers.get(key)
        if cached is not None:
            self._answers.move_to_end(key)
            return Response(cached, mimetype="application/json")
        data = _dumps(produce(body))
        if len(data) <= MAX_CACHED_BYTES:
            self._answers[key] = data
            if len(self._answers) > CACHE_ENTRIES:
                self._answers.popitem(last=False)
        return Response(data, mimetype="application/json")

    def calculate(self) -> Response:
        lang = _lang_arg()
        system = self.system_for(request.args.get("reform"), lang)
        return self._answer(
            "calculate",
            lang,
            lambda body: compute.calculate(system, body, lang=lang, max_persons=self.max_persons),
        )

    def trace(self) -> Response:
        lang = _lang_arg()
        system = self.system_for(request.args.get("reform"), lang)
        return self._answer(
            "trace", lang, lambda body: compute.trace(system, body, lang=lang, max_persons=self.max_persons)
        )

    def explain(self) -> Response:
        query_lang = request.args.get("lang")
        return self._answer("explain", query_lang if query_lang in LANGUAGES else "en", self._explain)

    def _explain(self, body: dict[str, Any]) -> dict[str, Any]:
        lang = body.get("lang", "en")
        if lang not in LANGUAGES:
            raise ApiError(400, "lang", "bad_language", "en", got=str(lang)[:20])
        unknown = [key for key in body if key not in EXPLAIN_FIELDS]
        if unknown:
            allowed = ", ".join(EXPLAIN_FIELDS)
            raise ApiError(
                400, unknown[0][:40], "unknown_field", lang, field=unknown[0][:40], allowed=allowed
            )
        missing = [key for key in ("situation", "period") if key not in body]
        if missing:
            raise ApiError(400, missing[0], "missing_field", lang, field=missing[0])
        household = body.get("household")
        if household is not None and not isinstance(household, str):
            raise ApiError(400, "household", "expected_string", lang, got=type(household).__name__)
        reform = body.get("reform")
        self.system_for(reform, lang)  # the whitelist check, with the API's message
        return explain(
            self.tbs, body["situation"], household=household, period=body["period"], lang=lang, reform=reform
        )

    def labels(self) -> Response:
        lang = _lang_arg()
        if lang not in self._labels:
            self._labels[lang] = _dumps(_labels(self.tbs, lang))
        return Response(self._labels[lang], mimetype="application/json")

    def meta(self) -> Response:
        """The input contract the page builds its fields from (``openfisca_kz_asp.contract``)."""
        lang = _lang_arg()
        if "meta:" + lang not in self._labels:
            self._labels["meta:" + lang] = _dumps(contract_for(self.tbs).meta(lang))
        return Response(self._labels["meta:" + lang], mimetype="application/json")

    def reforms(self) -> Response:
        return jsonify(
            {
                name: {
                    "description": describe(name),
                    "title": getattr(system_with_reform(self.tbs, name), "name", name),
                    "parameter": spec.parameter,
                    "example": f"{name}:{_example_value(name)}" if spec.parameter else name,
                }
                for name, spec in REFORMS.items()
            }
        )

    def spec(self) -> Response:
        return jsonify({**self._spec, "servers": [{"url": request.host_url.rstrip("/")}]})

    def http_error(self, error: HTTPException) -> tuple[Response, int]:
        status = error.code or 500
        if isinstance(error, RequestEntityTooLarge):
            problem = ApiError(413, "", "too_large_body", "en", max=self.max_body_bytes)
        elif status == 405:
            problem = ApiError(
                405, "", "method_not_allowed", "en", method=request.method, path=request.path[:100]
            )
        elif status == 404:
            problem = ApiError(404, "", "not_found", "en", path=request.path[:100])
        else:
            return jsonify({"error": error.description, "errors": []}), status
        return jsonify(problem.body), problem.status


def static_file(filename: str) -> Response:
    """A file of the calculator page, e.g. /app.js or /i18n/kk.json."""
    if filename in POST_ONLY:
        raise ApiError(405, "", "method_not_allowed", "en", method=request.method, path="/" + filename)
    if not (STATIC / filename).is_file():
        raise ApiError(404, "", "not_found", "en", path="/" + filename[:100])
    return send_from_directory(STATIC, filename, max_age=300)


def unexpected(error: Exception) -> tuple[Response, int]:
    """Any other exception: a bug, not the input's fault. Logged with a reference; 500."""
    ref = uuid.uuid4().hex[:12]
    log.exception("Unexpected error %s on %s %s", ref, request.method, request.path, exc_info=error)
    return jsonify(ApiError(500, "", "internal", "en", ref=ref).body), 500


def _lang_arg() -> str:
    lang = request.args.get("lang", "en")
    if lang not in LANGUAGES:
        raise ApiError(400, "lang", "bad_language", "en", got=lang[:20])
    return lang


def index() -> Response:
    """The calculator page (or the welcome message if the page is not installed)."""
    if (STATIC / "index.html").is_file():
        return send_from_directory(STATIC, "index.html", max_age=60)
    return jsonify({"welcome": WELCOME})


def _dumps(value: Any) -> bytes:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), default=str).encode()


def _allowed() -> str:
    return ", ".join(
        f"{name}[:{spec.parameter}]" if spec.parameter else name for name, spec in REFORMS.items()
    )


def _example_value(name: str) -> str:
    return {"poverty_line_share": "0.8", "child_supplement_mrp": "3"}.get(name, "1")


def _depth(value: Any) -> int:
    """Nesting depth of parsed JSON, without recursion."""
    deepest, stack = 0, [(value, 1)]
    while stack:
        node, depth = stack.pop()
        deepest = max(deepest, depth)
        if isinstance(node, dict):
            stack.extend((child, depth + 1) for child in node.values())
        elif isinstance(node, list):
            stack.extend((child, depth + 1) for child in node)
    return deepest


def _json_body(lang: str, max_body_bytes: int) -> tuple[dict[str, Any], bytes]:
    """The request's JSON object and raw bytes, or an ApiError (415, 413 or 400) saying what is wrong."""
    mimetype = request.mimetype or ""
    if mimetype != "application/json" and not mimetype.endswith("+json"):
        raise ApiError(415, "", "not_json", lang, got=(request.content_type or "")[:60])
    if request.content_length is not None and request.content_length > max_body_bytes:
        raise ApiError(413, "", "too_large_body", lang, max=max_body_bytes)
    raw = request.get_data(cache=False)
    if len(raw) > max_body_bytes:
        raise ApiError(413, "", "too_large_body", lang, max=max_body_bytes)
    try:
        body = json.loads(raw)
    except RecursionError:
        raise ApiError(400, "", "json_too_deep", lang, max=MAX_JSON_DEPTH) from None
    except (ValueError, UnicodeDecodeError) as error:
        raise ApiError(400, "", "json_invalid", lang, detail=str(error)[:200]) from None
    if not isinstance(body, dict):
        raise ApiError(400, "", "json_not_object", lang, got=type(body).__name__)
    if _depth(body) > MAX_JSON_DEPTH:
        raise ApiError(400, "", "json_too_deep", lang, max=MAX_JSON_DEPTH)
    return body, raw


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
