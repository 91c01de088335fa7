"""Month and quarter parsing: one home for every entry point.

The API checks the periods of a situation with these helpers, the explanation and ``calculate``
accept a month with :data:`MONTH_PATTERN`, the microsimulation reads a year, a quarter or a month
with :func:`months_in`, and ``GET /meta`` hands the same pattern and coverage window to the
calculator page. The coverage window itself lives in :mod:`openfisca_kz_asp.coverage`; every entry
point that refuses a month outside it says so with :func:`out_of_coverage` ("The rules are encoded
from January 2018 to December 2026, not 2027-01."), and the page says the window with the words of
:func:`coverage_window`, in the user's language.
"""

from __future__ import annotations

import functools
import re

from openfisca_core import periods
from openfisca_core.periods import DateUnit, Period

from openfisca_kz_asp.coverage import FIRST_MONTH, LAST_MONTH

MONTH_PATTERN = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")
"""A month as the API, the CLI and the page write it: ``YYYY-MM``."""
QUARTER_PATTERN = re.compile(r"^(\d{4})-Q([1-4])$", re.IGNORECASE)
"""A calendar quarter as the microsimulation accepts it: ``2024-Q2``."""
MAX_PERIOD_TEXT = 40


@functools.lru_cache(maxsize=4096)
def _parse(raw: str) -> Period | None:
    """Parsing with pendulum is slow; the same few period strings come in every request."""
    try:
        return periods.period(raw)
    except Exception:  # core raises several error types for bad strings
        return None


def parse_period(raw: object) -> Period | None:
    """The OpenFisca period ``raw`` names (``2024-03``, ``month:2023-10:3``, ``2024``...), else None."""
    if not isinstance(raw, str) or not raw or len(raw) > MAX_PERIOD_TEXT:
        return None
    return _parse(raw)


@functools.lru_cache(maxsize=4096)
def month_str(period: Period) -> str:
    """The first month of ``period`` as ``YYYY-MM``."""
    return f"{period.start.year:04d}-{period.start.month:02d}"


@functools.lru_cache(maxsize=4096)
def months_of(period: Period) -> tuple[str, ...]:
    """The months a (month or year) period covers, as ``YYYY-MM`` strings (none for ETERNITY)."""
    if period.unit == DateUnit.ETERNITY:
        return ()
    start = periods.period(f"month:{month_str(period)}")
    count = period.size_in_months if period.unit in (DateUnit.MONTH, DateUnit.YEAR) else 1
    return tuple(month_str(start.offset(i, DateUnit.MONTH)) for i in range(count))


def is_month(text: object) -> bool:
    """``text`` is a month written ``YYYY-MM``."""
    return isinstance(text, str) and MONTH_PATTERN.match(text) is not None


def in_coverage(month: str) -> bool:
    """``month`` (``YYYY-MM``) lies in the months the rules are encoded for."""
    return FIRST_MONTH <= month <= LAST_MONTH


def coverage_window(lang: str = "en") -> str:
    """The coverage window in words: "from January 2018 to December 2026" (kk/ru/en)."""
    from openfisca_kz_asp.i18n_texts import text  # noqa: PLC0415 - i18n_texts imports the contract

    def month_word(key: str, month: str) -> str:
        return text(f"coverage.{key}", lang).split("|")[int(month[5:7]) - 1]

    return text(
        "coverage.window",
        lang,
        first_month=month_word("months_from", FIRST_MONTH),
        first_year=FIRST_MONTH[:4],
        last_month=month_word("months_to", LAST_MONTH),
        last_year=LAST_MONTH[:4],
    )


def out_of_coverage(period: object, lang: str = "en") -> str:
    """What every entry point says of a period outside the coverage window (one message)."""
    from openfisca_kz_asp.i18n_texts import text  # noqa: PLC0415 - i18n_texts imports the contract

    return text("errors.output_out_of_range", lang, window=coverage_window(lang), period=period)


def months_in(text: object) -> list[Period]:
    """The months of a year (``2024``), a quarter (``2024-Q2`` or ``month:2024-04:3``) or a month.

    Raises ``ValueError`` with a sentence for the user when ``text`` is none of these or leaves the
    coverage window.
    """
    raw = str(text).strip()
    quarter = QUARTER_PATTERN.match(raw)
    if quarter:
        raw = f"month:{quarter.group(1)}-{(int(quarter.group(2)) - 1) * 3 + 1:02d}:3"
    elif "-Q" in raw.upper():
        msg = f"Unknown quarter in '{text}' (use 2024-Q1 to 2024-Q4)."
        raise ValueError(msg)
    parsed = parse_period(raw)
    if parsed is None or parsed.unit not in (DateUnit.YEAR, DateUnit.MONTH) or parsed.size < 1:
        msg = f"Unknown period '{text}': use a year (2024), a quarter (2024-Q2) or a month (2024-05)."
        raise ValueError(msg)
    months = [parsed.first_month.offset(k, DateUnit.MONTH) for k in range(parsed.size_in_months)]
    if not (in_coverage(month_str(months[0])) and in_coverage(month_str(months[-1]))):
        raise ValueError(out_of_coverage(text))
    return months


__all__ = [
    "FIRST_MONTH",
    "LAST_MONTH",
    "MONTH_PATTERN",
    "coverage_window",
    "in_coverage",
    "is_month",
    "month_str",
    "months_in",
    "months_of",
    "out_of_coverage",
    "parse_period",
]
