"""The poverty line for the family's region and month (Art. 1 sp.3-1, Art. 2 p.1-1 and p.1-2; Order 160)."""

import numpy as np
from openfisca_core.indexed_enums import Enum, EnumArray
from openfisca_core.periods import MONTH, Period
from openfisca_core.variables import Variable

from openfisca_kz_asp.entities import Household
from openfisca_kz_asp.enums import PovertyLineBasis, Region
from openfisca_kz_asp.formula_helpers import parameters_over_time, reference_quarter, round_half_up
from openfisca_kz_asp.subsistence_minimum import NODE, MinimumTable, node_table

LAW = "https://adilet.zan.kz/rus/docs/Z010000246_"
ORDER_160 = "http://base.spinform.ru/show_doc.fwx?rgn=149992"


def _table(household: Household) -> MinimumTable:
    return node_table(parameters_over_time(household, NODE))


def _column(minimums: MinimumTable, period: Period, quarterly: bool) -> int:
    month = f"{period.start.year:04d}-{period.start.month:02d}"
    column = minimums.quarter_column(month) if quarterly else minimums.month_column(month)
    size = (minimums.quarterly if quarterly else minimums.monthly).shape[1]
    if not 0 <= column < size:
        msg = (
            f"The statistical subsistence minimum is known or estimated for 2017-01 to the end of the "
            f"coverage window only, not for {month}."
        )
        raise ValueError(msg)
    return column


def _regions(household: Household, period: Period) -> np.ndarray:
    return np.asarray(household("region", period), dtype=np.intp)


class subsistence_minimum_statistical(Variable):
    value_type = float
    entity = Household
    definition_period = MONTH
    unit = "currency-KZT"
    label = "Statistical subsistence minimum of the region for the month (KZT per person)"
    reference = (
        "law246.a1.sp3-1",
        "order160.p1",
        "https://stat.gov.kz/ru/industries/labor-and-income/stat-life/",
    )
    documentation = (
        "The subsistence minimum the Bureau of National Statistics computes for the family's region and "
        "this month: the published value where a source printed one (parameters "
        "general.subsistence_minimum_statistical), otherwise the estimate of "
        "openfisca_kz_asp.subsistence_minimum (national minimum × the region's ratio to it; projected "
        "after the last published month). For `unknown`, the national minimum. It is the standard of "
        "the poverty statistics (the Bureau's poverty rate), not the statutory minimum of the budget law."
    )

    def formula(household, period, _parameters):
        minimums = _table(household)
        return minimums.monthly[_regions(household, period), _column(minimums, period, quarterly=False)]


class subsistence_minimum_statistical_quarter(Variable):
    value_type = float
    entity = Household
    definition_period = MONTH
    unit = "currency-KZT"
    label = (
        "Statistical subsistence minimum of the region for the quarter before the application quarter (KZT)"
    )
    reference = ("law246.a2.p1-1", "order160.p1", "code224.a120.p3", ORDER_160)
    documentation = (
        "«…от величины прожиточного минимума, рассчитанного за квартал, предшествовавший кварталу "
        "обращения» (Order 160 п. 1; Order 290 before it): the mean of the region's statistical minimum "
        "over the three months of the quarter before the quarter of this month (the Bureau's quarterly "
        "average where it published one). How it was obtained is `poverty_line_basis`."
    )

    def formula(household, period, _parameters):
        minimums = _table(household)
        column = _column(minimums, reference_quarter(period), quarterly=True)
        return minimums.quarterly[_regions(household, period), column]


class published_poverty_line(Variable):
    value_type = float
    entity = Household
    definition_period = MONTH
    unit = "currency-KZT"
    label = "Poverty line published by the local body for the region and quarter (KZT), where one is known"
    reference = ("law246.a2.p1-2", LAW)
    documentation = (
        "The line the local executive body published for the family's region and the quarter of the "
        "month (Art. 2 p.1-2), from the parameters asp.poverty_line.published; 0 where none is known."
    )

    def formula(household, period, parameters):
        published = parameters(period).asp.poverty_line.published
        # One value per region, looked up by the region's index: indexing the parameter node with the
        # region array would walk the households in Python (0.5 s per million households).
        by_region = np.array([published[region.name] for region in Region], dtype=np.float64)
        return by_region[_regions(household, period)]


