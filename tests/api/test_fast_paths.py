"""The fast paths of /calculate and /batch give what the full paths give (issue 13's speed work):

- ``situations.validate_situation_shaped`` (the checks that depend only on a situation's shape done
  once per shape) raises the same errors and returns the same warnings and outputs as
  ``validate_situation_outputs``, for situations of a shape already seen with other values;
- ``situations.validate_shaped_in_bulk`` (many situations of one shape checked by column) gives
  each what ``validate_situation_shaped`` gives it alone, or leaves it to that;
- ``/batch`` of many situations of one shape, their values varied (ages around the pension age,
  regions, wages, invalid values), answers each as ``/calculate`` answers it alone;
- ``app._plain_json`` (orjson) is either None or what the standard library's full parse gives
  with no problem (keys given twice, lone surrogates, integers beyond 64 bits, deep nesting);
- ``app._dumps_answer`` (orjson) writes the same JSON as ``app._dumps``.
"""

from __future__ import annotations

import copy
import json
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from openfisca_kz_asp.api import app as api_app
from openfisca_kz_asp.api.errors import ApiError
from openfisca_kz_asp.situations import (
    SituationError,
    _warn_pension_age,
    pension_age_warnings,
    situation_shape,
    validate_shaped_in_bulk,
    validate_situation_outputs,
    validate_situation_shaped,
)

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _families import family

SLOW = [HealthCheck.too_slow, HealthCheck.data_too_large]
# Values put in place of the given ones: plain, near the pension age, out of range, of another type.
NUMBERS = [0, 2, 17, 34, 57, 58, 60, 61.5, 62, 63, 67, -1, 30.5, 1e20, 150_000, 0.0, -0.0]
TEXTS = ["female", "male", "astana", "mangystau", "unknown", "nonsense", "", "1964-05-15", "2030-13-01"]
OTHERS: list[Any] = [True, False, [1], {"a": 1}, "60"]


def _values(situation: dict[str, Any]) -> list[tuple[dict[str, Any], str]]:
    """Every (dict, key) holding a given (non-null) value, in order."""
    found: list[tuple[dict[str, Any], str]] = []
    for plural, instances in situation.items():
        if plural == "axes":
            continue
        for data in instances.values():
            for values in data.values():
                if isinstance(values, dict):
                    found.extend((values, period) for period, value in values.items() if value is not None)
    return found


def _outcome(check: Any, tbs: Any, situation: Any, lang: str) -> Any:
    try:
        warnings, outputs = check(tbs, situation, lang=lang)[:2]
    except SituationError as error:
        return ("error", error.errors)
    return ("ok", warnings, outputs)


@settings(max_examples=80, deadline=None, suppress_health_check=SLOW)
@given(base=family(), data=st.data(), lang=st.sampled_from(["en", "ru", "kk"]))
def test_shaped_checks_equal_the_full_checks(tbs, base, data, lang):
    base.pop("axes", None)
    validate = _outcome(validate_situation_shaped, tbs, copy.deepcopy(base), lang)  # seeds the shape
    assert validate == _outcome(validate_situation_outputs, tbs, copy.deepcopy(base), lang)
    for _ in range(3):
        other = copy.deepcopy(base)
        for values, period in _values(other):
            if data.draw(st.booleans()):
                pool = NUMBERS if isinstance(values[period], int | float) else TEXTS
                values[period] = data.draw(st.sampled_from(pool + OTHERS))
        full = _outcome(validate_situation_outputs, tbs, copy.deepcopy(other), lang)
        assert _outcome(validate_situation_shaped, tbs, copy.deepcopy(other), lang) == full


def _shaped_outcome(tbs: Any, situation: Any, lang: str) -> Any:
    """``validate_situation_shaped`` and ``pension_age_warnings`` of one situation (as /batch)."""
    try:
        warnings, outputs, shape, values = validate_situation_shaped(tbs, copy.deepcopy(situation), lang=lang)
    except SituationError as error:
        return ("error", error.errors)
    warnings += pension_age_warnings(tbs, copy.deepcopy(situation), shape, values, lang)
    return ("ok", warnings, outputs, shape, values)


