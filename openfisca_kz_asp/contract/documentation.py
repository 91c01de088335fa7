"""What each input's documentation says about its period: the quarter rule, written once.

The ASP of a month tests the family's income of the *reference quarter*: the calendar quarter
before the quarter of that month (Social Code Art. 127 p.2; Law 246-II Art. 6;
:func:`openfisca_kz_asp.formula_helpers.reference_quarter`). A client that gives an income for the
month asked gets a wrong amount (and a warning). Generic OpenFisca clients (an AI assistant's MCP
server reading ``/variable/<name>`` and ``/spec``) learn how to give each input from the text
built here; ``GET /variable/<name>``, the situation schema of ``/spec`` and the tool descriptions
of ``openfisca-kz-asp mcp`` all take it from this module.
"""

from __future__ import annotations

from openfisca_core import periods
from openfisca_core.periods import DateUnit

from openfisca_kz_asp.contract.model import Input
from openfisca_kz_asp.formula_helpers import quarter_of, reference_quarter

EXAMPLE_MONTH = "2024-01"
"""The month asked in the examples (its reference quarter: October to December 2023)."""


def reference_period(month: str = EXAMPLE_MONTH) -> str:
    """The OpenFisca period of the reference quarter of ``month``: ``2024-01`` → ``month:2023-10:3``."""
    return str(reference_quarter(periods.period(month)))


def _span(period: periods.Period) -> str:
    """``October to December 2023`` for a 3-month period."""
    from openfisca_kz_asp.i18n_texts import text  # noqa: PLC0415 - i18n_texts imports the contract

    names = text("coverage.months_from", "en").split("|")  # the month words of coverage_window
    first, last = period.start, period.start.offset(period.size_in_months - 1, DateUnit.MONTH)
    return f"{names[first.month - 1]} to {names[last.month - 1]} {last.year}"


def quarter_rule(month: str = EXAMPLE_MONTH) -> str:
    """The quarter rule in words, with the example period of ``month``'s reference quarter."""
    asked = periods.period(month)
    quarter = reference_quarter(asked)
    return (
        "Incomes are those of the reference quarter: the calendar quarter before the quarter of the "
        "month asked (Social Code Art. 127 p.2). Give each kind of income as the total of those 3 "
        f"months under the period `month:YYYY-MM:3`: for any month of {_span(quarter_of(asked))} "
        f'(e.g. `{month}`), `{{"{reference_period(month)}": 450000}}` is 450,000 KZT received '
        f"from {_span(quarter)} (150,000 a month). Not the income of the month asked: an income given "
        f"for `{month}` only is not used for `{month}`, and the answer warns about it."
    )


def period_note(item: Input, month: str = EXAMPLE_MONTH) -> str:
    """How to give ``item`` in a situation, with the quarter rule (in full for an income kind)."""
    short = (
        f"Incomes are given for the reference quarter, not the month asked: "
        f"`{reference_period(month)}` for `{month}`."
    )
    if item.is_income:
        return f"Period: {quarter_rule(month)}"
    if item.period == "eternity":
        return f'Period: give it once for `ETERNITY`, e.g. `{{"ETERNITY": ...}}`. {short}'
    if item.period == "year":
        return f'Period: give it for the year, e.g. `{{"{month[:4]}": ...}}`. {short}'
    if item.computable:
        return (
            f'Period: computed for the month asked; ask for it with `{{"{month}": null}}` (a value given '
            f"for that month replaces the formula). {short}"
        )
    return f'Period: give it for the month asked, e.g. `{{"{month}": ...}}`. {short}'


def documented(documentation: str | None, item: Input) -> str:
    """A variable's documentation followed by the period note of its input."""
    text = (documentation or "").strip()
    return f"{text}\n\n{period_note(item)}" if text else period_note(item)


__all__ = ["EXAMPLE_MONTH", "documented", "period_note", "quarter_rule", "reference_period"]
