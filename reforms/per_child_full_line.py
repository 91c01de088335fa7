"""Each child receives the full poverty line again (the April–December 2019 rule)."""

from openfisca_core.reforms import Reform

FROM = "2018-01-01"


class per_child_full_line(Reform):
    """Each child (under 18, or full-time student under 23) of a low-income family gets the full line.

    From 1 April to 31 December 2019 (Law 243-VI) each child received an amount equal to the poverty
    line while adults received the line minus per-capita income. This reform restores that rule for
    every period: the most expensive design seen since 2018.
    """

    name = "Per-child full poverty line (2019 rule)"

    def apply(self) -> None:
        def modify(parameters):
            parameters.asp.amount.child_receives_full_line.update(start=FROM, value=True)
            return parameters

        self.modify_parameters(modifier_function=modify)
