"""Reports a minister's adviser can read: a terminal table and an HTML page with charts.

The HTML page (``write_html``) is one self-contained file (its charts are embedded PNGs drawn with
matplotlib), in English, Russian or Kazakh (``lang``), readable offline and printable: a headline
per reform (net change in cost with its 90% interval, families gained and lost, a sentence in plain
words), the distribution by income decile (mean change, winners and losers in five bands), poverty
at the ASP line and at the subsistence minimum (regular and deep, by age and sex), inequality,
targeting with its definitions, regions (a table and a map), validation against the ministry's
figures, and the method. Every figure comes from :class:`~openfisca_kz_asp.microsim.results.Results`
(the same figures as summary.json and the CSVs written beside it).
"""

from __future__ import annotations

import base64
import html
import io
from collections.abc import Callable, Collection, Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from openfisca_kz_asp.microsim.engine import BANDS, BASELINE, POVERTY_GROUPS, POVERTY_MEASURES, STANDARDS
from openfisca_kz_asp.microsim.report_texts import (
    LANGUAGE_NAMES,
    bn,
    number,
    percent,
    reform_title,
    reform_words,
    region_name,
    share_text,
    shown_warnings,
    strip_paths,
    text,
    thousand,
    whole,
)
from openfisca_kz_asp.microsim.results import TYPE_NOTE, Results

GROUP = "__group__"  # a row (GROUP, label) of _table is a heading row spanning the table
SYNTHETIC_BANNER = "SYNTHETIC DATA — results describe a synthetic sample, not Kazakhstan's population."
# One colour per scenario in every chart: before ASP, the current law, then the reforms in order.
BEFORE_COLOUR = "#9e9e9e"
BASELINE_COLOUR = "#1f4e79"
REFORM_COLOURS = ("#e07b00", "#2e8b57", "#8e44ad", "#c0392b", "#17a2b8", "#6d4c41")
BAND_COLOURS = ("#b2182b", "#ef8a62", "#d9d9d9", "#91cf60", "#1a9850")


def scenario_colour(results: Results, scenario: str) -> str:
    """The fixed colour of ``scenario`` (the same in every chart of the report)."""
    if scenario == BASELINE:
        return BASELINE_COLOUR
    k = results.scenarios.index(scenario) - 1
    return REFORM_COLOURS[k % len(REFORM_COLOURS)]


def scenario_label(results: Results, scenario: str, lang: str) -> str:
    """A scenario's short name in ``lang`` (tables, charts)."""
    if scenario == BASELINE:
        return text("baseline", lang)
    return reform_title(scenario, results.summary["reforms"].get(scenario), lang)


def scenario_words(results: Results, scenario: str, lang: str) -> str:
    """A reform in words in ``lang`` (the headline's sentence, the method)."""
    return reform_words(scenario, results.summary["reforms"].get(scenario), lang)


def _short(label: str, width: int = 48) -> str:
    return label if len(label) <= width else label[: width - 1].rstrip() + "…"


def source_label(results: Results, lang: str) -> str:
    """The data's name without its local path."""
    from openfisca_kz_asp.microsim.api import EMBEDDED_SAMPLE  # noqa: PLC0415

    name = Path(results.source).name or results.source
    if Path(results.source) == EMBEDDED_SAMPLE:
        return text("embedded", lang, name=name)
    return name


# ---------------------------------------------------------------------------------------------
# the terminal


def summary_rows(results: Results, lang: str = "en") -> list[tuple[str, list[str]]]:
    """(label, one value per scenario) rows of the headline table."""
    s = results.tables["summary"].set_index("scenario")
    impact = results.tables["poverty_impact"]
    targeting = results.tables["targeting"].set_index("scenario")
    b, th = text("bn", lang), text("thousand", lang)

    def headcount(standard: str) -> list[str]:
        rows = impact[
            (impact["standard"] == standard) & (impact["group"] == "all") & (impact["measure"] == "fgt0")
        ]
        rows = rows.set_index("scenario")
        return [percent(rows.loc[c, "after_expected"], lang) for c in s.index]

    return [
        (text("row_cost", lang, bn=b), [bn(s.loc[c, "cost_annual"], lang) for c in s.index]),
        (
            text("row_cost_full", lang, bn=b),
            [bn(s.loc[c, "cost_annual_full_entitlement"], lang) for c in s.index],
        ),
        (text("row_fam", lang, th=th), [thousand(s.loc[c, "recipient_households"], lang) for c in s.index]),
        (
            text("row_unc", lang, th=th),
            [thousand(s.loc[c, "unconditional_households"], lang) for c in s.index],
        ),
        (text("row_con", lang, th=th), [thousand(s.loc[c, "conditional_households"], lang) for c in s.index]),
        (text("row_pers", lang, th=th), [thousand(s.loc[c, "recipient_persons"], lang) for c in s.index]),
        (text("row_supp", lang, bn=b), [bn(s.loc[c, "child_supplement_annual"], lang) for c in s.index]),
        (
            text("row_kids", lang, th=th),
            [thousand(s.loc[c, "child_supplement_children"], lang) for c in s.index],
        ),
        (text("row_pov_line", lang), headcount("asp_line")),
        (text("row_pov_min", lang), headcount("subsistence_minimum")),
        (
            text("row_cov1", lang),
            [percent(targeting.loc[c, "coverage_poorest_decile"], lang) for c in s.index],
        ),
    ]


