"""A woman given only a whole-year age where the half year of her pension age decides is warned about.

Law 105-V Art. 11 p.1: 58.5 in 2018, so a woman of 58 in June 2018 may or may not have reached it
(variable ``pension_age_uncertain``); ``calculate``, the API and ``/explain`` say so and ask for the
date of birth.
"""

from __future__ import annotations

import copy
import json

import pytest

from openfisca_kz_asp.situations import build_simulation


def grandmother(**inputs) -> dict:
    person = {"sex": {"ETERNITY": "female"}, **inputs}
    return {
        "persons": {"gran": person, "kid": {"age": {"2018-06": 10}}},
        "households": {"h": {"applicants": ["gran"], "members": ["kid"], "asp_amount": {"2018-06": None}}},
    }


@pytest.mark.parametrize(
    ("lang", "words"),
    [("en", "58.5 years in 2018"), ("ru", "58,5 лет в 2018 году"), ("kk", "2018 жылы 58,5 жас")],
)
def test_whole_year_age_at_a_half_year_threshold_is_warned(tbs, lang, words):
    _, warnings = build_simulation(tbs, grandmother(age={"2018-06": 58}), lang=lang)
    flagged = [w for w in warnings if w.startswith("persons/gran:") and "birth_date" in w]
    assert len(flagged) == 1
    assert words in flagged[0]


@pytest.mark.parametrize(
    "inputs",
    [
        {"birth_date": {"ETERNITY": "1960-03-10"}},  # exact age
        {"age_in_months": {"2018-06": 699}},  # months given
        {"age": {"2018-06": 59}},  # 59 ≥ 58.5 whatever the months
        {"age": {"2018-06": 57}},  # 57 years 11 months at most, < 58 of 2017 and 58.5 of 2018
    ],
)
def test_no_warning_when_the_months_do_not_matter_or_are_known(tbs, inputs):
    _, warnings = build_simulation(tbs, grandmother(**inputs))
    assert not [w for w in warnings if "pension age" in w]


def test_a_man_of_62_is_not_warned(tbs):
    situation = grandmother(age={"2018-06": 62})
    situation["persons"]["gran"]["sex"] = {"ETERNITY": "male"}
    _, warnings = build_simulation(tbs, situation)
    assert not [w for w in warnings if "pension age" in w]


def test_the_warning_does_not_change_the_simulation_returned(tbs):
    simulation, _ = build_simulation(tbs, grandmother(age={"2018-06": 58}))
    # The rule ran on a copy: nothing of the pension age is cached in the simulation returned.
    assert simulation.get_holder("pension_age_uncertain").get_known_periods() == []


def test_api_calculate_and_explain_carry_the_warning(client):
    body = grandmother(age={"2018-06": 58})
    for path, payload in (
        ("/calculate", copy.deepcopy(body)),
        ("/explain", {"situation": copy.deepcopy(body), "period": "2018-06"}),
    ):
        response = client.post(path, data=json.dumps(payload), content_type="application/json")
        assert response.status_code == 200, response.get_json()
        warnings = response.get_json().get("warnings") or []
        assert any(w.startswith("persons/gran:") and "birth_date" in w for w in warnings), (path, warnings)
