"""Monthly ASP of the family (Law 246-II Art. 7) and the total with the child supplement."""

from pathlib import Path

import numpy as np
from openfisca_core.periods import MONTH
from openfisca_core.variables import Variable

from openfisca_kz_asp.entities import Household
from openfisca_kz_asp.enums import AspType
from openfisca_kz_asp.formula_helpers import round_half_up

LAW = "https://adilet.zan.kz/rus/docs/Z010000246_"
PERSON_AMOUNT_FILE = str(Path(__file__).with_name("asp_person_amount.py"))


class asp_amount(Variable):
    value_type = float
    entity = Household
    definition_period = MONTH
    unit = "currency-KZT"
    label = "Monthly ASP of the family (KZT)"
    reference = ("law246.a7", "law246.a4.p1", "code224.a127.p2", LAW)
    documentation = (
        "The sum of the amounts assigned to the members: (poverty line − per-capita income) × members "
        "counted (2019: the line for each child), assuming the family signs the social contract when "
        "assistance is conditional, unless `signs_social_contract` says otherwise."
    )

    def formula(household, period, parameters):
        if _members_share_one_amount(household, period, parameters):
            # Every member counted is assigned the same amount (asp_person_amount: the gap, rounded when
            # the rules round, or 0 without ASP): their sum is that amount × the members counted
            # (household_size), the same whole numbers (or float32 values) added exactly, computed per
            # family instead of per person.
            gap = household("asp_income_gap", period)
            each = round_half_up(gap) if parameters(period).asp.amount.rounded_to_tenge else gap
            paid = household("asp_type", period) != AspType.none
            counted = household("household_size", period)
            return np.where(paid, np.asarray(each, dtype=np.float32) * counted, 0)
        return household.sum(household.members("asp_person_amount", period))


def _members_share_one_amount(household, period, parameters) -> bool:
    """Whether asp_person_amount is the package's own formula, not given, and without the 2019 rule
    (the full line for children), so that every member counted gets the same amount."""
    simulation = household.simulation
    variable = simulation.tax_benefit_system.get_variable("asp_person_amount")
    formulas = list(variable.formulas.values())
    return (
        len(formulas) == 1
        and formulas[0].__code__.co_filename == PERSON_AMOUNT_FILE  # no reform replaced it
        and simulation.get_holder("asp_person_amount").get_array(period) is None
        and not parameters(period).asp.amount.child_receives_full_line
    )


class asp_total(Variable):
    value_type = float
    entity = Household
    definition_period = MONTH
    unit = "currency-KZT"
    label = "Monthly ASP with the child supplement (KZT)"
    reference = ("law246.a7", "asp.child_supplement", LAW)
    documentation = "asp_amount + asp_child_supplement."

    def formula(household, period, _parameters):
        return household("asp_amount", period) + household("asp_child_supplement", period)
