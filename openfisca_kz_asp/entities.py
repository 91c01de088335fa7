"""The two entities of the law: the person and the family (household), Law 246-II Art. 4 p.1."""

from openfisca_core.entities import build_entity

Household = build_entity(
    key="household",
    plural="households",
    label="Family (семья / отбасы) in the sense of Law 246-II Art. 4 p.1",
    doc=(
        "The family whose per-capita income is tested. Everyone listed belongs to it; who is counted "
        "as a family member follows Art. 4 p.1 (see the variable `is_family_member`)."
    ),
    roles=[
        {
            "key": "applicant",
            "plural": "applicants",
            "label": "Applicant (заявитель)",
            "max": 1,
            "doc": "The person who applies on the family's behalf (Law 246-II Art. 3 p.1).",
        },
        {
            "key": "member",
            "plural": "members",
            "label": "Member",
            "doc": "Any other person listed in the family.",
        },
    ],
)

Person = build_entity(
    key="person",
    plural="persons",
    label="Person",
    doc="A person listed in a family.",
    is_person=True,
)

entities = [Household, Person]
