"""Region of residence and regional median income (household inputs)."""

from openfisca_core.indexed_enums import Enum
from openfisca_core.periods import MONTH
from openfisca_core.variables import Variable

from openfisca_kz_asp.entities import Household
from openfisca_kz_asp.enums import Region


class region(Variable):
    value_type = Enum
    possible_values = Region
    default_value = Region.unknown
    entity = Household
    definition_period = MONTH
    label = "Region of residence"
    reference = ("law246.a1.sp4", "law246.a2.p1-2", "https://adilet.zan.kz/rus/docs/Z010000246_")
    documentation = (
        "The oblast, city of republican significance or capital whose poverty line applies (Art. 1 "
        "sp.4, Art. 2 p.1-2). Abai, Jetisu and Ulytau exist from 8 June 2022. With `unknown` the "
        "national statistical subsistence minimum stands in for the region's: the line is an "
        "estimate, and the explanation asks for the region."
    )


class median_income(Variable):
    value_type = float
    entity = Household
    definition_period = MONTH
    unit = "currency-KZT"
    label = "Regional median per-capita income of the previous quarter (KZT a month; 0 = unknown)"
    reference = (
        "order160.p1",
        "code224.a120.p3",
        "https://cmn.kz/kak-budut-rasschityvat-chertu-bednosti-v-kazahstane-v-2025-godu",
    )
    documentation = (
        "From 2025 the poverty line is the larger of 35% of this median and 70% of the subsistence "
        "minimum (Order 160 as amended by Order 473). No regional medians were found published, so "
        "the default 0 leaves the subsistence-minimum floor; give the value when known."
    )
