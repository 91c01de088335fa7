"""Persons excluded from the family (Law 246-II Art. 4 p.1, sub-points 1 to 3)."""

from openfisca_core.periods import MONTH
from openfisca_core.variables import Variable

from openfisca_kz_asp.entities import Person

LAW = "https://adilet.zan.kz/rus/docs/Z010000246_"


class is_on_full_state_support(Variable):
    value_type = bool
    entity = Person
    definition_period = MONTH
    label = "Is on full state support"
    reference = ("law246.a4.p1", LAW)
    documentation = (
        "Excluded from the family: «находящихся на полном государственном обеспечении» (Art. 4 p.1 sp.1)."
    )


class is_in_conscript_service(Variable):
    value_type = bool
    entity = Person
    definition_period = MONTH
    label = "Is in conscript military service"
    reference = ("law246.a4.p1", LAW)
    documentation = "Excluded from the family: «находящихся на срочной воинской службе» (Art. 4 p.1 sp.2)."


class is_imprisoned_or_in_compulsory_treatment(Variable):
    value_type = bool
    entity = Person
    definition_period = MONTH
    label = "Is in prison or under compulsory treatment"
    reference = ("law246.a4.p1", LAW)
    documentation = (
        "Excluded from the family: «находящихся в местах лишения свободы, на принудительном лечении» "
        "(Art. 4 p.1 sp.3)."
    )
