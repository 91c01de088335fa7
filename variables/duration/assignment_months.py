"""Period of assignment (Law 246-II Art. 4 p.11; 2018–2019 social-contract periods; prolongations)."""

import numpy as np
from openfisca_core.periods import MONTH, DateUnit
from openfisca_core.variables import Variable

from openfisca_kz_asp.entities import Household
from openfisca_kz_asp.enums import AspType
from openfisca_kz_asp.formula_helpers import months_left_in_quarter, quarter_of

MAX_PROLONGED_QUARTERS = 40  # the parameter is false from 2022-04; a bound for the walk over quarters


def prolonged_quarters(period, parameters) -> int:
    """Consecutive quarters after the quarter of ``period`` into which assistance ran on automatically."""
    quarter = quarter_of(period)
    count = 0
    while count < MAX_PROLONGED_QUARTERS:
        quarter = quarter.offset(3, DateUnit.MONTH)
        if not parameters(quarter.start).asp.duration.automatic_prolongation:
            break
        count += 1
    return count


LAW = "https://adilet.zan.kz/rus/docs/Z010000246_"


class social_contract_extension_months(Variable):
    value_type = int
    entity = Household
    definition_period = MONTH
    label = "Months by which the social contract is prolonged (2018–2019)"
    reference = ("law246.a4.p11", LAW)
    documentation = (
        "2018–2019: conditional assistance could be prolonged by up to six months (continuing social "
        "adaptation, vocational training or youth practice). Capped at the parameter's maximum."
    )


class asp_automatic_prolongation_months(Variable):
    value_type = int
    entity = Household
    definition_period = MONTH
    label = "Months added by automatic prolongation without re-application (2020–2022)"
    reference = ("law246.a3.p4", "law246.a4.p11", LAW)
    documentation = (
        "The right is normally reconfirmed each quarter (Art. 3 p.4) and assistance assigned for the "
        "current quarter (Art. 4 p.11). ASP was prolonged automatically, without re-application (the "
        "quarterly confirmation of Art. 3 p.4 set aside), in "
        "Q2–Q4 2020, Q1–Q2 2021 and Q1 2022 (legal_brief §2.7; parameter "
        "asp.duration.automatic_prolongation): an assignment running at the end of a quarter went on "
        "through each following prolonged quarter, 3 months each. An application of January 2020 "
        "runs to June 2021: 3 + 15 months. 0 for the six-month social contracts of 2018–2019 (no "
        "source says they were prolonged) and when no ASP is assigned."
    )

    def formula(household, period, parameters):
        months = 3 * prolonged_quarters(period, parameters)
        contract = parameters(period).asp.duration.social_contract_months > 0
        kind = household("asp_type", period)
        quarterly = (kind == AspType.unconditional) + (kind == AspType.conditional) * (not contract)
        return np.where(quarterly, months, 0)


class asp_assignment_months(Variable):
    value_type = int
    entity = Household
    definition_period = MONTH
    label = "Months of assistance assigned from the month of application"
    reference = ("law246.a4.p11", "law246.a4.p10", "code224.a122.p2", LAW)
    documentation = (
        "«Безусловная денежная помощь назначается на текущий квартал с месяца обращения» (Art. 4 "
        "p.11): the months from the application month to the end of its quarter (3, 2 or 1). "
        "Conditional assistance: the same from 2020; in 2018–2019 the social contract's six months, "
        "plus any prolongation (up to six). In 2020–2022 the quarterly assignment ran on through the "
        "quarters of automatic prolongation (`asp_automatic_prolongation_months`). 0 when no ASP."
    )

    def formula(household, period, parameters):
        duration = parameters(period).asp.duration
        quarter_months = months_left_in_quarter(period) + household(
            "asp_automatic_prolongation_months", period
        )
        extension = np.clip(
            household("social_contract_extension_months", period),
            0,
            duration.social_contract_max_extension_months,
        )
        contract_months = np.where(
            duration.social_contract_months > 0,
            duration.social_contract_months + extension,
            quarter_months,
        )
        kind = household("asp_type", period)
        return np.select(
            [kind == AspType.unconditional, kind == AspType.conditional],
            [quarter_months, contract_months],
            0,
        )