def print_summary(results: Results, console: Console | None = None, lang: str = "en") -> None:
    """The headline table in the terminal (rich), with one sentence per reform."""
    console = console or Console()
    title = text("title", lang, period=results.period)
    if results.is_synthetic:
        console.print(f"[bold yellow]{escape(text('synthetic', lang))}[/]")
    table = Table(title=title, title_justify="left")
    table.add_column("")
    for scenario in results.scenarios:
        table.add_column(_short(scenario_label(results, scenario, lang), 28), justify="right")
    for label, values in summary_rows(results, lang):
        table.add_row(label, *values)
    console.print(table)
    for scenario in results.scenarios[1:]:
        console.print(headline_sentence(results, scenario, lang), markup=False)
    console.print(run_line(results, lang), markup=False)
    for note in data_notes(results):
        console.print(f"Data: {note}", markup=False)
    if any(s.startswith("caregiver_threshold") for s in results.scenarios):
        console.print(TYPE_NOTE)
    for warning in shown_warnings(results.warnings):
        console.print(f"[yellow]warning:[/] {escape(warning)}")


def run_line(results: Results, lang: str) -> str:
    i = results.input
    reps = int(results.summary.get("bootstrap_replicates", 0))
    return text(
        "run" if reps else "run_noboot",
        lang,
        source=source_label(results, lang),
        households=whole(i["households_simulated"], lang),
        persons=whole(i["persons_simulated"], lang),
        wh=whole(i["weighted_households"], lang),
        wp=whole(i["weighted_persons"], lang),
        months=len(results.months),
        tu=share_text(results.take_up.unconditional, lang),
        tc=share_text(results.take_up.conditional, lang),
        reps=reps,
    )


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


def data_notes_in(results: Results, lang: str) -> list[str]:
    """The notes of :func:`data_notes` in ``lang`` (the --assume-zero note stays in English)."""
    income = results.summary.get("income_year") or {}
    simulated = income.get("year_simulated", results.period[:4])
    notes = []
    if income.get("uprated"):
        notes.append(
            text(
                "note_uprated",
                lang,
                year=income.get("income_year"),
                simulated=simulated,
                factor=number(float(income.get("uprating_factor", 1.0)), 4, lang),
            )
        )
    elif income.get("income_year") is not None and income.get("income_year") == simulated:
        notes.append(text("note_same_year", lang, year=simulated))
    else:
        notes.append(text("note_not_uprated", lang, simulated=simulated))
    notes += [n for n in data_notes(results) if n.startswith("Income columns assumed zero")]
    shares = results.summary.get("poverty_line_basis", {})
    every, entitled = shares.get("households", {}), shares.get("entitled_households", {})
    notes.append(
        text(
            "note_line",
            lang,
            every=share_text(every.get("estimated", 0.0) + every.get("projected", 0.0), lang),
            entitled=share_text(entitled.get("estimated", 0.0) + entitled.get("projected", 0.0), lang),
            published=share_text(every.get("published", 0.0) + every.get("regional_minimum", 0.0), lang),
        )
    )
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


# ---------------------------------------------------------------------------------------------
# the headline


def _interval(results: Results, scenario: str, measure: str) -> tuple[float, float] | None:
    table = results.tables.get("intervals")
    if table is None:
        return None
    row = table[(table["scenario"] == scenario) & (table["measure"] == measure)]
    return (float(row["low"].iloc[0]), float(row["high"].iloc[0])) if len(row) else None


def headline_sentence(results: Results, scenario: str, lang: str) -> str:
    """The reform's effect in plain words: cost, families reached, gained and lost, where."""
    head = results.summary["reforms"][scenario]["headline"]
    cost = head["cost_annual_change"]
    iv = _interval(results, scenario, "cost_annual_change")
    lo, hi = (bn(iv[0], lang), bn(iv[1], lang)) if iv else ("—", "—")
    if cost < 0 and iv:
        lo, hi = bn(-iv[1], lang), bn(-iv[0], lang)
    top = [r for r in head["regions_with_most_change"] if r["share_of_change"] > 0]
    where = ""
    if top and abs(cost) >= 1e6:
        names = [region_name(r["region"], lang) for r in top]
        joined = ", ".join(names[:-1]) + f" {text('and', lang)} {names[-1]}" if len(names) > 1 else names[0]
        where = text(
            "sentence_where",
            lang,
            regions=joined,
            share=share_text(sum(r["share_of_change"] for r in top), lang),
        )
    return text(
        "sentence_more" if cost >= 0 else "sentence_less",
        lang,
        reform=scenario_words(results, scenario, lang),
        cost=bn(abs(cost), lang),
        bn=text("bn", lang),
        lo=lo,
        hi=hi,
        fam=thousand(abs(head["recipient_households_change"]), lang),
        gained=thousand(head["gained_households_full"], lang),
        lost=thousand(head["lost_households_full"], lang),
        where=where,
    )