@settings(max_examples=150, deadline=None, suppress_health_check=SLOW)
@given(base=family(), data=st.data(), lang=st.sampled_from(["en", "ru", "kk"]))
def test_shaped_checks_in_bulk_equal_one_by_one(tbs, base, data, lang):
    """``validate_shaped_in_bulk`` (each column's distinct values checked once, the value warnings
    worked out once per distinct value at the plan's positions) gives for each situation what
    ``validate_situation_shaped`` and ``pension_age_warnings`` give it alone, or leaves it undecided
    (None) when that raises; situations of one shape, their values drawn from plain, invalid,
    unhashable and pension-age values, repeated or not."""
    base.pop("axes", None)
    _outcome(validate_situation_shaped, tbs, copy.deepcopy(base), lang)  # seeds the shape if valid
    situations = []
    for _ in range(data.draw(st.integers(1, 10))):
        other = copy.deepcopy(base if not situations or data.draw(st.booleans()) else situations[-1])
        for values, period in _values(other):
            if data.draw(st.integers(0, 3)) == 0:
                pool = NUMBERS if isinstance(values[period], int | float) else TEXTS
                values[period] = data.draw(
                    st.sampled_from(pool + (OTHERS if data.draw(st.booleans()) else []))
                )
        situations.append(other)
    found = [situation_shape(situation) for situation in situations]
    if any(item is None for item in found) or len({item[0] for item in found}) != 1:
        return
    answers = validate_shaped_in_bulk(
        tbs, situations, [item[1] for item in found], skeleton=found[0][0], lang=lang
    )
    for situation, answer in zip(situations, answers or [None] * len(situations), strict=True):
        alone = _shaped_outcome(tbs, situation, lang)
        if answers is None:  # the shape is not known: the base was invalid
            assert _shaped_outcome(tbs, base, lang)[0] == "error"
            continue
        if answer is None:
            assert alone[0] == "error" or alone[3] is not answer
            continue
        warnings, outputs, shape, values, candidate = answer
        if candidate:
            warnings += pension_age_warnings(tbs, copy.deepcopy(situation), shape, values, lang)
        else:
            assert pension_age_warnings(tbs, copy.deepcopy(situation), shape, values, lang) == []
        assert alone == ("ok", warnings, outputs, shape, values)


def test_shaped_checks_in_bulk_read_each_birth_date(tbs, example):
    """A person without sex and with a birth date is warned by the age that date gives (near the
    pension age, or born after the month asked): situations that differ only there are each checked
    with their own date, in bulk as alone."""
    situations = []
    for born in ("1964-05-15", "2010-01-01", "2025-01-01", "1964-05-15", "1965-09-30"):
        situation = example()
        del situation["persons"]["son"]["age"]
        situation["persons"]["son"]["birth_date"] = {"ETERNITY": born}
        situations.append(situation)
    validate_situation_shaped(tbs, copy.deepcopy(situations[1]))  # seeds the shape
    found = [situation_shape(situation) for situation in situations]
    answers = validate_shaped_in_bulk(tbs, situations, [item[1] for item in found], skeleton=found[0][0])
    assert answers is not None
    warned = [answer[0] for answer in answers]  # type: ignore[index]
    assert warned == [_shaped_outcome(tbs, situation, "en")[1] for situation in situations]
    assert warned[0] != warned[1] != warned[2]


SEXES = st.sampled_from([{"ETERNITY": "female"}, {"ETERNITY": "male"}, {"ETERNITY": None}, None])


