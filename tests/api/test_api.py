"""The hardened web API (Flask test client): every known hole of the stock API, each bad input."""

from __future__ import annotations

import json

import pytest

from openfisca_kz_asp.reform_registry import REFORMS


def post(client, path: str, body, **kwargs):
    return client.post(path, data=json.dumps(body), content_type="application/json", **kwargs)


def assert_error(response, status: int, path: str | None = None, code: str | None = None) -> dict:
    assert response.status_code == status, response.get_data(as_text=True)
    body = response.get_json()
    assert body["error"]
    if path is not None:
        assert body["errors"][0]["path"] == path, body
    if code is not None:
        assert body["errors"][0]["code"] == code, body
    return body


def with_line(situation: dict, line: float = 30385) -> dict:
    """The example family with the poverty line given as an input: 30,385, the 2024 line of the
    example, not Almaty's (its minimum of Q4 2023 was not published, so the package would estimate
    it). The tests that use it check the API, not the line."""
    situation["households"]["family"]["poverty_line"] = {"2024-03": line}
    return situation


def test_calculate_single_mother(client, example):
    response = post(client, "/calculate", with_line(example()))
    assert response.status_code == 200
    family = response.get_json()["households"]["family"]
    # Line 30,385 (given); PCI = 150,000 / 3 / 3 = 16,666.67; each member 30,385 − 16,666.67 = 13,718.33,
    # rounded to the tenge 13,718 (asp.amount.rounded_to_tenge); ASP = 3 × 13,718 = 41,154;
    # supplement 2 × 1.5 × 3,692 = 11,076; total 52,230.
    assert family["asp_amount"] == {"2024-03": 41154}
    assert family["asp_total"] == {"2024-03": 52230}
    assert family["asp_type"] == {"2024-03": "unconditional"}
    assert "warnings" not in response.get_json()
    assert response.headers["Country-Package"]


def test_period_mismatch_is_a_400_that_says_which_period(client, example):
    situation = example()
    situation["households"]["family"]["asp_amount"] = {"2024": None}
    body = assert_error(post(client, "/calculate", situation), 400, "households/family/asp_amount/2024")
    assert body["errors"][0]["message"] == "asp_amount is monthly: ask for a month such as 2024-01"


def test_period_mismatch_on_trace_too(client, example):
    situation = example()
    situation["households"]["family"]["asp_amount"] = {"2024": None}
    assert_error(post(client, "/trace", situation), 400, "households/family/asp_amount/2024")


def test_wrong_role_says_unknown_role(client, example):
    situation = example()
    situation["households"]["family"]["parents"] = situation["households"]["family"].pop("applicants")
    body = assert_error(
        post(client, "/calculate", situation), 400, "households/family/parents", "unknown_role"
    )
    assert body["errors"][0]["message"].startswith("unknown role 'parents' in household 'family'")


def test_axes_work(client, example):
    situation = with_line(example())
    del situation["persons"]["mother"]["wage_income"]  # the axis sets it (an input beside it is refused)
    # The mother's quarterly wage from 0 to 300,000 in 4 steps: 0, 100,000, 200,000, 300,000.
    # Per-capita: 0, 11,111.11, 22,222.22, 33,333.33 against the line 30,385 (given):
    # each member's amount rounded to the tenge: 3 × 30,385 = 91,155; 3 × 19,274 (19,273.89) = 57,822;
    # 3 × 8,163 (8,162.78) = 24,489; 0.
    situation["axes"] = [
        [{"name": "wage_income", "count": 4, "min": 0, "max": 300000, "period": "month:2023-10:3"}]
    ]
    response = post(client, "/calculate", situation)
    assert response.status_code == 200, response.get_json()
    amounts = response.get_json()["households"]["family"]["asp_amount"]["2024-03"]
    assert amounts == pytest.approx([91155, 57822, 24489, 0], abs=0.01)
    types = response.get_json()["households"]["family"]["asp_type"]["2024-03"]
    assert types == ["unconditional", "unconditional", "unconditional", "none"]


def test_axes_refused_clearly_when_too_many(client, example):
    situation = example()
    del situation["persons"]["mother"]["wage_income"]
    situation["axes"] = [
        [{"name": "wage_income", "count": 11, "min": 0, "max": 1, "period": "2023-12"}],
        [{"name": "alimony_income", "count": 10, "min": 0, "max": 9, "period": "2023-12"}],
    ]
    assert_error(post(client, "/calculate", situation), 400, "axes", "axis_cells")


