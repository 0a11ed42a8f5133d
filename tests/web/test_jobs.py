"""The job queue: durable records, one job at a time, limits, cancellation, bounded history."""

from __future__ import annotations

import threading
import time
import tracemalloc
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine

from swpolicy.errors import InputError, Issue, UsageError
from swpolicy.web.db import create_engine, migrate
from swpolicy.web.jobs import Busy, Job, JobManager
from swpolicy.web.store import Conflict

FINISHED = ("done", "failed", "cancelled", "interrupted")


@pytest.fixture
def engine(tmp_path: Path) -> Engine:
    engine = create_engine(f"sqlite:///{tmp_path / 'jobs.db'}")
    migrate(engine)
    return engine


def settle(manager: JobManager, job_id: str, timeout: float = 10) -> Job:
    deadline = time.monotonic() + timeout
    while (job := manager.get(job_id)) is None or job.status not in FINISHED:
        assert time.monotonic() < deadline, job
        time.sleep(0.01)
    return job


def test_jobs_run_one_at_a_time_in_order(engine: Engine) -> None:
    gate = threading.Event()

    def slow(request: dict[str, Any], job: Job) -> int:
        assert gate.wait(10)
        return int(request["n"])

    manager = JobManager({"simulation": slow}, engine)
    first = manager.submit("simulation", {"n": 1}, 10)
    second = manager.submit("simulation", {"n": 2}, 10)
    time.sleep(0.05)
    assert (first.status, second.status) == ("running", "queued")
    # Both are in the database before anything ran: a new manager would see them.
    assert {j.id for j in manager.records.unfinished()} == {first.id, second.id}
    gate.set()
    assert settle(manager, second.id).run_id == 2
    assert settle(manager, first.id).run_id == 1
    manager.shutdown()


def test_stages_errors_and_reports(engine: Engine) -> None:
    def staged(request: dict[str, Any], job: Job) -> Path:
        tick = job.start_stage("first", 4)
        tick(2)
        assert job.as_dict()["progress"] == 0.5
        assert job.as_dict()["stage"] == "first"
        return Path("/tmp/x/index.html")

    def bad_input(request: dict[str, Any], job: Job) -> int:
        raise InputError([Issue("request", 2, 3, "laws", "no such law")])

    def bad_usage(request: dict[str, Any], job: Job) -> int:
        raise UsageError("give at least one law")

    manager = JobManager({"report": staged, "a": bad_input, "b": bad_usage}, engine)
    report = settle(manager, manager.submit("report", {}, 1).id)
    assert report.as_dict()["report_url"] == f"/api/reports/{report.id}/index.html"
    failed = settle(manager, manager.submit("a", {}, 1).id)
    assert failed.error == "1 problem(s) found"
    assert failed.issues[0]["field"] == "laws"
    usage = settle(manager, manager.submit("b", {}, 1).id)
    assert usage.error == "give at least one law"
    manager.shutdown()


def test_restart_resumes_queued_and_interrupts_running(engine: Engine) -> None:
    gate = threading.Event()

    def blocked(request: dict[str, Any], job: Job) -> int:
        gate.wait(5)
        return 7

    old = JobManager({"simulation": blocked}, engine)
    running = old.submit("simulation", {}, 1)
    queued = old.submit("simulation", {}, 1)
    time.sleep(0.05)
    # The old worker is abandoned (as with a crash); a new manager reads the records.
    new = JobManager({"simulation": lambda request, job: 3}, engine)
    assert settle(new, queued.id).run_id == 3
    interrupted = new.get(running.id)
    assert interrupted is not None and interrupted.status == "interrupted"
    assert interrupted.as_dict()["retry_url"] == f"/api/jobs/{running.id}/retry"
    new.retry(running.id)
    assert settle(new, running.id).run_id == 3
    gate.set()
    old.shutdown()
    new.shutdown()


def test_cancel_queued_and_running_jobs(engine: Engine) -> None:
    started = threading.Event()

    def loop(request: dict[str, Any], job: Job) -> int:
        started.set()
        for _ in range(1000):
            job.tick(1)
            time.sleep(0.01)
        return 1

    manager = JobManager({"simulation": loop}, engine)
    running = manager.submit("simulation", {}, 1000)
    queued = manager.submit("simulation", {}, 1000)
    assert started.wait(5)
    assert manager.cancel(queued.id).status == "cancelled"
    manager.cancel(running.id)
    assert settle(manager, running.id).status == "cancelled"
    assert manager.get(queued.id).status == "cancelled"  # type: ignore[union-attr]
    with pytest.raises(Conflict):
        manager.cancel(running.id)
    manager.shutdown()


def test_queue_limits_total_per_client_and_reports(engine: Engine) -> None:
    gate = threading.Event()
    manager = JobManager(
        {"simulation": lambda r, j: int(gate.wait(10)), "report": lambda r, j: 1},
        engine,
        max_active=4,
        max_per_client=2,
        max_reports=1,
    )
    manager.submit("simulation", {}, 1, client="a")
    manager.submit("simulation", {}, 1, client="a")
    with pytest.raises(Busy, match="limit per client is 2"):
        manager.submit("simulation", {}, 1, client="a")
    manager.submit("report", {}, 1, client="b")
    with pytest.raises(Busy, match="report builds"):
        manager.submit("report", {}, 1, client="c")
    manager.submit("simulation", {}, 1, client="c")
    with pytest.raises(Busy, match="limit is 4") as caught:
        manager.submit("simulation", {}, 1, client="d")
    assert caught.value.retry_after > 0
    gate.set()
    manager.shutdown()


def test_memory_and_history_stay_bounded_with_1000_finished_jobs(engine: Engine) -> None:
    manager = JobManager(
        {"simulation": lambda request, job: 1},
        engine,
        max_finished=1000,
        max_active=100,
        max_per_client=100,
    )
    tracemalloc.start()
    ids = [manager.submit("simulation", {"n": i}, 1).id for i in range(40)]
    settle(manager, ids[-1])
    before = tracemalloc.get_traced_memory()[0]
    for i in range(1040):
        last = manager.submit("simulation", {"n": i}, 1, client=str(i % 7)).id
        if i % 40 == 39:
            settle(manager, last)
    settle(manager, last)
    grown = tracemalloc.get_traced_memory()[0] - before
    tracemalloc.stop()
    assert manager.active == {}  # finished jobs are not held in memory
    assert manager.records.count() == 1000  # the oldest finished records were deleted
    assert manager.get(ids[0]) is None and manager.get(last) is not None
    assert grown < 2_000_000, grown
    manager.shutdown()
