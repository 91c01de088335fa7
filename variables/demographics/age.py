"""Age and date of birth."""

from datetime import date

import numpy as np
from openfisca_core.periods import ETERNITY, MONTH
from openfisca_core.variables import Variable

from openfisca_kz_asp.entities import Person


class birth_date(Variable):
    value_type = date
    default_value = date(1970, 1, 1)
    entity = Person
    definition_period = ETERNITY
    label = "Date of birth"
    reference = "https://adilet.zan.kz/rus/docs/Z010000246_"
    documentation = (
        "Used to compute `age` when the age is not given. The default (1 January 1970) stands for an "
        "adult of working age; the calculator warns when neither age nor date of birth is given."
    )


class age(Variable):
    value_type = int
    entity = Person
    definition_period = MONTH
    label = "Age in whole years"
    reference = "https://adilet.zan.kz/rus/docs/Z010000246_"
    documentation = (
        "Age in whole years on the first day of the month. Give it directly, or give `birth_date`. "
        "Every age limit of the law (16, 18, 23, 3 or 7, 80, the pension age) is compared with it."
    )

    def formula(person, period, _parameters):
        born = person("birth_date", period)
        day = np.datetime64(str(period.start), "D")
        born_years = born.astype("datetime64[Y]").astype(int) + 1970
        born_months = born.astype("datetime64[M]").astype(int) % 12 + 1
        born_days = (born - born.astype("datetime64[M]")).astype(int) + 1
        year = period.start.year
        had_birthday = (born_months < period.start.month) | (
            (born_months == period.start.month) & (born_days <= period.start.day)
        )
        return np.where(born <= day, year - born_years - (~had_birthday).astype(int), -1)
