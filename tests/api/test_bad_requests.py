"""A catalogue of bad requests to the web API: each gets its 4xx, in JSON, naming the field.

Each row is one request (body, query string, headers or method) with the status expected and the
``(path, code)`` of every error it must report. Every answer must also: be JSON; list every
problem in its top-level ``error`` string (issue 12); use no Python name in a message ("not
NoneType"); carry an ``Allow`` header on a 405. The rows add to what ``test_api.py``,
``test_situations.py`` and ``test_fuzz.py`` already assert; the cases that need a real server
(slow clients, gunicorn's own limits, a chunked body over the socket) are in ``test_server.py``.
"""

from __future__ import annotations

import copy
import io
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pytest

from openfisca_kz_asp.api.app import MAX_BODY_BYTES, MAX_HEADERS_BYTES, MAX_JSON_DEPTH, MAX_URL_BYTES
from openfisca_kz_asp.situation_examples import EXAMPLES

BIG = 10**400  # no float can hold it: json.loads gives a Python int of 401 digits
HUGE = 10**309  # just past the largest float


def family() -> dict[str, Any]:
    return copy.deepcopy(EXAMPLES["single_mother_two_children"])


def changed(change: Callable[[dict[str, Any]], Any]) -> Callable[[], dict[str, Any]]:
    """The example family with ``change`` applied (``change`` edits it in place)."""

    def build() -> dict[str, Any]:
        situation = family()
        change(situation)
        return situation

    return build


def raw(text: str) -> Callable[[], bytes]:
    return lambda: text.encode("utf-8", "surrogatepass")


def family_text(old: str, new: str) -> Callable[[], bytes]:
    """The example family's JSON with ``old`` replaced by ``new`` (for what a dict cannot hold)."""

    def build() -> bytes:
        text = json.dumps(family())
        assert old in text, old
        return text.replace(old, new, 1).encode("utf-8", "surrogatepass")

    return build


def explain_body(**fields: Any) -> Callable[[], dict[str, Any]]:
    return lambda: {"situation": family(), "period": "2024-03", **fields}


def lone(entity: dict[str, Any]) -> dict[str, Any]:
    """A one-person situation around one household."""
    return {"persons": {"a": {"age": {"2024-03": 40}}}, "households": {"h": entity}}


def months(first_year: int, last_year: int) -> dict[str, None]:
    return {
        f"{year}-{month:02d}": None for year in range(first_year, last_year + 1) for month in range(1, 13)
    }


def wide_axis(situation: dict[str, Any]) -> None:
    situation["households"]["family"]["asp_amount"] = months(2019, 2026)
    del situation["persons"]["mother"]["wage_income"]  # the axis sets it
    situation["axes"] = [
        [{"name": "wage_income", "count": 100, "min": 0, "max": 300000, "period": "month:2023-10:3"}]
    ]


@dataclass
class Bad:
    """One bad request and what it must get."""

    name: str
    status: int
    errors: list[tuple[str, str]]  # (path, code) that the answer must contain
    body: Callable[[], Any] | None = None  # a dict (sent as JSON), bytes, or None
    url: str = "/calculate"
    method: str = "POST"
    content_type: str | None = "application/json"
    headers: dict[str, str] = field(default_factory=dict)
    allow: str | None = None  # a method the Allow header of a 405 must list
    chunked: bool = False  # sent without Content-Length, as a server gives a chunked body


