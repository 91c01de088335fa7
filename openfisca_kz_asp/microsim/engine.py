"""Simulate a partition of households over the months of a period and accumulate additive sums.

Everything a report needs is a weighted sum over households, accumulated in float64 (OpenFisca
returns float32), so partitions can be simulated anywhere and added up: the local engine and
the Dask engine run this same function and differ only in where. Deciles need global cut
points: they are computed first from every household's equivalised income (:func:`decile_cuts`).

What is accumulated, per scenario (baseline and each reform):

* sums by ASP type, region, income decile and poverty status (``MEASURES``);
* poverty at two standards (the household's ASP line, ``poverty_line`` of the baseline, and the
  statistical subsistence minimum of its region, ``subsistence_minimum_statistical``), regular and
  deep (below half the standard), headcount and gap, by age group and sex, before and after ASP;
* the five bands of winners and losers by decile (relative change of the year's income);
* recipient families gained and lost against the baseline;
* histograms of equivalised income before and after ASP (fixed bins: Gini and income shares);
* bootstrap replicates of the headline sums (Poisson multipliers per household, a function of the
  household id, so any partitioning gives the same replicates).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache, partial
from typing import Any

import numpy as np
from openfisca_core import periods
from openfisca_core.simulations import Simulation
from openfisca_core.taxbenefitsystems import TaxBenefitSystem

from openfisca_kz_asp.contract.periods import months_in
from openfisca_kz_asp.enums import AspType, PovertyLineBasis, Region, Sex
from openfisca_kz_asp.microsim import sharing
from openfisca_kz_asp.microsim.build import Inputs, new_simulation, prepare
from openfisca_kz_asp.microsim.loader import Microdata
from openfisca_kz_asp.microsim.takeup import TakeUp
from openfisca_kz_asp.reform_registry import apply_reform
from openfisca_kz_asp.system import CountryTaxBenefitSystem

BASELINE = "baseline"
MEASURES = (
    "cost_full",  # asp_amount + asp_child_supplement, full entitlement
    "cost_expected",  # the same × take-up
    "amount_full",
    "amount_expected",
    "supplement_full",
    "supplement_expected",
    "households_full",  # recipient households
    "households_expected",
    "persons_full",  # recipient persons (members counted by the rules)
    "persons_expected",
    "listed_full",  # persons listed in recipient households (for coverage)
    "listed_expected",
    "children_supplement_full",  # children counted for the supplement
    "children_supplement_expected",
    "households",  # all households (weighted)
    "persons",  # all persons listed (weighted)
    "income_before",  # money income before ASP (KZT a month)
)
M = {name: k for k, name in enumerate(MEASURES)}
# status: 2 × (per-capita income below the ASP line) + (below the statistical minimum), before ASP
GROUPINGS = {"type": len(AspType), "region": len(Region), "decile": 10, "status": 4}
STANDARDS = ("asp_line", "subsistence_minimum")
POVERTY_GROUPS = ("children", "working_age", "pension_age", "male", "female", "all")
AGE_GROUPS = ("children", "working_age", "pension_age", "all")
POVERTY_MEASURES = ("fgt0", "fgt1", "fgt2", "deep_fgt0", "deep_fgt1")
FGT_VARIANTS = ("before", "after_full", "after_expected")
DEEP_SHARE = 0.5  # deep poverty: income below half the standard
# A person is poor when income per person is below the standard by at least this much (KZT a month):
# ASP is rounded to the tenge for each member, so a family topped up to the ASP line can stay a
# fraction of a tenge below it; it is not counted as poor for that.
POVERTY_TOLERANCE = 1.0
WL_CLASSES = ("lose", "no_change", "gain")
WL_MEASURES = ("households", "persons", "change")
BANDS = (
    "lose_more_than_5pct",
    "lose_less_than_5pct",
    "no_change",
    "gain_less_than_5pct",
    "gain_more_than_5pct",
)
BAND_LIMIT = 0.05
CHANGE_THRESHOLD = 1.0  # KZT a year: smaller changes count as no change
GAINED_LOST = ("households_full", "persons_full", "households_expected", "persons_expected")
# Equivalised monthly income (KZT per adult equivalent): bin 0 holds incomes below 1 KZT, then
# HIST_BINS log-spaced bins from 1 KZT to 10^HIST_DECADES (the last one open): each bin is 0.46%
# wide, so Gini and shares computed from the bins' totals differ from the exact ones by far less
# than their sampling error.
HIST_BINS = 4000
HIST_DECADES = 8.0
# Bootstrap over households: replicate sums of the headline figures.
BOOT_MEASURES = (
    "cost_expected",  # KZT a month (summed over the months)
    "households_expected",
    "persons_expected",
    "poor_after_asp_line",  # persons below the ASP line after ASP (expected with take-up)
    "poor_after_minimum",
    "poor_before_asp_line",
    "poor_before_minimum",
    "gained_households",  # full entitlement, reforms only
    "lost_households",
)
B = {name: k for k, name in enumerate(BOOT_MEASURES)}
REPLICATES = 100

Accumulator = dict[str, np.ndarray]


@lru_cache(maxsize=16)
def system(name: str = BASELINE) -> TaxBenefitSystem:
    """The baseline system, or the baseline with a registry reform applied (cached per process)."""
    base = _baseline()
    return base if name == BASELINE else apply_reform(base, name)


@lru_cache(maxsize=1)
def _baseline() -> TaxBenefitSystem:
    return CountryTaxBenefitSystem()


SHARE_BASELINE = True
"""Whether a parametric reform's simulation takes the baseline's results that it would compute again
(``openfisca_kz_asp.microsim.sharing``); the figures are the same either way."""


@lru_cache(maxsize=16)
def _changed(name: str) -> frozenset[str] | None:
    """The parameters a reform changes, or None when it cannot share the baseline's results."""
    return sharing.changed_parameters(system(BASELINE), system(name))


