"""Monthly supplement of 1.5 MRP per child aged 1–6 of ASP families (from 1 January 2023)."""

from openfisca_core.periods import MONTH
from openfisca_core.variables import Variable

from openfisca_kz_asp.entities import Household, Person
from openfisca_kz_asp.enums import AspType

SOURCE = "https://kaz.zakon.kz/kogam-tynysy/6030011-zharty-millionnan-astam-azastandy-kmekke-zru.html"


class is_child_for_supplement(Variable):
    value_type = bool
    entity = Person
    definition_period = MONTH
    label = "Is a child aged 1 to 6 counted for the child supplement"
    reference = ("asp.child_supplement", SOURCE)
    documentation = "A family member aged 1 to 6 inclusive (from 2023)."

    def formula_2023_01(person, period, parameters):
        supplement = parameters(period).asp.child_supplement
        age = person("age", period)
        return (age >= supplement.age_from) * (age <= supplement.age_to) * person("is_family_member", period)


class asp_child_supplement(Variable):
    value_type = float
    entity = Household
    definition_period = MONTH
    unit = "currency-KZT"
    label = "Child supplement: 1.5 MRP a month per child aged 1–6 (KZT)"
    reference = ("asp.child_supplement", "law246.a2.p7", SOURCE)
    documentation = (
        "From 1 January 2023 the guaranteed social package for children aged 1–6 is paid in cash: 1.5 "
        "MRP a month per child of a family receiving ASP (5,175 KZT in 2023, 5,538 in 2024, 5,898 in "
        "2025, 6,487.5 in 2026, not rounded). The legal article under the Social Code was not found."
    )

    def formula_2023_01(household, period, parameters):
        p = parameters(period)
        children = household("nb_children_for_supplement", period)
        receives = household("asp_type", period) != AspType.none
        return receives * children * p.asp.child_supplement.amount_mrp * p.general.mrp
