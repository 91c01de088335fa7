"""Reports a minister's adviser can read: a terminal table and an HTML page with charts.

The HTML page embeds its PNG charts (matplotlib, Agg backend), so it is one self-contained file.
Every table of the page is also written as CSV next to it (Results.write).
"""

from __future__ import annotations

import base64
import html
import io
from pathlib import Path
from typing import Any

import pandas as pd
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from openfisca_kz_asp.microsim.results import TYPE_NOTE, Results

SYNTHETIC_BANNER = "SYNTHETIC DATA — results describe a synthetic sample, not Kazakhstan's population."


def _bn(value: float) -> str:
    return f"{value / 1e9:,.2f}"


def _k(value: float) -> str:
    return f"{value / 1e3:,.1f}"


def summary_rows(results: Results) -> list[tuple[str, list[str]]]:
    """(label, one value per scenario) rows of the headline table."""
    s = results.tables["summary"].set_index("scenario")
    poverty = results.tables["poverty"]
    all_fgt0 = poverty[(poverty["group"] == "all") & (poverty["measure"] == "fgt0")].set_index("scenario")
    targeting = results.tables["targeting"].set_index("scenario")
    rows = [
        ("Cost, annual, with take-up (bn KZT)", [_bn(s.loc[c, "cost_annual"]) for c in s.index]),
        (
            "Cost, annual, full entitlement (bn KZT)",
            [_bn(s.loc[c, "cost_annual_full_entitlement"]) for c in s.index],
        ),
        ("Cost, monthly mean, with take-up (bn KZT)", [_bn(s.loc[c, "cost_monthly_mean"]) for c in s.index]),
        ("Recipient households (thousand)", [_k(s.loc[c, "recipient_households"]) for c in s.index]),
        ("  of which unconditional", [_k(s.loc[c, "unconditional_households"]) for c in s.index]),
        ("  of which conditional", [_k(s.loc[c, "conditional_households"]) for c in s.index]),
        ("Recipient persons (thousand)", [_k(s.loc[c, "recipient_persons"]) for c in s.index]),
        ("Child supplement, annual (bn KZT)", [_bn(s.loc[c, "child_supplement_annual"]) for c in s.index]),
        (
            "Children with the supplement (thousand)",
            [_k(s.loc[c, "child_supplement_children"]) for c in s.index],
        ),
        ("Poverty headcount before ASP (%)", [f"{100 * all_fgt0.loc[c, 'before']:.2f}" for c in s.index]),
        (
            "Poverty headcount after ASP (%)",
            [f"{100 * all_fgt0.loc[c, 'after_expected']:.2f}" for c in s.index],
        ),
        (
            "Coverage of the poorest decile (%)",
            [f"{100 * targeting.loc[c, 'coverage_poorest_decile']:.1f}" for c in s.index],
        ),
    ]
    return rows


def print_summary(results: Results, console: Console | None = None) -> None:
    """The headline table in the terminal (rich)."""
    console = console or Console()
    title = f"ASP budget impact, {results.period} ({len(results.months)} month(s))"
    if results.is_synthetic:
        console.print(f"[bold yellow]{SYNTHETIC_BANNER}[/]")
    table = Table(title=title, title_justify="left")
    table.add_column("")
    for scenario in results.scenarios:
        table.add_column(scenario, justify="right")
    for label, values in summary_rows(results):
        table.add_row(label, *values)
    console.print(table)
    i = results.input
    console.print(
        f"Input: {i['households_read']:,} households and {i['persons_read']:,} persons read, "
        f"{i['households_simulated']:,} and {i['persons_simulated']:,} simulated "
        f"(weighted: {i['weighted_households']:,.0f} households, {i['weighted_persons']:,.0f} persons). "
        f"Take-up: unconditional {results.take_up.unconditional:.0%}, "
        f"conditional {results.take_up.conditional:.0%}."
    )
    for note in data_notes(results):
        console.print(f"Data: {note}", markup=False)
    if len(results.scenarios) > 1:
        console.print(TYPE_NOTE)
    for warning in results.warnings:
        console.print(f"[yellow]warning:[/] {escape(warning)}")