def _makers(reforms: Sequence[str]) -> tuple[Any, dict[str, frozenset[str]]]:
    """How to build the baseline's simulation, and the reforms that share its results."""
    shared = {r: c for r in reforms if (c := _changed(r)) is not None} if SHARE_BASELINE else {}
    return (sharing.Baseline if shared else Simulation), shared


def months_of(period: str) -> list[periods.Period]:
    """The months of a period given as ``2024``, ``2024-Q2`` / ``month:2024-04:3``, or ``2024-05``.

    One home for this parsing: ``openfisca_kz_asp.contract.periods.months_in``.
    """
    return months_in(period)


def equivalence_scale(age: np.ndarray, person_household: np.ndarray, n_households: int) -> np.ndarray:
    """OECD-modified scale of each household: 1 for the first person aged 14 or over, 0.5 for each
    other one, 0.3 for each child under 14 (a household of children only: 1 for the first child).
    """
    adults = np.bincount(person_household, weights=age >= 14, minlength=n_households)
    children = np.bincount(person_household, weights=age < 14, minlength=n_households)
    return np.where(
        adults >= 1, 1 + 0.5 * (adults - 1) + 0.3 * children, 1 + 0.3 * np.maximum(children - 1, 0)
    )


def person_weights(data: Microdata) -> tuple[np.ndarray, np.ndarray]:
    """Equivalised income before ASP (survey year) and person weight of each household."""
    inputs = prepare(data, uprate=False)
    listed = inputs.listed()
    scale = equivalence_scale(data.persons["age"].to_numpy(), inputs.person_household, inputs.n_households)
    welfare = inputs.welfare(data.income_year or 0) * listed / scale
    return welfare, data.households["household_weight"].to_numpy() * listed


def decile_cuts(welfare: np.ndarray, weight: np.ndarray) -> np.ndarray:
    """The 9 cut points of income deciles of persons (weights = household weight × size)."""
    order = np.argsort(welfare, kind="stable")
    cumulative = np.cumsum(weight[order])
    cumulative /= cumulative[-1]
    positions = np.searchsorted(cumulative, np.arange(1, 10) / 10, side="left")
    return welfare[order][np.minimum(positions, len(order) - 1)]


def decile_of(welfare: np.ndarray, cuts: np.ndarray) -> np.ndarray:
    """Decile 0..9 of each household (ties at a cut point go to the lower decile)."""
    return np.searchsorted(cuts, welfare, side="left").astype(np.int64)


def fgt(welfare: np.ndarray, line: np.ndarray | float) -> np.ndarray:
    """FGT0, FGT1, FGT2 contributions (households × 3) of per-capita incomes below ``line``."""
    gap = np.clip((line - welfare) / line, 0, None)
    poor = welfare < line
    return np.stack([poor, gap * poor, gap**2 * poor], axis=1).astype(np.float64)


def poor_rows(welfare: np.ndarray, line: np.ndarray) -> np.ndarray:
    """Households whose income per person is below ``line`` by at least POVERTY_TOLERANCE."""
    return np.flatnonzero(welfare <= line - POVERTY_TOLERANCE)


