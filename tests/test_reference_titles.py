"""A parameter's source in the reader's language (openfisca_kz_asp.reference_titles, issue 12).

Every value in ``parameters/`` cites its source as ``metadata.reference`` {title, href}; the title
is Russian. The English and Kazakh pages show it translated: ``title_en`` / ``title_kk`` written
beside it for the acts and notes, derived from the value for the statistical subsistence minimum.
Convention: a passage an act is quoted in is translated and marked "(translation)" / "(аударма)",
so an English title has no Cyrillic letter at all.
"""

from __future__ import annotations

import copy
import re
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
import yaml
from openfisca_core.parameters import Parameter, ParameterNode

from openfisca_kz_asp import CountryTaxBenefitSystem
from openfisca_kz_asp.contract.languages import format_number
from openfisca_kz_asp.reference_titles import STATISTICAL, derived_title, is_derived, reference_title
from openfisca_kz_asp.situation_examples import EXAMPLES

PARAMETERS = Path(__file__).resolve().parent.parent / "parameters"
STATISTICAL_DIR = PARAMETERS / "general" / "subsistence_minimum_statistical"
CYRILLIC = re.compile(r"[\u0400-\u04ff]")
KAZAKH_LETTER = re.compile(r"[әғқңөұүһіӘҒҚҢӨҰҮҺІ]")
RU_MONTHS = (
    "январь",
    "февраль",
    "март",
    "апрель",
    "май",
    "июнь",
    "июль",
    "август",
    "сентябрь",
    "октябрь",
    "ноябрь",
    "декабрь",
)
EN_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
KK_MONTHS = (
    "қаңтар",
    "ақпан",
    "наурыз",
    "сәуір",
    "мамыр",
    "маусым",
    "шілде",
    "тамыз",
    "қыркүйек",
    "қазан",
    "қараша",
    "желтоқсан",
)
ROMAN = ("I", "II", "III", "IV")


@pytest.fixture(scope="module")
def tbs() -> CountryTaxBenefitSystem:
    return CountryTaxBenefitSystem()


def _references(node: Any) -> list[dict[str, Any]]:
    """Every ``reference`` mapping in a parsed YAML file."""
    found: list[dict[str, Any]] = []
    if isinstance(node, dict):
        reference = node.get("reference")
        if isinstance(reference, dict):
            found.append(reference)
        for value in node.values():
            found += _references(value)
    elif isinstance(node, list):
        for value in node:
            found += _references(value)
    return found


def _yaml_references() -> list[tuple[Path, dict[str, Any]]]:
    return [
        (path, reference)
        for path in sorted(PARAMETERS.rglob("*.yaml"))
        for reference in _references(yaml.safe_load(path.read_text(encoding="utf-8")))
    ]


def _leaves(node: ParameterNode) -> list[Parameter]:
    leaves: list[Parameter] = []
    for child in node.children.values():
        leaves += _leaves(child) if isinstance(child, ParameterNode) else [child]
    return leaves


def _statistical_values(tbs) -> list[tuple[str, Any]]:
    """Every dated value of the statistical minimum, monthly and quarterly, with its parameter name."""
    leaves = _leaves(tbs.parameters.general.subsistence_minimum_statistical)
    return [(leaf.name, at) for leaf in leaves for at in leaf.values_list]


def test_every_reference_is_translated_or_derived():
    references = _yaml_references()
    assert len(references) > 400  # ~150 acts and notes, ~300 statistical minima
    missing = []
    for path, reference in references:
        derived = STATISTICAL_DIR in path.parents
        translated = bool(reference.get("title_en")) and bool(reference.get("title_kk"))
        if derived:  # one home: the derivation, not 300 translations in the YAML
            assert "title_en" not in reference and "title_kk" not in reference, (path, reference)
        elif not translated:
            missing.append((str(path.relative_to(PARAMETERS)), reference.get("title")))
    assert missing == []


def test_translated_titles_are_english_and_kazakh():
    for path, reference in _yaml_references():
        if STATISTICAL_DIR in path.parents:
            continue
        english, kazakh, russian = reference["title_en"], reference["title_kk"], reference["title"]
        assert not CYRILLIC.search(english), (path, english)  # quotations translated, not kept
        assert KAZAKH_LETTER.search(kazakh), (path, kazakh)
        assert kazakh != russian
        # A quotation of an act is marked as our translation, in both languages.
        assert english.count("(translation)") == kazakh.count("(аударма)"), (path, english, kazakh)


