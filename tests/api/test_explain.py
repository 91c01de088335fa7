"""openfisca_kz_asp.explain: the steps of the decision, derived from the computation, checked by hand.

Where the poverty line is not what a test is about, the family gives it (``poverty_line`` as an
input), so that the test checks one rule and stays true when the estimate of a region's
subsistence minimum is revised.
"""

from __future__ import annotations

import json
import re

import pytest

from openfisca_kz_asp.explain import STEPS, explain, fmt
from openfisca_kz_asp.situation_examples import EXAMPLES
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


def ids(step: dict) -> list[str]:
    return [provision["id"] for provision in step["provisions"]]


def with_line(situation: dict, month: str, line: float) -> dict:
    household = next(iter(situation["households"].values()))
    household["poverty_line"] = {month: line}
    return situation


def split_family() -> dict:
    """Mother (30) and child (2) in Almaty; the father is in prison in March 2024; line given: 30,385.

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
                "poverty_line": {"2024-03": 30385},
            }
        },
    }


def single_mother() -> dict:
    """The example's single mother with wages of 150,003 for October–December 2023 (whole per-capita)."""
    situation = with_line(json.loads(json.dumps(EXAMPLES["single_mother_two_children"])), "2024-03", 30385)
    situation["persons"]["mother"]["wage_income"] = {"month:2023-10:3": 150003}
    return situation


def test_single_mother_two_children_march_2024(tbs):
    result = explain(tbs, single_mother(), period="2024-03")
    assert [step["key"] for step in result["steps"]] == STEP_ORDER
    r = result["result"]
    # Income of Oct–Dec 2023: 150,003 for the quarter; 3 members.
    # Per-capita: 150,003 / 3 / 3 = 16,667 a month. Line given: 30,385.
    # Gap 30,385 − 16,667 = 13,718 a member (a whole number, so rounding to the tenge changes
    # nothing); × 3 = 41,154. Supplement: 2 children aged 1–6 × 1.5 MRP × 3,692 = 11,076. Total 52,230.
    # March is the last month of its quarter: assigned for 1 month.
    assert r["household_size"] == 3
    assert r["asp_total_income"] == 150003
    assert r["per_capita_income"] == 16667
    assert r["poverty_line"] == 30385
    assert r["poverty_line_basis"] == "input"
    assert r["asp_type"] == "unconditional"
    assert r["eligible"] is True
    assert r["asp_amount"] == 41154
    assert r["asp_child_supplement"] == 11076
    assert r["asp_total"] == 52230
    assert r["asp_assignment_months"] == 1
    assert r["persons"]["son"] == {
        "is_family_member": True,
        "is_able_bodied": False,
        "asp_person_amount": 13718,
        "age": 5,
    }
    steps = steps_by_key(result)
    assert "150,003 KZT ÷ 3 members ÷ 3 months = 16,667 KZT" in steps["per_capita"]["text"]
    assert "30,385 − 16,667 = 13,718 KZT a month; for 3 members: 41,154 KZT" in steps["amount"]["text"]
    assert steps["amount"]["values"]["asp_income_gap"] == 13718
    assert "2 children aged 1 to 6: 2 × 1.5 MRP × 3,692 KZT = 11,076 KZT" in steps["child_supplement"]["text"]
    assert steps["child_supplement"]["values"]["nb_children_for_supplement"] == 2
    assert steps["income"]["values"]["quarter"] == {"first": "2023-10", "last": "2023-12"}
    assert steps["months"]["text"] == "Assigned for 1 month, from 2024-03 to the end of its quarter."
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
    family = steps["family"]["values"]
    assert family["family_exclusion_reason"]["father"] == "deprivation_of_liberty_or_compulsory_treatment"
    assert family["not_counted"] == {
        "father": "in a place of deprivation of liberty or under compulsory treatment"
    }
    income = steps["income"]["values"]
    assert income["by_person"] == {"mother": {"wage_income": 60000}}
    assert income["not_counted"] == {
        "mother": {"housing_assistance_income": 9000},
        "father": {"wage_income": 300000},
    }
    # Of the income rules, the step shows the one that left out an income of the family.
    assert [p["name"] for p in steps["income"]["parameters"]] == [
        "asp.income.counted.housing_assistance_income"
    ]
    assert steps["income"]["parameters"][0]["value"] is False
    assert "father" in steps["income"]["text"]


