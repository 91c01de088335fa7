"""The tax-benefit system: entities, variables and parameters loaded from the rule folders."""

from __future__ import annotations

from openfisca_core.taxbenefitsystems import TaxBenefitSystem

from openfisca_kz_asp._paths import rule_folder
from openfisca_kz_asp.entities import entities
from openfisca_kz_asp.situation_examples import EXAMPLES


class CountryTaxBenefitSystem(TaxBenefitSystem):
    """Kazakhstan's ASP, January 2018 to December 2026."""

    def __init__(self) -> None:
        super().__init__(entities)
        self.add_variables_from_directory(str(rule_folder("variables")))
        self.load_parameters(str(rule_folder("parameters")))
        self.open_api_config = {
            "variable_example": "asp_amount",
            "parameter_example": "asp.poverty_line.rate",
            "simulation_example": EXAMPLES["single_mother_two_children"],
        }
