"""Elderly person (престарелый), whose outside care may make a family's assistance unconditional."""

from openfisca_core.periods import MONTH
from openfisca_core.variables import Variable

from openfisca_kz_asp.entities import Person

LAW = "https://adilet.zan.kz/rus/docs/Z010000246_"


class is_elderly(Variable):
    value_type = bool
    entity = Person
    definition_period = MONTH
    label = "Is an elderly person (has reached the pension age)"
    reference = ("law246.a2.p4.sp2", "law246.a1.sp1-4", LAW)
    documentation = (
        "Art. 2 p.4 sp.2 names the care of «престарелым, нуждающимся в постороннем уходе и помощи». "
        "The sources give no definition; the reading encoded (parameter "
        "asp.eligibility.elderly_from_pension_age, with its reasons): a person who has reached the "
        "pension age of Law 105-V Art. 11 p.1, the Law's own age of old age (Art. 1 sp.1-4, Art. 2 "
        "p.4 sp.1). The other reading (only persons older than the 80 of Art. 2 p.6 sp.4) is what the "
        "parameter set to false gives."
    )

    def formula(person, period, parameters):
        p = parameters(period).asp.eligibility
        if p.elderly_from_pension_age:  # a scalar per period: only the branch in force is computed
            return person("has_reached_pension_age", period)
        return person("age", period) >= p.exemption.elderly_min_age
