"""The poverty line of every region and application quarter, 2018–2026, with its basis and sources.

One table, read from the computation (the variables ``poverty_line`` and ``poverty_line_basis`` of a
simulation with one household per region) and from the parameters' references, for the docs
(``python -m openfisca_kz_asp.poverty_line_table > docs/poverty_line_table.md``) and the lawyers'
site.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from typing import Any

from openfisca_core import periods
from openfisca_core.periods import Instant
from openfisca_core.simulations import SimulationBuilder
from openfisca_core.taxbenefitsystems import TaxBenefitSystem

from openfisca_kz_asp.coverage import FIRST_MONTH, LAST_MONTH
from openfisca_kz_asp.enums import PovertyLineBasis, Region
from openfisca_kz_asp.formula_helpers import reference_quarter
from openfisca_kz_asp.reference_titles import reference_title
from openfisca_kz_asp.subsistence_minimum import month_label, month_number, published_points, table
from openfisca_kz_asp.system import CountryTaxBenefitSystem

BASIS_MARK = {
    PovertyLineBasis.published.name: "P",
    PovertyLineBasis.regional_minimum.name: "M",
    PovertyLineBasis.estimated.name: "E",
    PovertyLineBasis.projected.name: "F",
    PovertyLineBasis.national_2019.name: "N",
}


@dataclass
class Cell:
    region: str
    quarter: str  # application quarter, e.g. "2024-Q1"
    line: float
    basis: str
    minimum: float  # the region's statistical minimum of the reference quarter (0 where unused)
    sources: list[dict[str, str]] = field(default_factory=list)


def quarters() -> list[str]:
    """First months of the application quarters in the coverage window."""
    return [month_label(n) for n in range(month_number(FIRST_MONTH), month_number(LAST_MONTH) + 1, 3)]


def _quarter_name(month: str) -> str:
    return f"{month[:4]}-Q{(int(month[5:]) - 1) // 3 + 1}"


def _reference_of(at_instant: Any, parameter: str) -> dict[str, str]:
    """A parameter value's reference as {title, href, title_en, title_kk}: the Russian original and its
    English and Kazakh titles (openfisca_kz_asp.reference_titles)."""
    reference = at_instant.metadata.get("reference", {}) if at_instant is not None else {}
    found = {"title": str(reference.get("title", "")), "href": str(reference.get("href", ""))}
    for lang in ("en", "kk"):
        found[f"title_{lang}"] = (
            reference_title(
                reference, lang, parameter=parameter, instant=at_instant.instant_str, value=at_instant.value
            )
            if at_instant is not None
            else found["title"]
        )
    return found


def _reference(node: Any, month: str) -> dict[str, str] | None:
    """The reference of a parameter's value that starts on ``month`` (None if it is not published)."""
    at = next((a for a in node.values_list if a.instant_str.startswith(month) and a.value is not None), None)
    return _reference_of(at, node.name) if at is not None else None


def _published_reference(node: Any, instant: str) -> dict[str, str]:
    """The reference of the value in force at ``instant``."""
    return _reference_of(
        next((a for a in node.values_list if a.instant_str <= instant), None), node.name
    )  # newest first


def _minimum_sources(
    parameters: Any, region: str, ref_start: Instant, estimated: bool
) -> list[dict[str, str]]:
    """The published values behind a reference quarter's minimum: its own, or those of the ratio."""
    node = parameters.general.subsistence_minimum_statistical
    found = [_reference_of(at, name) for name, at in published_points(parameters, region, ref_start)]
    own = node.monthly.children.get(region)
    if not estimated or own is None:
        return found
    months = [str(ref_start.offset(k, "month"))[:7] for k in range(3)]
    # The ratio's months: the region's published months nearest before and after the quarter.
    published = sorted(at.instant_str[:7] for at in own.values_list if at.value is not None)
    before = [m for m in published if m < months[0]][-1:]
    after = [m for m in published if m > months[-1]][:1]
    found += [r for m in before + after if (r := _reference(own, m))]
    national = node.monthly.children["national"]
    found += [r for m in months if (r := _reference(national, m))]
    national_quarter = node.quarterly.children.get("national")
    if national_quarter is not None and (r := _reference(national_quarter, months[0])):
        found.append(r)
    return found


