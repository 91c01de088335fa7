"""POST /batch (``api/batch.py``): many situations in one simulation, each answered exactly as
``/calculate`` answers it alone (the same JSON, the same warnings, the same 400 for an invalid one),
in the order given; limits on the request as a whole (400/413)."""

from __future__ import annotations

import copy
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from openfisca_kz_asp.api import batch
from openfisca_kz_asp.situation_examples import EXAMPLES

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _families import BAD_CHANGE, RATE_80, family


def _alone(client: Any, situation: Any, query: str = "", changes: Any = None) -> dict[str, Any]:
    body = copy.deepcopy(situation)
    if changes is not None:
        body["reform_parameters"] = changes
    response = client.post(f"/calculate{query}", json=body)
    return {"status": response.status_code, "body": response.get_json()}


def _batch(client: Any, situations: list[Any], query: str = "", **extra: Any) -> Any:
    return client.post(f"/batch{query}", json={"situations": copy.deepcopy(situations), **extra})


def test_examples_equal_their_lone_answers(client):
    situations = [copy.deepcopy(EXAMPLES[name]) for name in sorted(EXAMPLES) for _ in range(3)]
    situations[4]["persons"]["ghost"] = {"age": {"2024-03": -1}}  # one invalid among valid ones
    response = _batch(client, situations)
    assert response.status_code == 200
    answer = response.get_json()
    assert answer["count"] == len(situations)
    assert answer["failed"] == 1
    assert answer["results"] == [_alone(client, s) for s in situations]
    assert answer["results"][4]["status"] == 400
    assert answer["results"][4]["body"]["errors"][0]["path"] == "persons/ghost/age/2024-03"


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large]
)
@given(
    situations=st.lists(family(), min_size=1, max_size=12),
    lang=st.sampled_from(["en", "ru", "kk"]),
    reform=st.sampled_from([None, "poverty_line_share:0.8", "shared_changes", "own_changes", "bad_changes"]),
)
def test_batch_equals_calculate_alone(app, situations, lang, reform):
    """Random mixes of families, months, income periods, invalid situations and reforms."""
    client = app.test_client()
    query = f"?lang={lang}" + (f"&reform={reform}" if reform and ":" in reform else "")
    extra: dict[str, Any] = {}
    own: list[Any] = [None] * len(situations)
    if reform == "shared_changes":
        extra["reform_parameters"] = RATE_80
    elif reform in ("own_changes", "bad_changes"):
        own = [
            (RATE_80 if reform == "own_changes" else BAD_CHANGE) if i % 2 else None
            for i in range(len(situations))
        ]
    items = [
        dict(s, reform_parameters=c) if c is not None else s for s, c in zip(situations, own, strict=True)
    ]
    answer = _batch(client, items, query, **extra).get_json()
    expected = [
        _alone(client, s, query, extra.get("reform_parameters", c))
        for s, c in zip(situations, own, strict=True)
    ]
    assert answer["results"] == expected


def test_merging_is_used_and_ids_do_not_collide(tbs):
    """Families with the same ids ("mother", "family") share one simulation and keep their own values."""
    jobs = []
    for wage in (0, 60_000, 150_000, 400_000):
        situation = copy.deepcopy(EXAMPLES["single_mother_two_children"])
        situation["persons"]["mother"]["wage_income"] = {"month:2023-10:3": wage * 3}
        jobs.append(batch.Job(tbs, situation))
    groups = {batch._prepared(job) for job in copy.deepcopy(jobs)}
    assert len(groups) == 1
    batch.run_jobs(jobs)
    amounts = [job.answer["households"]["family"]["asp_amount"]["2024-03"] for job in jobs]
    assert amounts[0] > amounts[1] > amounts[2] == amounts[3] == 0


def test_income_over_other_periods_is_not_merged(tbs):
    """A quarter's income is divided over the months without a value, counted for the whole
    population: a family giving October alone would change one giving the quarter. Not merged."""
    quarter = copy.deepcopy(EXAMPLES["single_mother_two_children"])
    october = copy.deepcopy(quarter)
    october["persons"]["mother"]["wage_income"] = {"2023-10": 90_000}
    keys = {batch._prepared(batch.Job(tbs, s)) for s in (quarter, october)}
    assert len(keys) == 2


def test_axes_and_persons_without_household_are_answered_alone(client):
    with_axes = copy.deepcopy(EXAMPLES["single_mother_two_children"])
    with_axes["axes"] = [[{"name": "wage_income", "count": 3, "min": 0, "max": 90_000, "period": "2023-12"}]]
    with_axes["persons"]["mother"]["wage_income"] = {"2023-10": 1, "2023-11": 1}
    alone_person = {"persons": {"a": {"age": {"2024-03": 40}, "asp_person_amount": {"2024-03": None}}}}
    situations = [with_axes, alone_person, copy.deepcopy(EXAMPLES["pensioner_living_alone"])]
    answer = _batch(client, situations).get_json()
    assert answer["results"] == [_alone(client, s) for s in situations]
    assert len(answer["results"][0]["body"]["households"]["family"]["asp_total"]["2024-03"]) == 3


@pytest.mark.parametrize(
    ("body", "status", "code"),
    [
        ({}, 400, "missing_field"),
        ({"situations": {}}, 400, "batch_not_list"),
        ({"situations": []}, 400, "batch_not_list"),
        ({"situations": [{}], "period": "2024-03"}, 400, "unknown_field"),
        ({"situations": [{}] * (batch.MAX_SITUATIONS + 1)}, 413, "too_many"),
    ],
)
def test_request_errors(client, body, status, code):
    response = client.post("/batch", json=body)
    assert response.status_code == status
    assert response.get_json()["errors"][0]["code"] == code


def test_too_many_persons(client):
    persons = {f"p{i}": {} for i in range(batch.MAX_TOTAL_PERSONS // 10 + 1)}
    response = client.post("/batch", json={"situations": [{"persons": persons}] * 10})
    assert response.status_code == 413
    assert "persons" in response.get_json()["error"]


def test_item_errors_do_not_fail_the_others(client):
    situations: list[Any] = [
        "not an object",
        {"persons": {}},
        dict(copy.deepcopy(EXAMPLES["pensioner_living_alone"]), reform_parameters=RATE_80),
        copy.deepcopy(EXAMPLES["pensioner_living_alone"]),
    ]
    answer = client.post("/batch", json={"situations": situations, "reform_parameters": RATE_80}).get_json()
    assert [r["status"] for r in answer["results"]] == [400, 400, 400, 200]
    assert answer["results"][2]["body"]["errors"][0]["code"] == "batch_reform_parameters_twice"
    assert answer["results"][3] == _alone(client, EXAMPLES["pensioner_living_alone"], changes=RATE_80)


def test_bad_query_and_method(client):
    assert client.post("/batch?reform=nope", json={"situations": [{}]}).status_code == 400
    assert client.get("/batch").status_code == 405


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large]
)
@given(situation=family(), singular=st.booleans())
def test_normalized_equals_normalize_situation(tbs, situation, singular):
    """The batch's copy-free normalisation gives what situations.normalize_situation gives."""
    from openfisca_kz_asp.situations import SituationError, normalize_situation, validate_situation  # noqa: PLC0415

    situation.pop("axes", None)  # a situation with axes is computed alone, never normalised here
    households = situation.get("households") or {}
    for data in households.values():
        if singular and data.get("applicants"):
            data["applicant"] = data.pop("applicants")[0]
    try:
        validate_situation(tbs, situation)
    except SituationError:
        return
    assert batch._normalized(tbs, situation) == normalize_situation(tbs, situation)
