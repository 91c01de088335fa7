"""Simulate a partition of households over the months of a period and accumulate additive sums.

Everything a report needs is a weighted sum over households, accumulated in float64 (OpenFisca
returns float32), so partitions can be simulated anywhere and added up: the local engine and
the Dask engine run this same function and differ only in where. Deciles need global cut
points: they are computed first from every household's per-capita income (:func:`decile_cuts`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from openfisca_core import periods
from openfisca_core.simulations import Simulation
from openfisca_core.taxbenefitsystems import TaxBenefitSystem

from openfisca_kz_asp import subsistence_minimum
from openfisca_kz_asp.contract.periods import months_in
from openfisca_kz_asp.enums import AspType, PovertyLineBasis, Region
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
GROUPINGS = {"type": len(AspType), "region": len(Region), "decile": 10, "poverty": 2}
AGE_GROUPS = ("children", "working_age", "pension_age", "all")
FGT_VARIANTS = ("before", "after_full", "after_expected")
WL_CLASSES = ("lose", "no_change", "gain")
WL_MEASURES = ("households", "persons", "change")
CHANGE_THRESHOLD = 1.0  # KZT a year: smaller changes count as no change

Accumulator = dict[str, np.ndarray]


@lru_cache(maxsize=16)
def system(name: str = BASELINE) -> TaxBenefitSystem:
    """The baseline system, or the baseline with a registry reform applied (cached per process)."""
    base = _baseline()
    return base if name == BASELINE else apply_reform(base, name)


@lru_cache(maxsize=1)
def _baseline() -> TaxBenefitSystem:
    return CountryTaxBenefitSystem()


def months_of(period: str) -> list[periods.Period]:
    """The months of a period given as ``2024``, ``2024-Q2`` / ``month:2024-04:3``, or ``2024-05``.

    One home for this parsing: ``openfisca_kz_asp.contract.periods.months_in``.
    """
    return months_in(period)


def person_weights(data: Microdata) -> tuple[np.ndarray, np.ndarray]:
    """Per-capita income before ASP (survey year) and person weight of each household."""
    inputs = prepare(data, uprate=False)
    return inputs.welfare(data.income_year or 0), data.households[
        "household_weight"
    ].to_numpy() * inputs.listed()


def decile_cuts(welfare: np.ndarray, weight: np.ndarray) -> np.ndarray:
    """The 9 cut points of per-capita income deciles of persons (weights = household weight × size)."""
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


def empty_accumulator(scenarios: Sequence[str]) -> Accumulator:
    acc: Accumulator = {
        "input_households": np.zeros(1),
        "input_persons": np.zeros(1),
        # weighted household-months by poverty_line_basis: all households, and the baseline's entitled
        "line_basis": np.zeros((2, len(PovertyLineBasis))),
    }
    for s in scenarios:
        for grouping, size in GROUPINGS.items():
            acc[f"{s}|{grouping}"] = np.zeros((size, len(MEASURES)))
        acc[f"{s}|fgt"] = np.zeros((len(FGT_VARIANTS), len(AGE_GROUPS), 3))
        acc[f"{s}|population"] = np.zeros(len(AGE_GROUPS))
        if s != BASELINE:
            acc[f"{s}|winners_losers"] = np.zeros((10, len(WL_CLASSES), len(WL_MEASURES)))
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
    children: np.ndarray


@dataclass
class _Month:
    """What every scenario of one month shares: the poverty standard and the sums before ASP."""

    line: np.ndarray  # statistical subsistence minimum of each household's region and month
    welfare: np.ndarray
    poor: np.ndarray
    fgt_before: np.ndarray
    totals: np.ndarray  # households, persons, money income (weighted), per household
    fixed: dict[str, np.ndarray]
    groups: np.ndarray | None = None  # weighted persons by age group, per household
    fgt_sums: np.ndarray | None = None


def simulate_partition(
    data: Microdata,
    months: Sequence[periods.Period],
    reforms: Sequence[str],
    take_up: TakeUp,
    cuts: np.ndarray,
    *,
    uprate: bool = True,
    on_month: Callable[[], None] | None = None,
) -> Accumulator:
    """Simulate baseline and reforms on one partition, month by month, and return the sums."""
    scenarios = [BASELINE, *reforms]
    acc = empty_accumulator(scenarios)
    inputs = prepare(data, uprate=uprate)
    age = data.persons["age"].to_numpy()
    part = _Partition(
        inputs=inputs,
        weight=data.households["household_weight"].to_numpy(dtype=np.float64),
        listed=inputs.listed().astype(np.float64),
        region=data.households["region"].to_numpy(dtype=np.int64),
        decile=decile_of(inputs.welfare(data.income_year or 0), cuts),
        age=age,
        children=np.bincount(inputs.person_household, weights=age < 18, minlength=inputs.n_households),
    )
    acc["input_households"][0] = inputs.n_households
    acc["input_persons"][0] = inputs.n_persons
    annual = {s: np.zeros(inputs.n_households) for s in scenarios}
    for month in months:
        context = _month_context(part, month)
        for s in scenarios:
            simulation = new_simulation(system(s), inputs, month)
            rec, paid = _accumulate(acc, s, simulation, part, context, take_up, month)
            annual[s][rec] += paid
            del simulation
        if on_month is not None:
            on_month()
    for s in reforms:
        change = annual[s] - annual[BASELINE]
        cls = np.where(change < -CHANGE_THRESHOLD, 0, np.where(change > CHANGE_THRESHOLD, 2, 1))
        values = np.stack([part.weight, part.weight * part.listed, part.weight * change], axis=1)
        table = _group_sum(part.decile * 3 + cls, values, 30)
        acc[f"{s}|winners_losers"] += table.reshape(10, 3, len(WL_MEASURES))
    return acc


def _month_context(part: _Partition, month: periods.Period) -> _Month:
    # The Bureau's standard: the statistical subsistence minimum of the household's region and month.
    minimums = subsistence_minimum.table(system(BASELINE).parameters)
    line = minimums.monthly[part.region, minimums.month_column(str(month))]
    welfare = part.inputs.welfare(month.start.year)
    poor = (welfare < line).astype(np.int64)
    totals = np.stack([part.weight, part.weight * part.listed, part.weight * welfare * part.listed], axis=1)
    fixed = {
        name: _group_sum(codes, totals, GROUPINGS[name])
        for name, codes in (("region", part.region), ("decile", part.decile), ("poverty", poor))
    }
    return _Month(line, welfare, poor, fgt(welfare, line), totals, fixed)


def _accumulate(  # noqa: PLR0917 - private helper of simulate_partition
    acc: Accumulator,
    s: str,
    simulation: Simulation,
    part: _Partition,
    ctx: _Month,
    take_up: TakeUp,
    month: periods.Period,
) -> tuple[np.ndarray, np.ndarray]:
    """Add one scenario-month to the sums; return the recipients and their expected amounts."""
    inputs = part.inputs
    kind = np.asarray(simulation.calculate("asp_type", month), dtype=np.int64)
    if ctx.groups is None:
        reached = simulation.calculate("has_reached_pension_age", month) & (part.age >= 18)
        pension = np.bincount(inputs.person_household, weights=reached, minlength=inputs.n_households)
        groups = np.stack(
            [part.children, part.listed - part.children - pension, pension, part.listed], axis=1
        )
        ctx.groups = groups * part.weight[:, None]
        ctx.fgt_sums = ctx.groups.T @ ctx.fgt_before
        # Which rung gave each household's poverty line (baseline): estimates are reported as such.
        basis = np.asarray(simulation.calculate("poverty_line_basis", month), dtype=np.int64)
        acc["line_basis"][0] += np.bincount(basis, weights=part.weight, minlength=len(PovertyLineBasis))
        entitled = kind != AspType.none.index
        acc["line_basis"][1] += np.bincount(
            basis, weights=part.weight * entitled, minlength=len(PovertyLineBasis)
        )
    # Recipient measures: only households entitled to ASP (a few percent) are visited.
    rec = np.flatnonzero(kind != AspType.none.index)
    amount = simulation.calculate("asp_amount", month)[rec].astype(np.float64)
    supplement = simulation.calculate("asp_child_supplement", month)[rec].astype(np.float64)
    size = simulation.calculate("household_size", month)[rec].astype(np.float64)
    kids = simulation.calculate("is_child_for_supplement", month)
    n_kids = np.bincount(inputs.person_household, weights=kids, minlength=inputs.n_households)[rec]
    rate = take_up.rates(kind[rec])
    total = amount + supplement
    w = part.weight[rec]
    values = np.zeros((len(rec), len(MEASURES)))
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
    codes = {"type": kind, "region": part.region, "decile": part.decile, "poverty": ctx.poor}
    for grouping, code in codes.items():
        table = acc[f"{s}|{grouping}"]
        table += _group_sum(code[rec], values, GROUPINGS[grouping])
        fixed = ctx.fixed.get(grouping)
        table[:, -3:] += fixed if fixed is not None else _group_sum(code, ctx.totals, GROUPINGS[grouping])
    # FGT after ASP: only recipients' contributions change.
    change = fgt(ctx.welfare[rec] + total / part.listed[rec], ctx.line[rec]) - ctx.fgt_before[rec]
    groups = ctx.groups[rec].T
    acc[f"{s}|fgt"][0] += ctx.fgt_sums
    acc[f"{s}|fgt"][1] += ctx.fgt_sums + groups @ change
    acc[f"{s}|fgt"][2] += ctx.fgt_sums + groups @ (rate[:, None] * change)
    acc[f"{s}|population"] += ctx.groups.sum(axis=0)
    return rec, total * rate


def _group_sum(codes: np.ndarray, values: np.ndarray, n_groups: int) -> np.ndarray:
    """Column sums of ``values`` by group code (groups × columns), float64."""
    columns = np.asfortranarray(values)
    out = np.empty((n_groups, values.shape[1]))
    for j in range(values.shape[1]):
        out[:, j] = np.bincount(codes, weights=columns[:, j], minlength=n_groups)
    return out
