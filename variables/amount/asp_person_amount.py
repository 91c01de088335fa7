"""ASP assigned to each family member (Law 246-II Art. 4 p.1 para 2, Art. 7)."""

import numpy as np
from openfisca_core.periods import MONTH
from openfisca_core.variables import Variable

from openfisca_kz_asp.entities import Person
from openfisca_kz_asp.enums import AspType
from openfisca_kz_asp.formula_helpers import round_half_up

LAW = "https://adilet.zan.kz/rus/docs/Z010000246_"


class is_child_for_2019_rule(Variable):
    value_type = bool
    entity = Person
    definition_period = MONTH
    label = "Is a child for the 2019 per-child amount (under 18, or full-time student under 23)"
    reference = ("asp.amount.child_rule_2019", LAW)
    documentation = "Children under 18, and full-time students under 23 (April–December 2019 rule)."

    def formula(person, period, parameters):
        family = parameters(period).asp.family
        age = person("age", period)
        student = person("is_full_time_student", period) * (age < family.student_max_age)
        return (age >= 0) * ((age < family.child_max_age) + student)


class asp_person_amount(Variable):
    value_type = float
    entity = Person
    definition_period = MONTH
    unit = "currency-KZT"
    label = "ASP assigned to this family member (KZT a month)"
    reference = ("law246.a4.p1", "law246.a7", "asp.amount.child_rule_2019", LAW)
    documentation = (
        "«Адресная социальная помощь назначается каждому члену семьи, имеющему право на ее получение» "
        "(Art. 4 p.1). Each member counted receives the poverty line minus the per-capita income. "
        "From April to December 2019 each child (under 18, or full-time student under 23) received "
        "the whole poverty line instead. Zero when the family gets no ASP. Rounded to the whole tenge, "
        "halves up (parameter asp.amount.rounded_to_tenge, with the reasons): no legal rounding rule "
        "was found; the amounts assigned are reported in whole tenge and the line is rounded half up "
        "(legal_brief §1.2). The amount assigned to each member is rounded, because ASP is assigned "
        "to each member (Art. 4 p.1); the family's amount, their sum, is then whole too."
    )

    def formula(person, period, parameters):
        full_line_for_children = parameters(period).asp.amount.child_receives_full_line
        line = person.household("poverty_line", period)
        gap = person.household("asp_income_gap", period)
        paid = (person.household("asp_type", period) != AspType.none) * person("is_family_member", period)
        if full_line_for_children:  # April-December 2019 only
            gap = np.where(person("is_child_for_2019_rule", period), line, gap)
        amount = np.where(paid, gap, 0)
        return round_half_up(amount) if parameters(period).asp.amount.rounded_to_tenge else amount
