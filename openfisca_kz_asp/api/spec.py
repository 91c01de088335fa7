"""The OpenAPI 3.0 document of the API, corrected so that its examples validate.

OpenFisca's generated ``/spec`` is valid OpenAPI, but its own examples fail their schemas: an
output is requested with ``null`` while no variable schema is nullable; a parameter's ``id`` is
declared an integer; a variable's ``defaultValue`` a string. ``axes`` and the roles' singular
keys are missing. This module starts from that document, fixes those points, publishes the
situation's schema from the input contract (``openfisca_kz_asp.contract``: the same JSON Schema
validates every request) and documents the new endpoints and the error body.
``tests/api/test_spec.py`` validates the document and every example.
"""

from __future__ import annotations

import copy
import json
from typing import Any

from openfisca_core.taxbenefitsystems import TaxBenefitSystem
from openfisca_web_api.loader import build_data

from openfisca_kz_asp import parametric_reform
from openfisca_kz_asp.api import batch, compute, discovery
from openfisca_kz_asp.contract import contract_for
from openfisca_kz_asp.contract.languages import LANGUAGES
from openfisca_kz_asp.contract.schema import to_openapi_30
from openfisca_kz_asp.explain import explain

REF = "#/components/schemas/"
HEADERS = {
    "Country-Package": {"$ref": "#/components/headers/Country-Package"},
    "Country-Package-Version": {"$ref": "#/components/headers/Country-Package-Version"},
}


def _json(schema: str) -> dict[str, Any]:
    return {"application/json": {"schema": {"$ref": REF + schema}}}


def _error(description: str) -> dict[str, Any]:
    return {"description": description, "content": _json("Error"), "headers": HEADERS}


ERRORS = {
    "400": _error("The request is invalid: `errors` lists each problem with the path of the field."),
    "404": _error("A variable of the situation does not exist, or the path is unknown."),
    "413": _error("The body is larger than the limit (256 KB)."),
    "415": _error("The body is not sent as application/json."),
}
LANG = {
    "name": "lang",
    "in": "query",
    "required": False,
    "description": "Language of messages: kk, ru or en (default).",
    "schema": {"type": "string", "enum": list(LANGUAGES)},
}
REFORM = {
    "name": "reform",
    "in": "query",
    "required": False,
    "description": "A reform from GET /reforms, e.g. caregiver_threshold_7_years or poverty_line_share:0.8.",
    "schema": {"type": "string", "maxLength": 60},
}


def _situation_schemas(tbs: TaxBenefitSystem, spec: dict[str, Any]) -> None:
    """The situation's schemas: the contract's JSON Schema, the one that validates requests."""
    schemas = spec["components"]["schemas"]
    situation = contract_for(tbs).situation_schema
    for name, schema in situation["$defs"].items():
        schemas[name] = to_openapi_30(schema)
    top = to_openapi_30({key: value for key, value in situation.items() if key not in ("title",)})
    schemas["SituationInput"] = top
    schemas["SituationOutput"] = {
        **copy.deepcopy(top),
        "properties": {
            **copy.deepcopy(top["properties"]),
            "warnings": {"type": "array", "items": {"type": "string"}},
        },
    }


