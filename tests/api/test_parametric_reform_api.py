"""The body field ``reform_parameters``: changes of any parameter in /calculate, /trace and /explain.

One implementation (openfisca_kz_asp.parametric_reform) reads and checks them, as for the CLI and
Python; these tests check what the API makes of it: the amounts, the answer that says the changes
back in words, every problem as a 400 naming its field, and GET /reforms.

The family: one adult of 40 in Astana with no income, February 2026. The line of Q1 2026 is the rate
× Astana's statistical minimum of Q4 2025, which the Bureau published for each month (Order 160
п. 1; parameters general.subsistence_minimum_statistical.monthly.astana):
(66,605 + 60,551 + 60,922) / 3 = 188,078 / 3 = 62,692.67 KZT.
* the law (70%): 0.7 × 62,692.67 = 43,884.87 → 43,885 KZT;
* at 80%: 0.8 × 62,692.67 = 50,154.13 → 50,154 KZT.
No published line for Astana in Q1 2026 (asp.poverty_line.published.astana = 0), so the rate applies.
With no income the family gets the whole line: 50,154 KZT a month (Art. 7: line − per-capita income).
"""

from __future__ import annotations

from typing import Any

import pytest

from openfisca_kz_asp.reform_registry import REFORMS, system_with_reform

RATE_80 = [{"parameter": "asp.poverty_line.rate", "value": 0.8, "start": "2025-01-01"}]
EN_DESCRIPTION = "Poverty line, share of the subsistence minimum: 0.7 → 0.8 from 1 January 2025"


def astana(**extra: Any) -> dict[str, Any]:
    return {
        "persons": {"a": {"age": {"2026-02": 40}, "sex": {"ETERNITY": "male"}}},
        "households": {
            "h": {
                "applicants": ["a"],
                "region": {"2026-02": "astana"},
                "poverty_line": {"2026-02": None},
                "asp_amount": {"2026-02": None},
            }
        },
        **extra,
    }


def errors(response) -> list[dict[str, Any]]:
    assert response.status_code == 400, response.get_json()
    return response.get_json()["errors"]


def test_calculate_with_the_rate_at_80_percent(client):
    answer = client.post("/calculate", json=astana(reform_parameters=RATE_80)).get_json()
    household = answer["households"]["h"]
    assert household["poverty_line"]["2026-02"] == 50_154
    assert household["asp_amount"]["2026-02"] == 50_154
    [said] = answer["reform_parameters"]
    assert said == {
        "parameter": "asp.poverty_line.rate",
        "value": 0.8,
        "start": "2025-01-01",
        "end": None,
        "label": "Poverty line, share of the subsistence minimum",
        "description": EN_DESCRIPTION,
    }


def test_the_law_is_untouched_beside_a_reform(client):
    client.post("/calculate", json=astana(reform_parameters=RATE_80))
    household = client.post("/calculate", json=astana()).get_json()["households"]["h"]
    assert household["poverty_line"]["2026-02"] == 43_885
    assert household["asp_amount"]["2026-02"] == 43_885


def test_the_changes_are_said_back_in_the_language_asked(client):
    answer = client.post("/calculate?lang=ru", json=astana(reform_parameters=RATE_80)).get_json()
    assert answer["reform_parameters"][0]["description"] == (
        "Черта бедности, доля от величины прожиточного минимума: 0,7 → 0,8 с 1 января 2025 г."
    )
    answer = client.post("/calculate?lang=kk", json=astana(reform_parameters=RATE_80)).get_json()
    assert answer["reform_parameters"][0]["description"] == (
        "Кедейлік шегі, ең төмен күнкөріс деңгейінен үлесі: 0,7 → 0,8 2025 жылғы 1 қаңтардан бастап"
    )


def test_the_api_uses_the_one_cache_of_reformed_systems(app, tbs):
    # The system the API built is the one reform_registry gives for the canonical text of the changes.
    views = app.view_functions["calculate"].__self__
    system, changes = views.system_for_changes(RATE_80, "en")
    assert changes.key == "asp.poverty_line.rate=0.8@2025-01-01"
    assert system is system_with_reform(tbs, "asp.poverty_line.rate=0.80@2025-01")


