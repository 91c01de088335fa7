"""Build OpenFisca simulations from validated microdata by filling the populations directly.

``SimulationBuilder`` turns ids and roles into Python lists (about 6x one month's computation at
a million households, perf_baseline §6.1). Here the person and household populations get their
ids, counts, membership and roles as numpy arrays, and inputs are stored with the variables'
own dtypes (float32, int32, int16 enum indices, bool), so nothing is copied: the same income
array serves every month that needs it.

Which columns are inputs, their types, periods and defaults, and the inputs no survey records
(set to their default in every row) all come from the microdata format, itself derived from the
input contract (``openfisca_kz_asp.microsim.format``): nothing about an input is written here.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

import numpy as np
import pandas as pd
from openfisca_core import periods
from openfisca_core.indexed_enums import EnumArray
from openfisca_core.populations import GroupPopulation
from openfisca_core.simulations import Simulation
from openfisca_core.taxbenefitsystems import TaxBenefitSystem

from openfisca_kz_asp.formula_helpers import reference_quarter
from openfisca_kz_asp.microsim.format import INCOME_COLUMNS, NOT_RECORDED, TABLES, WELFARE_EXCLUDED, Column
from openfisca_kz_asp.microsim.loader import Microdata

INPUT_COLUMNS: dict[str, dict[str, Column]] = {
    table: {c.name: c for c in columns if c.is_input and c.name not in INCOME_COLUMNS}
    for table, columns in TABLES.items()
}
"""The columns of each table that are inputs of the model, incomes apart (they move by year)."""
ETERNAL = frozenset(
    c.name for t in (*TABLES.values(), *NOT_RECORDED.values()) for c in t if c.period == "eternity"
)
"""Inputs given once for all periods (``sex``)."""


def typed(column: Column, values: pd.Series | np.ndarray) -> np.ndarray:
    """The values of an input column with its variable's dtype (enum indices as an EnumArray)."""
    if column.enum is not None:
        return EnumArray(np.asarray(values, dtype=np.int16), column.enum)
    dtype = {"int": np.int32, "float": np.float32, "bool": np.bool_}[column.kind]
    return np.asarray(values, dtype=dtype)


def default_values(column: Column, count: int) -> np.ndarray:
    """``count`` rows of an input column's default (the model's own)."""
    value = column.enum[str(column.default)].index if column.enum is not None else column.default
    return typed(column, np.full(count, value))


def _given(columns: dict[str, Column], frame: pd.DataFrame) -> dict[str, np.ndarray]:
    """The input columns of a table; an optional one that is its default in every row needs no input."""
    given = {}
    for name, column in columns.items():
        values = typed(column, frame[name].to_numpy())
        if column.required or (np.asarray(values) != np.asarray(default_values(column, 1))[0]).any():
            given[name] = values
    return given


# Nominal index of HBS per-capita money income (KZT a month), used to move survey incomes to the
# year simulated (kz_statistics §4.1: 2022 80,371 A; 2023 283,600/3 A; 2024 330,386/3 A;
# 2025 364,556/3 B). 2018-2021 back-cast at -8% a year and 2026 at +8% (assumptions, U).
INCOME_INDEX: dict[int, float] = {
    2018: 59_076,
    2019: 63_800,
    2020: 68_904,
    2021: 74_416,
    2022: 80_371,
    2023: 94_533,
    2024: 110_129,
    2025: 121_519,
    2026: 131_241,
}


def uprating_factor(income_year: int | None, year: int) -> float:
    """Factor moving incomes of ``income_year`` to ``year`` (1 when the data's year is unknown)."""
    if income_year is None or income_year == year:
        return 1.0
    if income_year not in INCOME_INDEX or year not in INCOME_INDEX:
        msg = (
            f"No income index to move {income_year} incomes to {year} (known: 2018-2026); "
            "use --no-uprating (uprate=False) to take the incomes as they are."
        )
        raise ValueError(msg)
    return INCOME_INDEX[year] / INCOME_INDEX[income_year]


