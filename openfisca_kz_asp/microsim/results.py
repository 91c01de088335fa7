"""Turn the accumulated sums into the report's tables and summary (weighted, float64).

Every figure of the report is here, in a table (a DataFrame, written as CSV) and, for the headline,
in ``summary.json``; the report only formats them. Definitions (also printed on the report):

* **deciles**: persons ranked by equivalised money income before ASP (household income ÷ OECD-
  modified scale), each person weighted by the household's weight; decile 1 is the poorest tenth;
* **poverty**: per-capita money income before ASP, and after adding ASP per capita, against two
  standards per household and month: the ASP line (``poverty_line`` of the baseline) and the
  Bureau's statistical subsistence minimum of the region (``subsistence_minimum_statistical``);
  deep poverty: below half the standard. FGT0 is the headcount ratio, FGT1 the poverty gap index;
* **inequality**: Gini and income shares of equivalised monthly income of persons, from histograms
  of 4,000 log-spaced bins (computed by microdf on the bins' totals);
* **targeting**: against the ASP line (see :func:`_targeting`);
* **intervals**: 90% percentile intervals of a Poisson bootstrap over households (population
  totals and the standards held fixed); they show sampling noise only, not model or take-up error.
"""

from __future__ import annotations

import json
import warnings as _warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from openfisca_kz_asp.enums import AspType, PovertyLineBasis, Region
from openfisca_kz_asp.microsim.engine import (
    AGE_GROUPS,
    BANDS,
    BASELINE,
    BOOT_MEASURES,
    FGT_VARIANTS,
    GAINED_LOST,
    POVERTY_GROUPS,
    POVERTY_MEASURES,
    STANDARDS,
    WL_CLASSES,
    Accumulator,
    B,
    M,
)
from openfisca_kz_asp.microsim.takeup import TakeUp

POVERTY_STANDARD = (
    "statistical subsistence minimum of the household's region for the month (the Bureau of "
    "National Statistics' standard for its poverty rate; variable subsistence_minimum_statistical, "
    "estimated where not published), per person per month, applied to household money income per "
    "capita (all income kinds except excluded_income, divided by every person listed)"
)
STANDARDS_TEXT = {
    "asp_line": (
        "the ASP poverty line of the household's region and month in the baseline (variable "
        "poverty_line: the share of the statistical subsistence minimum of the quarter before, 70% "
        "from April 2019, or 35% of the regional median income from 2025 where higher); the same line "
        "for every scenario, so that the scenarios are compared on one yardstick"
    ),
    "subsistence_minimum": POVERTY_STANDARD,
}
ASP_TYPES: tuple[Any, ...] = (AspType.unconditional, AspType.conditional)  # openfisca Enum members
TYPE_NOTE = (
    "The caregiver-threshold reform moves families from conditional to unconditional assistance "
    "without changing their amounts, so its full-entitlement cost barely moves; it shows in the "
    "counts by type and, because take-up differs by type, in the expected cost with take-up."
)
INTERVAL_LEVEL = 0.90


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
    replicates: int = 0,
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
        "poverty_impact": _poverty_impact(acc, scenarios, n),
        "inequality": _inequality(acc, scenarios),
        "targeting": _targeting(acc, scenarios),
    }
    if reforms:
        tables["winners_losers"] = _winners_losers(acc, reforms, n)
        tables["distribution"] = _distribution(acc, reforms, n)
    if replicates and f"{BASELINE}|boot" in acc:
        tables["intervals"] = _intervals(acc, scenarios, n)
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
        "poverty_standards": STANDARDS_TEXT,
        "poverty_line_basis": _line_basis(acc),
        "bootstrap_replicates": replicates,
        "baseline": _scenario_summary(tables, BASELINE),
        "reforms": {},
        "notes": [
            "Costs are KZT. cost_annual is the expected cost with take-up; for a period shorter than a "
            "year it is the monthly mean × 12. Recipients are weighted means over the months simulated.",
        ],
        "warnings": list(warnings),
    }
    if any(r.startswith("caregiver_threshold") for r in reforms):
        summary["notes"].append(TYPE_NOTE)
    if is_synthetic:
        summary["notes"].insert(0, "SYNTHETIC DATA: figures describe a synthetic sample, not Kazakhstan.")
    base = summary["baseline"]
    for name in reforms:
        entry = _scenario_summary(tables, name)
        entry["description"] = descriptions.get(name, "")
        entry["change_vs_baseline"] = {
            key: entry[key] - base[key] for key in base if isinstance(base[key], float | int)
        }
        entry["headline"] = _headline(acc, tables, name, n)
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
    impact = tables["poverty_impact"]
    sel = impact[(impact["scenario"] == scenario) & (impact["group"] == "all")]
    out["poverty_by_standard"] = {
        standard: {
            r.measure: {"before": float(r.before), "after_expected": float(r.after_expected)}
            for r in sel[sel["standard"] == standard].itertuples()
        }
        for standard in STANDARDS
    }
    inequality = tables["inequality"]
    out["inequality"] = {
        r.measure: {"before": float(r.before), "after_expected": float(r.after_expected)}
        for r in inequality[inequality["scenario"] == scenario].itertuples()
    }
    targeting = tables["targeting"].set_index("scenario").loc[scenario]
    out["targeting"] = {k: float(v) for k, v in targeting.items()}
    if "intervals" in tables:
        iv = tables["intervals"]
        out["intervals_90"] = {
            r.measure: [float(r.low), float(r.high)] for r in iv[iv["scenario"] == scenario].itertuples()
        }
    return out


