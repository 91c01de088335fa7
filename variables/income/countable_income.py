"""Each person's countable income in the reference quarter (Art. 1 sp.3, Art. 6)."""

import numpy as np
from openfisca_core.periods import MONTH
from openfisca_core.populations import ADD
from openfisca_core.variables import Variable

from openfisca_kz_asp.entities import Person
from openfisca_kz_asp.formula_helpers import is_unset_input, reference_quarter

RULES = "https://cis-legislation.com/document.fwx?rgn=29151"


class asp_person_countable_income(Variable):
    value_type = float
    entity = Person
    definition_period = MONTH
    unit = "currency-KZT"
    label = "Countable income of the person in the reference quarter (KZT for the quarter)"
    reference = ("law246.a1.sp3", "law246.a6", "code224.a127.p2", RULES)
    documentation = (
        "For an application in month M: the income the person received in the calendar quarter "
        "before M's quarter, summed over the kinds that the rules in force in M count "
        "(parameters asp.income.counted). For example, for April 2019 the January–March 2019 "
        "income is taken without the large-family allowance, which the April 2019 rules exclude."
    )

    def formula(person, period, parameters):
        counted = parameters(period).asp.income.counted
        quarter = reference_quarter(period)
        total = np.zeros(person.count, dtype=np.float32)
        for kind in counted:
            if counted[kind] and not is_unset_input(person, kind):
                total = total + person(kind, quarter, options=[ADD])
        return total
