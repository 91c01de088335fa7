"""Kazakhstan's state targeted social assistance (ASP) as an OpenFisca tax-benefit system."""

from __future__ import annotations

from openfisca_kz_asp._paths import PACKAGE_DIR, rule_folder
from openfisca_kz_asp.system import CountryTaxBenefitSystem

# ``openfisca_kz_asp.reforms`` must import the same way from a wheel (where reforms/ is inside
# the package) and from a checkout (where it is at the top level).
_reforms_parent = str(rule_folder("reforms").parent)
if _reforms_parent != str(PACKAGE_DIR) and _reforms_parent not in __path__:
    __path__.append(_reforms_parent)

__all__ = ["CountryTaxBenefitSystem"]
