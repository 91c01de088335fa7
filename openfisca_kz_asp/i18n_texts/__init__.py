"""Text templates (kk/ru/en) for the API's error messages, warnings and explanations.

Each language file ``{lang}.yaml`` maps dotted keys (``errors.unknown_role``) to templates in
``str.format`` syntax. A key missing in Kazakh or Russian falls back to English, so a message is
never lost; ``tests/api/test_texts.py`` checks that all three files have the same keys.

A placeholder can agree a word with its number: ``{size:p:member|members}`` gives the form of the
word for the value of ``size`` (not the number itself), by :func:`openfisca_kz_asp.i18n.plural`,
e.g. ``на {size} {size:p:члена семьи|члена семьи|членов семьи}`` → «на 1 члена семьи», «на 5
членов семьи»; ``{q:roman}`` writes a number from 1 to 12 in Roman numerals («IV квартал»).
"""

from __future__ import annotations

import string
from collections.abc import Mapping
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from openfisca_kz_asp.contract import languages
from openfisca_kz_asp.i18n import plural

LANGUAGES = languages.LANGUAGES  # one home: openfisca_kz_asp.contract.languages
ROMAN = ("", "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII")
_FOLDER = Path(__file__).resolve().parent


@cache
def templates(lang: str) -> dict[str, str]:
    """All templates of ``lang``, flattened to dotted keys."""
    with (_FOLDER / f"{lang}.yaml").open(encoding="utf-8") as file:
        tree = yaml.safe_load(file) or {}
    flat: dict[str, str] = {}

    def walk(node: dict[str, Any], prefix: str) -> None:
        for key, value in node.items():
            if isinstance(value, dict):
                walk(value, f"{prefix}{key}.")
            else:
                flat[f"{prefix}{key}"] = str(value)

    walk(tree, "")
    return flat


class _Formatter(string.Formatter):
    """``str.format`` with one more format spec: ``p:one|few|many``, the word agreeing with the value."""

    def __init__(self, lang: str) -> None:
        super().__init__()
        self.lang = lang

    def format_field(self, value: Any, format_spec: str) -> str:
        if format_spec.startswith("p:"):
            return plural(float(value), format_spec[2:], self.lang)
        if format_spec == "roman":  # a quarter: «IV квартал», «IV тоқсан»
            return ROMAN[int(value)]
        return super().format_field(value, format_spec)


def fill(template: str, lang: str, /, **params: object) -> str:
    """``template`` filled with ``params``, plural forms agreed in ``lang``."""
    return _Formatter(lang if lang in LANGUAGES else "en").vformat(template, (), params)


def text(key: str, lang: str = "en", /, **params: object) -> str:
    """The template ``key`` in ``lang`` (English if missing), filled with ``params``."""
    lang = lang if lang in LANGUAGES else "en"
    template = templates(lang).get(key) or templates("en")[key]
    try:
        return fill(template, lang, **params)
    except (KeyError, IndexError, ValueError):  # a translation with a wrong placeholder
        return fill(templates("en")[key], "en", **params)


def shown(value: object, limit: int = 60) -> str:
    """A short rendering of a value given, for a message, in JSON's words (no Python type names).

    The one renderer of bad values for the API, ``calculate`` and the parameter changes: ``null``,
    ``true``, ``an object``, ``a list``, a string in quotes; an integer of more than 60 digits by its
    number of digits; text that is not valid Unicode (a lone surrogate) escaped; cut at ``limit``.
    """
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Mapping):
        return "an object"
    if isinstance(value, list | tuple):
        return "a list"
    if isinstance(value, int) and abs(value) >= 10**60:
        return f"{'-' if value < 0 else ''}a number of {len(str(abs(value)))} digits"
    rendered = repr(value) if isinstance(value, str) else str(value)
    rendered = rendered.encode("utf-8", "backslashreplace").decode("utf-8")
    return rendered if len(rendered) <= limit else rendered[: limit - 3] + "..."


def section(prefix: str, lang: str = "en") -> dict[str, str]:
    """Every template under ``prefix`` (e.g. ``ui``), keys without the prefix: for the page."""
    english = {k: v for k, v in templates("en").items() if k.startswith(prefix + ".")}
    local = templates(lang if lang in LANGUAGES else "en")
    return {k[len(prefix) + 1 :]: local.get(k, v) for k, v in english.items()}
