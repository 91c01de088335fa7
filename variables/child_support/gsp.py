"""Guaranteed social package (Law 246-II Art. 2 p.7, from 1 January 2020)."""

from openfisca_core.periods import MONTH
from openfisca_core.variables import Variable

from openfisca_kz_asp.entities import Household
from openfisca_kz_asp.enums import AspType

LAW = "https://adilet.zan.kz/rus/docs/Z010000246_"


class gsp_preschool_children(Variable):
    value_type = int
    entity = Household
    definition_period = MONTH
    label = "Children entitled to the preschool guaranteed social package (in kind, 2020–2022)"
    reference = ("law246.a2.p7", "https://adilet.zan.kz/rus/docs/P1900001032/compare")
    documentation = (
        "Art. 2 p.7: for ASP recipients, children aged 1 to 5, and children of 6 or more not yet at "
        "school, for the period of assignment (food and hygiene sets, Decree 1032). From 2023 it is "
        "paid in cash as the child supplement, so this count is 0."
    )

    def formula_2020_01(household, period, parameters):
        gsp = parameters(period).asp.gsp
        age = household.members("age", period)
        school = household.members("attends_secondary_school", period)
        member = household.members("is_family_member", period)
        preschool = (age >= gsp.preschool_age_from) * (
            (age < gsp.school_age_from) + ((age < parameters(period).asp.family.child_max_age) * ~school)
        )
        receives = household("asp_type", period) != AspType.none
        return receives * gsp.in_force * gsp.preschool_in_kind * household.sum(preschool * member)


class gsp_school_children(Variable):
    value_type = int
    entity = Household
    definition_period = MONTH
    label = "Children entitled to the school guaranteed social package"
    reference = ("law246.a2.p7", LAW)
    documentation = (
        "Art. 2 p.7: for ASP recipients, children aged 6 to 17 at secondary school, and those of 18 or "
        "more still at secondary school, for the school year (meals, uniform and supplies, transport). "
        "Continued after July 2023 by assumption (Low)."
    )

    def formula_2020_01(household, period, parameters):
        gsp = parameters(period).asp.gsp
        age = household.members("age", period)
        school = household.members("attends_secondary_school", period)
        member = household.members("is_family_member", period)
        pupil = (age >= gsp.school_age_from) * school
        receives = household("asp_type", period) != AspType.none
        return receives * gsp.in_force * household.sum(pupil * member)
