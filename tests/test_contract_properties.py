"""Property tests of the input contract on random families (hypothesis, issue 9).

Every value is drawn from the JSON Schema of its input in ``openfisca_kz_asp.contract`` (the schema
``/spec`` publishes and the API validates with), through hypothesis-jsonschema. A family gives any
mix of inputs: each member may or may not give each person input, including the inputs a formula
can compute (``age``, ``is_caregiver``). The properties:

* giving a computable input explicitly, with the value the model computes for it, never changes
  the result, whoever else gives it or not (issue 9, wrong answer 1);
* the same family gets the same answer from ``POST /calculate`` (Flask's test client) and from
  ``openfisca_kz_asp.situations.build_simulation``;
* the same family gets the same type of assistance, amount and child supplement from the three
  entry points (issue 9): ``POST /calculate``, the ``calculate`` command (the family written to a
  situation JSON file) and ``simulate`` (the family as a one-household microdata table through
  ``openfisca_kz_asp.microsim.simulate``). Those families give only what a microdata table can
  carry: the inputs the contract makes microdata columns, and ``age`` (a member without one gets
  the age the model computes, which by the first property changes nothing).

The families are SYNTHETIC: random, not drawn from any survey.
"""

from __future__ import annotations

import contextlib
import copy
import io
import json
import tempfile
from collections.abc import Iterable
from functools import cache
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from openfisca_kz_asp import CountryTaxBenefitSystem
from openfisca_kz_asp.cli import main
from openfisca_kz_asp.contract import contract_for
from openfisca_kz_asp.microsim import simulate, validate_frames
from openfisca_kz_asp.microsim.format import INCOME_COLUMNS
from openfisca_kz_asp.situations import build_simulation

hypothesis_jsonschema = pytest.importorskip("hypothesis_jsonschema")

OUTPUTS = ("asp_type", "asp_amount", "asp_child_supplement", "household_size", "per_capita_income")
COMPUTABLE = ("age", "is_caregiver")  # person inputs a formula computes when they are not given
MAX_TEST_INCOME = 600_000  # KZT a month: narrows the schema's bound so that some families qualify
SETTINGS = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
THREE_WAY = settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
HOUSEHOLD_INPUTS = ("has_non_mortgage_loan", "signs_social_contract")


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


def _person_inputs(only: Iterable[str] | None = None, income_step: int | None = None) -> dict[str, Any]:
    """A strategy for each person input a family may give (``only``: these alone)."""
    contract = contract_for(_system())
    kept = set(only) if only is not None else None
    strategies: dict[str, st.SearchStrategy] = {}
    for item in contract:
        if item.entity != "person" or (item.computable and item.name not in COMPUTABLE):
            continue
        if kept is not None and item.name not in kept:
            continue
        if item.is_income:
            step = {"multipleOf": income_step} if income_step else {}
            strategies[item.name] = _values(item.name, maximum=MAX_TEST_INCOME, **step)
        elif item.name == "age":  # the whole range, or a child (the supplement is for ages 1 to 6)
            strategies[item.name] = st.one_of(_values(item.name), _values(item.name, maximum=17))
        elif item.kind in ("bool", "enum", "int", "date"):
            strategies[item.name] = _values(item.name)
    return strategies


def _microdata_inputs() -> tuple[set[str], tuple[str, ...]]:
    """What a microdata table carries: the person and household inputs that are its columns."""
    contract = contract_for(_system())
    persons = {item.name for item in contract.microdata_inputs("person")} | {"age"}
    households = tuple(item.name for item in contract.microdata_inputs("household") if item.name != "region")
    return persons, households


@st.composite
def families(
    draw: st.DrawFn,
    person_inputs: Iterable[str] | None = None,
    household_inputs: Iterable[str] = HOUSEHOLD_INPUTS,
    income_step: int | None = None,
) -> tuple[dict[str, Any], str]:
    """A valid situation (one household, 1 to 5 members, any mix of inputs) and its month.

    ``person_inputs`` and ``household_inputs`` limit what the family may give; ``income_step``
    draws quarterly incomes in whole multiples (3: whole tenge a month, the same in float32 whether
    the quarter is divided by OpenFisca or the month given).
    """
    contract = contract_for(_system())
    year = draw(st.integers(2019, 2026))
    month = f"{year}-{draw(st.integers(1, 12)):02d}"
    quarter_start = {1: f"{year - 1}-10", 4: f"{year}-01", 7: f"{year}-04", 10: f"{year}-07"}
    quarter = f"month:{quarter_start[(int(month[5:]) - 1) // 3 * 3 + 1]}:3"
    strategies = _person_inputs(person_inputs, income_step)
    persons: dict[str, Any] = {}
    for number in range(draw(st.integers(1, 5))):
        names = draw(st.lists(st.sampled_from(sorted(strategies)), max_size=6, unique=True))
        if "age" in strategies and "age" not in names and draw(st.booleans()):
            names.append("age")  # half the members give an age: children, the old, for the supplement
        person: dict[str, Any] = {}
        for name in names:
            item = contract[name]
            period = {"eternity": "ETERNITY", "month": quarter if item.spreads else month}[item.period]
            person[name] = {period: draw(strategies[name])}
        persons[f"p{number}"] = person
    ids = list(persons)
    household: dict[str, Any] = {"applicants": ids[:1], "members": ids[1:]}
    household["region"] = {month: draw(_values("region"))}
    for name in household_inputs:
        if draw(st.booleans()):
            narrow = {"maximum": MAX_TEST_INCOME} if contract[name].kind == "float" else {}
            household[name] = {month: draw(_values(name, **narrow))}
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