def _card(label: str, value: str, interval: str = "") -> str:
    extra = f"<div class=iv>{html.escape(interval)}</div>" if interval else ""
    return (
        f"<div class=card><div class=lab>{html.escape(label)}</div><div class=val>{value}</div>{extra}</div>"
    )


def _headline_html(results: Results, lang: str) -> str:
    reforms = results.scenarios[1:]
    if not reforms:
        return f"<p>{html.escape(text('no_reform', lang))}</p>"
    parts = []
    b, th = text("bn", lang), text("thousand", lang)
    for s in reforms:
        head = results.summary["reforms"][s]["headline"]
        colour = scenario_colour(results, s)

        def iv(measure: str, fmt: Callable[[float], str], s: str = s) -> str:
            found = _interval(results, s, measure)
            return f"{text('interval', lang)}: {fmt(found[0])} … {fmt(found[1])}" if found else ""

        cards = [
            _card(
                text("k_cost_change", lang),
                f"{bn(head['cost_annual_change'], lang, sign=True)} {b}",
                iv("cost_annual_change", lambda v: bn(v, lang, sign=True)),
            ),
            _card(
                text("k_fam_change", lang),
                f"{thousand(head['recipient_households_change'], lang, sign=True)} {th}",
                iv("recipient_households_change", lambda v: thousand(v, lang, sign=True)),
            ),
            _card(
                text("k_gained", lang),
                f"{thousand(head['gained_households_full'], lang)} {th}",
                iv("gained_households", lambda v: thousand(v, lang)),
            ),
            _card(
                text("k_lost", lang),
                f"{thousand(head['lost_households_full'], lang)} {th}",
                iv("lost_households", lambda v: thousand(v, lang)),
            ),
            _card(
                text("k_pov_change", lang),
                f"{number(100 * head['poverty_headcount_asp_line_change'], 2, lang, sign=True)} "
                f"{text('pp', lang)}",
                iv("poverty_headcount_asp_line_change", lambda v: number(100 * v, 2, lang, sign=True)),
            ),
            _card(
                text("k_pov_change_min", lang),
                f"{number(100 * head['poverty_headcount_subsistence_minimum_change'], 2, lang, sign=True)} "
                f"{text('pp', lang)}",
                iv("poverty_headcount_minimum_change", lambda v: number(100 * v, 2, lang, sign=True)),
            ),
        ]
        parts.append(
            f"<div class=reform style='border-left-color:{colour}'><p class=sentence>"
            f"{html.escape(headline_sentence(results, s, lang))}</p>"
            f"<div class=cards>{''.join(cards)}</div></div>"
        )
    return "".join(parts)


def _key_table(results: Results, lang: str) -> str:
    headers = [text("col_figure", lang)] + [
        _short(scenario_label(results, s, lang), 70) for s in results.scenarios
    ]
    rows = [[label, *values] for label, values in summary_rows(results, lang)]
    return _table(headers, rows, colours=[None, *[scenario_colour(results, s) for s in results.scenarios]])


# ---------------------------------------------------------------------------------------------
# tables and charts


def _table(
    headers: Sequence[str],
    rows: Sequence[Sequence[str]],
    *,
    colours: Sequence[str | None] | None = None,
    classes: str = "t",
    text_columns: Collection[int] = (0,),
) -> str:
    """An HTML table: ``text_columns`` text (wrapped), the others numbers (right-aligned, kept on
    one line); header swatches."""
    head = []
    for k, h in enumerate(headers):
        swatch = (
            f"<span class=sw style='background:{colours[k]}'></span>"
            if colours and k < len(colours) and colours[k]
            else ""
        )
        align = " class=txt" if k in text_columns else ""
        head.append(f"<th{align}>{swatch}{html.escape(h)}</th>")
    body = "".join(
        f"<tr class=grp><td colspan={len(headers)}>{html.escape(str(row[1]))}</td></tr>"
        if row and row[0] == GROUP
        else "<tr>"
        + "".join(
            f"<td{_cell_class(k, c, text_columns)}>{html.escape(str(c).strip())}</td>"
            for k, c in enumerate(row)
        )
        + "</tr>"
        for row in rows
    )
    return (
        f"<div class=tw><table class='{classes}'><thead><tr>{''.join(head)}</tr></thead>"
        f"<tbody>{body}</tbody></table></div>"
    )


