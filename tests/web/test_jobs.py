"""The job queue: one job at a time, stages, errors, and bounded memory."""

from __future__ import annotations

import threading
import time
from pathlib import Path
from typing import Any

from swpolicy.errors import InputError, Issue, UsageError
from swpolicy.web.jobs import Job, JobManager


def settle(manager: JobManager, job: Job, timeout: float = 10) -> Job:
    deadline = time.monotonic() + timeout
    while job.status not in ("done", "failed"):
        assert time.monotonic() < deadline, job
        time.sleep(0.01)
    return job


def test_jobs_run_one_at_a_time_in_order() -> None:
    gate = threading.Event()

    def slow(request: dict[str, Any], job: Job) -> int:
        assert gate.wait(10)
        return int(request["n"])

    manager = JobManager({"simulation": slow})
    first = manager.submit("simulation", {"n": 1}, 10)
    second = manager.submit("simulation", {"n": 2}, 10)
    time.sleep(0.05)
    assert (first.status, second.status) == ("running", "queued")
    gate.set()
    assert settle(manager, second).run_id == 2
    assert first.run_id == 1
    manager.shutdown()


def test_stages_errors_and_reports() -> None:
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

    manager = JobManager({"report": staged, "a": bad_input, "b": bad_usage})
    report = settle(manager, manager.submit("report", {}, 1))
    assert report.as_dict()["report_url"] == f"/api/reports/{report.id}/index.html"
    failed = settle(manager, manager.submit("a", {}, 1))
    assert failed.error == "1 problem(s) found"
    assert failed.issues[0]["field"] == "laws"
    usage = settle(manager, manager.submit("b", {}, 1))
    assert usage.error == "give at least one law"
    manager.shutdown()


def test_old_finished_jobs_are_forgotten() -> None:
    manager = JobManager({"simulation": lambda request, job: 1}, max_jobs=2)
    jobs = [settle(manager, manager.submit("simulation", {}, 1)) for _ in range(4)]
    kept = {job.id for job in manager.all()}
    assert len(kept) <= 2
    assert jobs[-1].id in kept and jobs[0].id not in kept
    manager.shutdown()