# --- the three entry points: /calculate, the calculate command, simulate ---------------------------

MICRODATA_PERSON_INPUTS, MICRODATA_HOUSEHOLD_INPUTS = _microdata_inputs()


def _by_api(situation: dict[str, Any], month: str) -> tuple[dict[str, Any], list[int]]:
    """POST /calculate: the household's outputs, and each member's age (as given or computed)."""
    asked = copy.deepcopy(situation)
    for person in asked["persons"].values():
        person.setdefault("age", {month: None})
    response = _client().post("/calculate", json=asked)
    assert response.status_code == 200, response.get_data(as_text=True)
    body = response.get_json()
    ages = [int(person["age"][month]) for person in body["persons"].values()]
    return body["households"]["h"], ages


def _by_command(situation: dict[str, Any], month: str) -> dict[str, Any]:
    """``openfisca-kz-asp calculate FILE --period MONTH --json`` on the family written to a file."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "family.json"
        path.write_text(json.dumps(situation), encoding="utf-8")
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            code = main(["calculate", str(path), "--period", month, "--json"])
    assert code == 0
    return json.loads(out.getvalue())["result"]


def _microdata(situation: dict[str, Any], month: str, ages: list[int]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The family as a one-household microdata table (monthly incomes: the quarter's total / 3)."""
    contract = contract_for(_system())
    household = situation["households"]["h"]
    households = {"household_id": [1], "household_weight": [1.0], "region": [household["region"][month]]}
    for name in MICRODATA_HOUSEHOLD_INPUTS:
        if name in household:
            households[name] = [household[name][month]]
    rows = []
    for number, (person, age) in enumerate(zip(situation["persons"].values(), ages, strict=True)):
        row: dict[str, Any] = {"person_id": number + 1, "household_id": 1, "age": age}
        row["sex"] = contract["sex"].default  # the model's default, unless given
        row.update({name: 0.0 for name in INCOME_COLUMNS})
        for name, values in person.items():
            value = next(iter(values.values()))
            if name in INCOME_COLUMNS:
                row[name] = value / 3  # the reference quarter's total, a month
            elif name != "age":
                row[name] = value
        rows.append(row)  # the first member is the applicant, in the table as in the situation
    return pd.DataFrame(households), pd.DataFrame(rows)


def _by_microsimulation(situation: dict[str, Any], month: str, ages: list[int]) -> dict[str, Any]:
    """``simulate`` on the one-household table (weight 1, incomes as given: not uprated)."""
    households, persons = _microdata(situation, month, ages)
    results = simulate(validate_frames(households, persons), period=month, uprate=False, replicates=0)
    row = results.tables["summary"].set_index("scenario").loc["baseline"]
    supplement = row["child_supplement_annual_full_entitlement"] / 12  # one month, weight 1
    kinds = {
        "unconditional": row["unconditional_households_full_entitlement"],
        "conditional": row["conditional_households_full_entitlement"],
    }
    kind = next((name for name, count in kinds.items() if count == 1), "none")
    assert sum(kinds.values()) == row["recipient_households_full_entitlement"] <= 1
    return {
        "asp_type": kind,
        "asp_amount": row["cost_monthly_mean_full_entitlement"] - supplement,
        "asp_child_supplement": supplement,
    }


@pytest.mark.slow
@THREE_WAY
@given(
    family=families(
        person_inputs=MICRODATA_PERSON_INPUTS,
        household_inputs=MICRODATA_HOUSEHOLD_INPUTS,
        income_step=3,
    )
)
def test_calculate_the_command_and_simulate_give_the_same_amount(family):
    situation, month = family
    api, ages = _by_api(situation, month)
    command = _by_command(situation, month)
    microsim = _by_microsimulation(situation, month, ages)
    for name in ("asp_type", "asp_amount", "asp_child_supplement"):
        expected = api[name][month]
        for entry_point, answer in (("calculate", command), ("simulate", microsim)):
            if isinstance(expected, str):
                assert answer[name] == expected, (entry_point, name)
            else:
                assert answer[name] == pytest.approx(expected, abs=0.01), (entry_point, name)
