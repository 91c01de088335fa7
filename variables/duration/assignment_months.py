"""Period of assignment (Law 246-II Art. 4 p.11; 2018–2019 social-contract periods)."""

import numpy as np
from openfisca_core.periods import MONTH
from openfisca_core.variables import Variable

from openfisca_kz_asp.entities import Household
from openfisca_kz_asp.enums import AspType
from openfisca_kz_asp.formula_helpers import months_left_in_quarter

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
        "plus any prolongation (up to six). 0 when no ASP."
    )

    def formula(household, period, parameters):
        duration = parameters(period).asp.duration
        quarter_months = months_left_in_quarter(period)
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