def test_every_step_explains_variables_of_the_system(tbs):
    for step in STEPS:
        assert [name for name in step.variables if name not in tbs.variables] == [], step.key


def test_values_are_the_variables_values(tbs):
    """Each step's values hold the value of every variable it declares, as the simulation computed it."""
    result = explain(tbs, split_family(), period="2024-03")
    for step in result["steps"]:
        declared = next(s for s in STEPS if s.key == step["key"]).variables
        assert set(declared) <= set(step["values"]), step["key"]
    steps = steps_by_key(result)
    assert steps["per_capita"]["values"]["per_capita_income"] == 10000
    assert steps["type"]["values"]["asp_type"] == "unconditional"


def test_parameters_are_those_the_formulas_read(tbs):
    steps = steps_by_key(explain(tbs, split_family(), period="2024-03"))
    names = {step: [p["name"] for p in steps[step]["parameters"]] for step in steps}
    # The child supplement's formula reads 1.5 MRP and the MRP of 2024 (3,692); its children's ages 1 to 6.
    assert names["child_supplement"] == [
        "asp.child_supplement.age_from",
        "asp.child_supplement.age_to",
        "asp.child_supplement.amount_mrp",
        "general.mrp",
    ]
    mrp = next(p for p in steps["child_supplement"]["parameters"] if p["name"] == "general.mrp")
    assert (
        mrp["value"] == 3692 and mrp["since"] == "2024-01-01" and mrp["reference"]["href"].startswith("http")
    )
    # The type step: the able-bodied age (16) and the carer's child age (under 3) are read.
    assert "asp.eligibility.able_bodied_min_age" in names["type"]
    assert "asp.eligibility.caregiver_child_max_age" in names["type"]
    # A line given as input reads no parameter of the poverty-line rules.
    assert [name for name in names["poverty_line"] if name.startswith("asp.poverty_line.")] == []


@pytest.mark.parametrize(
    ("reform", "amount"),
    [
        (None, 40770),
        # Each child receives the full line 30,385; the mother 20,385: 50,770.
        ("per_child_full_line", 50770),
    ],
)
def test_reforms(tbs, reform, amount):
    result = explain(tbs, split_family(), period="2024-03", reform=reform)
    assert result["reform"] == reform
    assert result["result"]["asp_amount"] == amount


def astana_alone(month: str = "2026-01") -> dict:
    """A pensioner alone in Astana, 100,000 of pension in October–December 2025."""
    return {
        "persons": {"a": {"age": {month: 70}, "pension_income": {"month:2025-10:3": 100000}}},
        "households": {"h": {"applicants": ["a"], "region": {month: "astana"}}},
    }


def test_poverty_line_from_the_regional_minimum_with_its_sources(tbs):
    result = explain(tbs, astana_alone(), period="2026-01")
    step = steps_by_key(result)["poverty_line"]
    # Astana's minimum for October, November and December 2025, each published (parameters
    # general.subsistence_minimum_statistical.monthly.astana): 66,605, 60,551 and 60,922.
    # Quarter: (66,605 + 60,551 + 60,922) / 3 = 188,078 / 3 = 62,692.67. Line (Order 160 as amended
    # by Order 473: 70% of the minimum; no median income given): 0.7 × 62,692.67 = 43,884.87 → 43,885.
    assert result["result"]["poverty_line_basis"] == "regional_minimum"
    assert result["result"]["poverty_line"] == 43885
    assert step["values"]["subsistence_minimum"] == pytest.approx(62692.67, abs=0.01)
    assert step["values"]["estimate"] is False
    assert (
        "0.7 × the subsistence minimum of Astana for Q4 2025 (62,692.67 KZT per person a month) = 43,885 KZT"
        in step["text"]
    )
    assert "published for the region" in step["text"]
    assert "no median income was given" in step["text"]
    sources = [
        p for p in step["parameters"] if p["name"] == "general.subsistence_minimum_statistical.monthly.astana"
    ]
    assert [(p["since"], p["value"]) for p in sources] == [
        ("2025-10-01", 66605),
        ("2025-11-01", 60551),
        ("2025-12-01", 60922),
    ]
    assert all(p["reference"]["href"].startswith("http") for p in sources)
    # The sources in English, derived from each value (openfisca_kz_asp.reference_titles).
    source = "Source: Subsistence minimum (Bureau of National Statistics), Astana, October 2025: 66,605 KZT"
    assert source in step["text"]
    assert "order160.p1" in ids(step)


