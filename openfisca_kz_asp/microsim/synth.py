"""SYNTHETIC household survey sample for Kazakhstan, calibrated to published aggregates.

Nothing here is real survey data. The generator draws households (size, composition, ages,
disability, studies, work, incomes) from simple documented rules whose constants come from
shared/research/kz_statistics.md (codes A/B/C/U there), then, when the whole sample fits in one
chunk, calibrates the household weights by raking (exponential calibration) to the published
margins: population by region, households by size, age bands, sex, disability, urban share,
mean per-capita money income and the share of persons below the subsistence minimum.

Larger files (``--households`` above :data:`CHUNK_HOUSEHOLDS`) are written chunk by chunk as
Parquet parts, so memory stays bounded; their weights apply the raking coefficients solved on a
pilot sample of :data:`PILOT_HOUSEHOLDS` (w = d·exp(x·λ)), so they meet the targets closely but
not exactly (the report gives each ratio).

ASP recipients and spending are NOT targets: they are the check (docs/microsim.md).
Income columns are monthly 2024 KZT (``income_year`` = 2024).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from openfisca_kz_asp.enums import DisabilityGroup, Sex
from openfisca_kz_asp.microsim.format import (
    INCOME_COLUMNS,
    INCOME_YEAR_METADATA_KEY,
    SYNTHETIC_METADATA_KEY,
    WELFARE_EXCLUDED,
)

INCOME_YEAR = 2024
CHUNK_HOUSEHOLDS = 250_000
PILOT_HOUSEHOLDS = 100_000  # pilot sample whose raking coefficients weight large chunked files
DEFAULT_SEED = 20240101

# region: (population 1 Jan 2024 [kz_statistics §1.1], urban share [§1.2, U where not found],
#          income index vs national [§4.1-4.2 HBS/wages, C/U], mean household size [§2, U],
#          BNS subsistence-minimum index vs national [§4.4, C/U])
REGIONS: dict[str, tuple[int, float, float, float, float]] = {
    "almaty_city": (2228675, 1.00, 1.25, 3.0, 1.07),
    "turkistan": (2142171, 0.25, 0.66, 4.6, 0.87),
    "astana": (1430105, 1.00, 1.35, 3.2, 1.09),
    "almaty_region": (1531167, 0.20, 0.85, 3.8, 0.99),
    "shymkent": (1222066, 1.00, 0.70, 4.2, 0.97),
    "jambyl": (1222593, 0.44, 0.74, 4.0, 0.93),
    "karaganda": (1135351, 0.80, 1.15, 2.8, 0.97),
    "aktobe": (939500, 0.65, 0.98, 3.4, 0.91),
    "mangystau": (786700, 0.45, 1.05, 4.3, 1.21),
    "atyrau": (703180, 0.55, 1.25, 3.9, 1.10),
    "north_kazakhstan": (530100, 0.49, 0.92, 2.8, 0.99),
    "ulytau": (221500, 0.80, 1.10, 3.1, 1.01),
    "kostanay": (831000, 0.55, 0.97, 2.8, 0.96),
    "kyzylorda": (843000, 0.45, 0.80, 4.2, 0.89),
    "akmola": (790000, 0.50, 0.95, 2.9, 0.99),
    "pavlodar": (755000, 0.70, 1.05, 2.8, 0.98),
    "east_kazakhstan": (722000, 0.65, 1.08, 2.8, 1.07),
    "jetisu": (701000, 0.40, 0.74, 3.6, 0.96),
    "west_kazakhstan": (693000, 0.52, 1.00, 3.3, 0.95),
    "abai": (605000, 0.55, 0.84, 3.0, 1.01),
}
POPULATION = 20_033_842  # 1 Jan 2024, A
SIZE_SHARES = (0.17, 0.19, 0.18, 0.19, 0.13, 0.14)  # households of 1..5, 6+ (U placeholder, §2)
SIZE_TAIL = (0.065, 0.035, 0.02, 0.01, 0.007, 0.003)  # 6..11 within the 6+ share (mean ≈ 6.8)
AGE_BANDS = {"age_0_2": 1_227_000, "age_3_6": 1_590_000, "age_7_17": 4_025_000}  # C, §3.1
PENSION_AGE_SHARE = 0.114  # above working age, 2023 (B)
FEMALE_SHARE = 10_302_166 / 20_139_914  # 1 Jun 2024 (A)
URBAN_SHARE = 0.624  # 1 Jul 2024 (A)
DISABLED_PERSONS = 732_000  # Nov 2024 (A)
MEAN_PCI = 330_386 / 3  # HBS money income per capita, Q2 2024, per month (A)
SUBSISTENCE_MINIMUM_BNS = 51_500  # BNS national monthly PM, 2024 average of the months found (C)
POVERTY_SHARE = 0.050  # persons below the PM, 2024 mean of Q1-Q4 (4.6, 5.1, 5.4, 4.8; A/B)
POOR_IN_5PLUS_SHARE = 889.2 / 1027.4  # §4.6 (B)
MRP = 3692  # 2024 (A)
MINIMUM_WAGE = 85_000  # 2024 (A)
MIN_PENSION = 57_900  # 2024, interpolated between 53,076 (2023) and 62,771 (2025) (C)
DECILE_SHARES = (0.039, 0.053, 0.063, 0.070, 0.077, 0.092, 0.104, 0.119, 0.142, 0.241)  # C, §4.3

# Behaviour constants of the generator (tuned once so that the raw sample is near the targets).
WAGE_MEDIAN = 250_000
WAGE_SIGMA = 0.6
ADULT_CHILD_SHARE = 0.5
EMPLOYMENT = {"parent_m": 0.88, "parent_f": 0.70, "adult_child": 0.6, "single": 0.85}
INFORMAL_SHARE = 0.6  # non-employed working-age adults with some informal income


@dataclass(frozen=True)
class Roles:
    """Codes of the persons' roles in the generated household."""

    parent: int = 0
    elderly: int = 1
    adult_child: int = 2
    child: int = 3
    single: int = 4