def poverty_contributions(welfare: np.ndarray, line: np.ndarray | float) -> np.ndarray:
    """FGT0, FGT1, FGT2 at ``line`` and FGT0, FGT1 at ``DEEP_SHARE`` × line (households × 5).

    Only the households below the line are visited (the others contribute 0).
    """
    welfare = np.asarray(welfare, dtype=np.float64)
    poor, values = poor_contributions(welfare, line)
    out = np.zeros((len(welfare), len(POVERTY_MEASURES)))
    out[poor] = values
    return out


def poor_contributions(welfare: np.ndarray, line: np.ndarray | float) -> tuple[np.ndarray, np.ndarray]:
    """The households below ``line`` (:func:`poor_rows`) and their rows of
    :func:`poverty_contributions` (poor households × 5), without the zeros of the others."""
    welfare = np.asarray(welfare, dtype=np.float64)
    line = np.broadcast_to(np.asarray(line, dtype=np.float64), welfare.shape)
    poor = poor_rows(welfare, line)
    out = np.zeros((len(poor), len(POVERTY_MEASURES)))
    if len(poor):
        income, standard = welfare[poor], line[poor]
        gap = (standard - income) / standard
        deep_line = DEEP_SHARE * standard
        deep = income < deep_line
        out[:, 0] = 1.0
        out[:, 1] = gap
        out[:, 2] = gap**2
        out[:, 3] = deep
        out[:, 4] = np.where(deep, (deep_line - income) / deep_line, 0.0)
    return poor, out


def _rows_of(poor: np.ndarray, values: np.ndarray, rows: np.ndarray) -> np.ndarray:
    """Rows ``rows`` (sorted household positions) of a compact table: ``values`` at ``poor``, else 0."""
    out = np.zeros((len(rows), values.shape[1]))
    if len(poor) and len(rows):
        at = np.minimum(np.searchsorted(poor, rows), len(poor) - 1)
        hit = poor[at] == rows
        out[hit] = values[at[hit]]
    return out


def band_of(change: np.ndarray, income: np.ndarray) -> np.ndarray:
    """Band 0..4 of each change of a year's income (``BANDS``): lose > 5%, lose < 5%, no change,
    gain < 5%, gain > 5%. ``income``: the year's income in the baseline (before the change); a
    change of at most CHANGE_THRESHOLD KZT is no change; any change of a zero income is > 5%.
    """
    with np.errstate(divide="ignore", invalid="ignore"):
        relative = np.where(income > 0, change / np.where(income > 0, income, 1), np.sign(change) * np.inf)
    band = np.full(len(change), 2, dtype=np.int64)
    band[(change < -CHANGE_THRESHOLD) & (relative < -BAND_LIMIT)] = 0
    band[(change < -CHANGE_THRESHOLD) & (relative >= -BAND_LIMIT)] = 1
    band[(change > CHANGE_THRESHOLD) & (relative <= BAND_LIMIT)] = 3
    band[(change > CHANGE_THRESHOLD) & (relative > BAND_LIMIT)] = 4
    return band


def hist_bin(income: np.ndarray) -> np.ndarray:
    """The bin (0..HIST_BINS) of each equivalised monthly income for the inequality histograms."""
    safe = np.maximum(np.asarray(income, dtype=np.float64), 1.0)
    k = 1 + np.floor(np.log10(safe) * HIST_BINS / HIST_DECADES).astype(np.int64)
    return np.where(income < 1, 0, np.minimum(k, HIST_BINS))


# Poisson(1) CDF × 2^32 at 0..8 (P(k > 9) < 1e-7): a uniform 32-bit draw above the j-th value adds 1.
_POISSON_CDF = np.floor(
    np.cumsum([np.exp(-1.0) / float(np.prod(np.arange(1, j + 1))) for j in range(9)]) * 2**32
).astype(np.uint64)


