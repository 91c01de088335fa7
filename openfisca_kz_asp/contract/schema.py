"""The JSON Schema (2020-12) of the inputs and of a situation, and the validation of a value with it.

One schema serves twice: ``GET /spec`` publishes it (converted to OpenAPI 3.0's dialect by
:func:`to_openapi_30`) and :func:`value_problems` validates every value of a request with it
through ``jsonschema``. A validation error becomes one of the API's error codes (``int_range``,
``expected_enum``...), whose message ``openfisca_kz_asp.i18n_texts`` writes in kk/ru/en.
"""

from __future__ import annotations

import datetime
import functools
import math
import re
from collections.abc import Iterable
from typing import Any

from jsonschema import Draft202012Validator, FormatChecker
from jsonschema.exceptions import ValidationError
from jsonschema.validators import extend

from openfisca_kz_asp.contract.documentation import period_note
from openfisca_kz_asp.contract.model import Input

MAX_AXIS_CELLS = 100
MAX_ID_LENGTH = 100
MAX_PERSONS = 50
AXIS_KEYS = ("name", "count", "min", "max", "period", "index")
DIALECT = "https://json-schema.org/draft/2020-12/schema"

Problem = tuple[str, dict[str, Any]]  # (error code, parameters of its message)


def _is_finite_number(_checker: Any, instance: object) -> bool:
    """JSON numbers are finite: NaN and infinities (which Python's json accepts) are not numbers."""
    if isinstance(instance, bool) or not isinstance(instance, int | float):
        return False
    return isinstance(instance, int) or math.isfinite(instance)


def _is_finite_integer(_checker: Any, instance: object) -> bool:
    if isinstance(instance, bool):
        return False
    if isinstance(instance, int):
        return True
    return isinstance(instance, float) and math.isfinite(instance) and instance.is_integer()


Validator = extend(
    Draft202012Validator,
    type_checker=Draft202012Validator.TYPE_CHECKER.redefine_many(
        {"number": _is_finite_number, "integer": _is_finite_integer}
    ),
)
FORMATS = FormatChecker(["date"])


def _date_pattern(low: str, high: str) -> str:
    """A pattern for ISO dates whose year lies from ``low``'s to ``high``'s (1900 to 2100)."""
    first, last = int(low[:4]), int(high[:4])
    if (first, last) == (1900, 2100):
        return r"^(19[0-9]{2}|20[0-9]{2}|2100)-[0-9]{2}-[0-9]{2}$"
    years = "|".join(str(year) for year in range(first, last + 1))
    return rf"^({years})-[0-9]{{2}}-[0-9]{{2}}$"


def value_schema(item: Input) -> dict[str, Any]:
    """The JSON Schema of one value of ``item`` (not null: ``null`` asks for an output)."""
    schema: dict[str, Any]
    if item.kind == "bool":
        schema = {"type": "boolean"}
    elif item.kind in ("int", "float"):
        schema = {"type": "integer" if item.kind == "int" else "number"}
        if item.minimum is not None:
            schema["minimum"] = item.minimum
        if item.maximum is not None:
            schema["maximum"] = item.maximum
        if item.exclusive_maximum is not None:
            schema["exclusiveMaximum"] = item.exclusive_maximum
    elif item.kind == "enum":
        schema = {"type": "string", "enum": list(item.enum or ())}
    elif item.kind == "date":
        schema = {"type": "string", "format": "date"}
        if item.minimum is not None and item.maximum is not None:
            schema["pattern"] = _date_pattern(str(item.minimum), str(item.maximum))
    else:
        schema = {"type": "string"}
        if item.max_length is not None:
            schema["maxLength"] = item.max_length
    if item.unit:
        schema["x-unit"] = item.unit
    return schema


def values_schema(item: Input) -> dict[str, Any]:
    """The values of ``item`` by period: ``{"2024-03": value or null}``."""
    value = value_schema(item)
    nullable = {**value, "type": [value["type"], "null"]}
    if "enum" in value:
        nullable["enum"] = [*value["enum"], None]
    return {
        "type": "object",
        "description": f"{item.label}: values by period ({item.period}); null asks for the value. "
        + period_note(item),
        "additionalProperties": nullable,
    }


