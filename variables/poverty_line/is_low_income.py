"""Whether the family's income is low enough for ASP (Art. 1 sp.5-2, Art. 2 p.2 sp.1; Code Art. 128 sp.1)."""

import numpy as np
from openfisca_core.periods import MONTH
from openfisca_core.variables import Variable

from openfisca_kz_asp.entities import Household

LAW = "https://adilet.zan.kz/rus/docs/Z010000246_"


class is_low_income(Variable):
    value_type = bool
    entity = Household
    definition_period = MONTH
    label = "Is low-income for ASP (income below the line; from July 2023, not above it)"
    reference = (
        "law246.a1.sp5-2",
        "law246.a2.p1",
        "law246.a2.p2.sp1",
        "code224.a128.sp1",
        "code224.a120.p4",
        LAW,
    )
    documentation = (
        "Until 30 June 2023: «малообеспеченные лица (семьи) — … имеющие среднедушевые доходы в месяц "
        "ниже черты бедности» (Art. 1 sp.5-2), and ASP is not assigned to the others (Art. 2 p.2 "
        "sp.1): a family exactly at the line is refused (Art. 2 p.1's «не превышающим» gives the "
        "right, but the specific ground for refusal is applied). From 1 July 2023 the Social Code "
        "refuses only «превышение среднедушевого дохода семьи черты бедности» (Art. 128 sp.1; "
        "Art. 120 p.4): a family exactly at the line is not refused. Parameter "
        "asp.eligibility.income_at_line_is_low_income. At the line the amount (line − income) is 0, "
        "but the family receives ASP: the child supplement, the school package and the months of "
        "assignment follow."
    )

    def formula(household, period, parameters):
        income = household("per_capita_income", period)
        line = household("poverty_line", period)
        at_the_line_counts = parameters(period).asp.eligibility.income_at_line_is_low_income
        return np.where(at_the_line_counts, income <= line, income < line)
