"""Coalescing of concurrent ``/calculate`` requests in one gevent worker.

A gevent worker runs one greenlet per connection; a computation does not yield, so requests that
arrive while one is computed wait in their sockets. Computing them one by one pays OpenFisca's
fixed cost (about 9 ms a month) each time; computing them together pays it once
(``api/batch.py``). The first request to reach :meth:`Coalescer.calculate` becomes the *leader*:
it yields to the other greenlets (``gevent.sleep(0)``) so that requests already in the worker
read their bodies and join the queue, for at most ``window`` seconds, and stops as soon as nothing
new joined and no other ``/calculate`` request is still reading its body (:meth:`reading`). A lone
request therefore pays at most the window, usually a few microseconds. The leader then computes
the queue with :func:`batch.run_jobs` (only compatible situations share a simulation: same reform
or parameter changes, same months, same spread signature; a failed merged run falls back to each
alone) and wakes the others, each answered with its own answer or its own error.

Without gevent (the Flask test client, sync or gthread workers) each request is computed alone.
"""

from __future__ import annotations

import contextlib
import os
import sys
import time
from collections.abc import Iterator
from typing import Any

from openfisca_core.taxbenefitsystems import TaxBenefitSystem

from openfisca_kz_asp.api import compute
from openfisca_kz_asp.api.batch import Job, run_jobs
from openfisca_kz_asp.contract.schema import MAX_PERSONS

ENVIRONMENT = "OPENFISCA_KZ_ASP_COALESCE_MS"  # the window in milliseconds; 0 turns coalescing off
DEFAULT_WINDOW_MS = 10.0  # 2, 5, 10 and 20 ms measured (docs/api.md §Load): 10 ms gave the best p99 and rate
MAX_JOBS = 64  # situations computed together at most
RECENT_S = 1.0  # a connection that asked within this many seconds is expected to ask again


def window_from_environment(default: float = DEFAULT_WINDOW_MS) -> float:
    """The window in milliseconds from ``OPENFISCA_KZ_ASP_COALESCE_MS`` (``default`` if unset)."""
    raw = os.environ.get(ENVIRONMENT, "").strip()
    if not raw:
        return default
    try:
        value = float(raw)
    except ValueError:
        msg = f"{ENVIRONMENT} must be a number of milliseconds (0 = off), not {raw!r}."
        raise ValueError(msg) from None
    if not 0 <= value <= 50:
        msg = f"{ENVIRONMENT} must be between 0 and 50 ms, not {value}."
        raise ValueError(msg)
    return value


def gevent_active() -> bool:
    """True in a gevent worker (the socket module patched)."""
    monkey = sys.modules.get("gevent.monkey")
    return monkey is not None and bool(monkey.is_module_patched("socket"))


class Coalescer:
    """Per-worker queue of ``/calculate`` jobs computed together (module docstring).

    ``window_ms`` 0 turns it off. ``force`` coalesces even without a patched socket module (tests
    that spawn greenlets themselves).
    """

    def __init__(
        self, window_ms: float = DEFAULT_WINDOW_MS, *, force: bool = False, max_jobs: int = MAX_JOBS
    ):
        self.window = window_ms / 1000
        self.force = force
        self.max_jobs = max_jobs
        self._queue: list[tuple[Job, Any]] = []
        self._collecting = False
        self._reading: set[Any] = set()
        self._seen: dict[Any, float] = {}  # connection greenlet -> when it last asked
        self.batches = 0  # merged computations run (for tests and the benchmark)
        self.jobs = 0

    @property
    def active(self) -> bool:
        return self.window > 0 and (self.force or gevent_active())

    @contextlib.contextmanager
    def reading(self) -> Iterator[None]:
        """Around reading a ``/calculate`` request: a leader waits (up to its window) for it."""
        if not self.active:
            yield
            return
        import gevent  # noqa: PLC0415 - only under gevent

        current = gevent.getcurrent()
        self._reading.add(current)
        try:
            yield
        finally:
            self._reading.discard(current)

    def calculate(
        self,
        system: TaxBenefitSystem,
        situation: Any,
        *,
        lang: str = "en",
        max_persons: int = MAX_PERSONS,
    ) -> dict[str, Any]:
        """What ``compute.calculate`` answers (or raises), computed with concurrent requests."""
        if not self.active:
            return compute.calculate(system, situation, lang=lang, max_persons=max_persons)
        import gevent  # noqa: PLC0415
        from gevent.event import Event  # noqa: PLC0415

        job = Job(system, situation, lang=lang, max_persons=max_persons)
        self._reading.discard(gevent.getcurrent())
        self._seen[gevent.getcurrent()] = time.monotonic()
        if self._collecting and len(self._queue) < self.max_jobs:
            done = Event()
            self._queue.append((job, done))
            done.wait()
        else:
            self._lead(job)
        if job.error is not None:
            raise job.error
        assert job.answer is not None
        return job.answer

    def _expected(self, leader: Any, now: float) -> int:
        """How many requests to wait for: the connections that asked in the last second (a gevent
        worker serves a keep-alive connection in one greenlet), at least those reading a body now."""
        for greenlet, seen in list(self._seen.items()):
            if now - seen > RECENT_S or greenlet.dead:
                del self._seen[greenlet]
        expected = len(self._seen) + len(self._reading - self._seen.keys() - {leader})
        return min(self.max_jobs, max(expected, 1))

    def _lead(self, job: Job) -> None:
        """Gather the requests already in the worker (at most the window), compute, wake them."""
        import gevent  # noqa: PLC0415

        # The leader's own queue: when it is full (max_jobs), the next request leads a new group,
        # which becomes the one others join; this leader computes its own.
        queue: list[tuple[Job, Any]] = [(job, None)]
        self._collecting = True
        self._queue = queue
        now = time.monotonic()
        deadline = now + self.window
        expected = self._expected(gevent.getcurrent(), now)
        try:
            gevent.sleep(0)  # the requests already read by the hub join now
            while len(queue) < expected and time.monotonic() < deadline:
                gevent.sleep(0.0002)
        finally:
            if self._queue is queue:  # no newer group started meanwhile
                self._queue, self._collecting = [], False
        try:
            run_jobs([queued for queued, _ in queue])
        finally:
            self.batches += 1
            self.jobs += len(queue)
            for queued, done in queue:
                if queued.answer is None and queued.error is None:  # run_jobs itself failed
                    queued.error = RuntimeError("the coalesced computation did not answer")
                if done is not None:
                    done.set()


__all__ = ["DEFAULT_WINDOW_MS", "ENVIRONMENT", "Coalescer", "gevent_active", "window_from_environment"]
