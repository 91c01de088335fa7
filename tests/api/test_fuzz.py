"""Mutation fuzz: the shipped example families with random wrong keys, periods and values.

Every mutated situation must either compute or raise ``SituationError`` (a 400 in the API):
never any other exception (a 500). Seeded and bounded (a few seconds).
"""

from __future__ import annotations

import copy
import json
import random

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from openfisca_kz_asp.api import compute
from openfisca_kz_asp.explain import explain
from openfisca_kz_asp.situation_examples import EXAMPLES
from openfisca_kz_asp.situations import SituationError

VALUES = [
    None,
    0,
    -1,
    1.5,
    1e20,
    float("nan"),
    "",
    "x",
    "2024-03",
    "1990-01-01",
    True,
    False,
    [],
    {},
    [1],
    {"a": 1},
    "female",
    "group_1",
    "astana",
    2**63,
    "ETERNITY",
    130,
    131,
    "2024",
    "2024-W01",
]
PERIODS = [
    "2024-03",
    "2024",
    "ETERNITY",
    "month:2023-10:3",
    "2017-12",
    "2026-12",
    "2027-01",
    "2024-W05",
    "x",
    "",
    "year:2023:2",
    "day:2024-03-01",
    "month:2024-03:0",
    "month:2024-03:-1",
    "1899-01",
    "9999-12",
    "2023-10",
]
ROLES = ["members", "applicants", "applicant", "member", "parents"]


def mutate(rng: random.Random, tbs, situation: dict) -> dict:
    names = sorted(tbs.variables)
    for _ in range(rng.randint(1, 4)):
        entities = situation.get(rng.choice(["persons", "households"]))
        if not isinstance(entities, dict) or not entities:
            continue
        instance_id = rng.choice(sorted(entities))
        instance = entities[instance_id]
        if not isinstance(instance, dict):
            continue
        roll = rng.random()
        value = copy.deepcopy(rng.choice(VALUES))
        if roll < 0.5:
            instance[rng.choice(names)] = {rng.choice(PERIODS): value}
        elif roll < 0.6:
            persons = sorted(situation["persons"]) if isinstance(situation.get("persons"), dict) else []
            instance[rng.choice(names + ROLES)] = rng.choice([value, ["x"], [instance_id], persons])
        elif roll < 0.7:
            entities[rng.choice(["", "z" * 200, "new", instance_id])] = value
        elif roll < 0.8:
            axis = {
                "name": rng.choice(names),
                "count": rng.choice([1, 2, 5, 0, 200, "3"]),
                "min": rng.choice(VALUES),
                "max": rng.choice(VALUES),
                "period": rng.choice(PERIODS),
            }
            situation["axes"] = [[axis]]
        elif roll < 0.9:
            situation[rng.choice(["persons", "households", "axes", "other"])] = value
        elif instance:
            instance[rng.choice(sorted(instance))] = value
    return json.loads(json.dumps(situation))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow], derandomize=True)
@given(
    seed=st.integers(0, 2**32 - 1),
    name=st.sampled_from(sorted(EXAMPLES)),
    month=st.sampled_from(["2019-05", "2024-03", "2026-12"]),
)
def test_no_input_makes_a_server_error(tbs, seed, name, month):
    situation = mutate(random.Random(seed), tbs, copy.deepcopy(EXAMPLES[name]))
    for run in (
        lambda: compute.calculate(tbs, copy.deepcopy(situation)),
        lambda: explain(tbs, copy.deepcopy(situation), period=month),
    ):
        try:
            run()
        except SituationError as error:
            assert error.errors
            assert all(e["message"] for e in error.errors)


@pytest.mark.parametrize("name", sorted(EXAMPLES))
def test_examples_are_untouched_by_the_fuzzer(name):
    assert "axes" not in EXAMPLES[name]