ROLE = Roles()


def _size_distribution(mean: float) -> np.ndarray:
    """Household size probabilities (sizes 1..11) tilted to have the given mean."""
    base = np.array([*SIZE_SHARES[:5], *SIZE_TAIL])
    sizes = np.arange(1, 12)
    lo, hi = -3.0, 3.0
    for _ in range(60):
        theta = (lo + hi) / 2
        p = base * np.exp(theta * sizes)
        p /= p.sum()
        if (p * sizes).sum() < mean:
            lo = theta
        else:
            hi = theta
    return p


def generate(  # noqa: PLR0915 - one documented sequence of seeded draws, kept in order
    n_households: int, seed: int = DEFAULT_SEED, first_id: int = 0, first_person_id: int = 0
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Draw ``n_households`` SYNTHETIC households and their persons (design weights only)."""
    rng = np.random.default_rng(seed)
    names = list(REGIONS)
    attrs = np.array([REGIONS[r] for r in names], dtype=np.float64)
    region_hh_share = attrs[:, 0] / attrs[:, 3]
    region = rng.choice(len(names), size=n_households, p=region_hh_share / region_hh_share.sum())
    size = np.empty(n_households, dtype=np.int64)
    for r in range(len(names)):
        idx = np.flatnonzero(region == r)
        size[idx] = rng.choice(np.arange(1, 12), size=len(idx), p=_size_distribution(attrs[r, 3]))
    urban = rng.random(n_households) < attrs[region, 1]
    hh_income_idx = attrs[region, 2]

    # Composition: parents (0-2), elderly (0-2), adult children (0-2), children (rest).
    single = size == 1
    u = rng.random(n_households)
    n_elderly = np.where(single, (u < 0.36).astype(int), 0)
    two = size == 2
    # size 2: elderly couple 22%, couple 28%, single parent + child 30%, adult + elderly parent 20%
    n_elderly = np.where(two, np.select([u < 0.22, u > 0.80], [2, 1], 0), n_elderly)
    big = size >= 3
    p_elderly = np.clip(0.12 + 0.05 * (size - 3), 0, 0.45)
    has_elderly = big & (rng.random(n_households) < p_elderly)
    n_elderly = np.where(has_elderly, 1 + ((size >= 5) & (rng.random(n_households) < 0.4)), n_elderly)
    n_parents = np.where(single, 1 - n_elderly, 0)
    n_parents = np.where(two, np.select([u < 0.22, u < 0.50, u <= 0.80], [0, 2, 1], 1), n_parents)
    couple = rng.random(n_households) < 0.85
    n_parents = np.where(big, np.where(couple, 2, 1), n_parents)
    n_adult_children = np.where(
        (size - n_parents - n_elderly >= 3) & (rng.random(n_households) < ADULT_CHILD_SHARE),
        1 + (rng.random(n_households) < 0.3),
        0,
    )
    n_children = size - n_parents - n_elderly - n_adult_children
    # size 1 "parent" is a single adult
    counts = np.stack([n_parents, n_elderly, n_adult_children, n_children], axis=1)
    hh_of_person = np.repeat(np.arange(n_households), size)
    role = _roles(counts, size)
    role = np.where(single[hh_of_person] & (role == ROLE.parent), ROLE.single, role)
    n = len(hh_of_person)

    # Ages.
    parent_age = rng.integers(25, 56, size=n_households)
    age = np.zeros(n, dtype=np.int64)
    is_role = {k: role == v for k, v in vars(ROLE).items()}
    age[is_role["parent"]] = np.clip(
        parent_age[hh_of_person[is_role["parent"]]] + rng.integers(-3, 4, size=is_role["parent"].sum()),
        18,
        62,
    )
    age[is_role["elderly"]] = rng.integers(60, 91, size=is_role["elderly"].sum())
    age[is_role["adult_child"]] = rng.integers(18, 31, size=is_role["adult_child"].sum())
    young = is_role["single"] & ~(single[hh_of_person] & (n_elderly[hh_of_person] == 1))
    age[is_role["single"]] = rng.integers(63, 91, size=is_role["single"].sum())
    age[young] = rng.integers(18, 63, size=young.sum())
    kid = is_role["child"]
    max_child_age = np.clip(parent_age[hh_of_person[kid]] - 20, 0, 17)
    age[kid] = np.floor(rng.random(kid.sum()) * (max_child_age + 1)).astype(np.int64)

    # Sex: in couples the first parent is a man, the second a woman; single parents women (85%).
    position = np.arange(n) - np.repeat(np.cumsum(size) - size, size)
    female = rng.random(n) < 0.5
    two_parents = (n_parents == 2)[hh_of_person]
    female = np.where(is_role["parent"] & two_parents, position == 1, female)
    female = np.where(is_role["parent"] & ~two_parents, rng.random(n) < 0.85, female)
    female = np.where(is_role["elderly"] | (is_role["single"] & (age >= 63)), rng.random(n) < 0.62, female)
    pension_age = np.where(female, 61, 63)
    pensioner = age >= pension_age

    # Disability (rates from §3.2: children 1.6%, working age 3.7%, pension age 9%).
    d = rng.random(n)
    child = age < 18
    disabled = np.where(child, d < 0.016, np.where(pensioner, d < 0.09, d < 0.037))
    g = rng.random(n)
    group = np.select(
        [g < 0.13, g < 0.65],
        [DisabilityGroup.group_1.index, DisabilityGroup.group_2.index],
        DisabilityGroup.group_3.index,
    )
    disability_group = np.where(disabled & ~child, group, DisabilityGroup.none.index).astype(np.int16)
    is_disabled_child = disabled & child
    needs_outside_care = (disability_group == DisabilityGroup.group_1.index) | (
        (age >= 80) & (rng.random(n) < 0.3)
    )
    long_illness = (age >= 16) & ~disabled & (rng.random(n) < 0.01)
    student = ((age >= 16) & (age < 18)) | ((age >= 18) & (age < 23) & (rng.random(n) < 0.4))

    # Work and incomes (monthly 2024 KZT).
    idx = hh_income_idx[hh_of_person]
    working_age = (age >= 18) & ~pensioner & (disability_group != DisabilityGroup.group_1.index)
    p_emp = np.select(
        [is_role["parent"] & ~female, is_role["parent"], is_role["adult_child"], is_role["single"]],
        [EMPLOYMENT["parent_m"], EMPLOYMENT["parent_f"], EMPLOYMENT["adult_child"], EMPLOYMENT["single"]],
        0.1,
    )
    p_emp = np.where(student & (age >= 18), 0.15, p_emp)
    employed = working_age & (rng.random(n) < p_emp)
    self_employed = employed & (rng.random(n) < 0.24)
    earn = WAGE_MEDIAN * idx * rng.lognormal(0.0, WAGE_SIGMA, size=n)
    income = {name: np.zeros(n) for name in INCOME_COLUMNS}
    income["wage_income"] = np.where(employed & ~self_employed, np.maximum(earn, MINIMUM_WAGE), 0.0)
    rural = ~urban[hh_of_person]
    farm = self_employed & rural & (rng.random(n) < 0.5)
    income["business_income"] = np.where(self_employed & ~farm, 0.7 * earn, 0.0)
    income["farm_income"] = np.where(farm, 0.45 * earn, 0.0)
    head = position == 0
    small_plot = head & rural & (rng.random(n) < 0.6)
    plot_value = 12_000 * size[hh_of_person] * rng.lognormal(0, 0.5, size=n)
    income["farm_income"] += np.where(small_plot, plot_value, 0.0)
    income["pension_income"] = np.where(pensioner, MIN_PENSION * rng.lognormal(0.25, 0.25, size=n), 0.0)
    benefit = np.select(
        [
            disability_group == DisabilityGroup.group_1.index,
            disability_group == DisabilityGroup.group_2.index,
            disability_group == DisabilityGroup.group_3.index,
        ],
        [90_000, 70_000, 45_000],
        0,
    )
    income["social_benefit_income"] = np.where(~pensioner, benefit, 0.0)
    income["child_disability_benefit_income"] = np.where(is_disabled_child, 62_000.0, 0.0)
    has_permanent_job = employed & ~self_employed & (rng.random(n) < 0.85)
    # Mother (or first adult) receives the child-linked benefits.
    n_kids = np.bincount(hh_of_person, weights=child, minlength=n_households)
    receiver = np.where(two_parents, position == 1, position == 0) & (is_role["parent"] | is_role["single"])
    baby = np.bincount(hh_of_person, weights=age == 0, minlength=n_households) > 0
    income["social_benefit_income"] += np.where(receiver & baby[hh_of_person], 35_000.0, 0.0)
    kids = n_kids[hh_of_person]
    large = np.select([kids == 4, kids == 5, kids == 6, kids == 7], [16.03, 20.04, 24.05, 28.06], 4.0 * kids)
    income["large_family_allowance_income"] = np.where(receiver & (kids >= 4), large * MRP, 0.0)
    lone = receiver & ~two_parents & (kids > 0)
    income["alimony_income"] = np.where(
        lone & (rng.random(n) < 0.3), 25_000 * rng.lognormal(0, 0.5, size=n), 0.0
    )
    gift = head & (rng.random(n) < 0.3)
    income["other_income"] = np.where(gift, 15_000 * rng.lognormal(0, 0.8, size=n), 0.0)
    informal = working_age & ~employed & ~student & (rng.random(n) < INFORMAL_SHARE)
    income["other_income"] += np.where(informal, 45_000 * idx * rng.lognormal(0, 0.5, size=n), 0.0)
    rent = head & urban[hh_of_person] & (rng.random(n) < 0.05)
    income["property_income"] = np.where(rent, 80_000 * rng.lognormal(0, 0.6, size=n), 0.0)
    income["scholarship_income"] = np.where(student & (age >= 18) & (rng.random(n) < 0.5), 48_000.0, 0.0)
    income["housing_assistance_income"] = np.where(head & (rng.random(n) < 0.01), 8_000.0, 0.0)
    for name in INCOME_COLUMNS:
        income[name] = np.round(income[name]).astype(np.float64)

    households = pd.DataFrame(
        {
            "household_id": first_id + np.arange(n_households, dtype=np.int64),
            "household_weight": np.ones(n_households),
            "region": pd.Categorical.from_codes(region, categories=names),
            "has_non_mortgage_loan": rng.random(n_households) < 0.0,
            "median_income": np.zeros(n_households),
            "urban": urban,
        }
    )
    sex_names = [m.name for m in Sex]
    dis_names = [m.name for m in DisabilityGroup]
    persons = pd.DataFrame(
        {
            "person_id": first_person_id + np.arange(n, dtype=np.int64),
            "household_id": first_id + hh_of_person.astype(np.int64),
            "age": age.astype(np.int32),
            "sex": pd.Categorical.from_codes(
                np.where(female, Sex.female.index, Sex.male.index), categories=sex_names
            ),
            "disability_group": pd.Categorical.from_codes(disability_group, categories=dis_names),
            "is_disabled_child": is_disabled_child,
            "has_long_term_illness": long_illness,
            "is_full_time_student": student,
            "has_permanent_job": has_permanent_job,
            "needs_outside_care": needs_outside_care,
            **income,
        }
    )
    return households, persons


def _roles(counts: np.ndarray, size: np.ndarray) -> np.ndarray:
    """Role code of each person: households in order; parents, elderly, adult children, children."""
    n = int(size.sum())
    starts = np.cumsum(size) - size
    position = np.arange(n) - np.repeat(starts, size)
    bounds = np.cumsum(counts, axis=1)  # per household: end of parents, elderly, adult children, children
    b = np.repeat(bounds, size, axis=0)
    return (position[:, None] >= b[:, :3]).sum(axis=1).astype(np.int8)


# ---------------------------------------------------------------- calibration


def welfare(households: pd.DataFrame, persons: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """Per-capita monthly money income of each household (all kinds but excluded_income) and size."""
    position = pd.Index(households["household_id"]).get_indexer(persons["household_id"])
    kinds = [c for c in INCOME_COLUMNS if c not in WELFARE_EXCLUDED]
    total = np.bincount(
        position, weights=persons[kinds].to_numpy(dtype=np.float64).sum(axis=1), minlength=len(households)
    )
    size = np.bincount(position, minlength=len(households))
    return total / size, size


def margins(households: pd.DataFrame, persons: pd.DataFrame) -> tuple[pd.DataFrame, np.ndarray]:
    """The calibration targets and the household-level matrix X (households × targets)."""
    n_h = len(households)
    position = pd.Index(households["household_id"]).get_indexer(persons["household_id"])
    pci, size = welfare(households, persons)
    columns: dict[str, np.ndarray] = {}
    rows: list[tuple[str, float, str]] = []
    region = households["region"].astype(str).to_numpy()
    for name, attrs in REGIONS.items():
        columns[f"persons_{name}"] = np.where(region == name, size, 0).astype(float)
        rows.append((f"persons_{name}", attrs[0], "population 1 Jan 2024, kz_statistics §1.1 (A/C/U)"))
    mean_size = sum(s * p for s, p in zip(range(1, 6), SIZE_SHARES[:5], strict=True)) + SIZE_SHARES[5] * (
        np.dot(np.arange(6, 12), SIZE_TAIL) / sum(SIZE_TAIL)
    )
    total_households = POPULATION / mean_size
    for k, share in enumerate(SIZE_SHARES):
        label = f"households_size_{k + 1}" if k < 5 else "households_size_6plus"
        columns[label] = ((size == k + 1) if k < 5 else (size >= 6)).astype(float)
        rows.append((label, share * total_households, "household size shares, §2 (U placeholder)"))
    age = persons["age"].to_numpy()
    female = (persons["sex"].astype(str) == "female").to_numpy()
    bands = {"age_0_2": age <= 2, "age_3_6": (age >= 3) & (age <= 6), "age_7_17": (age >= 7) & (age <= 17)}
    for label, mask in bands.items():
        columns[label] = np.bincount(position, weights=mask, minlength=n_h)
        rows.append((label, AGE_BANDS[label], "children by age band 1 Jan 2024, §3.1 (C from births)"))
    pension = age >= np.where(female, 61, 63)
    columns["pension_age"] = np.bincount(position, weights=pension, minlength=n_h)
    rows.append(("pension_age", PENSION_AGE_SHARE * POPULATION, "above working age 11.4%, §3.1 (B)"))
    columns["female"] = np.bincount(position, weights=female, minlength=n_h)
    rows.append(("female", FEMALE_SHARE * POPULATION, "women 1 Jun 2024, §1.1 (A)"))
    disabled = (persons["disability_group"].astype(str) != "none").to_numpy() | persons[
        "is_disabled_child"
    ].to_numpy()
    columns["disabled"] = np.bincount(position, weights=disabled, minlength=n_h)
    rows.append(("disabled", DISABLED_PERSONS, "persons with disability Nov 2024, §3.2 (A)"))
    columns["urban"] = np.where(households["urban"].to_numpy(), size, 0).astype(float)
    rows.append(("urban", URBAN_SHARE * POPULATION, "urban share 1 Jul 2024, §1.2 (A)"))
    pm_index = np.array([REGIONS[r][4] for r in region])
    columns["below_subsistence_minimum"] = np.where(pci < SUBSISTENCE_MINIMUM_BNS * pm_index, size, 0.0)
    rows.append(
        (
            "below_subsistence_minimum",
            POVERTY_SHARE * POPULATION,
            "persons with money income per capita below the regional BNS PM, 2024, §4.5 (A/B; see note)",
        )
    )
    columns["below_subsistence_minimum_hh5plus"] = np.where(
        size >= 5, columns["below_subsistence_minimum"], 0
    )
    rows.append(
        (
            "below_subsistence_minimum_hh5plus",
            POOR_IN_5PLUS_SHARE * POVERTY_SHARE * POPULATION,
            "86.6% of the poor live in households of 5+, §4.6 (B)",
        )
    )
    columns["money_income"] = pci * size
    rows.append(("money_income", MEAN_PCI * POPULATION, "HBS money income per capita Q2 2024 /3, §4.1 (A)"))
    targets = pd.DataFrame(rows, columns=["target", "value", "source"])
    x = np.column_stack([columns[t] for t in targets["target"]])
    return targets, x


def rake(x: np.ndarray, targets: np.ndarray, design: np.ndarray, iterations: int = 100) -> np.ndarray:
    """Exponential (raking) calibration: w = d·exp(Xλ) with Σ w·x = targets (Newton's method)."""
    lam = raking_coefficients(x, targets, design, iterations)
    return design * np.exp(np.clip((x / _scale(targets)) @ lam, -30, 30))


def _scale(targets: np.ndarray) -> np.ndarray:
    return np.maximum(np.abs(targets), 1.0)


def raking_coefficients(
    x: np.ndarray, targets: np.ndarray, design: np.ndarray, iterations: int = 100
) -> np.ndarray:
    """The λ of the raking weights d·exp((X / scale)·λ) that meet ``targets`` exactly."""
    scale = _scale(targets)
    xs = x / scale
    ts = targets / scale
    lam = np.zeros(x.shape[1])
    for _ in range(iterations):
        w = design * np.exp(np.clip(xs @ lam, -30, 30))
        gap = ts - w @ xs
        if np.max(np.abs(gap)) < 1e-10:
            break
        jac = xs.T @ (xs * w[:, None])
        lam += np.linalg.lstsq(jac, gap, rcond=None)[0]
    else:
        msg = "The calibration did not converge: the targets cannot be met by this sample."
        raise RuntimeError(msg)
    return lam


def calibrate(households: pd.DataFrame, persons: pd.DataFrame) -> pd.DataFrame:
    """Set ``household_weight`` by raking to the margins; return the calibration report table."""
    targets, x = margins(households, persons)
    total_households = targets.loc[targets["target"].str.startswith("households_size"), "value"].sum()
    design = np.full(len(households), total_households / len(households))
    raw = design @ x
    weights = rake(x, targets["value"].to_numpy(), design)
    households["household_weight"] = weights
    report = targets.assign(design_weighted=raw, calibrated=weights @ x)
    report["ratio"] = report["calibrated"] / report["value"]
    return report


def income_checks(households: pd.DataFrame, persons: pd.DataFrame) -> pd.DataFrame:
    """Untargeted income statistics beside the published figures (deciles, Gini)."""
    pci, size = welfare(households, persons)
    w = households["household_weight"].to_numpy() * size
    order = np.argsort(pci, kind="stable")
    cw = np.cumsum(w[order])
    cw /= cw[-1]
    income = (pci * w)[order]
    decile = np.minimum((cw * 10 - 1e-12).astype(int), 9)
    shares = np.bincount(decile, weights=income, minlength=10) / income.sum()
    lorenz = np.cumsum(income) / income.sum()
    gini = 1 - np.sum((lorenz + np.concatenate([[0], lorenz[:-1]])) * w[order] / w.sum())
    rows = [(f"income_share_decile_{d + 1}", DECILE_SHARES[d], shares[d]) for d in range(10)]
    rows.append(("gini_money_income_per_capita", 0.285, gini))
    rows.append(("d10_d1_share_ratio", 6.2, shares[9] / shares[0]))
    frame = pd.DataFrame(rows, columns=["statistic", "published", "synthetic"])
    frame["source"] = "kz_statistics §4.3 (B/C); not a calibration target"
    return frame


# ---------------------------------------------------------------- writing


def _write(frame: pd.DataFrame, path: Path, metadata: dict[bytes, bytes]) -> None:
    table = pa.Table.from_pandas(frame, preserve_index=False)
    table = table.replace_schema_metadata({**(table.schema.metadata or {}), **metadata})
    pq.write_table(table, path, compression="zstd")


def write_sample(
    n_households: int,
    output: str | Path,
    seed: int = DEFAULT_SEED,
    chunk: int = CHUNK_HOUSEHOLDS,
    progress: object = None,
) -> dict[str, object]:
    """Write a SYNTHETIC sample of ``n_households`` into the folder ``output``.

    Up to ``chunk`` households: one calibrated pair ``synthetic_households.parquet`` /
    ``synthetic_persons.parquet`` plus ``synthetic_calibration.csv`` and ``.md``. More: Parquet parts
    in ``synthetic_households/`` and ``synthetic_persons/``, generated and written one chunk at a
    time, so memory does not grow with ``n_households``; weights use the raking coefficients of
    a pilot sample, and ``synthetic_calibration.csv`` gives each target beside the file's value.
    """
    if n_households < 1:
        msg = "The number of households must be at least 1."
        raise ValueError(msg)
    out = Path(output)
    out.mkdir(parents=True, exist_ok=True)
    meta = {SYNTHETIC_METADATA_KEY: b"true", INCOME_YEAR_METADATA_KEY: str(INCOME_YEAR).encode()}
    if n_households <= chunk:
        households, persons = generate(n_households, seed)
        report = calibrate(households, persons)
        checks = income_checks(households, persons)
        _write(households, out / "synthetic_households.parquet", meta)
        _write(persons, out / "synthetic_persons.parquet", meta)
        report.to_csv(out / "synthetic_calibration.csv", index=False)
        checks.to_csv(out / "synthetic_income_checks.csv", index=False)
        (out / "synthetic_calibration.md").write_text(
            calibration_markdown(report, checks, n_households, seed)
        )
        return {"households": n_households, "persons": len(persons), "parts": 1, "calibrated": True}
    (out / "synthetic_households").mkdir(exist_ok=True)
    (out / "synthetic_persons").mkdir(exist_ok=True)
    pilot_seed, *seeds = np.random.SeedSequence(seed).spawn(1 + (n_households + chunk - 1) // chunk)
    # Raking coefficients solved on a pilot sample, applied to every chunk: w = d·exp(x·λ).
    pilot_households, pilot_persons = generate(PILOT_HOUSEHOLDS, int(pilot_seed.generate_state(1)[0]))
    targets, x = margins(pilot_households, pilot_persons)
    values = targets["value"].to_numpy()
    total_households = targets.loc[targets["target"].str.startswith("households_size"), "value"].sum()
    lam = raking_coefficients(x, values, np.full(PILOT_HOUSEHOLDS, total_households / PILOT_HOUSEHOLDS))
    del pilot_households, pilot_persons, x
    weighted = np.zeros(len(targets))
    persons_written = 0
    for k, child_seed in enumerate(seeds):
        size = min(chunk, n_households - k * chunk)
        households, persons = generate(
            size, int(child_seed.generate_state(1)[0]), first_id=k * chunk, first_person_id=persons_written
        )
        _, x = margins(households, persons)
        weights = total_households / n_households * np.exp(np.clip((x / _scale(values)) @ lam, -30, 30))
        households["household_weight"] = weights
        weighted += weights @ x
        name = f"part-{k:05d}.parquet"
        _write(households, out / "synthetic_households" / name, meta)
        _write(persons, out / "synthetic_persons" / name, meta)
        persons_written += len(persons)
        del households, persons, x
        if progress is not None:
            progress(k + 1, len(seeds))
    report = targets.assign(design_weighted=np.nan, calibrated=weighted)
    report["ratio"] = report["calibrated"] / report["value"]
    report.to_csv(out / "synthetic_calibration.csv", index=False)
    return {
        "households": n_households,
        "persons": persons_written,
        "parts": len(seeds),
        "calibrated": "pilot",
    }


def calibration_markdown(report: pd.DataFrame, checks: pd.DataFrame, n: int, seed: int) -> str:
    """The calibration report: each target beside the sample's weighted value."""
    lines = [
        "# Calibration of the SYNTHETIC sample",
        "",
        f"SYNTHETIC data: {n:,} households drawn by `openfisca_kz_asp.microsim.synth` (seed {seed}), "
        "weights raked to the targets below. Not survey data. Targets and their confidence codes come "
        "from kz_statistics.md. ASP recipients and spending are not targets (they are the validation).",
        "",
        "| target | published | design-weighted sample | calibrated sample | ratio | source |",
        "|---|---:|---:|---:|---:|---|",
    ]
    for r in report.itertuples():
        lines.append(
            f"| {r.target} | {r.value:,.0f} | {r.design_weighted:,.0f} | {r.calibrated:,.0f} | "
            f"{r.ratio:.4f} | {r.source} |"
        )
    lines += [
        "",
        "Untargeted income statistics (checks only):",
        "",
        "| statistic | published | synthetic |",
        "|---|---:|---:|",
    ]
    for r in checks.itertuples():
        lines.append(f"| {r.statistic} | {r.published:.3f} | {r.synthetic:.3f} |")
    return "\n".join(lines) + "\n"


__all__ = ["CHUNK_HOUSEHOLDS", "INCOME_YEAR", "calibrate", "generate", "write_sample"]
