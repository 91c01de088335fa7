"""The family's ASP computed per family equals the sum of the members' amounts (Law 246-II Art. 4 p.1).

``asp_amount`` multiplies the members' one amount by the members counted when every member counted
gets the same amount (variables/amount/asp_amount.py, a speed path), and otherwise sums
``asp_person_amount`` over the members, the reading of Art. 4 p.1 («назначается каждому члену
семьи»). The two must agree on every family; a change to the per-member rule that the fast path does
not follow fails here, on the 12,000 households of the embedded SYNTHETIC sample, in months under
each set of rules (2018, the 2019 child rule, the regional line of 2023, the 2025 median branch).
"""

from __future__ import annotations

import numpy as np
import pytest
from openfisca_core import periods

from openfisca_kz_asp.microsim import EMBEDDED_SAMPLE, build, engine, load


@pytest.fixture(scope="module")
def inputs():
    return build.prepare(load(EMBEDDED_SAMPLE))


@pytest.mark.parametrize("month", ["2018-05", "2019-05", "2019-11", "2023-08", "2025-10"])
def test_family_amount_is_the_sum_of_the_members_amounts(inputs, month: str) -> None:
    period = periods.period(month)
    simulation = build.new_simulation(engine.system(), inputs, period)
    family = simulation.calculate("asp_amount", period)
    members = simulation.calculate("asp_person_amount", period)
    summed = np.bincount(inputs.person_household, weights=members, minlength=inputs.n_households)
    assert (family > 0).sum() > 50  # the month has recipients to compare
    np.testing.assert_allclose(family, summed, rtol=0, atol=1e-3)
