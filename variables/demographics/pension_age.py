"""Pension age by sex and year (Law 105-V Art. 11 p.1; Social Code from 1 July 2023)."""

import numpy as np
from openfisca_core.periods import MONTH
from openfisca_core.variables import Variable

from openfisca_kz_asp.entities import Person
from openfisca_kz_asp.enums import Sex

PENSION_LAW = "https://adilet.zan.kz/rus/docs/Z1300000105"


def _months_by_sex(parameters, year: int) -> np.ndarray:
    """The pension age in force in ``year`` for each sex (by the sex's index), in months (58.5 → 702)."""
    ages = parameters(f"{year}-12-01").general.pension_age
    by_sex = np.empty(len(Sex), dtype=np.int64)
    by_sex[Sex.male.index], by_sex[Sex.female.index] = round(12 * ages.men), round(12 * ages.women)
    return by_sex


def _threshold_months(person, period, parameters, year: int) -> np.ndarray:
    """The pension age in force in ``year`` for each person's sex, in months (58.5 → 702)."""
    # One value per sex, looked up by the sex's index (a where over every person costs more).
    return _months_by_sex(parameters, year)[np.asarray(person("sex", period), dtype=np.intp)]


def _thresholds(person, period, parameters) -> tuple[int, np.ndarray, np.ndarray]:
    """The month's number in its year, and this year's and last year's limits in months."""
    year = period.start.year
    return (
        period.start.month,
        _threshold_months(person, period, parameters, year),
        _threshold_months(person, period, parameters, year - 1),
    )


def _reached(months, month_number: int, this_year, last_year) -> np.ndarray:
    """Whether the pension age has been reached by the end of the month (ages in months).

    The age in force in the year a threshold is reached applies, and once reached it stays reached.
    Age grows by 12 months a year and the threshold by at most 6, so only two moments can decide:
    the end of this month against this year's threshold, and the end of last December against
    last year's threshold (every earlier year is further from it).
    """
    return (months >= this_year) + (months - month_number >= last_year)


class pension_age(Variable):
    value_type = float
    entity = Person
    definition_period = MONTH
    label = "Pension age (years)"
    unit = "year"
    reference = ("law246.a1.sp1-4", "law246.a2.p4.sp1", PENSION_LAW)
    documentation = (
        "The age of Art. 11 p.1 of the Law on pension provision for the person's sex, in force in the "
        "year of the month computed: 63 for men; for women 58 until 2017, 58.5 in 2018 rising by half "
        "a year a year to 61, frozen at 61 in 2023–2027, then rising to 63 in 2031. Whether a person "
        "has reached the pension age is not simply age ≥ this value: see `has_reached_pension_age`."
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
        "The pension age of Law 105-V Art. 11 p.1 is the age in force in the year in which the person "
        "reaches it (legal_brief §6: a woman born 01.07.1960 turns 58.5 only in 2019, so she retires "
        "at 59), and once reached it stays reached when the schedule moves on: a woman born 15.12.1959 "
        "turned 58 in December 2017, when 58 was the age, and stays at pension age in 2018 although the "
        "age became 58.5. The age in months by the end of the month (`age_in_months`) is compared with "
        "this year's threshold, and the age at the end of last December with last year's. A person "
        "reaching the age on any day of a month counts as at pension age for that month. When only the "
        "whole-year `age` is known, the months within the year are presumed to be the fewest possible "
        "(age × 12): a woman whose half year decides is then taken as not at pension age, and "
        "`pension_age_uncertain` is true so that the calculator asks for the date of birth. The "
        "variable can also be given as an input."
    )

    def formula(person, period, parameters):
        # _reached with one threshold per sex: (months >= this year's) or (months - month number >= last
        # year's) is months >= the smaller of this year's and last year's + the month number (whole
        # months), looked up once per person.
        month_number = period.start.month
        this_year, last_year = (_months_by_sex(parameters, period.start.year - k) for k in (0, 1))
        limit = np.minimum(this_year, last_year + month_number)[
            np.asarray(person("sex", period), dtype=np.intp)
        ]
        known = person("age_in_months_is_known", period)
        if known.all():
            months = person("age_in_months", period)
        elif not known.any():  # whole-year ages only (survey data): the months are not needed
            months = 12 * person("age", period)
        else:
            months = np.where(known, person("age_in_months", period), 12 * person("age", period))
        return months >= limit


class pension_age_uncertain(Variable):
    value_type = bool
    entity = Person
    definition_period = MONTH
    label = "Whether the pension age is reached depends on months of age that are not known"
    reference = ("law246.a1.sp1-4", "law246.a2.p4.sp1", PENSION_LAW)
    documentation = (
        "True when only the whole-year `age` is known and the half year of a woman's pension age "
        "(2018–2022, 2028–2030) decides: with age a on the 1st of the month, the age in months by its "
        "end is between 12a and 12a + 12, and the threshold falls inside. `has_reached_pension_age` "
        "then takes the fewest months (not reached); the calculator, the API and the explanation warn "
        "and ask for the date of birth. A whole-year threshold (63, 61) reached on a birthday within "
        "the month is not flagged: a whole-year age is read as not yet having had the birthday."
    )

    def formula(person, period, parameters):
        month_number, this_year, last_year = _thresholds(person, period, parameters)
        low = 12 * person("age", period)
        not_reached = ~_reached(low, month_number, this_year, last_year)
        reached_within_the_year = _reached(low + 11, month_number, this_year, last_year)
        # A birthday in this month can also cross last year's half-year threshold (June, 58.5 in 2018).
        half_year_last_year = (low + 12 - month_number >= last_year) * (last_year % 12 != 0)
        unknown = ~person("age_in_months_is_known", period)
        return unknown * not_reached * (reached_within_the_year + half_year_last_year)
