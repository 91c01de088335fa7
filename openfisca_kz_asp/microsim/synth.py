"""SYNTHETIC household survey sample for Kazakhstan, calibrated to published aggregates.

Nothing here is real survey data. The generator draws households (size, composition, ages,
disability, studies, work, incomes) from simple documented rules whose constants come from
shared/research/kz_statistics.md (codes A/B/C/U there), then, when the whole sample fits in one
chunk, calibrates the household weights by raking (exponential calibration) to the published
margins: population by region, households by size, age bands, children in four regions, sex,
disability, urban share, money income per capita (national and eight regions), and poverty —
persons whose money income per capita is below their region's statistical subsistence minimum
(the table of the poverty line, :mod:`openfisca_kz_asp.subsistence_minimum`) — by region, in
rural areas and by household size. Each target carries its status (A/B/C/U).

The generator's lower tail is brought near the poverty targets before the raking
(:func:`compression`, constants from :func:`tune`), so that the raking only makes moderate
corrections and the regional income distributions stay plausible around the line.

Larger files (``--households`` above :data:`CHUNK_HOUSEHOLDS`) are written chunk by chunk as
Parquet parts, so memory stays bounded; their weights apply the raking coefficients solved on a
pilot sample of :data:`PILOT_HOUSEHOLDS` (w = d·exp(x·λ)), so they meet the same targets closely
but not exactly (the calibration files give each ratio).

ASP recipients and spending are NOT targets: they are the check (:mod:`.validation`,
docs/microsim.md §5). Income columns are monthly 2024 KZT (``income_year`` = 2024).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from openfisca_kz_asp.enums import DisabilityGroup, Region, Sex
from openfisca_kz_asp.microsim.format import (
    INCOME_COLUMNS,
    INCOME_YEAR_METADATA_KEY,
    SYNTHETIC_METADATA_KEY,
    WELFARE_EXCLUDED,
)

INCOME_YEAR = 2024
CHUNK_HOUSEHOLDS = 250_000
PILOT_HOUSEHOLDS = 100_000  # pilot sample whose raking coefficients start the weights of chunked files
CORRECTION_PASSES = 2  # Newton steps of those weights on the whole file's totals
MIN_CELL_HOUSEHOLDS = 5  # a target is raked only if its cell holds at least this many sample households
DEFAULT_SEED = 20240101

# region: (population 1 Jan 2024 [kz_statistics §1.1, status in POPULATION_STATUS],
#          urban share [§1.2: cities 1, Almaty region 0.20, Turkistan 0.25, Jambyl 0.44, North
#          Kazakhstan 0.49, Atyrau 0.55 (B/C); the others U],
#          HBS money income per capita ÷ national [§4.1: the eight regions of REGION_INCOME; the
#          other twelve U, ordered by the macro income and wage tables of §4.2 and §6.2 and
#          scaled together so that the population-weighted mean of all twenty is 1],
#          mean household size [§2, U; larger in the south, where children are 41-43% of the people])
REGIONS: dict[str, tuple[int, float, float, float]] = {
    "almaty_city": (2228675, 1.00, 1.298, 3.0),
    "turkistan": (2142171, 0.25, 0.679, 4.6),
    "astana": (1430105, 1.00, 1.441, 3.2),
    "almaty_region": (1531167, 0.20, 0.866, 3.8),
    "shymkent": (1222066, 1.00, 0.679, 4.2),
    "jambyl": (1222593, 0.44, 0.754, 4.0),
    "karaganda": (1135351, 0.80, 1.285, 2.8),
    "aktobe": (939500, 0.65, 1.040, 3.4),
    "mangystau": (786700, 0.45, 1.070, 4.3),
    "atyrau": (703180, 0.55, 1.172, 3.9),
    "north_kazakhstan": (530100, 0.49, 0.938, 2.8),
    "ulytau": (221500, 0.80, 1.185, 3.1),
    "kostanay": (831000, 0.55, 0.989, 2.8),
    "kyzylorda": (843000, 0.45, 0.815, 4.2),
    "akmola": (790000, 0.50, 0.968, 2.9),
    "pavlodar": (755000, 0.70, 1.070, 2.8),
    "east_kazakhstan": (722000, 0.65, 1.212, 2.8),
    "jetisu": (701000, 0.40, 0.717, 3.6),
    "west_kazakhstan": (693000, 0.52, 1.019, 3.3),
    "abai": (605000, 0.55, 0.856, 3.0),
}
# Confidence of each region's 1 Jan 2024 population (kz_statistics §1.1).
POPULATION_STATUS = {
    **dict.fromkeys(("turkistan", "astana", "jambyl", "karaganda", "atyrau"), "A"),
    **dict.fromkeys(("almaty_city", "almaty_region", "shymkent"), "A/C"),
    **dict.fromkeys(("aktobe", "mangystau", "ulytau"), "C"),
    "north_kazakhstan": "B",
    **dict.fromkeys(("kostanay", "kyzylorda", "akmola", "pavlodar", "east_kazakhstan", "jetisu"), "U"),
    **dict.fromkeys(("west_kazakhstan", "abai"), "U"),
}
# Regions whose HBS money income per capita ÷ national is published (kz_statistics §4.1): their
# money income is a calibration target (C: the ratio × the national 2024 income); the source's code.
REGION_INCOME: dict[str, tuple[str, str]] = {
    "astana": ("A", "HBS Q2 2023 408.1k / 283.6k and Q3 2023 430.3k / 298.2k, mean of the two"),
    "almaty_city": ("A/B", "HBS Q2 2023 363.6k / 283.6k and Q3 2023 392.1k / 298.2k, mean"),
    "karaganda": ("A/B", "HBS Q2 2023 368.0k / 283.6k and Q3 2023 379.7k / 298.2k, mean"),
    "east_kazakhstan": ("B", "HBS Q3 2023 361.4k / 298.2k"),
    "ulytau": ("B", "HBS Q3 2023 353.3k / 298.2k"),
    "jetisu": ("A", "HBS Q2 2023 203.2k / 283.6k (lowest region)"),
    "turkistan": ("C", "HBS Q2 2024 income used for consumption 32.1% below national, taken for money"),
    "shymkent": ("C", "HBS Q2 2024 income used for consumption 32.1% below national, taken for money"),
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
# Poverty (kz_statistics §4.5-4.6): persons whose money income per capita is below the statistical
# subsistence minimum of their region (the 2024 mean of the region's months in
# openfisca_kz_asp.subsistence_minimum, the same table as the poverty line's).
NATIONAL_POVERTY = {"2024Q1": 4.6, "2024Q2": 5.1, "2024Q3": 5.4, "2024Q4": 4.8, "2021": 5.2}  # % A/A/B/B/U
POVERTY_SHARE = sum(NATIONAL_POVERTY[f"2024Q{q}"] for q in range(1, 5)) / 400  # 2024 mean of the quarters
# region: (published rates in % by period, source). A region's 2024 target is the mean of its
# published rates × (national 2024 ÷ the national mean of the same periods): derived, C.
REGIONAL_POVERTY: dict[str, tuple[dict[str, float], str]] = {
    "turkistan": ({"2024Q1": 7.9, "2024Q2": 8.8, "2024Q3": 9.3}, "BNS 2024 Q1-Q3 (A)"),
    "mangystau": ({"2024Q3": 8.0}, "BNS 2024 Q3 (A)"),
    "abai": ({"2024Q1": 7.0, "2024Q2": 7.7, "2024Q3": 8.6}, "BNS 2024 Q1-Q3 (A)"),
    "jetisu": ({"2024Q1": 7.1, "2024Q2": 7.8}, "BNS 2024 Q1-Q2 (A)"),
    "jambyl": ({"2024Q3": 8.1}, "BNS 2024 Q3 (A)"),
    "akmola": ({"2021": 6.4}, "BNS 2021 (A), national 2021 about 5.2 (U)"),
    "shymkent": ({"2021": 5.5}, "BNS 2021 (A), national 2021 about 5.2 (U)"),
    "almaty_city": ({"2021": 5.2}, "BNS 2021 (A), national 2021 about 5.2 (U)"),
    "atyrau": ({"2024Q1": 2.5, "2024Q2": 3.0, "2024Q3": 3.6}, "BNS 2024 Q1-Q3 (A)"),
    "karaganda": ({"2024Q1": 2.4, "2024Q2": 3.0, "2024Q3": 3.3}, "BNS 2024 Q1-Q3 (A)"),
    "astana": ({"2024Q1": 2.4, "2024Q2": 3.3, "2024Q3": 2.8}, "BNS 2024 Q1-Q3 (A)"),
}
# Rural poverty ÷ national: 2024 Q3 7.3 / 5.4 and Q4 6.8 / 4.8 (B), mean of the two (C).
RURAL_POVERTY_RATIO = (7.3 / 5.4 + 6.8 / 4.8) / 2
# Poor persons by household size 1, 2, 3, 4, 5+ (thousand; ranking.kz citing BNS, §4.6, B).
POOR_BY_SIZE = (1.4, 14.6, 35.6, 86.6, 889.2)
# Children 0-17 as a share of the region's population, 1 Jan 2024 (BNS, §3.1).
CHILD_SHARE: dict[str, tuple[float, str]] = {
    "turkistan": (0.433, "A"),
    "mangystau": (0.419, "A"),
    "shymkent": (0.406, "A"),
    "north_kazakhstan": (0.24, "B"),  # "~24%"
}
MRP = 3692  # 2024 (A)
MINIMUM_WAGE = 85_000  # 2024 (A)
MIN_PENSION = 57_900  # 2024, interpolated between 53,076 (2023) and 62,771 (2025) (C)
DECILE_SHARES = (0.039, 0.053, 0.063, 0.070, 0.077, 0.092, 0.104, 0.119, 0.142, 0.241)  # C, §4.3

# Behaviour constants of the generator (tuned once so that the raw sample is near the targets).
WAGE_MEDIAN = 250_000
WAGE_SIGMA = 0.6
ADULT_CHILD_SHARE = 0.5
EMPLOYMENT = {"parent_m": 0.88, "parent_f": 0.78, "mother_3plus": 0.55, "adult_child": 0.6, "single": 0.85}
INFORMAL_SHARE = 0.6  # non-employed working-age adults with some informal income
SINGLE_INFORMAL = 90_000  # median informal income of a non-employed adult living alone
HOUSEHOLD_SPREAD = 0.3  # σ of the household factor of market incomes
MARKET_KINDS = ("wage_income", "business_income", "farm_income", "other_income")  # scaled by the compression
# Compression of the lower tail (see compression() and tune()): pivot and smoothness in units of
# the region's minimum; κ of each region and household size (1, 2, 3, 4, 5+), tuned once.
COMPRESSION_PIVOT = 1.6
COMPRESSION_SMOOTH = 0.3
REGION_COMPRESSION: dict[str, float] = {
    "almaty_city": 0.356,
    "turkistan": 0.402,
    "astana": 0.478,
    "almaty_region": 0.528,
    "shymkent": 0.599,
    "jambyl": 0.404,
    "karaganda": 0.433,
    "aktobe": 0.436,
    "mangystau": 0.499,
    "atyrau": 0.503,
    "north_kazakhstan": 0.449,
    "ulytau": 0.590,
    "kostanay": 0.377,
    "kyzylorda": 0.512,
    "akmola": 0.274,
    "pavlodar": 0.442,
    "east_kazakhstan": 0.488,
    "jetisu": 0.396,
    "west_kazakhstan": 0.419,
    "abai": 0.350,
}
SIZE_COMPRESSION = (0.265, 0.900, 0.276, 0.236, 0.000)
# Share of the tuned compression applied: the full compression would also lift the deepest
# households, so the poorest decile's income share would exceed the published 3.9% (§4.3);
# the raking makes up the rest (a smaller step in the density at the line than without it).
COMPRESSION_STRENGTH = 0.5
# Published D10/D1 income ratios by region (BNS via informburo, Q3 2023?, kz_statistics §4.3, B): checks.
D10_D1_REGIONS = {"astana": 7.4, "almaty_city": 6.5, "shymkent": 3.2, "mangystau": 2.5}


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

    # Work and incomes (monthly 2024 KZT). Market incomes (work, informal and private transfers)
    # share a household factor: a lognormal draw of mean 1.
    spread = HOUSEHOLD_SPREAD
    market = np.exp(spread * rng.standard_normal(n_households) - spread**2 / 2)[hh_of_person]
    idx = hh_income_idx[hh_of_person] * market
    working_age = (age >= 18) & ~pensioner & (disability_group != DisabilityGroup.group_1.index)
    p_emp = np.select(
        [is_role["parent"] & ~female, is_role["parent"], is_role["adult_child"], is_role["single"]],
        [EMPLOYMENT["parent_m"], EMPLOYMENT["parent_f"], EMPLOYMENT["adult_child"], EMPLOYMENT["single"]],
        0.1,
    )
    # Mothers of three or more children work less (U).
    n_children = np.bincount(hh_of_person, weights=age < 18, minlength=n_households)[hh_of_person]
    p_emp = np.where(is_role["parent"] & female & (n_children >= 3), EMPLOYMENT["mother_3plus"], p_emp)
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
    # Pensions: at least the minimum pension (a floor of the Social Code), around 1.3 times it.
    income["pension_income"] = np.where(
        pensioner, MIN_PENSION * np.maximum(1.0, rng.lognormal(0.25, 0.25, size=n)), 0.0
    )
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
    income["other_income"] = np.where(gift, 15_000 * market * rng.lognormal(0, 0.8, size=n), 0.0)
    # Non-employed working-age adults: informal work (INFORMAL_SHARE of them), and always where the
    # household has no earner and no pensioner (a household without any income is rare in the HBS);
    # a person living alone, a student too, always has some (work or the family's support).
    no_earner = np.bincount(hh_of_person, weights=employed | pensioner, minlength=n_households) == 0
    informal = (
        working_age
        & ~employed
        & ((~student & ((rng.random(n) < INFORMAL_SHARE) | no_earner[hh_of_person])) | single[hh_of_person])
    )
    amount = np.where(single[hh_of_person], SINGLE_INFORMAL, 45_000)
    income["other_income"] += np.where(informal, amount * idx * rng.lognormal(0, 0.5, size=n), 0.0)
    rent = head & urban[hh_of_person] & (rng.random(n) < 0.05)
    income["property_income"] = np.where(rent, 80_000 * rng.lognormal(0, 0.6, size=n), 0.0)
    income["scholarship_income"] = np.where(student & (age >= 18) & (rng.random(n) < 0.5), 48_000.0, 0.0)
    income["housing_assistance_income"] = np.where(head & (rng.random(n) < 0.01), 8_000.0, 0.0)
    _compress_lower_tail(income, hh_of_person, np.array(names)[region], size)
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


def compression(x: np.ndarray, kappa: np.ndarray) -> np.ndarray:
    """Smoothly compressed per-capita income, in units of the region's minimum (x > 0).

    ln x' = ln x + κ·h·ln(1 + exp((ln p − ln x)/h)) with p = COMPRESSION_PIVOT, h = COMPRESSION_SMOOTH:
    well below the pivot ln x' ≈ (1 − κ)·ln x + κ·ln p (the lower tail is pulled towards the pivot,
    ranks kept), well above it nothing changes, and the map is smooth, so the density has no step.
    """
    h = COMPRESSION_SMOOTH
    return x * np.exp(kappa * h * np.logaddexp(0.0, (np.log(COMPRESSION_PIVOT) - np.log(x)) / h))


def _compress_lower_tail(
    income: dict[str, np.ndarray], hh_of_person: np.ndarray, region: np.ndarray, size: np.ndarray
) -> None:
    """Scale each household's market incomes so that its per-capita income is compressed (in place).

    The crude income model above leaves too many households far below the minimum (the published
    poverty is about 5%, with 86.6% of the poor in households of 5+). κ = REGION_COMPRESSION of the
    region + SIZE_COMPRESSION of the household size, tuned once by :func:`tune` so that the raw
    sample is near the poverty targets; the raking then only makes small corrections.
    """
    minimum = regional_minimum()
    n_households = len(size)
    line = np.array([minimum[r] for r in region])
    kinds = [c for c in INCOME_COLUMNS if c not in WELFARE_EXCLUDED]
    total = np.bincount(hh_of_person, weights=sum(income[k] for k in kinds), minlength=n_households)
    scalable = np.bincount(hh_of_person, weights=sum(income[k] for k in MARKET_KINDS), minlength=n_households)
    kappa = (
        np.array([REGION_COMPRESSION.get(r, 0.0) for r in region])
        + np.array(SIZE_COMPRESSION)[np.minimum(size, 5) - 1]
    )
    kappa = COMPRESSION_STRENGTH * np.clip(kappa, 0.0, 0.95)
    x = np.maximum(total / size, 1.0) / line
    wanted = compression(x, kappa) * line * size
    factor = np.where(scalable > 0, 1 + (wanted - total) / np.where(scalable > 0, scalable, 1), 1.0)
    for k in MARKET_KINDS:
        income[k] *= factor[hh_of_person]


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


@lru_cache(maxsize=4)
def regional_minimum(year: int = INCOME_YEAR) -> dict[str, float]:
    """Each region's statistical subsistence minimum, mean of the 12 months of ``year`` (KZT a month).

    The table of the poverty line (openfisca_kz_asp.subsistence_minimum, issue 8): published where
    the Bureau published it, estimated otherwise. ``unknown`` carries the national minimum.
    """
    from openfisca_kz_asp.microsim.engine import system  # noqa: PLC0415 - loads the parameter tree
    from openfisca_kz_asp.subsistence_minimum import table  # noqa: PLC0415

    minimums = table(system().parameters)
    columns = [minimums.month_column(f"{year}-{m:02d}") for m in range(1, 13)]
    return {r.name: float(minimums.monthly[k, columns].mean()) for k, r in enumerate(Region)}


def assumed_poverty_rates() -> dict[str, float]:
    """2024 poverty rates assumed for the regions without a published rate (U).

    A log-linear fit, on the regions with a rate, of the rate against the region's income index ÷
    its minimum index (both relative to national); applied to the other regions and scaled so that
    all twenty add up to the national number of poor persons (§4.5). Their income indices are
    mostly U too (REGIONS), so these rates are placeholders.
    """
    minimum = regional_minimum()

    def x(name: str) -> float:
        return float(np.log(REGIONS[name][2] * minimum["unknown"] / minimum[name]))

    published = dict(_published_poverty_rates())
    slope, intercept = np.polyfit([x(r) for r in published], np.log(list(published.values())), 1)
    rest = [r for r in REGIONS if r not in published]
    left = POVERTY_SHARE * POPULATION - sum(rate * REGIONS[r][0] for r, rate in published.items())
    raw = {r: float(np.exp(intercept + slope * x(r))) for r in rest}
    scale = left / sum(raw[r] * REGIONS[r][0] for r in rest)
    return {r: raw[r] * scale for r in rest}


def _published_poverty_rates() -> list[tuple[str, float]]:
    out = []
    for name, (rates, _) in REGIONAL_POVERTY.items():
        same = np.mean([NATIONAL_POVERTY[k] for k in rates]) / 100
        out.append((name, float(np.mean(list(rates.values())) / 100 * POVERTY_SHARE / same)))
    return out


def poverty_targets() -> list[tuple[str, float, str, str]]:
    """Poor persons by region (2024): (target, persons, status, source).

    Regions with a published rate: C (derived from A: moved to 2024 by the national series).
    The others: U (:func:`assumed_poverty_rates`), so that the twenty add up to the national rate.
    """
    rows = []
    for name, rate in _published_poverty_rates():
        rates, source = REGIONAL_POVERTY[name]
        same = np.mean([NATIONAL_POVERTY[k] for k in rates])
        rows.append(
            (
                f"poor_{name}",
                rate * REGIONS[name][0],
                "C",
                f"rate {100 * rate:.2f}% = {source} × national 2024 {100 * POVERTY_SHARE:.3f}% ÷ "
                f"national of the same periods {same:.2f}% (§4.5)",
            )
        )
    for name, rate in assumed_poverty_rates().items():
        rows.append(
            (
                f"poor_{name}",
                rate * REGIONS[name][0],
                "U",
                f"rate {100 * rate:.2f}% assumed: no published rate; fit of the published rates on "
                "income index ÷ minimum index, scaled to the national total",
            )
        )
    return rows


def margins(households: pd.DataFrame, persons: pd.DataFrame) -> tuple[pd.DataFrame, np.ndarray]:
    """The calibration targets (target, value, status, source) and the matrix X (households × targets)."""
    n_h = len(households)
    position = pd.Index(households["household_id"]).get_indexer(persons["household_id"])
    pci, size = welfare(households, persons)
    columns: dict[str, np.ndarray] = {}
    rows: list[tuple[str, float, str, str]] = []
    region = households["region"].astype(str).to_numpy()
    for name, attrs in REGIONS.items():
        columns[f"persons_{name}"] = np.where(region == name, size, 0).astype(float)
        rows.append((f"persons_{name}", attrs[0], POPULATION_STATUS[name], "population 1 Jan 2024, §1.1"))
    mean_size = sum(s * p for s, p in zip(range(1, 6), SIZE_SHARES[:5], strict=True)) + SIZE_SHARES[5] * (
        np.dot(np.arange(6, 12), SIZE_TAIL) / sum(SIZE_TAIL)
    )
    total_households = POPULATION / mean_size
    for k, share in enumerate(SIZE_SHARES):
        label = f"households_size_{k + 1}" if k < 5 else "households_size_6plus"
        columns[label] = ((size == k + 1) if k < 5 else (size >= 6)).astype(float)
        rows.append((label, share * total_households, "U", "household size shares, §2 (placeholder)"))
    age = persons["age"].to_numpy()
    female = (persons["sex"].astype(str) == "female").to_numpy()
    bands = {"age_0_2": age <= 2, "age_3_6": (age >= 3) & (age <= 6), "age_7_17": (age >= 7) & (age <= 17)}
    for label, mask in bands.items():
        columns[label] = np.bincount(position, weights=mask, minlength=n_h)
        rows.append((label, AGE_BANDS[label], "C", "children by age band 1 Jan 2024, §3.1 (from births)"))
    children = np.bincount(position, weights=age < 18, minlength=n_h)
    for name, (share, status) in CHILD_SHARE.items():
        columns[f"children_{name}"] = np.where(region == name, children, 0.0)
        rows.append(
            (
                f"children_{name}",
                share * REGIONS[name][0],
                status,
                f"children 0-17 {share:.1%} of the people, §3.1",
            )
        )
    pension = age >= np.where(female, 61, 63)
    columns["pension_age"] = np.bincount(position, weights=pension, minlength=n_h)
    rows.append(("pension_age", PENSION_AGE_SHARE * POPULATION, "B", "above working age 11.4%, §3.1"))
    columns["female"] = np.bincount(position, weights=female, minlength=n_h)
    rows.append(("female", FEMALE_SHARE * POPULATION, "A", "women 1 Jun 2024, §1.1"))
    disabled = (persons["disability_group"].astype(str) != "none").to_numpy() | persons[
        "is_disabled_child"
    ].to_numpy()
    columns["disabled"] = np.bincount(position, weights=disabled, minlength=n_h)
    rows.append(("disabled", DISABLED_PERSONS, "A", "persons with disability Nov 2024, §3.2"))
    urban = households["urban"].to_numpy(dtype=bool)
    columns["urban"] = np.where(urban, size, 0).astype(float)
    rows.append(("urban", URBAN_SHARE * POPULATION, "A", "urban share 1 Jul 2024, §1.2"))
    minimum = regional_minimum()
    poor = np.where(pci < np.array([minimum[r] for r in region]), size, 0).astype(float)
    for target, value, status, source in poverty_targets():
        columns[target] = np.where(region == target.removeprefix("poor_"), poor, 0.0)
        rows.append((target, value, status, "persons below the region's statistical minimum: " + source))
    columns["poor_rural"] = np.where(~urban, poor, 0.0)
    rows.append(
        (
            "poor_rural",
            RURAL_POVERTY_RATIO * POVERTY_SHARE * (1 - URBAN_SHARE) * POPULATION,
            "C",
            f"rural rate = national × {RURAL_POVERTY_RATIO:.3f} (2024 Q3 7.3/5.4, Q4 6.8/4.8, B; §4.5)",
        )
    )
    in_5plus = POOR_BY_SIZE[4] / sum(POOR_BY_SIZE)
    for k, thousands in enumerate(POOR_BY_SIZE[:4]):
        share = thousands / sum(POOR_BY_SIZE)
        columns[f"poor_household_size_{k + 1}"] = np.where(size == k + 1, poor, 0.0)
        rows.append(
            (
                f"poor_household_size_{k + 1}",
                share * POVERTY_SHARE * POPULATION,
                "C",
                f"{share:.2%} of the poor live in households of {k + 1} (§4.6, B; 5+: {in_5plus:.1%})",
            )
        )
    columns["money_income"] = pci * size
    rows.append(("money_income", MEAN_PCI * POPULATION, "A", "HBS money income per capita Q2 2024 /3, §4.1"))
    for name, (status, source) in REGION_INCOME.items():
        columns[f"money_income_{name}"] = np.where(region == name, pci * size, 0.0)
        rows.append(
            (
                f"money_income_{name}",
                REGIONS[name][2] * MEAN_PCI * REGIONS[name][0],
                "C",
                f"index {REGIONS[name][2]:.3f} × national 2024: {source} ({status}, §4.1)",
            )
        )
    targets = pd.DataFrame(rows, columns=["target", "value", "status", "source"])
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


def raked_targets(x: np.ndarray) -> np.ndarray:
    """Targets the sample can carry: at least MIN_CELL_HOUSEHOLDS households in the target's cell.

    A small sample (a few hundred households) has no poor household in some regions: those targets
    are left out of the raking and reported as such (``raked`` false), not met by extreme weights.
    """
    return np.count_nonzero(x, axis=0) >= MIN_CELL_HOUSEHOLDS


def calibrate(households: pd.DataFrame, persons: pd.DataFrame) -> pd.DataFrame:
    """Set ``household_weight`` by raking to the margins; return the calibration report table."""
    targets, x = margins(households, persons)
    total_households = targets.loc[targets["target"].str.startswith("households_size"), "value"].sum()
    design = np.full(len(households), total_households / len(households))
    raw = design @ x
    raked = raked_targets(x)
    weights = rake(x[:, raked], targets["value"].to_numpy()[raked], design)
    households["household_weight"] = weights
    report = targets.assign(design_weighted=raw, calibrated=weights @ x, raked=raked)
    report["ratio"] = report["calibrated"] / report["value"]
    return report


# Untargeted checks and the ranges they should fall in (kz_statistics §4.3). Published: D10 share
# 24.1% (2024, B) and about 25% (Q4 2024, B); bottom half 30.2% (2024, B); D10/D1 5.9-6.3 (2019-2024,
# B); Gini 0.285 (2022, B). The decile shares are C (built from those figures). Each range is the
# published value(s) widened by a tolerance for the sample's size and for the different income
# concept (money income here, income used for consumption in the Bureau's tables): ±1 point for a
# share, ±0.025 for the Gini, ±0.5 for D10/D1.
CHECK_RANGES: dict[str, tuple[float, float, float]] = {  # statistic: (published, low, high)
    **{f"income_share_decile_{d + 1}": (v, v - 0.01, v + 0.01) for d, v in enumerate(DECILE_SHARES)},
    "income_share_decile_10": (0.241, 0.231, 0.26),
    "income_share_bottom_half": (0.302, 0.292, 0.312),
    "gini_money_income_per_capita": (0.285, 0.26, 0.31),
    "d10_d1_share_ratio": (6.2, 5.4, 6.8),
}
# D10/D1 ratios the Bureau published for places (B, Q3 2023 or Q4 2024): shown, no range.
D10_D1_PLACES = {f"d10_d1_{r}": (v, "BNS via informburo, Q3 2023?") for r, v in D10_D1_REGIONS.items()}
D10_D1_PLACES |= {
    "d10_d1_urban": (6.8, "Halyk Finance, Q4 2024"),
    "d10_d1_rural": (4.9, "Halyk Finance, Q4 2024"),
}


def _ratio(top: float, bottom: float) -> float:
    """The decile ratio, or NaN (shown as missing) where the bottom decile has no income: a small
    sample or region, not an infinite inequality."""
    return float(top / bottom) if bottom > 0 else float("nan")


def _shares(pci: np.ndarray, weight: np.ndarray) -> tuple[np.ndarray, float]:
    """Income shares of the ten deciles of persons and the Gini coefficient."""
    order = np.argsort(pci, kind="stable")
    cw = np.cumsum(weight[order])
    cw /= cw[-1]
    income = (pci * weight)[order]
    decile = np.minimum((cw * 10 - 1e-12).astype(int), 9)
    shares = np.bincount(decile, weights=income, minlength=10) / income.sum()
    lorenz = np.cumsum(income) / income.sum()
    gini = 1 - np.sum((lorenz + np.concatenate([[0], lorenz[:-1]])) * weight[order] / weight.sum())
    return shares, float(gini)


def income_checks(households: pd.DataFrame, persons: pd.DataFrame) -> pd.DataFrame:
    """Untargeted income statistics beside the published figures and their ranges (deciles, Gini)."""
    pci, size = welfare(households, persons)
    w = households["household_weight"].to_numpy() * size
    shares, gini = _shares(pci, w)
    values = {f"income_share_decile_{d + 1}": shares[d] for d in range(10)}
    values["income_share_bottom_half"] = shares[:5].sum()
    values["gini_money_income_per_capita"] = gini
    values["d10_d1_share_ratio"] = _ratio(shares[9], shares[0])
    rows = [
        (name, published, values[name], low, high, "kz_statistics §4.3 (B/C); not a calibration target")
        for name, (published, low, high) in CHECK_RANGES.items()
    ]
    region = households["region"].astype(str).to_numpy()
    urban = households["urban"].to_numpy(dtype=bool)
    places = {f"d10_d1_{r}": region == r for r in D10_D1_REGIONS}
    places |= {"d10_d1_urban": urban, "d10_d1_rural": ~urban}
    for name, mask in places.items():
        published, source = D10_D1_PLACES[name]
        s, _ = _shares(pci[mask], w[mask])
        rows.append((name, published, _ratio(s[9], s[0]), np.nan, np.nan, f"{source} (B); shown only"))
    frame = pd.DataFrame(rows, columns=["statistic", "published", "synthetic", "low", "high", "source"])
    frame["within"] = [
        bool(low <= v <= high) if not np.isnan(low) else None
        for v, low, high in zip(frame["synthetic"], frame["low"], frame["high"], strict=True)
    ]
    return frame


# ---------------------------------------------------------------- tuning the generator


def _decile_ratio(pci: np.ndarray, weight: np.ndarray) -> float:
    """D10/D1: income share of the richest tenth of persons ÷ that of the poorest tenth."""
    order = np.argsort(pci, kind="stable")
    cw = np.cumsum(weight[order]) / weight.sum()
    income = (pci * weight)[order]
    return float(income[cw > 0.9].sum() / income[cw <= 0.1].sum())


def raw_poverty_goals() -> tuple[dict[str, float], np.ndarray]:
    """Poverty rates the raw sample should come near: by region and by household size (1-4, 5+)."""
    goals = {}
    for target, count, _, _ in poverty_targets():
        name = target.removeprefix("poor_")
        goals[name] = count / REGIONS[name][0]
    mean_size = sum(k * p for k, p in enumerate(SIZE_SHARES[:5], 1)) + SIZE_SHARES[5] * (
        np.dot(np.arange(6, 12), SIZE_TAIL) / sum(SIZE_TAIL)
    )
    households = np.array(SIZE_SHARES) * POPULATION / mean_size
    persons = households[:4] * np.arange(1, 5)
    persons = np.append(persons, POPULATION - persons.sum())
    poor = np.array(POOR_BY_SIZE) / sum(POOR_BY_SIZE) * POVERTY_SHARE * POPULATION
    return goals, poor / persons


def tune(n_households: int = 60_000, seed: int = 7, iterations: int = 30) -> dict[str, object]:
    """Tune REGION_COMPRESSION and SIZE_COMPRESSION so that the raw sample meets the poverty goals.

    The κ found make the raw (design-weighted) sample meet the poverty rate of each region and of
    each household size; the generator applies COMPRESSION_STRENGTH of them and the raking does the
    rest. A raw sample far from a poverty target leaves a step in the weighted density at the line
    (the raking scales the weights of every poor household of a region by the same factor). Run
    once when a target or the generator changes and paste the returned constants into this module
    (``tune(60_000, seed=7, iterations=40)`` gave the present ones); never run when a sample is
    written.
    """
    global REGION_COMPRESSION, SIZE_COMPRESSION, COMPRESSION_STRENGTH  # the constants being tuned
    strength, COMPRESSION_STRENGTH = COMPRESSION_STRENGTH, 1.0
    goals, size_goals = raw_poverty_goals()
    minimum = regional_minimum()
    region_k = dict.fromkeys(REGIONS, 0.0) | REGION_COMPRESSION
    size_k = np.array(SIZE_COMPRESSION, dtype=float)
    for _ in range(iterations):
        REGION_COMPRESSION, SIZE_COMPRESSION = region_k, tuple(size_k)
        households, persons = generate(n_households, seed)
        pci, size = welfare(households, persons)
        region = households["region"].astype(str).to_numpy()
        poor = pci < np.array([minimum[r] for r in region])
        for name in REGIONS:
            m = region == name
            gap = np.log(max(np.average(poor[m], weights=size[m]), 1e-4) / goals[name])
            region_k[name] = float(np.clip(region_k[name] + 0.08 * gap, -0.5, 0.9))
        for k in range(5):
            m = (size == k + 1) if k < 4 else (size >= 5)
            gap = np.log(max(np.average(poor[m], weights=size[m]), 1e-5) / size_goals[k])
            size_k[k] = float(np.clip(size_k[k] + 0.08 * gap, -0.5, 0.9))
        shift = size_k[4]  # κ of households of 5+ is carried by the regions
        size_k -= shift
        region_k = {r: v + shift for r, v in region_k.items()}
    REGION_COMPRESSION, SIZE_COMPRESSION, COMPRESSION_STRENGTH = region_k, tuple(size_k), strength
    return {
        "REGION_COMPRESSION": {k: round(v, 3) for k, v in region_k.items()},
        "SIZE_COMPRESSION": tuple(round(float(v), 3) for v in size_k),
    }


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
    progress: Callable[[int, int], None] | None = None,
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
            calibration_markdown(
                report, checks, n_households, seed, households["household_weight"].to_numpy()
            )
        )
        return {"households": n_households, "persons": len(persons), "parts": 1, "calibrated": True}
    return _write_parts(n_households, out, seed, chunk, progress, meta)


def _write_parts(  # noqa: PLR0917 - the private half of write_sample
    n_households: int,
    out: Path,
    seed: int,
    chunk: int,
    progress: Callable[[int, int], None] | None,
    meta: dict[bytes, bytes],
) -> dict[str, object]:
    """Write Parquet parts of ``chunk`` households, weighted to the targets (see write_sample)."""
    (out / "synthetic_households").mkdir(exist_ok=True)
    (out / "synthetic_persons").mkdir(exist_ok=True)
    pilot_seed, *seeds = np.random.SeedSequence(seed).spawn(1 + (n_households + chunk - 1) // chunk)
    # Raking coefficients solved on a pilot sample, applied to every chunk: w = d·exp(x·λ); then
    # CORRECTION_PASSES Newton steps on the whole file's totals (each chunk generated again from
    # its own seed, its households part written again with the new weights).
    pilot_households, pilot_persons = generate(PILOT_HOUSEHOLDS, int(pilot_seed.generate_state(1)[0]))
    targets, x = margins(pilot_households, pilot_persons)
    values = targets["value"].to_numpy()
    scale = _scale(values)
    total_households = targets.loc[targets["target"].str.startswith("households_size"), "value"].sum()
    raked = raked_targets(x)
    lam = np.zeros(len(values))
    lam[raked] = raking_coefficients(
        x[:, raked], values[raked], np.full(PILOT_HOUSEHOLDS, total_households / PILOT_HOUSEHOLDS)
    )
    del pilot_households, pilot_persons, x
    design = total_households / n_households
    first_persons = [0]
    steps = len(seeds) * (1 + CORRECTION_PASSES)
    cells = np.zeros(len(values), dtype=np.int64)  # households in each target's cell, whole file
    for step in range(1 + CORRECTION_PASSES):
        weighted = np.zeros(len(targets))
        jacobian = np.zeros((len(targets), len(targets)))
        for k, child_seed in enumerate(seeds):
            size = min(chunk, n_households - k * chunk)
            households, persons = generate(
                size,
                int(child_seed.generate_state(1)[0]),
                first_id=k * chunk,
                first_person_id=first_persons[k],
            )
            _, x = margins(households, persons)
            xs = x / scale
            weights = design * np.exp(np.clip(xs @ lam, -30, 30))
            households["household_weight"] = weights
            weighted += weights @ x
            jacobian += xs.T @ (xs * weights[:, None])
            cells += np.count_nonzero(x, axis=0) if step == 0 else 0
            name = f"part-{k:05d}.parquet"
            _write(households, out / "synthetic_households" / name, meta)
            if step == 0:
                _write(persons, out / "synthetic_persons" / name, meta)
                first_persons.append(first_persons[-1] + len(persons))
            del households, persons, x, xs
            if progress is not None:
                progress(step * len(seeds) + k + 1, steps)
        if step < CORRECTION_PASSES:
            raked &= cells >= MIN_CELL_HOUSEHOLDS
            lam[~raked] = 0.0
            gap = (values - weighted) / scale
            lam[raked] += np.linalg.lstsq(jacobian[np.ix_(raked, raked)], gap[raked], rcond=None)[0]
    report = targets.assign(design_weighted=np.nan, calibrated=weighted, raked=raked)
    report["ratio"] = report["calibrated"] / report["value"]
    report.to_csv(out / "synthetic_calibration.csv", index=False)
    (out / "synthetic_calibration.md").write_text(
        calibration_markdown(report, None, n_households, seed).replace(
            "weights raked to the targets below",
            f"written in {len(seeds)} Parquet parts, weights from the raking coefficients of a pilot "
            f"sample of {PILOT_HOUSEHOLDS:,} households corrected by {CORRECTION_PASSES} Newton steps on "
            "the whole file (the design-weighted column is not computed)",
        )
    )
    return {
        "households": n_households,
        "persons": first_persons[-1],
        "parts": len(seeds),
        "calibrated": "pilot",
    }


STATUS_NOTE = (
    "Status of each target (kz_statistics.md codes): A official figure, B secondary source citing "
    "the Bureau or the ministry, C derived from A/B figures by the stated method, U placeholder "
    "(assumed, unverified). ASP recipients and spending are not targets (they are the validation, "
    "docs/microsim.md §5)."
)


def calibration_markdown(
    report: pd.DataFrame, checks: pd.DataFrame | None, n: int, seed: int, weights: np.ndarray | None = None
) -> str:
    """The calibration report: each target beside the sample's weighted value, with its status."""

    def number(v: float) -> str:
        return "—" if pd.isna(v) else f"{v:,.0f}"

    lines = [
        "# Calibration of the SYNTHETIC sample",
        "",
        f"SYNTHETIC data: {n:,} households drawn by `openfisca_kz_asp.microsim.synth` (seed {seed}), "
        "weights raked to the targets below. Not survey data. " + STATUS_NOTE,
        "",
        "| target | status | published | design-weighted sample | calibrated sample | ratio | source |",
        "|---|---|---:|---:|---:|---:|---|",
    ]
    for r in report.itertuples():
        mark = "" if getattr(r, "raked", True) else " (not raked: fewer than 5 households in its cell)"
        lines.append(
            f"| {r.target} | {r.status} | {number(r.value)} | {number(r.design_weighted)} | "
            f"{number(r.calibrated)} | {r.ratio:.4f}{mark} | {r.source} |"
        )
    if weights is not None:
        ess = weights.sum() ** 2 / (weights**2).sum()
        lines += [
            "",
            f"Weights: mean {weights.mean():,.1f}, min {weights.min():,.1f}, max {weights.max():,.1f} "
            f"households; effective sample size {ess:,.0f} of {len(weights):,}.",
        ]
    if checks is not None:
        lines += [
            "",
            "Untargeted income statistics (checks only; the range is the published value with a "
            "tolerance, see `CHECK_RANGES` in synth.py):",
            "",
            "| statistic | published | synthetic | range | within |",
            "|---|---:|---:|---|---|",
        ]
        for r in checks.itertuples():
            span = "—" if pd.isna(r.low) else f"{r.low:.3f}–{r.high:.3f}"
            within = "—" if r.within is None else ("yes" if r.within else "NO")
            lines.append(f"| {r.statistic} | {r.published:.3f} | {r.synthetic:.3f} | {span} | {within} |")
    return "\n".join(lines) + "\n"


__all__ = ["CHUNK_HOUSEHOLDS", "INCOME_YEAR", "calibrate", "generate", "write_sample"]
