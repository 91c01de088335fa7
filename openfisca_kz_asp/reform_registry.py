"""Reforms selectable by name from Python, the command line, the web API and the reports.

A name is either a plain reform (``caregiver_threshold_7_years``), a registry reform with a
value after a colon (``poverty_line_share:0.8``), or a list of changes of any parameter
(``asp.poverty_line.rate=0.8@2025-01-01``, several separated by ``;``), read, checked against the
parameter tree and described by :mod:`openfisca_kz_asp.parametric_reform`.

This module is the one home of reforms: the registry, the one error type
(:class:`UnknownReformError`, whose ``code`` says whether the name or the value is wrong) and the one
cache of reformed systems (:func:`system_with_reform`), which the API, the explanation, the CLI and
the microsimulation share.
"""

from __future__ import annotations

import functools
import importlib
from collections.abc import Callable
from dataclasses import dataclass

from openfisca_core.reforms import Reform
from openfisca_core.taxbenefitsystems import TaxBenefitSystem


@dataclass(frozen=True)
class ReformSpec:
    """A reform the registry knows: its module in ``reforms/`` and how to build it."""

    module: str
    attribute: str
    parameter: str | None = None  # name of the value after the colon, for parametric reforms
    factory: str | None = None

    def load(self, value: float | None) -> type[Reform]:
        module = importlib.import_module(f"openfisca_kz_asp.reforms.{self.module}")
        if self.factory is not None and value is not None:
            build: Callable[[float], type[Reform]] = getattr(module, self.factory)
            return build(value)
        return getattr(module, self.attribute)


REFORMS: dict[str, ReformSpec] = {
    "caregiver_threshold_7_years": ReformSpec("caregiver_threshold_7_years", "caregiver_threshold_7_years"),
    "poverty_line_share": ReformSpec(
        "poverty_line_share", "poverty_line_share", "share", "poverty_line_share_reform"
    ),
    "child_supplement_mrp": ReformSpec(
        "child_supplement_mrp", "child_supplement_mrp", "mrp", "child_supplement_reform"
    ),
    "per_child_full_line": ReformSpec("per_child_full_line", "per_child_full_line"),
    "loan_practice_2025": ReformSpec("loan_practice_2025", "loan_practice_2025"),
}


class UnknownReformError(ValueError):
    """A reform name that is not in the registry (``code`` "unknown_reform"), or a bad value
    (``code`` "bad_reform_value")."""

    def __init__(self, message: str, code: str = "bad_reform_value", name: str = "") -> None:
        super().__init__(message)
        self.code = code
        self.name = name


def parse_reform_name(name: str) -> tuple[str, float | None]:
    """Split ``"poverty_line_share:0.8"`` into the registry key and the value.

    A list of parameter changes (a name with ``=``) is checked for its form only (the tree is not
    at hand here; :func:`system_with_reform` checks it against the tree) and returned whole.
    """
    if "=" in name:
        from openfisca_kz_asp.parametric_reform import parse_text  # noqa: PLC0415

        parse_text(name)
        return name, None
    key, _, raw = name.partition(":")
    if key not in REFORMS:
        known = ", ".join(sorted(REFORMS))
        msg = f"Unknown reform '{key}'. Known reforms: {known}."
        raise UnknownReformError(msg, "unknown_reform", key)
    if not raw:
        return key, None
    if REFORMS[key].factory is None:
        msg = f"The reform '{key}' takes no value (got '{raw}')."
        raise UnknownReformError(msg, name=key)
    try:
        return key, float(raw)
    except ValueError:
        msg = f"The value of reform '{key}' must be a number, not '{raw}'."
        raise UnknownReformError(msg, name=key) from None


def reform_class(name: str, system: TaxBenefitSystem | None = None) -> type[Reform]:
    """The reform class for a registry name such as ``poverty_line_share:0.8``, or for a list of
    parameter changes (checked against ``system``'s tree; the package's when None)."""
    if "=" in name:
        from openfisca_kz_asp import parametric_reform  # noqa: PLC0415

        system = system or _package_system()
        return parametric_reform.reform_class(system, parametric_reform.validated(system, name))
    key, value = parse_reform_name(name)
    try:
        return REFORMS[key].load(value)
    except ValueError as error:
        raise UnknownReformError(str(error), name=key) from None


@functools.lru_cache(maxsize=64)
def _reformed(system: TaxBenefitSystem, key: str, value: float | None) -> TaxBenefitSystem:
    if "=" in key:  # the canonical text of validated parameter changes
        from openfisca_kz_asp import parametric_reform  # noqa: PLC0415

        changes = parametric_reform.validated(system, key)
        return parametric_reform.reform_class(system, changes)(system)
    try:
        reform = REFORMS[key].load(value)
    except ValueError as error:
        raise UnknownReformError(str(error), name=key) from None
    return reform(system)


def system_with_reform(system: TaxBenefitSystem, name: str | None) -> TaxBenefitSystem:
    """``system`` with the named reform applied, built once per process, system, reform and value.

    The one cache of reformed systems: ``poverty_line_share:0.8`` and ``poverty_line_share:0.80``
    are the same system; so are ``asp.poverty_line.rate=0.80@2025-01`` and
    ``asp.poverty_line.rate=0.8@2025-01-01`` (parameter changes are cached by their canonical text,
    :attr:`openfisca_kz_asp.parametric_reform.ParametricReform.key`). ``None`` or ``""`` is
    ``system`` itself. Raises :class:`UnknownReformError` (for parameter changes, its subclass
    :class:`~openfisca_kz_asp.parametric_reform.ParameterChangeError`, listing every problem).
    """
    if not name:
        return system
    if "=" in name:
        from openfisca_kz_asp.parametric_reform import validated  # noqa: PLC0415

        return _reformed(system, validated(system, name).key, None)
    key, value = parse_reform_name(name)
    return _reformed(system, key, value)


def apply_reform(system: TaxBenefitSystem, name: str) -> TaxBenefitSystem:
    """``system`` with the named reform applied (the cached system of :func:`system_with_reform`)."""
    return system_with_reform(system, name)


def describe(name: str, system: TaxBenefitSystem | None = None, lang: str = "en") -> str:
    """The first paragraph of the reform's docstring, for reports and the API.

    For parameter changes: each change in words in ``lang``, with the parameter's label and the
    value it replaces in ``system`` (the package's system when None).
    """
    if "=" in name:
        from openfisca_kz_asp import parametric_reform  # noqa: PLC0415

        system = system or _package_system()
        return parametric_reform.describe(system, parametric_reform.validated(system, name), lang)
    doc = (reform_class(name).__doc__ or "").strip()
    return doc.split("\n\n")[0].replace("\n", " ")


@functools.lru_cache(maxsize=1)
def _package_system() -> TaxBenefitSystem:
    from openfisca_kz_asp import CountryTaxBenefitSystem  # noqa: PLC0415

    return CountryTaxBenefitSystem()
