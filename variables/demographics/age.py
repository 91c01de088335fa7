"""Age and date of birth: whole years on the first day of the month, and months of age."""

from datetime import date

import numpy as np
from openfisca_core.periods import ETERNITY, MONTH
from openfisca_core.variables import Variable

from openfisca_kz_asp.entities import Person
from openfisca_kz_asp.formula_helpers import month_index, period_month_index

LAW = "https://adilet.zan.kz/rus/docs/Z010000246_"
PENSION_LAW = "https://adilet.zan.kz/rus/docs/Z1300000105"


def _born_after_the_first(born: np.ndarray) -> np.ndarray:
    """Whether each birthday falls after the 1st of its month (1 = it does)."""
    dates = np.asarray(born, dtype="datetime64[D]")
    return (dates > dates.astype("datetime64[M]").astype("datetime64[D]")).astype(np.int64)


class birth_date(Variable):
    value_type = date
    default_value = date(1970, 1, 1)
    entity = Person
    definition_period = ETERNITY
    label = "Date of birth"
    reference = ("law246.a1.sp1-4", LAW)
    documentation = (
        "Used to compute `age_in_months` and `age` when they are not given. The default (1 January "
        "1970) stands for an adult of working age; the calculator warns when neither age nor date of "
        "birth is given. The date of birth gives the exact age, which decides the women's half-year "
        "pension ages of 2018–2022 (see `has_reached_pension_age`)."
    )


class age_in_months(Variable):
    value_type = int
    entity = Person
    definition_period = MONTH
    label = "Age in months reached by the end of the month"
    reference = ("law246.a1.sp1-4", "law246.a2.p4.sp1", PENSION_LAW)
    documentation = (
        "The number of months of age the person completes by the last day of the month: months "
        "between the month of birth and this month (born 1959-12-15: 696 months, 58 years, in "
        "December 2017). Computed from `birth_date`; give it directly when the months of age are "
        "known but not the date. It is what the pension age of Law 105-V Art. 11 p.1 (58.5 years = "
        "702 months) is compared with. Negative before the month of birth."
    )

    def formula(person, period, _parameters):
        born = person("birth_date", period)
        return period_month_index(period) - month_index(born)


class age(Variable):
    value_type = int
    entity = Person
    definition_period = MONTH
    label = "Age in whole years"
    reference = ("law246.a1.sp1-4", LAW)
    documentation = (
        "Age in whole years on the first day of the month. Give it directly, or give `birth_date` "
        "(or `age_in_months`). Every age limit of the law (16, 18, 23, 3 or 7, 80) is compared with "
        "it; the pension age is compared with the age in months where it is known (see "
        "`has_reached_pension_age`). From `age_in_months` alone the birthday is presumed to be on the "
        "1st of its month. −1 before birth."
    )

    def formula(person, period, _parameters):
        months = person("age_in_months", period)
        on_the_first = months - _born_after_the_first(person("birth_date", period))
        return np.where(on_the_first >= 0, on_the_first // 12, -1)


class age_in_months_is_known(Variable):
    value_type = bool
    entity = Person
    definition_period = MONTH
    label = "The age in months is known (not only the age in whole years)"
    reference = ("law246.a1.sp1-4", "law246.a2.p4.sp1", PENSION_LAW)
    documentation = (
        "True when `age_in_months` agrees with `age`, i.e. both come from the date of birth, or the "
        "months were given. False when only a whole-year `age` was given: the months within the year "
        "are then unknown (the default date of birth does not match the age given). Only a woman near "
        "a half-year pension age needs the months; see `pension_age_uncertain`."
    )

    def formula(person, period, _parameters):
        years = person("age", period)
        months = person("age_in_months", period)
        # In the birthday month the whole years on the 1st are one less than months // 12.
        return (years == months // 12) + (years == (months - 1) // 12)