class poverty_line_minimum_branch(Variable):
    value_type = float
    entity = Household
    definition_period = MONTH
    unit = "currency-KZT"
    label = (
        "Poverty line by the subsistence-minimum rule (rate × the region's minimum of the reference quarter)"
    )
    reference = ("law246.a2.p1-1", "order160.p1", "code224.a120.p3", ORDER_160)
    documentation = (
        "The rate in force (50% from 2018, 70% from 2019) × `subsistence_minimum_statistical_quarter`, "
        "rounded half up to the tenge as every published pair shows (22,941 × 0.5 = 11,470.5 → 11,471; "
        "33,590 × 0.7 = 23,513). From 2025 it is the floor of the line."
    )

    def formula(household, period, parameters):
        rate = parameters(period).asp.poverty_line.rate
        return round_half_up(rate * household("subsistence_minimum_statistical_quarter", period))


class poverty_line_median_branch(Variable):
    value_type = float
    entity = Household
    definition_period = MONTH
    unit = "currency-KZT"
    label = "Poverty line by the median-income rule (35% of the regional median income, from 2025)"
    reference = ("order160.p1", "code224.a120.p3", ORDER_160)
    documentation = (
        "From 1 January 2025 (Order 473 amending Order 160) the line is the larger of 35% of the "
        "regional median income and 70% of the subsistence minimum. No median is published, so "
        "`median_income` is an input (0 when unknown), and this branch is 0 before 2025."
    )

    def formula(household, period, parameters):
        rate = parameters(period).asp.poverty_line.median_rate
        return round_half_up(rate * household("median_income", period))


class poverty_line_basis(Variable):
    value_type = Enum
    possible_values = PovertyLineBasis
    default_value = PovertyLineBasis.estimated
    entity = Household
    definition_period = MONTH
    label = "Which source gave the poverty line"
    reference = ("law246.a2.p1-1", "law246.a2.p1-2", "order160.p1", ORDER_160)
    documentation = (
        "`published`: the line a local body published for the region and quarter; `national_2019`: the "
        "single national line of April–September 2019 (20,789); `regional_minimum`: rate × the region's "
        "own published minimum of the reference quarter; `estimated`: rate × an estimate of it (the "
        "national minimum × the region's ratio, see openfisca_kz_asp.subsistence_minimum); `projected`: "
        "the same beyond the last published minimum; `input`: `poverty_line` was given, or (from 2025) "
        "35% of the `median_income` given is larger than the minimum branch and so sets the line."
    )

    def formula(household, period, parameters):
        # `poverty_line` asks for this variable before it stores its own value, so a value already
        # held for the period can only be an input.
        if household.simulation.get_holder("poverty_line").get_array(period) is not None:
            return np.full(household.count, PovertyLineBasis.input.index)
        minimums = _table(household)
        column = _column(minimums, reference_quarter(period), quarterly=True)
        rule = minimums.quarterly_basis[_regions(household, period), column]
        national_line = parameters(period).asp.poverty_line.national_single_line
        median_binds = household("poverty_line_median_branch", period) > household(
            "poverty_line_minimum_branch", period
        )
        rule = np.where(median_binds, PovertyLineBasis.input.index, rule)
        rule = np.where(national_line > 0, PovertyLineBasis.national_2019.index, rule)
        published = household("published_poverty_line", period) > 0
        # Valid indices by construction: returned encoded (OpenFisca would check each one again).
        return EnumArray(
            np.where(published, PovertyLineBasis.published.index, rule).astype(np.int16), PovertyLineBasis
        )


class poverty_line(Variable):
    value_type = float
    entity = Household
    definition_period = MONTH
    unit = "currency-KZT"
    label = "Poverty line (KZT per person per month)"
    reference = ("law246.a1.sp3-1", "law246.a2.p1-1", "law246.a2.p1-2", "code224.a120.p4", ORDER_160, LAW)
    documentation = (
        "«Черта бедности — предельная минимальная величина денежного дохода на одного человека» (Art. "
        "1 sp.3-1): the region's published line for the quarter where one is known; in April–September "
        "2019 the single national line; otherwise the rate × the region's statistical subsistence "
        "minimum of the quarter before the application quarter, and from 2025 the larger of that and "
        "35% of the regional median income. `poverty_line_basis` says which; give `poverty_line` as an "
        "input (e.g. the line your akimat published) to override all of them."
    )

    def formula(household, period, parameters):
        household("poverty_line_basis", period)  # first, so that it can tell an input from this value
        published = household("published_poverty_line", period)
        national_line = parameters(period).asp.poverty_line.national_single_line
        by_rule = np.maximum(
            household("poverty_line_minimum_branch", period), household("poverty_line_median_branch", period)
        )
        by_rule = np.where(national_line > 0, national_line, by_rule)
        return np.where(published > 0, published, by_rule)
