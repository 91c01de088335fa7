"""The input contract: one declaration per input, derived, used everywhere.

Each variable of the tax-benefit system says its value type, entity, period, enumeration values,
default and whether a formula computes it; ``inputs.yaml`` adds what the system cannot say (range,
unit, microdata column, the page's label key). :func:`contract_for` joins them, and from that one
declaration come:

* the JSON Schema of a situation, which ``GET /spec`` publishes and which validates every value
  of ``/calculate``, ``/trace``, ``/explain`` and ``calculate`` (:meth:`Contract.value_problems`);
* the microdata format (``openfisca_kz_asp.microsim.format``);
* the CSV tool for lawyers (``tools/csv_to_yaml_tests.py``);
* the calculator page's fields, through ``GET /meta`` (:meth:`Contract.meta`).

How each input is given in a situation (its period, and the quarter rule for incomes: the text of
``/variable/<name>``, ``/spec`` and the MCP tools) is written in
:mod:`openfisca_kz_asp.contract.documentation`.

The coverage window lives in :mod:`openfisca_kz_asp.coverage`, month and quarter parsing in
:mod:`openfisca_kz_asp.contract.periods`, the languages and number formats in
:mod:`openfisca_kz_asp.contract.languages`.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from typing import Any

from openfisca_core.taxbenefitsystems import TaxBenefitSystem

from openfisca_kz_asp.contract import languages, periods
from openfisca_kz_asp.contract.model import ContractError, Input, derive_inputs, read_yaml
from openfisca_kz_asp.contract.schema import Problem, situation_schema, value_problems, value_schema
from openfisca_kz_asp.coverage import FIRST_MONTH, LAST_MONTH

COUNTED_INCOME_PARAMETER = "asp.income.counted"


class Contract:
    """The inputs of one tax-benefit system (a reform may add or change variables)."""

    def __init__(self, tbs: TaxBenefitSystem) -> None:
        self.tbs = tbs
        self.inputs: dict[str, Input] = derive_inputs(tbs)
        self._value_schemas = {name: value_schema(item) for name, item in self.inputs.items()}
        self.income_kinds: tuple[str, ...] = self._income_kinds()
        dates = (read_yaml().get("bounds") or {}).get("date") or {}
        self.period_years: tuple[int, int] = (int(dates["minimum"][:4]), int(dates["maximum"][:4]))
        """The years a value may be given for: those of the dates an input may take (1900 to 2100)."""

    def __getitem__(self, name: str) -> Input:
        return self.inputs[name]

    def __contains__(self, name: object) -> bool:
        return name in self.inputs

    def __iter__(self) -> Iterator[Input]:
        return iter(self.inputs.values())

    def _income_kinds(self) -> tuple[str, ...]:
        """Income kinds in the order of the counted-income parameter, then the others (never counted)."""
        kinds = [item.name for item in self if item.is_income]
        node = self.tbs.parameters
        for part in COUNTED_INCOME_PARAMETER.split("."):
            node = getattr(node, part, None)
        counted = list(getattr(node, "children", {}) or {})
        return tuple([k for k in counted if k in kinds] + sorted(k for k in kinds if k not in counted))

    def value_schema(self, name: str) -> dict[str, Any]:
        """The JSON Schema of one (non-null) value of input ``name``."""
        return self._value_schemas[name]

    def value_problems(self, name: str, value: object) -> list[Problem]:
        """What is wrong with ``value`` for input ``name``: [(error code, message parameters)] or []."""
        return value_problems(self.inputs[name], self._value_schemas[name], value)

    @functools.cached_property
    def situation_schema(self) -> dict[str, Any]:
        """The JSON Schema (2020-12) of a situation; ``/spec`` publishes it in OpenAPI 3.0's dialect."""
        return situation_schema([self.tbs.person_entity, *self.tbs.group_entities], self.inputs.values())

    def microdata_inputs(self, entity: str) -> list[Input]:
        """The inputs that are microdata columns of ``entity`` (income kinds last, in their order)."""
        columns = [
            item
            for item in self
            if item.entity == entity and item.microdata in ("required", "optional") and not item.is_income
        ]
        if entity == self.tbs.person_entity.key:
            columns += [self.inputs[name] for name in self.income_kinds]
        required = [item for item in columns if item.microdata == "required"]
        return required + [item for item in columns if item.microdata != "required"]

    def not_recorded_inputs(self, entity: str) -> list[Input]:
        """The inputs of ``entity`` that no survey records: every microdata row takes their default."""
        return [item for item in self if item.entity == entity and item.microdata == "not_recorded"]

    def page_income(self) -> dict[str, list[str]]:
        """Income kinds as the page groups them: the main ones first, then "more kinds of income"."""
        main = [k for k in (read_yaml().get("page") or {}).get("main_income", []) if k in self.income_kinds]
        return {"main": main, "more": [k for k in self.income_kinds if k not in main]}

    def meta(self, lang: str = "en") -> dict[str, Any]:
        """What the calculator page needs to build its fields (``GET /meta``)."""
        from openfisca_kz_asp.i18n import label  # noqa: PLC0415 - i18n takes its languages from here

        return {
            "lang": lang,
            "languages": list(languages.LANGUAGES),
            "number_formats": languages.number_formats(),
            "coverage": {
                "first_month": FIRST_MONTH,
                "last_month": LAST_MONTH,
                "window": periods.coverage_window(lang),  # "from January 2018 to December 2026"
            },
            "month_pattern": periods.MONTH_PATTERN.pattern,
            "income": self.page_income(),
            "inputs": {
                name: {**item.as_json(), "label": _without_unit(label(self.tbs, name, lang))}
                for name, item in self.inputs.items()
            },
        }


def _without_unit(text: str) -> str:
    """A label without its unit in brackets: "Wages (KZT a month)" → "Wages"."""
    return re.sub(r"\s*\([^()]*\)$", "", text)


@functools.lru_cache(maxsize=32)
def contract_for(tbs: TaxBenefitSystem) -> Contract:
    """The contract of ``tbs`` (built once per system)."""
    return Contract(tbs)


@functools.cache
def default_contract() -> Contract:
    """The contract of the package's own system (for modules that have no system at hand)."""
    from openfisca_kz_asp.system import CountryTaxBenefitSystem  # noqa: PLC0415 - the system imports us

    return contract_for(CountryTaxBenefitSystem())


__all__ = [
    "COUNTED_INCOME_PARAMETER",
    "Contract",
    "ContractError",
    "Input",
    "contract_for",
    "default_contract",
    "languages",
    "periods",
]
