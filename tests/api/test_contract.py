"""The input contract (openfisca_kz_asp.contract): one declaration per input, used everywhere.

Also the regression tests of issue 9's wrong answer 1: an input a formula can compute, given for
some members and not others, must be computed for the others (not take the variable's default).
"""

from __future__ import annotations

import copy
import json
import re
from pathlib import Path

import pytest
from openfisca_core.simulation_builder import SimulationBuilder

from openfisca_kz_asp.contract import contract_for
from openfisca_kz_asp.contract.model import ContractError, derive_input, read_yaml
from openfisca_kz_asp.contract.schema import to_openapi_30, values_schema
from openfisca_kz_asp.coverage import FIRST_MONTH, LAST_MONTH
from openfisca_kz_asp.microsim import format as microdata_format
from openfisca_kz_asp.situations import build_simulation, validate_situation

MONTH = "2024-03"


@pytest.fixture(scope="module")
def contract(tbs):
    return contract_for(tbs)


@pytest.fixture(scope="module")
def meta(app):
    return app.test_client().get("/meta").get_json()


# --- one declaration, derived -------------------------------------------------------------------


def test_every_variable_is_declared_from_the_system(tbs, contract):
    assert set(contract.inputs) == set(tbs.variables)
    age = contract["age"]
    assert (age.kind, age.entity, age.period, age.computable) == ("int", "person", "month", True)
    assert contract["region"].enum == tuple(member.name for member in tbs.variables["region"].possible_values)
    assert contract["wage_income"].spreads and contract["wage_income"].unit == "currency-KZT"
    assert contract["lives_with_family"].default is True


def test_the_age_range_is_the_same_everywhere(contract, app, meta):
    """Age was 0-130 in the API and 0-120 in the microdata and on the page (issue 9)."""
    assert (contract["age"].minimum, contract["age"].maximum) == (0, 120)
    spec = app.test_client().get("/spec").get_json()
    published = spec["components"]["schemas"]["Person"]["properties"]["age"]["additionalProperties"]
    assert (published["minimum"], published["maximum"]) == (0, 120)
    age_column = next(c for c in microdata_format.PERSON_COLUMNS if c.name == "age")
    assert (age_column.minimum, age_column.maximum, age_column.required) == (0, 120, True)
    assert (meta["inputs"]["age"]["minimum"], meta["inputs"]["age"]["maximum"]) == (0, 120)


def test_spec_publishes_the_schema_that_validates(tbs, contract, app):
    spec = app.test_client().get("/spec").get_json()
    schemas = spec["components"]["schemas"]
    for name in ("age", "wage_income", "sex", "birth_date", "has_permanent_job"):
        entity = contract[name].entity.title()
        assert schemas[entity]["properties"][name] == to_openapi_30(values_schema(contract[name]))


def test_income_kinds_come_from_the_variables_and_the_counted_parameter(tbs, contract):
    counted = list(tbs.parameters.asp.income.counted.children)
    assert contract.income_kinds == (*counted, "excluded_income")
    assert contract.income_kinds == microdata_format.INCOME_COLUMNS
    columns = {c.name: c for c in microdata_format.PERSON_COLUMNS}
    for kind in contract.income_kinds:
        assert (columns[kind].kind, columns[kind].required, columns[kind].default) == ("float", False, 0)
    assert microdata_format.WELFARE_EXCLUDED == ("excluded_income",)


def test_every_person_flag_is_an_optional_microdata_column_with_the_model_default(contract):
    columns = {c.name: c for c in microdata_format.PERSON_COLUMNS}
    flags = [item for item in contract if item.group == "flag"]
    assert flags
    for item in flags:
        assert (columns[item.name].kind, columns[item.name].default) == ("bool", item.default)


def test_every_default_satisfies_its_own_schema(contract):
    for item in contract:
        assert contract.value_problems(item.name, item.default) == [], item.name


