"""Parenthood, which decides the exemption of a carer of a young child (Law 246-II Art. 2 p.6 sp.4)."""

from openfisca_core.periods import MONTH
from openfisca_core.variables import Variable

from openfisca_kz_asp.entities import Person

LAW = "https://adilet.zan.kz/rus/docs/Z010000246_"


class is_parent_of_young_child(Variable):
    value_type = bool
    default_value = True
    entity = Person
    definition_period = MONTH
    label = "Is a parent (or adoptive parent) of the family's child under the exemption age"
    reference = ("law246.a2.p6.sp4", "code224.a122.p4", LAW)
    documentation = (
        "Art. 2 p.6 sp.4 exempts from employment measures «одному из родителей, осуществляющему уход "
        "за ребенком в возрасте до трех лет» — one of the PARENTS, not any carer (adoption makes a "
        "parent, Art. 4 p.1 names it beside kinship). The inputs have no family relations, so this "
        "says it. DEFAULT: true — a member caring for a young child is presumed to be one of its "
        "parents, the usual case. Give false for a grandparent, an older sibling, another relative or "
        "a guardian: the care of a young child then neither exempts them nor lets them be the one "
        "exempt carer, so their refusal of employment measures bars the family (Art. 2 p.2 sp.2). The "
        "care of a disabled child, of a disabled person of group I–II or of an elderly person over 80 "
        "exempts any carer, parent or not; and the unconditional assistance of Art. 2 p.4 sp.2 (the "
        "only able-bodied member caring for a child under 3) does not ask for a parent either."
    )
