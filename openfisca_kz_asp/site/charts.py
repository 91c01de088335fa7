"""A small inline SVG step chart of a parameter's dated values (no JavaScript, no CDN)."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from html import escape

from openfisca_kz_asp.provisions.links import ParameterValue

WIDTH, HEIGHT = 640, 180
LEFT, RIGHT, TOP, BOTTOM = 64, 16, 14, 28
FIRST_YEAR, LAST_YEAR = 2018, 2027  # the model covers January 2018 to December 2026


def _number(value: object) -> float | None:
    if isinstance(value, bool):
        return float(value)
    if isinstance(value, (int, float)):
        return float(value)
    return None


def _year_fraction(day: str) -> float:
    date = datetime.date.fromisoformat(day)
    start = datetime.date(date.year, 1, 1)
    length = (datetime.date(date.year + 1, 1, 1) - start).days
    return date.year + (date - start).days / length


def _format(value: float, is_bool: bool) -> str:
    if is_bool:
        return "true" if value else "false"
    return f"{value:,.0f}".replace(",", " ") if abs(value) >= 100 else f"{value:g}"


def numeric_in_view(points: list[tuple[float, float | None]], first: int) -> list[float]:
    """The values of the segments drawn (numeric, ending after the chart's first year)."""
    kept = []
    for index, (_, y) in enumerate(points):
        end = points[index + 1][0] if index + 1 < len(points) else LAST_YEAR
        if y is not None and end > first:
            kept.append(y)
    return kept


def step_chart(values: Sequence[ParameterValue], title: str) -> str:
    """An SVG step line of the values from 2018 to 2026; '' when no value is numeric."""
    points = [(_year_fraction(v.start), _number(v.value)) for v in values]
    numeric = [y for _, y in points if y is not None]
    if not numeric:
        return ""
    is_bool = all(isinstance(v.value, bool) for v in values if v.value is not None)
    first = min(FIRST_YEAR, int(min(x for x, _ in points)))
    low, high = min(0.0, *numeric), max(numeric)
    if high == low:
        high = low + 1
    high = high * 1.1 if not is_bool else 1.0
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    def x_of(year: float) -> float:
        return LEFT + (year - first) / (LAST_YEAR - first) * plot_w

    def y_of(value: float) -> float:
        return TOP + plot_h - (value - low) / (high - low) * plot_h

    parts = [
        f'<svg class="chart" viewBox="0 0 {WIDTH} {HEIGHT}" width="{WIDTH}" height="{HEIGHT}" role="img" '
        f'aria-label="{escape(title)}" xmlns="http://www.w3.org/2000/svg">',
        f'<rect x="{LEFT}" y="{TOP}" width="{plot_w}" height="{plot_h}" class="plot"/>',
    ]
    for year in range(first, LAST_YEAR + 1):
        x = x_of(year)
        parts.append(f'<line x1="{x:.1f}" y1="{TOP}" x2="{x:.1f}" y2="{TOP + plot_h}" class="grid"/>')
        if year < LAST_YEAR:
            parts.append(f'<text x="{x + 2:.1f}" y="{HEIGHT - 10}" class="tick">{year}</text>')
    for tick in (low, (low + high) / 2, high) if not is_bool else (0.0, 1.0):
        y = y_of(tick)
        parts.append(f'<line x1="{LEFT}" y1="{y:.1f}" x2="{LEFT + plot_w}" y2="{y:.1f}" class="grid"/>')
        text = _format(tick, is_bool)
        parts.append(f'<text x="{LEFT - 6}" y="{y + 4:.1f}" class="tick" text-anchor="end">{text}</text>')
    segments = []
    for index, (x, value) in enumerate(points):
        end = points[index + 1][0] if index + 1 < len(points) else LAST_YEAR
        if value is None or end <= first:
            continue
        x0, x1 = x_of(max(x, first)), x_of(min(end, LAST_YEAR))
        segments.append((x0, x1, y_of(value)))
    path = []
    for index, (x0, x1, y) in enumerate(segments):
        joined = index > 0 and abs(segments[index - 1][1] - x0) < 0.01
        path.append(f"{'L' if joined else 'M'}{x0:.1f},{y:.1f} L{x1:.1f},{y:.1f}")
    parts.append(f'<path d="{" ".join(path)}" class="line"/>')
    previous = None
    for (x0, _, y), value in zip(segments, [v for v in numeric_in_view(points, first)], strict=True):
        parts.append(f'<circle cx="{x0:.1f}" cy="{y:.1f}" r="3" class="dot"/>')
        if value != previous:  # label each change of value
            label_y = y - 6 if y - 6 > TOP + 8 else y + 14
            parts.append(
                f'<text x="{x0 + 4:.1f}" y="{label_y:.1f}" class="vlabel">{_format(value, is_bool)}</text>'
            )
        previous = value
    parts.append("</svg>")
    return "\n".join(parts)
