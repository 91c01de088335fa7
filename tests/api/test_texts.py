"""The kk/ru/en templates of messages and explanations: same keys, same placeholders, all used codes."""

from __future__ import annotations

import ast
import re
import string
from pathlib import Path

import pytest

from openfisca_kz_asp.i18n import plural
from openfisca_kz_asp.i18n_texts import LANGUAGES, templates, text

PACKAGE = Path(__file__).resolve().parents[2] / "openfisca_kz_asp"
CODE_FILES = [PACKAGE / "situations.py", PACKAGE / "explain.py", *sorted((PACKAGE / "api").glob("*.py"))]


def placeholders(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_same_keys_and_placeholders_as_english(lang):
    english, local = templates("en"), templates(lang)
    assert set(local) == set(english)
    for key, template in english.items():
        assert placeholders(local[key]) == placeholders(template), key


CODE_ARGUMENT = {"error": 1, "ApiError": 2, "_fail": 1, "warn": 0, "problem": 1}


def used_codes() -> dict[str, set[str]]:
    """The message codes passed as string literals to check.error, ApiError, _fail and check.warn."""
    found: dict[str, set[str]] = {"errors": set(), "warnings": set()}
    for path in CODE_FILES:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
            position = CODE_ARGUMENT.get(name)
            if position is None or len(node.args) <= position:
                continue
            argument = node.args[position]
            if isinstance(argument, ast.Constant) and isinstance(argument.value, str):
                found["warnings" if name == "warn" else "errors"].add(argument.value)
    return found


def test_every_error_and_warning_code_used_in_the_code_has_a_template():
    codes = used_codes()
    assert len(codes["errors"]) > 40
    assert len(codes["warnings"]) >= 8
    english = set(templates("en"))
    for kind, names in codes.items():
        missing = {f"{kind}.{name}" for name in names} - english
        assert not missing


@pytest.mark.parametrize("lang", LANGUAGES)
def test_templates_render(lang):
    # 2 fills every placeholder, numbers with a plural spec ({n:p:…}) and quarters ({q:roman}) too.
    for key, template in templates(lang).items():
        rendered = text(key, lang, **dict.fromkeys(placeholders(template), 2))
        assert rendered, key
        assert not re.search(r"\{[a-z_]+(:[^}]*)?\}", rendered), key


@pytest.mark.parametrize(
    ("number", "lang", "expected"),
    [
        # Russian: 1, 21, 101 take the first form; 2–4, 22–24 the second; 0, 5–20, 25–30, 111–114 the third.
        (1, "ru", "члена семьи"),
        (21, "ru", "члена семьи"),
        (3, "ru", "члена семьи"),
        (5, "ru", "членов семьи"),
        (11, "ru", "членов семьи"),
        (12, "ru", "членов семьи"),
        (112, "ru", "членов семьи"),
        (0, "ru", "членов семьи"),
        (1, "en", "member"),
        (0, "en", "members"),
        (2, "en", "members"),
        (7, "kk", "мүше"),
    ],
)
def test_plural_forms(number, lang, expected):
    forms = {"ru": "члена семьи|члена семьи|членов семьи", "en": "member|members", "kk": "мүше"}[lang]
    assert plural(number, forms, lang) == expected


@pytest.mark.parametrize(
    ("lang", "listed", "expected"),
    [
        ("ru", 1, "Из 1 указанного лица членами семьи учитывается 1: a."),
        ("ru", 3, "Из 3 указанных лиц членами семьи учитываются 3: a."),
        ("ru", 5, "Из 5 указанных лиц членами семьи учитываются 5: a."),
        ("ru", 21, "Из 21 указанного лица членами семьи учитывается 21: a."),
        ("en", 1, "Counted as members of the family: 1 of the 1 person listed — a."),
        ("en", 2, "Counted as members of the family: 2 of the 2 persons listed — a."),
    ],
)
def test_numbers_agree_in_the_family_sentence(lang, listed, expected):
    assert text("explain.family.text", lang, listed=listed, counted=listed, members="a") == expected


@pytest.mark.parametrize(
    ("lang", "size", "words"),
    [("ru", 1, "на 1 члена семьи"), ("ru", 2, "на 2 члена семьи"), ("ru", 5, "на 5 членов семьи")],
)
def test_numbers_agree_in_the_amount_sentence(lang, size, words):
    sentence = text("explain.amount.text", lang, line=1, per_capita=1, gap=1, size=size, amount=1)
    assert words in sentence


@pytest.mark.parametrize(
    ("lang", "expected"), [("en", "Q4 2023"), ("ru", "IV квартал 2023 года"), ("kk", "2023 жылғы IV тоқсан")]
)
def test_quarters_are_written_as_each_language_does(lang, expected):
    assert text("explain.quarter", lang, q=4, year=2023) == expected
