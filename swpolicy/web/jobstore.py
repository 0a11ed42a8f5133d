"""The database side of background jobs: every state a job passes through is committed.

A job is inserted (and committed) before its 202 is sent, so an acknowledged job is never only
in memory; each change of status, and the progress at most once a second, is written back.
Finished jobs beyond a bound are deleted (their runs stay), so the table stays small.
"""

from __future__ import annotations

from datetime import UTC
from typing import Any

from sqlalchemy import Engine, delete, func, select
from sqlalchemy.orm import sessionmaker

from swpolicy.web.db import JobRecord, utcnow
from swpolicy.web.jobs_model import ACTIVE, Job

FIELDS = ("status", "stage", "done", "total", "run_id", "report", "error", "issues")


def job_of(rec: JobRecord) -> Job:
    """A Job from its record."""
    created = rec.created if rec.created.tzinfo else rec.created.replace(tzinfo=UTC)
    job = Job(rec.id, rec.kind, dict(rec.request), rec.total, client=rec.client, created=created)
    for name in FIELDS:
        setattr(job, name, getattr(rec, name))
    job.issues = list(rec.issues or [])
    return job


class JobStore:
    """Reads and writes of job records, one short transaction each."""

    def __init__(self, engine: Engine) -> None:
        self.sessions = sessionmaker(engine, expire_on_commit=False)

    def add(self, job: Job) -> None:
        with self.sessions() as session, session.begin():
            session.add(
                JobRecord(
                    id=job.id,
                    kind=job.kind,
                    client=job.client[:64],
                    request=job.request,
                    created=job.created,
                    updated=job.created,
                    **{name: getattr(job, name) for name in FIELDS},
                )
            )

    def save(self, job: Job) -> None:
        """Write the job's current state."""
        values: dict[str, Any] = {name: getattr(job, name) for name in FIELDS}
        with self.sessions() as session, session.begin():
            rec = session.get(JobRecord, job.id)
            if rec is None:  # deleted by pruning: nothing left to update
                return
            for name, value in values.items():
                setattr(rec, name, value)
            rec.updated = utcnow()

    def get(self, job_id: str) -> Job | None:
        with self.sessions() as session:
            rec = session.get(JobRecord, job_id)
            return None if rec is None else job_of(rec)

    def recent(self, limit: int) -> list[Job]:
        """The newest `limit` jobs, newest first."""
        with self.sessions() as session:
            recs = session.scalars(
                select(JobRecord).order_by(JobRecord.created.desc(), JobRecord.id).limit(limit)
            )
            return [job_of(r) for r in recs]

    def unfinished(self) -> list[Job]:
        """Jobs queued or running when the server last stopped, oldest first."""
        with self.sessions() as session:
            recs = session.scalars(
                select(JobRecord)
                .where(JobRecord.status.in_(ACTIVE))
                .order_by(JobRecord.created, JobRecord.id)
            )
            return [job_of(r) for r in recs]

    def count(self) -> int:
        with self.sessions() as session:
            return session.scalar(select(func.count()).select_from(JobRecord)) or 0

    def prune(self, keep: int) -> None:
        """Delete the oldest finished jobs beyond the newest `keep`."""
        with self.sessions() as session, session.begin():
            finished = select(JobRecord.id).where(JobRecord.status.not_in(ACTIVE))
            newest = finished.order_by(JobRecord.created.desc(), JobRecord.id).limit(keep)
            old = finished.where(JobRecord.id.not_in(newest.scalar_subquery()))
            session.execute(delete(JobRecord).where(JobRecord.id.in_(old.scalar_subquery())))
