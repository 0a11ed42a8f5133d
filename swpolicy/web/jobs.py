"""Simulation jobs run in a background thread, with progress the pages can poll.

A request only queues a job and returns at once, so the server keeps answering other pages
while the model runs. One worker thread: this is a 2-core laptop tool, and two ensembles at once
would each run at half speed. Job state lives in memory (it only matters while a job runs); the
finished result is saved to the database as a run, whose id the job then points to.
"""

from __future__ import annotations

import logging
import queue
import threading
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from swpolicy.errors import InputError, SwpolicyError

log = logging.getLogger(__name__)

Tick = Callable[[int], None]


@dataclass
class Job:
    """One queued, running or finished background job (a simulation or a report)."""

    id: str
    kind: str
    request: dict[str, Any]
    total: int
    status: str = "queued"  # queued -> running -> done | failed
    stage: str = ""
    done: int = 0
    run_id: int | None = None
    report: Path | None = None
    error: str | None = None
    issues: list[dict[str, Any]] = field(default_factory=list)

    def tick(self, k: int) -> None:
        """Advance progress by `k` steps (called from the worker thread)."""
        self.done += k

    def start_stage(self, label: str, total: int) -> Tick:
        """Start a named stage of `total` steps (multi-stage jobs such as the report)."""
        self.stage, self.done, self.total = label, 0, max(total, 1)
        return self.tick

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "kind": self.kind,
            "status": self.status,
            "stage": self.stage,
            "progress": round(min(self.done, self.total) / self.total, 4) if self.total else 0.0,
            "done": min(self.done, self.total),
            "total": self.total,
            "run_id": self.run_id,
            "report_url": f"/api/reports/{self.id}/index.html" if self.report else None,
            "error": self.error,
            "issues": self.issues,
            "request": self.request,
        }


# A runner does the work of one job: given the job's request and the job (for progress), it
# returns the saved run's id or the written report's path. The app's runners simulate or build
# the report; tests substitute slow or failing ones.
Runner = Callable[[dict[str, Any], Job], int | Path]


class JobManager:
    """Queue of background jobs executed one at a time on a worker thread."""

    def __init__(self, runners: dict[str, Runner], max_jobs: int = 200) -> None:
        self.runners = runners
        self.max_jobs = max_jobs
        self.jobs: dict[str, Job] = {}
        self.lock = threading.Lock()
        self.queue: queue.Queue[Job | None] = queue.Queue()
        # A daemon thread, so that stopping the server does not wait for a long job to end.
        self.worker = threading.Thread(target=self._work, name="swpolicy-jobs", daemon=True)
        self.worker.start()

    def submit(self, kind: str, request: dict[str, Any], total: int) -> Job:
        job = Job(uuid.uuid4().hex, kind, request, max(total, 1))
        with self.lock:
            self._forget_old()
            self.jobs[job.id] = job
        self.queue.put(job)
        return job

    def get(self, job_id: str) -> Job | None:
        with self.lock:
            return self.jobs.get(job_id)

    def all(self) -> list[Job]:
        with self.lock:
            return list(self.jobs.values())

    def shutdown(self) -> None:
        """Stop taking jobs; the running one, if any, is abandoned with the process."""
        self.queue.put(None)

    def _work(self) -> None:
        while (job := self.queue.get()) is not None:
            self._run(job)

    def _forget_old(self) -> None:
        # Bound memory: drop the oldest finished jobs (their runs stay in the database).
        finished = [j for j in self.jobs.values() if j.status in ("done", "failed")]
        for job in finished[: max(0, len(self.jobs) - self.max_jobs + 1)]:
            del self.jobs[job.id]

    def _run(self, job: Job) -> None:
        job.status = "running"
        try:
            result = self.runners[job.kind](job.request, job)
        except InputError as exc:
            job.error = f"{len(exc.issues)} problem(s) found"
            job.issues = [i.as_dict() for i in exc.issues]
            job.status = "failed"
        except SwpolicyError as exc:
            job.error = str(exc)
            job.status = "failed"
        except Exception:  # a bug: log it, tell the page without a traceback
            log.exception("%s job %s failed", job.kind, job.id)
            job.error = f"internal error in the {job.kind} job; see the server log"
            job.status = "failed"
        else:
            if isinstance(result, Path):
                job.report = result
            else:
                job.run_id = result
            job.done = job.total
            job.status = "done"