def test_inputs_yaml_names_only_inputs_of_the_system_and_known_keys(tbs):
    assert set(read_yaml()["inputs"]) <= set(tbs.variables)
    with pytest.raises(ContractError, match="colour"):
        derive_input(tbs.variables["age"], {"colour": "red"}, {})


def test_schema_errors_keep_the_api_codes(contract):
    assert contract.value_problems("age", 121) == [("int_range", {"min": 0, "max": 120})]
    assert contract.value_problems("wage_income", float("nan"))[0][0] == "not_finite"
    assert contract.value_problems("wage_income", 10**400)[0][0] == "too_large"
    assert contract.value_problems("birth_date", "2101-01-01")[0][0] == "date_range"
    assert contract.value_problems("birth_date", "19900101")[0][0] == "expected_date"


# --- GET /meta ----------------------------------------------------------------------------------


def test_meta_gives_the_page_its_fields(meta, contract):
    assert meta["coverage"] == {
        "first_month": FIRST_MONTH,
        "last_month": LAST_MONTH,
        "window": "from January 2018 to December 2026",  # the page's help and error say it
    }
    assert meta["languages"] == ["kk", "ru", "en"]
    assert meta["number_formats"]["ru"]["decimal"] == ","
    assert meta["number_formats"]["en"]["decimal"] == "."
    assert meta["income"]["main"][0] == "wage_income"
    assert set(meta["income"]["main"] + meta["income"]["more"]) == set(contract.income_kinds)
    region = meta["inputs"]["region"]
    assert region["enum"][0] == "unknown"
    assert region["form_default"] == "almaty_city"
    assert meta["inputs"]["signs_social_contract"]["default"] is True
    assert meta["inputs"]["disability_group"]["default"] == "none"


def test_meta_labels_follow_the_language(app):
    kk = app.test_client().get("/meta?lang=kk").get_json()
    en = app.test_client().get("/meta?lang=en").get_json()
    assert kk["lang"] == "kk"
    assert kk["coverage"]["window"] == "2018 жылғы қаңтардан 2026 жылғы желтоқсанға дейін"
    assert kk["inputs"]["wage_income"]["label"] != en["inputs"]["wage_income"]["label"]
    assert "(" not in en["inputs"]["wage_income"]["label"]  # the unit is left out
    assert app.test_client().get("/meta?lang=fr").status_code == 400


PAGE = Path(microdata_format.__file__).resolve().parents[1] / "api" / "static"


def test_the_page_asks_only_inputs_of_the_contract_and_copies_none_of_their_facts(contract):
    """The page's questions are its own choice; their values, defaults and ranges are the contract's."""
    html = (PAGE / "index.html").read_text(encoding="utf-8")
    fields = re.findall(r"<(select)\b([^>]*)>(.*?)</select>", html, flags=re.S)
    fields += re.findall(r"<(input)\b([^>]*)>()", html)
    assert len(fields) > 20
    assert not re.search(r'id="month"[^>]*\b(min|max)=', html)  # the coverage window, from GET /meta
    for tag, attributes, body in fields:
        name = re.search(r'data-var="([a-z_0-9]+)"', attributes)
        if name is None:
            continue
        item = contract[name.group(1)]  # a KeyError names a field that is not an input
        assert not re.search(r"\b(checked|min|max)\b", attributes), f"{item.name}: a copy of the contract"
        if tag == "input" and 'type="checkbox"' in attributes:
            assert item.kind == "bool", item.name
        if tag == "select":
            values = [v for v in re.findall(r'<option value="([^"]*)"', body) if v]
            allowed = list(item.enum or ()) if item.kind == "enum" else ["true", "false"]
            assert set(values) <= set(allowed), item.name
    for lang in ("en", "ru", "kk"):
        strings = json.loads((PAGE / "i18n" / f"{lang}.json").read_text(encoding="utf-8"))
        for key in ("form.month_help", "err.month"):  # the window in words comes from GET /meta
            assert "{window}" in strings[key] and FIRST_MONTH[:4] not in strings[key], (lang, key)


# --- wrong answer 1: computable inputs given for some members only -------------------------------