def _cell_class(k: int, cell: object, text_columns: Collection[int]) -> str:
    if k not in text_columns:
        return " class=n"
    return " class=ind" if str(cell).startswith("  ") else ""


def _png(fig: Any) -> str:  # a matplotlib Figure
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=120, bbox_inches="tight")
    return base64.b64encode(buffer.getvalue()).decode("ascii")


def _plt() -> Any:
    import matplotlib  # noqa: PLC0415

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt  # noqa: PLC0415

    plt.rcParams.update({"font.size": 9, "axes.spines.top": False, "axes.spines.right": False})
    return plt


def _localise(ax: Any, lang: str, axis: str = "y") -> None:
    """Tick labels in the language's number format (12 345,6 in ru and kk)."""
    from matplotlib.ticker import FuncFormatter  # noqa: PLC0415

    ticks = ax.get_yticks() if axis == "y" else ax.get_xticks()
    digits = next((d for d in range(4) if np.allclose(np.round(ticks, d), ticks, rtol=0, atol=1e-9)), 3)
    formatter = FuncFormatter(lambda v, _pos: number(v, digits, lang))
    (ax.yaxis if axis == "y" else ax.xaxis).set_major_formatter(formatter)


def _img(data: str, alt: str) -> str:
    return f"<img alt='{html.escape(alt)}' src='data:image/png;base64,{data}'>"


def _distribution_html(results: Results, lang: str) -> str:
    plt = _plt()
    reforms = results.scenarios[1:]
    deciles = list(range(1, 11))
    if not reforms:
        table = results.tables["by_decile"]
        base = (  # a decile without households (tiny data) shows 0
            table[table["scenario"] == BASELINE]
            .set_index("decile")
            .reindex([str(d) for d in deciles])[["asp_per_person_annual", "asp_share_of_income_before"]]
            .fillna(0.0)
        )
        fig, ax = plt.subplots(figsize=(8, 3.2))
        ax.bar(deciles, [base.loc[str(d), "asp_per_person_annual"] for d in deciles], color=BASELINE_COLOUR)
        ax.set_xticks(deciles)
        ax.set_xlabel(text("decile", lang))
        ax.set_ylabel(text("c_asp_kzt", lang))
        _localise(ax, lang)
        chart = _png(fig)
        plt.close(fig)
        rows = [
            [
                str(d),
                whole(base.loc[str(d), "asp_per_person_annual"], lang),
                percent(base.loc[str(d), "asp_share_of_income_before"], lang),
            ]
            for d in deciles
        ]
        headers = [text("col_decile", lang), text("c_asp_kzt", lang), text("col_asp_share", lang)]
        return f"<p>{html.escape(text('dist_intro_base', lang))}</p>{_img(chart, 'deciles')}" + _table(
            headers, rows
        )
    dist = results.tables["distribution"]
    fig, axes = plt.subplots(1, 2, figsize=(10, 3.4))
    width = 0.8 / len(reforms)
    for k, s in enumerate(reforms):
        rows = dist[(dist["reform"] == s) & (dist["decile"] != "all")].set_index("decile")
        x = np.array(deciles) + (k - (len(reforms) - 1) / 2) * width
        colour = scenario_colour(results, s)
        label = _short(scenario_label(results, s, lang), 70)
        axes[0].bar(
            x,
            [rows.loc[str(d), "mean_change_per_person_annual"] for d in deciles],
            width,
            color=colour,
            label=label,
        )
        axes[1].bar(
            x,
            [100 * rows.loc[str(d), "change_share_of_income"] for d in deciles],
            width,
            color=colour,
            label=label,
        )
    for ax, key in zip(axes, ("c_change_kzt", "c_change_pct"), strict=True):
        ax.set_xticks(deciles)
        ax.set_xlabel(text("decile", lang))
        ax.set_title(text(key, lang), fontsize=9)
        ax.axhline(0, color="#444", linewidth=0.6)
        _localise(ax, lang)
    axes[0].legend(fontsize=7, frameon=False)
    chart = _png(fig)
    plt.close(fig)
    return _distribution_parts(results, lang, dist, deciles, chart)


