"""Care of a dependant by the only able-bodied member (Law 246-II Art. 2 p.4 sp.2)."""

from openfisca_core.periods import MONTH
from openfisca_core.variables import Variable

from openfisca_kz_asp.entities import Household, Person

LAW = "https://adilet.zan.kz/rus/docs/Z010000246_"


class needs_care_for_unconditional_assistance(Variable):
    value_type = bool
    entity = Person
    definition_period = MONTH
    label = "Is a dependant whose carer may qualify the family for unconditional assistance"
    reference = ("law246.a2.p4.sp2", LAW)
    documentation = (
        "A child under the caregiver threshold (7 in 2018–2019, 3 from 2020), a disabled child, a "
        "person with a disability of group I or II, or an elderly person needing outside care and help "
        "(«престарелым, нуждающимся в постороннем уходе и помощи», Art. 2 p.4 sp.2): outside care of "
        "someone who is neither elderly (`is_elderly`: pension age reached) nor disabled does not count."
    )

    def formula(person, period, parameters):
        threshold = parameters(period).asp.eligibility.caregiver_child_max_age
        age = person("age", period)
        return (
            (age >= 0) * (age < threshold)
            + person("is_disabled_child", period)
            + person("has_disability_group_1_or_2", period)
            + person("is_elderly", period) * person("needs_outside_care", period)
        )


class has_dependant_needing_care(Variable):
    value_type = bool
    entity = Household
    definition_period = MONTH
    label = "The family has a dependant needing care"
    reference = ("law246.a2.p4.sp2", LAW)
    documentation = "At least one family member is a dependant in the sense of Art. 2 p.4 sp.2."

    def formula(household, period, _parameters):
        dependant = household.members("needs_care_for_unconditional_assistance", period)
        member = household.members("is_family_member", period)
        return household.any(dependant * member)


class is_caregiver(Variable):
    value_type = bool
    entity = Person
    definition_period = MONTH
    label = "Cares for a child, disabled or elderly person of the family"
    reference = ("law246.a2.p4.sp2", "law246.a2.p6.sp4", LAW)
    documentation = (
        "Give it when known. When not given, an able-bodied member of a family with a dependant needing "
        "care is presumed to provide the care: the law's condition (Art. 2 p.4 sp.2) is then decided by "
        "whether that member is the family's only able-bodied member."
    )

    def formula(person, period, _parameters):
        has_dependant = person.household("has_dependant_needing_care", period)
        return person("is_able_bodied", period) * has_dependant


class only_able_bodied_member_is_caregiver(Variable):
    value_type = bool
    entity = Household
    definition_period = MONTH
    label = "The only able-bodied member cares for a dependant"
    reference = ("law246.a2.p4.sp2", LAW)
    documentation = (
        "«… единственный трудоспособный член осуществляет уход за ребенком в возрасте до трех лет, "
        "ребенком-инвалидом, инвалидом первой или второй группы, престарелым, нуждающимся в "
        "постороннем уходе и помощи» (Art. 2 p.4 sp.2)."
    )

    def formula(household, period, _parameters):
        able = household.members("is_able_bodied", period)
        member = household.members("is_family_member", period)
        carer = household.members("is_caregiver", period)
        return (
            (household("nb_able_bodied_members", period) == 1)
            * household.any(able * member * carer)
            * household("has_dependant_needing_care", period)
        )