def single_mother(mother: dict, son: dict | None = None) -> dict:
    """A mother (34) with a son of 5 and a daughter of 2; wages 150,000 in Oct-Dec 2023.

    The poverty line is given (30,000) so that the tests check the completion of inputs only.
    By hand (Law 246-II): per-capita income = 150,000 / 3 members / 3 months = 16,666.67; each
    member 30,000 - 16,666.67 = 13,333.33, rounded to the tenge 13,333 (asp.amount.rounded_to_tenge);
    ASP = 3 x 13,333 = 39,999. The mother is the only able-bodied member and cares for a
    child under 3: unconditional assistance (Art. 2 p.4 sp.2). Supplement: 2 children aged 1-6 x
    1.5 MRP x 3,692 = 11,076.
    """
    return {
        "persons": {
            "mother": {"sex": {"ETERNITY": "female"}, "wage_income": {"month:2023-10:3": 150_000}, **mother},
            "son": {"sex": {"ETERNITY": "male"}, "age": {MONTH: 5}, **(son or {})},
            "daughter": {"sex": {"ETERNITY": "female"}, "age": {MONTH: 2}},
        },
        "households": {
            "h": {
                "applicants": ["mother"],
                "members": ["son", "daughter"],
                "region": {MONTH: "almaty_city"},
                "poverty_line": {MONTH: 30_000},
                "asp_type": {MONTH: None},
                "asp_amount": {MONTH: None},
                "asp_child_supplement": {MONTH: None},
            }
        },
        "_expected": {"asp_type": "unconditional", "asp_amount": 39_999, "asp_child_supplement": 11_076},
    }


CASES = {
    "mother_by_birth_date": ({"birth_date": {"ETERNITY": "1990-01-15"}}, None, 34),
    "carer_no_for_one_child": ({"age": {MONTH: 34}}, {"is_caregiver": {MONTH: False}}, 34),
    "mother_without_age": ({}, None, 54),  # the default birth date 1970-01-01: 54 on 1 March 2024
}


def _split(case: str) -> tuple[dict, dict, int]:
    mother, son, age = CASES[case]
    situation = single_mother(mother, son)
    return situation, situation.pop("_expected"), age


def test_core_alone_gives_the_default_to_the_members_without_a_value(tbs):
    """What issue 9 saw: SimulationBuilder fills the mother's age with 0 beside her children's ages."""
    situation, _, _ = _split("mother_by_birth_date")
    simulation = SimulationBuilder().build_from_entities(tbs, copy.deepcopy(situation))
    assert simulation.calculate("age", MONTH)[0] == 0


@pytest.mark.parametrize("case", sorted(CASES))
def test_members_without_a_computable_input_get_its_computed_value_python(tbs, case):
    situation, expected, mother_age = _split(case)
    simulation, _ = build_simulation(tbs, situation)
    assert list(simulation.calculate("age", MONTH)) == [mother_age, 5, 2]
    assert list(simulation.calculate("is_caregiver", MONTH)) == [True, False, False]
    assert simulation.calculate("asp_type", MONTH).decode_to_str()[0] == expected["asp_type"]
    assert simulation.calculate("asp_amount", MONTH)[0] == pytest.approx(expected["asp_amount"], abs=0.01)
    assert simulation.calculate("asp_child_supplement", MONTH)[0] == expected["asp_child_supplement"]


@pytest.mark.parametrize("case", sorted(CASES))
def test_members_without_a_computable_input_get_its_computed_value_api(client, case):
    situation, expected, _ = _split(case)
    response = client.post("/calculate", json=situation)
    assert response.status_code == 200, response.get_data(as_text=True)
    household = response.get_json()["households"]["h"]
    assert household["asp_type"] == {MONTH: expected["asp_type"]}
    assert household["asp_amount"][MONTH] == pytest.approx(expected["asp_amount"], abs=0.01)
    assert household["asp_child_supplement"] == {MONTH: expected["asp_child_supplement"]}