def _headline(acc: Accumulator, tables: dict[str, pd.DataFrame], name: str, n: int) -> dict[str, Any]:
    """The headline of a reform: net change in cost, families gained and lost, where the change goes."""
    s = tables["summary"].set_index("scenario")
    gl = acc[f"{name}|gained_lost"] / n
    region = tables["by_region"].pivot(index="region", columns="scenario", values="cost_annual")
    change = (region[name] - region[BASELINE]).sort_values(key=np.abs, ascending=False)
    total = float(change.sum())
    top = change.head(3)
    out: dict[str, Any] = {
        "cost_annual_change": float(s.loc[name, "cost_annual"] - s.loc[BASELINE, "cost_annual"]),
        "cost_annual_full_entitlement_change": float(
            s.loc[name, "cost_annual_full_entitlement"] - s.loc[BASELINE, "cost_annual_full_entitlement"]
        ),
        "recipient_households_change": float(
            s.loc[name, "recipient_households"] - s.loc[BASELINE, "recipient_households"]
        ),
        "recipient_persons_change": float(
            s.loc[name, "recipient_persons"] - s.loc[BASELINE, "recipient_persons"]
        ),
        **{f"gained_{k}": float(gl[0, j]) for j, k in enumerate(GAINED_LOST)},
        **{f"lost_{k}": float(gl[1, j]) for j, k in enumerate(GAINED_LOST)},
        "regions_with_most_change": [
            {
                "region": str(r),
                "cost_annual_change": float(v),
                "share_of_change": float(v / total) if total else 0.0,
            }
            for r, v in top.items()
        ],
    }
    impact = tables["poverty_impact"]
    for standard in STANDARDS:
        row = impact[
            (impact["scenario"] == name)
            & (impact["standard"] == standard)
            & (impact["group"] == "all")
            & (impact["measure"] == "fgt0")
        ].iloc[0]
        base = impact[
            (impact["scenario"] == BASELINE)
            & (impact["standard"] == standard)
            & (impact["group"] == "all")
            & (impact["measure"] == "fgt0")
        ].iloc[0]
        out[f"poverty_headcount_{standard}_change"] = float(row.after_expected - base.after_expected)
    if "intervals" in tables:
        iv = tables["intervals"]
        out["intervals_90"] = {
            r.measure: [float(r.low), float(r.high)]
            for r in iv[(iv["scenario"] == name) & iv["measure"].str.endswith("_change")].itertuples()
        }
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
    """FGT0–2 at the statistical subsistence minimum by age group (the table of earlier versions)."""
    rows = []
    k = STANDARDS.index("subsistence_minimum")
    for s in scenarios:
        f = acc[f"{s}|poverty"][k]
        pop = acc[f"{s}|population"]
        for group in AGE_GROUPS:
            g = POVERTY_GROUPS.index(group)
            for alpha in range(3):
                values = {v: f[j, g, alpha] / pop[g] if pop[g] else 0.0 for j, v in enumerate(FGT_VARIANTS)}
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


