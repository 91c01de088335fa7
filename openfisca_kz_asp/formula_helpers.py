"""Small vectorised helpers used by several formulas (periods, rounding, month arithmetic)."""

from __future__ import annotations

from typing import Any

import numpy as np
from openfisca_core import periods
from openfisca_core.periods import DateUnit, Instant, Period


def quarter_of(period: Period) -> Period:
    """The calendar quarter (3 months) that contains the first month of ``period``."""
    start = period.start
    first_month = (start.month - 1) // 3 * 3 + 1
    return Period((DateUnit.MONTH, Instant((start.year, first_month, 1)), 3))


def reference_quarter(period: Period) -> Period:
    """The calendar quarter before the quarter of ``period``: whose income is tested.

    Social Code Art. 127 p.2; Law 246-II Art. 6 and the income rules (Order 237-п).
    """
    return quarter_of(period).offset(-3, DateUnit.MONTH)


def months_left_in_quarter(period: Period) -> int:
    """Months from the month of ``period`` to the end of its quarter, both included (1 to 3)."""
    return 3 - (period.start.month - 1) % 3


def round_half_up(values: np.ndarray) -> np.ndarray:
    """Round to the whole tenge, halves up, as the published poverty lines show (11,470.5 → 11,471).

    The tiny epsilon absorbs float error in products such as 0.7 × 29,698 = 20,788.6.
    """
    if np.ndim(values) == 0:
        return np.floor(np.asarray(values, dtype=np.float64) + 0.5 + 1e-9)
    out = np.array(values, dtype=np.float64)  # a copy, rounded in place: the same operations, in order
    out += 0.5
    out += 1e-9
    return np.floor(out, out=out)


def month_index(dates: np.ndarray) -> np.ndarray:
    """Months since year 0 of each date (numpy datetime64), for whole-month differences."""
    months = np.asarray(dates, dtype="datetime64[M]").astype(np.int64)
    return months


def period_month_index(period: Period) -> int:
    """Months since year 0 of the first month of ``period``, on the same scale as month_index."""
    return int(np.datetime64(f"{period.start.year:04d}-{period.start.month:02d}", "M").astype(np.int64))


def is_within_months_of(event_dates: np.ndarray, period: Period, months: int) -> np.ndarray:
    """Whether the month of ``period`` overlaps the ``months``-month window that starts on each date.

    The bars of Art. 2 p.2 run for six months from an event. Working in whole months, a month is
    barred when any of its days falls in the window: an event on 15 March bars March to September
    (the window ends on 15 September); an event on 1 March bars March to August.
    """
    dates = np.asarray(event_dates, dtype="datetime64[D]")
    event_month = month_index(dates)
    elapsed = period_month_index(period) - event_month
    day_of_month = (dates - dates.astype("datetime64[M]").astype("datetime64[D]")).astype(np.int64) + 1
    return (elapsed >= 0) & ((elapsed < months) | ((elapsed == months) & (day_of_month > 1)))


def is_unset_input(population: Any, name: str) -> bool:
    """Whether ``name`` is an input (no formula) that has no value for any period of the simulation.

    Such a variable is its default everywhere; a formula that sums many optional inputs (the income
    kinds) can skip it instead of asking OpenFisca for three months of zeros.
    """
    simulation = population.simulation
    if simulation.tax_benefit_system.get_variable(name).formulas:
        return False
    return not simulation.get_holder(name).get_known_periods()


def parameters_over_time(population: Any, path: str) -> Any:
    """The node ``path`` of the parameter tree with all its dates, for a formula that needs more
    than ``parameters(period)`` gives (e.g. every quarter's subsistence minimum).

    The one way a formula reads the tree other than through ``parameters``: the read is told to the
    simulation when it notes what formulas read (``note_parameters``, see
    ``openfisca_kz_asp.microsim.sharing``), so that a reform that changes the node is never given
    the baseline's result.
    """
    simulation = population.simulation
    note = getattr(simulation, "note_parameters", None)
    if note is not None:
        note(path)
    node = simulation.tax_benefit_system.parameters
    for key in path.split("."):
        node = node.children[key]
    return node


def first_day(period: Period) -> np.datetime64:
    """The first day of ``period`` as a numpy date."""
    return np.datetime64(str(period.start), "D")


__all__ = [
    "first_day",
    "is_unset_input",
    "is_within_months_of",
    "month_index",
    "months_left_in_quarter",
    "parameters_over_time",
    "period_month_index",
    "periods",
    "quarter_of",
    "reference_quarter",
    "round_half_up",
]