def test_reform_parameter_value_shows_in_the_step(tbs):
    result = explain(tbs, astana_alone(), period="2026-01", reform="poverty_line_share:0.8")
    step = steps_by_key(result)["poverty_line"]
    rate = next(p for p in step["parameters"] if p["name"] == "asp.poverty_line.rate")
    # 0.8 × 62,692.67 = 50,154.13 → 50,154.
    assert rate["value"] == 0.8
    assert result["result"]["poverty_line"] == 50154
    assert "0.8 × the subsistence minimum" in step["text"]


def test_an_estimated_line_says_it_is_an_estimate(tbs, example):
    result = explain(tbs, example(), period="2024-03")
    step = steps_by_key(result)["poverty_line"]
    values = step["values"]
    # No minimum published for Almaty in October–December 2023: the minimum is estimated.
    assert result["result"]["poverty_line_basis"] == "estimated"
    assert values["estimate"] is True
    assert "is an estimate" in step["text"] and "give it as an input" in step["text"]
    assert "estimated for this region and quarter" in values["source"]["title"]
    # The line shown is the rule applied to the minimum shown: 0.7 × minimum, rounded half up.
    assert values["line"] == int(0.7 * values["subsistence_minimum"] + 0.5)
    assert values["line"] == result["result"]["poverty_line"]


@pytest.mark.parametrize(("lang", "word"), [("en", "estimate"), ("ru", "оценка"), ("kk", "бағалау")])
def test_the_estimate_is_said_in_each_language(tbs, example, lang, word):
    step = steps_by_key(explain(tbs, example(), period="2024-03", lang=lang))["poverty_line"]
    assert word in step["text"]


def test_2025_median_branch(tbs, example):
    situation = with_line(example("pensioner_living_alone"), "2025-05", 32360)
    result = explain(tbs, situation, period="2025-05")
    # Pension 90,000 for Jan–Mar 2025, alone: per-capita 30,000. Line given: 32,360. Amount 2,360.
    assert result["result"]["asp_amount"] == 2360
    situation = example("pensioner_living_alone")
    situation["households"]["household"]["median_income"] = {"2025-05": 100000}
    result = explain(tbs, situation, period="2025-05")
    step = steps_by_key(result)["poverty_line"]
    # 0.35 × 100,000 = 35,000, above 70% of Kostanay's estimated minimum for Q1 2025 (34,346 in the
    # step): the line is 35,000 and the amount 5,000.
    assert step["values"]["line_by_minimum"] < 35000
    assert result["result"]["poverty_line"] == 35000
    assert result["result"]["asp_amount"] == 5000
    assert "0.35 × the regional median income (100,000 KZT) = 35,000 KZT: 35,000 KZT" in step["text"]
    assert "the regional median income you gave" in step["text"]
    assert "given as an input" not in step["text"]
    assert "asp.poverty_line.median_rate" in [p["name"] for p in step["parameters"]]