def _poverty_impact(acc: Accumulator, scenarios: list[str], n: int) -> pd.DataFrame:
    """Poverty at both standards, regular and deep, by age group and sex, before and after ASP."""
    rows = []
    for s in scenarios:
        f = acc[f"{s}|poverty"]
        pop = acc[f"{s}|population"]
        for k, standard in enumerate(STANDARDS):
            for g, group in enumerate(POVERTY_GROUPS):
                for j, measure in enumerate(POVERTY_MEASURES):
                    v = {
                        name: f[k, i, g, j] / pop[g] if pop[g] else 0.0 for i, name in enumerate(FGT_VARIANTS)
                    }
                    rows.append(
                        {
                            "scenario": s,
                            "standard": standard,
                            "group": group,
                            "measure": measure,
                            "persons": pop[g] / n,
                            "before": v["before"],
                            "after_full": v["after_full"],
                            "after_expected": v["after_expected"],
                            "change_expected": v["after_expected"] - v["before"],
                        }
                    )
    return pd.DataFrame(rows)


def inequality_from_histogram(hist: np.ndarray) -> dict[str, float]:
    """Gini, top-10% and bottom-50% shares from a histogram (bins × [persons, income]) by microdf.

    Each bin is a point at its mean income with its persons as weight.
    """
    import microdf  # noqa: PLC0415

    keep = hist[:, 0] > 0
    persons = hist[keep, 0]
    means = hist[keep, 1] / persons
    if not keep.any() or means.sum() == 0:
        return {"gini": float("nan"), "top_10_share": float("nan"), "bottom_50_share": float("nan")}
    series = microdf.MicroSeries(means, weights=persons)
    with _warnings.catch_warnings():
        _warnings.simplefilter("ignore")
        return {
            "gini": float(series.gini()),
            "top_10_share": float(series.top_10_pct_share()),
            "bottom_50_share": float(series.bottom_50_pct_share()),
        }


def _inequality(acc: Accumulator, scenarios: list[str]) -> pd.DataFrame:
    before = inequality_from_histogram(acc["income_hist"])
    rows = []
    for s in scenarios:
        after = inequality_from_histogram(acc[f"{s}|income_hist_after"])
        for measure, value in before.items():
            rows.append(
                {
                    "scenario": s,
                    "measure": measure,
                    "before": value,
                    "after_expected": after[measure],
                    "change_expected": after[measure] - value,
                }
            )
    return pd.DataFrame(rows)


def _targeting(acc: Accumulator, scenarios: list[str]) -> pd.DataFrame:
    """Coverage, spending shares and errors, per scenario (persons, with take-up unless _full_entitlement).

    Status codes of the households before ASP: 2 × (below the ASP line) + (below the statistical
    minimum). Against the ASP line: the poor are persons below it; exclusion error = share of them in
    no recipient family, split into "by the rules" (their family is not entitled: the rules test the
    income of the quarter before, count it differently and apply other conditions) and "take-up"
    (entitled but not receiving); inclusion error = share of recipient persons not below the line.
    Against the statistical minimum: the share of its poor who are above the ASP line and receive
    nothing is excluded by design (the line is a share of the minimum).
    """
    rows = []
    for s in scenarios:
        d = acc[f"{s}|decile"]
        st = acc[f"{s}|status"]
        asp_poor = st[2:].sum(axis=0)
        not_poor = st[:2].sum(axis=0)
        min_poor = st[1] + st[3]
        row: dict[str, Any] = {"scenario": s}
        for suffix, key in (("", "listed_expected"), ("_full_entitlement", "listed_full")):
            row[f"coverage_poorest_decile{suffix}"] = d[0, M[key]] / d[0, M["persons"]]
            row[f"coverage_poorest_quintile{suffix}"] = d[:2, M[key]].sum() / d[:2, M["persons"]].sum()
            recipients = asp_poor[M[key]] + not_poor[M[key]]
            row[f"exclusion_error{suffix}"] = (
                1 - asp_poor[M[key]] / asp_poor[M["persons"]] if asp_poor[M["persons"]] else 0.0
            )
            row[f"inclusion_error{suffix}"] = not_poor[M[key]] / recipients if recipients else 0.0
        cost = d[:, M["cost_expected"]].sum()
        row["spending_share_poorest_decile"] = d[0, M["cost_expected"]] / cost if cost else 0.0
        row["spending_share_poorest_quintile"] = d[:2, M["cost_expected"]].sum() / cost if cost else 0.0
        row["exclusion_by_rules"] = row["exclusion_error_full_entitlement"]
        row["exclusion_by_take_up"] = row["exclusion_error"] - row["exclusion_error_full_entitlement"]
        row["poor_persons_asp_line"] = asp_poor[M["persons"]]
        row["poor_persons_minimum"] = min_poor[M["persons"]]
        row["exclusion_error_minimum"] = (
            1 - min_poor[M["listed_expected"]] / min_poor[M["persons"]] if min_poor[M["persons"]] else 0.0
        )
        row["exclusion_by_design_minimum"] = (
            (st[1, M["persons"]] - st[1, M["listed_expected"]]) / min_poor[M["persons"]]
            if min_poor[M["persons"]]
            else 0.0
        )
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