def _distribution_parts(
    results: Results, lang: str, dist: pd.DataFrame, deciles: list[int], chart: str
) -> str:
    """The winners-and-losers chart and the tables of the distribution section."""
    plt = _plt()
    reforms = results.scenarios[1:]
    fig, axes = plt.subplots(len(reforms), 1, figsize=(9, 0.6 + 2.9 * len(reforms)), squeeze=False)
    labels = [*[str(d) for d in deciles], text("all", lang)]
    for ax, s in zip(axes[:, 0], reforms, strict=True):
        rows = dist[dist["reform"] == s].set_index("decile")
        left = np.zeros(11)
        for j, band in enumerate(BANDS):
            values = np.array([100 * rows.loc[d, f"share_{band}"] for d in [*map(str, deciles), "all"]])
            ax.barh(
                range(11),
                values,
                left=left,
                color=BAND_COLOURS[j],
                label=text(f"band_{j}", lang),
                height=0.75,
            )
            left += values
        ax.set_yticks(range(11), labels)
        ax.invert_yaxis()
        ax.set_xlim(0, 100)
        ax.set_ylabel(text("decile", lang))
        ax.set_title(
            _short(scenario_label(results, s, lang), 90), fontsize=9, color=scenario_colour(results, s)
        )
    axes[0, 0].legend(ncol=5, fontsize=7, frameon=False, loc="lower center", bbox_to_anchor=(0.5, 1.12))
    axes[-1, 0].set_xlabel(text("c_bands", lang))
    bands = _png(fig)
    plt.close(fig)
    headers = [text("col_decile", lang)]
    colours: list[str | None] = [None]
    for s in reforms:
        headers += [text("col_change_kzt", lang), text("col_change_pct", lang)]
        colours += [scenario_colour(results, s)] * 2
    rows_out = []
    for d in [*map(str, deciles), "all"]:
        row = [text("all", lang) if d == "all" else d]
        for s in reforms:
            r = dist[(dist["reform"] == s) & (dist["decile"] == d)].iloc[0]
            row += [
                whole(r["mean_change_per_person_annual"], lang, sign=True),
                percent(r["change_share_of_income"], lang, sign=True),
            ]
        rows_out.append(row)
    band_headers = [text("col_figure", lang)] + [
        _short(scenario_label(results, s, lang), 70) for s in reforms
    ]
    band_rows = [
        [text(f"band_{j}", lang)]
        + [
            percent(dist[(dist["reform"] == s) & (dist["decile"] == "all")].iloc[0][f"share_{band}"], lang)
            for s in reforms
        ]
        for j, band in enumerate(BANDS)
    ]
    return (
        f"<p>{html.escape(text('dist_intro', lang))}</p>{_img(chart, 'deciles')}"
        + _table(headers, rows_out, colours=colours)
        + f"<h3>{html.escape(text('c_bands', lang))}</h3>{_img(bands, 'winners and losers')}"
        + f"<p class=note>{html.escape(text('bands_note', lang))}</p>"
        + _table(band_headers, band_rows, colours=[None, *[scenario_colour(results, s) for s in reforms]])
    )


def _poverty_html(results: Results, lang: str) -> str:
    plt = _plt()
    impact = results.tables["poverty_impact"]
    scen = results.scenarios
    fig, axes = plt.subplots(1, 2, figsize=(10, 3.6), sharey=False)
    groups = list(POVERTY_GROUPS)
    series = [("before", BASELINE, text("before_asp", lang), BEFORE_COLOUR)] + [
        (
            "after_expected",
            s,
            f"{text('after_asp', lang)}: {_short(scenario_label(results, s, lang), 34)}",
            scenario_colour(results, s),
        )
        for s in scen
    ]
    width = 0.8 / len(series)
    for ax, standard in zip(axes, STANDARDS, strict=True):
        sel = impact[(impact["standard"] == standard) & (impact["measure"] == "fgt0")]
        for k, (column, s, label, colour) in enumerate(series):
            cells = sel[sel["scenario"] == s].set_index("group")
            x = np.arange(len(groups)) + (k - (len(series) - 1) / 2) * width
            ax.bar(x, [100 * cells.loc[g, column] for g in groups], width, color=colour, label=label)
        ax.set_xticks(
            range(len(groups)), [text(f"g_{g}", lang) for g in groups], rotation=30, ha="right", fontsize=7.5
        )
        ax.set_title(f"{text('m_fgt0', lang)}: {text(f'std_{standard}', lang)}", fontsize=9)
        _localise(ax, lang)
    axes[0].legend(fontsize=7, frameon=False)
    chart = _png(fig)
    plt.close(fig)
    headers = [text("col_group", lang), text("before_asp", lang)] + [
        f"{text('after_asp', lang)}: {_short(scenario_label(results, s, lang), 60)}" for s in scen
    ]
    colours = [None, BEFORE_COLOUR, *[scenario_colour(results, s) for s in scen]]
    tables = []
    for standard in STANDARDS:
        sel = impact[impact["standard"] == standard]
        rows: list[list[str]] = []
        for measure in POVERTY_MEASURES:
            if measure == "fgt2":
                continue
            rows.append([GROUP, text(f"m_{measure}", lang)])
            for g in groups:
                cell = sel[(sel["measure"] == measure) & (sel["group"] == g)].set_index("scenario")
                rows.append(
                    [f"  {text(f'g_{g}', lang)}", percent(cell.loc[BASELINE, "before"], lang, digits=2)]
                    + [percent(cell.loc[s, "after_expected"], lang, digits=2) for s in scen]
                )
        title = text(f"std_{standard}", lang)
        tables.append(f"<h3>{html.escape(title)}</h3>" + _table(headers, rows, colours=colours))
    return (
        f"<p>{text('pov_intro', lang)}</p><p class=why>{html.escape(text('pov_why', lang))}</p>"
        + _img(chart, "poverty")
        + "".join(tables)
    )