def test_a_region_keyed_parameter(client):
    # Astana's published line set to 45,000 for Q1 2026: a published line wins over the rate rule
    # (Art. 2 p.1-2), so the line is 45,000 and poverty_line_basis says 'published'.
    change = {
        "parameter": "asp.poverty_line.published.astana",
        "value": 45_000,
        "start": "2026-01-01",
        "end": "2026-03-31",
    }
    situation = astana(reform_parameters=[change])
    situation["households"]["h"]["poverty_line_basis"] = {"2026-02": None}
    answer = client.post("/calculate", json=situation).get_json()
    household = answer["households"]["h"]
    assert household["poverty_line"]["2026-02"] == 45_000
    assert household["poverty_line_basis"]["2026-02"] == "published"
    assert answer["reform_parameters"][0]["description"] == (
        "Published poverty line, Astana: 0 KZT → 45,000 KZT from 1 January 2026 to 31 March 2026"
    )


def test_the_text_form_and_the_mapping_form_are_accepted(client):
    for form in ("asp.poverty_line.rate=0.8@2025-01-01", {"asp.poverty_line.rate": {"2025-01-01": 0.8}}):
        answer = client.post("/calculate", json=astana(reform_parameters=form)).get_json()
        assert answer["households"]["h"]["asp_amount"]["2026-02"] == 50_154, form


def test_trace_with_reform_parameters(client):
    response = client.post("/trace", json=astana(reform_parameters=RATE_80))
    assert response.status_code == 200
    body = response.get_json()
    assert body["trace"]["poverty_line<2026-02>"]["value"] == [50_154]
    assert body["reform_parameters"][0]["description"] == EN_DESCRIPTION


def test_explain_with_reform_parameters(client):
    body = {"situation": astana(), "period": "2026-02", "reform_parameters": RATE_80}
    answer = client.post("/explain", json=body).get_json()
    assert answer["result"]["asp_amount"] == 50_154
    assert answer["reform"] == "asp.poverty_line.rate=0.8@2025-01-01"
    assert answer["reform_parameters"][0]["description"] == EN_DESCRIPTION


@pytest.mark.parametrize(
    ("change", "path", "code", "words"),
    [
        (
            {"parameter": "asp.poverty_line.rat", "value": 0.8, "start": "2025-01-01"},
            "reform_parameters/0/parameter",
            "unknown_parameter",
            "Unknown parameter 'asp.poverty_line.rat'. Nearest names: asp.poverty_line.rate,",
        ),
        (
            {"parameter": "asp.poverty_line", "value": 0.8, "start": "2025-01-01"},
            "reform_parameters/0/parameter",
            "parameter_is_node",
            "'asp.poverty_line' is a group of parameters, not one value: change one of "
            "asp.poverty_line.national_single_line, asp.poverty_line.median_rate, asp.poverty_line.rate, "
            "asp.poverty_line.published.",
        ),
        (
            {"parameter": "asp.poverty_line.rate", "value": 1.5, "start": "2025-01-01"},
            "reform_parameters/0/value",
            "out_of_range_share",
            "'asp.poverty_line.rate' is a share (0.8 means 80%): give a value from 0 to 1, not 1.5.",
        ),
        (
            {"parameter": "general.mrp", "value": -100, "start": "2025-01-01"},
            "reform_parameters/0/value",
            "out_of_range_kzt",
            "'general.mrp' is an amount in KZT a month: give a value from 0 to 1,000,000, not -100.",
        ),
        (
            {"parameter": "asp.poverty_line.rate", "value": "0.8", "start": "2025-01-01"},
            "reform_parameters/0/value",
            "not_number",
            "'asp.poverty_line.rate' takes a number (0.8 means 80%), not '0.8'.",
        ),
        (
            {"parameter": "asp.poverty_line.rate", "value": 0.8, "start": "2027-01-01"},
            "reform_parameters/0/start",
            "start_outside",
            "The change of 'asp.poverty_line.rate' starts on 2027-01-01, outside the months the package "
            "covers (2018-01-01 to 2026-12-31).",
        ),
        (
            {"parameter": "asp.poverty_line.rate", "value": 0.8, "start": "1/1/2025"},
            "reform_parameters/0/start",
            "bad_date",
            "The change of 'asp.poverty_line.rate': '1/1/2025' is not a date; write YYYY-MM-DD (or YYYY-MM).",
        ),
        (
            {"parameter": "asp.poverty_line.rate", "value": 0.8, "start": "2025-01-01", "until": "2025"},
            "reform_parameters/0/until",
            "unknown_field",
            "Unknown field 'until' in a parameter change: a change has parameter, value, start and end.",
        ),
    ],
)
def test_each_problem_is_a_400_naming_its_field(client, change, path, code, words):
    [problem] = errors(client.post("/calculate", json=astana(reform_parameters=[change])))
    assert (problem["path"], problem["code"]) == (path, code)
    assert problem["message"].startswith(words)


