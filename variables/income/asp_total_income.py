"""Total income of the family in the reference quarter (совокупный доход)."""

from openfisca_core.periods import MONTH
from openfisca_core.variables import Variable

from openfisca_kz_asp.entities import Household

RULES = "https://cis-legislation.com/document.fwx?rgn=29151"


class asp_total_income(Variable):
    value_type = float
    entity = Household
    definition_period = MONTH
    unit = "currency-KZT"
    label = "Total income of the family in the reference quarter (KZT for the quarter)"
    reference = ("law246.a1.sp3", "law246.a6", "code224.a127.p2", RULES)
    documentation = (
        "Sum of the countable income of the persons counted as family members (Art. 4 p.1), received "
        "in the calendar quarter before the quarter of application (Social Code Art. 127 p.2)."
    )

    def formula(household, period, _parameters):
        income = household.members("asp_person_countable_income", period)
        counted = household.members("is_family_member", period)
        return household.sum(income * counted)