def test_the_2019_national_line(tbs, example):
    result = explain(tbs, example("family_of_four_2019"), period="2019-05")
    # April–September 2019: one national line, 20,789 (70% of 29,698 = 20,788.6 → 20,789).
    # Income 150,000 for Jan–Mar 2019, 4 members: per-capita 12,500. Adults: 20,789 − 12,500 = 8,289
    # each; the student (20) and the child (12) the whole line: 2 × 8,289 + 2 × 20,789 = 58,156.
    # 2019 conditional: the contract's 6 months.
    r = result["result"]
    assert r["poverty_line_basis"] == "national_2019"
    assert r["asp_amount"] == 58156
    assert r["persons"]["student"]["asp_person_amount"] == 20789
    assert r["asp_type"] == "conditional"
    assert r["asp_assignment_months"] == 6
    steps = steps_by_key(result)
    assert "student, child" in steps["amount"]["text"]
    assert "one poverty line applied in every region: 20,789 KZT" in steps["poverty_line"]["text"]
    line_rules = [
        p["name"] for p in steps["poverty_line"]["parameters"] if p["name"].startswith("asp.poverty_line.")
    ]
    assert line_rules == ["asp.poverty_line.national_single_line"]
    # Before 2020 there was no guaranteed social package, before 2023 no child supplement.
    assert steps["gsp"]["text"] == "The guaranteed social package exists from January 2020."
    assert steps["child_supplement"]["text"] == "The child supplement is paid from January 2023."
    assert "asp.amount.child_rule_2019" in ids(steps["amount"])


def test_a_published_line_and_its_source(tbs):
    situation = {
        "persons": {"a": {"age": {"2024-02": 70}}},
        "households": {"h": {"applicants": ["a"], "region": {"2024-02": "karaganda"}}},
    }
    result = explain(tbs, situation, period="2024-02")
    step = steps_by_key(result)["poverty_line"]
    # Karaganda, Q1 2024: 32,144 (70% of 45,920) reported by the press (parameters
    # asp.poverty_line.published.karaganda, low confidence).
    assert result["result"]["poverty_line_basis"] == "published"
    assert result["result"]["poverty_line"] == 32144
    published = [p for p in step["parameters"] if p["name"].startswith("asp.poverty_line.published.")]
    assert [(p["name"], p["value"]) for p in published] == [("asp.poverty_line.published.karaganda", 32144)]
    assert published[0]["confidence"] == "low"
    assert "достоверность" not in json.dumps(result, ensure_ascii=False)


def test_poverty_line_given_as_input(tbs):
    result = explain(tbs, with_line(single_mother(), "2024-03", 40000), period="2024-03")
    assert result["result"]["poverty_line_basis"] == "input"
    # (40,000 − 16,667) × 3 = 23,333 × 3 = 69,999.
    assert result["result"]["asp_amount"] == 69999
    assert "given as an input: 40,000 KZT" in steps_by_key(result)["poverty_line"]["text"]


def test_not_low_income(tbs, example):
    situation = with_line(example(), "2024-03", 30385)
    situation["persons"]["mother"]["wage_income"] = {"month:2023-10:3": 900000}
    result = explain(tbs, situation, period="2024-03")
    # 900,000 / 3 / 3 = 100,000 > 30,385: from July 2023 the Code refuses income that EXCEEDS the line.
    assert result["result"]["reason"] == "not_low_income"
    assert result["result"]["reason_label"] == "Per-capita income exceeds the poverty line"
    assert result["result"]["asp_amount"] == 0
    steps = steps_by_key(result)
    assert "(100,000 KZT) exceeds the poverty line (30,385 KZT)" in steps["poverty_line"]["text"]
    assert "No assistance: Per-capita income exceeds the poverty line." in steps["type"]["text"]
    # From 1 July 2023 the ground is the Social Code's Art. 128 sp.1, not the repealed Law.
    assert result["result"]["provision"]["id"] == "code224.a128.sp1"
    assert result["result"]["provision"]["title"] == "Social Code, Art. 128 sp.1"


def alone_at_70(month: str, quarter: str, pension: float, line: float) -> dict:
    """A woman of 70 living alone with a pension in the reference quarter, and the line given."""
    return {
        "persons": {
            "w": {"age": {month: 70}, "sex": {"ETERNITY": "female"}, "pension_income": {quarter: pension}}
        },
        "households": {"h": {"applicants": ["w"], "poverty_line": {month: line}}},
    }


