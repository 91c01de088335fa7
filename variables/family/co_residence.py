"""Co-residence and its exceptions (Law 246-II Art. 4 p.1, second paragraph and note)."""

from openfisca_core.periods import MONTH
from openfisca_core.variables import Variable

from openfisca_kz_asp.entities import Person

LAW = "https://adilet.zan.kz/rus/docs/Z010000246_"


class lives_with_family(Variable):
    value_type = bool
    default_value = True
    entity = Person
    definition_period = MONTH
    label = "Lives with the family"
    reference = ("law246.a4.p1", LAW)
    documentation = (
        "The family is made of co-residing persons (Art. 4 p.1). A person who does not live with the "
        "family is counted only under the exceptions: able-bodied members working away, children at "
        "boarding schools, adult full-time students under 23. Children registered elsewhere for "
        "secondary school but living in the family (the note to Art. 4) live with it: leave this true."
    )


class works_away_from_family(Variable):
    value_type = bool
    entity = Person
    definition_period = MONTH
    label = "Works away from the family's place of residence"
    reference = ("law246.a4.p1", LAW)
    documentation = "Co-residence is not required of able-bodied members working away (Art. 4 p.1)."


class studies_at_boarding_school(Variable):
    value_type = bool
    entity = Person
    definition_period = MONTH
    label = "Is a child at a boarding school (интернатная организация)"
    reference = ("law246.a4.p1", LAW)
    documentation = (
        "Co-residence is not required of children at boarding schools, unless on full state support "
        "(Art. 4 p.1)."
    )
