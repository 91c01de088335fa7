"""One declaration per input, derived from the tax-benefit system and ``inputs.yaml``."""

from __future__ import annotations

import datetime
import functools
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from openfisca_core.holders import set_input_dispatch_by_period, set_input_divide_by_period
from openfisca_core.indexed_enums import Enum
from openfisca_core.taxbenefitsystems import TaxBenefitSystem
from openfisca_core.variables import Variable

YAML_PATH = Path(__file__).resolve().parent / "inputs.yaml"
KINDS: dict[Any, str] = {
    bool: "bool",
    int: "int",
    float: "float",
    Enum: "enum",
    datetime.date: "date",
    str: "str",
}
YAML_KEYS = {
    "minimum",
    "maximum",
    "exclusive_maximum",
    "unit",
    "label_key",
    "microdata",
    "form_default",
    "welfare",
    "group",
}
MICRODATA = ("required", "optional", "not_recorded")


class ContractError(ValueError):
    """``inputs.yaml`` does not fit the tax-benefit system (a typo, an input that is gone)."""


@dataclass(frozen=True)
class Input:
    """The contract of one input: what a value must be and what the model does without one."""

    name: str
    entity: str  # the entity key: "person" or "household"
    plural: str  # the entity's key in a situation: "persons" or "households"
    kind: str  # "bool", "int", "float", "enum", "date" or "str"
    period: str  # "month", "year" or "eternity"
    spreads: bool  # a value for a longer period is spread over its months (income kinds)
    computable: bool  # a formula computes it when it is not given
    default: Any  # what the model assumes when it is neither given nor computable (JSON form)
    enum: tuple[str, ...] | None
    enum_class: type[Enum] | None
    minimum: float | str | None
    maximum: float | str | None
    exclusive_maximum: float | None
    max_length: int | None
    unit: str | None
    group: str  # "income", "flag" or "input"
    label_key: str
    label: str  # the variable's own (English) label
    microdata: str | None  # "required", "optional", "not_recorded" (the default in every row) or None
    form_default: Any
    welfare: bool  # an income kind counted in the money income of deciles and poverty

    @property
    def is_income(self) -> bool:
        return self.group == "income"

    def as_json(self) -> dict[str, Any]:
        """The declaration as JSON (for ``GET /meta``)."""
        data = {
            "entity": self.entity,
            "type": self.kind,
            "period": self.period,
            "spreads": self.spreads,
            "computable": self.computable,
            "default": self.default,
            "group": self.group,
            "label_key": self.label_key,
        }
        optional = {
            "enum": list(self.enum) if self.enum is not None else None,
            "minimum": self.minimum,
            "maximum": self.maximum,
            "exclusive_maximum": self.exclusive_maximum,
            "unit": self.unit,
            "microdata": self.microdata,
            "form_default": self.form_default,
        }
        data.update({key: value for key, value in optional.items() if value is not None})
        return data


def _json_value(value: Any) -> Any:
    if isinstance(value, Enum):
        return value.name
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


@functools.cache
def read_yaml() -> dict[str, Any]:
    """``inputs.yaml`` as read (cached)."""
    with YAML_PATH.open(encoding="utf-8") as file:
        return yaml.safe_load(file)


def spreads(variable: Variable) -> bool:
    """A value given for a longer period is spread over its months (``set_input`` divides or copies)."""
    return variable.set_input in (set_input_divide_by_period, set_input_dispatch_by_period)


def _group(variable: Variable, kind: str, spreads: bool, computable: bool) -> str:
    if variable.entity.is_person and kind == "float" and spreads and not computable:
        return "income"
    if variable.entity.is_person and kind == "bool" and not computable:
        return "flag"
    return "input"


def _label_key(name: str, group: str, is_person: bool) -> str:
    if group == "income":
        return f"inc.{name}"
    return f"m.{name}" if is_person else f"hh.{name}"


def derive_input(variable: Variable, extra: dict[str, Any], bounds: dict[str, Any]) -> Input:
    """The declaration of ``variable`` from the system and its lines in ``inputs.yaml``."""
    unknown = set(extra) - YAML_KEYS
    if unknown:
        msg = f"inputs.yaml, {variable.name}: unknown key(s) {', '.join(sorted(unknown))}"
        raise ContractError(msg)
    kind = KINDS.get(variable.value_type, "str")
    spreading = spreads(variable)
    computable = bool(variable.formulas)
    group = extra.get("group") or _group(variable, kind, spreading, computable)
    limits = {
        **bounds.get(kind, {}),
        **{k: extra[k] for k in ("minimum", "maximum", "exclusive_maximum") if k in extra},
    }
    if "maximum" in extra:
        limits.pop("exclusive_maximum", None)
    enum_class = variable.possible_values if kind == "enum" else None
    microdata = extra.get("microdata") or ("optional" if group in ("income", "flag") else None)
    if microdata not in (*MICRODATA, None):
        msg = f"inputs.yaml, {variable.name}: microdata is one of {', '.join(MICRODATA)}, not {microdata!r}"
        raise ContractError(msg)
    unit = getattr(variable, "unit", None) or extra.get("unit")
    return Input(
        name=variable.name,
        entity=variable.entity.key,
        plural=variable.entity.plural,
        kind=kind,
        period=str(variable.definition_period).lower(),
        spreads=spreading,
        computable=computable,
        default=_json_value(variable.default_value),
        enum=tuple(member.name for member in enum_class) if enum_class is not None else None,
        enum_class=enum_class,
        minimum=limits.get("minimum"),
        maximum=limits.get("maximum"),
        exclusive_maximum=limits.get("exclusive_maximum"),
        max_length=limits.get("max_length"),
        unit=unit,
        group=group,
        label_key=extra.get("label_key") or _label_key(variable.name, group, variable.entity.is_person),
        label=variable.label or variable.name,
        microdata=microdata,
        form_default=extra.get("form_default"),
        welfare=bool(extra.get("welfare", True)),
    )


def derive_inputs(tbs: TaxBenefitSystem) -> dict[str, Input]:
    """Every variable of ``tbs`` as an input declaration, in the system's order."""
    data = read_yaml()
    lines = data.get("inputs") or {}
    missing = sorted(set(lines) - set(tbs.variables))
    if missing:
        msg = f"inputs.yaml names inputs the system does not have: {', '.join(missing)}"
        raise ContractError(msg)
    bounds = data.get("bounds") or {}
    return {
        name: derive_input(variable, lines.get(name) or {}, bounds)
        for name, variable in tbs.variables.items()
    }