@pytest.mark.parametrize(
    ("month", "lang", "sentence", "reason"),
    [
        # Law 246-II Art. 1 sp.5-2 (to 30 June 2023): low-income means BELOW the line; 90,000 / 3 =
        # 30,000 is not below 30,000, so the family is refused.
        (
            "2023-06",
            "en",
            "(30,000 KZT) is not below the poverty line (30,000 KZT)",
            "Per-capita income is not below the poverty line",
        ),
        (
            "2023-06",
            "ru",
            "(30\u00a0000 тенге) не ниже черты бедности (30\u00a0000 тенге)",
            "Среднедушевой доход не ниже черты бедности",
        ),
        # Social Code Art. 128 sp.1 (from 1 July 2023): only income EXCEEDING the line is refused;
        # 30,000 does not exceed 30,000, so the family is not refused (amount 30,000 − 30,000 = 0).
        (
            "2023-07",
            "en",
            "(30,000 KZT) does not exceed the poverty line (30,000 KZT)",
            "Eligible",
        ),
        (
            "2023-07",
            "kk",
            "(30\u00a0000 теңге) кедейлік шегінен (30\u00a0000 теңге) аспайды",
            "Құқығы бар",
        ),
    ],
)
def test_income_at_the_line_worded_by_the_rule_of_the_month(tbs, month, lang, sentence, reason):
    quarter = {"2023-06": "month:2023-01:3", "2023-07": "month:2023-04:3"}[month]  # the reference quarter
    result = explain(tbs, alone_at_70(month, quarter, 90000, 30000), period=month, lang=lang)
    assert sentence in steps_by_key(result)["poverty_line"]["text"]
    assert result["result"]["reason_label"] == reason
    assert result["result"]["asp_amount"] == 0


@pytest.mark.parametrize(
    ("lang", "sentence"),
    [
        (
            "en",
            "Assigned for 14 months: 2 months from 2020-05 to the end of its quarter, then 12 months of "
            "automatic prolongation without re-application",
        ),
        (
            "ru",
            "Назначается на 14 месяцев: 2 месяца с 2020-05 до конца квартала, затем 12 месяцев "
            "автоматического продления без повторного обращения",
        ),
        (
            "kk",
            "14 айға тағайындалады: 2020-05 айынан тоқсанның соңына дейін 2 ай, одан кейін қайта "
            "өтінішсіз автоматты ұзарту бойынша 12 ай",
        ),
    ],
)
def test_months_say_the_automatic_prolongation(tbs, lang, sentence):
    # Application in May 2020: May–June (2 months of the quarter), then Q3 and Q4 2020, Q1 and Q2 2021
    # prolonged without re-application (4 × 3 = 12): 14 months, to June 2021 (legal_brief §2.7).
    result = explain(tbs, alone_at_70("2020-05", "month:2020-01:3", 0, 20000), period="2020-05", lang=lang)
    step = steps_by_key(result)["months"]
    assert step["text"].startswith(sentence)
    assert "2021-06" in step["text"]
    assert step["values"] == {
        "months": 14,
        "prolonged": 12,
        "asp_automatic_prolongation_months": 12,
        "asp_assignment_months": 14,
    }
    assert "asp.duration.automatic_prolongation" in [p["name"] for p in step["parameters"]]


def test_months_without_prolongation_say_the_quarter(tbs):
    # April 2022: no prolongation after Q1 2022: April–June, 3 months.
    result = explain(tbs, alone_at_70("2022-04", "month:2022-01:3", 0, 30000), period="2022-04")
    step = steps_by_key(result)["months"]
    assert step["text"] == "Assigned for 3 months, from 2022-04 to the end of its quarter."
    assert step["values"]["prolonged"] == 0


