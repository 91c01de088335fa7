"""Labels of variables and enum values in Kazakh, Russian and English, and plural forms.

English labels are the code's own (a variable's ``label``, an enum member's value), so they
cannot drift; Kazakh and Russian ones are in ``translations/{kk,ru}.yaml``. Every variable and
every enum value must have both (``tests/test_metadata.py`` checks it).

:func:`plural` is the one place that knows how a word agrees with a number in the three languages
(the message templates use it through ``{n:p:form|form|form}``, see :mod:`.i18n_texts`).
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import yaml
from openfisca_core.taxbenefitsystems import TaxBenefitSystem

from openfisca_kz_asp import enums
from openfisca_kz_asp.contract import languages

LANGUAGES = languages.LANGUAGES  # one home: openfisca_kz_asp.contract.languages
TRANSLATED: tuple[str, ...] = ("kk", "ru")
ENUMS = {
    name: getattr(enums, name)
    for name in (
        "Sex",
        "DisabilityGroup",
        "Region",
        "AspType",
        "IneligibilityReason",
        "PovertyLineBasis",
        "FamilyExclusion",
    )
}
_FOLDER = Path(__file__).resolve().parent / "translations"


class UnknownLanguageError(ValueError):
    """A language other than kk, ru or en."""


def check_language(lang: str) -> str:
    """Return ``lang`` if supported, else raise with the list of languages."""
    if lang not in LANGUAGES:
        msg = f"Unknown language '{lang}': use one of {', '.join(LANGUAGES)}."
        raise UnknownLanguageError(msg)
    return lang


@cache
def _translations(lang: str) -> dict[str, Any]:
    with (_FOLDER / f"{lang}.yaml").open(encoding="utf-8") as file:
        return yaml.safe_load(file)


def plural_category(number: float, lang: str) -> int:
    """Which plural form agrees with ``number`` in ``lang``: an index into (one, few, many).

    Russian has three forms (1, 21 лицо; 2–4, 22 лица; 0, 5–20, 25 лиц; a fraction takes the
    second, «1,5 члена»); English two (one, other); Kazakh one, since a noun after a numeral stays
    singular («3 мүше»).
    """
    check_language(lang)
    if lang == "kk":
        return 0
    whole = float(number).is_integer()
    if lang == "en":
        return 0 if whole and abs(number) == 1 else 1
    if not whole:
        return 1
    n = abs(int(number))
    if n % 10 == 1 and n % 100 != 11:
        return 0
    if 2 <= n % 10 <= 4 and not 12 <= n % 100 <= 14:
        return 1
    return 2


def plural(number: float, forms: str | tuple[str, ...] | list[str], lang: str) -> str:
    """The form of a word that agrees with ``number`` in ``lang``.

    ``forms`` lists the forms (one, few, many), as a tuple or as text separated by ``|``; fewer forms
    are fine (the last one is used for the missing ones): ``plural(2, "person|persons", "en")`` is
    ``persons``, ``plural(21, "указанного лица|указанных лиц", "ru")`` is ``указанного лица``,
    ``plural(5, "мүше", "kk")`` is ``мүше``.

    >>> forms = "члена семьи|члена семьи|членов семьи"
    >>> plural(1, forms, "ru"), plural(2, forms, "ru"), plural(5, forms, "ru")
    ('члена семьи', 'члена семьи', 'членов семьи')
    """
    options = forms.split("|") if isinstance(forms, str) else list(forms)
    return options[min(plural_category(number, lang), len(options) - 1)]


def label(tbs: TaxBenefitSystem, variable: str, lang: str = "en") -> str:
    """The label of ``variable`` in ``lang`` (English: the variable's own label)."""
    if check_language(lang) == "en":
        return tbs.variables[variable].label
    return _translations(lang)["variables"].get(variable) or tbs.variables[variable].label


def enum_label(enum_name: str, value: str, lang: str = "en") -> str:
    """The label of the enum member ``value`` of ``enum_name`` in ``lang``."""
    if check_language(lang) == "en":
        return ENUMS[enum_name][value].value
    return _translations(lang)["enums"][enum_name][value]


def all_labels(tbs: TaxBenefitSystem, lang: str = "en") -> dict[str, dict[str, Any]]:
    """Every variable label and enum label in ``lang``: what the calculator page loads."""
    return {
        "variables": {name: label(tbs, name, lang) for name in sorted(tbs.variables)},
        "enums": {
            name: {member.name: enum_label(name, member.name, lang) for member in enum}
            for name, enum in ENUMS.items()
        },
    }


def missing_labels(tbs: TaxBenefitSystem) -> list[str]:
    """Variables and enum values with no Kazakh or Russian label (for the metadata test)."""
    problems = []
    for lang in TRANSLATED:
        table = _translations(lang)
        for name in sorted(tbs.variables):
            if not table["variables"].get(name):
                problems.append(f"{lang}: variable {name}")
        for enum_name, enum in ENUMS.items():
            for member in enum:
                if not table["enums"].get(enum_name, {}).get(member.name):
                    problems.append(f"{lang}: {enum_name}.{member.name}")
    return problems
