"""Property tests of the input contract on random families (hypothesis, issue 9).

Every value is drawn from the JSON Schema of its input in ``openfisca_kz_asp.contract`` (the schema
``/spec`` publishes and the API validates with), through hypothesis-jsonschema. A family gives any
mix of inputs: each member may or may not give each person input, including the inputs a formula
can compute (``age``, ``is_caregiver``). The properties:

* giving a computable input explicitly, with the value the model computes for it, never changes
  the result, whoever else gives it or not (issue 9, wrong answer 1);
* the same family gets the same answer from ``POST /calculate`` (Flask's test client) and from
  ``openfisca_kz_asp.situations.build_simulation``.

The families are SYNTHETIC: random, not drawn from any survey.
"""

from __future__ import annotations

import copy
from functools import cache
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from openfisca_kz_asp import CountryTaxBenefitSystem
from openfisca_kz_asp.contract import contract_for
from openfisca_kz_asp.situations import build_simulation

hypothesis_jsonschema = pytest.importorskip("hypothesis_jsonschema")

OUTPUTS = ("asp_type", "asp_amount", "asp_child_supplement", "household_size", "per_capita_income")
COMPUTABLE = ("age", "is_caregiver")  # person inputs a formula computes when they are not given
MAX_TEST_INCOME = 600_000  # KZT a month: narrows the schema's bound so that some families qualify
SETTINGS = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@cache
def _system() -> CountryTaxBenefitSystem:
    return CountryTaxBenefitSystem()


@cache
def _client() -> Any:
    from openfisca_kz_asp.api import create_app  # noqa: PLC0415

    app = create_app(_system())
    app.config["TESTING"] = True
    return app.test_client()


def _values(name: str, **narrow: Any) -> st.SearchStrategy:
    """Values of input ``name`` drawn from its JSON Schema in the contract (optionally narrowed)."""
    schema = {k: v for k, v in contract_for(_system()).value_schema(name).items() if not k.startswith("x-")}
    if narrow:
        schema = {k: v for k, v in schema.items() if k not in ("exclusiveMaximum", "maximum")} | narrow
    return hypothesis_jsonschema.from_schema(schema)


def _person_inputs() -> dict[str, st.SearchStrategy]:
    contract = contract_for(_system())
    strategies: dict[str, st.SearchStrategy] = {}
    for item in contract:
        if item.entity != "person" or (item.computable and item.name not in COMPUTABLE):
            continue
        if item.is_income:
            strategies[item.name] = _values(item.name, maximum=MAX_TEST_INCOME)
        elif item.kind in ("bool", "enum", "int", "date"):
            strategies[item.name] = _values(item.name)
    return strategies


@st.composite
def families(draw: st.DrawFn) -> tuple[dict[str, Any], str]:
    """A valid situation (one household, 1 to 5 members, any mix of inputs) and its month."""
    contract = contract_for(_system())
    year = draw(st.integers(2019, 2026))
    month = f"{year}-{draw(st.integers(1, 12)):02d}"
    quarter_start = {1: f"{year - 1}-10", 4: f"{year}-01", 7: f"{year}-04", 10: f"{year}-07"}
    quarter = f"month:{quarter_start[(int(month[5:]) - 1) // 3 * 3 + 1]}:3"
    strategies = _person_inputs()
    persons: dict[str, Any] = {}
    for number in range(draw(st.integers(1, 5))):
        names = draw(st.lists(st.sampled_from(sorted(strategies)), max_size=6, unique=True))
        person: dict[str, Any] = {}
        for name in names:
            item = contract[name]
            period = {"eternity": "ETERNITY", "month": quarter if item.spreads else month}[item.period]
            person[name] = {period: draw(strategies[name])}
        persons[f"p{number}"] = person
    ids = list(persons)
    household: dict[str, Any] = {"applicants": ids[:1], "members": ids[1:]}
    household["region"] = {month: draw(_values("region"))}
    for name in ("has_non_mortgage_loan", "signs_social_contract"):
        if draw(st.booleans()):
            household[name] = {month: draw(_values(name))}
    household.update({name: {month: None} for name in OUTPUTS})
    return {"persons": persons, "households": {"h": household}}, month


def _answers(situation: dict[str, Any], month: str) -> dict[str, Any]:
    simulation, _ = build_simulation(_system(), copy.deepcopy(situation))
    answer = {}
    for name in OUTPUTS:
        values = simulation.calculate(name, month)
        answer[name] = values.decode_to_str()[0] if hasattr(values, "decode_to_str") else float(values[0])
    for name in COMPUTABLE:
        answer[name] = [v.item() for v in simulation.calculate(name, month)]
    return answer


@SETTINGS
@given(family=families(), data=st.data())
def test_giving_a_computable_input_its_computed_value_changes_nothing(family, data):
    situation, month = family
    before = _answers(situation, month)
    explicit = copy.deepcopy(situation)
    ids = list(explicit["persons"])
    for name in COMPUTABLE:
        chosen = data.draw(st.lists(st.sampled_from(ids), unique=True), label=f"persons given {name}")
        for pid in chosen:
            explicit["persons"][pid][name] = {month: before[name][ids.index(pid)]}
    assert _answers(explicit, month) == before


@SETTINGS
@given(family=families())
def test_calculate_and_build_simulation_give_the_same_answer(family):
    situation, month = family
    expected = _answers(situation, month)
    response = _client().post("/calculate", json=copy.deepcopy(situation))
    assert response.status_code == 200, response.get_data(as_text=True)
    household = response.get_json()["households"]["h"]
    for name in OUTPUTS:
        got = household[name][month]
        if isinstance(got, str):
            assert got == expected[name], name
        else:
            assert got == pytest.approx(expected[name], rel=1e-6, abs=0.01), name
