"""The gap between the poverty line and the per-capita income (Law 246-II Art. 7)."""

import numpy as np
from openfisca_core.periods import MONTH
from openfisca_core.variables import Variable

from openfisca_kz_asp.entities import Household

LAW = "https://adilet.zan.kz/rus/docs/Z010000246_"


class asp_income_gap(Variable):
    value_type = float
    entity = Household
    definition_period = MONTH
    unit = "currency-KZT"
    label = "Poverty line minus per-capita income (KZT a month per member; 0 if not below)"
    reference = ("law246.a7", LAW)
    documentation = (
        "What each member counted receives (Art. 7 as the ministry explains it, legal_brief §1.2): the "
        "poverty line minus the family's per-capita income, and 0 when the income is not below the "
        "line. `asp_person_amount` pays it; the explanation shows it. Not rounded."
    )

    def formula(household, period, _parameters):
        return np.maximum(household("poverty_line", period) - household("per_capita_income", period), 0)
