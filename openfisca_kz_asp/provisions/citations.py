"""How a provision is cited on a given date: the act in force, its words in kk/ru/en, its link.

THE one place that turns a register id into what a person reads (``/explain``, the calculator page,
the ``calculate`` command, the lawyers' site). Law 246-II was repealed on 1 July 2023 by the Social
Code No 224-VII: from that date a rule the package applies is cited from the Code, never from the
repealed Law. The register says which Code provision replaced which Law provision (``successor``,
after ``shared/research/data/law246_to_social_code_mapping.csv`` and legal_gaps.md §2). Where the
Code's article was not found, the citation says so: «Social Code, article not identified (formerly
Law 246-II, Art. 7)», so that the reader knows both what applies and what is missing.

Links go to the primary act on adilet.zan.kz (in the reader's language where adilet has it); only
where no adilet address is known (Order 160; the topical rules) do they go to the register's source.

>>> [c.title for c in cite("law246.a2.p2.sp1", "2023-03", "en")]
['Law 246-II, Art. 2 p.2 sp.1']
>>> [c.title for c in cite("law246.a2.p2.sp1", "2024-03", "ru")]
['Социальный кодекс, ст. 128 пп. 1']
>>> [c.title for c in cite("law246.a7", "2024-03", "en")]
['Social Code, article not identified (formerly Law 246-II, Art. 7)']
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from typing import Any

from openfisca_kz_asp.i18n_texts import text
from openfisca_kz_asp.provisions import Provision, Register, default_register, sort_key

#: The last day of Law 246-II: the Social Code No 224-VII applies from 1 July 2023.
LAW_246_LAST_DAY = "2023-06-30"

#: The primary acts on adilet.zan.kz, by language. Adilet's English page exists for the Law
#: (legal_brief.md cites it); for the Code the Russian page is given to English readers.
ADILET: dict[str, dict[str, str]] = {
    "law246": {
        "ru": "https://adilet.zan.kz/rus/docs/Z010000246_",
        "kk": "https://adilet.zan.kz/kaz/docs/Z010000246_",
        "en": "https://adilet.zan.kz/eng/docs/Z010000246_",
    },
    "code224": {
        "ru": "https://adilet.zan.kz/rus/docs/K2300000224",
        "kk": "https://adilet.zan.kz/kaz/docs/K2300000224",
        "en": "https://adilet.zan.kz/rus/docs/K2300000224",
    },
}
#: Acts whose own provisions are not in force before the act itself (the Law's entries carry the
#: date of their wording instead, so an earlier wording is still the same provision).
_STARTS_WITH_ACT = ("code224", "order160")

_SEGMENT = re.compile(r"^(a|p|sp)(\d+(?:-\d+)*)$")
_CONFIDENCE = re.compile(r"\s*\[(?:достоверность|confidence|сенімділік)\s*:\s*([^\]]*)\]", re.IGNORECASE)


@dataclass(frozen=True)
class Citation:
    """One provision as a person reads it on a given date."""

    id: str  # the register id of the rule applied (a Law id when the Code's article was not found)
    act: str  # the act cited: law246, code224, order160 or asp (a topical rule)
    title: str  # "Social Code, Art. 128 sp.1" / "Социальный кодекс, ст. 128 пп. 1" / …
    description: str  # what the provision is about (the register's title; Russian for Kazakh)
    href: str  # the primary act on adilet where known, else the register's source
    note: str | None = None  # why the citation is not exact (e.g. "article not identified …")

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def as_date(when: Any) -> str:
    """``when`` as an ISO date: a date, "2024-03", "2024-03-15" or an OpenFisca period (its start)."""
    if hasattr(when, "start") and not isinstance(when, str):
        when = str(when.start)
    if isinstance(when, datetime.date):
        return when.isoformat()
    value = str(when)
    if re.fullmatch(r"\d{4}-\d{2}", value):
        return value + "-01"
    if re.fullmatch(r"\d{4}", value):
        return value + "-01-01"
    datetime.date.fromisoformat(value)  # raises on anything else
    return value


def act_href(document: str, lang: str) -> str | None:
    """The adilet address of an act in ``lang``, or None when none is known."""
    return ADILET.get(document, {}).get(lang)


def where(provision_id: str, lang: str) -> str:
    """The article, point and sub-point of an id in words: "Art. 2 p.4 sp.2", "ст. 2 п. 4 пп. 2", …"""
    parts = []
    for segment in provision_id.split(".")[1:]:
        match = _SEGMENT.match(segment)
        if match:
            kind = {"a": "article", "p": "point", "sp": "subpoint"}[match.group(1)]
            parts.append(text(f"cite.{kind}", lang, n=match.group(2)))
    return " ".join(parts)


def label(provision: Provision, lang: str) -> str:
    """A provision's citation in its own act: "Law 246-II, Art. 2 p.4 sp.2"; a topical rule's title."""
    document = provision.document
    if document == "asp":
        return _title(provision, lang)
    act = text(f"cite.act.{document}", lang)
    place = where(provision.id, lang)
    return text("cite.in_act", lang, act=act, where=place) if place else act


def _title(provision: Provision, lang: str) -> str:
    if lang == "en":
        return provision.title_en
    if lang == "kk" and provision.title_kk:
        return provision.title_kk
    return provision.title_ru


def _not_yet(provision: Provision, day: str) -> bool:
    start = provision.in_force_from
    if provision.document in _STARTS_WITH_ACT or provision.kind == "topic":
        return start is not None and day < start
    return False


def _ended(provision: Provision, day: str) -> bool:
    end = provision.in_force_to
    return end is not None and end < day


def _successors(provision: Provision, register: Register) -> tuple[str, ...]:
    """The nearest successors up the hierarchy (the act itself when no article was found)."""
    for candidate in [provision, *register.ancestors(provision.id)]:
        if candidate.successor:
            return candidate.successor
    return ()


def _resolve(pid: str, day: str, lang: str, register: Register, former: str | None = None) -> list[Citation]:
    provision = register[pid]
    if _not_yet(provision, day):
        return []
    if not _ended(provision, day):
        href = act_href(provision.document, lang) or provision.source["href"]
        note = None
        if former is not None and former != pid:
            note = text("cite.replaces", lang, former=label(register[former], lang))
        return [
            Citation(pid, provision.document, label(provision, lang), _title(provision, lang), href, note)
        ]
    successors = _successors(provision, register)
    found: list[Citation] = []
    for successor in successors:
        target = register[successor]
        if target.kind == "act" and not _ended(target, day) and not _not_yet(target, day):
            # The act that replaced this one, but not the article: say so, and cite the old rule.
            origin = register[former or pid]
            found.append(
                Citation(
                    id=origin.id,
                    act=target.document,
                    title=text(
                        "cite.unidentified",
                        lang,
                        act=text(f"cite.act.{target.document}", lang),
                        former=label(origin, lang),
                    ),
                    description=_title(origin, lang),
                    href=act_href(target.document, lang) or target.source["href"],
                )
            )
        else:
            found.extend(_resolve(successor, day, lang, register, former or pid))
    return found


def cite(provision_id: str, when: Any, lang: str = "en", register: Register | None = None) -> list[Citation]:
    """How ``provision_id`` is cited on ``when``: itself while in force, else what replaced it.

    Empty when the provision is not in force on that date and nothing replaced it (the 2019 per-child
    rule in 2024), or not yet in force (the Social Code in 2022).
    """
    register = register or default_register()
    if provision_id not in register:
        msg = f"'{provision_id}' is not in the provisions register"
        raise KeyError(msg)
    return _resolve(provision_id, as_date(when), lang, register)


def cite_all(
    provision_ids: Iterable[str], when: Any, lang: str = "en", register: Register | None = None
) -> list[Citation]:
    """Every citation of ``provision_ids`` on ``when``, each once, in the order of the acts and the law.

    Strings that are links (a variable's ``reference`` mixes both) are skipped.
    """
    register = register or default_register()
    day = as_date(when)
    found: dict[str, Citation] = {}
    for pid in provision_ids:
        if pid.startswith(("http://", "https://")):
            continue
        for citation in cite(pid, day, lang, register):
            found.setdefault(citation.id, citation)
    order = {"code224": 0, "order160": 1, "law246": 2, "asp": 3}
    return sorted(found.values(), key=lambda c: (order.get(c.act, 9), sort_key(c.id)))


def split_confidence(title: str) -> tuple[str, str | None]:
    """A source title without its confidence tag, and the tag: ("…, 16 497 тенге", "medium").

    Some parameter references carry «[достоверность: medium]» in their title; a person reading an
    explanation gets the title without it (the lawyers' site shows the confidence apart).
    """
    match = _CONFIDENCE.search(title)
    if not match:
        return title, None
    return _CONFIDENCE.sub("", title).strip(), match.group(1).strip()


def repealed_on(href: str, when: Any) -> bool:
    """True when ``href`` is the address of an act that was repealed before ``when`` (Law 246-II)."""
    day = as_date(when)
    law = [link.split("/docs/")[-1] for link in ADILET["law246"].values()]
    return day > LAW_246_LAST_DAY and any(href.rstrip("/").endswith(code) for code in law)


__all__ = [
    "ADILET",
    "LAW_246_LAST_DAY",
    "Citation",
    "act_href",
    "as_date",
    "cite",
    "cite_all",
    "label",
    "repealed_on",
    "split_confidence",
    "where",
]
