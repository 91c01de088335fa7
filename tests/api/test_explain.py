"""openfisca_kz_asp.explain: the steps of the decision, with values checked by hand."""

from __future__ import annotations

import pytest

from openfisca_kz_asp.explain import explain, fmt
from openfisca_kz_asp.situations import SituationError

STEP_ORDER = [
    "family",
    "income",
    "per_capita",
    "poverty_line",
    "type",
    "amount",
    "child_supplement",
    "gsp",
    "months",
]


def steps_by_key(result: dict) -> dict[str, dict]:
    return {step["key"]: step for step in result["steps"]}


def split_family() -> dict:
    """Mother (30) and child (2) in Almaty; the father is in prison in March 2024.

    Reference quarter of March 2024: October–December 2023.
    """
    return {
        "persons": {
            "mother": {
                "age": {"2024-03": 30},
                "sex": {"ETERNITY": "female"},
                "wage_income": {"month:2023-10:3": 60000},
                "housing_assistance_income": {"month:2023-10:3": 9000},
            },
            "child": {"age": {"2024-03": 2}},
            "father": {
                "age": {"2024-03": 33},
                "wage_income": {"month:2023-10:3": 300000},
                "is_imprisoned_or_in_compulsory_treatment": {"2024-03": True},
            },
        },
        "households": {
            "h": {
                "applicants": ["mother"],
                "members": ["child", "father"],
                "region": {"2024-03": "almaty_city"},
            }
        },
    }


def test_single_mother_two_children_march_2024(tbs, example):
    result = explain(tbs, example(), period="2024-03")
    assert [step["key"] for step in result["steps"]] == STEP_ORDER
    r = result["result"]
    # Income of Oct–Dec 2023: 150,000 for the quarter; 3 members.
    # Per-capita: 150,000 / 3 / 3 = 16,666.67 a month.
    # No line published for Almaty for Q1 2024 in the parameters: national line
    # 0.7 × 43,407 = 30,384.9 → 30,385.
    # Gap 30,385 − 16,666.67 = 13,718.33 a member; × 3 = 41,155.
    # Supplement: 2 children aged 1–6 × 1.5 MRP × 3,692 = 11,076. Total 52,231.
    # March is the last month of its quarter: assigned for 1 month.
    assert r["household_size"] == 3
    assert r["asp_total_income"] == 150000
    assert r["per_capita_income"] == pytest.approx(16666.67, abs=0.01)
    assert r["poverty_line"] == 30385
    assert r["poverty_line_source"] == "national"
    assert r["asp_type"] == "unconditional"
    assert r["eligible"] is True
    assert r["asp_amount"] == 41155
    assert r["asp_child_supplement"] == 11076
    assert r["asp_total"] == 52231
    assert r["asp_assignment_months"] == 1
    assert r["persons"]["son"] == {
        "is_family_member": True,
        "is_able_bodied": False,
        "asp_person_amount": pytest.approx(13718.33, abs=0.01),
        "age": 5,
    }
    steps = steps_by_key(result)
    line = steps["poverty_line"]
    assert line["values"]["rate"] == 0.7
    assert line["values"]["subsistence_minimum"] == 43407
    by_name = {p["name"]: p for p in line["parameters"]}
    assert by_name["general.subsistence_minimum"]["value"] == 43407
    assert "2024–2026" in by_name["general.subsistence_minimum"]["reference"]["title"]
    assert by_name["asp.poverty_line.rate"]["reference"]["href"].startswith("http")
    assert "0.7 × the subsistence minimum of 43,407 KZT = 30,385 KZT" in line["text"]
    assert "150,000 KZT ÷ 3 members ÷ 3 months = 16,666.67 KZT" in steps["per_capita"]["text"]
    assert "2 × 1.5 MRP × 3,692 KZT = 11,076 KZT" in steps["child_supplement"]["text"]
    assert steps["income"]["values"]["quarter"] == {"first": "2023-10", "last": "2023-12"}
    assert "law246.a4.p1" in steps["family"]["provisions"]
    assert result["warnings"] == []


def test_member_excluded_and_income_not_counted(tbs):
    result = explain(tbs, split_family(), period="2024-03")
    r = result["result"]
    # The father (in prison) is not a member: his 300,000 is left out. Housing assistance is
    # never counted. Countable: the mother's 60,000. Size 2. Per-capita 60,000 / 2 / 3 = 10,000.
    # Gap 30,385 − 10,000 = 20,385 × 2 = 40,770. Supplement 1 × 1.5 × 3,692 = 5,538.
    assert r["household_size"] == 2
    assert r["asp_total_income"] == 60000
    assert r["per_capita_income"] == 10000
    assert r["asp_amount"] == 40770
    assert r["asp_child_supplement"] == 5538
    assert r["persons"]["father"]["is_family_member"] is False
    steps = steps_by_key(result)
    assert steps["family"]["values"]["not_counted"] == {"father": "in prison or under compulsory treatment"}
    income = steps["income"]["values"]
    assert income["by_person"] == {"mother": {"wage_income": 60000}}
    assert income["not_counted"] == {
        "mother": {"housing_assistance_income": 9000},
        "father": {"wage_income": 300000},
    }
    assert [p["name"] for p in steps["income"]["parameters"]] == [
        "asp.income.counted.housing_assistance_income"
    ]
    assert "father" in steps["income"]["text"]