def data_notes(results: Results) -> list[str]:
    """What the run assumed about the data: the income year and uprating, columns taken as 0."""
    notes = []
    income = results.summary.get("income_year") or {}
    if income.get("statement"):
        notes.append(str(income["statement"]))
    rows = results.input.get("assumed_zero_rows") or {}
    if rows:
        listing = ", ".join(f"{name} ({count:,} rows)" for name, count in rows.items())
        notes.append(f"Income columns assumed zero where the data had no value (--assume-zero): {listing}.")
    notes.append(poverty_line_note(results))
    return notes


def poverty_line_note(results: Results) -> str:
    """How many households' lines rest on an estimated or projected regional minimum."""
    shares = results.summary.get("poverty_line_basis", {})
    every, entitled = shares.get("households", {}), shares.get("entitled_households", {})

    def estimate(share: dict[str, float]) -> float:
        return share.get("estimated", 0.0) + share.get("projected", 0.0)

    return (
        f"Poverty line: {estimate(every):.0%} of households (of entitled households: "
        f"{estimate(entitled):.0%}) are on an ESTIMATED line — the statistical subsistence minimum of "
        f"their region for the quarter was not published in the sources read and is estimated "
        f"({every.get('projected', 0.0):.0%} projected beyond December 2025); "
        f"{every.get('published', 0.0) + every.get('regional_minimum', 0.0):.0%} on a published line or "
        f"minimum, {every.get('national_2019', 0.0):.0%} on the 2019 national line "
        "(docs/poverty_line.md)."
    )


def _png(fig: Any) -> str:  # a matplotlib Figure
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=110, bbox_inches="tight")
    return base64.b64encode(buffer.getvalue()).decode("ascii")


def charts(results: Results) -> dict[str, str]:
    """Base64 PNG charts: cost by region, change by decile, poverty before/after."""
    import matplotlib  # noqa: PLC0415

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt  # noqa: PLC0415

    out: dict[str, str] = {}
    region = results.tables["by_region"].pivot(index="region", columns="scenario", values="cost_annual") / 1e9
    region = region[results.scenarios].sort_values("baseline")
    fig, ax = plt.subplots(figsize=(8, 6))
    region.plot.barh(ax=ax)
    ax.set_xlabel("bn KZT a year, with take-up")
    ax.set_title("ASP cost by region" + (" (SYNTHETIC data)" if results.is_synthetic else ""))
    out["cost_by_region"] = _png(fig)
    plt.close(fig)

    decile = results.tables["by_decile"]
    fig, ax = plt.subplots(figsize=(8, 4))
    if len(results.scenarios) > 1:
        pivot = decile[decile["scenario"] != "baseline"].pivot(
            index="decile", columns="scenario", values="change_per_person_annual_vs_baseline"
        )
        pivot.index = pivot.index.astype(int)
        pivot.sort_index().plot.bar(ax=ax, rot=0)
        ax.set_ylabel("KZT per person a year vs baseline")
        ax.set_title("Gain by per-capita income decile")
    else:
        pivot = decile.pivot(index="decile", columns="scenario", values="asp_per_person_annual")
        pivot.index = pivot.index.astype(int)
        pivot.sort_index().plot.bar(ax=ax, rot=0)
        ax.set_ylabel("KZT per person a year")
        ax.set_title("ASP by per-capita income decile")
    out["gains_by_decile"] = _png(fig)
    plt.close(fig)

    poverty = results.tables["poverty"]
    fig, axes = plt.subplots(1, 2, figsize=(11, 4))
    for ax, measure, label in zip(
        axes, ("fgt0", "fgt1"), ("headcount (FGT0)", "poverty gap (FGT1)"), strict=True
    ):
        rows = poverty[poverty["measure"] == measure]
        frame = pd.DataFrame(
            {"before ASP": rows[rows["scenario"] == "baseline"].set_index("group")["before"]}
        )
        for scenario in results.scenarios:
            frame[f"after: {scenario}"] = rows[rows["scenario"] == scenario].set_index("group")[
                "after_expected"
            ]
        (100 * frame).plot.bar(ax=ax, rot=0, legend=measure == "fgt0")
        ax.set_ylabel(f"{label}, % (line: subsistence minimum)")
        ax.set_xlabel("")
    fig.suptitle("Poverty before and after ASP (with take-up)")
    out["poverty_before_after"] = _png(fig)
    plt.close(fig)
    return out


