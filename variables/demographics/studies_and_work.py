"""Studies and permanent work: statuses that exempt from employment measures (Art. 2 p.6)."""

from openfisca_core.periods import MONTH
from openfisca_core.variables import Variable

from openfisca_kz_asp.entities import Person

LAW = "https://adilet.zan.kz/rus/docs/Z010000246_"


class is_full_time_student(Variable):
    value_type = bool
    entity = Person
    definition_period = MONTH
    label = "Is a full-time pupil or student"
    reference = ("law246.a2.p6.sp2", "law246.a4.p1", LAW)
    documentation = (
        "Full-time pupils, students, trainees, cadets and master's students are exempt from "
        "employment measures (Art. 2 p.6 sp.2); adult full-time students under 23 are counted in "
        "the family even when they live away (Art. 4 p.1); in 2019 they received the per-child amount."
    )


class attends_secondary_school(Variable):
    value_type = bool
    entity = Person
    definition_period = MONTH
    label = "Attends a secondary school"
    reference = ("law246.a2.p7", LAW)
    documentation = (
        "Decides which guaranteed social package a child counts for (Art. 2 p.7). When not given, "
        "children aged 7 to 17 are presumed to attend school and children under 7 not to."
    )

    def formula(person, period, _parameters):
        age = person("age", period)
        return (age >= 7) * (age < 18)


class has_permanent_job(Variable):
    value_type = bool
    entity = Person
    definition_period = MONTH
    label = "Has a permanent job"
    reference = ("law246.a2.p6.sp5", LAW)
    documentation = "Persons with permanent work are exempt from employment measures (Art. 2 p.6 sp.5)."
