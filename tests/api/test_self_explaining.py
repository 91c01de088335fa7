"""The API explains itself to generic OpenFisca clients (issue 12, "AI assistants").

A generic MCP server for any OpenFisca API (p0ss/OpenFisca-MCP) reads ``/variables``,
``/variable/<name>``, ``/parameter/<id>`` and ``/spec``, and shows only the top-level ``error``
string. So every input's documentation states the quarter rule with an example period, the
``error`` string lists every problem on every error path, an unknown name gets the nearest names,
and the ``source`` links point at the repository of ``[project.urls]``.
"""

from __future__ import annotations

import json

import pytest
from werkzeug.exceptions import InternalServerError

from openfisca_kz_asp.contract import contract_for
from openfisca_kz_asp.contract.documentation import reference_period

# The reference quarter of January 2024 is the calendar quarter before Q1 2024: October to
# December 2023, i.e. the 3 months from 2023-10 (Social Code Art. 127 p.2).
EXAMPLE_PERIOD = "month:2023-10:3"


def test_the_example_period_is_the_quarter_before():
    assert reference_period("2024-01") == EXAMPLE_PERIOD
    assert reference_period("2024-03") == EXAMPLE_PERIOD
    assert reference_period("2024-04") == "month:2024-01:3"


def test_every_input_documents_the_quarter_rule(client, tbs):
    contract = contract_for(tbs)
    for item in contract:
        documentation = client.get(f"/variable/{item.name}").get_json()["documentation"]
        assert EXAMPLE_PERIOD in documentation, item.name
        if item.is_income:
            assert "reference quarter" in documentation
            assert "month:YYYY-MM:3" in documentation
    own = tbs.variables["wage_income"].documentation.strip()
    assert client.get("/variable/wage_income").get_json()["documentation"].startswith(own)


def test_the_spec_documents_the_quarter_rule_for_every_input(client, tbs):
    schemas = client.get("/spec").get_json()["components"]["schemas"]
    contract = contract_for(tbs)
    for entity, schema in (("persons", "Person"), ("households", "Household")):
        properties = schemas[schema]["properties"]
        for item in contract:
            if item.plural == entity:
                assert EXAMPLE_PERIOD in properties[item.name]["description"], item.name
    assert EXAMPLE_PERIOD in schemas["Variable"]["example"]["documentation"]


@pytest.mark.parametrize(
    ("url", "nearest"),
    [
        ("/variable/wage_incom", "wage_income"),
        ("/variable/asp_totl", "asp_total"),
        ("/parameter/asp.poverty_line.rat", "asp.poverty_line.rate"),
        ("/parameter/asp/poverty_line/rat", "asp.poverty_line.rate"),
    ],
)
def test_an_unknown_name_gets_the_nearest_names(client, url, nearest):
    response = client.get(url)
    assert response.status_code == 404
    body = response.get_json()
    assert body["nearest"][0] == nearest
    assert nearest in body["error"]
    assert body["errors"][0]["code"] in ("unknown_variable", "unknown_parameter")


def test_known_names_still_answer(client):
    assert client.get("/parameter/asp.poverty_line.rate").status_code == 200
    assert client.get("/parameter/asp/poverty_line/rate").status_code == 200
    assert client.get("/variable/asp_total").get_json()["id"] == "asp_total"


def test_source_links_point_at_the_repository(client, tbs):
    repository = tbs.get_package_metadata()["repository_url"]
    assert repository.startswith("https://")
    source = client.get("/variable/wage_income").get_json()["source"]
    assert source.startswith(f"{repository}/blob/")
    assert "/variables/income/" in source
    assert client.get("/parameter/asp.poverty_line.rate").get_json()["source"].startswith(repository)


def _every_problem_in_error(body):
    assert body["errors"], body
    for problem in body["errors"]:
        assert problem["message"] in body["error"], (problem, body["error"])


SITUATION_WITH_THREE_PROBLEMS = {
    "persons": {"a": {"age": {"2026-3": 40}, "wage_incom": {"2026-03": 1}}, "b": {"age": {"2026-03": -1}}},
    "households": {"h": {"applicants": ["a"], "members": ["b"], "asp_total": {"2026-03": None}}},
}


@pytest.mark.parametrize(
    ("method", "url", "body", "status"),
    [
        ("post", "/calculate", SITUATION_WITH_THREE_PROBLEMS, 400),
        ("post", "/trace?lang=ru", SITUATION_WITH_THREE_PROBLEMS, 400),
        ("post", "/explain", {"situation": [], "period": 3, "lang": "xx", "extra": 1}, 400),
        (
            "post",
            "/calculate",
            {
                **SITUATION_WITH_THREE_PROBLEMS,
                "reform_parameters": [{"parameter": "asp.poverty_line.rat", "value": 2, "start": "x"}],
            },
            400,
        ),
        ("post", "/calculate?refrom=x&lang=kk&lang=ru", {}, 400),
        ("post", "/calculate", "[1]", 400),
        ("post", "/calculate", '{"a": 1, "a": 2, "b": 1, "b": 2}', 400),
        ("get", "/calculate", None, 405),
        ("get", "/no/such/path", None, 404),
        ("get", "/variable/nope", None, 404),
        ("get", "/parameter/nope", None, 404),
        ("put", "/spec", None, 405),
    ],
)
def test_the_error_string_lists_every_problem(client, method, url, body, status):
    data = body if isinstance(body, str) else json.dumps(body) if body is not None else None
    response = getattr(client, method)(url, data=data, content_type="application/json")
    assert response.status_code == status
    _every_problem_in_error(response.get_json())


def test_a_stock_500_and_an_unexpected_error_answer_in_the_same_form(tbs):
    from openfisca_kz_asp.api import create_app  # noqa: PLC0415

    app = create_app(tbs)

    def internal() -> None:
        raise InternalServerError("the stock handler would echo this")

    def crash() -> None:
        raise RuntimeError("secret detail")

    app.add_url_rule("/boom500", "boom500", internal)
    app.add_url_rule("/crash", "crash", crash)
    client = app.test_client()
    for url in ("/boom500", "/crash"):
        response = client.get(url)
        assert response.status_code == 500
        body = response.get_json()
        _every_problem_in_error(body)
        assert body["errors"][0]["code"] == "internal"
        assert "secret" not in body["error"]
        assert "echo" not in body["error"]


def test_a_415_and_a_413_list_their_problem_in_error_too(client):
    response = client.post("/calculate", data="{}", content_type="text/plain")
    assert response.status_code == 415
    _every_problem_in_error(response.get_json())
    response = client.post("/calculate", data=b" " * (300 * 1024), content_type="application/json")
    assert response.status_code == 413
    _every_problem_in_error(response.get_json())