def test_the_russian_title_stays_the_original(tbs):
    at = tbs.parameters.general.mrp.values_list[-1]
    reference = at.metadata["reference"]
    assert reference_title(reference, "ru") == reference["title"]
    assert reference_title(reference, "en") == reference["title_en"]
    assert reference_title(reference, "kk") == reference["title_kk"]


def test_every_statistical_minimum_has_derived_titles(tbs):
    """Each published point and each gap, monthly and quarterly: the derived English and Kazakh
    titles say what the Russian title says (place, month or quarter, amount, reporting site)."""
    points = _statistical_values(tbs)
    assert {name.split(".")[-2] for name, _ in points} == {"monthly", "quarterly"}
    assert len(points) > 250
    published = 0
    for name, at in points:
        assert is_derived(name)
        reference = at.metadata["reference"]
        russian = reference["title"]
        english = reference_title(reference, "en", parameter=name, instant=at.instant_str, value=at.value)
        kazakh = reference_title(reference, "kk", parameter=name, instant=at.instant_str, value=at.value)
        assert not CYRILLIC.search(english), english
        assert KAZAKH_LETTER.search(kazakh), kazakh
        assert russian not in (english, kazakh)
        year, month = at.instant_str[:4], int(at.instant_str[5:7])
        quarterly = name.split(".")[-2] == "quarterly"
        if quarterly:
            quarter = (month - 1) // 3 + 1
            assert f"Q{quarter} {year}" in english
            assert f"{year} жылғы {ROMAN[quarter - 1]} тоқсан" in kazakh
        else:
            assert f"{EN_MONTHS[month - 1]} {year}" in english
            assert f"{year} жылғы {KK_MONTHS[month - 1]}" in kazakh
        if at.value is None:
            assert russian.startswith("Нет опубликованного значения"), russian
            assert "no value published" in english
            continue
        published += 1
        # The Russian original states the same point: month or quarter, amount, reporting site.
        when = f"{quarter} кв. {year}" if quarterly else f"{RU_MONTHS[month - 1]} {year}"
        assert f"{when}: {format_number(at.value, 'ru')} тенге".replace("\xa0", " ") in russian.replace(
            "\xa0", " "
        ), (name, at.instant_str, russian)
        site = (urlsplit(reference["href"]).hostname or "").removeprefix("www.")
        assert f"по сообщению {site}" in russian
        assert english.endswith(f": {format_number(at.value, 'en')} KZT, as reported by {site}"), english
        assert f": {format_number(at.value, 'kk')} теңге, {site} хабарлауынша" in kazakh
    assert published > 150


def test_derived_title_examples():
    # Astana, May 2018: 30,600 tenge reported by finprom.kz (monthly/astana.yaml).
    href = "http://finprom.kz/ru/article/prozhitochnyj-minimum"
    name = f"{STATISTICAL}monthly.astana"
    assert (
        derived_title(name, "2018-05-01", 30600, href, "en")
        == "Subsistence minimum (Bureau of National Statistics), Astana, May 2018: 30,600 KZT, "
        "as reported by finprom.kz"
    )
    assert (
        derived_title(name, "2018-05-01", 30600, href, "kk")
        == "Ең төмен күнкөріс деңгейі (Ұлттық статистика бюросы), Астана, 2018 жылғы мамыр: "
        "30\xa0600 теңге, finprom.kz хабарлауынша"
    )
    national = derived_title(f"{STATISTICAL}quarterly.national", "2022-04-01", 43100, "https://x.kz/a", "en")
    assert national.startswith(
        "Subsistence minimum (Bureau of National Statistics), Republic of Kazakhstan (national average), "
        "Q2 2022 (quarterly average): 43,100 KZT"
    )
    karaganda = derived_title(f"{STATISTICAL}quarterly.karaganda", "2017-10-01", 22941, "", "kk")
    assert "Қарағанды облысы, 2017 жылғы IV тоқсан (орташа): 22\xa0941 теңге" in karaganda


