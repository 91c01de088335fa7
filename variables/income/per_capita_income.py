"""Per-capita income (среднедушевой доход), Art. 1 sp.2 and Social Code Art. 127 p.2."""

import numpy as np
from openfisca_core.periods import MONTH
from openfisca_core.variables import Variable

from openfisca_kz_asp.entities import Household

CODE = "https://adilet.zan.kz/rus/docs/K2300000224"


class per_capita_income(Variable):
    value_type = float
    entity = Household
    definition_period = MONTH
    unit = "currency-KZT"
    label = "Per-capita income (KZT per person per month)"
    reference = ("law246.a1.sp2", "law246.a6", "code224.a127.p2", CODE)
    documentation = (
        "«Среднедушевой доход исчисляется путем деления совокупного дохода, полученного в квартале, "
        "предшествовавшем кварталу обращения …, на число членов семьи и на три месяца» (Social Code "
        "Art. 127 p.2; the same rule under Law 246-II Art. 6). Not rounded. 0 for a family with no "
        "member counted."
    )

    def formula(household, period, _parameters):
        size = household("household_size", period)
        income = household("asp_total_income", period)
        return np.where(size > 0, income / np.maximum(size, 1) / 3, 0)
