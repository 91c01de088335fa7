"""Disability and illness: the statuses that limit the ability to work (Art. 1 sp.1-4)."""

from openfisca_core.indexed_enums import Enum
from openfisca_core.periods import MONTH
from openfisca_core.variables import Variable

from openfisca_kz_asp.entities import Person
from openfisca_kz_asp.enums import DisabilityGroup

LAW = "https://adilet.zan.kz/rus/docs/Z010000246_"


class disability_group(Variable):
    value_type = Enum
    possible_values = DisabilityGroup
    default_value = DisabilityGroup.none
    entity = Person
    definition_period = MONTH
    label = "Disability group"
    reference = ("law246.a1.sp1-4", "law246.a2.p4", LAW)
    documentation = "Groups I and II make a person not able-bodied (Art. 1 sp.1-4)."


class has_disability_group_1_or_2(Variable):
    value_type = bool
    entity = Person
    definition_period = MONTH
    label = "Has a disability of group I or II"
    reference = ("law246.a1.sp1-4", "law246.a2.p4.sp1", LAW)
    documentation = "Disability group I or II, which Art. 1 sp.1-4, Art. 2 p.4 and p.6 name."

    def formula(person, period, _parameters):
        group = person("disability_group", period)
        return (group == DisabilityGroup.group_1) + (group == DisabilityGroup.group_2)


class is_disabled_child(Variable):
    value_type = bool
    entity = Person
    definition_period = MONTH
    label = "Is a child with a disability (ребенок-инвалид)"
    reference = ("law246.a2.p4.sp2", "law246.a2.p6.sp4", LAW)
    documentation = "A carer of a disabled child may get unconditional assistance (Art. 2 p.4 sp.2)."


class has_long_term_illness(Variable):
    value_type = bool
    entity = Person
    definition_period = MONTH
    label = "Has an illness allowing temporary incapacity of more than two months"
    reference = ("law246.a1.sp1-4", "law246.a2.p6.sp3", LAW)
    documentation = "Such a person is not able-bodied (Art. 1 sp.1-4) and is exempt (Art. 2 p.6 sp.3)."


class needs_outside_care(Variable):
    value_type = bool
    entity = Person
    definition_period = MONTH
    label = "Needs outside care and help"
    reference = ("law246.a2.p4.sp2", "law246.a2.p6.sp4", LAW)
    documentation = (
        "Needs outside care and help («нуждающийся в постороннем уходе и помощи»). It counts only for "
        "an elderly person: the carer of one who has reached the pension age (`is_elderly`) may make "
        "the family's assistance unconditional (Art. 2 p.4 sp.2), the carer of one over 80 is exempt "
        "from employment measures (Art. 2 p.6 sp.4). A disabled child or a person with a disability "
        "of group I or II counts without it."
    )