def _component_fixes(spec: dict[str, Any]) -> None:
    schemas = spec["components"]["schemas"]
    schemas["Parameter"]["properties"]["id"] = {"type": "string"}
    schemas["Variable"]["properties"]["defaultValue"] = {"nullable": True}
    schemas["Variable"]["properties"]["definitionPeriod"]["enum"] = [
        "MONTH",
        "YEAR",
        "ETERNITY",
        "DAY",
        "WEEK",
    ]
    schemas["Variable"]["properties"]["valueType"]["enum"] = ["Int", "Float", "Boolean", "Date", "String"]
    trace_item = schemas["Trace"]["properties"]["trace"]["additionalProperties"]["properties"]
    trace_item["parameters"]["additionalProperties"] = {}  # a parameter's value: number, bool or list
    trace_item["value"]["items"] = {}
    schemas["Trace"]["properties"]["warnings"] = {"type": "array", "items": {"type": "string"}}
    schemas["Error"] = {
        "type": "object",
        "required": ["error", "errors"],
        "properties": {
            "error": {
                "type": "string",
                "description": "Every problem as `path: message`, separated by `; ` (past 20: `… (+N)`).",
            },
            "nearest": {
                "type": "array",
                "items": {"type": "string"},
                "description": "On a 404 for /variable/<name> or /parameter/<id>: the nearest names.",
            },
            "errors": {
                "type": "array",
                "items": {
                    "type": "object",
                    "properties": {
                        "path": {"type": "string", "example": "persons/mother/age/2024-03"},
                        "code": {"type": "string", "example": "int_range"},
                        "message": {"type": "string"},
                    },
                },
            },
        },
    }
    schemas["ExplainRequest"] = {
        "type": "object",
        "required": ["situation", "period"],
        "additionalProperties": False,
        "properties": {
            "situation": {"$ref": REF + "SituationInput"},
            "household": {"type": "string", "description": "Id of the household (optional if only one)."},
            "period": {"type": "string", "pattern": "^[0-9]{4}-(0[1-9]|1[0-2])$", "example": "2024-03"},
            "lang": {"type": "string", "enum": list(LANGUAGES)},
            "reform": {"type": "string", "maxLength": 60},
        },
    }
    schemas["Explanation"] = {
        "type": "object",
        "properties": {
            "household": {"type": "string"},
            "period": {"type": "string"},
            "lang": {"type": "string"},
            "reform": {"type": "string", "nullable": True},
            "result": {"type": "object"},
            "steps": {
                "type": "array",
                "items": {
                    "type": "object",
                    "properties": {
                        "key": {"type": "string"},
                        "title": {"type": "string"},
                        "text": {"type": "string"},
                        "lines": {"type": "array", "items": {"type": "string"}},
                        "values": {"type": "object"},
                        "parameters": {"type": "array", "items": {"type": "object"}},
                        "provisions": {  # ids, or {id, title, href, ...} objects
                            "type": "array",
                            "items": {"oneOf": [{"type": "string"}, {"type": "object"}]},
                        },
                    },
                },
            },
            "warnings": {"type": "array", "items": {"type": "string"}},
        },
    }
    schemas["Labels"] = {
        "type": "object",
        "properties": {
            "lang": {"type": "string"},
            "variables": {"type": "object", "additionalProperties": {"type": "string"}},
            "enums": {"type": "object"},
            "explain": {"type": "object", "additionalProperties": {"type": "string"}},
            "errors": {"type": "object", "additionalProperties": {"type": "string"}},
        },
    }
    schemas["Meta"] = {
        "type": "object",
        "properties": {
            "lang": {"type": "string"},
            "languages": {"type": "array", "items": {"type": "string"}},
            "number_formats": {"type": "object", "additionalProperties": {"type": "object"}},
            "coverage": {
                "type": "object",
                "properties": {
                    "first_month": {"type": "string"},
                    "last_month": {"type": "string"},
                    "window": {"type": "string", "description": "The months in words, in the language"},
                },
            },
            "month_pattern": {"type": "string"},
            "income": {
                "type": "object",
                "additionalProperties": {"type": "array", "items": {"type": "string"}},
            },
            "inputs": {"type": "object", "additionalProperties": {"type": "object"}},
        },
    }
    schemas["Reforms"] = {
        "type": "object",
        "description": "The named reforms by name; under `reform_parameters`, the changes of any parameter.",
        "properties": {"reform_parameters": {"$ref": REF + "ParametricReforms"}},
        "additionalProperties": {
            "type": "object",
            "properties": {
                "kind": {"type": "string"},
                "description": {"type": "string"},
                "title": {"type": "string"},
                "parameter": {"type": "string", "nullable": True},
                "example": {"type": "string"},
            },
        },
    }
    _parametric_schemas(schemas)


