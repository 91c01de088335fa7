"""Exemptions from employment measures under conditional assistance (Law 246-II Art. 2 p.6)."""

import numpy as np
from openfisca_core.periods import MONTH
from openfisca_core.variables import Variable

from openfisca_kz_asp.entities import Household, Person

LAW = "https://adilet.zan.kz/rus/docs/Z010000246_"


class needs_care_for_exemption(Variable):
    value_type = bool
    entity = Person
    definition_period = MONTH
    label = "Is a dependant whose carer is exempt from employment measures"
    reference = ("law246.a2.p6.sp4", LAW)
    documentation = (
        "A child under 3 (7 before 2020, unverified), a disabled child, a person with a disability of "
        "group I or II, or an elderly person over 80 who needs outside care (Art. 2 p.6 sp.4). The "
        "care of a child under 3 exempts only one of its parents (see `is_exempt_carer`)."
    )

    def formula(person, period, parameters):
        exemption = parameters(period).asp.eligibility.exemption
        age = person("age", period)
        return (
            (age >= 0) * (age < exemption.child_max_age)
            + person("is_disabled_child", period)
            + person("has_disability_group_1_or_2", period)
            + (age >= exemption.elderly_min_age) * person("needs_outside_care", period)
        )


class is_exempt_carer(Variable):
    value_type = bool
    entity = Person
    definition_period = MONTH
    label = "Is the one carer exempt from employment measures"
    reference = ("law246.a2.p6.sp4", "law246.a2.p2.sp2", LAW)
    documentation = (
        "«К осуществляющему уход … может быть отнесен только один трудоспособный член семьи». A "
        "candidate is an able-bodied family member who cares (`is_caregiver`) for a disabled child, a "
        "disabled person of group I–II or an elderly person over 80 needing care — any carer — or for "
        "a child under the exemption age as one of its parents («одному из родителей», "
        "`is_parent_of_young_child`): a grandmother caring for a child of 2 is not exempt on that "
        "ground. Among the candidates the law lets the family say which one is «отнесен»; the choice "
        "most favourable to the family is assumed (one not exempt on another ground, so that one more "
        "member is exempt), and it NEVER falls on a member who refused employment measures in the bar "
        "period: a refusal means the person was asked to take part, i.e. was not the member counted "
        "as the carer when the need for employment measures was set at the interview (Art. 4 p.4 "
        "sp.2), and the family cannot name the refuser afterwards to lift the bar of Art. 2 p.2 sp.2. "
        "Give this variable as an input to state a designation the inputs cannot show. Ties go to the "
        "first listed; the number of members exempt and the bar do not depend on the order."
    )

    def formula(person, period, parameters):
        household = person.household  # group functions through it answer for each person
        member = person("is_family_member", period)
        age = person("age", period)
        exemption = parameters(period).asp.eligibility.exemption
        young_child = (age >= 0) * (age < exemption.child_max_age)
        # Care that exempts any carer: a disabled child, a disabled person, an elderly person over 80.
        other_dependant = (
            person("is_disabled_child", period)
            + person("has_disability_group_1_or_2", period)
            + (age >= exemption.elderly_min_age) * person("needs_outside_care", period)
        )
        cares_for = household.any(other_dependant * member) + (
            person("is_parent_of_young_child", period) * household.any(young_child * member)
        )
        refused = person("refused_employment_measures_in_bar_period", period)
        candidate = (
            person("is_caregiver", period) * person("is_able_bodied", period) * member * cares_for * ~refused
        )
        otherwise_exempt = (
            person("has_disability_group_1_or_2", period)
            + person("is_full_time_student", period)
            + person("has_long_term_illness", period)
            + person("has_permanent_job", period)
        )
        priority = np.where(candidate, 1 + ~otherwise_exempt, 0)
        chosen = candidate * (priority == household.max(priority))
        position = household.members_position
        first = household.min(np.where(chosen, position, np.iinfo(np.int32).max))
        return chosen * (position == first)


class is_exempt_from_employment_measures(Variable):
    value_type = bool
    entity = Person
    definition_period = MONTH
    label = "Need not take part in employment measures"
    reference = ("law246.a2.p6", "law246.a2.p6.sp1", "code224.a122.p4", LAW)
    documentation = (
        "Art. 2 p.6: disabled persons of groups I–II (sp.1), full-time pupils and students (sp.2), "
        "persons with an illness allowing incapacity over two months (sp.3), the one carer of a child "
        "under 3, a disabled child, a disabled person of group I–II or an elderly person over 80 "
        "needing care (sp.4), persons with a permanent job (sp.5). Social Code Art. 122 p.4."
    )

    def formula(person, period, _parameters):
        return (
            person("has_disability_group_1_or_2", period)
            + person("is_full_time_student", period)
            + person("has_long_term_illness", period)
            + person("has_permanent_job", period)
            + person("is_exempt_carer", period)
        )


class nb_members_required_in_employment_measures(Variable):
    value_type = int
    entity = Household
    definition_period = MONTH
    label = "Able-bodied members required to take part in employment measures"
    reference = ("law246.a2.p5", "law246.a2.p6", LAW)
    documentation = (
        "Able-bodied family members not exempt under Art. 2 p.6: those whom the social contract of "
        "conditional assistance binds to employment measures."
    )

    def formula(household, period, _parameters):
        able = household.members("is_able_bodied", period)
        member = household.members("is_family_member", period)
        exempt = household.members("is_exempt_from_employment_measures", period)
        return household.sum(able * member * ~exempt)
