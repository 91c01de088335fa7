"""Coalescing of concurrent /calculate and /batch requests (``api/coalesce.py``): requests that reach
a worker together are computed in one simulation, and each gets exactly what it gets alone — its
answer, its warnings, or its own error — over random mixes of families, months, reforms and invalid
ones."""

from __future__ import annotations

import argparse
import copy
import sys
import time
from pathlib import Path
from typing import Any

import gevent
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from openfisca_kz_asp.api import compute
from openfisca_kz_asp.api.batch import Job, run_jobs
from openfisca_kz_asp.api.coalesce import Coalescer, window_from_environment
from openfisca_kz_asp.cli import UserError
from openfisca_kz_asp.cli.serve import options, register
from openfisca_kz_asp.reform_registry import system_with_reform
from openfisca_kz_asp.situation_examples import EXAMPLES

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _families import family

REFORMS = [None, "poverty_line_share:0.8", "child_supplement_mrp:3"]


def _outcome(run: Any) -> Any:
    """The answer, or the error as /calculate would answer it (its type and error list)."""
    try:
        return run()
    except Exception as error:
        return (type(error).__name__, getattr(error, "errors", str(error)))


def _concurrently(coalescer: Coalescer, requests: list[tuple[Any, Any, str]]) -> list[Any]:
    """Each request in its own greenlet, all started together, as a gevent worker runs them."""
    greenlets = [
        gevent.spawn(_outcome, lambda s=system, b=body, lang=lang: coalescer.calculate(s, b, lang=lang))
        for system, body, lang in requests
    ]
    gevent.joinall(greenlets, raise_error=True)
    return [greenlet.value for greenlet in greenlets]


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large]
)
@given(
    mix=st.lists(
        st.tuples(family(), st.sampled_from(REFORMS), st.sampled_from(["en", "ru", "kk"])),
        min_size=1,
        max_size=10,
    )
)
def test_coalesced_answers_equal_lone_answers(tbs, mix):
    requests = [
        (system_with_reform(tbs, reform) if reform else tbs, body, lang) for body, reform, lang in mix
    ]
    alone = [
        _outcome(lambda s=system, b=body, lang=lang: compute.calculate(s, copy.deepcopy(b), lang=lang))
        for system, body, lang in requests
    ]
    coalescer = Coalescer(5, force=True)
    together = _concurrently(coalescer, [(s, copy.deepcopy(b), lang) for s, b, lang in requests])
    assert together == alone
    assert coalescer.jobs == len(requests)
    assert coalescer.batches <= len(requests)


@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large]
)
@given(
    requests=st.lists(
        st.tuples(
            st.lists(family(), min_size=1, max_size=6),
            st.sampled_from(REFORMS),
            st.sampled_from(["en", "ru", "kk"]),
            st.booleans(),
        ),
        min_size=1,
        max_size=5,
    )
)
def test_coalesced_batches_equal_lone_batches(tbs, requests):
    """``Coalescer.run`` of the jobs of concurrent /batch requests (and single /calculate ones)
    answers each job as ``batch.run_jobs`` answers its request's jobs alone: the same answer, or
    the same error, for every situation of every request."""

    def jobs_of(situations: list[dict], reform: str | None, lang: str) -> list[Job]:
        system = system_with_reform(tbs, reform) if reform else tbs
        return [Job(system, copy.deepcopy(situation), lang=lang) for situation in situations]

    def outcomes(jobs: list[Job]) -> list[Any]:
        return [
            job.answer if job.error is None else (type(job.error).__name__, getattr(job.error, "errors", ""))
            for job in jobs
        ]

    alone = []
    for situations, reform, lang, _ in requests:
        jobs = jobs_of(situations, reform, lang)
        run_jobs(jobs)
        alone.append(outcomes(jobs))
    coalescer = Coalescer(5, force=True)
    together = [jobs_of(situations, reform, lang) for situations, reform, lang, _ in requests]
    greenlets = [
        gevent.spawn(coalescer.run, jobs, wait_for_recent=recent)
        for jobs, (_, _, _, recent) in zip(together, requests, strict=True)
    ]
    gevent.joinall(greenlets, raise_error=True)
    assert [outcomes(jobs) for jobs in together] == alone
    assert coalescer.jobs == sum(len(situations) for situations, *_ in requests)
    assert coalescer.batches <= len(requests)


