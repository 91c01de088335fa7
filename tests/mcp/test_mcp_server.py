"""``openfisca-kz-asp mcp`` answers as the web API does (issue 12, "AI assistants").

The same families get the same answers from the MCP tool ``calculate`` (over stdio and over
streamable HTTP, with the SDK's own client) as from ``POST /calculate``; ``explain`` gives what
``POST /explain`` gives; refused calls are tool errors listing every problem, never a traceback.
"""

from __future__ import annotations

import json

import pytest
from mcp_cases import ASTANA, BAD_SITUATION, CHANGES, FAMILIES

TRANSPORTS = ("stdio_answers", "http_answers")


@pytest.fixture(params=TRANSPORTS)
def answers_both(request):
    """The answers over stdio, then over streamable HTTP (which makes the calls of HTTP_CALLS)."""
    return request.getfixturevalue(request.param)


@pytest.fixture
def answers(stdio_answers):
    return stdio_answers


def _post(api, path, body, query=""):
    # json.dumps keeps the keys' order (the test client's json= sorts them, and the order of persons
    # is the order of the explanation's lines)
    response = api.post(path + query, data=json.dumps(body), content_type="application/json")
    return response.status_code, response.get_json()


@pytest.mark.parametrize("name", sorted(FAMILIES))
def test_calculate_gives_what_post_calculate_gives(answers_both, api, name):
    status, expected = _post(api, "/calculate", FAMILIES[name])
    assert status == 200
    got = answers_both[f"calculate:{name}"]
    assert not got["is_error"], got["text"]
    assert got["data"] == expected


def test_the_astana_family_gets_the_amounts_worked_by_hand(answers):
    # docs/api.md: line 0.7 x 62,692.67 = 43,885; ASP 3 x 27,218 = 81,654; total 81,654 + 12,975 = 94,629.
    family = answers["calculate:astana_2026"]["data"]["households"]["family"]
    assert family["poverty_line"] == {"2026-03": 43885.0}
    assert family["asp_amount"] == {"2026-03": 81654.0}
    assert family["asp_total"] == {"2026-03": 94629.0}


def test_the_warning_of_a_missing_region_is_passed_on(answers):
    data = answers["calculate:no_region"]["data"]
    assert any("region" in warning for warning in data["warnings"])


def test_an_income_of_the_month_asked_is_not_used_and_the_warning_says_so(answers):
    data = answers["calculate:income_of_the_month_asked"]["data"]
    assert any("wage_income/2026-03: not used" in warning for warning in data["warnings"])
    # no income counted: 3 x 43,885 = 131,655, with the supplement 12,975: 144,630
    assert data["households"]["family"]["asp_total"] == {"2026-03": 144630.0}


def test_a_named_reform_as_with_query_reform(answers, api):
    status, expected = _post(api, "/calculate", ASTANA, "?reform=poverty_line_share:0.8")
    assert status == 200
    assert answers["calculate:reform"]["data"] == expected
    # 0.8 x 62,692.67 = 50,154.13 -> 50,154 a person; 3 x (50,154 - 16,666.67) = 3 x 33,487 = 100,461
    assert expected["households"]["family"]["asp_amount"] == {"2026-03": 100461.0}


def test_parameter_changes_as_reform_parameters_in_the_body(answers, api):
    status, expected = _post(api, "/calculate", {**ASTANA, "reform_parameters": CHANGES}, "?lang=ru")
    assert status == 200
    got = answers["calculate:changes"]["data"]
    assert got == expected
    assert got["reform_parameters"][0]["description"].endswith("0,7 → 0,8 с 1 января 2025 г.")


def test_explain_gives_what_post_explain_gives_with_a_summary(answers, api):
    status, expected = _post(api, "/explain", {"situation": ASTANA, "period": "2026-03", "lang": "kk"})
    assert status == 200
    got = dict(answers["explain:astana:kk"]["data"])
    summary = got.pop("summary")
    assert got == expected
    assert len(summary) == len(expected["steps"])
    assert got["result"]["asp_total"] == 94629.0
    references = [p.get("reference") for step in got["steps"] for p in step["parameters"]]
    assert any(ref and "adilet.zan.kz" in ref["href"] for ref in references)


