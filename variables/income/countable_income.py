"""Each person's countable income in the reference quarter (Art. 1 sp.3, Art. 6)."""

import numpy as np
from openfisca_core.periods import MONTH, Period
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
                total += _quarter_sum(person, kind, quarter)
        return total


def _quarter_sum(person, kind: str, quarter: Period) -> np.ndarray:
    """The income ``kind`` summed over the months of ``quarter`` in float32, month by month, as
    ``options=[ADD]`` sums it. When the three months hold the very same array (the microsimulation
    stores one array for all the months of a year), the sum is 3 × it: in float32 a + a = 2a is exact,
    so (a + a) + a and 3 × a are the same single rounding of 3a.
    """
    months = [person(kind, month) for month in quarter.get_subperiods(MONTH)]
    if len(months) == 3 and months[1] is months[0] and months[2] is months[0]:
        return months[0] * np.float32(3)
    total = months[0] + months[1]
    for values in months[2:]:
        total += values
    return total
