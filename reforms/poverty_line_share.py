"""The poverty line as another share of the subsistence minimum (parametric)."""

from openfisca_core.reforms import Reform

FROM = "2018-01-01"
DEFAULT_SHARE = 0.8


def poverty_line_share_reform(share: float) -> type[Reform]:
    """A reform class that sets the poverty-line rate to ``share`` of the subsistence minimum.

    The rate of Law 246-II Art. 2 p.1-1 (50% in 2018, 70% from April 2019; Order 160) becomes
    ``share`` for every period. From 2025 it remains the floor beside 35% of median income. Lines
    published for a region and quarter and the single national line of April–September 2019 are set
    aside (scaled lines are not known), so every region and quarter uses the share × the region's
    statistical subsistence minimum of the reference quarter.
    """
    if not 0 < share <= 2:
        msg = f"The poverty-line share must be in (0, 2], not {share}."
        raise ValueError(msg)

    class poverty_line_share(Reform):
        __doc__ = (
            f"The poverty line at {share:.0%} of the subsistence minimum for every period (the law: 50% in "
            "2018, 70% from April 2019; from 2025 still the floor beside 35% of median income). Lines "
            "published for a region and quarter and the 2019 national line are set aside, so every region "
            "uses the share × its statistical subsistence minimum of the quarter before the application."
        )
        name = f"Poverty line at {share:.0%} of the subsistence minimum"

        def apply(self) -> None:
            def modify(parameters):
                parameters.asp.poverty_line.rate.update(start=FROM, value=float(share))
                for region in parameters.asp.poverty_line.published.children.values():
                    region.update(start=FROM, value=0.0)
                parameters.asp.poverty_line.national_single_line.update(start=FROM, value=0.0)
                return parameters

            self.modify_parameters(modifier_function=modify)

    return poverty_line_share


poverty_line_share = poverty_line_share_reform(DEFAULT_SHARE)