def test_every_value_of_every_parameter_has_an_english_and_a_kazakh_title(tbs):
    """Through the loaded system, as /explain and the MCP tools read them."""
    for leaf in _leaves(tbs.parameters):
        for at in leaf.values_list:
            reference = (at.metadata or {}).get("reference")
            if not isinstance(reference, dict):
                continue
            kwargs = {"parameter": leaf.name, "instant": at.instant_str, "value": at.value}
            english = reference_title(reference, "en", **kwargs)
            kazakh = reference_title(reference, "kk", **kwargs)
            assert english and not CYRILLIC.search(english), (leaf.name, at.instant_str, english)
            assert KAZAKH_LETTER.search(kazakh), (leaf.name, at.instant_str, kazakh)


# /explain: no Russian-only source title on the English or Kazakh page.


def _months(node: Any, found: set[str]) -> set[str]:
    if isinstance(node, dict):
        for key, value in node.items():
            if re.fullmatch(r"\d{4}-\d{2}", str(key)):
                found.add(str(key))
            _months(value, found)
    return found


def _titles(node: Any) -> list[str]:
    """The titles of every {title, href} source in an answer (parameters' references, set_by, the
    line's sources, the provisions' citations)."""
    found: list[str] = []
    if isinstance(node, dict):
        if isinstance(node.get("title"), str) and "href" in node:
            found.append(node["title"])
        for value in node.values():
            found += _titles(value)
    elif isinstance(node, list):
        for value in node:
            found += _titles(value)
    return found


@pytest.fixture(scope="module")
def client(tbs):
    from openfisca_kz_asp.api import create_app  # noqa: PLC0415 - Flask is heavy

    app = create_app(tbs)
    app.config["TESTING"] = True
    return app.test_client()


ASTANA_2026 = {  # the line from Astana's published minima of Q4 2025 (basis regional_minimum)
    "persons": {"a": {"age": {"2026-01": 70}, "pension_income": {"month:2025-10:3": 100000}}},
    "households": {"h": {"applicants": ["a"], "region": {"2026-01": "astana"}}},
}
FAMILIES = {**{name: EXAMPLES[name] for name in sorted(EXAMPLES)}, "astana_2026": ASTANA_2026}


@pytest.mark.parametrize("lang", ["en", "kk"])
@pytest.mark.parametrize("family", sorted(FAMILIES))
def test_explain_shows_no_russian_only_source(client, family, lang):
    situation = copy.deepcopy(FAMILIES[family])
    body = {
        "situation": situation,
        "household": next(iter(situation["households"])),
        "period": max(_months(situation, set())),
        "lang": lang,
    }
    response = client.post("/explain", json=body)
    assert response.status_code == 200, response.get_json()
    answer = response.get_json()
    titles = _titles(answer["steps"])
    russian = {reference["title"] for _, reference in _yaml_references()}
    assert titles
    for title in titles:
        assert title not in russian, title
        if lang == "en":
            assert not CYRILLIC.search(title), title
        else:
            assert KAZAKH_LETTER.search(title) or not CYRILLIC.search(title), title
    if family == "astana_2026":  # the three published minima behind the line, in the page's language
        step = next(s for s in answer["steps"] if s["key"] == "poverty_line")
        sources = step["values"]["sources"]
        assert len(sources) == 3
        october = "October 2025: 66,605 KZT" if lang == "en" else "2025 жылғы қазан: 66\xa0605 теңге"
        assert october in sources[0]["title"]


@pytest.mark.parametrize("lang", ["en", "kk"])
def test_the_assistants_parameter_history_cites_in_the_language(tbs, lang):
    """The MCP tool ``parameter_history`` reads the sources through the same function."""
    from openfisca_kz_asp.assistant.service import Assistant  # noqa: PLC0415 - the MCP package is optional

    assistant = Assistant(tbs)
    for parameter in ("general.subsistence_minimum_statistical.monthly.astana", "asp.poverty_line.rate"):
        values = assistant.parameter_history(parameter, lang)["values"]
        titles = [v["reference"]["title"] for v in values if v.get("reference")]
        titles += [v["set_by"]["title"] for v in values if v.get("set_by")]
        assert titles
        for title in titles:
            assert KAZAKH_LETTER.search(title) if lang == "kk" else not CYRILLIC.search(title), title