def _inequality_html(results: Results, lang: str) -> str:
    table = results.tables["inequality"]
    scen = results.scenarios
    headers = [text("col_measure", lang), text("before_asp", lang)] + [
        f"{text('after_asp', lang)}: {_short(scenario_label(results, s, lang), 60)}" for s in scen
    ]
    rows = []
    for measure, key in (
        ("gini", "ineq_gini"),
        ("top_10_share", "ineq_top10"),
        ("bottom_50_share", "ineq_bottom50"),
    ):
        sel = table[table["measure"] == measure].set_index("scenario")
        fmt = (lambda v: number(v, 4, lang)) if measure == "gini" else (lambda v: number(100 * v, 2, lang))
        rows.append(
            [text(key, lang), fmt(sel.loc[BASELINE, "before"])]
            + [fmt(sel.loc[s, "after_expected"]) for s in scen]
        )
    colours = [None, BEFORE_COLOUR, *[scenario_colour(results, s) for s in scen]]
    return f"<p>{html.escape(text('ineq_intro', lang))}</p>" + _table(headers, rows, colours=colours)


def _targeting_html(results: Results, lang: str) -> str:
    t = results.tables["targeting"].set_index("scenario")
    scen = results.scenarios
    spec = (
        ("tr_cov1", "coverage_poorest_decile"),
        ("tr_cov2", "coverage_poorest_quintile"),
        ("tr_sp1", "spending_share_poorest_decile"),
        ("tr_sp2", "spending_share_poorest_quintile"),
        ("tr_excl", "exclusion_error"),
        ("tr_excl_rules", "exclusion_by_rules"),
        ("tr_excl_take", "exclusion_by_take_up"),
        ("tr_incl", "inclusion_error"),
        ("tr_excl_min", "exclusion_error_minimum"),
        ("tr_design", "exclusion_by_design_minimum"),
    )
    rows = [
        [text(key, lang)] + [percent(t.loc[s, column], lang, digits=1) for s in scen] for key, column in spec
    ]
    headers = [text("col_figure", lang)] + [_short(scenario_label(results, s, lang), 70) for s in scen]
    return (
        f"<ul class=defs>{text('targ_defs', lang)}</ul>"
        f"<p class=note>{html.escape(text('targ_note', lang))}</p>"
        + _table(headers, rows, colours=[None, *[scenario_colour(results, s) for s in scen]])
    )


def _regions_html(results: Results, lang: str) -> str:
    from openfisca_kz_asp.microsim import report_map  # noqa: PLC0415

    plt = _plt()
    table = results.tables["by_region"]
    scen = results.scenarios
    cost = table.pivot(index="region", columns="scenario", values="cost_annual")
    families = table.pivot(index="region", columns="scenario", values="recipient_households")
    coverage = table.pivot(index="region", columns="scenario", values="coverage_of_persons")
    reforms = scen[1:]
    names = {code: region_name(code, lang) for code in report_map.MAP_NAMES}
    if reforms:
        values = ((cost[reforms[0]] - cost[BASELINE]) / 1e9).to_dict()
        what = text("reg_by_change", lang, reform=_short(scenario_label(results, reforms[0], lang), 60))
        diverging = bool(min(values.values()) < 0 < max(values.values()))
    else:
        values = (cost[BASELINE] / 1e9).to_dict()
        what = text("reg_by_cost", lang)
        diverging = False
    fig, ax = plt.subplots(figsize=(9, 5.4))
    report_map.draw(
        ax,
        values,
        names=names,
        diverging=diverging,
        formatter=lambda v: number(v, 2, lang, sign=bool(reforms)),
        colorbar_label=what,
        tick_format=lambda v: number(v, 1, lang),
    )
    chart = _png(fig)
    plt.close(fig)
    b, th = text("bn", lang), text("thousand", lang)
    headers = [
        text("col_region", lang),
        text("col_cost", lang, bn=b),
        text("col_fam", lang, th=th),
        text("col_cov", lang),
    ]
    colours: list[str | None] = [None, BASELINE_COLOUR, BASELINE_COLOUR, BASELINE_COLOUR]
    for s in reforms:
        headers += [text("col_change", lang, bn=b), text("col_fam", lang, th=th)]
        colours += [scenario_colour(results, s)] * 2
    order = cost[BASELINE].sort_values(ascending=False).index
    rows = []
    for code in order:
        row = [
            region_name(code, lang),
            bn(cost.loc[code, BASELINE], lang),
            thousand(families.loc[code, BASELINE], lang),
            percent(coverage.loc[code, BASELINE], lang),
        ]
        for s in reforms:
            row += [
                bn(cost.loc[code, s] - cost.loc[code, BASELINE], lang, sign=True),
                thousand(families.loc[code, s], lang),
            ]
        rows.append(row)
    missing = [c for c in report_map.MAP_NAMES if c not in cost.index]
    note = f"<p class=note>{html.escape(text('map_source', lang))}</p>"
    if missing:
        note += f"<p class=note>— : {html.escape(', '.join(names[c] for c in missing))}</p>"
    return f"<p>{html.escape(text('reg_intro', lang, what=what))}</p>{_img(chart, 'map')}{note}" + _table(
        headers, rows, colours=colours
    )


