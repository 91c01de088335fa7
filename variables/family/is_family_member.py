"""Who is counted in the family (Law 246-II Art. 4 p.1)."""

from openfisca_core.periods import MONTH
from openfisca_core.variables import Variable

from openfisca_kz_asp.entities import Person
from openfisca_kz_asp.enums import FamilyExclusion

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
        "adult full-time student under 23. The reason a person is left out is "
        "`family_exclusion_reason`; this is that reason being none."
    )

    def formula(person, period, _parameters):
        return person("family_exclusion_reason", period) == FamilyExclusion.none
