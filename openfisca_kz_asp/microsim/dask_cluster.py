"""A Dask cluster started as users start one: ``dask scheduler`` and ``dask worker ADDRESS``.

For the tests and benchmarks that check the Dask engine against a cluster it did not start itself
(docs/microsim.md §7). A user's own cluster is started the same way from a shell::

    dask scheduler --scheduler-file scheduler.json &
    dask worker tcp://HOST:8786 --nworkers 1 --nthreads 1 \
        --preload openfisca_kz_asp.microsim.dask_worker &        # once per worker

and given to ``openfisca-kz-asp simulate --engine dask --scheduler tcp://HOST:8786``.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path
from types import TracebackType

from openfisca_kz_asp.microsim.dask_engine import PRELOAD

STOP_SECONDS = 20  # a process that has not stopped after terminate() by then is killed


def dask_command(*args: str) -> list[str]:
    """The ``dask`` command of this environment (``python -m dask`` where no script is installed)."""
    script = Path(sys.executable).parent / "dask"
    return [str(script), *args] if script.exists() else [sys.executable, "-m", "dask", *args]


class CommandLineCluster:
    """A scheduler on 127.0.0.1 and ``workers`` single-threaded workers, each its own process, their
    logs in ``folder``; ``address`` is the scheduler's. Use as a context manager, or ``close()``."""

    def __init__(
        self,
        folder: Path,
        *,
        workers: int = 2,
        env: dict[str, str] | None = None,
        timeout: float = 90.0,
    ) -> None:
        self.folder = folder
        self.env = env
        self.processes: list[subprocess.Popen[bytes]] = []
        scheduler_file = folder / "scheduler.json"
        try:
            self._start(
                "scheduler",
                [
                    "--host",
                    "127.0.0.1",
                    "--port",
                    "0",
                    "--no-dashboard",
                    "--scheduler-file",
                    str(scheduler_file),
                ],
                "scheduler.log",
            )
            deadline = time.monotonic() + timeout
            while not scheduler_file.exists() or not scheduler_file.read_text().strip():
                if self.processes[0].poll() is not None or time.monotonic() > deadline:
                    log = (folder / "scheduler.log").read_text()
                    raise RuntimeError(f"the dask scheduler did not start:\n{log}")
                time.sleep(0.2)
            self.address: str = json.loads(scheduler_file.read_text())["address"]
            for k in range(workers):
                worker = [self.address, "--nworkers", "1", "--nthreads", "1", "--no-dashboard"]
                worker += ["--preload", PRELOAD]  # the package imported before the first task
                self._start("worker", worker, f"worker{k}.log")
            from distributed import Client  # noqa: PLC0415

            with Client(self.address, timeout="30s") as client:
                client.wait_for_workers(workers, timeout=timeout)
        except BaseException:
            self.close()
            raise

    def _start(self, command: str, args: list[str], log: str) -> None:
        with (self.folder / log).open("wb") as out:
            self.processes.append(
                subprocess.Popen(
                    dask_command(command, *args),
                    env=self.env,
                    cwd=self.folder,
                    stdout=out,
                    stderr=subprocess.STDOUT,
                )
            )

    def close(self) -> None:
        """Stop the workers, then the scheduler."""
        for process in reversed(self.processes):
            if process.poll() is None:
                process.terminate()
                try:
                    process.wait(timeout=STOP_SECONDS)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait()

    def __enter__(self) -> CommandLineCluster:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        self.close()


__all__ = ["CommandLineCluster", "dask_command"]
