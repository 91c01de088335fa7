"""Pension age by sex and year (Law 105-V Art. 11 p.1; Social Code from 1 July 2023)."""

import numpy as np
from openfisca_core.periods import MONTH
from openfisca_core.variables import Variable

from openfisca_kz_asp.entities import Person
from openfisca_kz_asp.enums import Sex

PENSION_LAW = "https://adilet.zan.kz/rus/docs/Z1300000105"


class pension_age(Variable):
    value_type = float
    entity = Person
    definition_period = MONTH
    label = "Pension age (years)"
    unit = "year"
    reference = ("law246.a1.sp1-4", "law246.a2.p4.sp1", PENSION_LAW)
    documentation = (
        "The age of Art. 11 p.1 of the Law on pension provision for the person's sex, in force in the "
        "month computed: 63 for men; for women 58.5 in 2018 rising by half a year a year to 61, "
        "frozen at 61 in 2023–2027, then rising to 63 in 2031."
    )

    def formula(person, period, parameters):
        ages = parameters(period).general.pension_age
        is_woman = person("sex", period) == Sex.female
        return np.where(is_woman, ages.women, ages.men)


class has_reached_pension_age(Variable):
    value_type = bool
    entity = Person
    definition_period = MONTH
    label = "Has reached the pension age"
    reference = ("law246.a1.sp1-4", "law246.a2.p4.sp1", PENSION_LAW)
    documentation = (
        "Age in whole years at least the pension age. A half-year threshold (e.g. 58.5) is reached at "
        "the next whole year; set this variable as an input where the exact date matters."
    )

    def formula(person, period, _parameters):
        return person("age", period) >= person("pension_age", period)