@pytest.mark.parametrize(
    ("reform", "amount"),
    [
        (None, 40770),
        # Each child receives the full line 30,385; the mother 20,385: 50,770.
        ("per_child_full_line", 50770),
        # Line 0.8 × 43,407 = 34,725.6 → 34,726; gap 24,726 × 2 = 49,452.
        ("poverty_line_share:0.8", 49452),
    ],
)
def test_reforms(tbs, reform, amount):
    result = explain(tbs, split_family(), period="2024-03", reform=reform)
    assert result["reform"] == reform
    assert result["result"]["asp_amount"] == amount


def test_reform_parameter_value_shows_in_the_step(tbs):
    steps = steps_by_key(explain(tbs, split_family(), period="2024-03", reform="poverty_line_share:0.8"))
    rate = next(p for p in steps["poverty_line"]["parameters"] if p["name"] == "asp.poverty_line.rate")
    assert rate["value"] == 0.8


def test_2025_median_branch(tbs, example):
    situation = example("pensioner_living_alone")
    result = explain(tbs, situation, period="2025-05")
    # Pension 90,000 for Jan–Mar 2025, alone: per-capita 30,000. Line 0.7 × 46,228 = 32,359.6 → 32,360
    # (median unknown, 0). Amount 2,360.
    assert result["result"]["asp_amount"] == 2360
    situation["households"]["household"]["median_income"] = {"2025-05": 100000}
    result = explain(tbs, situation, period="2025-05")
    # 0.35 × 100,000 = 35,000 > 32,360: line 35,000, amount 5,000.
    assert result["result"]["poverty_line"] == 35000
    assert result["result"]["asp_amount"] == 5000
    assert "asp.poverty_line.median_rate" in [p["name"] for p in result["steps"][3]["parameters"]]


def test_2019_per_child_rule(tbs, example):
    result = explain(tbs, example("family_of_four_2019"), period="2019-05")
    # Income 150,000 for Jan–Mar 2019, 4 members: per-capita 12,500. Line 0.7 × 29,698 = 20,788.6 →
    # 20,789. Adults: 20,789 − 12,500 = 8,289 each; the student (20) and the child (12) the
    # whole line: 2 × 8,289 + 2 × 20,789 = 58,156. 2019 conditional: the contract's 6 months.
    r = result["result"]
    assert r["asp_amount"] == 58156
    assert r["persons"]["student"]["asp_person_amount"] == 20789
    assert r["asp_type"] == "conditional"
    assert r["asp_assignment_months"] == 6
    assert "student, child" in steps_by_key(result)["amount"]["text"]


def test_poverty_line_given_as_input(tbs, example):
    situation = example()
    situation["households"]["family"]["poverty_line"] = {"2024-03": 40000}
    result = explain(tbs, situation, period="2024-03")
    assert result["result"]["poverty_line_source"] == "input"
    # (40,000 − 16,666.67) × 3 = 70,000.
    assert result["result"]["asp_amount"] == pytest.approx(70000, abs=0.05)


def test_not_low_income(tbs, example):
    situation = example()
    situation["persons"]["mother"]["wage_income"] = {"month:2023-10:3": 900000}
    result = explain(tbs, situation, period="2024-03")
    # 900,000 / 3 / 3 = 100,000 ≥ 30,385.
    assert result["result"]["reason"] == "not_low_income"
    assert result["result"]["asp_amount"] == 0
    assert "not below the line" in steps_by_key(result)["poverty_line"]["text"]


@pytest.mark.parametrize(("lang", "word"), [("ru", "Черта бедности"), ("kk", "Кедейлік шегі")])
def test_languages(tbs, example, lang, word):
    result = explain(tbs, example(), period="2024-03", lang=lang)
    assert steps_by_key(result)["poverty_line"]["title"] == word
    assert "16\u00a0666,67" in steps_by_key(result)["per_capita"]["text"]
    label = next(p for p in result["steps"][3]["parameters"] if p["name"] == "general.subsistence_minimum")
    assert label["label"].startswith("Величина" if lang == "ru" else "Базалық")


@pytest.mark.parametrize(
    ("kwargs", "path"),
    [
        ({"period": "2024"}, "period"),
        ({"period": "2030-01"}, "period"),
        ({"period": "2024-03", "lang": "fr"}, "lang"),
        ({"period": "2024-03", "household": "nope"}, "household"),
        ({"period": "2024-03", "reform": "nope"}, "reform"),
    ],
)
def test_bad_arguments(tbs, example, kwargs, path):
    with pytest.raises(SituationError) as caught:
        explain(tbs, example(), **kwargs)
    assert caught.value.errors[0]["path"] == path


def test_person_alone_without_household(tbs):
    result = explain(tbs, {"persons": {"a": {"age": {"2024-03": 70}}}}, period="2024-03")
    assert result["result"]["household_size"] == 1


def test_fmt():
    assert fmt(16666.666, "en") == "16,666.67"
    assert fmt(41155, "ru") == "41\u00a0155"
    assert fmt(0.7, "kk") == "0,7"


def test_barred_family_says_why(tbs, example):
    situation = example()
    situation["households"]["family"]["commission_found_not_in_need"] = {"2024-03": True}
    result = explain(tbs, situation, period="2024-03")
    assert result["result"]["reason"] == "commission_found_not_in_need"
    assert result["result"]["asp_amount"] == 0
    text = steps_by_key(result)["type"]["text"]
    assert "No assistance: The district commission found no need" in text
    assert "unconditional" not in text.split("No assistance")[1]
