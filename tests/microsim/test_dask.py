"""The Dask engine gives the same figures as the single-process run (embedded SYNTHETIC sample)."""

from __future__ import annotations

import numpy as np
import pytest

distributed = pytest.importorskip("distributed")


@pytest.mark.slow
def test_dask_equals_local_on_the_synthetic_sample() -> None:
    from openfisca_kz_asp.microsim import simulate  # noqa: PLC0415

    kwargs = {"period": "2024-Q2", "reforms": ["caregiver_threshold_7_years", "poverty_line_share:0.8"]}
    local = simulate(partition_households=5000, **kwargs)
    with distributed.LocalCluster(
        n_workers=1, threads_per_worker=2, processes=False, dashboard_address=None
    ) as cluster:
        remote = simulate(
            engine_name="dask", scheduler=cluster.scheduler_address, partition_households=5000, **kwargs
        )
    assert remote.summary["input"] == local.summary["input"]
    assert remote.summary["data_is_synthetic"] is True
    for name, table in local.tables.items():
        other = remote.tables[name]
        assert list(other.columns) == list(table.columns)
        np.testing.assert_array_equal(
            other.select_dtypes("number").to_numpy(), table.select_dtypes("number").to_numpy(), err_msg=name
        )
    # and the same as one partition, up to float64 summation order
    single = simulate(**kwargs)
    assert single.summary["baseline"]["cost_annual"] == pytest.approx(
        local.summary["baseline"]["cost_annual"], rel=1e-12
    )
