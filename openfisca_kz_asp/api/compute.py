"""``/calculate`` and ``/trace`` on a validated situation (with axes, each output is a list).

A trace holds every variable computed for every period, each with one value per person or
household and per axis variant, so a small request can ask for a huge one (an 11 KB request asked
for 110 MB). It is bounded: at most ``MAX_TRACE_ENTRIES`` variable-periods and
``MAX_TRACE_VALUES`` values in all, checked before the trace is serialised, and at most
``MAX_TRACE_BYTES`` once serialised (``app.py``); beyond, a 400 ``trace_too_large``.
"""

from __future__ import annotations

import datetime
import math
from typing import Any

import numpy as np
from openfisca_core.indexed_enums import Enum
from openfisca_core.simulations import Simulation
from openfisca_core.taxbenefitsystems import TaxBenefitSystem
from openfisca_core.tracers import FlatTrace

from openfisca_kz_asp.api.errors import ApiError
from openfisca_kz_asp.api.lean import make_lean
from openfisca_kz_asp.contract.schema import MAX_PERSONS
from openfisca_kz_asp.situations import build_simulation, requested_outputs

MAX_TRACE_ENTRIES = 3000  # one family for one month: about 65; for the 12 months of a year: about 710
MAX_TRACE_VALUES = 250_000  # a family of 3, 12 months, an axis of 100 variants: 145,400
MAX_TRACE_BYTES = 16 * 1024 * 1024


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
    tbs: TaxBenefitSystem, situation: dict[str, Any], *, lang: str = "en", max_persons: int = MAX_PERSONS
) -> dict[str, Any]:
    """The situation with every ``null`` replaced by its value (a list per output with axes)."""
    simulation, warnings = build_simulation(tbs, situation, max_persons=max_persons, lang=lang)
    make_lean(simulation)  # untraced: core's calculation loop with less bookkeeping (api/lean.py)
    for (plural, instance_id, name, period), value in _results(tbs, simulation, situation).items():
        situation[plural][instance_id][name][period] = value
    if warnings:
        situation["warnings"] = warnings
    return situation


def trace(
    tbs: TaxBenefitSystem, situation: dict[str, Any], *, lang: str = "en", max_persons: int = MAX_PERSONS
) -> dict[str, Any]:
    """OpenFisca's trace: every variable computed, its value, dependencies and parameters."""
    simulation, warnings = build_simulation(tbs, situation, max_persons=max_persons, lang=lang)
    simulation.trace = True
    requested = []
    for _plural, _id, name, period in requested_outputs(situation):
        requested.append(f"{name}<{period}>")
        simulation.calculate(name, period)
    flat = simulation.tracer.get_flat_trace()
    values = sum(int(np.size(node["value"])) for node in flat.values() if node["value"] is not None)
    if len(flat) > MAX_TRACE_ENTRIES or values > MAX_TRACE_VALUES:
        raise trace_too_large(situation, lang, entries=len(flat), values=values)
    body: dict[str, Any] = {
        "trace": {key: {**node, "value": FlatTrace.serialize(node["value"])} for key, node in flat.items()},
        "entitiesDescription": simulation.describe_entities(),
        "requestedCalculations": requested,
    }
    if warnings:
        body["warnings"] = warnings
    return body


def trace_too_large(situation: dict[str, Any], lang: str, *, entries: int, values: int) -> ApiError:
    """The 400 for a trace beyond the bounds: it names the axes when there are some, else the outputs."""
    return ApiError(
        400,
        "axes" if "axes" in situation else "outputs",
        "trace_too_large",
        lang,
        entries=entries,
        values=values,
        max_entries=MAX_TRACE_ENTRIES,
        max_values=MAX_TRACE_VALUES,
    )