def poisson_multipliers(ids: np.ndarray, replicates: int) -> np.ndarray:
    """Poisson(1) bootstrap multipliers (households × replicates, uint8), each a function of the
    household id and the replicate number only (splitmix64 hash), so the same household gets the same
    multipliers in whatever partition, month or scenario it is simulated.
    """
    out = np.empty((len(ids), replicates), dtype=np.uint8)
    key = np.asarray(ids).astype(np.int64).view(np.uint64)[:, None]
    with np.errstate(over="ignore"):
        for start in range(0, replicates, 16):
            r = np.arange(start, min(start + 16, replicates), dtype=np.uint64)[None, :]
            x = key * np.uint64(0x9E3779B97F4A7C15) + (r + np.uint64(1)) * np.uint64(0xD1B54A32D192ED03)
            x ^= x >> np.uint64(31)
            x *= np.uint64(0xBF58476D1CE4E5B9)
            x ^= x >> np.uint64(27)
            x *= np.uint64(0x94D049BB133111EB)
            x ^= x >> np.uint64(31)
            u = x >> np.uint64(32)
            k = np.zeros(u.shape, dtype=np.uint8)
            for threshold in _POISSON_CDF:
                k += u >= threshold
            out[:, start : start + r.shape[1]] = k
    return out


def replicate_sums(
    ids: np.ndarray,
    values: np.ndarray,
    replicates: int,
    known: tuple[np.ndarray, np.ndarray] | None = None,
) -> np.ndarray:
    """Replicate sums (replicates × columns) of ``values`` (households × columns), visiting only the
    households with a value; each household's multipliers come from :func:`poisson_multipliers`.

    ``known``: (sorted rows, their multipliers) made once for several calls on the same households
    (the scenarios of a partition); it must hold every row with a value.
    """
    rows = np.flatnonzero(np.any(values != 0, axis=1))
    if not len(rows):
        return np.zeros((replicates, values.shape[1]))
    out = np.zeros((replicates, values.shape[1]))
    for start in range(0, len(rows), 100_000):  # bounded temporaries
        chunk = rows[start : start + 100_000]
        if known is None:
            multipliers = poisson_multipliers(np.asarray(ids)[chunk], replicates).astype(np.float64)
        else:
            multipliers = known[1][np.searchsorted(known[0], chunk)].astype(np.float64)
        # numpy's own loops, not BLAS: the sums are then added in one order whatever the number of BLAS
        # threads (Dask workers run with one), so the Dask and local engines give identical intervals.
        out += np.einsum("ij,ik->jk", multipliers, values[chunk], optimize=False)
    return out


def empty_accumulator(scenarios: Sequence[str], replicates: int = 0) -> Accumulator:
    acc: Accumulator = {
        "input_households": np.zeros(1),
        "input_persons": np.zeros(1),
        # weighted household-months by poverty_line_basis: all households, and the baseline's entitled
        "line_basis": np.zeros((2, len(PovertyLineBasis))),
        # equivalised monthly income before ASP: persons and income by bin (the same in every scenario)
        "income_hist": np.zeros((HIST_BINS + 1, 2)),
    }
    for s in scenarios:
        for grouping, size in GROUPINGS.items():
            acc[f"{s}|{grouping}"] = np.zeros((size, len(MEASURES)))
        acc[f"{s}|poverty"] = np.zeros(
            (len(STANDARDS), len(FGT_VARIANTS), len(POVERTY_GROUPS), len(POVERTY_MEASURES))
        )
        acc[f"{s}|population"] = np.zeros(len(POVERTY_GROUPS))
        acc[f"{s}|income_hist_after"] = np.zeros((HIST_BINS + 1, 2))
        if replicates:
            acc[f"{s}|boot"] = np.zeros((replicates, len(BOOT_MEASURES)))
        if s != BASELINE:
            acc[f"{s}|winners_losers"] = np.zeros((10, len(WL_CLASSES), len(WL_MEASURES)))
            acc[f"{s}|bands"] = np.zeros((10, len(BANDS)))
            acc[f"{s}|gained_lost"] = np.zeros((2, len(GAINED_LOST)))
    return acc


def combine(parts: Iterable[Accumulator]) -> Accumulator:
    """Add partition accumulators (float64 sums)."""
    total: Accumulator | None = None
    for part in parts:
        if total is None:
            total = {k: v.copy() for k, v in part.items()}
        else:
            for k, v in part.items():
                total[k] += v
    if total is None:
        msg = "No partition to combine."
        raise ValueError(msg)
    return total


