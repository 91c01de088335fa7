"""A different child supplement per child aged 1–6 (parametric, in MRP)."""

from openfisca_core.reforms import Reform

FROM = "2023-01-01"
DEFAULT_MRP = 3.0


def child_supplement_reform(mrp: float) -> type[Reform]:
    """A reform class that pays ``mrp`` MRP a month per child aged 1–6 of ASP families (from 2023).

    The baseline pays 1.5 MRP from 1 January 2023. ``mrp = 0`` abolishes the supplement.
    """
    if not 0 <= mrp <= 20:
        msg = f"The child supplement must be between 0 and 20 MRP, not {mrp}."
        raise ValueError(msg)

    class child_supplement_mrp(Reform):
        __doc__ = (
            f"A child supplement of {mrp:g} MRP a month per child aged 1–6 of ASP families from 2023 "
            "(the law: 1.5 MRP); 0 abolishes it."
        )
        name = f"Child supplement of {mrp:g} MRP"

        def apply(self) -> None:
            def modify(parameters):
                parameters.asp.child_supplement.amount_mrp.update(start=FROM, value=float(mrp))
                return parameters

            self.modify_parameters(modifier_function=modify)

    return child_supplement_mrp


child_supplement_mrp = child_supplement_reform(DEFAULT_MRP)
