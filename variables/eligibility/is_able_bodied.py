"""Able-bodied person (трудоспособное лицо), Law 246-II Art. 1 sp.1-4."""

from openfisca_core.periods import MONTH
from openfisca_core.variables import Variable

from openfisca_kz_asp.entities import Household, Person

LAW = "https://adilet.zan.kz/rus/docs/Z010000246_"


class is_able_bodied(Variable):
    value_type = bool
    entity = Person
    definition_period = MONTH
    label = "Is able-bodied"
    reference = ("law246.a1.sp1-4", LAW)
    documentation = (
        "«Трудоспособное лицо — лицо … в возрасте с шестнадцати лет до возраста, предусмотренного "
        "пунктом 1 статьи 11 Закона «О пенсионном обеспечении», за исключением инвалидов первой или "
        "второй группы и (или) лиц, имеющих заболевания, при которых может устанавливаться срок "
        "временной нетрудоспособности более двух месяцев» (Art. 1 sp.1-4, wording of 12.10.2021; the "
        "same rule is assumed for 2018–2021 and under the Social Code, unverified)."
    )

    def formula(person, period, parameters):
        min_age = parameters(period).asp.eligibility.able_bodied_min_age
        return (
            (person("age", period) >= min_age)
            * ~person("has_reached_pension_age", period)
            * ~person("has_disability_group_1_or_2", period)
            * ~person("has_long_term_illness", period)
        )


class nb_able_bodied_members(Variable):
    value_type = int
    entity = Household
    definition_period = MONTH
    label = "Number of able-bodied family members"
    reference = ("law246.a2.p4.sp2", "law246.a2.p5", LAW)
    documentation = "Able-bodied persons counted in the family (Art. 2 p.4 sp.2 and p.5)."

    def formula(household, period, _parameters):
        able = household.members("is_able_bodied", period)
        member = household.members("is_family_member", period)
        return household.sum(able * member)
