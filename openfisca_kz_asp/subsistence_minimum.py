"""The statistical subsistence minimum by region and month: as published where it was, else estimated.

The poverty line is a share of the minimum that the Bureau of National Statistics computes for the
family's region, averaged over the quarter before the application quarter (Order 160 п. 1; legal_gaps
§1.3). The sources read give that minimum for a few region-months only (the parameters
``general.subsistence_minimum_statistical``). This module fills every region and month from
2017-01 to the end of the coverage window, once per parameter tree, and says for each cell how the
value was obtained. The rungs, in order (issue 8; docs/poverty_line.md):

1. ``regional_minimum``: the region's own minimum for the quarter — the Bureau's quarterly average
   for the region, or the mean of its three published months.
2. ``estimated``: the national minimum of the quarter × the region's ratio to the national minimum.
   The national minimum of a month is the published one where there is one; otherwise it is
   estimated from the neighbouring months with the seasonal pattern (a smooth trend in logs, twelve
   monthly seasonal effects and the January 2018 basket change, fitted by penalised least squares
   to every national value, then moved through the neighbouring published values); a quarter whose
   national average the Bureau published keeps that average. The ratio is the region's published
   value ÷ the national value (published or estimated) of the same month, from the months nearest in time
   (interpolated linearly between the nearest before and after; the nearest one outside them).
   Months the region published itself keep their published value within the quarter.
3. ``projected``: after the last national value, the trend goes on at its growth rate over the last
   twelve months of data, with the seasonal pattern; stated as a projection wherever it is shown.

Only numbers and dates from the parameter tree are used, so a reform or a new published value
changes the table the next time it is built.
"""

from __future__ import annotations

import functools
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any

import numpy as np

from openfisca_kz_asp.coverage import LAST_MONTH
from openfisca_kz_asp.enums import PovertyLineBasis, Region

FIRST_MONTH = "2017-01"
NATIONAL = "national"
BASKET_CHANGE = "2018-01"  # 60/40 → 55/45 basket (subsistence_minimum_statistical.md)
SMOOTHING = 100.0  # weight of the trend's second differences (chosen by leave-one-out; see tests)


def month_number(month: str) -> int:
    """Months since year 0 of "YYYY-MM" (year × 12 + month − 1)."""
    year, mon = month.split("-")
    return int(year) * 12 + int(mon) - 1


def month_label(number: int) -> str:
    return f"{number // 12:04d}-{number % 12 + 1:02d}"


@dataclass
class MinimumTable:
    """Dense region × month (and region × quarter) table of the statistical minimum with its basis."""

    first: int  # month number (year × 12 + month − 1) of column 0
    regions: list[str]  # Region names in enum order; `unknown` carries the national minimum
    monthly: np.ndarray  # (regions, months) KZT
    monthly_basis: np.ndarray  # (regions, months) PovertyLineBasis index
    quarterly: np.ndarray  # (regions, quarters) KZT, mean of the quarter's months
    quarterly_basis: np.ndarray  # (regions, quarters) PovertyLineBasis index
    national_last_published: str  # last month with a published national value

    def month_column(self, month: str) -> int:
        return month_number(month) - self.first

    def quarter_column(self, month: str) -> int:
        """Column of the quarter that contains ``month``."""
        return self.month_column(month) // 3


def _observed(node: Any) -> dict[str, dict[int, float]]:
    """Published values by region key and month number, from a parameter node's children."""
    out: dict[str, dict[int, float]] = {}
    for key, child in node.children.items():
        points = {}
        for at_instant in child.values_list:
            if at_instant.value is not None:
                points[month_number(at_instant.instant_str[:7])] = float(at_instant.value)
        out[key] = points
    return out