@dataclass
class _Partition:
    """Arrays of one partition that do not change from month to month."""

    inputs: Inputs
    weight: np.ndarray
    listed: np.ndarray
    region: np.ndarray
    decile: np.ndarray
    age: np.ndarray
    adult: np.ndarray  # aged 18 or over
    children: np.ndarray
    sexes: np.ndarray  # males, females per household
    scale: np.ndarray  # equivalence scale
    replicates: int
    income: np.ndarray = field(default_factory=lambda: np.zeros(0))  # money income summed over months
    # weighted persons by poverty group (POVERTY_GROUPS), the pension-age columns (1, 2) left to each month
    groups: np.ndarray = field(default_factory=lambda: np.zeros((0, 0)))
    # weighted persons below each standard before ASP, summed over the months (for the bootstrap)
    poor_persons: np.ndarray = field(default_factory=lambda: np.zeros((0, 0)))
    # the year's incomes per person, totals and fixed sums (_month_context)
    by_year: dict[int, tuple[np.ndarray, np.ndarray, dict[str, np.ndarray]]] = field(default_factory=dict)


@dataclass
class _Month:
    """What every scenario of one month shares: the standards of poverty and the sums before ASP."""

    welfare: np.ndarray
    totals: np.ndarray  # households, persons, money income (weighted), per household
    total: np.ndarray  # their sums over the households
    fixed: dict[str, np.ndarray]
    lines: np.ndarray | None = None  # households × standards (ASP line, statistical minimum)
    status: np.ndarray | None = None
    groups: np.ndarray | None = None  # weighted persons by poverty group, per household
    population: np.ndarray | None = None  # their sums
    # per standard: the households below it (sorted) and their poverty contributions (poor × measures)
    before: list[np.ndarray] = field(default_factory=list)
    poor: list[np.ndarray] = field(default_factory=list)
    before_sums: np.ndarray | None = None  # standards × groups × measures
    base_kind: np.ndarray | None = None  # the baseline's ASP type of each household


def simulate_partition(
    data: Microdata,
    months: Sequence[periods.Period],
    reforms: Sequence[str],
    take_up: TakeUp,
    cuts: np.ndarray,
    *,
    uprate: bool = True,
    on_month: Callable[[], None] | None = None,
    replicates: int = 0,
) -> Accumulator:
    """Simulate baseline and reforms on one partition, month by month, and return the sums."""
    scenarios = [BASELINE, *reforms]
    acc = empty_accumulator(scenarios, replicates)
    inputs = prepare(data, uprate=uprate)
    age = data.persons["age"].to_numpy()
    sex = np.asarray(inputs.person["sex"], dtype=np.int64)
    sexes = np.stack([inputs.count_members(sex == k) for k in (Sex.male.index, Sex.female.index)], axis=1)
    listed = inputs.listed().astype(np.float64)
    scale = equivalence_scale(age, inputs.person_household, inputs.n_households)
    part = _Partition(
        inputs=inputs,
        weight=data.households["household_weight"].to_numpy(dtype=np.float64),
        listed=listed,
        region=data.households["region"].to_numpy(dtype=np.int64),
        decile=decile_of(inputs.welfare(data.income_year or 0) * listed / scale, cuts),
        age=age,
        adult=age >= 18,
        children=inputs.count_members(age < 18),
        sexes=sexes,
        scale=scale,
        replicates=replicates,
        income=np.zeros(inputs.n_households),
        poor_persons=np.zeros((inputs.n_households, len(STANDARDS))) if replicates else np.zeros((0, 0)),
    )
    part.groups = np.asfortranarray(  # column-major: columns are written, summed and read whole
        np.stack(
            [
                part.children * part.weight,
                np.zeros(inputs.n_households),  # working age and pension age: written each month
                np.zeros(inputs.n_households),
                sexes[:, 0] * part.weight,
                sexes[:, 1] * part.weight,
                part.listed * part.weight,
            ],
            axis=1,
        )
    )
    acc["input_households"][0] = inputs.n_households
    acc["input_persons"][0] = inputs.n_persons
    annual = {s: np.zeros(inputs.n_households) for s in scenarios}
    # per household, summed over the months: the columns of BOOT_MEASURES (replicate sums at the end)
    boot = {s: np.zeros((inputs.n_households, len(BOOT_MEASURES))) for s in scenarios} if replicates else {}
    make_baseline, shared = _makers(reforms)
    for month in months:
        context = _month_context(part, month)
        part.income += context.welfare * part.listed
        records: dict[sharing.Key, sharing.Record] = {}
        for s in scenarios:
            if s == BASELINE:
                simulation = new_simulation(system(s), inputs, month, make_baseline)
                if isinstance(simulation, sharing.Baseline):
                    records = simulation.recorder.records
            elif s in shared:
                make = partial(sharing.Reform, baseline=records, changed=shared[s])
                simulation = new_simulation(system(s), inputs, month, make)
            else:
                simulation = new_simulation(system(s), inputs, month)
            rec, paid = _accumulate(acc, s, simulation, part, context, take_up, month, boot.get(s))
            annual[s][rec] += paid
            del simulation
        del records
        if on_month is not None:
            on_month()
    _year_end(acc, part, annual, reforms, len(months))
    for values in boot.values():
        for k, (before, after) in enumerate(
            (("poor_before_asp_line", "poor_after_asp_line"), ("poor_before_minimum", "poor_after_minimum"))
        ):
            values[:, B[before]] = part.poor_persons[:, k]
            values[:, B[after]] += part.poor_persons[:, k]
    if boot:  # one draw of multipliers for the households with a value in any scenario
        rows = np.flatnonzero(np.any([np.any(v != 0, axis=1) for v in boot.values()], axis=0))
        known = (rows, poisson_multipliers(np.asarray(inputs.household_ids)[rows], replicates))
        for s, values in boot.items():
            acc[f"{s}|boot"] += replicate_sums(inputs.household_ids, values, replicates, known)
    return acc


