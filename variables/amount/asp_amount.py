"""Monthly ASP of the family (Law 246-II Art. 7) and the total with the child supplement."""

from openfisca_core.periods import MONTH
from openfisca_core.variables import Variable

from openfisca_kz_asp.entities import Household

LAW = "https://adilet.zan.kz/rus/docs/Z010000246_"


class asp_amount(Variable):
    value_type = float
    entity = Household
    definition_period = MONTH
    unit = "currency-KZT"
    label = "Monthly ASP of the family (KZT)"
    reference = ("law246.a7", "law246.a4.p1", "code224.a127.p2", LAW)
    documentation = (
        "The sum of the amounts assigned to the members: (poverty line − per-capita income) × members "
        "counted (2019: the line for each child), assuming the family signs the social contract when "
        "assistance is conditional, unless `signs_social_contract` says otherwise."
    )

    def formula(household, period, _parameters):
        return household.sum(household.members("asp_person_amount", period))


class asp_total(Variable):
    value_type = float
    entity = Household
    definition_period = MONTH
    unit = "currency-KZT"
    label = "Monthly ASP with the child supplement (KZT)"
    reference = ("law246.a7", "asp.child_supplement", LAW)
    documentation = "asp_amount + asp_child_supplement."

    def formula(household, period, _parameters):
        return household("asp_amount", period) + household("asp_child_supplement", period)