def _fit_national(
    monthly: dict[int, float], quarterly: dict[int, float], first: int, n_months: int
) -> tuple[np.ndarray, np.ndarray]:
    """Fitted log national minimum for every month: (trend with the basket step, seasonal effect)."""
    n_params = n_months + 12 + 1
    rows: list[np.ndarray] = []
    targets: list[float] = []
    break_col = month_number(BASKET_CHANGE) - first

    def design(col: int) -> np.ndarray:
        row = np.zeros(n_params)
        row[col] = 1.0
        row[n_months + (first + col) % 12] = 1.0
        row[-1] = 1.0 if col >= break_col else 0.0
        return row

    for month, value in monthly.items():
        rows.append(design(month - first))
        targets.append(np.log(value))
    for start, value in quarterly.items():
        rows.append(np.sum([design(start - first + k) for k in range(3)], axis=0) / 3.0)
        targets.append(np.log(value))
    weight = np.sqrt(SMOOTHING)
    for col in range(1, n_months - 1):
        row = np.zeros(n_params)
        row[col - 1 : col + 2] = weight * np.array([1.0, -2.0, 1.0])
        rows.append(row)
        targets.append(0.0)
    seasonal_sum = np.zeros(n_params)
    seasonal_sum[n_months : n_months + 12] = 100.0
    rows.append(seasonal_sum)
    targets.append(0.0)
    solution = np.linalg.lstsq(np.vstack(rows), np.array(targets), rcond=None)[0]
    cols = np.arange(n_months)
    trend = solution[:n_months] + np.where(cols >= break_col, solution[-1], 0.0)
    return trend, solution[n_months + (first + cols) % 12]


def _national(
    monthly: dict[int, float], quarterly: dict[int, float], first: int, n_months: int
) -> tuple[np.ndarray, np.ndarray, int]:
    """National minimum for every month, its basis, and the last month with published data."""
    trend, seasonal = _fit_national(monthly, quarterly, first, n_months)
    cols = np.array(sorted(m - first for m in monthly))
    last = int(max([cols.max(), *(q - first + 2 for q in quarterly)]))
    all_cols = np.arange(n_months)
    # After the last data the trend goes on at its growth over the last twelve months of data.
    growth = (trend[last] - trend[last - 12]) / 12.0
    trend = np.where(all_cols > last, trend[last] + growth * (all_cols - last), trend)
    fitted = trend + seasonal
    # Through the neighbouring published values: interpolate the residuals (held flat at the ends).
    residual = np.log([monthly[first + c] for c in cols]) - fitted[cols]
    value = np.exp(fitted + np.interp(all_cols, cols, residual))
    value[cols] = [monthly[first + c] for c in cols]
    basis = np.full(n_months, PovertyLineBasis.estimated.index)
    basis[cols] = PovertyLineBasis.regional_minimum.index
    basis[all_cols > last] = PovertyLineBasis.projected.index
    # A quarter whose average the Bureau published keeps it: its unpublished months are scaled.
    for start, average in quarterly.items():
        months = np.arange(start - first, start - first + 3)
        free = months[basis[months] != PovertyLineBasis.regional_minimum.index]
        if free.size:
            fixed_sum = value[months].sum() - value[free].sum()
            value[free] *= (3.0 * average - fixed_sum) / value[free].sum()
            basis[free] = PovertyLineBasis.regional_minimum.index
    return value, basis, last + first


def _ratio(region: dict[int, float], national: np.ndarray, first: int) -> np.ndarray:
    """Region ÷ national for every month, from the region's published months nearest in time.

    The national value of the same month is the published one or, where none was published, its
    estimate (leave-one-out: using those months too cut the largest regional error from 10% to 7%).
    """
    months = sorted(region)
    cols = np.array([m - first for m in months])
    ratios = np.array([region[m] / national[m - first] for m in months])
    return np.interp(np.arange(national.size), cols, ratios)


def build_table(node: Any) -> MinimumTable:
    """The dense table from ``parameters.general.subsistence_minimum_statistical``."""
    return build_from_points(_observed(node.monthly), _observed(node.quarterly))