def _year_end(
    acc: Accumulator, part: _Partition, annual: dict[str, np.ndarray], reforms: Sequence[str], n: int
) -> None:
    """Sums over the period: winners and losers, and the income histograms."""
    persons = part.weight * part.listed
    for s in reforms:
        change = annual[s] - annual[BASELINE]
        cls = np.where(change < -CHANGE_THRESHOLD, 0, np.where(change > CHANGE_THRESHOLD, 2, 1))
        values = np.stack([part.weight, persons, part.weight * change], axis=1)
        table = _group_sum(part.decile * 3 + cls, values, 30)
        acc[f"{s}|winners_losers"] += table.reshape(10, 3, len(WL_MEASURES))
        band = band_of(change, part.income + annual[BASELINE])
        acc[f"{s}|bands"] += np.bincount(
            part.decile * len(BANDS) + band, weights=persons, minlength=10 * len(BANDS)
        ).reshape(10, len(BANDS))
    # equivalised monthly income (mean over the months), before and after ASP (with take-up)
    before = part.income / n / part.scale
    acc["income_hist"] += _histogram(before, persons)
    for s, paid in annual.items():
        acc[f"{s}|income_hist_after"] += _histogram(before + paid / n / part.scale, persons)


def _histogram(income: np.ndarray, persons: np.ndarray) -> np.ndarray:
    k = hist_bin(income)
    return np.stack(
        [
            np.bincount(k, weights=persons, minlength=HIST_BINS + 1),
            np.bincount(k, weights=persons * income, minlength=HIST_BINS + 1),
        ],
        axis=1,
    )


def _month_context(part: _Partition, month: periods.Period) -> _Month:
    """The month's incomes and fixed sums: the same arrays for every month of a year (the incomes
    of the data move by year only), computed once a year."""
    year = month.start.year
    if year not in part.by_year:
        welfare = part.inputs.welfare(year)
        totals = np.empty((len(welfare), 3), order="F")  # column-major: _group_sum reads it without a copy
        totals[:, 0] = part.weight
        totals[:, 1] = part.weight * part.listed
        totals[:, 2] = part.weight * welfare * part.listed
        fixed = {
            name: _group_sum(codes, totals, GROUPINGS[name])
            for name, codes in (("region", part.region), ("decile", part.decile))
        }
        part.by_year = {year: (welfare, totals, fixed)}  # the previous year's are not needed again
    welfare, totals, fixed = part.by_year[year]
    return _Month(welfare, totals, totals.sum(axis=0), dict(fixed))


