"""Income received, by kind: monthly amounts in KZT (inputs).

Which kinds count in the total income is decided by the dated parameters
``asp.income.counted.<name>``, in force in the month of application (see asp_total_income.py).
A value given for three months (``month:2024-01:3``) is spread evenly over them.
"""

from openfisca_core.holders import set_input_divide_by_period
from openfisca_core.periods import MONTH
from openfisca_core.variables import Variable

from openfisca_kz_asp.entities import Person

RULES = "https://cis-legislation.com/document.fwx?rgn=29151"


class wage_income(Variable):
    value_type = float
    entity = Person
    definition_period = MONTH
    set_input = set_input_divide_by_period
    unit = "currency-KZT"
    label = "Wages (KZT a month)"
    reference = ("law246.a1.sp3", "law246.a6", RULES)
    documentation = "Wages and other pay from employment."


class pension_income(Variable):
    value_type = float
    entity = Person
    definition_period = MONTH
    set_input = set_input_divide_by_period
    unit = "currency-KZT"
    label = "Pensions (KZT a month)"
    reference = ("law246.a1.sp3", "law246.a6", RULES)
    documentation = "Pensions of every kind."


class social_benefit_income(Variable):
    value_type = float
    entity = Person
    definition_period = MONTH
    set_input = set_input_divide_by_period
    unit = "currency-KZT"
    label = "Social benefits (KZT a month)"
    reference = ("law246.a1.sp3", "law246.a6", RULES)
    documentation = (
        "State social benefits and payments not listed separately (for example the child-care allowance "
        "to age 1, counted per the ministry's 2021 worked case)."
    )


class alimony_income(Variable):
    value_type = float
    entity = Person
    definition_period = MONTH
    set_input = set_input_divide_by_period
    unit = "currency-KZT"
    label = "Alimony (KZT a month)"
    reference = ("law246.a1.sp3", "law246.a6", RULES)
    documentation = "Alimony received."


class business_income(Variable):
    value_type = float
    entity = Person
    definition_period = MONTH
    set_input = set_input_divide_by_period
    unit = "currency-KZT"
    label = "Business income (KZT a month)"
    reference = ("law246.a1.sp3", "law246.a6", RULES)
    documentation = "Income from entrepreneurial activity."


class farm_income(Variable):
    value_type = float
    entity = Person
    definition_period = MONTH
    set_input = set_input_divide_by_period
    unit = "currency-KZT"
    label = "Personal subsidiary farming income (ЛПХ) (KZT a month)"
    reference = ("law246.a1.sp3", "law246.a6", RULES)
    documentation = (
        "Income from livestock, poultry, garden and vegetable plots, valued under the income rules (Order "
        "237-п pp. 31–33; from 2023 the district akimat may declare livestock and land "
        "non-income-generating, Social Code Art. 127 p.1)."
    )


class property_income(Variable):
    value_type = float
    entity = Person
    definition_period = MONTH
    set_input = set_input_divide_by_period
    unit = "currency-KZT"
    label = "Property income (KZT a month)"
    reference = ("law246.a1.sp3", "law246.a6", RULES)
    documentation = "Rent and sale of real estate and vehicles, securities, deposit interest."


class loan_income(Variable):
    value_type = float
    entity = Person
    definition_period = MONTH
    set_input = set_input_divide_by_period
    unit = "currency-KZT"
    label = "Credit and microcredit proceeds (KZT a month)"
    reference = ("law246.a1.sp3", "law246.a6", RULES)
    documentation = "Credit and microcredit received (counted as income: enbek 2019 calculator; gov.kz list)."


class other_income(Variable):
    value_type = float
    entity = Person
    definition_period = MONTH
    set_input = set_input_divide_by_period
    unit = "currency-KZT"
    label = "Other income (KZT a month)"
    reference = ("law246.a1.sp3", "law246.a6", RULES)
    documentation = (
        "Money transfers, gifts, winnings, money received free of charge, and any other counted income."
    )


class large_family_allowance_income(Variable):
    value_type = float
    entity = Person
    definition_period = MONTH
    set_input = set_input_divide_by_period
    unit = "currency-KZT"
    label = "Large-family allowance (KZT a month)"
    reference = ("law246.a1.sp3", "law246.a6", RULES)
    documentation = (
        "State allowance for families with four or more children; not counted from April to December 2019."
    )


class mothers_pendant_allowance_income(Variable):
    value_type = float
    entity = Person
    definition_period = MONTH
    set_input = set_input_divide_by_period
    unit = "currency-KZT"
    label = "Altyn/Kumis alka mothers' allowance (KZT a month)"
    reference = ("law246.a1.sp3", "law246.a6", RULES)
    documentation = (
        "Allowance to mothers awarded «Алтын алқа» or «Күміс алқа»; not counted from April to December 2019."
    )


class scholarship_income(Variable):
    value_type = float
    entity = Person
    definition_period = MONTH
    set_input = set_input_divide_by_period
    unit = "currency-KZT"
    label = "Scholarships (KZT a month)"
    reference = ("law246.a1.sp3", "law246.a6", RULES)
    documentation = "Scholarships; not counted from April to December 2019."


class child_disability_benefit_income(Variable):
    value_type = float
    entity = Person
    definition_period = MONTH
    set_input = set_input_divide_by_period
    unit = "currency-KZT"
    label = "Benefits for disabled children (KZT a month)"
    reference = ("law246.a1.sp3", "law246.a6", RULES)
    documentation = "State benefits for disabled children; not counted from April 2019."


class housing_assistance_income(Variable):
    value_type = float
    entity = Person
    definition_period = MONTH
    set_input = set_input_divide_by_period
    unit = "currency-KZT"
    label = "Housing assistance (KZT a month)"
    reference = ("law246.a1.sp3", "law246.a6", RULES)
    documentation = "Housing assistance (жилищная помощь); never counted."


class excluded_income(Variable):
    value_type = float
    entity = Person
    definition_period = MONTH
    set_input = set_input_divide_by_period
    unit = "currency-KZT"
    label = "Income excluded by the income rules (KZT a month)"
    reference = ("law246.a6", RULES)
    documentation = (
        "Amounts the income rules leave out of total income (ASP itself, one-off funeral benefits, "
        "housing-certificate sums and the like). Recorded for the explanation; never counted."
    )
