"""Caregiver threshold back to a child under 7 (the 2018–2019 rule)."""

from openfisca_core.reforms import Reform

FROM = "2018-01-01"


class caregiver_threshold_7_years(Reform):
    """Unconditional assistance for a family whose only able-bodied member cares for a child under 7.

    Law 246-II Art. 2 p.4 sp.2 set the age of the child cared for at 7 from 2018 and at 3 from
    1 January 2020 (Law 287-VI). This reform puts 7 back for every period. It moves families from
    conditional to unconditional assistance; amounts do not change, because both types pay the
    poverty line minus per-capita income, but the counts by type and any take-up-adjusted cost do.
    """

    name = "Caregiver threshold: child under 7"

    def apply(self) -> None:
        def modify(parameters):
            parameters.asp.eligibility.caregiver_child_max_age.update(start=FROM, value=7.0)
            return parameters

        self.modify_parameters(modifier_function=modify)