def test_the_default_birth_date_warning_is_true(tbs, client):
    situation, _, _ = _split("mother_without_age")
    warnings = validate_situation(tbs, situation)
    assert any("default birth date 1970-01-01" in w for w in warnings)
    situation["persons"]["mother"]["age"] = {MONTH: None}
    answer = client.post("/calculate", json=situation).get_json()
    assert answer["persons"]["mother"]["age"] == {MONTH: 54}  # an adult of working age, not 0


def test_a_given_value_is_kept_beside_computed_ones(tbs):
    """A carer given as "No" stays "No"; the members without a value are computed."""
    situation, _, _ = _split("mother_by_birth_date")
    situation["persons"]["mother"]["is_caregiver"] = {MONTH: False}
    simulation, _ = build_simulation(tbs, situation)
    assert list(simulation.calculate("is_caregiver", MONTH)) == [False, False, False]
    assert simulation.calculate("asp_type", MONTH).decode_to_str()[0] != "unconditional"


def test_completion_with_axes(tbs):
    situation, _, _ = _split("mother_by_birth_date")
    situation["axes"] = [
        [{"name": "alimony_income", "count": 3, "min": 0, "max": 300_000, "period": "2023-12"}]
    ]
    simulation, _ = build_simulation(tbs, situation)
    assert list(simulation.calculate("age", MONTH)) == [34, 5, 2] * 3


# --- the lawyers' CSV tool checks cells with the same contract -----------------------------------


def _csv_tool():
    import importlib.util  # noqa: PLC0415
    import sys  # noqa: PLC0415
    from pathlib import Path  # noqa: PLC0415

    path = Path(__file__).resolve().parents[2] / "tools" / "csv_to_yaml_tests.py"
    spec = importlib.util.spec_from_file_location("csv_to_yaml_tests", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules["csv_to_yaml_tests"] = module
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize(
    ("sheet", "message"),
    [
        (
            "test,person,period,age,expected:asp_amount\nt,a,2024-05,121,0\n",
            "row 2, column 'age': Must be a whole number from 0 to 120 (got 121).",
        ),
        (
            "test,person,period,age,wage_income,expected:asp_amount\nt,a,2024-05,40,-5,0\n",
            "column 'wage_income': Must not be negative (got -5).",
        ),
        (
            "test,person,period,expected:asp_amount\nt,a,2027-01,0\n",
            "The rules are encoded from January 2018 to December 2026, not 2027-01.",  # as every entry point
        ),
        ("test,person,role,period,expected:asp_amount\nt,a,boss,2024-05,0\n", "use applicant or member"),
    ],
)
def test_the_csv_tool_refuses_what_the_api_refuses(tmp_path, sheet, message):
    tool = _csv_tool()
    (tmp_path / "bad.csv").write_text(sheet, encoding="utf-8")
    with pytest.raises(tool.CsvError) as error:
        tool.read_csv(tmp_path / "bad.csv", tool.Variables.load())
    assert message in str(error.value)


# --- one home for reforms -------------------------------------------------------------------------


def test_one_cache_of_reformed_systems_and_one_error_type(tbs):
    from openfisca_kz_asp import explain  # noqa: PLC0415
    from openfisca_kz_asp.reform_registry import (  # noqa: PLC0415
        UnknownReformError,
        apply_reform,
        system_with_reform,
    )

    reformed = system_with_reform(tbs, "poverty_line_share:0.8")
    assert system_with_reform(tbs, "poverty_line_share:0.80") is reformed
    assert apply_reform(tbs, "poverty_line_share:0.8") is reformed
    assert explain.system_with_reform is system_with_reform
    assert system_with_reform(tbs, None) is tbs
    with pytest.raises(UnknownReformError) as unknown:
        system_with_reform(tbs, "no_such_reform")
    assert unknown.value.code == "unknown_reform"
    with pytest.raises(UnknownReformError) as bad:
        system_with_reform(tbs, "poverty_line_share:x")
    assert (bad.value.code, bad.value.name) == ("bad_reform_value", "poverty_line_share")
