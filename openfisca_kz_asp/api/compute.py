"""``/calculate`` and ``/trace`` on a validated situation (with axes, each output is a list)."""

from __future__ import annotations

import datetime
import math
from typing import Any

import numpy as np
from openfisca_core.indexed_enums import Enum
from openfisca_core.simulations import Simulation
from openfisca_core.taxbenefitsystems import TaxBenefitSystem

from openfisca_kz_asp.situations import build_simulation, requested_outputs


def _cells(situation: dict[str, Any]) -> int:
    cells = 1
    for parallel in situation.get("axes") or []:
        cells *= parallel[0]["count"]
    return cells


def _to_json(value: Any, value_type: type) -> Any:
    if value_type is float:
        number = float(str(value))  # float32 → the short decimal it stands for (as stock OpenFisca)
        return number if math.isfinite(number) else None
    if value_type is int:
        return int(value)
    if value_type is bool:
        return bool(value)
    if isinstance(value, np.datetime64 | datetime.date):
        return str(value)[:10]
    return value.item() if isinstance(value, np.generic) else value


def _results(
    tbs: TaxBenefitSystem, simulation: Simulation, situation: dict[str, Any]
) -> dict[tuple[str, str, str, str], Any]:
    cells = _cells(situation)
    computed: dict[tuple[str, str], Any] = {}
    results = {}
    for plural, instance_id, name, period in requested_outputs(situation):
        variable = tbs.variables[name]
        if (name, period) not in computed:
            values = simulation.calculate(name, period)
            computed[name, period] = values.decode_to_str() if variable.value_type is Enum else values
        values = computed[name, period]
        ids = list(situation[plural])
        count = len(ids)
        position = ids.index(instance_id)
        row = [_to_json(values[cell * count + position], variable.value_type) for cell in range(cells)]
        results[plural, instance_id, name, period] = row if "axes" in situation else row[0]
    return results


def calculate(
    tbs: TaxBenefitSystem, situation: dict[str, Any], *, lang: str = "en", max_persons: int = 50
) -> dict[str, Any]:
    """The situation with every ``null`` replaced by its value (a list per output with axes)."""
    simulation, warnings = build_simulation(tbs, situation, max_persons=max_persons, lang=lang)
    for (plural, instance_id, name, period), value in _results(tbs, simulation, situation).items():
        situation[plural][instance_id][name][period] = value
    if warnings:
        situation["warnings"] = warnings
    return situation


def trace(
    tbs: TaxBenefitSystem, situation: dict[str, Any], *, lang: str = "en", max_persons: int = 50
) -> dict[str, Any]:
    """OpenFisca's trace: every variable computed, its value, dependencies and parameters."""
    simulation, warnings = build_simulation(tbs, situation, max_persons=max_persons, lang=lang)
    simulation.trace = True
    requested = []
    for _plural, _id, name, period in requested_outputs(situation):
        requested.append(f"{name}<{period}>")
        simulation.calculate(name, period)
    body: dict[str, Any] = {
        "trace": simulation.tracer.get_serialized_flat_trace(),
        "entitiesDescription": simulation.describe_entities(),
        "requestedCalculations": requested,
    }
    if warnings:
        body["warnings"] = warnings
    return body
