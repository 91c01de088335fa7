"""Grounds on which ASP is not assigned (Law 246-II Art. 2 p.2; Social Code Art. 128)."""

from datetime import date

from openfisca_core.periods import ETERNITY, MONTH
from openfisca_core.variables import Variable

from openfisca_kz_asp.entities import Household, Person
from openfisca_kz_asp.formula_helpers import is_within_months_of

LAW = "https://adilet.zan.kz/rus/docs/Z010000246_"
CODE = "https://adilet.zan.kz/rus/docs/K2300000224"
NEVER = date(1900, 1, 1)


class employment_measures_refusal_date(Variable):
    value_type = date
    default_value = NEVER
    entity = Person
    definition_period = ETERNITY
    label = "Date the person refused to take part in employment measures (1900-01-01 = never)"
    reference = ("law246.a2.p2.sp2", LAW)
    documentation = "Starts the six-month bar of Art. 2 p.2 sp.2 if the person is able-bodied and not exempt."


class refused_employment_measures_in_bar_period(Variable):
    value_type = bool
    entity = Person
    definition_period = MONTH
    label = "The person refused employment measures within the bar period (6 months)"
    reference = ("law246.a2.p2.sp2", LAW)
    documentation = (
        "The month overlaps the six months from the person's refusal date (Art. 2 p.2 sp.2). Whether "
        "the refusal bars the family depends on the person being able-bodied and not exempt."
    )

    def formula(person, period, parameters):
        months = parameters(period).asp.eligibility.bars.duration_months
        return is_within_months_of(person("employment_measures_refusal_date", period), period, months)


class refused_employment_measures_within_6_months(Variable):
    value_type = bool
    entity = Household
    definition_period = MONTH
    label = "An able-bodied member refused employment measures within the last 6 months"
    reference = ("law246.a2.p2.sp2", "code224.a128", LAW)
    documentation = (
        "«Адресная социальная помощь не назначается … семье, трудоспособный член которой, за "
        "исключением лиц, указанных в пункте 6 настоящей статьи, отказался от участия в мерах "
        "содействия занятости, — в течение шести месяцев со дня отказа» (Art. 2 p.2 sp.2). Computed "
        "from each member's refusal date, or given directly."
    )

    def formula(household, period, _parameters):
        refused = household.members("refused_employment_measures_in_bar_period", period)
        counts = (
            household.members("is_able_bodied", period)
            * household.members("is_family_member", period)
            * ~household.members("is_exempt_from_employment_measures", period)
        )
        return household.any(refused * counts)


class social_contract_termination_date(Variable):
    value_type = date
    default_value = NEVER
    entity = Household
    definition_period = ETERNITY
    label = "Date a social contract was terminated through the recipient's fault (1900-01-01 = never)"
    reference = ("law246.a2.p2.sp3", LAW)
    documentation = "Starts the six-month bar of Art. 2 p.2 sp.3."


class social_contract_terminated_within_6_months(Variable):
    value_type = bool
    entity = Household
    definition_period = MONTH
    label = "A social contract was terminated through the recipient's fault within the last 6 months"
    reference = ("law246.a2.p2.sp3", "code224.a128", LAW)
    documentation = (
        "«… в случаях расторжения ранее заключенного социального контракта и (или) неисполнения "
        "обязательств … по вине получателя — в течение шести месяцев, предшествующих обращению» "
        "(Art. 2 p.2 sp.3). Computed from the termination date, or given directly."
    )

    def formula(household, period, parameters):
        months = parameters(period).asp.eligibility.bars.duration_months
        return is_within_months_of(household("social_contract_termination_date", period), period, months)


class false_information_date(Variable):
    value_type = date
    default_value = NEVER
    entity = Household
    definition_period = ETERNITY
    label = "Date knowingly false information or documents were submitted (1900-01-01 = never)"
    reference = ("law246.a2.p2.sp4", LAW)
    documentation = "Starts the six-month bar of Art. 2 p.2 sp.4."


class false_information_within_6_months(Variable):
    value_type = bool
    entity = Household
    definition_period = MONTH
    label = "Knowingly false information or documents were submitted within the last 6 months"
    reference = ("law246.a2.p2.sp4", "code224.a128", LAW)
    documentation = (
        "«… лицам (семьям), представившим заведомо ложные сведения и (или) недостоверные документы "
        "…, — в течение шести месяцев со дня их представления» (Art. 2 p.2 sp.4)."
    )

    def formula(household, period, parameters):
        months = parameters(period).asp.eligibility.bars.duration_months
        return is_within_months_of(household("false_information_date", period), period, months)


class commission_found_not_in_need(Variable):
    value_type = bool
    entity = Household
    definition_period = MONTH
    label = "The district commission found the family not in need"
    reference = ("law246.a2.p2.sp5", "code224.a128", LAW)
    documentation = (
        "«… лицам (семьям), которые согласно заключению участковой комиссии … не нуждаются в "
        "предоставлении адресной социальной помощи» (Art. 2 p.2 sp.5). No fixed period."
    )


class refused_material_survey(Variable):
    value_type = bool
    entity = Household
    definition_period = MONTH
    label = "The applicant refused the district commission's survey of the family's situation"
    reference = ("code224.a128", CODE)
    documentation = "A ground for refusal from 1 July 2023 (Social Code Art. 128 sp.2)."


class has_non_mortgage_loan(Variable):
    value_type = bool
    entity = Household
    definition_period = MONTH
    label = "The family has a loan other than a mortgage"
    reference = ("asp.loan_practice_2025", "https://www.ng.kz/modules/news/article.php?storyid=58520")
    documentation = (
        "The ministry says it refuses ASP to such families since September 2025, but no legal "
        "instrument is found, so the baseline does not bar them (loan proceeds count as income only). "
        "Under the reform `loan_practice_2025` (off by default) a true value bars the family from "
        "September 2025 (parameter asp.eligibility.bars.non_mortgage_loan_applies)."
    )


class signs_social_contract(Variable):
    value_type = bool
    default_value = True
    entity = Household
    definition_period = MONTH
    label = "The family signs the social contract (for conditional assistance)"
    reference = ("law246.a2.p6", "law246.a4.p10", "code224.a122.p2", LAW)
    documentation = (
        "«Заключение социального контракта является обязательным условием для назначения обусловленной "
        "денежной помощи» (Art. 2 p.6). Presumed true; set false to see a family that declines."
    )
