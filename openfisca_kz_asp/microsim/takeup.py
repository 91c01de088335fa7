"""Take-up of ASP: expected values, not random draws.

Not every entitled family applies, and conditional assistance needs a signed social contract and
participation in employment measures. Each household entitled to a type of assistance counts
with weight × rate as a recipient (and pays rate × amount); the rest of its weight stays a
non-recipient. Rates are assumptions (see docs/microsim.md), adjustable from Python and the CLI.
The child supplement follows the household's ASP take-up.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

import numpy as np

from openfisca_kz_asp.enums import AspType


@dataclass(frozen=True)
class TakeUp:
    """Share of entitled households that receive ASP, by type (0 to 1)."""

    unconditional: float = 0.90
    conditional: float = 0.70

    def __post_init__(self) -> None:
        for name, value in asdict(self).items():
            if not 0 <= value <= 1:
                msg = f"The take-up rate '{name}' must be between 0 and 1, not {value}."
                raise ValueError(msg)

    def rates(self, asp_type: np.ndarray) -> np.ndarray:
        """The take-up rate of each household from its ``asp_type`` index (0 for none)."""
        table = np.zeros(len(AspType), dtype=np.float64)
        table[AspType.unconditional.index] = self.unconditional
        table[AspType.conditional.index] = self.conditional
        return table[np.asarray(asp_type, dtype=np.int64)]

    def as_dict(self) -> dict[str, float]:
        return asdict(self)


FULL_TAKE_UP = TakeUp(unconditional=1.0, conditional=1.0)