def id_list_schema(max_items: int | None = None) -> dict[str, Any]:
    ids: dict[str, Any] = {"type": "array", "items": {"type": "string", "maxLength": MAX_ID_LENGTH}}
    if max_items is not None:
        ids["maxItems"] = max_items
    return ids


def entity_schema(entity: Any, inputs: Iterable[Input]) -> dict[str, Any]:
    """A person or a group: its roles (plural and singular keys) and its inputs."""
    properties: dict[str, Any] = {}
    for role in getattr(entity, "roles", None) or []:
        ids = id_list_schema(role.max)
        properties[role.plural or role.key] = ids
        properties[role.key] = {"oneOf": [{"type": "string", "maxLength": MAX_ID_LENGTH}, ids]}
    properties.update(
        {
            item.name: values_schema(item)
            for item in sorted(inputs, key=lambda i: i.name)
            if item.entity == entity.key
        }
    )
    return {"type": "object", "properties": properties, "additionalProperties": False}


AXIS_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["name", "count", "min", "max", "period"],
    "additionalProperties": False,
    "properties": {
        "name": {"type": "string", "description": "A numeric input variable, e.g. wage_income."},
        "count": {"type": "integer", "minimum": 1, "maximum": MAX_AXIS_CELLS},
        "min": {"type": "number"},
        "max": {"type": "number"},
        "period": {"type": "string"},
        "index": {"type": "integer", "minimum": 0},
    },
}


def situation_schema(entities: Iterable[Any], inputs: Iterable[Input]) -> dict[str, Any]:
    """The JSON Schema of a situation (``POST /calculate``'s body), with its parts in ``$defs``."""
    items = list(inputs)
    entities = list(entities)
    defs: dict[str, Any] = {entity.key.title(): entity_schema(entity, items) for entity in entities}
    defs["Axis"] = AXIS_SCHEMA
    properties: dict[str, Any] = {
        entity.plural: {
            "type": "object",
            "maxProperties": MAX_PERSONS,
            "propertyNames": {"minLength": 1, "maxLength": MAX_ID_LENGTH},
            "additionalProperties": {"$ref": f"#/$defs/{entity.key.title()}"},
        }
        for entity in entities
    }
    properties["axes"] = {
        "type": "array",
        "description": "Variants of the situation: each output becomes a list, one value per variant.",
        "items": {"type": "array", "items": {"$ref": "#/$defs/Axis"}, "minItems": 1},
        "minItems": 1,
    }
    return {
        "$schema": DIALECT,
        "title": "Situation",
        "type": "object",
        "additionalProperties": False,
        "properties": properties,
        "$defs": defs,
    }


def to_openapi_30(schema: Any, refs: str = "#/components/schemas/") -> Any:
    """The same schema in OpenAPI 3.0's dialect: ``nullable``, boolean ``exclusiveMaximum``, no ``$defs``."""
    if isinstance(schema, list):
        return [to_openapi_30(item, refs) for item in schema]
    if not isinstance(schema, dict):
        return schema
    out: dict[str, Any] = {}
    for key, value in schema.items():
        if key in ("$schema", "$defs", "propertyNames", "x-unit"):
            continue
        if key == "type" and isinstance(value, list):
            types = [t for t in value if t != "null"]
            out["type"] = types[0]
            if "null" in value:
                out["nullable"] = True
        elif key == "exclusiveMaximum" and not isinstance(value, bool):
            out["maximum"] = value
            out["exclusiveMaximum"] = True
        elif key == "$ref" and isinstance(value, str):
            out["$ref"] = value.replace("#/$defs/", refs)
        elif key in ("properties", "additionalProperties", "items", "oneOf", "anyOf", "allOf"):
            if key == "properties":
                out[key] = {name: to_openapi_30(sub, refs) for name, sub in value.items()}
            else:
                out[key] = to_openapi_30(value, refs)
        else:
            out[key] = value
    return out


# --- validating one value ------------------------------------------------------------------------

_VALIDATORS: dict[int, Any] = {}


def _validator(schema: dict[str, Any]) -> Any:
    key = id(schema)
    if key not in _VALIDATORS:
        _VALIDATORS[key] = Validator(schema, format_checker=FORMATS)
    return _VALIDATORS[key]