CASES = [
    # ---- the body as JSON: keys given twice (the last would silently win) ----
    Bad(
        "duplicate top-level key",
        400,
        [("persons", "duplicate_key")],
        family_text('"households": {', '"persons": {}, "households": {'),
    ),
    Bad(
        "duplicate variable of a person",
        400,
        [("persons/mother/age", "duplicate_key")],
        family_text('"age": {"2024-03": 34}', '"age": {"2024-03": 34}, "age": {"2024-03": 90}'),
    ),
    Bad(
        "duplicate period of a value",
        400,
        [("persons/mother/age/2024-03", "duplicate_key")],
        family_text('"age": {"2024-03": 34}', '"age": {"2024-03": 34, "2024-03": 90}'),
    ),
    Bad(
        "duplicate household variable",
        400,
        [("households/family/region", "duplicate_key")],
        family_text(
            '"region": {"2024-03": "almaty_city"}',
            '"region": {"2024-03": "almaty_city"}, "region": {"2024-03": "astana"}',
        ),
    ),
    Bad(
        "duplicate person id",
        400,
        [("persons/son", "duplicate_key")],
        family_text('"son": {"age": {"2024-03": 5}}', '"son": {"age": {"2024-03": 5}}, "son": {}'),
    ),
    Bad(
        "duplicate role key",
        400,
        [("households/family/members", "duplicate_key")],
        family_text('"members": ["son", "daughter"]', '"members": ["son", "daughter"], "members": ["son"]'),
    ),
    Bad(
        "duplicate key in an axis",
        400,
        [("axes/0/0/max", "duplicate_key")],
        family_text(
            "}}}}",
            '}}}, "axes": [[{"name": "wage_income", "count": 2, "min": 0, "max": 1, '
            '"max": 5, "period": "2024-03"}]]}',
        ),
    ),
    Bad(
        "duplicate key in the /explain envelope",
        400,
        [("period", "duplicate_key")],
        raw('{"situation": {"persons": {"a": {}}}, "period": "2024-03", "period": "2024-04"}'),
        url="/explain",
    ),
    Bad(
        "duplicate keys at two places are both reported",
        400,
        [("persons/mother/sex", "duplicate_key"), ("households/family/region", "duplicate_key")],
        lambda: family_text(
            '"sex": {"ETERNITY": "female"}', '"sex": {"ETERNITY": "female"}, "sex": {"ETERNITY": "male"}'
        )().replace(
            b'"region": {"2024-03": "almaty_city"}',
            b'"region": {"2024-03": "almaty_city"}, "region": {"2024-03": "astana"}',
        ),
    ),
    Bad(
        "duplicate key on /trace",
        400,
        [("persons", "duplicate_key")],
        family_text('"households": {', '"persons": {}, "households": {'),
        url="/trace",
    ),
    # ---- the body as text: lone surrogates (UnicodeEncodeError), bytes that are not UTF-8 ----
    Bad(
        "lone surrogate in a person id",
        400,
        [("persons/mo\\ud800ther", "bad_text")],
        family_text('"mother": {', '"mo\\ud800ther": {'),
    ),
    Bad(
        "lone surrogate in a person id, on /trace",
        400,
        [("persons/mo\\ud800ther", "bad_text")],
        family_text('"mother": {', '"mo\\ud800ther": {'),
        url="/trace",
    ),
    Bad(
        "lone surrogate in a person id, on /explain",
        400,
        [("situation/persons/a\\udfff", "bad_text")],
        raw('{"situation": {"persons": {"a\\udfff": {}}}, "period": "2024-03"}'),
        url="/explain",
    ),
    Bad(
        "lone surrogate in a variable name",
        400,
        [("households/family/regi\\udc00on", "bad_text")],
        family_text('"region"', '"regi\\udc00on"'),
    ),
    Bad(
        "lone surrogate in a period",
        400,
        [("persons/mother/age/2024-03\\ud800", "bad_text")],
        family_text('"2024-03": 34', '"2024-03\\ud800": 34'),
    ),
    Bad(
        "lone surrogate in an enum value",
        400,
        [("persons/mother/sex/ETERNITY", "bad_text")],
        family_text('"female"', '"fem\\ud800ale"'),
    ),
    Bad(
        "lone surrogate in a role's person",
        400,
        [("households/family/members/0", "bad_text")],
        family_text('["son", "daughter"]', '["so\\udbffn", "daughter"]'),
    ),
    Bad(
        "lone surrogate in /explain's household",
        400,
        [("household", "bad_text")],
        explain_body(household="fam\udfffily"),
        url="/explain",
    ),
    Bad(
        "raw surrogate bytes (CESU-8) are not UTF-8",
        400,
        [("body", "not_utf8")],
        raw('{"persons": {"a\ud800": {}}}'),
    ),
    Bad("Latin-1 body", 400, [("body", "not_utf8")], lambda: '{"persons": {"é": {}}}'.encode("latin-1")),
    Bad("UTF-16 body", 400, [("body", "not_utf8")], lambda: json.dumps(family()).encode("utf-16")),
    Bad(
        "UTF-8 byte-order mark",
        400,
        [("body", "json_invalid")],
        lambda: b"\xef\xbb\xbf" + json.dumps(family()).encode(),
    ),
    Bad("empty body", 400, [("body", "json_invalid")], lambda: b""),
    Bad("whitespace only", 400, [("body", "json_invalid")], lambda: b"  \n\t "),
    Bad("JSON then garbage", 400, [("body", "json_invalid")], lambda: json.dumps(family()).encode() + b" x"),
    Bad("two JSON objects", 400, [("body", "json_invalid")], lambda: b"{}{}"),
    Bad("single quotes", 400, [("body", "json_invalid")], raw("{'persons': {}}")),
    Bad("trailing comma", 400, [("body", "json_invalid")], raw('{"persons": {"a": {}},}')),
    Bad("JSON string", 400, [("body", "json_not_object")], raw('"persons"')),
    Bad("JSON null", 400, [("body", "json_not_object")], raw("null")),
    Bad("JSON number", 400, [("body", "json_not_object")], raw("12")),
    Bad(
        "an integer of 5,000 digits",
        400,
        [("body", "number_too_long")],
        raw('{"persons": {"a": {"age": {"2024-03": ' + "9" * 5000 + "}}}}"),
    ),
    Bad(
        "nesting one level too deep",
        400,
        [("body", "json_too_deep")],
        raw('{"persons": ' + "[" * MAX_JSON_DEPTH + "]" * MAX_JSON_DEPTH + "}"),
    ),
    # ---- numbers no float holds (OverflowError) and other values ----
    Bad(
        "age of 309 digits",
        400,
        [("persons/mother/age/2024-03", "int_range")],
        changed(lambda s: s["persons"]["mother"].update(age={"2024-03": HUGE})),
    ),
    Bad(
        "negative age of 401 digits",
        400,
        [("persons/mother/age/2024-03", "int_range")],
        changed(lambda s: s["persons"]["mother"].update(age={"2024-03": -BIG})),
    ),
    Bad(
        "income of 401 digits",
        400,
        [("persons/mother/wage_income/month:2023-10:3", "too_large")],
        changed(lambda s: s["persons"]["mother"].update(wage_income={"month:2023-10:3": BIG})),
    ),
    Bad(
        "negative income of 401 digits",
        400,
        [("persons/mother/wage_income/month:2023-10:3", "negative")],
        changed(lambda s: s["persons"]["mother"].update(wage_income={"month:2023-10:3": -BIG})),
    ),
    Bad(
        "boolean given a huge integer",
        400,
        [("persons/son/is_full_time_student/2024-03", "expected_bool")],
        changed(lambda s: s["persons"]["son"].update(is_full_time_student={"2024-03": HUGE})),
    ),
    Bad(
        "enum given a huge integer",
        400,
        [("persons/mother/sex/ETERNITY", "expected_enum")],
        changed(lambda s: s["persons"]["mother"].update(sex={"ETERNITY": HUGE})),
    ),
    Bad(
        "date given a huge integer",
        400,
        [("persons/son/birth_date/ETERNITY", "expected_date")],
        changed(lambda s: s["persons"]["son"].update(birth_date={"ETERNITY": HUGE})),
    ),
    Bad(
        "income of 1e400 (infinite)",
        400,
        [("persons/mother/wage_income/month:2023-10:3", "not_finite")],
        family_text('"month:2023-10:3": 150000', '"month:2023-10:3": 1e400'),
    ),
    Bad(
        "NaN age",
        400,
        [("persons/mother/age/2024-03", "not_finite")],
        family_text('"2024-03": 34', '"2024-03": NaN'),
    ),
    Bad(
        "axis max of 401 digits",
        400,
        [("axes/0/0/max", "too_large")],
        changed(
            lambda s: s.update(
                axes=[[{"name": "wage_income", "count": 2, "min": 0, "max": BIG, "period": "2024-03"}]]
            )
        ),
    ),
    Bad(
        # OpenFisca would add the axis value to the wage given for the same quarter (150,000 + x).
        "axis over an input the member also gives for that quarter",
        400,
        [("axes/0/0/name", "axis_over_given_input")],
        changed(
            lambda s: s.update(
                axes=[
                    [
                        {
                            "name": "wage_income",
                            "count": 3,
                            "min": 0,
                            "max": 300000,
                            "period": "month:2023-10:3",
                        }
                    ]
                ]
            )
        ),
    ),
    Bad(
        "axis count of 401 digits",
        400,
        [("axes/0/0/count", "axis_count")],
        changed(
            lambda s: s.update(
                axes=[[{"name": "wage_income", "count": BIG, "min": 0, "max": 1, "period": "2024-03"}]]
            )
        ),
    ),
    Bad(
        "axis index of 309 digits",
        400,
        [("axes/0/0/index", "axis_index")],
        changed(
            lambda s: s.update(
                axes=[
                    [
                        {
                            "name": "wage_income",
                            "count": 2,
                            "min": 0,
                            "max": 1,
                            "period": "2024-03",
                            "index": HUGE,
                        }
                    ]
                ]
            )
        ),
    ),
    Bad(
        "/explain period of 309 digits",
        400,
        [("period", "bad_month")],
        explain_body(period=HUGE),
        url="/explain",
    ),
    # ---- households that list no one (was a 500 with a second household) ----
    Bad(
        "only an empty applicants list",
        400,
        [("households/h/applicants", "empty_group")],
        lambda: lone({"applicants": [], "asp_amount": {"2024-03": None}}),
    ),
    Bad(
        "only an empty members list",
        400,
        [("households/h/members", "empty_group")],
        lambda: lone({"members": [], "asp_amount": {"2024-03": None}}),
    ),
    Bad(
        "both roles empty",
        400,
        [("households/h/applicants", "empty_group")],
        lambda: lone({"applicants": [], "members": [], "region": {"2024-03": "astana"}}),
    ),
    Bad(
        "a second household with an empty role list",
        400,
        [("households/h2/applicants", "empty_group")],
        lambda: {
            "persons": {"a": {}},
            "households": {
                "h1": {"applicants": ["a"]},
                "h2": {"applicants": [], "asp_amount": {"2024-03": None}},
            },
        },
    ),
    Bad(
        "an empty household on /trace",
        400,
        [("households/h/applicants", "empty_group")],
        lambda: lone({"applicants": [], "asp_amount": {"2024-03": None}}),
        url="/trace",
    ),
    Bad(
        "an empty household asked on /explain",
        400,
        [("households/h2/applicants", "empty_group")],
        lambda: {
            "situation": {
                "persons": {"a": {}},
                "households": {"h1": {"applicants": ["a"]}, "h2": {"applicants": []}},
            },
            "household": "h2",
            "period": "2024-03",
        },
        url="/explain",
    ),
    # ---- query strings: nothing taken silently (a second value, a misspelt name, an empty value) ----
    Bad(
        "two reforms",
        400,
        [("reform", "query_repeated")],
        family,
        url="/calculate?reform=per_child_full_line&reform=caregiver_threshold_7_years",
    ),
    Bad(
        "the same reform twice",
        400,
        [("reform", "query_repeated")],
        family,
        url="/calculate?reform=per_child_full_line&reform=per_child_full_line",
    ),
    Bad(
        "two reforms on /trace",
        400,
        [("reform", "query_repeated")],
        family,
        url="/trace?reform=per_child_full_line&reform=caregiver_threshold_7_years",
    ),
    Bad(
        "parametric reform with a colon and no value",
        400,
        [("reform", "reform_missing_value")],
        family,
        url="/calculate?reform=poverty_line_share:",
    ),
    Bad(
        "child supplement reform with no value",
        400,
        [("reform", "reform_missing_value")],
        family,
        url="/trace?reform=child_supplement_mrp:",
    ),
    Bad(
        "reform value of spaces only",
        400,
        [("reform", "reform_missing_value")],
        family,
        url="/calculate?reform=poverty_line_share:%20%20",
    ),
    Bad(
        "plain reform with a colon",
        400,
        [("reform", "reform_missing_value")],
        family,
        url="/calculate?reform=per_child_full_line:",
    ),
    Bad(
        "plain reform given a value",
        400,
        [("reform", "bad_reform_value")],
        family,
        url="/calculate?reform=per_child_full_line:1",
    ),
    Bad(
        "reform value NaN",
        400,
        [("reform", "bad_reform_value")],
        family,
        url="/calculate?reform=poverty_line_share:nan",
    ),
    Bad(
        "reform value infinite",
        400,
        [("reform", "bad_reform_value")],
        family,
        url="/calculate?reform=child_supplement_mrp:1e400",
    ),
    Bad(
        "reform value in hexadecimal",
        400,
        [("reform", "bad_reform_value")],
        family,
        url="/calculate?reform=poverty_line_share:0x1",
    ),
    Bad("empty reform name", 400, [("reform", "unknown_reform")], family, url="/calculate?reform="),
    Bad(
        "reform name in capitals",
        400,
        [("reform", "unknown_reform")],
        family,
        url="/calculate?reform=PER_CHILD_FULL_LINE",
    ),
    Bad(
        "misspelt reform parameter",
        400,
        [("refrom", "unknown_query")],
        family,
        url="/calculate?refrom=per_child_full_line",
    ),
    Bad(
        "reform parameter in capitals",
        400,
        [("Reform", "unknown_query")],
        family,
        url="/calculate?Reform=per_child_full_line",
    ),
    Bad(
        "unknown parameter on /trace", 400, [("period", "unknown_query")], family, url="/trace?period=2024-03"
    ),
    Bad(
        "reform as a query parameter of /explain",
        400,
        [("reform", "unknown_query")],
        explain_body(),
        url="/explain?reform=per_child_full_line",
    ),
    Bad("two languages", 400, [("lang", "query_repeated")], family, url="/calculate?lang=kk&lang=ru"),
    Bad("language of /trace unknown", 400, [("lang", "bad_language")], family, url="/trace?lang=de"),
    Bad(
        "language of /explain's query unknown",
        400,
        [("lang", "bad_language")],
        explain_body(),
        url="/explain?lang=xx",
    ),
    Bad(
        "three query problems at once",
        400,
        [("reform", "query_repeated"), ("lang", "bad_language"), ("colour", "unknown_query")],
        family,
        url="/calculate?reform=a&reform=b&lang=de&colour=red",
    ),
    Bad(
        "two languages on /labels",
        400,
        [("lang", "query_repeated")],
        method="GET",
        url="/labels?lang=kk&lang=en",
        content_type=None,
    ),
    Bad(
        "misspelt parameter on /labels",
        400,
        [("langue", "unknown_query")],
        method="GET",
        url="/labels?langue=kk",
        content_type=None,
    ),
    Bad(
        "a message in Russian names the same field",
        400,
        [("refrom", "unknown_query")],
        family,
        url="/calculate?refrom=x&lang=ru",
    ),
    # ---- /explain's envelope: JSON words in messages, every problem at once ----
    Bad(
        "/explain situation null",
        400,
        [("situation", "not_object")],
        explain_body(situation=None),
        url="/explain",
    ),
    Bad(
        "/explain situation a string",
        400,
        [("situation", "not_object")],
        explain_body(situation="x"),
        url="/explain",
    ),
    Bad(
        "/explain period a number",
        400,
        [("period", "bad_month")],
        explain_body(period=202403),
        url="/explain",
    ),
    Bad("/explain period null", 400, [("period", "bad_month")], explain_body(period=None), url="/explain"),
    Bad(
        "/explain household a list",
        400,
        [("household", "expected_string")],
        explain_body(household=["family"]),
        url="/explain",
    ),
    Bad("/explain language null", 400, [("lang", "bad_language")], explain_body(lang=None), url="/explain"),
    Bad(
        "/explain reform with no value",
        400,
        [("reform", "reform_missing_value")],
        explain_body(reform="poverty_line_share:"),
        url="/explain",
    ),
    Bad(
        "/explain reform a number",
        400,
        [("reform", "unknown_reform")],
        explain_body(reform=1),
        url="/explain",
    ),
    Bad(
        "/explain: four envelope problems at once",
        400,
        [
            ("colour", "unknown_field"),
            ("period", "missing_field"),
            ("lang", "bad_language"),
            ("reform", "unknown_reform"),
        ],
        lambda: {"situation": family(), "colour": "red", "lang": "fr", "reform": "flat_tax"},
        url="/explain",
    ),
    # ---- traces bounded ----
    Bad(
        "a trace of 96 months × 100 variants",
        400,
        [("axes", "trace_too_large")],
        changed(wide_axis),
        url="/trace",
    ),
    Bad(
        "a trace of 8 years of months",
        400,
        [("outputs", "trace_too_large")],
        changed(lambda s: s["households"]["family"].update(asp_amount=months(2019, 2026))),
        url="/trace",
    ),
    # ---- size limits: body (with and without Content-Length), URL, headers ----
    Bad(
        "body one byte over the limit",
        413,
        [("body", "too_large_body")],
        lambda: b"{" + b" " * (MAX_BODY_BYTES - 1) + b"}",
    ),
    Bad(
        "chunked body over the limit (was cut and accepted)",
        413,
        [("body", "too_large_body")],
        lambda: json.dumps(family()).encode() + b" " * MAX_BODY_BYTES,
        chunked=True,
    ),
    Bad(
        "chunked body over the limit on /explain",
        413,
        [("body", "too_large_body")],
        lambda: json.dumps({"situation": family(), "period": "2024-03"}).encode() + b"\n" * MAX_BODY_BYTES,
        url="/explain",
        chunked=True,
    ),
    Bad(
        "URL over the limit",
        414,
        [("url", "url_too_long")],
        family,
        url="/calculate?lang=en&" + "x" * MAX_URL_BYTES,
    ),
    Bad(
        "URL over the limit on a GET",
        414,
        [("url", "url_too_long")],
        method="GET",
        url="/variable/" + "a" * (MAX_URL_BYTES + 1),
        content_type=None,
    ),
    Bad(
        "one header over the limit",
        431,
        [("headers/X-Comment", "header_too_large")],
        family,
        headers={"X-Comment": "x" * 9000},
    ),
    Bad(
        "headers over the limit together",
        431,
        [("headers", "headers_too_large")],
        family,
        headers={f"X-Note-{i}": "x" * 7000 for i in range(MAX_HEADERS_BYTES // 7000 + 1)},
    ),
    Bad(
        "Content-Type of another kind",
        415,
        [("headers/Content-Type", "not_json")],
        family,
        content_type="application/jsonl",
    ),
    Bad(
        "form-encoded body",
        415,
        [("headers/Content-Type", "not_json")],
        lambda: b"persons=1",
        content_type="application/x-www-form-urlencoded",
    ),
    Bad(
        "no Content-Type on /trace",
        415,
        [("headers/Content-Type", "not_json")],
        family,
        url="/trace",
        content_type=None,
    ),
    Bad(
        "text/plain on /explain",
        415,
        [("headers/Content-Type", "not_json")],
        explain_body(),
        url="/explain",
        content_type="text/plain",
    ),
    # ---- methods: a 405 says which are allowed ----
    Bad(
        "GET /trace",
        405,
        [("method", "method_not_allowed")],
        method="GET",
        url="/trace",
        content_type=None,
        allow="POST",
    ),
    Bad(
        "GET /explain",
        405,
        [("method", "method_not_allowed")],
        method="GET",
        url="/explain",
        content_type=None,
        allow="POST",
    ),
    Bad("PUT /calculate", 405, [("method", "method_not_allowed")], family, method="PUT", allow="POST"),
    Bad(
        "PATCH /explain",
        405,
        [("method", "method_not_allowed")],
        explain_body(),
        method="PATCH",
        url="/explain",
        allow="POST",
    ),
    Bad("POST /labels", 405, [("method", "method_not_allowed")], family, url="/labels", allow="GET"),
    Bad("POST /spec", 405, [("method", "method_not_allowed")], family, url="/spec", allow="GET"),
    Bad(
        "DELETE /reforms",
        405,
        [("method", "method_not_allowed")],
        method="DELETE",
        url="/reforms",
        content_type=None,
        allow="GET",
    ),
    Bad("POST /health", 405, [("method", "method_not_allowed")], family, url="/health", allow="GET"),
    Bad(
        "PUT /variable/age",
        405,
        [("method", "method_not_allowed")],
        method="PUT",
        url="/variable/age",
        content_type=None,
        allow="GET",
    ),
    # ---- a few situation errors only the API path reaches ----
    Bad(
        "a person given as a list",
        400,
        [("persons/mother", "instance_not_object")],
        changed(lambda s: s["persons"].update(mother=[1])),
    ),
    Bad(
        "an id of 101 characters",
        400,
        [("persons/" + "p" * 100, "bad_id")],
        changed(lambda s: s["persons"].update({"p" * 101: {}})),
    ),
    Bad(
        "a role given a number",
        400,
        [("households/family/members", "role_not_list")],
        changed(lambda s: s["households"]["family"].update(members=3)),
    ),
    Bad(
        "a role listing a number",
        400,
        [("households/family/members/1", "role_not_list")],
        changed(lambda s: s["households"]["family"].update(members=["son", 7])),
    ),
    Bad(
        "an axis on an enum",
        400,
        [("axes/0/0/name", "axis_not_numeric")],
        changed(
            lambda s: s.update(
                axes=[[{"name": "region", "count": 2, "min": 0, "max": 1, "period": "2024-03"}]]
            )
        ),
    ),
]

PYTHON_NAMES = re.compile(r"NoneType|<class|Traceback|\bnot (dict|list|str|int|float|bool|tuple)\b")


def send(client, case: Bad):
    body = case.body() if case.body is not None else None
    data = json.dumps(body).encode() if isinstance(body, dict) else body
    kwargs: dict[str, Any] = {"method": case.method, "headers": case.headers}
    if case.content_type is not None:
        kwargs["content_type"] = case.content_type
    if case.chunked:
        kwargs["input_stream"] = io.BytesIO(data or b"")
        kwargs["environ_overrides"] = {"wsgi.input_terminated": True}  # as gunicorn says of a chunked body
    elif data is not None:
        kwargs["data"] = data
    return client.open(case.url, **kwargs)


def test_the_catalogue_has_at_least_80_requests():
    assert len(CASES) >= 80
    assert len({case.name for case in CASES}) == len(CASES)


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_bad_request(client, case: Bad):
    response = send(client, case)
    assert response.status_code == case.status, response.get_data(as_text=True)[:500]
    assert response.mimetype == "application/json"
    answer = response.get_json()
    errors = answer["errors"]
    found = {(error["path"], error["code"]) for error in errors}
    for expected in case.errors:
        assert expected in found, errors
    for error in errors:
        assert error["message"], error
        assert error["message"] in answer["error"]  # the top-level string lists every problem
        assert not PYTHON_NAMES.search(error["message"]), error["message"]
    if case.status == 405:
        assert case.allow in response.headers["Allow"].split(", ")


def test_messages_follow_the_language_asked(client):
    answer = send(
        client, next(case for case in CASES if case.url == "/calculate?refrom=x&lang=ru")
    ).get_json()
    assert "Неизвестный параметр запроса 'refrom'" in answer["error"]


def test_a_body_at_the_limit_is_read_whole(client):
    # Exactly MAX_BODY_BYTES, sent chunked: accepted (the limit is not off by one).
    data = json.dumps(family()).encode()
    data += b" " * (MAX_BODY_BYTES - len(data))
    case = Bad("at the limit", 200, [], lambda: data, chunked=True)
    assert send(client, case).status_code == 200


def test_an_empty_role_beside_a_full_one_is_still_computed(client):
    # "applicants": [] with members listed is a family without an applicant: nothing is dropped.
    situation = lone({"applicants": [], "members": ["a"], "asp_amount": {"2024-03": None}})
    response = client.post("/calculate", data=json.dumps(situation), content_type="application/json")
    assert response.status_code == 200, response.get_json()


def test_a_trace_within_the_bounds_is_answered(client):
    # 12 months for the family of 3 with an axis of 100 variants: about 710 entries, 145,400 values.
    situation = family()
    situation["households"]["family"]["asp_amount"] = months(2024, 2024)
    del situation["persons"]["mother"]["wage_income"]  # the axis sets it (an input beside it is refused)
    situation["axes"] = [[{"name": "wage_income", "count": 100, "min": 0, "max": 1, "period": "2023-12"}]]
    response = client.post("/trace", data=json.dumps(situation), content_type="application/json")
    assert response.status_code == 200, response.get_data(as_text=True)[:300]
    assert len(response.get_json()["trace"]) > 500
