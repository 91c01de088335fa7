"""Why a person listed in the family is not counted as a member (Law 246-II Art. 4 p.1)."""

import numpy as np
from openfisca_core.indexed_enums import Enum, EnumArray
from openfisca_core.periods import MONTH
from openfisca_core.variables import Variable

from openfisca_kz_asp.entities import Person
from openfisca_kz_asp.enums import FamilyExclusion

LAW = "https://adilet.zan.kz/rus/docs/Z010000246_"


class family_exclusion_reason(Variable):
    value_type = Enum
    possible_values = FamilyExclusion
    default_value = FamilyExclusion.none
    entity = Person
    definition_period = MONTH
    label = "Why the person is not counted as a family member (none: counted)"
    reference = ("law246.a4.p1", LAW)
    documentation = (
        "Art. 4 p.1: a person listed in the family is counted unless «находящихся на полном "
        "государственном обеспечении» (sp.1), «на срочной воинской службе» (sp.2) or «в местах "
        "лишения свободы, на принудительном лечении» (sp.3) — the first that applies is the reason; "
        "one who does not live with the family is counted only if able-bodied and working away, a "
        "child at a boarding school, or an adult full-time student under 23 (`lives_apart` otherwise). "
        "`is_family_member` is this reason being `none`, so that the explanation of a person left out "
        "is the computation's own."
    )

    def formula(person, period, parameters):
        family = parameters(period).asp.family
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
        reason = np.select(
            [
                person("is_on_full_state_support", period),
                person("is_in_conscript_service", period),
                person("is_imprisoned_or_in_compulsory_treatment", period),
                ~(person("lives_with_family", period) + away_allowed),
            ],
            [
                FamilyExclusion.full_state_support.index,
                FamilyExclusion.conscript_service.index,
                FamilyExclusion.deprivation_of_liberty_or_compulsory_treatment.index,
                FamilyExclusion.lives_apart.index,
            ],
            FamilyExclusion.none.index,
        )
        # Valid indices by construction: returned encoded (OpenFisca would check each one again).
        return EnumArray(reason.astype(np.int16), FamilyExclusion)