def _baseline_context(  # noqa: PLR0917 - private helper of _accumulate
    acc: Accumulator,
    simulation: Simulation,
    part: _Partition,
    ctx: _Month,
    kind: np.ndarray,
    month: periods.Period,
) -> None:
    """What the baseline's simulation gives every scenario of the month: lines, groups, poverty before."""
    reached = simulation.calculate("has_reached_pension_age", month) & part.adult
    pension = part.inputs.count_members(reached)
    # The month's columns written over last month's (no scenario reads a past month's groups): the
    # same products as (counts by group) × weight, column by column.
    groups = part.groups
    np.multiply(part.listed - part.children - pension, part.weight, out=groups[:, 1])
    np.multiply(pension, part.weight, out=groups[:, 2])
    ctx.groups = groups
    ctx.population = groups.sum(axis=0)
    # The standards: the ASP line of the baseline (the rules' line for the month) and the Bureau's
    # statistical subsistence minimum of the region for the month.
    ctx.lines = np.stack(
        [
            np.asarray(simulation.calculate("poverty_line", month), dtype=np.float64),
            np.asarray(simulation.calculate("subsistence_minimum_statistical", month), dtype=np.float64),
        ],
        axis=1,
    )
    for k in range(len(STANDARDS)):
        poor, before = poor_contributions(ctx.welfare, ctx.lines[:, k])
        ctx.poor.append(poor)
        ctx.before.append(before)
    ctx.before_sums = np.stack([ctx.groups[p].T @ b for p, b in zip(ctx.poor, ctx.before, strict=True)])
    if part.replicates:
        persons = ctx.groups[:, -1]
        for k, poor in enumerate(ctx.poor):
            part.poor_persons[poor, k] += persons[poor]
    ctx.status = np.zeros(len(ctx.welfare), dtype=np.int64)
    ctx.status[ctx.poor[0]] += 2
    ctx.status[ctx.poor[1]] += 1
    poor = np.flatnonzero(ctx.status)  # below either standard
    ctx.fixed["status"] = _sums_by_code(ctx.status, poor, ctx.totals, ctx.total, GROUPINGS["status"], 0)
    ctx.base_kind = kind
    # Which rung gave each household's poverty line (baseline): estimates are reported as such.
    basis = np.asarray(simulation.calculate("poverty_line_basis", month), dtype=np.int64)
    acc["line_basis"][0] += np.bincount(basis, weights=part.weight, minlength=len(PovertyLineBasis))
    entitled = kind != AspType.none.index
    acc["line_basis"][1] += np.bincount(
        basis, weights=part.weight * entitled, minlength=len(PovertyLineBasis)
    )


