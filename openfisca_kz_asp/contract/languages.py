"""The languages of the package and how each writes numbers: one home.

The API's messages, the labels, the explanation, ``calculate`` and the calculator page (through
``GET /meta``) all take the list of languages and the number format from here. English writes
``41,155`` and ``16,666.67``; Russian and Kazakh write ``41 155`` (a no-break space) and
``16 666,67``, as Intl's ``ru-KZ`` locale does in the page.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

LANGUAGES: tuple[str, ...] = ("kk", "ru", "en")
"""Kazakh, Russian, English; English is the fallback of every text."""
DEFAULT_LANGUAGE = "en"
NBSP = "\u00a0"


@dataclass(frozen=True)
class NumberFormat:
    """How a language writes numbers: the locale the page gives ``Intl`` and the two separators."""

    locale: str
    decimal: str
    group: str


NUMBER_FORMATS: dict[str, NumberFormat] = {
    "en": NumberFormat(locale="en-GB", decimal=".", group=","),
    "ru": NumberFormat(locale="ru-KZ", decimal=",", group=NBSP),
    "kk": NumberFormat(locale="ru-KZ", decimal=",", group=NBSP),
}


def is_language(lang: object) -> bool:
    return isinstance(lang, str) and lang in LANGUAGES


def format_number(value: float, lang: str, *, decimals: int = 2) -> str:
    """A number as people write it: 41,155 / 16,666.67 / 0.7 in English; 41 155 / 16 666,67 / 0,7 else.

    Whole numbers lose their decimals; small numbers (rates, MRP multiples) their trailing zeros.
    """
    rounded = round(float(value), decimals)
    shown = f"{rounded:,.0f}" if rounded.is_integer() else f"{rounded:,.{decimals}f}"
    if abs(rounded) < 100 and "." in shown:  # rates and MRP multiples: 0.7, 1.5, 0.35
        shown = shown.rstrip("0")
    form = NUMBER_FORMATS.get(lang, NUMBER_FORMATS[DEFAULT_LANGUAGE])
    return shown.replace(",", "\0").replace(".", form.decimal).replace("\0", form.group)


def number_formats() -> dict[str, dict[str, Any]]:
    """The number formats as JSON, for ``GET /meta``."""
    return {lang: asdict(form) for lang, form in NUMBER_FORMATS.items()}


__all__ = ["LANGUAGES", "NUMBER_FORMATS", "NumberFormat", "format_number", "is_language", "number_formats"]