@pytest.mark.parametrize(
    ("mutate", "path", "code"),
    [
        (
            lambda s: s["persons"]["mother"].update(age={"2024-03": -1}),
            "persons/mother/age/2024-03",
            "int_range",
        ),
        (
            lambda s: s["persons"]["mother"].update(age={"2024-03": "34"}),
            "persons/mother/age/2024-03",
            "expected_number",
        ),
        (
            lambda s: s["persons"]["mother"].update(wage_income={"2023-10": -100}),
            "persons/mother/wage_income/2023-10",
            "negative",
        ),
        (
            lambda s: s["persons"]["mother"].update(wage_income={"2023-10": 1e300}),
            "persons/mother/wage_income/2023-10",
            "too_large",
        ),
        (
            lambda s: s["persons"]["mother"].update(sex={"ETERNITY": "other"}),
            "persons/mother/sex/ETERNITY",
            "expected_enum",
        ),
        (
            lambda s: s["persons"]["mother"].update(is_full_time_student={"2024-03": "yes"}),
            "persons/mother/is_full_time_student/2024-03",
            "expected_bool",
        ),
        (
            lambda s: s["persons"]["mother"].update(birth_date={"ETERNITY": "1990-02-30"}),
            "persons/mother/birth_date/ETERNITY",
            "expected_date",
        ),
        (
            lambda s: s["persons"]["mother"].update(salary={"2024-03": 1}),
            "persons/mother/salary",
            "unknown_variable",
        ),
        (
            lambda s: s["households"]["family"].update(region={"2024-03": "atlantis"}),
            "households/family/region/2024-03",
            "expected_enum",
        ),
        (
            lambda s: s["households"]["family"].update(members=["son", "ghost"]),
            "households/family/members/1",
            "role_person_unknown",
        ),
        (
            lambda s: s["households"]["family"].update(asp_amount={"1999-01": None}),
            "households/family/asp_amount/1999-01",
            "output_out_of_range",
        ),
        (
            lambda s: s["households"]["family"].update(asp_amount={"2024-3": None}),
            "households/family/asp_amount/2024-3",
            "bad_period",
        ),
        (lambda s: s.update(persons={f"p{i}": {} for i in range(51)}), "persons", "too_many"),
        (lambda s: s.update(houses={}), "houses", "unknown_key"),
        (lambda s: s.update(persons=[]), "persons", "entity_not_object"),
    ],
)
def test_bad_inputs_get_a_400_naming_the_field(client, example, mutate, path, code):
    situation = example()
    mutate(situation)
    assert_error(post(client, "/calculate", situation), 400, path, code)


def test_body_limits(client, example):
    assert_error(client.post("/calculate", data="x" * 300_000, content_type="application/json"), 413)
    nested = '{"a":' * 40 + "1" + "}" * 40
    assert_error(
        client.post("/calculate", data=nested, content_type="application/json"), 400, "body", "json_too_deep"
    )
    very_deep = "[" * 100_000 + "]" * 100_000
    assert client.post("/calculate", data=very_deep, content_type="application/json").status_code in (
        400,
        413,
    )
    assert_error(
        client.post("/calculate", data="{", content_type="application/json"), 400, "body", "json_invalid"
    )
    assert_error(
        client.post("/calculate", data="[1]", content_type="application/json"), 400, "body", "json_not_object"
    )
    assert_error(
        client.post("/calculate", data="{}", content_type="text/plain"),
        415,
        "headers/Content-Type",
        "not_json",
    )
    assert_error(client.post("/calculate"), 415)
    assert_error(client.post("/calculate", data=b"\xff\xfe", content_type="application/json"), 400)


def test_messages_in_the_language_asked(client, example):
    situation = example()
    situation["persons"]["mother"]["age"] = {"2024-03": -1}
    body = assert_error(post(client, "/calculate?lang=kk", situation), 400)
    assert "бүтін сан" in body["error"]
    assert_error(post(client, "/calculate?lang=fr", situation), 400, "lang", "bad_language")


@pytest.mark.parametrize("name", sorted(REFORMS))
def test_every_whitelisted_reform_runs(client, example, name):
    assert post(client, f"/calculate?reform={name}", example()).status_code == 200


def test_reform_changes_the_result(client, example):
    # The example family in Karaganda, March 2024, with wages of 180,000 in Oct–Dec 2023: PCI =
    # 180,000 / 3 / 3 = 20,000. The line published for Q1 2024 is 32,144 (= 70% of Karaganda's Q4 2023
    # minimum, the Bureau's quarterly average 45,920): ASP = 3 × (32,144 − 20,000) = 36,432. The
    # reform sets the published line aside and takes 80% of that minimum: 0.8 × 45,920 = 36,736;
    # ASP = 3 × (36,736 − 20,000) = 50,208.
    situation = example()
    situation["households"]["family"]["region"] = {"2024-03": "karaganda"}
    situation["persons"]["mother"]["wage_income"] = {"month:2023-10:3": 180000}
    baseline = post(client, "/calculate", situation).get_json()["households"]["family"]
    assert baseline["asp_amount"]["2024-03"] == pytest.approx(36432, abs=0.05)
    response = post(client, "/calculate?reform=poverty_line_share:0.8", situation)
    assert response.get_json()["households"]["family"]["asp_amount"]["2024-03"] == pytest.approx(
        50208, abs=0.05
    )


def test_unknown_reform_lists_the_allowed_names(client, example):
    body = assert_error(
        post(client, "/calculate?reform=flat_tax", example()), 400, "reform", "unknown_reform"
    )
    assert "caregiver_threshold_7_years" in body["error"]
    assert_error(post(client, "/calculate?reform=poverty_line_share:lots", example()), 400, "reform")
    assert_error(post(client, "/calculate?reform=poverty_line_share:9", example()), 400, "reform")


