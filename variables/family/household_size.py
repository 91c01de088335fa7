"""Number of family members counted (the divisor of per-capita income)."""

from openfisca_core.periods import MONTH
from openfisca_core.variables import Variable

from openfisca_kz_asp.entities import Household

LAW = "https://adilet.zan.kz/rus/docs/Z010000246_"


class household_size(Variable):
    value_type = int
    entity = Household
    definition_period = MONTH
    label = "Number of family members counted"
    reference = ("law246.a4.p1", "code224.a127.p2", LAW)
    documentation = "Persons of the household counted as family members (Art. 4 p.1), children included."

    def formula(household, period, _parameters):
        return household.sum(household.members("is_family_member", period))
