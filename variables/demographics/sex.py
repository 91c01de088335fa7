"""Sex, which decides the pension age."""

from openfisca_core.indexed_enums import Enum
from openfisca_core.periods import ETERNITY
from openfisca_core.variables import Variable

from openfisca_kz_asp.entities import Person
from openfisca_kz_asp.enums import Sex


class sex(Variable):
    value_type = Enum
    possible_values = Sex
    default_value = Sex.male
    entity = Person
    definition_period = ETERNITY
    label = "Sex"
    reference = "https://adilet.zan.kz/rus/docs/Z1300000105"
    documentation = (
        "Decides the pension age (Law 105-V Art. 11 p.1). The default is `male` (pension age 63, the "
        "later one), so that no one is treated as a pensioner by default; the calculator warns when a "
        "person aged 58 to 62 has no sex given."
    )