def _validation_html(runs: Mapping[int, Results], lang: str) -> str:
    from openfisca_kz_asp.microsim.report_validation import national_table  # noqa: PLC0415

    table = national_table(runs)
    b, th = text("bn", lang), text("thousand", lang)
    headers = [
        text("val_year", lang),
        text("val_sim_cost", lang, bn=b),
        text("val_off_cost", lang, bn=b),
        text("val_sim_fam", lang, th=th),
        text("val_off_snap", lang, th=th),
        text("val_off_fam", lang, th=th),
        text("val_sim_pers", lang, th=th),
        text("val_off_pers", lang, th=th),
    ]
    rows = []
    for r in table.itertuples():
        simulated = np.isfinite(r.simulated_cost_bn)
        na = text("val_not_run", lang)
        snap = (
            f"{thousand(r.official_families_on_a_date, lang)} ({r.official_snapshot_date})"
            if np.isfinite(r.official_families_on_a_date)
            else "—"
        )
        rows.append(
            [
                str(r.year),
                number(r.simulated_cost_bn, 1, lang) if simulated else na,
                number(r.official_spending_bn, 1, lang) + ("*" if r.official_spending_is_allocation else ""),
                thousand(r.simulated_families_monthly_mean, lang) if simulated else na,
                snap,
                thousand(r.official_families_in_year, lang),
                thousand(r.simulated_persons_monthly_mean, lang) if simulated else na,
                thousand(r.official_persons_in_year, lang),
            ]
        )
    return (
        f"<p>{html.escape(text('val_intro', lang))}</p>"
        + _table(headers, rows, classes="t small")
        + f"<p class=note>* {html.escape(text('val_sources', lang))}</p>"
    )


def _method_html(results: Results, lang: str) -> str:
    reps = int(results.summary.get("bootstrap_replicates", 0))
    items = []
    for s in results.scenarios[1:]:
        entry = results.summary["reforms"][s]
        desc = entry.get("description")
        english = desc if isinstance(desc, str) else ""
        words = scenario_words(results, s, lang)
        items.append(
            f"<li><span class=sw style='background:{scenario_colour(results, s)}'></span><b>"
            f"{html.escape(words)}</b> (<code>{html.escape(s)}</code>)"
            + (f": {html.escape(english)}" if english and lang == "en" and english not in words else "")
            + "</li>"
        )
    parts = []
    if items:
        parts.append(f"<h3>{html.escape(text('method_reforms', lang))}</h3><ul>{''.join(items)}</ul>")
    if reps:
        parts.append(f"<p>{html.escape(text('method_boot', lang, reps=reps))}</p>")
    parts.append(f"<p>{html.escape(text('method_takeup', lang))}</p>")
    parts.append(f"<h3>{html.escape(text('method_notes', lang))}</h3>")
    notes = data_notes(results) if lang == "en" else data_notes_in(results, lang)
    parts.append("".join(f"<p class=note>{html.escape(strip_paths(n))}</p>" for n in notes))
    if any(s.startswith("caregiver_threshold") for s in results.scenarios):
        parts.append(f"<p class=note lang=en>{html.escape(TYPE_NOTE)}</p>")
    if results.warnings:
        parts.append(
            f"<h3>{html.escape(text('warnings', lang))}</h3><ul class=note lang=en>"
            + "".join(f"<li>{html.escape(w)}</li>" for w in shown_warnings(results.warnings))
            + "</ul>"
        )
    parts.append(f"<p class=note>{html.escape(text('method_files', lang))}</p>")
    return "".join(parts)