def test_a_group_holds_at_most_max_situations(tbs):
    """Requests whose situations would make the group too large start a group of their own."""
    bodies = _single_mothers_earning(0, 50_000, 100_000, 150_000, 400_000)
    alone = [compute.calculate(tbs, copy.deepcopy(b)) for b in bodies]
    coalescer = Coalescer(50, force=True, max_situations=3)
    requests = [[Job(tbs, copy.deepcopy(body)) for body in bodies[:2]], [Job(tbs, copy.deepcopy(bodies[2]))]]
    requests.append([Job(tbs, copy.deepcopy(body)) for body in bodies[3:]])
    with gevent.Timeout(30):
        gevent.joinall([gevent.spawn(coalescer.run, jobs) for jobs in requests], raise_error=True)
    assert [job.answer for jobs in requests for job in jobs] == alone
    assert (coalescer.batches, coalescer.jobs) == (2, 5)


def _single_mothers_earning(*wages: int) -> list[dict]:
    """The single mother of the examples, once per monthly wage (in October–December 2023)."""
    bodies = []
    for wage in wages:
        body = copy.deepcopy(EXAMPLES["single_mother_two_children"])
        body["persons"]["mother"]["wage_income"] = {"month:2023-10:3": wage * 3}
        bodies.append(body)
    return bodies


def test_concurrent_requests_share_one_simulation(tbs):
    bodies = _single_mothers_earning(0, 50_000, 100_000, 150_000, 400_000)
    alone = [compute.calculate(tbs, copy.deepcopy(b)) for b in bodies]
    coalescer = Coalescer(5, force=True)
    assert _concurrently(coalescer, [(tbs, b, "en") for b in bodies]) == alone
    assert (coalescer.batches, coalescer.jobs) == (1, 5)


def test_one_error_does_not_touch_the_others(tbs):
    good = copy.deepcopy(EXAMPLES["couple_three_children"])
    bad = copy.deepcopy(good)
    bad["persons"][next(iter(bad["persons"]))]["age"] = {"2024-03": -1}
    results = _concurrently(Coalescer(5, force=True), [(tbs, copy.deepcopy(good), "en"), (tbs, bad, "en")])
    assert results[0] == compute.calculate(tbs, copy.deepcopy(good))
    assert results[1][0] == "SituationError"


def test_a_lone_request_does_not_wait_the_window(tbs):
    """A client alone (no other connection asked lately) is computed at once, not after the window."""
    body = copy.deepcopy(EXAMPLES["pensioner_living_alone"])
    expected = compute.calculate(tbs, copy.deepcopy(body))
    started = time.perf_counter()
    compute.calculate(tbs, copy.deepcopy(body))
    alone = time.perf_counter() - started
    coalescer = Coalescer(300, force=True)
    started = time.perf_counter()
    [answer] = _concurrently(coalescer, [(tbs, body, "en")])
    assert answer == expected
    assert time.perf_counter() - started < alone + 0.2  # the window is 0.3 s
    assert coalescer.batches == 1


def test_off_without_gevent_or_with_window_0(tbs):
    assert not Coalescer(5).active  # the test process does not patch the socket module
    assert not Coalescer(0, force=True).active


def test_window_from_environment(monkeypatch):
    monkeypatch.setenv("OPENFISCA_KZ_ASP_COALESCE_MS", "0")
    assert window_from_environment() == 0
    monkeypatch.setenv("OPENFISCA_KZ_ASP_COALESCE_MS", "fast")
    with pytest.raises(ValueError, match="milliseconds"):
        window_from_environment()


def test_serve_option_is_checked():
    parser = argparse.ArgumentParser()
    register(parser.add_subparsers())
    assert options(parser.parse_args(["serve", "--coalesce-ms", "0"]))["workers"] >= 1
    with pytest.raises(UserError, match="coalesce-ms"):
        options(parser.parse_args(["serve", "--coalesce-ms", "80"]))


def test_more_requests_than_a_group_holds(tbs):
    """Requests beyond ``max_jobs`` form groups of their own; every request is answered (a leader
    that started while another was still gathering took over the other's queue, whose requests
    then waited for ever)."""
    bodies = _single_mothers_earning(0, 50_000, 100_000, 150_000, 400_000)
    alone = [compute.calculate(tbs, copy.deepcopy(b)) for b in bodies]
    coalescer = Coalescer(50, force=True, max_jobs=2)
    with gevent.Timeout(30):
        together = _concurrently(coalescer, [(tbs, b, "en") for b in bodies])
    assert together == alone
    assert coalescer.jobs == 5
    assert coalescer.batches == 3
