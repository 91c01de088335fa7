"""How many children of the family count for the child supplement (from 1 January 2023)."""

from openfisca_core.periods import MONTH
from openfisca_core.variables import Variable

from openfisca_kz_asp.entities import Household

SOURCE = "https://kaz.zakon.kz/kogam-tynysy/6030011-zharty-millionnan-astam-azastandy-kmekke-zru.html"


class nb_children_for_supplement(Variable):
    value_type = int
    entity = Household
    definition_period = MONTH
    label = "Number of children aged 1 to 6 counted for the child supplement"
    reference = ("asp.child_supplement", SOURCE)
    documentation = (
        "The family members aged 1 to 6 inclusive (`is_child_for_supplement`); "
        "`asp_child_supplement` pays 1.5 MRP a month for each of them when the family receives ASP. "
        "0 before 2023, when there was no such payment."
    )

    def formula_2023_01(household, period, _parameters):
        return household.sum(household.members("is_child_for_supplement", period))
