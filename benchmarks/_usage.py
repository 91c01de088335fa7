"""Memory and CPU of a process and its children during a benchmark (bench_dask, bench_microsim)."""

from __future__ import annotations

import threading

import psutil


def _usage(processes: list[psutil.Process], cpu: dict[int, float]) -> float:
    """Memory of processes and their descendants now, GiB: the proportional set size (a page shared
    by n processes counts 1/n in each: forked workers share their fork server's pages), else the
    resident size. Records each process's CPU seconds so far (user + system) in ``cpu``."""
    total = 0
    seen = set()
    for root in processes:
        try:
            family = [root, *root.children(recursive=True)]
        except psutil.Error:
            continue
        for p in family:
            if p.pid in seen:
                continue
            seen.add(p.pid)
            try:
                with p.oneshot():
                    info = p.memory_full_info()
                    times = p.cpu_times()
            except psutil.Error:
                continue
            total += getattr(info, "pss", info.rss)
            cpu[p.pid] = times.user + times.system
    return total / 1024**3


class Usage:
    """The largest summed memory (PSS, see _usage) of processes and their children, and the CPU
    seconds they used, sampled every 0.2 s in a thread (a process that ends between two samples
    loses its last 0.2 s at most). CPU seconds do not depend on what else the machine runs as much
    as wall time does: they tell two revisions apart on a busy machine."""

    def __init__(self, processes: list[psutil.Process]) -> None:
        self.processes, self.peak = processes, 0.0
        self._before: dict[int, float] = {}
        _usage(processes, self._before)  # CPU seconds already used by processes started before
        self._cpu = dict(self._before)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.is_set():
            self.peak = max(self.peak, _usage(self.processes, self._cpu))
            self._stop.wait(0.2)

    def stop(self) -> tuple[float, float]:
        """(peak GiB, CPU seconds used since the start)."""
        self._stop.set()
        self._thread.join()
        _usage(self.processes, self._cpu)
        return self.peak, sum(v - self._before.get(pid, 0.0) for pid, v in self._cpu.items())
