"""Budget impact of ASP on survey microdata: load, synthesise, simulate, report.

The main entry point is :func:`simulate`; see docs/microsim.md.
"""

from __future__ import annotations

from openfisca_kz_asp.microsim.api import EMBEDDED_SAMPLE, simulate
from openfisca_kz_asp.microsim.loader import Microdata, MicrodataError, load, validate_frames
from openfisca_kz_asp.microsim.results import Results
from openfisca_kz_asp.microsim.takeup import TakeUp

__all__ = [
    "EMBEDDED_SAMPLE",
    "Microdata",
    "MicrodataError",
    "Results",
    "TakeUp",
    "load",
    "simulate",
    "validate_frames",
]
