"""Reforms of any parameter without code (openfisca_kz_asp.parametric_reform): Python and the CLI.

The hand-computed family: one adult of 40 in Astana with no income, February 2026. The line of
Q1 2026 is the rate × Astana's statistical minimum of Q4 2025 (Order 160 п. 1), published for each
month (general.subsistence_minimum_statistical.monthly.astana): 66,605 (Oct), 60,551 (Nov),
60,922 (Dec); mean 188,078 / 3 = 62,692.67 KZT. No published line for Astana in Q1 2026, so:
* the law, 70%: 0.7 × 62,692.67 = 43,884.87 → 43,885 KZT (rounded half up to the tenge);
* at 80%: 0.8 × 62,692.67 = 50,154.13 → 50,154 KZT.
With no income the family gets the whole line (Art. 7: line − per-capita income): 50,154 KZT.

The API's side is in tests/api/test_parametric_reform_api.py.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
from openfisca_core import periods

from openfisca_kz_asp import CountryTaxBenefitSystem
from openfisca_kz_asp import parametric_reform as pr
from openfisca_kz_asp import subsistence_minimum as sm
from openfisca_kz_asp.cli import main
from openfisca_kz_asp.microsim import api as microsim
from openfisca_kz_asp.microsim import engine
from openfisca_kz_asp.reform_registry import (
    UnknownReformError,
    describe,
    parse_reform_name,
    system_with_reform,
)
from openfisca_kz_asp.situations import build_simulation

RATE_80 = "asp.poverty_line.rate=0.8@2025-01-01"
EN = "Poverty line, share of the subsistence minimum: 0.7 → 0.8 from 1 January 2025"
RU = "Черта бедности, доля от величины прожиточного минимума: 0,7 → 0,8 с 1 января 2025 г."
KK = "Кедейлік шегі, ең төмен күнкөріс деңгейінен үлесі: 0,7 → 0,8 2025 жылғы 1 қаңтардан бастап"
ASTANA = {
    "persons": {"a": {"age": {"2026-02": 40}, "sex": {"ETERNITY": "male"}}},
    "households": {"h": {"applicants": ["a"], "region": {"2026-02": "astana"}}},
}


@pytest.fixture(scope="module")
def tbs() -> CountryTaxBenefitSystem:
    return CountryTaxBenefitSystem()


def household(system: Any, region: str = "astana", month: str = "2026-02") -> dict[str, float]:
    """The line, its basis and the ASP of the one-adult family with no income."""
    situation = copy.deepcopy(ASTANA)
    situation["persons"]["a"]["age"] = {month: 40}
    situation["households"]["h"]["region"] = {month: region}
    simulation, _ = build_simulation(system, situation)
    return {
        "poverty_line": float(simulation.calculate("poverty_line", month)[0]),
        "basis": simulation.calculate("poverty_line_basis", month).decode_to_str()[0],
        "asp_amount": float(simulation.calculate("asp_amount", month)[0]),
    }


def problems(tbs: Any, spec: object) -> list[tuple[str, str, str]]:
    """(where, code, English message) of each problem of ``spec``."""
    with pytest.raises(pr.ParameterChangeError) as caught:
        pr.validated(tbs, spec)
    return [(p.location(""), p.code, p.message("en")) for p in caught.value.problems]


# ------------------------------------------------------------------------------ the amounts, by hand


def test_the_law_in_astana_february_2026(tbs):
    assert household(tbs) == {"poverty_line": 43_885, "basis": "regional_minimum", "asp_amount": 43_885}


def test_the_rate_at_80_percent_from_a_dict(tbs):
    system = pr.reformed_system(tbs, {"asp.poverty_line.rate": {"2025-01-01": 0.8}})
    assert household(system) == {"poverty_line": 50_154, "basis": "regional_minimum", "asp_amount": 50_154}
    assert household(tbs)["poverty_line"] == 43_885  # the baseline is untouched


def test_a_change_that_ends_gives_the_law_back(tbs):
    # 80% for January–June 2025 only: the rate is 0.8 in March 2025 and the law's 0.7 again in July;
    # 0.7 before (December 2024).
    system = pr.reformed_system(tbs, "asp.poverty_line.rate=0.8@2025-01..2025-06")
    rate = {
        m: system.get_parameters_at_instant(m).asp.poverty_line.rate
        for m in ("2024-12", "2025-03", "2025-07")
    }
    assert rate == {"2024-12": 0.7, "2025-03": 0.8, "2025-07": 0.7}


def test_two_changes_of_one_parameter_on_ranges_that_do_not_overlap(tbs):
    system = pr.reformed_system(
        tbs, ["asp.poverty_line.rate=0.9@2025-07-01", "asp.poverty_line.rate=0.8@2025-01-01..2025-06-30"]
    )
    rates = [
        system.get_parameters_at_instant(m).asp.poverty_line.rate for m in ("2024-12", "2025-03", "2026-02")
    ]
    assert rates == [0.7, 0.8, 0.9]


def test_the_named_reform_gives_the_same_line_where_no_line_was_published(tbs):
    # poverty_line_share:0.8 sets the rate for every period and sets published lines aside; Astana has
    # none in Q1 2026, so both give 0.8 × 62,692.67 → 50,154. The named reforms stay.
    named = system_with_reform(tbs, "poverty_line_share:0.8")
    assert named is system_with_reform(tbs, "poverty_line_share:0.80")
    assert household(named)["poverty_line"] == household(pr.reformed_system(tbs, RATE_80))["poverty_line"]


# ------------------------------------------------------------------------- one implementation, one cache


def test_every_form_gives_the_same_canonical_text_and_the_same_system(tbs):
    forms = [
        RATE_80,
        "asp.poverty_line.rate=0.80@2025-01",
        " asp.poverty_line.rate = 0.8 @2025-01-01 ",
        {"asp.poverty_line.rate": {"2025-01-01": 0.8}},
        [{"parameter": "asp.poverty_line.rate", "value": 0.8, "start": "2025-01-01"}],
        [{"parameter": "asp.poverty_line.rate", "value": 0.8, "start": "2025-01-01", "end": None}],
        [RATE_80],
        pr.validated(tbs, RATE_80),
    ]
    assert {pr.validated(tbs, form).key for form in forms} == {RATE_80}
    systems = {id(pr.reformed_system(tbs, form)) for form in forms}
    assert systems == {id(system_with_reform(tbs, RATE_80))}


def test_the_canonical_text_does_not_depend_on_the_order_given(tbs):
    one = pr.validated(tbs, ["general.mrp=4000@2025-01-01", RATE_80])
    two = pr.validated(tbs, [RATE_80, "general.mrp=4000@2025-01"])
    assert one.key == two.key == "asp.poverty_line.rate=0.8@2025-01-01;general.mrp=4000@2025-01-01"
    assert system_with_reform(tbs, one.key) is system_with_reform(tbs, "general.mrp=4000@2025-01;" + RATE_80)


def test_the_registry_reads_the_text_and_the_named_reforms_stay(tbs):
    assert parse_reform_name(RATE_80) == (RATE_80, None)
    assert parse_reform_name("poverty_line_share:0.8") == ("poverty_line_share", 0.8)
    assert describe(RATE_80, tbs) == EN
    assert describe(RATE_80, tbs, "ru") == RU
    with pytest.raises(UnknownReformError, match=r"Unknown parameter 'asp\.poverty_line\.rat'"):
        system_with_reform(tbs, "asp.poverty_line.rat=0.8@2025-01-01")


# ---------------------------------------------------------------------------------- region-keyed nodes


def test_a_published_regional_line(tbs):
    # Astana's line published at 45,000 for Q1 2026: a published line wins (Art. 2 p.1-2).
    system = pr.reformed_system(tbs, "asp.poverty_line.published.astana=45000@2026-01-01..2026-03-31")
    assert household(system) == {"poverty_line": 45_000, "basis": "published", "asp_amount": 45_000}
    assert household(system, month="2026-04")["basis"] != "published"  # ended with the quarter


def test_the_statistical_minimum_is_one_value_per_month_and_its_table_is_rebuilt(tbs):
    # Astana's minimum of Oct–Dec 2025 set to 70,000 each: Q4 mean 70,000, line 0.7 × 70,000 = 49,000.
    change = "general.subsistence_minimum_statistical.monthly.astana=70000@2025-10-01..2025-12-31"
    system = pr.reformed_system(tbs, change)
    assert household(system) == {"poverty_line": 49_000, "basis": "regional_minimum", "asp_amount": 49_000}
    assert sm.table(system.parameters) is not sm.table(tbs.parameters)
    leaf = system.parameters.general.subsistence_minimum_statistical.monthly.astana
    points = {at.instant_str: at.value for at in leaf.values_list}
    assert [points[m] for m in ("2025-09-01", "2025-10-01", "2025-11-01", "2025-12-01", "2026-01-01")] == [
        65_696,  # September, as published
        70_000,
        70_000,
        70_000,
        None,  # January 2026: still not published
    ]


def test_one_month_of_the_minimum(tbs):
    # November 2025 only at 70,000: (66,605 + 70,000 + 60,922) / 3 = 197,527 / 3 = 65,842.33;
    # 0.7 × 65,842.33 = 46,089.63 → 46,090.
    system = pr.reformed_system(tbs, "general.subsistence_minimum_statistical.monthly.astana=70000@2025-11")
    assert household(system)["poverty_line"] != 46_090  # no end: every month from November on
    system = pr.reformed_system(
        tbs, "general.subsistence_minimum_statistical.monthly.astana=70000@2025-11-01..2025-11-30"
    )
    assert household(system)["poverty_line"] == 46_090


def test_a_quarterly_minimum(tbs):
    # Almaty's quarterly average for Q4 2025 set to 70,000: it stands for the quarter (the Bureau's
    # quarterly average wins over the months), so the line of February 2026 is 0.7 × 70,000 = 49,000.
    change = "general.subsistence_minimum_statistical.quarterly.almaty_city=70000@2025-10-01..2025-12-31"
    system = pr.reformed_system(tbs, change)
    assert household(system, "almaty_city")["poverty_line"] == 49_000


def test_a_reform_that_leaves_the_minimum_alone_shares_its_table(tbs):
    system = pr.reformed_system(tbs, RATE_80)
    minimum = tbs.parameters.general.subsistence_minimum_statistical
    assert system.parameters.general.subsistence_minimum_statistical is minimum
    assert sm.table(system.parameters) is sm.table(tbs.parameters)


# ------------------------------------------------------------------------------------------- in words


@pytest.mark.parametrize(
    ("change", "lang", "words"),
    [
        (RATE_80, "en", EN),
        (RATE_80, "ru", RU),
        (RATE_80, "kk", KK),
        (
            "asp.child_supplement.amount_mrp=3@2025-01..2025-12",
            "en",
            "Child supplement (MRP per child): 1.5 MRP → 3 MRP from 1 January 2025 to 31 December 2025",
        ),
        (
            "asp.child_supplement.amount_mrp=3@2025-01..2025-12",
            "kk",
            "Балаға қосымша төлем (АЕК-пен): 1,5 АЕК → 3 АЕК 2025 жылғы 1 қаңтардан бастап "
            "2025 жылғы 31 желтоқсанға дейін",
        ),
        (
            "asp.eligibility.caregiver_child_max_age=7@2025-01-01",
            "ru",
            "Возраст ребенка, уход за которым дает право на безусловную помощь: 3 года → 7 лет "
            "с 1 января 2025 г.",
        ),
        (
            "asp.amount.rounded_to_tenge=false@2025-01-01",
            "en",
            "ASP rounded to the tenge: yes → no from 1 January 2025",
        ),
        (
            "asp.poverty_line.rate=0.6@2019-01-01..2019-06-30",
            "en",
            "Poverty line, share of the subsistence minimum: 0.5, 0.7 → 0.6 "
            "from 1 January 2019 to 30 June 2019",
        ),
    ],
)
def test_each_change_in_words_with_its_label(tbs, change, lang, words):
    [one] = pr.validated(tbs, change).changes
    assert pr.describe_change(tbs, one, lang) == words


def test_a_reform_file_with_a_name_and_a_description(tbs, tmp_path):
    path = tmp_path / "reform.yaml"
    path.write_text(
        "name: Poverty line at 80%\n"
        "description: The rate of Order 160 raised from 70% to 80% from 2025.\n"
        "changes:\n"
        "  - parameter: asp.poverty_line.rate\n"
        "    value: 0.8\n"
        "    start: 2025-01-01\n",
        encoding="utf-8",
    )
    reform = pr.load_reform_file(path, tbs)
    assert (reform.key, reform.title) == (RATE_80, "Poverty line at 80%")
    assert pr.describe(tbs, reform) == f"The rate of Order 160 raised from 70% to 80% from 2025. ({EN})"
    everything = pr.describe_all(tbs, reform)
    assert everything["title_by_lang"]["ru"] == "Poverty line at 80%"
    assert everything["description_by_lang"]["kk"].endswith(f"({KK})")
    [change] = everything["parameter_changes"]
    assert change["baseline_values"] == [0.7]
    assert change["label"]["en"] == "Poverty line, share of the subsistence minimum"


@pytest.mark.parametrize(
    ("content", "words"),
    [
        ("changes: []\nauthor: me\n", "other keys: author"),
        ("name: no changes\n", "a reform file is a list of changes"),
        ("asp.poverty_line.rate: 0.8\n", "a reform file is a list of changes"),
        ("- parameter: [unclosed\n", "reform.yaml: while parsing"),
        ("[]\n", "No parameter change was given."),
    ],
)
def test_a_bad_reform_file_says_what_is_wrong(tbs, tmp_path, content, words):
    path = tmp_path / "reform.yaml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(pr.ParameterChangeError) as caught:
        pr.load_reform_file(path, tbs)
    assert words in str(caught.value)


# ----------------------------------------------------------------------------------------- validation


@pytest.mark.parametrize(
    ("spec", "where", "code", "message"),
    [
        (
            "asp.poverty_line.rat=0.8@2025-01-01",
            "0/parameter",
            "unknown_parameter",
            "Unknown parameter 'asp.poverty_line.rat'. Nearest names: asp.poverty_line.rate, "
            "asp.poverty_line.median_rate, asp.poverty_line.published.atyrau, "
            "asp.poverty_line.published.astana, asp.poverty_line.published.aktobe.",
        ),
        (
            "rate=0.8@2025-01-01",
            "0/parameter",
            "unknown_parameter",
            "Unknown parameter 'rate'. Nearest names: asp.poverty_line.rate.",
        ),
        (
            "asp.poverty_line.published=0@2025-01-01",
            "0/parameter",
            "parameter_is_node",
            "'asp.poverty_line.published' is a group of parameters, not one value: change one of "
            "asp.poverty_line.published.unknown, asp.poverty_line.published.astana, ",
        ),
        (
            "asp.poverty_line.rate=1.2@2025-01-01",
            "0/value",
            "out_of_range_share",
            "'asp.poverty_line.rate' is a share (0.8 means 80%): give a value from 0 to 1, not 1.2.",
        ),
        (
            "asp.poverty_line.rate=-0.1@2025-01-01",
            "0/value",
            "out_of_range_share",
            "'asp.poverty_line.rate' is a share (0.8 means 80%): give a value from 0 to 1, not -0.1.",
        ),
        (
            "asp.poverty_line.published.astana=-1@2025-01-01",
            "0/value",
            "out_of_range_kzt",
            "'asp.poverty_line.published.astana' is an amount in KZT a month: give a value from 0 to "
            "1,000,000, not -1.",
        ),
        (
            "general.subsistence_minimum=5000000@2025-01-01",
            "0/value",
            "out_of_range_kzt",
            "'general.subsistence_minimum' is an amount in KZT a month: give a value from 0 to 1,000,000, "
            "not 5,000,000.",
        ),
        (
            "asp.child_supplement.amount_mrp=150@2025-01-01",
            "0/value",
            "out_of_range_mrp",
            "'asp.child_supplement.amount_mrp' is counted in MRP (monthly calculation indices): give a value "
            "from 0 to 100, not 150.",
        ),
        (
            "general.pension_age.men=200@2025-01-01",
            "0/value",
            "out_of_range_year",
            "'general.pension_age.men' is counted in years: give a value from 0 to 120, not 200.",
        ),
        (
            "asp.eligibility.bars.duration_months=2.5@2025-01-01",
            "0/value",
            "not_whole",
            "'asp.eligibility.bars.duration_months' takes a whole number of months, not 2.5.",
        ),
        (
            "asp.poverty_line.rate=eighty@2025-01-01",
            "0/value",
            "not_number",
            "'asp.poverty_line.rate' takes a number (0.8 means 80%), not 'eighty'.",
        ),
        (
            "asp.poverty_line.rate=nan@2025-01-01",
            "0/value",
            "not_number",
            "'asp.poverty_line.rate' takes a number (0.8 means 80%), not 'nan'.",
        ),
        (
            [{"parameter": "asp.poverty_line.rate", "value": True, "start": "2025-01-01"}],
            "0/value",
            "not_number",
            "'asp.poverty_line.rate' takes a number (0.8 means 80%), not true.",
        ),
        (
            "asp.gsp.in_force=yes@2025-01-01",
            "0/value",
            "not_bool",
            "'asp.gsp.in_force' (Guaranteed social package in force) is true or false, not 'yes'.",
        ),
        (
            "asp.poverty_line.rate=0.8",
            "0/start",
            "missing_date",
            "The change of 'asp.poverty_line.rate' needs the date it starts, e.g. "
            "asp.poverty_line.rate=0.8@2025-01-01.",
        ),
        (
            {"asp.poverty_line.rate": 0.8},
            "0/start",
            "missing_date",
            "The change of ''asp.poverty_line.rate'' needs the date it starts, e.g. "
            "{'asp.poverty_line.rate': {'2025-01-01': 0.8}}.",
        ),
        (
            "asp.poverty_line.rate=0.8@2025-02-30",
            "0/start",
            "bad_date",
            "The change of 'asp.poverty_line.rate': '2025-02-30' is not a date; "
            "write YYYY-MM-DD (or YYYY-MM).",
        ),
        (
            "asp.poverty_line.rate=0.8@2017-01-01",
            "0/start",
            "start_outside",
            "The change of 'asp.poverty_line.rate' starts on 2017-01-01, outside the months the package "
            "covers (2018-01-01 to 2026-12-31).",
        ),
        (
            "asp.poverty_line.rate=0.8@2025-01-01..2100-12-31",
            "0/end",
            "end_outside",
            "The change of 'asp.poverty_line.rate' ends on 2100-12-31, outside the months the package covers "
            "(2018-01-01 to 2026-12-31); leave out the end for a change that lasts to 2026-12-31.",
        ),
        (
            "asp.poverty_line.rate=0.8@2025-01-15",
            "0/start",
            "not_month_start",
            "The change of 'asp.poverty_line.rate' starts on 2025-01-15: ASP is computed by month, so a "
            "change starts on the first day of a month (2025-01-01 or 2025-02-01).",
        ),
        (
            "asp.poverty_line.rate=0.8@2025-01-01..2025-06-15",
            "0/end",
            "not_month_end",
            "The change of 'asp.poverty_line.rate' ends on 2025-06-15: ASP is computed by month, so a change "
            "ends on the last day of a month (2025-06-30).",
        ),
        (
            "asp.poverty_line.rate=0.8@2025-06-01..2025-01-31",
            "0/end",
            "end_before_start",
            "The change of 'asp.poverty_line.rate' ends on 2025-01-31, before it starts (2025-06-01).",
        ),
        (
            "general.subsistence_minimum_statistical.quarterly.national=70000@2025-11-01",
            "0/start",
            "not_quarter",
            "'general.subsistence_minimum_statistical.quarterly.national' holds one value per quarter: its "
            "change starts on the first day of a quarter and ends on the last day of one, not 2025-11-01.",
        ),
        (
            "asp.poverty_line.rate=0.8@2025-01-01;asp.poverty_line.rate=0.9@2025-06-01",
            "1/start",
            "overlap",
            "Two changes of 'asp.poverty_line.rate' overlap (2025-01-01.. and 2025-06-01..): give one value "
            "for each range of dates.",
        ),
        (
            "poverty line = 0.8",
            "0",
            "bad_syntax",
            "'poverty line = 0.8' is not a parameter change: write PARAMETER=VALUE@START, e.g. "
            "asp.poverty_line.rate=0.8@2025-01-01, with ..END for a change that ends "
            "(2025-01-01..2025-12-31).",
        ),
        (
            [{"parameter": "asp.poverty_line.rate", "start": "2025-01-01"}],
            "0/value",
            "missing_field",
            "A parameter change needs 'value'.",
        ),
        ([], "", "empty", "No parameter change was given."),
        (
            [f"general.mrp=4000@2018-{m:02d}-01..2018-{m:02d}-28" for m in range(1, 3)] * 26,
            "",
            "too_many",
            "52 parameter changes were given; at most 50 are allowed.",
        ),
        (
            42,
            "",
            "not_list",
            "Parameter changes are a list of changes "
            "(or a mapping parameter → {'2025-01-01': value}), not 42.",
        ),
    ],
)
def test_each_problem_has_a_clear_message(tbs, spec, where, code, message):
    found = problems(tbs, spec)
    assert (found[0][0], found[0][1]) == (where, code)
    assert found[0][2].startswith(message)


def test_the_statistical_minimum_may_change_from_2017(tbs):
    # The line of January 2018 uses Q4 2017, so the minimum's window starts with its table in 2017-01.
    reform = pr.validated(
        tbs, "general.subsistence_minimum_statistical.monthly.national=30000@2017-10..2017-12"
    )
    assert reform.changes[0].start == "2017-10-01"
    assert problems(tbs, "general.subsistence_minimum_statistical.monthly.national=30000@2016-12-01")[0][
        1
    ] == ("start_outside")


def test_every_problem_is_reported_at_once(tbs):
    found = problems(tbs, ["asp.poverty_line.rat=0.8@2025-01-01", "general.mrp=-1@2025-01-15"])
    assert [(where, code) for where, code, _ in found] == [
        ("0/parameter", "unknown_parameter"),
        ("1/value", "out_of_range_kzt"),
        ("1/start", "not_month_start"),
    ]


# ---------------------------------------------------------------------- the command line, end to end


def summary_of(out: Path) -> dict[str, Any]:
    return json.loads((out / "summary.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def by_set(tmp_path_factory) -> dict[str, Any]:
    out = tmp_path_factory.mktemp("set")
    argv = ["simulate", "--period", "2025-03", "--set", RATE_80, "--no-html", "--output", str(out)]
    assert main(argv) == 0
    return summary_of(out)


def test_simulate_set_on_the_embedded_sample(by_set):
    reform = by_set["reforms"][RATE_80]
    assert reform["kind"] == "parametric"
    assert reform["description"] == EN
    assert reform["description_by_lang"] == {"en": EN, "ru": RU, "kk": KK}
    assert reform["parameter_changes"][0]["baseline_values"] == [0.7]
    # A higher line: more families below it and more to each of them, so a higher cost.
    assert reform["cost_annual"] > by_set["baseline"]["cost_annual"] > 0
    assert reform["recipient_households"] > by_set["baseline"]["recipient_households"]


def test_the_same_change_through_a_reform_file_and_python_gives_the_same_figures(by_set, tmp_path):
    path = tmp_path / "rate80.yaml"
    path.write_text(
        "name: Poverty line at 80%\nchanges:\n"
        "  - {parameter: asp.poverty_line.rate, value: 0.8, start: 2025-01-01}\n",
        encoding="utf-8",
    )
    out = tmp_path / "file"
    argv = ["simulate", "--period", "2025-03", "--reform-file", str(path), "--no-html", "--output", str(out)]
    assert main(argv) == 0
    by_file = summary_of(out)["reforms"][RATE_80]
    assert by_file["title"] == "Poverty line at 80%"
    by_python = microsim.simulate(
        period="2025-03", parameter_changes={"asp.poverty_line.rate": {"2025-01-01": 0.8}}
    ).summary["reforms"][RATE_80]
    for key in ("cost_annual", "recipient_households", "recipient_persons"):
        assert by_file[key] == by_python[key] == by_set["reforms"][RATE_80][key], key


def test_calculate_set_gives_the_hand_computed_amount(tmp_path, capsys):
    path = tmp_path / "astana.json"
    situation = copy.deepcopy(ASTANA)
    situation["households"]["h"]["asp_amount"] = {"2026-02": None}
    path.write_text(json.dumps(situation), encoding="utf-8")
    assert main(["calculate", str(path), "--set", RATE_80, "--json"]) == 0
    answer = json.loads(capsys.readouterr().out)
    assert answer["reform"] == RATE_80
    assert answer["result"]["asp_amount"] == 50_154


def test_the_command_line_names_each_problem(tmp_path, capsys):
    argv = ["simulate", "--set", "asp.poverty_line.rat=0.8@2025-01-01", "--set", "general.mrp=x@2025-01-01"]
    assert main([*argv, "--output", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert (
        "--set (change 1): Unknown parameter 'asp.poverty_line.rat'. Nearest names: asp.poverty_line.rate"
        in err
    )
    assert "--set (change 2): 'general.mrp' takes a number (KZT a month), not 'x'." in err
    missing = tmp_path / "missing.yaml"
    assert main(["simulate", "--reform-file", str(missing), "--output", str(tmp_path)]) == 2
    assert "missing.yaml: No such file or directory" in capsys.readouterr().err
    assert main(["calculate", str(missing), "--set", RATE_80, "--reform", "per_child_full_line"]) == 2


def test_the_engine_rebuilds_the_system_from_the_name_alone(tbs):
    # A Dask worker gets the scenario's name: the canonical text builds the same reform there.
    system = engine.system(RATE_80)
    assert system.get_parameters_at_instant(periods.instant("2025-03-01")).asp.poverty_line.rate == 0.8
    assert microsim.check_reforms(
        [RATE_80, "asp.poverty_line.rate=0.80@2025-01", "poverty_line_share:0.8"]
    ) == [
        RATE_80,
        "poverty_line_share:0.8",
    ]