@settings(max_examples=40, deadline=None, suppress_health_check=SLOW)
@given(
    people=st.lists(
        st.tuples(st.sampled_from([30, 57, 58, 59, 60, 61, 63, 64]), SEXES), min_size=1, max_size=3
    ),
    month=st.sampled_from(["2018-06", "2019-06", "2024-03"]),
    lang=st.sampled_from(["en", "ru", "kk"]),
)
@example(people=[(58, {"ETERNITY": "female"})], month="2018-06", lang="en")  # warned
@example(people=[(30, {"ETERNITY": "female"}), (58, {"ETERNITY": "female"})], month="2018-06", lang="kk")
def test_pension_age_warnings_by_shape_equal_the_full_ones(tbs, people, month, lang):
    """``pension_age_warnings`` (none at once when the shape's values show no candidate) gives what
    ``_warn_pension_age`` gives: women of a whole-year age at a half-year threshold (Law 105-V Art.
    11 p.1: 58.5 in 2018), either sex or none given, one situation seeding the shape, then others
    of the same shape with their ages and sexes in another order."""
    for order in (people, people[::-1], people):
        persons: dict[str, Any] = {"kid": {"age": {month: 10}}}
        for number, (age, sex) in enumerate(order):
            persons[f"woman{number}"] = {"age": {month: age}}
            if sex is not None and all(other[1] is not None for other in people):
                persons[f"woman{number}"]["sex"] = sex
        situation = {
            "persons": persons,
            "households": {
                "h": {
                    "applicants": ["woman0"],
                    "members": ["kid", *list(persons)[2:]],
                    "asp_amount": {month: None},
                }
            },
        }
        _, _, shape, values = validate_situation_shaped(tbs, copy.deepcopy(situation), lang=lang)
        expected = _warn_pension_age(tbs, copy.deepcopy(situation), None, lang)
        assert pension_age_warnings(tbs, copy.deepcopy(situation), shape, values, lang) == expected


def test_a_shape_seen_is_reused(tbs, example):
    first, second = example(), example()
    second["persons"]["mother"]["age"] = {"2024-03": 60}
    del second["households"]["family"]["region"]["2024-03"]
    second["households"]["family"]["region"]["2024-03"] = "unknown"
    _, _, shape, values = validate_situation_shaped(tbs, first)
    warnings, _, again, _ = validate_situation_shaped(tbs, second)
    assert shape is not None and again is shape and len(values) == len(shape.names)
    assert warnings == validate_situation_outputs(tbs, second)[0]
    assert any("unknown" in w or "region" in w for w in warnings)


@settings(max_examples=15, deadline=None, suppress_health_check=SLOW)
@given(base=family(), data=st.data(), lang=st.sampled_from(["en", "ru", "kk"]))
def test_batch_of_one_shape_equals_calculate_alone(app, base, data, lang):
    """Many situations of one shape (one template, one block of the merged build), values varied."""
    base.pop("axes", None)
    situations = []
    for _ in range(data.draw(st.integers(2, 8))):
        other = copy.deepcopy(base)
        for values, period in _values(other):
            if isinstance(values[period], int | float) and data.draw(st.booleans()):
                values[period] = data.draw(st.sampled_from([*NUMBERS[:11], values[period] * 2 + 1]))
            elif isinstance(values[period], str) and data.draw(st.integers(0, 3)) == 0:
                values[period] = data.draw(st.sampled_from(["astana", "unknown", "male", "female"]))
        situations.append(other)
    client = app.test_client()
    answer = client.post(f"/batch?lang={lang}", json={"situations": copy.deepcopy(situations)}).get_json()
    alone = []
    for situation in situations:
        response = client.post(f"/calculate?lang={lang}", json=copy.deepcopy(situation))
        alone.append({"status": response.status_code, "body": response.get_json()})
    assert answer["results"] == alone


# --- JSON ------------------------------------------------------------------------------------------

SCALARS = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.integers(min_value=2**63 - 5, max_value=2**70)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=6)
    | st.sampled_from(['a"b', "a\\", "\u0142", "\U0001f600", "month:2023-10:3", '":', ""])
)
JSON = st.recursive(
    SCALARS,
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=4), children, max_size=4)
    ),
    max_leaves=25,
)


def _full(raw: bytes) -> Any:
    try:
        return api_app._parsed_fully(raw, "en")
    except ApiError as error:
        return error


