"""/spec is a valid OpenAPI 3.0 document and every example in it validates against its schema."""

from __future__ import annotations

import pytest

openapi_spec_validator = pytest.importorskip("openapi_spec_validator")
openapi_schema_validator = pytest.importorskip("openapi_schema_validator")


@pytest.fixture(scope="module")
def spec(app):
    return app.test_client().get("/spec").get_json()


def test_spec_is_valid_openapi(spec):
    openapi_spec_validator.validate(spec)


def test_spec_documents_the_new_endpoints(spec):
    for path in ("/calculate", "/trace", "/explain", "/labels", "/reforms", "/health", "/spec"):
        assert path in spec["paths"], path
    assert {p["name"] for p in spec["paths"]["/calculate"]["post"]["parameters"]} == {"reform", "lang"}
    assert "axes" in spec["components"]["schemas"]["SituationInput"]["properties"]


def examples(spec):
    return [
        (name, schema["example"])
        for name, schema in spec["components"]["schemas"].items()
        if "example" in schema
    ]


def test_there_are_examples(spec):
    names = {name for name, _ in examples(spec)}
    assert {"SituationInput", "SituationOutput", "Trace", "Parameter", "Variable", "ExplainRequest"} <= names


def test_every_example_validates_against_its_schema(spec):
    for name, example in examples(spec):
        schema = {"components": spec["components"], "$ref": f"#/components/schemas/{name}"}
        openapi_schema_validator.validate(example, schema, cls=openapi_schema_validator.OAS30Validator)


def test_a_null_output_request_is_valid_input(spec):
    situation = {
        "persons": {"a": {"age": {"2024-03": 30}}},
        "households": {"h": {"applicant": "a", "asp_type": {"2024-03": None}}},
    }
    schema = {"components": spec["components"], "$ref": "#/components/schemas/SituationInput"}
    openapi_schema_validator.validate(situation, schema, cls=openapi_schema_validator.OAS30Validator)