def test_parameter_history_with_its_sources(answers):
    data = answers["history:rate"]["data"]
    values = data["values"]
    assert data["label"].startswith("Черта бедности")
    assert [v["from"] for v in values] == sorted((v["from"] for v in values), reverse=True)
    assert {v["value"] for v in values} >= {0.5, 0.7}  # 50% in 2018, 70% from April 2019
    assert all(v["reference"] and v["reference"]["title"] for v in values)


def test_family_inputs_come_from_the_contract_and_teach_the_quarter_rule(answers, api):
    data = answers["inputs:en"]["data"]
    meta = api.get("/meta?lang=en").get_json()
    assert data["income_kinds"] == meta["income"]
    wage = data["inputs"]["persons"]["wage_income"]
    assert "month:2023-10:3" in wage["how_to_give"]
    assert "month:2023-10:3" in data["inputs"]["households"]["region"]["how_to_give"]
    assert "asp_amount" not in data["inputs"]["households"]  # an output, listed under outputs
    assert "asp_total" in data["outputs"]


def test_tool_descriptions_teach_the_quarter_rule(answers):
    tools = answers["tools"]
    assert set(tools) >= {"calculate", "explain", "parameter_history", "family_inputs", "reforms"}
    for name in ("calculate", "explain", "family_inputs"):
        description = tools[name].description
        assert "reference quarter" in description
        assert "month:2023-10:3" in description or "month:YYYY-MM:3" in description
    assert "reference quarter" in answers["instructions"]
    lang = tools["explain"].input_schema["properties"]["lang"]
    assert lang["enum"] == ["kk", "ru", "en"]


def test_the_named_reforms_are_listed(answers, api):
    named = answers["reforms"]["data"]["named"]
    assert set(named) == {k for k, v in api.get("/reforms").get_json().items() if v.get("kind") == "named"}


def _messages_in(text, errors):
    return [e["message"] for e in errors if e["message"] not in text]


def test_a_bad_situation_is_one_tool_error_listing_every_problem(answers_both, api):
    status, body = _post(api, "/calculate", BAD_SITUATION)
    assert status == 400
    assert len(body["errors"]) >= 3
    got = answers_both["error:situation"]
    assert got["is_error"]
    assert _messages_in(got["text"], body["errors"]) == []
    assert "Traceback" not in got["text"]


def test_an_unknown_reform_lists_the_allowed_ones(answers):
    got = answers["error:reform"]
    assert got["is_error"]
    assert "Unknown reform 'poverty_line_shar'" in got["text"]
    assert "poverty_line_share[:share]" in got["text"]


def test_a_bad_month_names_the_field_and_the_form(answers):
    got = answers["error:period"]
    assert got["is_error"]
    assert "period: '2026-3' is not a month" in got["text"]


def test_a_bad_parameter_gets_the_nearest_names(answers):
    for key in ("error:parameter", "error:changes"):
        got = answers[key]
        assert got["is_error"]
        assert "Unknown parameter 'asp.poverty_line.rat'. Nearest names: asp.poverty_line.rate" in got["text"]
    assert "reform_parameters/0/parameter" in answers["error:changes"]["text"]
    assert "reform_parameters/1/value" in answers["error:changes"]["text"]  # 2 is not a share


def test_every_problem_of_a_call_at_once(answers):
    text = answers["error:lang"]["text"]
    assert "lang: Unknown language 'de'" in text
    assert "persons: No persons" in text  # and the situation's own problem


def test_a_named_reform_with_changes_is_refused_with_all_their_problems(answers):
    text = answers["error:both"]["text"]
    assert "(4 problems)" in text
    for found in (
        "reform: Unknown reform",
        "reform_parameters: Give either",
        "reform_parameters/0/parameter",
    ):
        assert found in text
    assert "persons: No persons" in text


def test_no_answer_is_a_traceback(answers):
    for key, value in answers.items():
        if isinstance(value, dict) and "text" in value:
            assert "Traceback" not in value["text"], key
            json.dumps(value["data"])  # plain JSON