@pytest.mark.parametrize(
    ("lang", "title", "line_word"),
    [("ru", "Черта бедности", "Черта бедности"), ("kk", "Кедейлік шегі", "Кедейлік шегі")],
)
def test_languages(tbs, example, lang, title, line_word):
    result = explain(tbs, with_line(example(), "2024-03", 30385), period="2024-03", lang=lang)
    steps = steps_by_key(result)
    assert steps["poverty_line"]["title"] == title
    assert "16\u00a0666,67" in steps["per_capita"]["text"]
    assert line_word in steps["poverty_line"]["text"]
    supplement = next(p for p in steps["child_supplement"]["parameters"] if p["name"] == "general.mrp")
    assert supplement["label"].startswith("Месячный" if lang == "ru" else "Айлық")


def test_kazakh_says_below_the_line_not_lower_by(tbs, example):
    step = steps_by_key(explain(tbs, with_line(example(), "2024-03", 30385), period="2024-03", lang="kk"))
    # «X теңге кедейлік шегінен Y теңге төмен» would read "lower than the line by Y": the line is in
    # brackets beside its name instead.
    # From July 2023 the Code's word: «аспайды» (does not exceed, Art. 128 sp.1).
    assert (
        "(16\u00a0666,67 теңге) кедейлік шегінен (30\u00a0385 теңге) аспайды" in step["poverty_line"]["text"]
    )
    # Until June 2023 the Law's: «төмен» (below, Art. 1 sp.5-2). 60,000 / 3 = 20,000 < 30,000.
    law = steps_by_key(
        explain(tbs, alone_at_70("2023-06", "month:2023-01:3", 60000, 30000), period="2023-06", lang="kk")
    )
    assert "(20\u00a0000 теңге) кедейлік шегінен (30\u00a0000 теңге) төмен" in law["poverty_line"]["text"]


def test_russian_numbers_agree(tbs):
    situation = {"persons": {"a": {"age": {"2024-03": 70}}}}
    result = explain(
        tbs,
        with_line({**situation, "households": {"h": {"applicants": ["a"]}}}, "2024-03", 30385),
        period="2024-03",
        lang="ru",
    )
    steps = steps_by_key(result)
    assert steps["family"]["text"].startswith("Из 1 указанного лица членами семьи учитывается 1")
    assert "÷ 1 член семьи ÷" in steps["per_capita"]["text"]
    assert "на 1 члена семьи:" in steps["amount"]["text"]


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
    situation = with_line(example(), "2024-03", 30385)
    situation["households"]["family"]["commission_found_not_in_need"] = {"2024-03": True}
    result = explain(tbs, situation, period="2024-03")
    assert result["result"]["reason"] == "commission_found_not_in_need"
    assert result["result"]["asp_amount"] == 0
    text = steps_by_key(result)["type"]["text"]
    assert "No assistance: The district commission found no need." in text
    assert "unconditional" not in text.split("No assistance")[1]
    assert result["result"]["provision"]["id"] == "code224.a128.sp3"


# ---------- citations: by date, and nothing internal shown to a person ----------


def test_before_july_2023_the_law_is_cited(tbs, example):
    situation = example()
    for values in (
        situation["persons"]["mother"]["age"],
        situation["persons"]["son"]["age"],
        situation["persons"]["daughter"]["age"],
    ):
        values["2023-03"] = values.pop("2024-03")
    situation["persons"]["mother"]["wage_income"] = {"month:2022-10:3": 150000}
    household = situation["households"]["family"]
    household["region"] = {"2023-03": "almaty_city"}
    household["poverty_line"] = {"2023-03": 28000}
    for name in ("asp_type", "asp_amount", "asp_child_supplement", "asp_total"):
        household[name] = {"2023-03": None}
    result = explain(tbs, situation, period="2023-03")
    steps = steps_by_key(result)
    assert "law246.a4.p1" in ids(steps["family"])
    family = next(p for p in steps["family"]["provisions"] if p["id"] == "law246.a4.p1")
    assert family["title"] == "Law 246-II, Art. 4 p.1"
    assert family["href"] == "https://adilet.zan.kz/eng/docs/Z010000246_"
    assert not any(p["act"] == "code224" for step in result["steps"] for p in step["provisions"])
    assert result["result"]["provision"]["title"] == "Law 246-II, Art. 2 p.4 sp.2"


