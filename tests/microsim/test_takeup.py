"""Take-up is applied as expected values: weight × rate, by type."""

from __future__ import annotations

import numpy as np
import pytest

from openfisca_kz_asp.enums import AspType
from openfisca_kz_asp.microsim import TakeUp


def test_rates_by_type() -> None:
    take_up = TakeUp(unconditional=0.9, conditional=0.6)
    kinds = np.array([AspType.none.index, AspType.unconditional.index, AspType.conditional.index])
    assert take_up.rates(kinds).tolist() == [0.0, 0.9, 0.6]


def test_expected_cost_is_weight_times_rate_times_amount() -> None:
    # two households of weight 10 and 30 entitled to 1,000 (unconditional) and 2,000 (conditional):
    # expected cost 10 × 0.9 × 1,000 + 30 × 0.6 × 2,000 = 9,000 + 36,000 = 45,000
    take_up = TakeUp(unconditional=0.9, conditional=0.6)
    kinds = np.array([AspType.unconditional.index, AspType.conditional.index])
    cost = np.sum(np.array([10.0, 30.0]) * take_up.rates(kinds) * np.array([1000.0, 2000.0]))
    assert cost == pytest.approx(45_000)


@pytest.mark.parametrize("value", [-0.1, 1.5])
def test_rates_must_be_shares(value: float) -> None:
    with pytest.raises(ValueError, match="between 0 and 1"):
        TakeUp(unconditional=value)


def test_full_take_up_equals_full_entitlement(tiny_frames) -> None:
    from openfisca_kz_asp.microsim import simulate, validate_frames  # noqa: PLC0415

    results = simulate(validate_frames(*tiny_frames), period="2024-05", take_up=TakeUp(1.0, 1.0))
    base = results.summary["baseline"]
    assert base["cost_annual"] == pytest.approx(base["cost_annual_full_entitlement"])
    assert base["recipient_households"] == pytest.approx(310)  # 100 + 200 + 10