def _same(first: Any, second: Any) -> bool:
    """Equal JSON, telling 1 from 1.0 and 0.0 from -0.0."""
    return json.dumps(first) == json.dumps(second)


@settings(max_examples=300, deadline=None)
@given(
    body=st.dictionaries(st.text(max_size=4), JSON, max_size=5),
    ascii_only=st.booleans(),
    twice=st.booleans(),
    blank=st.sampled_from(["", " ", "\n"]),
)
def test_plain_json_is_the_full_parse(body, ascii_only, twice, blank):
    text = json.dumps(body, ensure_ascii=ascii_only, separators=(",", blank + ":"))
    if twice and body:  # the first key again, at the front
        text = "{" + json.dumps(next(iter(body))) + blank + ":0," + text[1:]
    raw = text.encode("utf-8", "surrogatepass")
    fast = api_app._plain_json(raw)
    full = _full(raw)
    if fast is not None:
        assert not isinstance(full, ApiError)
        assert _same(fast, full)
    if twice and body:
        assert fast is None and isinstance(full, ApiError)


@pytest.mark.parametrize(
    "raw",
    [
        b'{"a":1,"a":2}',
        b'{"x":{"a":1,"b":{"c":2,"c":3}}}',
        b'{"a":1,"a" :2}',
        b'{"a\\"":1,"a\\"":2}',
        b'{"a":"\\ud800"}',
        b'{"\\ud800":1}',
        b'{"a":18446744073709551616}',
        b'{"a":-9223372036854775809}',
        b'{"a":NaN}',
        b'{"a":1e400}',
        b"[1]",
        b'\xef\xbb\xbf{"a":1}',
        b'{"a":"\xff"}',
        b'{"a":' + b"[" * 31 + b"]" * 31 + b"}",
        b'{"a":' + b"[" * 40 + b"]" * 40 + b"}",
    ],
)
def test_plain_json_leaves_the_doubtful_to_the_full_path(raw):
    assert api_app._plain_json(raw) is None


def test_plain_json_takes_a_plain_body():
    raw = (
        b'{"persons":{"a":{"age":{"2024-03":40},"w":{"month:2023-10:3":1.5e5}}},'
        b'"households":{"h":{"applicants":["a"]}}}'
    )
    fast = api_app._plain_json(raw)
    assert fast is not None and _same(fast, _full(raw))


@pytest.mark.parametrize("depth", [28, 29, 30, 31, 32, 33])
def test_depth_limit_is_the_full_paths(depth):
    """Nesting near the limit: the same answer, whichever path reads it."""
    raw = b'{"a":' + b"[" * depth + b"]" * depth + b"}"
    fast, full = api_app._plain_json(raw), _full(raw)
    assert fast is None or _same(fast, full)
    assert (fast is None and isinstance(full, ApiError)) or not isinstance(full, ApiError)


# Texts with no escape in JSON (no quote, backslash or control character), brackets and colons
# among them: the bodies that _plain_json checks at C speed (app._unescaped_plain).
UNESCAPED_TEXT = st.text(
    alphabet=st.characters(blacklist_characters='"\\', blacklist_categories=("Cc", "Cs")), max_size=5
) | st.sampled_from(["[[[", "}}]", "{", ":", "a:b", "\u0142", ""])
UNESCAPED = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.integers(min_value=2**63 - 5, max_value=2**70)
    | st.floats(allow_nan=False, allow_infinity=False)
    | UNESCAPED_TEXT,
    lambda children: st.lists(children, max_size=4) | st.dictionaries(UNESCAPED_TEXT, children, max_size=4),
    max_leaves=25,
)