def test_from_july_2023_the_social_code_is_cited(tbs, example):
    result = explain(tbs, with_line(example(), "2024-03", 30385), period="2024-03", lang="ru")
    for step in result["steps"]:
        for provision in step["provisions"]:
            assert provision["act"] != "law246", (step["key"], provision)
            assert "Закон № 246-II, ст." not in provision["title"] or "ранее" in provision["title"]
    family = steps_by_key(result)["family"]["provisions"]
    assert (
        family[0]["title"] == "Социальный кодекс, статья не установлена (ранее — Закон № 246-II, ст. 4 п. 1)"
    )
    assert family[0]["href"] == "https://adilet.zan.kz/rus/docs/K2300000224"
    # A parameter value set under the Law (the carer's child age, 2020) is cited by the Code's rule.
    carer = next(
        p
        for p in steps_by_key(result)["type"]["parameters"]
        if p["name"] == "asp.eligibility.caregiver_child_max_age"
    )
    assert carer["reference"]["title"].startswith("Социальный кодекс")
    assert "287-VI" in carer["set_by"]["title"]


INTERNAL = re.compile(
    r"\b(?:law246|code224|order160)\.[a-z0-9.-]+|\basp\.[a-z_]+\.[a-z_]|\[(?:достоверность|confidence)"
)


@pytest.mark.parametrize("lang", ["en", "ru", "kk"])
@pytest.mark.parametrize("month", ["2019-05", "2024-03", "2026-01"])
def test_a_person_reads_no_internal_id_tag_or_sentinel(tbs, example, lang, month):
    """What a person reads (sentences, titles, labels, citations): no register id, confidence tag, 0 line."""
    situation = (
        example("family_of_four_2019")
        if month == "2019-05"
        else astana_alone()
        if month == "2026-01"
        else example()
    )
    result = explain(tbs, situation, period=month, lang=lang)
    shown = [result["result"]["asp_type_label"], result["result"]["reason_label"]]
    shown.append(result["result"]["poverty_line_basis_label"])
    for step in result["steps"]:
        shown += [step["title"], *step["lines"]]
        shown += [p["title"] for p in step["provisions"]]
        shown += [p["label"] for p in step["parameters"]]
        shown += [(p["reference"] or {}).get("title") or "" for p in step["parameters"]]
    for words in shown:
        assert not INTERNAL.search(words), words
    for step in result["steps"]:
        for parameter in step["parameters"]:
            assert not (
                parameter["name"].startswith("asp.poverty_line.published.") and not parameter["value"]
            )


def test_a_family_without_region_is_told_its_line_is_an_estimate(tbs):
    situation = {"persons": {"a": {"age": {"2024-03": 70}}}}
    step = steps_by_key(explain(tbs, situation, period="2024-03"))["poverty_line"]
    # No region: the national minimum of Q4 2023 stands in for the region's (subsistence_minimum).
    assert step["values"]["region"] == "unknown"
    assert step["values"]["estimate"] is True
    assert "the national subsistence minimum for Q4 2023" in step["text"]
    assert "No region was given" in step["text"] and "Give the region" in step["text"]


def test_the_amount_step_says_when_amounts_are_rounded(tbs, example):
    if "rounded_to_tenge" not in tbs.parameters.asp.amount.children:
        pytest.skip("no rounding rule in this version of the parameters")
    result = explain(tbs, with_line(example(), "2024-03", 30385), period="2024-03")
    step = steps_by_key(result)["amount"]
    # Per-capita 150,000 / 3 / 3 = 16,666.67; gap 30,385 − 16,666.67 = 13,718.33, rounded half up to
    # 13,718 for each of the 3 members: 41,154.
    assert "= 13,718.33 KZT a month" in step["text"]
    assert "rounded to the whole tenge" in step["text"]
    assert step["values"]["by_person"]["son"] == 13718
    assert result["result"]["asp_amount"] == 41154