def _plain(value: object) -> object:
    """Dates (as YAML gives them) in their JSON form, so that one schema checks both."""
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


def _number_problem(item: Input, keyword: str, value: object) -> Problem:
    if keyword == "type":
        if isinstance(value, float) and not math.isfinite(value):
            return "not_finite", {}
        integral = item.kind == "int" and _is_finite_number(None, value)
        return ("expected_integer" if integral else "expected_number"), {}
    if item.kind == "int":
        return "int_range", {"min": item.minimum, "max": item.maximum}
    if keyword == "minimum":
        return "negative", {}
    limit = item.exclusive_maximum if item.exclusive_maximum is not None else item.maximum
    return "too_large", {"max": f"{float(limit or 0):.0e}"}


def _problem(item: Input, error: ValidationError, value: object) -> Problem:
    """The API's error code (and its parameters) for a JSON Schema validation error."""
    keyword = str(error.validator)
    if item.kind in ("int", "float"):
        return _number_problem(item, keyword, value)
    if item.kind == "enum":
        return "expected_enum", {"values": ", ".join(item.enum or ())}
    if item.kind == "date":
        looks_like_a_date = re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", str(value))
        if keyword == "pattern" and looks_like_a_date:
            return "date_range", {"min": item.minimum, "max": item.maximum}
        return "expected_date", {}
    return ("expected_bool" if item.kind == "bool" else "expected_string"), {}


_ORDER = {"type": 0, "enum": 1, "format": 2}


def _plainly_valid(item: Input, schema: dict[str, Any], value: object) -> bool:  # noqa: PLR0911
    """True when ``value`` is one of the common well-formed values that ``schema`` accepts (a finite
    number within its bounds, a listed enum name, a boolean, a short string); False when the full
    JSON Schema check must decide (and write the error). Only ever a shortcut to "no problem"."""
    kind = item.kind
    if kind in ("int", "float"):
        if type(value) is int:
            pass
        elif type(value) is float and math.isfinite(value):
            if kind == "int" and not value.is_integer():
                return False
        else:
            return False
        low, high, below = schema.get("minimum"), schema.get("maximum"), schema.get("exclusiveMaximum")
        return (
            (low is None or value >= low)
            and (high is None or value <= high)
            and (below is None or value < below)
        )
    if kind == "enum":
        return type(value) is str and value in _enum_names(item.enum)
    if kind == "bool":
        return type(value) is bool
    if kind == "date":
        return False
    limit = schema.get("maxLength")
    return type(value) is str and (limit is None or len(value) <= limit)


@functools.lru_cache(maxsize=256)
def _enum_names(names: tuple[str, ...] | None) -> frozenset[str]:
    return frozenset(names or ())


def value_problems(item: Input, schema: dict[str, Any], value: object) -> list[Problem]:
    """The problem of ``value`` for ``item`` (at most one: the most basic), from its JSON Schema."""
    if _plainly_valid(item, schema, value):
        return []
    plain = _plain(value)
    errors = sorted(_validator(schema).iter_errors(plain), key=lambda e: _ORDER.get(str(e.validator), 9))
    return [_problem(item, errors[0], plain)] if errors else []


_AXIS_VALIDATOR = Validator(AXIS_SCHEMA)


def axis_problems(axis: object) -> list[tuple[list[str], str, dict[str, Any]]]:
    """Problems of an axis object's shape (keys, count, index type): (path under the axis, code, params)."""
    found: list[tuple[list[str], str, dict[str, Any]]] = []
    for error in _AXIS_VALIDATOR.iter_errors(axis):
        keyword, where = error.validator, [str(p) for p in error.path]
        if keyword == "type" and not where:
            found.append(([], "axis_not_object", {}))
        elif keyword == "additionalProperties" and isinstance(axis, dict):
            found.extend(
                ([str(key)], "axis_unknown_key", {"key": key}) for key in axis if key not in AXIS_KEYS
            )
        elif keyword == "required" and isinstance(axis, dict):
            found.extend(
                ([], "axis_missing", {"key": key}) for key in error.validator_value if key not in axis
            )
        elif where == ["count"]:
            found.append((["count"], "axis_count", {"max": MAX_AXIS_CELLS}))
    return found