def uprating_statement(income_year: int | None, source: str | None, year: int, *, uprate: bool) -> dict:
    """Whether and by how much incomes are moved to the ``year`` simulated, said in one sentence.

    Raises ValueError (before any work) when incomes must be moved but no index covers the years.
    """
    factor = uprating_factor(income_year, year) if uprate else 1.0
    if income_year is None:
        text = (
            "The data does not declare the year of its incomes (--income-year, metadata.json or the "
            f"Parquet metadata): incomes are used as given for {year}, not uprated."
        )
    elif not uprate:
        text = (
            f"Incomes are of {income_year} ({source}); not uprated (--no-uprating): used as given for {year}."
        )
    elif factor == 1.0:
        text = f"Incomes are of {income_year} ({source}), the year simulated: not uprated."
    else:
        text = (
            f"Incomes are of {income_year} ({source}); uprated to {year} by x{factor:.4f} (nominal HBS "
            f"per-capita money income, {INCOME_INDEX[income_year]:,} to {INCOME_INDEX[year]:,} KZT a month)."
        )
    return {
        "income_year": income_year,
        "source": source,
        "year_simulated": year,
        "uprated": factor != 1.0,
        "uprating_factor": factor,
        "statement": text,
    }


@dataclass
class Inputs:
    """The arrays a simulation needs, typed once per partition and shared by every month."""

    n_persons: int
    n_households: int
    person_household: np.ndarray
    roles: np.ndarray
    person: dict[str, np.ndarray]
    household: dict[str, np.ndarray]
    base_income: dict[str, np.ndarray]  # float64, survey year
    household_ids: np.ndarray
    person_ids: np.ndarray
    income_year: int | None
    uprate: bool
    _income_by_year: dict[int, dict[str, np.ndarray]] = field(default_factory=dict)
    _roles_by_system: dict[int, np.ndarray] = field(default_factory=dict)
    _welfare_by_year: dict[int, np.ndarray] = field(default_factory=dict)

    @cached_property
    def first_person(self) -> np.ndarray | None:
        """Position of each household's first person, then the number of persons, when persons are
        ordered by household (as every file the loader reads and the generator writes); else None."""
        household = self.person_household
        if not len(household) or not np.all(household[1:] >= household[:-1]):
            return None
        return np.searchsorted(household, np.arange(self.n_households + 1))

    def count_members(self, flags: np.ndarray) -> np.ndarray:
        """Persons flagged (yes/no) in each household, float64: by running counts when persons are
        ordered by household, else by bincount (the same whole numbers)."""
        if self.first_person is None:
            return np.bincount(self.person_household, weights=flags, minlength=self.n_households)
        return running_counts(flags, self.first_person)

    def income(self, year: int) -> dict[str, np.ndarray]:
        """float32 income arrays for ``year`` (uprated), only the kinds that are not all zero."""
        if year not in self._income_by_year:
            factor = uprating_factor(self.income_year, year) if self.uprate else 1.0
            self._income_by_year[year] = {
                name: (values * factor).astype(np.float32) for name, values in self.base_income.items()
            }
        return self._income_by_year[year]

    def welfare(self, year: int) -> np.ndarray:
        """Per-capita monthly money income of each household in ``year`` (float64, before ASP)."""
        if year not in self._welfare_by_year:
            factor = uprating_factor(self.income_year, year) if self.uprate else 1.0
            total = np.zeros(self.n_persons)
            for name, values in self.base_income.items():
                if name not in WELFARE_EXCLUDED:
                    total += values
            sums = np.bincount(self.person_household, weights=total, minlength=self.n_households)
            self._welfare_by_year[year] = sums * factor / self.listed()
        return self._welfare_by_year[year]

    def member_roles(self, roles: Sequence[object]) -> np.ndarray:
        """Object array of roles (first person of a household: applicant), built once per entity."""
        key = id(roles[0])
        if key not in self._roles_by_system:
            objects = np.empty(2, dtype=object)
            objects[0], objects[1] = roles[0], roles[1]
            self._roles_by_system[key] = objects[np.where(self.roles, 0, 1)]
        return self._roles_by_system[key]

    def listed(self) -> np.ndarray:
        """Persons listed in each household (int64)."""
        return np.bincount(self.person_household, minlength=self.n_households)

    def value(self, name: str) -> np.ndarray:
        """The input ``name`` of each person or household: as given, else its column's default."""
        for table, stored, count in (
            ("persons", self.person, self.n_persons),
            ("households", self.household, self.n_households),
        ):
            if name in stored:
                return stored[name]
            if name in INPUT_COLUMNS[table]:
                return default_values(INPUT_COLUMNS[table][name], count)
        raise KeyError(name)