def _table_html(frame: pd.DataFrame) -> str:
    return frame.to_html(
        index=False, float_format=lambda v: f"{v:,.4g}" if abs(v) < 10 else f"{v:,.0f}", border=0, classes="t"
    )


def write_html(results: Results, path: str | Path, validation: dict[str, pd.DataFrame] | None = None) -> Path:
    """A self-contained HTML report with the charts and every table.

    ``validation``: tables of :func:`openfisca_kz_asp.microsim.validation.validation_tables`
    (simulated vs official ASP figures, and the status of each calibration target), shown in a
    section of their own when given.
    """
    path = Path(path)
    images = charts(results)
    head_rows = "".join(
        f"<tr><td>{html.escape(label)}</td>" + "".join(f"<td class=n>{v}</td>" for v in values) + "</tr>"
        for label, values in summary_rows(results)
    )
    headers = "".join(f"<th>{html.escape(s)}</th>" for s in results.scenarios)
    banner = f"<p class=banner>{SYNTHETIC_BANNER}</p>" if results.is_synthetic else ""
    i = results.input
    descriptions = "".join(
        f"<li><b>{html.escape(name)}</b>: {html.escape(entry.get('description', ''))}</li>"
        for name, entry in results.summary["reforms"].items()
    )
    notes = "".join(f"<p class=note>{html.escape(note)}</p>" for note in data_notes(results))
    if results.warnings:
        notes += (
            "<p>Warnings about the data:</p><ul>"
            + "".join(f"<li>{html.escape(w)}</li>" for w in results.warnings)
            + "</ul>"
        )
    sections = "".join(
        f"<h2>{html.escape(name.replace('_', ' ').capitalize())}</h2>{_table_html(table)}"
        for name, table in results.tables.items()
    )
    if validation is not None:
        from openfisca_kz_asp.microsim.validation import html_section  # noqa: PLC0415

        sections += html_section(validation)
    page = f"""<!doctype html><html lang=en><meta charset=utf-8>
<title>ASP budget impact {html.escape(results.period)}</title>
<style>body{{font-family:sans-serif;max-width:1100px;margin:auto;padding:1em}}
.banner{{background:#fff3cd;border:1px solid #e0b400;padding:.6em;font-weight:bold}}
table{{border-collapse:collapse;font-size:.85em;margin-bottom:1em}}
td,th{{padding:3px 8px;border-bottom:1px solid #ddd}}
.n,td{{text-align:right}}td:first-child{{text-align:left}}img{{max-width:100%}}</style>
<h1>ASP budget impact, {html.escape(results.period)}</h1>{banner}
<p>Data: {html.escape(results.source)}. {i["households_read"]:,} households and {i["persons_read"]:,} persons
read; {i["households_simulated"]:,} and {i["persons_simulated"]:,} simulated. Months: {len(results.months)}.
Take-up assumptions: unconditional {results.take_up.unconditional:.0%}, conditional
{results.take_up.conditional:.0%} (expected values).</p>
{notes}<ul>{descriptions}</ul><p>{html.escape(TYPE_NOTE)}</p>
<table><tr><th></th>{headers}</tr>{head_rows}</table>
<h2>Cost by region</h2><img alt="cost by region" src="data:image/png;base64,{images["cost_by_region"]}">
<h2>Gains by decile</h2><img alt="gains by decile" src="data:image/png;base64,{images["gains_by_decile"]}">
<h2>Poverty before and after</h2>
<img alt="poverty before and after" src="data:image/png;base64,{images["poverty_before_after"]}">
<p>Poverty standard: {html.escape(str(results.summary["poverty_standard"]))}.</p>
{sections}</html>
"""
    path.write_text(page, encoding="utf-8")
    return path