def build_from_points(
    monthly: dict[str, dict[int, float]], quarterly: dict[str, dict[int, float]]
) -> MinimumTable:
    """The dense table from published points by region key and month number (quarter's first month)."""
    first = month_number(FIRST_MONTH)
    n_months = month_number(LAST_MONTH) - first + 1
    national, national_basis, last = _national(
        monthly[NATIONAL], quarterly.get(NATIONAL, {}), first, n_months
    )
    regions = [region.name for region in Region]
    values = np.empty((len(regions), n_months))
    basis = np.empty((len(regions), n_months), dtype=np.int16)
    for row, name in enumerate(regions):
        own = monthly.get(name, {})
        if not own:  # `unknown`: the national minimum stands in, an estimate for the family's region
            values[row] = national
            basis[row] = np.where(
                national_basis == PovertyLineBasis.projected.index,
                PovertyLineBasis.projected.index,
                PovertyLineBasis.estimated.index,
            )
            continue
        values[row] = national * _ratio(own, national, first)
        basis[row] = np.where(
            national_basis == PovertyLineBasis.projected.index,
            PovertyLineBasis.projected.index,
            PovertyLineBasis.estimated.index,
        )
        for month, value in own.items():
            values[row, month - first] = value
            basis[row, month - first] = PovertyLineBasis.regional_minimum.index
    n_quarters = n_months // 3
    by_quarter = (len(regions), n_quarters, 3)
    quarter_values = values.reshape(by_quarter).mean(axis=2)
    # The basis indices are ordered published < regional_minimum < estimated < projected, so a
    # quarter is on the region's own minimum only if all three months are, and projected if any is.
    quarter_basis = basis.reshape(by_quarter).max(axis=2)
    for name, points in quarterly.items():
        if name in regions:
            for start, value in points.items():
                quarter_values[regions.index(name), (start - first) // 3] = value
                quarter_basis[regions.index(name), (start - first) // 3] = (
                    PovertyLineBasis.regional_minimum.index
                )
    return MinimumTable(
        first=first,
        regions=regions,
        monthly=values,
        monthly_basis=basis,
        quarterly=quarter_values,
        quarterly_basis=quarter_basis,
        national_last_published=month_label(last),
    )


def published_points(parameters: Any, region: str, quarter_start: Any) -> list[tuple[str, Any]]:
    """The published values behind a region's minimum of the quarter starting at ``quarter_start``
    (an Instant): the Bureau's quarterly average when there is one, else the region's published
    months of the quarter; each as (parameter name, ParameterAtInstant)."""
    base = parameters.general.subsistence_minimum_statistical
    for frequency, starts in (
        ("quarterly", [quarter_start]),
        ("monthly", [quarter_start.offset(k, "month") for k in range(3)]),
    ):
        node = getattr(base, frequency).children.get(region)
        if node is None:
            continue
        points = {at.instant_str: at for at in node.values_list if at.value is not None}
        found = [
            (f"general.subsistence_minimum_statistical.{frequency}.{region}", points[str(start)])
            for start in starts
            if str(start) in points
        ]
        if found:
            return found
    return []


_CACHE: OrderedDict[int, tuple[Any, MinimumTable]] = OrderedDict()
CACHE_SIZE = 32  # tables kept (the baseline and the reforms in use); one costs about 10 ms to build


NODE = "general.subsistence_minimum_statistical"
"""Where the statistical minimum lives in the parameter tree."""


def table(parameters: Any) -> MinimumTable:
    """The table for a parameter tree, built once per tree (the least recently used is dropped)."""
    return node_table(functools.reduce(getattr, NODE.split("."), parameters))


def node_table(node: Any) -> MinimumTable:
    """The table for the node ``NODE`` of a parameter tree, built once per node."""
    cached = _CACHE.get(id(node))
    if cached is None or cached[0] is not node:
        cached = (node, build_table(node))
        _CACHE[id(node)] = cached
        while len(_CACHE) > CACHE_SIZE:
            _CACHE.popitem(last=False)
    else:
        _CACHE.move_to_end(id(node))
    return cached[1]
