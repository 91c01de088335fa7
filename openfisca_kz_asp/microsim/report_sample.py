"""The report's section on the SYNTHETIC sample beside official figures, in the report's language.

It renders the tables of :mod:`openfisca_kz_asp.microsim.validation` (the regional check of
recipient families and the calibration targets with their status) for people: regions and targets
by name in kk, ru or en, shares as percentages, units in the headers.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Mapping

import numpy as np
import pandas as pd

from openfisca_kz_asp.microsim.report_texts import number, percent, region_name, text, whole
from openfisca_kz_asp.microsim.validation import OTHER_REGIONS, REGIONAL_MONTH

Table = Callable[..., str]  # the report's table renderer, report._table(headers, rows, **options)


# Calibration target names of synth.py: a kind, then a region or a size or an age band.
_TARGET = re.compile(
    r"^(?:(?P<size>households_size|poor_household_size)_(?P<n>\d+(?:plus)?)"
    r"|age_(?P<lo>\d+)_(?P<hi>\d+)"
    r"|(?P<kind>persons|poor|children|money_income)(?:_(?P<where>[a-z_]+))?)$"
)
_SINGLE = {"pension_age", "female", "disabled", "urban"}


def target_words(target: str, lang: str) -> str:
    """A calibration target in words (its code name when it is not one of synth.py's patterns)."""
    if target in _SINGLE:
        return text(f"tg_{target}", lang)
    match = _TARGET.match(target)
    if match is None:
        return target
    if match["size"]:
        n = match["n"].replace("plus", "+")
        return text(f"tg_{match['size']}", lang, n=n)
    if match["lo"]:
        return text("tg_age", lang, age=f"{match['lo']}–{match['hi']}")
    where = match["where"]
    if where is None:
        where = text("tg_country", lang)
    elif where == "rural":
        where = text("tg_rural", lang)
    else:
        where = region_name(where, lang)
    return text(f"tg_{match['kind']}", lang, where=where)


def _region(code: str, lang: str) -> str:
    if code == OTHER_REGIONS:
        return text("sc_other", lang)
    if code == "total":
        return text("sc_total", lang)
    return region_name(code, lang)


def _regional_html(frame: pd.DataFrame, lang: str, table: Table) -> str:
    a = frame.attrs
    heading = text("sc_regional_h", lang, month=str(a.get("month", REGIONAL_MONTH)))
    words = text(
        "sc_regional_p",
        lang,
        error=number(100 * a["error_sum"], 1, lang),
        bound=number(100 * a["bound"], 0, lang),
        goal=number(100 * a["goal"], 0, lang),
        largest=region_name(a["largest_region"], lang),
    )
    headers = [text(k, lang) for k in ("sc_region", "sc_sim_families", "sc_sim_share")]
    headers += [text(k, lang) for k in ("sc_off_families", "sc_off_share", "sc_diff")]
    rows = [
        [
            _region(r.region, lang),
            whole(r.simulated_families, lang),
            percent(r.simulated_share, lang, digits=1),
            whole(r.official_families, lang),
            percent(r.official_share, lang, digits=1),
            number(100 * (r.simulated_share - r.official_share), 1, lang, sign=True)
            if np.isfinite(r.abs_share_error)
            else "—",
        ]
        for r in frame.itertuples()
    ]
    return f"<h3>{html.escape(heading)}</h3><p>{html.escape(words)}</p>" + table(headers, rows)


def _targets_html(frame: pd.DataFrame, lang: str, table: Table) -> str:
    counts = ", ".join(f"{k}: {v}" for k, v in frame.attrs.get("counts", {}).items())
    keys = ("sc_target", "sc_status", "sc_value", "sc_calibrated", "sc_ratio", "sc_source")
    rows = [
        [
            target_words(str(r.target), lang),
            str(r.status),
            number(float(r.value), 2 if abs(float(r.value)) < 10 else 0, lang),
            number(float(r.calibrated), 2 if abs(float(r.calibrated)) < 10 else 0, lang),
            number(float(r.ratio), 3, lang),
            str(r.source),
        ]
        for r in frame.itertuples()
    ]
    return (
        f"<h3>{html.escape(text('sc_targets_h', lang))}</h3>"
        f"<p>{html.escape(text('sc_targets_p', lang, counts=counts))}</p>"
        + table([text(k, lang) for k in keys], rows, text_columns=(0, 1, 5))
    )


def sample_html(tables: Mapping[str, pd.DataFrame], lang: str, table: Table) -> str:
    """The section's HTML: the regional check and the calibration targets that ``tables`` has.

    ``table(headers, rows)``: the report's table renderer (so that the section looks like the rest).
    """
    parts = [f"<p>{html.escape(text('sc_intro', lang))}</p>"]
    regional = tables.get("validation_regional_2023_08")
    if regional is not None:
        parts.append(_regional_html(regional, lang, table))
    targets = tables.get("calibration_targets")
    if targets is not None:
        parts.append(_targets_html(targets, lang, table))
    return "".join(parts)


__all__ = ["sample_html", "target_words"]
