"""Turn the accumulated sums into the report's tables and summary (weighted, float64)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from openfisca_kz_asp.enums import AspType, PovertyLineBasis, Region
from openfisca_kz_asp.microsim.engine import (
    AGE_GROUPS,
    BASELINE,
    FGT_VARIANTS,
    WL_CLASSES,
    Accumulator,
    M,
)
from openfisca_kz_asp.microsim.takeup import TakeUp

POVERTY_STANDARD = (
    "statistical subsistence minimum of the household's region for the month (the Bureau of "
    "National Statistics' standard for its poverty rate; variable subsistence_minimum_statistical, "
    "estimated where not published), per person per month, applied to household money income per "
    "capita (all income kinds except excluded_income, divided by every person listed)"
)
ASP_TYPES: tuple[Any, ...] = (AspType.unconditional, AspType.conditional)  # openfisca Enum members
TYPE_NOTE = (
    "The caregiver-threshold reform moves families from conditional to unconditional assistance "
    "without changing their amounts, so its full-entitlement cost barely moves; it shows in the "
    "counts by type and, because take-up differs by type, in the expected cost with take-up."
)


def _line_basis(acc: Accumulator) -> dict[str, dict[str, float]]:
    """Shares of households (and of entitled households) by the basis of their poverty line."""
    table = acc["line_basis"]
    out = {}
    for row, who in enumerate(("households", "entitled_households")):
        total = table[row].sum()
        out[who] = {b.name: float(table[row][b.index] / total) if total else 0.0 for b in PovertyLineBasis}
    return out


@dataclass
class Results:
    """Tables (one DataFrame each) and the summary of a microsimulation run."""

    period: str
    months: list[str]
    scenarios: list[str]
    take_up: TakeUp
    source: str
    is_synthetic: bool
    input: dict[str, Any]
    tables: dict[str, pd.DataFrame]
    summary: dict[str, Any]
    warnings: list[str] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)

    def write(self, output: str | Path) -> list[Path]:
        """Write summary.json and one CSV per table into ``output``; return the paths."""
        out = Path(output)
        out.mkdir(parents=True, exist_ok=True)
        written = [out / "summary.json"]
        written[0].write_text(json.dumps(self.summary, indent=2, ensure_ascii=False) + "\n")
        for name, table in self.tables.items():
            path = out / f"{name}.csv"
            table.assign(data_is_synthetic=self.is_synthetic).to_csv(path, index=False)
            written.append(path)
        return written


def _annual(total: np.ndarray | float, n_months: int) -> np.ndarray | float:
    return total * 12 / n_months


def finalize(
    acc: Accumulator,
    *,
    period: str,
    months: list[str],
    reforms: list[str],
    take_up: TakeUp,
    source: str,
    is_synthetic: bool,
    households_read: int,
    persons_read: int,
    descriptions: dict[str, str],
    warnings: list[str],
    income: dict[str, object] | None = None,
    assumed_zero: dict[str, int] | None = None,
) -> Results:
    """Build every table and the summary from the accumulated sums."""
    n = len(months)
    scenarios = [BASELINE, *reforms]
    simulated_households = int(acc["input_households"][0])
    simulated_persons = int(acc["input_persons"][0])
    if simulated_households != households_read or simulated_persons != persons_read:
        msg = (
            f"Simulated {simulated_households} households / {simulated_persons} persons but read "
            f"{households_read} / {persons_read}: a partition was lost."
        )
        raise RuntimeError(msg)
    tables = {
        "summary": _summary_table(acc, scenarios, n),
        "by_type": _by_type(acc, scenarios, n),
        "by_region": _by_group(acc, scenarios, n, "region", [r.name for r in Region]),
        "by_decile": _by_decile(acc, scenarios, n),
        "poverty": _poverty(acc, scenarios),
        "targeting": _targeting(acc, scenarios),
    }
    if reforms:
        tables["winners_losers"] = _winners_losers(acc, reforms, n)
    input_info = {
        "households": households_read,
        "persons": persons_read,
        "households_read": households_read,
        "persons_read": persons_read,
        "households_simulated": simulated_households,
        "persons_simulated": simulated_persons,
        "weighted_households": float(acc["baseline|type"][:, M["households"]].sum() / n),
        "weighted_persons": float(acc["baseline|type"][:, M["persons"]].sum() / n),
        # income columns the user let be taken as 0 where the data had no value (--assume-zero)
        "assumed_zero_columns": sorted(assumed_zero or {}),
        "assumed_zero_rows": dict(sorted((assumed_zero or {}).items())),
    }
    summary: dict[str, Any] = {
        "period": period,
        "months": months,
        "data_is_synthetic": is_synthetic,
        "data_source": source,
        "input": input_info,
        "income_year": income or {},
        "take_up": take_up.as_dict(),
        "poverty_standard": POVERTY_STANDARD,
        "poverty_line_basis": _line_basis(acc),
        "baseline": _scenario_summary(tables, BASELINE),
        "reforms": {},
        "notes": [
            "Costs are KZT. cost_annual is the expected cost with take-up; for a period shorter than a "
            "year it is the monthly mean × 12. Recipients are weighted means over the months simulated.",
            TYPE_NOTE,
        ],
        "warnings": list(warnings),
    }
    if is_synthetic:
        summary["notes"].insert(0, "SYNTHETIC DATA: figures describe a synthetic sample, not Kazakhstan.")
    base = summary["baseline"]
    for name in reforms:
        entry = _scenario_summary(tables, name)
        entry["description"] = descriptions.get(name, "")
        entry["change_vs_baseline"] = {
            key: entry[key] - base[key] for key in base if isinstance(base[key], float | int)
        }
        summary["reforms"][name] = entry
    return Results(
        period=period,
        months=months,
        scenarios=scenarios,
        take_up=take_up,
        source=source,
        is_synthetic=is_synthetic,
        input=input_info,
        tables=tables,
        summary=summary,
        warnings=warnings,
    )


def _scenario_summary(tables: dict[str, pd.DataFrame], scenario: str) -> dict[str, Any]:
    row = tables["summary"].set_index("scenario").loc[scenario]
    out: dict[str, Any] = {k: float(v) for k, v in row.items()}
    poverty = tables["poverty"]
    sel = poverty[(poverty["scenario"] == scenario) & (poverty["group"] == "all")].set_index("measure")
    out["poverty_all"] = {
        m: {
            "before": float(sel.loc[m, "before"]),
            "after_expected": float(sel.loc[m, "after_expected"]),
            "after_full_entitlement": float(sel.loc[m, "after_full"]),
        }
        for m in sel.index
    }
    targeting = tables["targeting"].set_index("scenario").loc[scenario]
    out["targeting"] = {k: float(v) for k, v in targeting.items()}
    return out


def _summary_table(acc: Accumulator, scenarios: list[str], n: int) -> pd.DataFrame:
    rows = []
    for s in scenarios:
        t = acc[f"{s}|type"]
        tot = t.sum(axis=0)
        unc, con = (t[kind.index] for kind in ASP_TYPES)
        rows.append(
            {
                "scenario": s,
                "cost_annual": _annual(tot[M["cost_expected"]], n),
                "cost_annual_full_entitlement": _annual(tot[M["cost_full"]], n),
                "cost_monthly_mean": tot[M["cost_expected"]] / n,
                "cost_monthly_mean_full_entitlement": tot[M["cost_full"]] / n,
                "recipient_households": tot[M["households_expected"]] / n,
                "recipient_persons": tot[M["persons_expected"]] / n,
                "recipient_households_full_entitlement": tot[M["households_full"]] / n,
                "recipient_persons_full_entitlement": tot[M["persons_full"]] / n,
                "unconditional_households": unc[M["households_expected"]] / n,
                "conditional_households": con[M["households_expected"]] / n,
                "unconditional_households_full_entitlement": unc[M["households_full"]] / n,
                "conditional_households_full_entitlement": con[M["households_full"]] / n,
                "child_supplement_annual": _annual(tot[M["supplement_expected"]], n),
                "child_supplement_annual_full_entitlement": _annual(tot[M["supplement_full"]], n),
                "child_supplement_children": tot[M["children_supplement_expected"]] / n,
            }
        )
    return pd.DataFrame(rows)


def _by_type(acc: Accumulator, scenarios: list[str], n: int) -> pd.DataFrame:
    rows = []
    for s in scenarios:
        t = acc[f"{s}|type"]
        for kind in ASP_TYPES:
            r = t[kind.index]
            rows.append(
                {
                    "scenario": s,
                    "type": kind.name,
                    "households_full_entitlement": r[M["households_full"]] / n,
                    "households": r[M["households_expected"]] / n,
                    "persons_full_entitlement": r[M["persons_full"]] / n,
                    "persons": r[M["persons_expected"]] / n,
                    "cost_annual_full_entitlement": _annual(r[M["cost_full"]], n),
                    "cost_annual": _annual(r[M["cost_expected"]], n),
                }
            )
    return pd.DataFrame(rows)


def _by_group(
    acc: Accumulator, scenarios: list[str], n: int, grouping: str, labels: list[str]
) -> pd.DataFrame:
    rows = []
    for s in scenarios:
        t = acc[f"{s}|{grouping}"]
        for k, label in enumerate(labels):
            r = t[k]
            if r[M["households"]] == 0:
                continue
            rows.append(
                {
                    "scenario": s,
                    grouping: label,
                    "households": r[M["households"]] / n,
                    "persons": r[M["persons"]] / n,
                    "cost_annual": _annual(r[M["cost_expected"]], n),
                    "cost_annual_full_entitlement": _annual(r[M["cost_full"]], n),
                    "recipient_households": r[M["households_expected"]] / n,
                    "recipient_persons": r[M["persons_expected"]] / n,
                    "coverage_of_persons": r[M["listed_expected"]] / r[M["persons"]],
                }
            )
    return pd.DataFrame(rows)


def _by_decile(acc: Accumulator, scenarios: list[str], n: int) -> pd.DataFrame:
    table = _by_group(acc, scenarios, n, "decile", [str(d) for d in range(1, 11)])
    per_person = []
    income_share = []
    for row in table.itertuples():
        r = acc[f"{row.scenario}|decile"][int(row.decile) - 1]
        per_person.append(_annual(r[M["cost_expected"]], n) / (r[M["persons"]] / n))
        income_share.append(r[M["cost_expected"]] / r[M["income_before"]] if r[M["income_before"]] else 0.0)
    table["asp_per_person_annual"] = per_person
    table["asp_share_of_income_before"] = income_share
    table["mean_income_before_per_capita_monthly"] = [
        acc[f"{r.scenario}|decile"][int(r.decile) - 1][M["income_before"]]
        / acc[f"{r.scenario}|decile"][int(r.decile) - 1][M["persons"]]
        for r in table.itertuples()
    ]
    base = table[table["scenario"] == BASELINE].set_index("decile")
    table["change_per_person_annual_vs_baseline"] = [
        r.asp_per_person_annual - base.loc[r.decile, "asp_per_person_annual"] for r in table.itertuples()
    ]
    table["change_share_of_income_before"] = [
        r.asp_share_of_income_before - base.loc[r.decile, "asp_share_of_income_before"]
        for r in table.itertuples()
    ]
    return table


def _poverty(acc: Accumulator, scenarios: list[str]) -> pd.DataFrame:
    rows = []
    for s in scenarios:
        f = acc[f"{s}|fgt"]
        pop = acc[f"{s}|population"]
        for g, group in enumerate(AGE_GROUPS):
            for alpha in range(3):
                values = {v: f[k, g, alpha] / pop[g] if pop[g] else 0.0 for k, v in enumerate(FGT_VARIANTS)}
                rows.append(
                    {
                        "scenario": s,
                        "group": group,
                        "measure": f"fgt{alpha}",
                        "before": values["before"],
                        "after_full": values["after_full"],
                        "after_expected": values["after_expected"],
                        "change_expected": values["after_expected"] - values["before"],
                    }
                )
    return pd.DataFrame(rows)


def _targeting(acc: Accumulator, scenarios: list[str]) -> pd.DataFrame:
    rows = []
    for s in scenarios:
        d = acc[f"{s}|decile"]
        p = acc[f"{s}|poverty"]  # row 0: not poor before ASP, row 1: poor
        row: dict[str, Any] = {"scenario": s}
        for suffix, key in (("", "listed_expected"), ("_full_entitlement", "listed_full")):
            row[f"coverage_poorest_decile{suffix}"] = d[0, M[key]] / d[0, M["persons"]]
            row[f"coverage_poorest_quintile{suffix}"] = d[:2, M[key]].sum() / d[:2, M["persons"]].sum()
            recipients = p[:, M[key]].sum()
            row[f"exclusion_error{suffix}"] = (
                1 - p[1, M[key]] / p[1, M["persons"]] if p[1, M["persons"]] else 0.0
            )
            row[f"inclusion_error{suffix}"] = p[0, M[key]] / recipients if recipients else 0.0
        rows.append(row)
    return pd.DataFrame(rows)


def _winners_losers(acc: Accumulator, reforms: list[str], n: int) -> pd.DataFrame:
    rows = []
    for s in reforms:
        t = acc[f"{s}|winners_losers"]
        for d in range(10):
            row = {"reform": s, "decile": d + 1}
            for c, cls in enumerate(WL_CLASSES):
                row[f"households_{cls}"] = t[d, c, 0]
                row[f"persons_{cls}"] = t[d, c, 1]
            for c, cls in ((0, "lose"), (2, "gain")):
                row[f"mean_change_{cls}_annual"] = _annual(t[d, c, 2] / t[d, c, 0], n) if t[d, c, 0] else 0.0
            rows.append(row)
    return pd.DataFrame(rows)
