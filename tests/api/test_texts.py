"""The kk/ru/en templates of messages and explanations: same keys, same placeholders, all used codes."""

from __future__ import annotations

import ast
import re
import string
from pathlib import Path

import pytest

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


CODE_ARGUMENT = {"error": 1, "ApiError": 2, "_fail": 1, "warn": 0}


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
    for key, template in templates(lang).items():
        rendered = text(key, lang, **dict.fromkeys(placeholders(template), "X"))
        assert rendered, key
        assert not re.search(r"\{[a-z_]+\}", rendered), key
