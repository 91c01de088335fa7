"""The Dask engine gives the same figures as the single-process run (embedded SYNTHETIC sample)."""

from __future__ import annotations

from typing import Any

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


@pytest.mark.slow
def test_default_local_cluster_equals_local() -> None:
    """``engine_name="dask"`` without a scheduler: the cluster of 2 worker processes ``simulate``
    starts itself and stops."""
    from openfisca_kz_asp.microsim import simulate  # noqa: PLC0415

    kwargs = {"period": "2024-05", "reforms": ["caregiver_threshold_7_years"], "partition_households": 4000}
    local = simulate(**kwargs)
    remote = simulate(engine_name="dask", **kwargs)
    assert remote.summary["tasks"] == local.summary["tasks"] > 2
    for key in ("input", "baseline", "reforms"):
        assert remote.summary[key] == local.summary[key], key
    for name, table in local.tables.items():
        np.testing.assert_array_equal(
            remote.tables[name].select_dtypes("number").to_numpy(),
            table.select_dtypes("number").to_numpy(),
            err_msg=name,
        )


@pytest.mark.slow
def test_default_local_cluster_workers_run_without_dasks_profiler() -> None:
    """Dask's statistical profiler walks a task's stack 100 times a second (dask_engine.worker_config):
    the default local cluster's workers, which have no dashboard to show it, run without it."""
    from openfisca_kz_asp.microsim.dask_engine import _client  # noqa: PLC0415

    client, cluster = _client(None)
    try:
        assert not any(client.run(_profiles).values())
    finally:
        client.close()
        assert cluster is not None
        cluster.close()


def _profiles(dask_worker: Any) -> bool:
    return "profile" in dask_worker.periodic_callbacks


@pytest.mark.slow
def test_a_script_without_a_main_guard_gets_a_clear_error(tmp_path) -> None:
    """The default local cluster's workers import the calling script again; a script that calls
    simulate(engine_name="dask") at its top level gets one clear error, not a worker's traceback."""
    import subprocess  # noqa: PLC0415
    import sys  # noqa: PLC0415

    script = tmp_path / "unguarded.py"
    script.write_text(
        "from openfisca_kz_asp.microsim import simulate\n"
        "try:\n"
        "    simulate(period='2024-05', engine_name='dask')\n"
        "except ValueError as error:\n"
        "    print('ERROR:', error)\n",
        encoding="utf-8",
    )
    run = subprocess.run(
        [sys.executable, str(script)], capture_output=True, text=True, timeout=180, check=False, cwd=tmp_path
    )
    assert "ERROR: The local Dask cluster's worker processes did not start" in run.stdout
    assert 'if __name__ == "__main__":' in run.stdout
    assert "bootstrapping phase" not in run.stderr
