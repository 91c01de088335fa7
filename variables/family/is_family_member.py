"""Who is counted in the family (Law 246-II Art. 4 p.1)."""

from openfisca_core.periods import MONTH
from openfisca_core.variables import Variable

from openfisca_kz_asp.entities import Person

LAW = "https://adilet.zan.kz/rus/docs/Z010000246_"


class is_family_member(Variable):
    value_type = bool
    entity = Person
    definition_period = MONTH
    label = "Is counted as a family member"
    reference = ("law246.a4.p1", LAW)
    documentation = (
        "Art. 4 p.1: a person listed in the family is counted unless on full state support, in "
        "conscript service, or in prison or compulsory treatment; one who does not live with the "
        "family is counted only if able-bodied and working away, a child at a boarding school, or an "
        "adult full-time student under 23."
    )

    def formula(person, period, parameters):
        family = parameters(period).asp.family
        excluded = (
            person("is_on_full_state_support", period)
            + person("is_in_conscript_service", period)
            + person("is_imprisoned_or_in_compulsory_treatment", period)
        )
        age = person("age", period)
        away_student = (
            person("is_full_time_student", period)
            * (age >= family.child_max_age)
            * (age < family.student_max_age)
        )
        away_allowed = (
            person("works_away_from_family", period) * person("is_able_bodied", period)
            + person("studies_at_boarding_school", period)
            + away_student
        )
        return ~excluded * (person("lives_with_family", period) + away_allowed)
