"""Coalescing of concurrent ``/calculate`` and ``/batch`` requests in one gevent worker.

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

A ``/batch`` request joins the same queue with all its situations (:meth:`Coalescer.run`): the
situations of concurrent ``/batch`` requests, and of ``/calculate`` ones, share a simulation when
they are compatible, so OpenFisca's fixed cost (most of a 200-family request's computation) is paid
once for them all. At most ``MAX_JOBS`` requests and ``MAX_SITUATIONS`` situations are computed
together; a request that would go beyond starts a group of its own.

Without gevent (the Flask test client, sync or gthread workers) each request is computed alone.
"""

from __future__ import annotations

import contextlib
import os
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from openfisca_core.taxbenefitsystems import TaxBenefitSystem

from openfisca_kz_asp.api import compute
from openfisca_kz_asp.api.batch import Job, run_jobs
from openfisca_kz_asp.contract.schema import MAX_PERSONS

ENVIRONMENT = "OPENFISCA_KZ_ASP_COALESCE_MS"  # the window in milliseconds; 0 turns coalescing off
DEFAULT_WINDOW_MS = 10.0  # 2, 5, 10 and 20 ms measured (docs/api.md §Load): 10 ms gave the best p99 and rate
MAX_JOBS = 64  # requests computed together at most
MAX_SITUATIONS = 2000  # situations computed together at most (two /batch requests of 1,000 can meet)
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
        self,
        window_ms: float = DEFAULT_WINDOW_MS,
        *,
        force: bool = False,
        max_jobs: int = MAX_JOBS,
        max_situations: int = MAX_SITUATIONS,
    ):
        self.window = window_ms / 1000
        self.force = force
        self.max_jobs = max_jobs
        self.max_situations = max_situations
        self._queue: list[_Entry] = []
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
        job = Job(system, situation, lang=lang, max_persons=max_persons)
        self.run([job])
        if job.error is not None:
            raise job.error
        assert job.answer is not None
        return job.answer

    def run(self, jobs: list[Job], *, wait_for_recent: bool = True) -> None:
        """``batch.run_jobs(jobs)`` (each job answered or given its error), computed with the jobs of
        concurrent requests: a ``/calculate`` request's one job, a ``/batch`` request's many. Raises
        when the computation of the group failed as a whole (a bug: each request then fails as it
        would alone). When it leads a group, it waits (at most the window) for the connections that
        asked lately (``wait_for_recent``), else only for those reading a request now."""
        if not self.active:
            run_jobs(jobs)
            return
        import gevent  # noqa: PLC0415
        from gevent.event import Event  # noqa: PLC0415

        self._reading.discard(gevent.getcurrent())
        self._seen[gevent.getcurrent()] = time.monotonic()
        entry = _Entry(jobs, None)
        if (
            self._collecting
            and len(self._queue) < self.max_jobs
            and sum(len(queued.jobs) for queued in self._queue) + len(jobs) <= self.max_situations
        ):
            entry.done = Event()
            self._queue.append(entry)
            entry.done.wait()
        else:
            self._lead(entry, wait_for_recent=wait_for_recent)
        if entry.failed:
            msg = "the coalesced computation did not answer"
            raise RuntimeError(msg)

    def _expected(self, leader: Any, now: float) -> int:
        """How many requests to wait for: the connections that asked in the last second (a gevent
        worker serves a keep-alive connection in one greenlet), at least those reading a body now."""
        for greenlet, seen in list(self._seen.items()):
            if now - seen > RECENT_S or greenlet.dead:
                del self._seen[greenlet]
        expected = len(self._seen) + len(self._reading - self._seen.keys() - {leader})
        return min(self.max_jobs, max(expected, 1))

    def _lead(self, entry: _Entry, *, wait_for_recent: bool) -> None:
        """Gather the requests already in the worker (at most the window), compute, wake them."""
        import gevent  # noqa: PLC0415

        # The leader's own queue: when it is full (max_jobs), the next request leads a new group,
        # which becomes the one others join; this leader computes its own.
        queue: list[_Entry] = [entry]
        self._collecting = True
        self._queue = queue
        now = time.monotonic()
        deadline = now + self.window
        current = gevent.getcurrent()
        expected = self._expected(current, now)
        try:
            gevent.sleep(0)  # the requests already read by the hub join now
            while wait_for_recent and len(queue) < expected and time.monotonic() < deadline:
                gevent.sleep(0.0002)
        finally:
            if self._queue is queue:  # no newer group started meanwhile
                self._queue, self._collecting = [], False
        try:
            run_jobs([job for queued in queue for job in queued.jobs])
        finally:
            self.batches += 1
            for queued in queue:
                self.jobs += len(queued.jobs)
                queued.failed = any(job.answer is None and job.error is None for job in queued.jobs)
                if queued.done is not None:
                    queued.done.set()


@dataclass
class _Entry:
    """One request's jobs in a coalescing queue, and the event that wakes it once computed."""

    jobs: list[Job]
    done: Any  # gevent.event.Event, None for the leader's own
    failed: bool = False  # the group's computation did not answer them (run_jobs raised)


__all__ = ["DEFAULT_WINDOW_MS", "ENVIRONMENT", "Coalescer", "gevent_active", "window_from_environment"]