def _parametric_schemas(schemas: dict[str, Any]) -> None:
    """The body field ``reform_parameters`` (openfisca_kz_asp.parametric_reform) and its echo."""
    date = {"type": "string", "pattern": "^[0-9]{4}-[0-9]{2}(-[0-9]{2})?$", "example": "2025-01-01"}
    schemas["ParameterChange"] = {
        "type": "object",
        "description": (
            "A parameter takes `value` from `start` (the first day of a month) to `end` (the last day "
            "of a month, inclusive; absent or null: to the end of the months covered). The value is "
            "checked against the parameter's unit: a share from 0 to 1, KZT from 0 to 1,000,000, MRP "
            "from 0 to 100, years from 0 to 120, whole months from 0 to 120, or true/false."
        ),
        "required": ["parameter", "value", "start"],
        "additionalProperties": False,
        "properties": {
            "parameter": {"type": "string", "example": "asp.poverty_line.rate"},
            "value": {"oneOf": [{"type": "number"}, {"type": "boolean"}], "example": 0.8},
            "start": date,
            "end": {**date, "nullable": True, "example": "2025-12-31"},
        },
    }
    changes = {
        "type": "array",
        "minItems": 1,
        "maxItems": parametric_reform.MAX_CHANGES,
        "items": {"$ref": REF + "ParameterChange"},
        "description": "Changes of any parameter from a date, applied together as one reform.",
    }
    said_back = {
        "type": "array",
        "description": "The changes applied, each with the parameter's label and the change in words.",
        "items": {
            "type": "object",
            "properties": {
                **schemas["ParameterChange"]["properties"],
                "label": {"type": "string"},
                "description": {"type": "string"},
            },
        },
    }
    situation = copy.deepcopy(schemas["SituationInput"])
    situation.pop("example", None)
    situation["properties"]["reform_parameters"] = changes
    schemas["CalculateRequest"] = situation
    schemas["SituationOutput"]["properties"]["reform_parameters"] = said_back
    schemas["ExplainRequest"]["properties"]["reform_parameters"] = changes
    schemas["Explanation"]["properties"]["reform_parameters"] = said_back
    schemas["ParametricReforms"] = {
        "type": "object",
        "properties": {
            "kind": {"type": "string"},
            "title": {"type": "string"},
            "description": {"type": "string"},
            "body_field": {"type": "string"},
            "endpoints": {"type": "array", "items": {"type": "string"}},
            "example": {"type": "array", "items": {"$ref": REF + "ParameterChange"}},
            "example_text": {"type": "string"},
            "example_description": {"type": "object", "additionalProperties": {"type": "string"}},
            "max_changes": {"type": "integer"},
            "parameters": {"type": "object", "additionalProperties": {"type": "object"}},
        },
    }


def _ok(description: str, schema: str) -> dict[str, Any]:
    return {"description": description, "content": _json(schema), "headers": HEADERS}


