"""A parameter value's source title in the reader's language (kk, ru, en).

Every dated value in ``parameters/`` carries ``metadata.reference`` {title, href}; ``title`` is the
Russian original (the language of the acts and of most sources). One home for the title a person
reads, :func:`reference_title`:

* ``ru``: the Russian ``title``;
* ``en`` / ``kk``: the translation written beside it (``title_en`` / ``title_kk``), for the acts,
  ministry statements and notes (about a hundred titles, each translated once in its YAML);
* the statistical subsistence minimum (``general.subsistence_minimum_statistical``, some 300
  values of a few fixed patterns) has no translation in the YAML: its title is derived here from
  the value's own data — the region (the parameter's name, worded by the ``Region`` labels), the
  month or quarter (the value's date, in words), the amount, and the site that reported it (the
  host of ``href``). The Russian quotation of the reporting site's words is left out of the
  derived title (it stays in ``title`` for the lawyers' site);
* otherwise ``title``.

Convention for the translated titles (``title_en`` / ``title_kk``): a passage the Russian title
quotes from an act («…») is translated, in quotation marks, and marked "(translation)" /
"(аударма)", since the official English text does not exist and the official Kazakh text was not
at hand; act names are given as officially used where known; articles are cited as "Art. 2 p. 6
sp. 4" in English and "2-бап 6-тармақ 4-тармақша" in Kazakh (the provisions' own convention,
:mod:`openfisca_kz_asp.provisions.citations`). The Kazakh terms follow the glossary
(shared/design/glossary.md); a native speaker should review them before a release.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from urllib.parse import urlsplit

from openfisca_kz_asp.contract.languages import format_number
from openfisca_kz_asp.i18n import enum_label

STATISTICAL = "general.subsistence_minimum_statistical."
"""The parameters whose titles are derived (``…monthly.<region>``, ``…quarterly.<region>``)."""

NATIONAL = "national"

ROMAN = ("I", "II", "III", "IV")

_TEXTS: dict[str, dict[str, Any]] = {
    "en": {
        "published": "Subsistence minimum (Bureau of National Statistics), {region}, {when}: {value} KZT, "
        "as reported by {site}",
        "published_no_site": "Subsistence minimum (Bureau of National Statistics), {region}, {when}: "
        "{value} KZT",
        "unpublished": "Subsistence minimum, {region}, {when}: no value published in the sources used; "
        "it is estimated (see the basis of the poverty line)",
        "national": "Republic of Kazakhstan (national average)",
        "month": "{month} {year}",
        "quarter": "Q{q} {year} (quarterly average)",
        "months": (
            "January", "February", "March", "April", "May", "June",
            "July", "August", "September", "October", "November", "December",
        ),
    },
    "kk": {
        "published": "Ең төмен күнкөріс деңгейі (Ұлттық статистика бюросы), {region}, {when}: {value} теңге, "
        "{site} хабарлауынша",
        "published_no_site": "Ең төмен күнкөріс деңгейі (Ұлттық статистика бюросы), {region}, {when}: "
        "{value} теңге",
        "unpublished": "Ең төмен күнкөріс деңгейі, {region}, {when}: пайдаланылған дереккөздерде жарияланған "
        "мән жоқ; ол бағаланады (кедейлік шегінің негізін қараңыз)",
        "national": "Қазақстан Республикасы (орташа)",
        "month": "{year} жылғы {month}",
        "quarter": "{year} жылғы {q} тоқсан (орташа)",
        "months": (
            "қаңтар", "ақпан", "наурыз", "сәуір", "мамыр", "маусым",
            "шілде", "тамыз", "қыркүйек", "қазан", "қараша", "желтоқсан",
        ),
    },
}  # fmt: skip


def is_derived(parameter: str | None) -> bool:
    """Whether the titles of ``parameter``'s values are derived (the statistical minimum)."""
    return bool(parameter) and str(parameter).startswith(STATISTICAL)


def derived_title(parameter: str, instant: str, value: Any, href: str, lang: str) -> str:
    """The title of a statistical minimum's value in ``lang`` (en, kk), from the value's own data.

    ``parameter`` is ``general.subsistence_minimum_statistical.<monthly|quarterly>.<region>``;
    ``instant`` the value's date (``YYYY-MM-DD``); ``value`` the amount (None: not published);
    ``href`` the source's address (its host names the site that reported the value).
    """
    words = _TEXTS[lang]
    frequency, region = parameter.removeprefix(STATISTICAL).split(".")[-2:]
    year, month = int(instant[:4]), int(instant[5:7])
    if frequency == "quarterly":
        number = (month - 1) // 3 + 1
        when = words["quarter"].format(q=number if lang == "en" else ROMAN[number - 1], year=year)
    else:
        when = words["month"].format(month=words["months"][month - 1], year=year)
    place = words["national"] if region == NATIONAL else enum_label("Region", region, lang)
    if value is None:
        return str(words["unpublished"].format(region=place, when=when))
    site = (urlsplit(href).hostname or "").removeprefix("www.")
    key = "published" if site else "published_no_site"
    return str(words[key].format(region=place, when=when, value=format_number(value, lang), site=site))


def reference_title(
    reference: Mapping[str, Any],
    lang: str,
    *,
    parameter: str | None = None,
    instant: str | None = None,
    value: Any = None,
) -> str:
    """The title of a parameter value's ``reference`` in ``lang``: ``title_{lang}``, else the title
    derived from the value (the statistical minimum: give ``parameter``, ``instant`` and ``value``),
    else the Russian ``title``."""
    title = str(reference.get("title") or "")
    if lang == "ru":
        return title
    translated = reference.get(f"title_{lang}")
    if translated:
        return str(translated)
    if lang in _TEXTS and is_derived(parameter) and instant:
        return derived_title(str(parameter), instant, value, str(reference.get("href") or ""), lang)
    return title


__all__ = ["STATISTICAL", "derived_title", "is_derived", "reference_title"]