def test_every_problem_is_listed_at_once_in_the_language_asked(client):
    changes = [
        {"parameter": "asp.poverty_line.rate", "value": 2, "start": "2025-01-01"},
        {"parameter": "asp.child_supplement.amount_mrp", "value": 3, "start": "2025-01-15"},
    ]
    found = errors(client.post("/calculate?lang=ru", json=astana(reform_parameters=changes)))
    assert [(p["path"], p["code"]) for p in found] == [
        ("reform_parameters/0/value", "out_of_range_share"),
        ("reform_parameters/1/start", "not_month_start"),
    ]
    assert found[0]["message"] == (
        "'asp.poverty_line.rate' — доля (0.8 означает 80%): укажите значение от 0 до 1, а не 2."
    )
    assert "2025-01-01 или 2025-02-01" in found[1]["message"]


def test_a_named_reform_and_parameter_changes_are_not_combined(client):
    response = client.post("/calculate?reform=per_child_full_line", json=astana(reform_parameters=RATE_80))
    [problem] = errors(response)
    assert (problem["path"], problem["code"]) == ("reform_parameters", "reform_and_parameters")


def test_explain_lists_the_changes_problems_with_the_others(client):
    body = {
        "situation": astana(),
        "period": "2026-02",
        "lang": "xx",
        "reform_parameters": [{"parameter": "asp.poverty_line.rate", "value": True, "start": "2025-01-01"}],
    }
    found = errors(client.post("/explain", json=body))
    assert {(p["path"], p["code"]) for p in found} == {
        ("lang", "bad_language"),
        ("reform_parameters/0/value", "not_number"),
    }


def test_reforms_describes_the_mechanism(client):
    body = client.get("/reforms").get_json()
    assert set(body) == {*REFORMS, "reform_parameters"}
    assert body["poverty_line_share"]["kind"] == "named"
    parametric = body["reform_parameters"]
    assert parametric["body_field"] == "reform_parameters"
    assert parametric["example"] == [RATE_80[0] | {"end": None}]
    assert parametric["example_description"]["en"] == EN_DESCRIPTION
    rate = parametric["parameters"]["asp.poverty_line.rate"]
    assert rate["unit"] == "/1"
    assert (rate["min"], rate["max"]) == (0, 1)
    assert rate["label"]["ru"] == "Черта бедности, доля от величины прожиточного минимума"
    astana_line = parametric["parameters"]["asp.poverty_line.published.astana"]
    assert (astana_line["unit"], astana_line["max"]) == ("currency-KZT", 1_000_000)
    monthly = parametric["parameters"]["general.subsistence_minimum_statistical.monthly.astana"]
    assert (monthly["one_value_per"], monthly["first_day"]) == ("month", "2017-01-01")


def test_the_spec_documents_the_field(client):
    spec = client.get("/spec").get_json()
    schemas = spec["components"]["schemas"]
    assert "reform_parameters" in schemas["CalculateRequest"]["properties"]
    assert "reform_parameters" in schemas["ExplainRequest"]["properties"]
    body = spec["paths"]["/calculate"]["post"]["requestBody"]["content"]["application/json"]["schema"]
    assert body == {"$ref": "#/components/schemas/CalculateRequest"}
