"""``/variable/<name>`` and ``/parameter/<id>`` for clients that learn the API by reading it.

A generic OpenFisca client (an AI assistant's MCP server such as p0ss/OpenFisca-MCP) reads
``/variables``, ``/variable/<name>``, ``/parameter/<id>`` and ``/spec`` to learn how to build a
situation. Two changes to the stock views:

* each variable's ``documentation`` ends with how to give it in a situation, the quarter rule with
  an example period (``month:2023-10:3``), from :mod:`openfisca_kz_asp.contract.documentation`;
* an unknown name is a 404 whose ``error`` names it and whose ``nearest`` lists the nearest names
  (difflib), so that a misspelt ``wage_incom`` or ``asp.poverty_line.rat`` is corrected.
"""

from __future__ import annotations

import difflib
import functools
from collections.abc import Callable
from typing import Any

from flask import Response, jsonify
from openfisca_core.taxbenefitsystems import TaxBenefitSystem
from openfisca_web_api.loader.variables import build_variable
from werkzeug.exceptions import NotFound

from openfisca_kz_asp import parametric_reform
from openfisca_kz_asp.api.errors import ApiError, problem
from openfisca_kz_asp.contract import contract_for
from openfisca_kz_asp.contract.documentation import documented
from openfisca_kz_asp.i18n_texts import text

NEAREST = 5
MAX_NAME = 100


@functools.lru_cache(maxsize=8)
def documented_variables(tbs: TaxBenefitSystem) -> dict[str, dict[str, Any]]:
    """What ``/variable/<name>`` answers: the stock description, its documentation with the period note
    (built at the first request, not when the app starts)."""
    metadata = tbs.get_package_metadata()
    return {
        name: _documented(tbs, build_variable(variable, metadata)) for name, variable in tbs.variables.items()
    }


def documented_variable(tbs: TaxBenefitSystem, name: str) -> dict[str, Any]:
    """One variable as ``/variable/<name>`` answers it (for the example of ``/spec``)."""
    return _documented(tbs, build_variable(tbs.variables[name], tbs.get_package_metadata()))


def _documented(tbs: TaxBenefitSystem, data: dict[str, Any]) -> dict[str, Any]:
    contract = contract_for(tbs)
    name = data["id"]
    if name in contract:
        data["documentation"] = documented(tbs.variables[name].documentation, contract[name])
    return data


def nearest_variables(tbs: TaxBenefitSystem, name: str) -> list[str]:
    """The variables whose names are nearest to ``name`` (difflib), best first."""
    return difflib.get_close_matches(name[:MAX_NAME], list(tbs.variables), n=NEAREST, cutoff=0.6)


def unknown_variable(tbs: TaxBenefitSystem, name: str, lang: str = "en", path: str = "url") -> ApiError:
    """A 404 naming the unknown variable, with the nearest names in ``nearest``."""
    nearest = nearest_variables(tbs, name)
    hint = text("errors.did_you_mean", lang, suggestion=nearest[0]) if nearest else ""
    error = ApiError.listing(404, [problem(path, "unknown_variable", lang, name=name[:MAX_NAME], hint=hint)])
    error.body["nearest"] = nearest
    return error


def unknown_parameter(
    tbs: TaxBenefitSystem, parameter_id: str, lang: str = "en", path: str = "url"
) -> ApiError:
    """A 404 naming the unknown parameter (``a.b.c`` or ``a/b/c``), with the nearest leaves."""
    dotted = parameter_id[:MAX_NAME].replace("/", ".")
    nearest = parametric_reform.nearest_names(tbs.parameters, dotted, n=NEAREST)
    message = text("reform.unknown_parameter", lang, path=dotted, nearest=", ".join(nearest) or "-")
    error = ApiError.listing(404, [{"path": path, "code": "unknown_parameter", "message": message}])
    error.body["nearest"] = nearest
    return error


def variable_view(tbs: TaxBenefitSystem) -> Callable[..., Response]:
    """``GET /variable/<id>``: the documented variable, or a 404 with the nearest names."""

    def get_variable(id: str) -> Response:  # the stock route's argument name
        data = documented_variables(tbs).get(id)
        if data is None:
            raise unknown_variable(tbs, id)
        return jsonify(data)

    return get_variable


def parameter_view(tbs: TaxBenefitSystem, stock: Callable[..., Response]) -> Callable[..., Response]:
    """``GET /parameter/<id>``: the stock view, but an unknown id is a 404 with the nearest names."""

    def get_parameter(parameter_id: str) -> Response:
        try:
            return stock(parameter_id=parameter_id)
        except NotFound:
            raise unknown_parameter(tbs, parameter_id) from None

    return get_parameter


__all__ = [
    "documented_variable",
    "documented_variables",
    "nearest_variables",
    "parameter_view",
    "unknown_parameter",
    "unknown_variable",
    "variable_view",
]