STYLE = """
body{font-family:"DejaVu Sans",Arial,sans-serif;max-width:1000px;margin:auto;
padding:1em 1.5em;color:#222;line-height:1.4}
h1{font-size:1.5em;margin-bottom:.2em}
h2{font-size:1.2em;border-bottom:2px solid #1f4e79;padding-bottom:.2em;margin-top:1.6em}
h3{font-size:1em;margin:1.1em 0 .4em}
.banner{background:#fff3cd;border:1px solid #e0b400;padding:.6em;font-weight:bold}
.run{font-size:.85em;color:#444}
.note{font-size:.8em;color:#555}
.why{background:#eef4fa;padding:.6em;border-left:4px solid #1f4e79}
.tw{overflow-x:auto;max-width:100%}
table{border-collapse:collapse;font-size:.8em;margin:.3em 0 1em;width:100%}
th{background:#f2f4f7;font-weight:600;text-align:right;vertical-align:bottom;padding:4px 6px}
th.txt{text-align:left}
td{padding:3px 6px;border-bottom:1px solid #e3e3e3}
td.n{text-align:right;white-space:nowrap;font-variant-numeric:tabular-nums}
td.ind{padding-left:1.6em;color:#444}
tr.grp td{font-weight:600;background:#fafafa;padding-top:6px}
table.small{font-size:.72em}
.sw{display:inline-block;width:.8em;height:.8em;margin-right:.3em;vertical-align:baseline;border-radius:2px}
img{max-width:100%;height:auto;display:block;margin:.4em auto}
.reform{border-left:6px solid;padding:.3em .8em;margin:.8em 0;background:#fafafa}
.sentence{font-size:1.02em;font-weight:600}
.cards{display:flex;flex-wrap:wrap;gap:.6em}
.cards .card{flex:1 1 28%}
.card{flex:1 1 150px;background:#fff;border:1px solid #ddd;padding:.4em .6em}
.card .lab{font-size:.72em;color:#555}
.card .val{font-size:1.2em;font-weight:700}
.card .iv{font-size:.7em;color:#555}
ul.defs{font-size:.85em}
nav ol{columns:2;font-size:.85em}
@media print{body{max-width:none;padding:0;font-size:10pt}
nav{display:none}
.tw{overflow:visible}
 h2,h3{break-after:avoid}
table,img,.reform{break-inside:avoid}
a{color:inherit;text-decoration:none}
 @page{size:A4;margin:14mm}
}
"""


def write_html(
    results: Results,
    path: str | Path,
    validation: dict[str, pd.DataFrame] | None = None,
    *,
    lang: str = "en",
    runs: Mapping[int, Results] | None = None,
) -> Path:
    """A self-contained HTML report in ``lang`` (en, ru, kk).

    ``validation``: tables of :func:`openfisca_kz_asp.microsim.validation.validation_tables`
    (simulated vs official ASP families by region and the status of each calibration target), shown
    in a section of their own, in ``lang``, when given (:mod:`.report_sample`). ``runs``: baseline
    runs by year for the national validation
    (:func:`openfisca_kz_asp.microsim.report_validation.validation_runs`); without them, the run
    itself where it is a whole year.
    """
    path = Path(path)
    if runs is None:
        runs = (
            {int(results.period): results} if len(results.months) == 12 and results.period.isdigit() else {}
        )
    sections = [
        (
            "headline",
            "s_headline",
            _headline_html(results, lang)
            + f"<h3>{html.escape(text('t_key', lang))}</h3>"
            + _key_table(results, lang),
        ),
        ("distribution", "s_distribution", _distribution_html(results, lang)),
        ("poverty", "s_poverty", _poverty_html(results, lang)),
        ("inequality", "s_inequality", _inequality_html(results, lang)),
        ("targeting", "s_targeting", _targeting_html(results, lang)),
        ("regions", "s_regions", _regions_html(results, lang)),
        ("validation", "s_validation", _validation_html(runs, lang)),
        ("method", "s_method", _method_html(results, lang)),
    ]
    if validation is not None:
        from openfisca_kz_asp.microsim.report_sample import sample_html  # noqa: PLC0415

        sections.insert(-1, ("sample", "s_sample", sample_html(validation, lang, _table)))
    nav = "".join(
        f"<li><a href='#{key}'>{html.escape(text(label, lang))}</a></li>" for key, label, _ in sections
    )
    body = "".join(
        f"<section id={key}><h2>{html.escape(text(label, lang))}</h2>{content}</section>"
        for key, label, content in sections
    )
    banner = f"<p class=banner>{html.escape(text('synthetic', lang))}</p>" if results.is_synthetic else ""
    title = text("title", lang, period=results.period)
    page = f"""<!doctype html><html lang={lang}><head><meta charset=utf-8>
<meta name=viewport content="width=device-width, initial-scale=1">
<title>{html.escape(title)}</title><style>{STYLE}</style></head><body>
<h1>{html.escape(title)}</h1>{banner}<p class=run>{html.escape(run_line(results, lang))}</p>
<nav><b>{html.escape(text("contents", lang))}</b><ol>{nav}</ol></nav>
{body}<p class=note>{html.escape(text("footer", lang, language=LANGUAGE_NAMES[lang]))}</p></body></html>
"""
    path.write_text(page, encoding="utf-8")
    return path


def charts(results: Results, lang: str = "en") -> dict[str, str]:
    """The report's sections as HTML fragments with their embedded charts (for reuse elsewhere)."""
    return {
        "distribution": _distribution_html(results, lang),
        "poverty": _poverty_html(results, lang),
        "regions": _regions_html(results, lang),
    }
