"""Eligibility and type of assistance (Law 246-II Art. 2 p.2–p.5)."""

import numpy as np
from openfisca_core.indexed_enums import Enum, EnumArray
from openfisca_core.periods import MONTH
from openfisca_core.variables import Variable

from openfisca_kz_asp.entities import Household
from openfisca_kz_asp.enums import AspType, IneligibilityReason

LAW = "https://adilet.zan.kz/rus/docs/Z010000246_"


class qualifies_for_unconditional_assistance(Variable):
    value_type = bool
    entity = Household
    definition_period = MONTH
    label = "The family's situation is one of unconditional assistance"
    reference = ("law246.a2.p4.sp1", "law246.a2.p4.sp2", LAW)
    documentation = (
        "Art. 2 p.4: sp.1, a single person or one living alone who is not able-bodied because of the "
        "pension age, a disability of group I–II or a long illness; sp.2, a family with no able-bodied "
        "member, or whose only able-bodied member cares for a dependant (see "
        "only_able_bodied_member_is_caregiver). Income is tested separately."
    )

    def formula(household, period, _parameters):
        no_able_bodied = household("nb_able_bodied_members", period) == 0
        return no_able_bodied + household("only_able_bodied_member_is_caregiver", period)


class asp_ineligibility_reason(Variable):
    value_type = Enum
    possible_values = IneligibilityReason
    default_value = IneligibilityReason.none
    entity = Household
    definition_period = MONTH
    label = "Why the family gets no ASP (the first reason that applies)"
    reference = ("law246.a2.p2", "code224.a128", "law246.a2.p6", LAW)
    documentation = (
        "`none` when the family is eligible. Otherwise the first reason, in the order of Art. 2 p.2 "
        "(sp.1 not low-income, sp.2 refusal of employment measures, sp.3 terminated social contract, "
        "sp.4 false information, sp.5 the commission's conclusion), then the refusal of the survey "
        "(Social Code Art. 128 sp.2, from July 2023), a non-mortgage loan (only under the reform "
        "loan_practice_2025, from September 2025), and, for conditional assistance, a social "
        "contract not signed (Art. 2 p.6)."
    )

    def formula(household, period, parameters):
        bars = parameters(period).asp.eligibility.bars
        conditional = ~household("qualifies_for_unconditional_assistance", period)
        conditions = [
            household("household_size", period) == 0,
            ~household("is_low_income", period),
            household("refused_employment_measures_within_6_months", period),
            household("social_contract_terminated_within_6_months", period),
            household("false_information_within_6_months", period),
            household("commission_found_not_in_need", period),
            household("refused_material_survey", period) * bars.refused_survey_applies,
            household("has_non_mortgage_loan", period) * bars.non_mortgage_loan_applies,
            conditional * ~household("signs_social_contract", period),
        ]
        reasons = [
            IneligibilityReason.no_family_members,
            IneligibilityReason.not_low_income,
            IneligibilityReason.refused_employment_measures,
            IneligibilityReason.social_contract_terminated,
            IneligibilityReason.false_information,
            IneligibilityReason.commission_found_not_in_need,
            IneligibilityReason.refused_material_survey,
            IneligibilityReason.non_mortgage_loan,
            IneligibilityReason.no_social_contract,
        ]
        reason = np.select(conditions, [r.index for r in reasons], IneligibilityReason.none.index)
        # Valid indices by construction: returned encoded (OpenFisca would check each one again).
        return EnumArray(reason.astype(np.int16), IneligibilityReason)


class asp_type(Variable):
    value_type = Enum
    possible_values = AspType
    default_value = AspType.none
    entity = Household
    definition_period = MONTH
    label = "Type of assistance: none, unconditional or conditional"
    reference = ("law246.a2.p3", "law246.a2.p4", "law246.a2.p5", "code224.a122.p1", LAW)
    documentation = (
        "Art. 2 p.3: ASP is unconditional or conditional cash assistance. Unconditional where Art. 2 "
        "p.4 applies; otherwise conditional (p.5: families with an able-bodied member, subject to "
        "employment measures under a social contract). `none` whenever the family gets no ASP."
    )

    def formula(household, period, _parameters):
        eligible = household("asp_ineligibility_reason", period) == IneligibilityReason.none
        unconditional = household("qualifies_for_unconditional_assistance", period)
        kind = np.where(unconditional, AspType.unconditional.index, AspType.conditional.index)
        return EnumArray(np.where(eligible, kind, AspType.none.index).astype(np.int16), AspType)