def test_warnings_are_returned(client, example):
    situation = example()
    situation["persons"]["mother"]["wage_income"] = {"2024-03": 50000}
    body = post(client, "/calculate", situation).get_json()
    assert any("not used" in w for w in body["warnings"])


def test_explain_endpoint(client, example):
    body = {"situation": with_line(example()), "period": "2024-03", "lang": "ru"}
    response = post(client, "/explain", body)
    assert response.status_code == 200
    result = response.get_json()
    assert [s["key"] for s in result["steps"]][:4] == ["family", "income", "per_capita", "poverty_line"]
    assert result["result"]["asp_amount"] == 41154  # 3 × 13,718 (13,718.33 rounded to the tenge)
    assert result["steps"][0]["title"] == "Члены семьи, которые учитываются"


def test_explain_with_reform(client, example):
    body = {"situation": with_line(example()), "period": "2024-03", "reform": "per_child_full_line"}
    # Children get the whole line 30,385 (given) each; the mother 13,718.33, rounded to 13,718: 74,488.
    assert post(client, "/explain", body).get_json()["result"]["asp_amount"] == pytest.approx(74488, abs=0.01)


@pytest.mark.parametrize(
    ("body", "path"),
    [
        ({"period": "2024-03"}, "situation"),
        ({"situation": {"persons": {"a": {}}}}, "period"),
        ({"situation": {"persons": {"a": {}}}, "period": "March"}, "period"),
        ({"situation": {"persons": {"a": {}}}, "period": "2024-03", "lang": "de"}, "lang"),
        ({"situation": {"persons": {"a": {}}}, "period": "2024-03", "colour": 1}, "colour"),
        ({"situation": {"persons": {"a": {}}}, "period": "2024-03", "household": 3}, "household"),
        ({"situation": {"persons": {"a": {}}}, "period": "2024-03", "reform": "x"}, "reform"),
        ({"situation": [], "period": "2024-03"}, "situation"),
        ({"situation": {"persons": {"a": {}}, "households": []}, "period": "2024-03"}, "households"),
        ({"situation": {"persons": {"a": {}, "b": {}}}, "period": "2024-03"}, "households"),
        (
            {"situation": {"persons": {"a": {"age": {"2024-03": -4}}}}, "period": "2024-03"},
            "persons/a/age/2024-03",
        ),
    ],
)
def test_explain_bad_requests(client, body, path):
    assert_error(post(client, "/explain", body), 400, path)


def test_explain_refuses_axes(client, example):
    situation = example()
    situation["axes"] = [[{"name": "wage_income", "count": 2, "min": 0, "max": 1}]]
    assert_error(
        post(client, "/explain", {"situation": situation, "period": "2024-03"}), 400, "situation/axes"
    )


@pytest.mark.parametrize("lang", ["kk", "ru", "en"])
def test_labels(client, tbs, lang):
    body = client.get(f"/labels?lang={lang}").get_json()
    assert set(body["variables"]) == set(tbs.variables)
    assert set(body["enums"]["AspType"]) == {"none", "unconditional", "conditional"}
    assert len(body["enums"]["Region"]) == 21
    assert body["explain"]["poverty_line.title"]
    assert body["errors"]["unknown_role"]


def test_reforms_endpoint(client):
    body = client.get("/reforms").get_json()
    assert set(body) == {*REFORMS, "reform_parameters"}  # the named ones, and any parameter's changes
    assert body["reform_parameters"]["body_field"] == "reform_parameters"
    assert body["poverty_line_share"]["parameter"] == "share"
    assert body["caregiver_threshold_7_years"]["description"]


def test_routes(client):
    assert client.get("/health").get_json() == {"status": "ok"}
    assert client.get("/api").status_code == 200
    page = client.get("/")
    assert page.status_code == 200
    assert page.content_type.startswith(("text/html", "application/json"))
    assert client.get("/variables").status_code == 200
    assert client.get("/variable/asp_amount").status_code == 200
    assert client.get("/parameter/asp.poverty_line.rate").status_code == 200
    assert client.get("/entities").status_code == 200
    assert_error(client.get("/variable/nope"), 404)
    assert_error(client.get("/nope"), 404)
    assert_error(client.get("/../setup.py"), 404)
    assert_error(client.get("/calculate"), 405)
    assert_error(client.delete("/calculate"), 405)


def test_repeated_requests_are_answered_from_the_cache_and_stay_correct(app, client, example):
    first = post(client, "/calculate", example())
    second = post(client, "/calculate", example())
    assert first.get_data() == second.get_data()
    changed = with_line(example())
    changed["persons"]["mother"]["wage_income"] = {"month:2023-10:3": 0}
    # No income: per-capita 0, each of 3 members gets the whole line 30,385 (given): 91,155.
    third = post(client, "/calculate", changed).get_json()
    assert third["households"]["family"]["asp_amount"]["2024-03"] == 91155
    assert post(client, "/calculate?reform=per_child_full_line", example()).get_data() != first.get_data()
