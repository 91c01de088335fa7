"""Whether the family's income is below the poverty line (Art. 1 sp.5-2, Art. 2 p.1)."""

from openfisca_core.periods import MONTH
from openfisca_core.variables import Variable

from openfisca_kz_asp.entities import Household

LAW = "https://adilet.zan.kz/rus/docs/Z010000246_"


class is_low_income(Variable):
    value_type = bool
    entity = Household
    definition_period = MONTH
    label = "Is a low-income family (per-capita income below the poverty line)"
    reference = ("law246.a1.sp5-2", "law246.a2.p1", "law246.a2.p2.sp1", LAW)
    documentation = (
        "«Малообеспеченные лица (семьи) — … имеющие среднедушевые доходы в месяц ниже черты бедности» "
        "(Art. 1 sp.5-2). At exactly the line the family is not low-income, and the amount (line − "
        "income) would be 0 anyway."
    )

    def formula(household, period, _parameters):
        return household("per_capita_income", period) < household("poverty_line", period)