def build(system: TaxBenefitSystem) -> list[Cell]:
    """Every region × application quarter of the coverage window."""
    regions = [r.name for r in Region]
    starts = quarters()
    situation: dict[str, Any] = {
        "persons": {f"p_{r}": {} for r in regions},
        "households": {
            f"h_{r}": {"applicants": [f"p_{r}"], "region": {m: r for m in starts}} for r in regions
        },
    }
    simulation = SimulationBuilder().build_from_entities(system, situation)
    parameters = system.parameters
    table(parameters)  # built once here, not per quarter
    cells = []
    for start in starts:
        line = simulation.calculate("poverty_line", start)
        basis = simulation.calculate("poverty_line_basis", start).decode_to_str()
        minimum = simulation.calculate("subsistence_minimum_statistical_quarter", start)
        published = parameters.asp.poverty_line.published
        ref_start = reference_quarter(periods.period(start)).start
        for i, region in enumerate(regions):
            kind = str(basis[i])
            if kind == PovertyLineBasis.published.name:
                sources = [_published_reference(published.children[region], f"{start}-01")]
            elif kind == PovertyLineBasis.national_2019.name:
                sources = [
                    _published_reference(parameters.asp.poverty_line.national_single_line, f"{start}-01")
                ]
            else:
                sources = _minimum_sources(
                    parameters, region, ref_start, kind != PovertyLineBasis.regional_minimum.name
                )
            cells.append(Cell(region, _quarter_name(start), float(line[i]), kind, float(minimum[i]), sources))
    return cells


def region_names() -> dict[str, str]:
    """Short English names for the table's columns ("Akmola", "Almaty region", "Almaty (city)")."""
    names = {r.name: r.value.removesuffix(" region") for r in Region}
    names[Region.almaty_region.name] = Region.almaty_region.value
    names[Region.almaty_city.name] = "Almaty (city)"
    names[Region.unknown.name] = "Region unknown (national)"
    return names


def _fmt(value: float) -> str:
    return f"{value:,.0f}"


def markdown(cells: list[Cell]) -> str:
    """The docs page: one wide table (quarters × regions) with a basis mark per cell, then the sources."""
    regions = list(dict.fromkeys(c.region for c in cells))
    names = region_names()
    by_key = {(c.quarter, c.region): c for c in cells}
    counts = {b: sum(c.basis == b for c in cells) for b in BASIS_MARK}
    lines = [
        "# The poverty line by region and quarter, 2018–2026",
        "",
        "Generated by `python -m openfisca_kz_asp.poverty_line_table > docs/poverty_line_table.md` from the",
        "package's own variables (`poverty_line`, `poverty_line_basis`) and the parameters' references;",
        "a test checks that this page matches the code. KZT per person per month, for applications in",
        "the quarter. How the line is built and how the estimates are made:",
        "[poverty_line.md](poverty_line.md).",
        "",
        "Basis of each cell: **P** published by the local body for the region and quarter; **N** the single",
        "national line of April–September 2019; **M** the rate × the region's published statistical",
        "minimum of the previous quarter; **E** the same on an ESTIMATED minimum (national minimum ×",
        "the region's ratio to it); **F** the same on a PROJECTED minimum (after the last published",
        "month). From 2025 the line is at least this; 35% of the regional median income, which is not",
        "published, can only raise it (give `median_income` when known).",
        "",
        "Cells by basis: "
        + ", ".join(f"{BASIS_MARK[b]} {counts[b]}" for b in BASIS_MARK)
        + f" (of {len(cells)}).",
        "",
        "| quarter | " + " | ".join(names[r] for r in regions) + " |",
        "|---|" + "---:|" * len(regions),
    ]
    for quarter in dict.fromkeys(c.quarter for c in cells):
        row = [f"{_fmt(by_key[quarter, r].line)} {BASIS_MARK[by_key[quarter, r].basis]}" for r in regions]
        lines.append(f"| {quarter} | " + " | ".join(row) + " |")
    lines += ["", "## Sources of the P, N and M cells", ""]
    for c in cells:
        if c.basis in ("published", "national_2019", "regional_minimum"):
            links = "; ".join(f"[{s['title_en']}]({s['href']})" for s in c.sources)
            lines.append(f"- {c.quarter}, {names[c.region]}: {_fmt(c.line)} ({c.basis}) — {links}")
    lines += [
        "",
        "The E and F cells rest on the published values listed for their region in",
        "`parameters/general/subsistence_minimum_statistical/` (each with its link and confidence) and on",
        "the national series; the lawyers' site shows each cell's sources.",
        "",
    ]
    return "\n".join(lines)


def main() -> None:
    sys.stdout.write(markdown(build(CountryTaxBenefitSystem())))


if __name__ == "__main__":
    main()


__all__ = ["BASIS_MARK", "Cell", "build", "markdown", "quarters", "region_names"]