def prepare(data: Microdata, *, uprate: bool = True) -> Inputs:
    """Typed arrays for the simulation from validated microdata."""
    p, h = data.persons, data.households
    person_household = data.person_household.astype(np.int64)
    first = np.ones(len(p), dtype=bool)
    first[1:] = person_household[1:] != person_household[:-1]
    person = _given(INPUT_COLUMNS["persons"], p)
    household = _given(INPUT_COLUMNS["households"], h)
    for table, stored, count in (("persons", person, len(p)), ("households", household, len(h))):
        for column in NOT_RECORDED[table]:  # in no survey: the default, so that no formula runs
            stored[column.name] = default_values(column, count)
    base_income = {
        name: p[name].to_numpy(dtype=np.float64) for name in INCOME_COLUMNS if (p[name].to_numpy() != 0).any()
    }
    return Inputs(
        n_persons=len(p),
        n_households=len(h),
        person_household=person_household,
        roles=first,
        person=person,
        household=household,
        base_income=base_income,
        household_ids=h["household_id"].to_numpy(),
        person_ids=p["person_id"].to_numpy(),
        income_year=data.income_year,
        uprate=uprate,
    )


class OrderedHouseholds(GroupPopulation):
    """Households whose members are stored one household after the other (``first_person``).

    A sum of yes/no values over each household's members (the members counted, the children, "any
    member who…") is then a difference of running counts: the same whole numbers as openfisca-core's
    ``bincount`` gives, as float64, about twice as fast. Other sums are core's.
    """

    first_person: np.ndarray

    def sum(self, array: Any, role: Any = None) -> Any:
        if role is not None or getattr(array, "dtype", None) != np.bool_:
            return super().sum(array, role)
        self.members.check_array_compatible_with_entity(array)
        return running_counts(array, self.first_person)


def running_counts(flags: np.ndarray, first_person: np.ndarray) -> np.ndarray:
    """Flags (yes/no) counted within each run of persons ``first_person[k]:first_person[k + 1]``, as
    float64: differences of a running count, the same whole numbers as a bincount."""
    # int32 when it cannot overflow (half the memory traffic of int64), summed from an int8 view of
    # the flags (numpy's bool-to-int64 cumsum casts element by element), one gather, then the
    # differences: 0.9 ms instead of 2.2 ms for 700,000 persons (bincount: 2.4 ms).
    if flags.dtype != np.bool_:
        msg = f"running_counts counts yes/no flags, not {flags.dtype} values"
        raise TypeError(msg)
    dtype = np.int32 if len(flags) < np.iinfo(np.int32).max else np.int64
    running = np.empty(len(flags) + 1, dtype=dtype)
    running[0] = 0
    np.cumsum(flags.view(np.int8), out=running[1:], dtype=dtype)
    return np.diff(running[first_person]).astype(np.float64)


WITH_MONTHS = {"birth_date", "age_in_months"}  # columns that give the age in months (pension age)


def new_simulation(
    system: TaxBenefitSystem,
    inputs: Inputs,
    month: periods.Period,
    make: Callable[[TaxBenefitSystem, dict[str, Any]], Simulation] = Simulation,
) -> Simulation:
    """A simulation of ``month`` with the populations filled directly and the inputs stored.

    ``make`` builds the simulation from the system and the populations (a subclass of
    ``Simulation``, e.g. ``openfisca_kz_asp.microsim.sharing``'s).

    Uses two private attributes of openfisca-core 46 (``GroupPopulation._members_role`` and
    ``Holder._set``), which ``SimulationBuilder`` would otherwise reach through Python lists.
    """
    populations = system.instantiate_entities()
    persons = populations["person"]
    households = populations["household"]
    persons.ids = inputs.person_ids
    persons.count = inputs.n_persons
    households.ids = inputs.household_ids
    households.count = inputs.n_households
    households.members_entity_id = inputs.person_household
    households._members_role = inputs.member_roles(households.entity.roles)
    if inputs.first_person is not None:
        households.__class__ = OrderedHouseholds
        households.first_person = inputs.first_person
    simulation = make(system, populations)
    for name, values in (*inputs.person.items(), *inputs.household.items()):
        simulation.get_holder(name)._set(None if name in ETERNAL else month, values)
    if not WITH_MONTHS & inputs.person.keys():  # whole-year ages only: the months within the year are unknown
        simulation.get_holder("age_in_months_is_known")._set(month, np.zeros(inputs.n_persons, dtype=bool))
    quarter = reference_quarter(month)
    for offset in range(3):
        income_month = quarter.first_month.offset(offset, periods.DateUnit.MONTH)
        for name, values in inputs.income(income_month.start.year).items():
            simulation.get_holder(name)._set(income_month, values)
    return simulation
