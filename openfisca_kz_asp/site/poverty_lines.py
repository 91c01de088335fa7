"""The site's page of poverty lines by region and quarter, from openfisca_kz_asp.poverty_line_table."""

from __future__ import annotations

from typing import Any

from openfisca_kz_asp.poverty_line_table import BASIS_MARK, build, region_names
from openfisca_kz_asp.system import CountryTaxBenefitSystem


def poverty_line_context() -> dict[str, Any]:
    """What the template needs: the cells by (quarter, region), the regions' names, the basis marks."""
    cells = build(CountryTaxBenefitSystem())
    regions = list(dict.fromkeys(c.region for c in cells))
    return {
        "cells": {(c.quarter, c.region): c for c in cells},
        "regions": regions,
        "quarters": list(dict.fromkeys(c.quarter for c in cells)),
        "region_names": region_names(),
        "marks": BASIS_MARK,
        "counts": {b: sum(c.basis == b for c in cells) for b in BASIS_MARK},
    }