def _paths(spec: dict[str, Any]) -> None:
    paths = spec["paths"]
    for name in ("/calculate", "/trace"):
        operation = paths[name]["post"]
        operation["parameters"] = [REFORM, LANG]
        operation["requestBody"]["content"] = _json("CalculateRequest")
        operation["requestBody"]["description"] += (
            " Add `reform_parameters` (a list of changes of any parameter from a date, see GET /reforms) "
            "to compute under those changes instead of the law; not with ?reform=."
        )
        operation["responses"].update(ERRORS)
        operation["responses"]["400"] = ERRORS["400"]
        operation["responses"].pop(400, None)
        operation["responses"].pop(404, None)
        operation["responses"]["200"] = operation["responses"].pop(200)
    for path in ("/parameter/{parameterID}", "/variable/{variableID}"):
        responses = paths[path]["get"]["responses"]
        responses["404"] = _error("Unknown name: `nearest` lists the nearest names.")
        responses.pop(404, None)
        responses["200"] = responses.pop(200)
    for path in ("/parameters", "/variables", "/entities"):
        responses = paths[path]["get"]["responses"]
        responses["200"] = responses.pop(200)
    paths["/explain"] = {
        "post": {
            "summary": "Explain the ASP of one household for one month, step by step, in kk/ru/en",
            "tags": ["Calculations"],
            "operationId": "explain",
            "requestBody": {"required": True, "content": _json("ExplainRequest")},
            "responses": {"200": _ok("The steps of the decision", "Explanation"), **ERRORS},
        }
    }
    paths["/labels"] = {
        "get": {
            "summary": "Labels of every variable and enum value, and the explanation texts, in one language",
            "tags": ["Documentation"],
            "operationId": "getLabels",
            "parameters": [LANG],
            "responses": {"200": _ok("The labels", "Labels"), "400": ERRORS["400"]},
        }
    }
    paths["/meta"] = {
        "get": {
            "summary": "The input contract for forms: each input's type, period, range, default and "
            "enumeration values, the income kinds, the months covered, the languages and number formats",
            "tags": ["Documentation"],
            "operationId": "getMeta",
            "parameters": [LANG],
            "responses": {"200": _ok("The inputs and their contract", "Meta"), "400": ERRORS["400"]},
        }
    }
    paths["/reforms"] = {
        "get": {
            "summary": "The reforms a request may select with ?reform=NAME, and how to change any "
            "parameter with the body field reform_parameters",
            "tags": ["Documentation"],
            "operationId": "getReforms",
            "responses": {"200": _ok("The whitelist of reforms", "Reforms")},
        }
    }
    health = {"type": "object", "properties": {"status": {"type": "string"}}}
    paths["/health"] = {
        "get": {
            "summary": "Liveness check",
            "tags": ["Documentation"],
            "operationId": "getHealth",
            "responses": {
                "200": {"description": "Alive", "content": {"application/json": {"schema": health}}}
            },
        }
    }
    welcome = {"type": "object", "properties": {"welcome": {"type": "string"}}}
    paths["/api"] = {
        "get": {
            "summary": "Welcome message of the API",
            "tags": ["Documentation"],
            "operationId": "getWelcome",
            "responses": {
                "200": {"description": "Welcome", "content": {"application/json": {"schema": welcome}}}
            },
        }
    }
    paths["/spec"] = {
        "get": {
            "summary": "This OpenAPI document",
            "tags": ["Documentation"],
            "operationId": "getSpec",
            "responses": {
                "200": {
                    "description": "OpenAPI 3.0",
                    "content": {"application/json": {"schema": {"type": "object"}}},
                }
            },
        }
    }


def _examples(tbs: TaxBenefitSystem, spec: dict[str, Any], data: dict[str, Any]) -> None:
    schemas = spec["components"]["schemas"]
    situation = copy.deepcopy(tbs.open_api_config["simulation_example"])
    schemas["SituationInput"]["example"] = copy.deepcopy(situation)
    schemas["SituationOutput"]["example"] = compute.calculate(tbs, copy.deepcopy(situation))
    schemas["Trace"]["example"] = compute.trace(tbs, copy.deepcopy(situation))
    period = next(iter(next(iter(situation["households"].values()))["asp_amount"]))
    schemas["ExplainRequest"]["example"] = {"situation": situation, "period": period, "lang": "en"}
    schemas["CalculateRequest"]["example"] = {
        **copy.deepcopy(situation),
        "reform_parameters": [{"parameter": "asp.poverty_line.rate", "value": 0.8, "start": "2024-01-01"}],
    }
    schemas["Explanation"]["example"] = explain(tbs, situation, period=period)
    parameter_id = tbs.open_api_config["parameter_example"].replace(".", "/")
    schemas["Parameter"]["example"] = data["parameters"][parameter_id]
    variable_example = tbs.open_api_config["variable_example"]
    schemas["Variable"]["example"] = discovery.documented_variable(tbs, variable_example)


def build_spec(tbs: TaxBenefitSystem) -> dict[str, Any]:
    """The corrected OpenAPI document for ``tbs`` (servers are filled in per request)."""
    data = build_data(tbs)
    spec = copy.deepcopy(data["openAPI_spec"])
    spec["info"]["title"] = "openfisca-kz-asp Web API"
    spec["info"]["description"] = (
        "Kazakhstan's state targeted social assistance (ASP / АСП / АӘК) as code: the OpenFisca web API, "
        "hardened (every bad input gets a 4xx naming the field), with /explain, /labels and /reforms."
    )
    _situation_schemas(tbs, spec)
    _component_fixes(spec)
    _paths(spec)
    batch.openapi(spec)  # POST /batch (api/batch.py)
    _examples(tbs, spec, data)
    return json.loads(json.dumps(spec, default=str))  # integer keys (HTTP statuses) become strings
