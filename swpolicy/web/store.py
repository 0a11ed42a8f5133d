"""Reads and transactional writes of saved bills and runs.

Each write runs inside one `session.begin()` block: the records are added, flushed and committed
together, and any exception (a constraint, a crash in the code producing the rows) rolls the
whole write back. Only the ORM is used, so every statement is parameterised.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import Any

from sqlalchemy import Engine, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, selectinload, sessionmaker

from swpolicy.errors import SwpolicyError, UsageError
from swpolicy.law.schema import BillFile
from swpolicy.web.db import BillRecord, DeletedBillRecord, ResultRecord, RunRecord


class Conflict(UsageError):
    """A write that clashes with something already saved (HTTP 409)."""


class NotFound(UsageError):
    """A saved record that does not exist (HTTP 404)."""


class NonFinite(SwpolicyError):
    """A computation whose result holds NaN or infinity: an error, never a saved result."""


NUMBERS = ("median", "lo", "hi")


def bill_dict(rec: BillRecord) -> dict[str, Any]:
    return {
        "id": rec.slug,
        "title": rec.title,
        "base": rec.base,
        "effective": rec.effective,
        "created": rec.created.isoformat(),
        "document": rec.document,
    }


def run_dict(rec: RunRecord, with_rows: bool = True) -> dict[str, Any]:
    out: dict[str, Any] = {
        "id": rec.pk,
        "setting": rec.setting,
        "laws": rec.laws,
        "params": rec.params,
        "assumptions": rec.assumptions,
        "calibration": rec.calibration,
        "created": rec.created.isoformat(),
    }
    if with_rows:
        out["rows"] = [
            {
                "law": r.law,
                "setting": rec.setting,
                "metric": r.metric,
                "median": r.median,
                "lo": r.lo,
                "hi": r.hi,
            }
            for r in rec.results
        ]
    return out


def _missing_bill(session: Session, slug: str) -> str:
    """Why there is no bill `slug`: deleted (and when), else never saved or renamed."""
    gone = session.get(DeletedBillRecord, slug)
    if gone is not None:
        return (
            f"the bill {slug!r} ({gone.title}) was deleted on {gone.deleted:%Y-%m-%d %H:%M} UTC; "
            "runs that simulated it keep their results"
        )
    return f"no saved bill {slug!r} (never saved, or saved under another id)"


def _forget_deleted(session: Session, slug: str) -> None:
    """A bill saved under a deleted bill's id is that id's bill from now on."""
    gone = session.get(DeletedBillRecord, slug)
    if gone is not None:
        session.delete(gone)
        session.flush()


class Store:
    """The app's database access; one short session per call."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.sessions = sessionmaker(engine, expire_on_commit=False)

    def save_bill(self, spec: BillFile, document: dict[str, Any]) -> dict[str, Any]:
        """Save a validated bill; a bill id already saved is a Conflict."""
        with self.sessions() as session:
            try:
                with session.begin():
                    if session.scalar(select(BillRecord).where(BillRecord.slug == spec.id)):
                        raise Conflict(f"a bill with id {spec.id!r} is already saved")
                    _forget_deleted(session, spec.id)
                    rec = BillRecord(
                        slug=spec.id,
                        title=spec.title,
                        base=spec.base,
                        effective=spec.effective.isoformat(),
                        document=document,
                    )
                    session.add(rec)
            except IntegrityError:  # a concurrent save of the same id won the race
                raise Conflict(f"a bill with id {spec.id!r} is already saved") from None
            return bill_dict(rec)

    def update_bill(self, slug: str, spec: BillFile, document: dict[str, Any]) -> dict[str, Any]:
        """Replace saved bill `slug` by a validated bill; a new id renames it (Conflict if taken).

        Saved runs keep their own copy of the laws they simulated, so editing a bill never
        changes a finished run; the bill page says when an estimate predates the edit.
        """
        with self.sessions() as session:
            try:
                with session.begin():
                    rec = session.scalar(select(BillRecord).where(BillRecord.slug == slug))
                    if rec is None:
                        raise NotFound(_missing_bill(session, slug))
                    if spec.id != slug and session.scalar(
                        select(BillRecord).where(BillRecord.slug == spec.id)
                    ):
                        raise Conflict(f"a bill with id {spec.id!r} is already saved")
                    _forget_deleted(session, spec.id)
                    rec.slug, rec.title, rec.base = spec.id, spec.title, spec.base
                    rec.effective, rec.document = spec.effective.isoformat(), document
            except IntegrityError:  # a concurrent save took the new id
                raise Conflict(f"a bill with id {spec.id!r} is already saved") from None
            return bill_dict(rec)

    def delete_bill(self, slug: str) -> None:
        """Delete a saved bill (NotFound if there is none); its finished runs stay."""
        with self.sessions() as session, session.begin():
            rec = session.scalar(select(BillRecord).where(BillRecord.slug == slug))
            if rec is None:
                raise NotFound(_missing_bill(session, slug))
            _forget_deleted(session, slug)
            session.add(DeletedBillRecord(slug=slug, title=rec.title))
            session.delete(rec)

    def bills(self) -> list[dict[str, Any]]:
        with self.sessions() as session:
            recs = session.scalars(select(BillRecord).order_by(BillRecord.slug))
            return [bill_dict(r) for r in recs]

    def bill(self, slug: str) -> dict[str, Any]:
        with self.sessions() as session:
            rec = session.scalar(select(BillRecord).where(BillRecord.slug == slug))
            if rec is None:
                raise NotFound(_missing_bill(session, slug))
            return bill_dict(rec)

    def save_run(
        self,
        setting: str,
        laws: list[str],
        params: dict[str, Any],
        assumptions: dict[str, Any],
        calibration: str,
        rows: Iterable[dict[str, Any]],
    ) -> int:
        """Save a run and all its rows in one transaction; return its id.

        A row with NaN or infinity is refused (nothing is saved): such a number is a failed
        computation, not a result, and it cannot be served as JSON.
        """
        rows = list(rows)
        bad = [r for r in rows if not all(math.isfinite(float(r[k])) for k in NUMBERS)]
        if bad:
            raise NonFinite(
                f"the model produced NaN or infinite results ({len(bad)} of {len(rows)} rows, "
                f"first {bad[0]['law']} {bad[0]['metric']}); check the assumptions"
            )
        with self.sessions() as session, session.begin():
            run = RunRecord(
                setting=setting,
                laws=laws,
                params=params,
                assumptions=assumptions,
                calibration=calibration,
            )
            session.add(run)
            session.flush()  # the run row exists now, inside the transaction, before its rows
            for row in rows:
                session.add(
                    ResultRecord(
                        run_pk=run.pk,
                        law=row["law"],
                        metric=row["metric"],
                        median=float(row["median"]),
                        lo=float(row["lo"]),
                        hi=float(row["hi"]),
                    )
                )
            return run.pk

    def runs(self) -> list[dict[str, Any]]:
        with self.sessions() as session:
            recs = session.scalars(select(RunRecord).order_by(RunRecord.pk.desc()))
            return [run_dict(r, with_rows=False) for r in recs]

    def run(self, pk: int) -> dict[str, Any]:
        with self.sessions() as session:
            rec = session.scalar(
                select(RunRecord).where(RunRecord.pk == pk).options(selectinload(RunRecord.results))
            )
            if rec is None:
                raise NotFound(f"no saved run {pk}")
            return run_dict(rec)

    def counts(self) -> dict[str, int]:
        with self.sessions() as session:
            return {
                "bills": session.scalar(select(func.count()).select_from(BillRecord)) or 0,
                "runs": session.scalar(select(func.count()).select_from(RunRecord)) or 0,
                "rows": session.scalar(select(func.count()).select_from(ResultRecord)) or 0,
            }