def _accumulate(  # noqa: PLR0917 - private helper of simulate_partition
    acc: Accumulator,
    s: str,
    simulation: Simulation,
    part: _Partition,
    ctx: _Month,
    take_up: TakeUp,
    month: periods.Period,
    boot: np.ndarray | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """Add one scenario-month to the sums; return the recipients and their expected amounts.

    ``boot``: the scenario's per-household bootstrap columns (BOOT_MEASURES), added to in place.
    """
    kind = np.asarray(simulation.calculate("asp_type", month), dtype=np.int64)
    if ctx.groups is None:  # the baseline comes first
        _baseline_context(acc, simulation, part, ctx, kind, month)
    assert ctx.lines is not None and ctx.status is not None and ctx.before_sums is not None
    assert ctx.groups is not None and ctx.population is not None
    # Recipient measures: only households entitled to ASP (a few percent) are visited.
    rec = np.flatnonzero(kind != AspType.none.index)
    amount = simulation.calculate("asp_amount", month)[rec].astype(np.float64)
    supplement = simulation.calculate("asp_child_supplement", month)[rec].astype(np.float64)
    size = simulation.calculate("household_size", month)[rec].astype(np.float64)
    n_kids = _member_counts(simulation.calculate("is_child_for_supplement", month), rec, part)
    rate = take_up.rates(kind[rec])
    total = amount + supplement
    w = part.weight[rec]
    values = np.zeros(
        (len(rec), len(MEASURES)), order="F"
    )  # column-major: _group_sum reads it without a copy
    for name, full in (
        ("cost", total),
        ("amount", amount),
        ("supplement", supplement),
        ("households", np.ones(len(rec))),
        ("persons", size),
        ("listed", part.listed[rec]),
        ("children_supplement", n_kids),
    ):
        values[:, M[f"{name}_full"]] = full * w
        values[:, M[f"{name}_expected"]] = full * rate * w
    codes = {"type": kind, "region": part.region, "decile": part.decile, "status": ctx.status}
    for grouping, code in codes.items():
        table = acc[f"{s}|{grouping}"]
        table += _group_sum(code[rec], values, GROUPINGS[grouping])
        # the sums over every household: fixed for the year (region, decile) or the month (status);
        # by type, every household but the recipients has type none
        table[:, -3:] += (
            ctx.fixed[grouping]
            if grouping != "type"
            else _sums_by_code(kind, rec, ctx.totals, ctx.total, GROUPINGS["type"], AspType.none.index)
        )
    # Poverty after ASP: only recipients' contributions change.
    groups = ctx.groups[rec].T
    after = ctx.welfare[rec] + total / part.listed[rec]
    poverty = acc[f"{s}|poverty"]
    changes = []
    for k in range(len(STANDARDS)):
        change = poverty_contributions(after, ctx.lines[rec, k]) - _rows_of(ctx.poor[k], ctx.before[k], rec)
        changes.append(change)
        poverty[k, 0] += ctx.before_sums[k]
        poverty[k, 1] += ctx.before_sums[k] + groups @ change
        poverty[k, 2] += ctx.before_sums[k] + groups @ (rate[:, None] * change)
    acc[f"{s}|population"] += ctx.population
    if s != BASELINE:
        _gained_lost(acc[f"{s}|gained_lost"], kind, ctx.base_kind, part, take_up)
    if boot is not None:
        _bootstrap(boot, ctx, rec, values, rate, changes, kind, s)
    return rec, total * rate


def _gained_lost(
    table: np.ndarray, kind: np.ndarray, base_kind: np.ndarray | None, part: _Partition, take_up: TakeUp
) -> None:
    """Families entitled under the reform and not the baseline (row 0), and the reverse (row 1)."""
    assert base_kind is not None
    none = AspType.none.index
    for row, (now, then) in enumerate(((kind, base_kind), (base_kind, kind))):
        who = np.flatnonzero((now != none) & (then == none))
        w = part.weight[who]
        rate = take_up.rates(now[who])
        table[row] += [
            w.sum(),
            (w * part.listed[who]).sum(),
            (w * rate).sum(),
            (w * rate * part.listed[who]).sum(),
        ]


def _bootstrap(  # noqa: PLR0917 - private helper of _accumulate
    boot: np.ndarray,
    ctx: _Month,
    rec: np.ndarray,
    values: np.ndarray,
    rate: np.ndarray,
    changes: list[np.ndarray],
    kind: np.ndarray,
    s: str,
) -> None:
    """Add the month's headline figures to each household's bootstrap columns."""
    assert ctx.groups is not None and ctx.base_kind is not None
    persons = ctx.groups[rec, -1]
    for k, after in enumerate(("poor_after_asp_line", "poor_after_minimum")):
        # the change with take-up; the poor before ASP are added at the end (_Partition.poor_persons)
        boot[rec, B[after]] += persons * rate * changes[k][:, 0]
    boot[rec, B["cost_expected"]] += values[:, M["cost_expected"]]
    boot[rec, B["households_expected"]] += values[:, M["households_expected"]]
    boot[rec, B["persons_expected"]] += values[:, M["persons_expected"]]
    if s != BASELINE:
        none = AspType.none.index
        weight = ctx.totals[:, 0]  # household weights
        for name, (now, then) in (
            ("gained_households", (kind, ctx.base_kind)),
            ("lost_households", (ctx.base_kind, kind)),
        ):
            who = np.flatnonzero((now != none) & (then == none))
            boot[who, B[name]] += weight[who]


def _member_counts(flags: np.ndarray, rec: np.ndarray, part: _Partition) -> np.ndarray:
    """Persons flagged in each household of ``rec`` (float64), visiting only those households' persons
    when persons are ordered by household."""
    first = part.inputs.first_person
    if first is None:
        return part.inputs.count_members(flags)[rec]
    starts, sizes = first[rec], first[rec + 1] - first[rec]
    offsets = np.cumsum(sizes) - sizes
    persons = np.arange(int(sizes.sum())) + np.repeat(starts - offsets, sizes)
    return np.bincount(np.repeat(np.arange(len(rec)), sizes), weights=flags[persons], minlength=len(rec))


def _sums_by_code(  # noqa: PLR0917 - private helper
    codes: np.ndarray, rows: np.ndarray, totals: np.ndarray, total: np.ndarray, n_groups: int, default: int
) -> np.ndarray:
    """Column sums of ``totals`` by group code (groups × columns) when every household outside
    ``rows`` has the code ``default``: the rows' sums by bincount, the others' as ``total`` (the
    column sums of every household) less the rows' (only ``rows`` are visited: the recipients, a
    few percent of the households; or the households below a poverty standard)."""
    out = _group_sum(codes[rows], totals[rows], n_groups)
    out[default] += total - out.sum(axis=0)
    return out


def _group_sum(codes: np.ndarray, values: np.ndarray, n_groups: int) -> np.ndarray:
    """Column sums of ``values`` by group code (groups × columns), float64."""
    columns = np.asfortranarray(values)
    out = np.empty((n_groups, values.shape[1]))
    for j in range(values.shape[1]):
        out[:, j] = np.bincount(codes, weights=columns[:, j], minlength=n_groups)
    return out
