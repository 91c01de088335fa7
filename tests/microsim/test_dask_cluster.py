"""A Dask cluster started as users start one gives the figures of the local run.

The scheduler and two workers are separate processes launched with Dask's own command line
(``dask scheduler``, ``dask worker ADDRESS``); the simulation only gets the scheduler's address,
from Python (``simulate(engine_name="dask", scheduler=...)``) and from the command line
(``openfisca-kz-asp simulate --engine dask --scheduler ...``). Data: the embedded SYNTHETIC
sample (Parquet files the workers read themselves), cut into four tasks, over one quarter.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest

distributed = pytest.importorskip("distributed")

import openfisca_kz_asp  # noqa: E402
from openfisca_kz_asp.cli import main  # noqa: E402
from openfisca_kz_asp.microsim.dask_cluster import CommandLineCluster  # noqa: E402

KWARGS = {"period": "2024-Q2", "reforms": ["caregiver_threshold_7_years"], "partition_households": 3000}


@pytest.fixture(scope="module")
def scheduler_address(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A scheduler and two single-threaded workers, each its own process, stopped at the end."""
    folder = tmp_path_factory.mktemp("dask-cluster")
    env = dict(os.environ)
    root = str(Path(openfisca_kz_asp.__file__).resolve().parents[1])
    env["PYTHONPATH"] = os.pathsep.join(p for p in (root, env.get("PYTHONPATH", "")) if p)
    with CommandLineCluster(folder, workers=2, env=env) as cluster:
        with distributed.Client(cluster.address, timeout="30s") as client:
            assert len(client.scheduler_info()["workers"]) == 2
            # the preload turned Dask's statistical profiler off (dask_engine.worker_config)
            assert not any(client.run(_profiles).values())
        yield cluster.address


def _profiles(dask_worker: distributed.Worker) -> bool:
    """Whether a worker samples its tasks' stacks (Dask's statistical profiler)."""
    return "profile" in dask_worker.periodic_callbacks


@pytest.mark.slow
def test_cluster_started_from_the_command_line_equals_the_local_run(scheduler_address: str) -> None:
    from openfisca_kz_asp.microsim import simulate  # noqa: PLC0415

    local = simulate(**KWARGS)
    remote = simulate(engine_name="dask", scheduler=scheduler_address, **KWARGS)
    assert remote.summary["engine"] == "dask"
    assert remote.summary["tasks"] == local.summary["tasks"] == 4
    assert remote.summary["input"] == local.summary["input"]
    for name, table in local.tables.items():
        other = remote.tables[name]
        assert list(other.columns) == list(table.columns), name
        np.testing.assert_array_equal(
            other.select_dtypes("number").to_numpy(), table.select_dtypes("number").to_numpy(), err_msg=name
        )
    for key in ("baseline", "reforms"):
        assert remote.summary[key] == local.summary[key], key


@pytest.mark.slow
def test_simulate_command_with_scheduler_equals_local(scheduler_address: str, tmp_path: Path) -> None:
    common = [
        "simulate",
        "--period",
        str(KWARGS["period"]),
        "--reform",
        "caregiver_threshold_7_years",
        "--partition-households",
        str(KWARGS["partition_households"]),
        "--no-html",
    ]
    runs = {}
    for name, extra in (("local", []), ("dask", ["--engine", "dask", "--scheduler", scheduler_address])):
        out = tmp_path / name
        assert main([*common, *extra, "--output", str(out)]) == 0
        runs[name] = json.loads((out / "summary.json").read_text())
    assert runs["dask"]["engine"] == "dask"
    for key in ("input", "baseline", "reforms"):
        assert runs["dask"][key] == runs["local"][key], key