def _written(value: Any, data: Any, repeats: list[str]) -> str:
    """``value`` as JSON text, some object's first key given twice where ``data`` says so (noted
    in ``repeats``)."""
    if isinstance(value, dict):
        items = [
            f"{json.dumps(key, ensure_ascii=False)}:{_written(v, data, repeats)}" for key, v in value.items()
        ]
        if value and data.draw(st.integers(0, 4)) == 0:
            first = next(iter(value))
            repeats.append(first)
            items.insert(0, f"{json.dumps(first, ensure_ascii=False)}:0")
        return "{" + ",".join(items) + "}"
    if isinstance(value, list):
        return "[" + ",".join(_written(v, data, repeats) for v in value) + "]"
    return json.dumps(value, ensure_ascii=False)


@settings(max_examples=300, deadline=None)
@given(body=st.dictionaries(UNESCAPED_TEXT, UNESCAPED, max_size=5), depth=st.integers(0, 32), data=st.data())
def test_unescaped_body_is_the_full_parse(body, depth, data):
    """A body with no backslash (checked without walking it): the full parse, or None when the full
    path finds a problem (a key given twice at any depth, nesting at the limit)."""
    repeats: list[str] = []
    text = _written(body, data, repeats)
    text = text[:-1] + ("," if body else "") + '"deep":' + "[" * depth + '"]}["' + "]" * depth + "}"
    text = '{"pad":"' + "x" * api_app._BULK_CHECK_BYTES + '",' + text[1:]  # long enough for that check
    raw = text.encode()
    assert b"\\" not in raw
    fast, full = api_app._plain_json(raw), _full(raw)
    if fast is not None:
        assert not isinstance(full, ApiError)
        assert _same(fast, full)
    if repeats or isinstance(full, ApiError):
        assert fast is None


@settings(max_examples=200, deadline=None)
@given(value=st.dictionaries(st.text(max_size=4), JSON, max_size=5))
def test_dumps_answer_writes_the_same_json(value):
    assert _same(json.loads(api_app._dumps_answer(value)), json.loads(api_app._dumps(value)))


def test_shapes_do_not_keep_a_system_alive(example):
    """A reformed system (built per parameter change, in a bounded cache) is not held by the shapes."""
    import gc  # noqa: PLC0415
    import weakref  # noqa: PLC0415

    from openfisca_kz_asp import CountryTaxBenefitSystem  # noqa: PLC0415
    from openfisca_kz_asp.contract import contract_for  # noqa: PLC0415

    system = CountryTaxBenefitSystem()
    _, _, shape, _ = validate_situation_shaped(system, example())
    assert shape is not None and shape.system() is system
    gone = weakref.ref(system)
    del system
    contract_for.cache_clear()  # the contracts' own cache (32 systems at most) holds it too
    gc.collect()
    assert gone() is None and shape.system() is None


@settings(max_examples=200, deadline=None)
@given(
    values=st.lists(
        st.floats(width=32, allow_nan=False, allow_infinity=False) | st.sampled_from([0.0, -0.0, 1e30]),
        max_size=40,
    ),
    whole=st.lists(st.integers(-(2**31), 2**31 - 1), max_size=40),
    flags=st.lists(st.booleans(), max_size=40),
    texts=st.lists(st.sampled_from(["not_eligible", "ordinary", "unconditional", ""]), max_size=40),
)
def test_columns_converted_in_bulk_as_one_by_one(values, whole, flags, texts):
    """batch._converted (tolist, distinct floats, small columns one by one) is compute._to_json of
    each element, types included."""
    import numpy as np  # noqa: PLC0415
    from openfisca_core.indexed_enums import Enum  # noqa: PLC0415

    from openfisca_kz_asp.api import batch, compute  # noqa: PLC0415

    columns = [
        (np.array(values, dtype=np.float32), float),
        (np.array(whole, dtype=np.int32), int),
        (np.array(flags, dtype=bool), bool),
        (np.array(texts, dtype=str), Enum),
        (np.array(texts, dtype=str), str),
    ]
    for column, value_type in columns:
        expected = [compute._to_json(value, value_type) for value in column]
        found = batch._converted(column, value_type)
        assert json.dumps(found) == json.dumps(expected)
        assert [type(value) for value in found] == [type(value) for value in expected]
