"""Background jobs: durable records in the database, one worker thread, bounded queues.

A request only queues a job and returns at once, so the server keeps answering other pages
while the model runs. One worker thread takes the jobs in turn and hands each job's tasks to the
simulation platform's executor (in-process by default; a Dask cluster with `swpolicy serve
--workers N` or `--scheduler`), so one job at a time uses the whole machine or cluster rather
than two ensembles each running at half speed. Every job is committed to the database before
its 202 is sent; when
the server starts, jobs that were queued resume and jobs that were running are marked
`interrupted` with a retry action, so an acknowledged job is never silently lost. Only queued
and running jobs are held in memory (at most `MAX_ACTIVE_JOBS`); finished ones are read back
from the database, which keeps the newest `MAX_FINISHED_JOBS`.
"""

from __future__ import annotations

import logging
import queue
import threading
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlalchemy import Engine

from swpolicy.errors import InputError, SwpolicyError
from swpolicy.web import limits
from swpolicy.web.jobs_model import RETRYABLE, Busy, Cancelled, Job, Tick
from swpolicy.web.jobstore import JobStore
from swpolicy.web.store import Conflict, NotFound

__all__ = ["Busy", "Job", "JobManager", "Runner", "Tick"]
log = logging.getLogger(__name__)

# A runner does the work of one job: given the job's request and the job (for progress), it
# returns the saved run's id or the written report's path. The app's runners simulate or build
# the report; tests substitute slow or failing ones.
Runner = Callable[[dict[str, Any], Job], int | Path]
PROGRESS_EVERY = 1.0  # seconds between progress writes to the database