def _distribution(acc: Accumulator, reforms: list[str], n: int) -> pd.DataFrame:
    """Per reform and decile (and all): mean change per person (KZT a year), as a share of the
    decile's income before ASP, and the shares of persons in the five bands of winners and losers."""
    base = acc[f"{BASELINE}|decile"]
    rows = []
    for s in reforms:
        d = acc[f"{s}|decile"]
        bands = acc[f"{s}|bands"]
        for k in [*range(10), None]:
            sel = slice(None) if k is None else slice(k, k + 1)
            change = (d[sel, M["cost_expected"]] - base[sel, M["cost_expected"]]).sum()
            persons = d[sel, M["persons"]].sum()
            income = d[sel, M["income_before"]].sum()
            band = bands[sel].sum(axis=0)
            row: dict[str, Any] = {
                "reform": s,
                "decile": "all" if k is None else str(k + 1),
                "persons": persons / n,
                "mean_change_per_person_annual": _annual(change, n) / (persons / n) if persons else 0.0,
                "change_share_of_income": change / income if income else 0.0,
            }
            total = band.sum()
            for j, name in enumerate(BANDS):
                row[f"share_{name}"] = band[j] / total if total else 0.0
            rows.append(row)
    return pd.DataFrame(rows)


def _intervals(acc: Accumulator, scenarios: list[str], n: int) -> pd.DataFrame:
    """90% percentile intervals of the bootstrap replicates, with the point estimates."""
    pop = acc[f"{BASELINE}|population"][-1]
    lo, hi = 100 * (1 - INTERVAL_LEVEL) / 2, 100 * (1 + INTERVAL_LEVEL) / 2

    def figures(boot: np.ndarray) -> dict[str, np.ndarray]:
        return {
            "cost_annual": _annual(boot[..., B["cost_expected"]], n),
            "recipient_households": boot[..., B["households_expected"]] / n,
            "recipient_persons": boot[..., B["persons_expected"]] / n,
            "poverty_headcount_asp_line": boot[..., B["poor_after_asp_line"]] / pop,
            "poverty_headcount_minimum": boot[..., B["poor_after_minimum"]] / pop,
        }

    def point(s: str) -> dict[str, float]:
        t = acc[f"{s}|type"].sum(axis=0)
        f = acc[f"{s}|poverty"]
        g = POVERTY_GROUPS.index("all")
        return {
            "cost_annual": float(_annual(t[M["cost_expected"]], n)),
            "recipient_households": t[M["households_expected"]] / n,
            "recipient_persons": t[M["persons_expected"]] / n,
            "poverty_headcount_asp_line": f[0, 2, g, 0] / pop,
            "poverty_headcount_minimum": f[1, 2, g, 0] / pop,
        }

    rows = []
    base_reps = figures(acc[f"{BASELINE}|boot"])
    base_point = point(BASELINE)
    for s in scenarios:
        reps, est = figures(acc[f"{s}|boot"]), point(s)
        for measure, values in reps.items():
            rows.append(_interval_row(s, measure, est[measure], values, lo, hi))
        if s == BASELINE:
            continue
        for measure, values in reps.items():
            rows.append(
                _interval_row(
                    s,
                    f"{measure}_change",
                    est[measure] - base_point[measure],
                    values - base_reps[measure],
                    lo,
                    hi,
                )
            )
        boot = acc[f"{s}|boot"]
        for measure in ("gained_households", "lost_households"):
            gl = acc[f"{s}|gained_lost"][0 if measure.startswith("gained") else 1, 0] / n
            rows.append(_interval_row(s, measure, gl, boot[:, B[measure]] / n, lo, hi))
    return pd.DataFrame(rows)


def _interval_row(  # noqa: PLR0917 - a row of a table
    scenario: str, measure: str, estimate: float, replicates: np.ndarray, lo: float, hi: float
) -> dict[str, Any]:
    low, high = np.percentile(replicates, [lo, hi])
    return {
        "scenario": scenario,
        "measure": measure,
        "estimate": float(estimate),
        "low": float(low),
        "high": float(high),
        "replicates": len(replicates),
        "standard_error": float(np.std(replicates, ddof=1)) if len(replicates) > 1 else 0.0,
    }


__all__ = ["BOOT_MEASURES", "Results", "finalize", "inequality_from_histogram"]
