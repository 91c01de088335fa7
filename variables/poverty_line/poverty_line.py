"""The poverty line for the family's region and month (Art. 1 sp.3-1, Art. 2 p.1-1 and p.1-2)."""

import numpy as np
from openfisca_core.periods import MONTH
from openfisca_core.variables import Variable

from openfisca_kz_asp.entities import Household
from openfisca_kz_asp.enums import Region
from openfisca_kz_asp.formula_helpers import round_half_up

LAW = "https://adilet.zan.kz/rus/docs/Z010000246_"


class national_poverty_line(Variable):
    value_type = float
    entity = Household
    definition_period = MONTH
    unit = "currency-KZT"
    label = "National poverty line (KZT per person per month)"
    reference = ("law246.a2.p1-1", "order160.p1", LAW)
    documentation = (
        "The poverty-line rate in force × the statutory subsistence minimum of the budget law, rounded "
        "half up to the tenge (29,698 × 0.7 = 20,788.6 → 20,789), as the ministry's own examples "
        "compute it. From 2025, the larger of that and 35% of `median_income` (when given). Used "
        "wherever no regional line is published."
    )

    def formula(household, period, parameters):
        p = parameters(period)
        floor = round_half_up(p.asp.poverty_line.rate * p.general.subsistence_minimum)
        median_branch = p.asp.poverty_line.median_rate * household("median_income", period)
        return round_half_up(np.maximum(floor, median_branch))


class published_poverty_line(Variable):
    value_type = float
    entity = Household
    definition_period = MONTH
    unit = "currency-KZT"
    label = "Poverty line published for the region and quarter (KZT; 0 = not published)"
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
        return by_region[np.asarray(household("region", period), dtype=np.intp)]


class poverty_line(Variable):
    value_type = float
    entity = Household
    definition_period = MONTH
    unit = "currency-KZT"
    label = "Poverty line (KZT per person per month)"
    reference = ("law246.a1.sp3-1", "law246.a2.p1-1", "law246.a2.p1-2", "code224.a120.p4", LAW)
    documentation = (
        "«Черта бедности — предельная минимальная величина денежного дохода на одного человека» (Art. "
        "1 sp.3-1). The region's published line for the quarter where one is known, otherwise the "
        "national line. Give it as an input to override both."
    )

    def formula(household, period, _parameters):
        published = household("published_poverty_line", period)
        return np.where(published > 0, published, household("national_poverty_line", period))