class JobManager:
    """Durable queue of background jobs executed one at a time on a worker thread."""

    def __init__(
        self,
        runners: dict[str, Runner],
        engine: Engine,
        *,
        max_finished: int = limits.MAX_FINISHED_JOBS,
        max_active: int = limits.MAX_ACTIVE_JOBS,
        max_per_client: int = limits.MAX_ACTIVE_PER_CLIENT,
        max_reports: int = limits.MAX_ACTIVE_REPORTS,
    ) -> None:
        self.runners = runners
        self.records = JobStore(engine)
        self.max_finished = max_finished
        self.max_active = max_active
        self.max_per_client = max_per_client
        self.max_reports = max_reports
        self.active: dict[str, Job] = {}
        self.lock = threading.Lock()
        self.queue: queue.Queue[Job | None] = queue.Queue()
        # Set by shutdown(): a job that fails after this failed because its executor (a Dask
        # cluster) closed under it, so it is left `running` and marked `interrupted` on restart.
        self.stopping = threading.Event()
        self._recover()
        # A daemon thread, so that stopping the server does not wait for a long job to end.
        self.worker = threading.Thread(target=self._work, name="swpolicy-jobs", daemon=True)
        self.worker.start()

    def _recover(self) -> None:
        """Resume the jobs a stopped server had queued; mark the one it was running."""
        for job in self.records.unfinished():
            if job.status == "running":
                job.status = "interrupted"
                job.error = "the server stopped while this job ran; retry it to run it again"
                self.records.save(job)
            else:
                self.active[job.id] = job
                self.queue.put(job)

    def submit(self, kind: str, request: dict[str, Any], total: int, client: str = "") -> Job:
        """Queue a job (committed before this returns); Busy past a queue limit."""
        job = Job(uuid.uuid4().hex, kind, request, max(total, 1), client=client)
        with self.lock:
            self._check_room(job)
            self.records.add(job)
            self.active[job.id] = job
        self.queue.put(job)
        return job

    def _check_room(self, job: Job) -> None:
        active = list(self.active.values())
        wait = limits.RETRY_AFTER
        if len(active) >= self.max_active:
            raise Busy(f"{len(active)} jobs are waiting (the limit is {self.max_active})", wait)
        mine = sum(1 for j in active if j.client == job.client)
        if mine >= self.max_per_client:
            raise Busy(
                f"you have {mine} jobs waiting (the limit per client is {self.max_per_client}); "
                "wait for one to finish or cancel one",
                wait,
            )
        reports = sum(1 for j in active if j.kind == "report")
        if job.kind == "report" and reports >= self.max_reports:
            raise Busy(
                f"{reports} report builds are waiting (the limit is {self.max_reports})", wait
            )

    def get(self, job_id: str) -> Job | None:
        """The live job if queued or running, else its record (None if unknown)."""
        with self.lock:
            live = self.active.get(job_id)
        return live if live is not None else self.records.get(job_id)

    def all(self, limit: int = 100) -> list[Job]:
        """The newest `limit` jobs, newest first, live state for the active ones."""
        with self.lock:
            live = dict(self.active)
        return [live.get(job.id, job) for job in self.records.recent(limit)]

    def cancel(self, job_id: str) -> Job:
        """Cancel a queued job at once, a running one at its next progress step."""
        with self.lock:
            job = self.active.get(job_id)
            if job is None:
                known = self.records.get(job_id)
                if known is None:
                    raise NotFound(f"no job {job_id!r}")
                raise Conflict(f"job {job_id!r} is {known.status}; only a waiting job can stop")
            job.cancel.set()
            if job.status == "queued":
                self._finish(job, "cancelled", "cancelled before it started")
        return job

    def retry(self, job_id: str) -> Job:
        """Queue an interrupted or cancelled job again, under the same id."""
        with self.lock:
            job = self.records.get(job_id)
            if job is None:
                raise NotFound(f"no job {job_id!r}")
            if job.status not in RETRYABLE:
                raise Conflict(
                    f"job {job_id!r} is {job.status}; only {' or '.join(RETRYABLE)} jobs retry"
                )
            self._check_room(job)
            job.status, job.error, job.done, job.stage, job.issues = "queued", None, 0, "", []
            self.records.save(job)
            self.active[job.id] = job
        self.queue.put(job)
        return job

    def shutdown(self) -> None:
        """Stop taking jobs; a running one is abandoned with the process (and marked later)."""
        self.stopping.set()
        self.queue.put(None)

    def _work(self) -> None:
        # Jobs still queued at shutdown stay queued in the database and resume on restart.
        while (job := self.queue.get()) is not None and not self.stopping.is_set():
            if job.status == "queued" and not job.cancel.is_set():
                self._run(job)

    def _finish(self, job: Job, status: str, error: str | None = None) -> None:
        # Called with the lock held, or from the worker for the job it owns.
        job.status = status
        if error is not None:
            job.error = error
        self.records.save(job)
        self.active.pop(job.id, None)

    def _run(self, job: Job) -> None:
        job.status = "running"
        self.records.save(job)
        last = [time.monotonic()]

        def saved(job: Job) -> None:  # progress in memory at once, in the database once a second
            if time.monotonic() - last[0] > PROGRESS_EVERY:
                last[0] = time.monotonic()
                self.records.save(job)

        job.on_progress = saved
        status, error = "done", None
        try:
            result = self.runners[job.kind](job.request, job)
        except Cancelled:
            status, error = "cancelled", "cancelled while it ran"
        except InputError as exc:
            status, error = "failed", f"{len(exc.issues)} problem(s) found"
            job.issues = [i.as_dict() for i in exc.issues]
        except SwpolicyError as exc:
            status, error = "failed", str(exc)
        except Exception:
            if self.stopping.is_set():  # the executor closed with the server: not the job's fault
                log.info("%s job %s abandoned at shutdown", job.kind, job.id)
                return
            # A bug: log it, tell the page without a traceback.
            log.exception("%s job %s failed", job.kind, job.id)
            status, error = "failed", f"internal error in the {job.kind} job; see the server log"
        else:
            if isinstance(result, Path):
                job.report = str(result)
            else:
                job.run_id = result
            job.done = job.total
        with self.lock:
            self._finish(job, status, error)
            self.records.prune(self.max_finished)
