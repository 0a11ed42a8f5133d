"""Persistence of saved bills, runs and background jobs (SQLAlchemy 2 ORM, Alembic migrations).

SQLite by default, in the user's data directory; any SQLAlchemy URL (for example a PostgreSQL
`postgresql+psycopg://user@host/db`) through `SWPOLICY_DATABASE_URL`. Every write is one
transaction (`Store` in `store.py`), so a failure part-way through leaves nothing half-written.
The schema is created and upgraded by the Alembic migrations shipped in `migrations/`, run when
the app starts, never by `create_all`, so that a database made by an older version is upgraded.
"""

from __future__ import annotations

import os
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from sqlalchemy import JSON, DateTime, Engine, Float, ForeignKey, Integer, String, Text, event
from sqlalchemy import create_engine as sa_create_engine
from sqlalchemy.exc import ArgumentError, NoSuchModuleError
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from swpolicy.errors import UsageError

MIGRATIONS = Path(__file__).parent / "migrations"
ENV_VAR = "SWPOLICY_DATABASE_URL"


def utcnow() -> datetime:
    return datetime.now(UTC)


class Base(DeclarativeBase):
    """Declarative base of the web app's tables."""


class BillRecord(Base):
    """A saved bill: the validated document as submitted (shorthand expanded by the parser)."""

    __tablename__ = "bills"

    pk: Mapped[int] = mapped_column(Integer, primary_key=True)
    slug: Mapped[str] = mapped_column(String(64), unique=True, index=True)
    title: Mapped[str] = mapped_column(Text)
    base: Mapped[str] = mapped_column(String(16))
    effective: Mapped[str] = mapped_column(String(10))
    document: Mapped[dict[str, Any]] = mapped_column(JSON)
    created: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class DeletedBillRecord(Base):
    """A deleted bill's id and title: what a job or link naming it is told. Saving a bill under
    the same id again removes the record."""

    __tablename__ = "deleted_bills"

    slug: Mapped[str] = mapped_column(String(64), primary_key=True)
    title: Mapped[str] = mapped_column(Text)
    deleted: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class RunRecord(Base):
    """A finished simulation: its inputs, assumptions and one row per law and metric."""

    __tablename__ = "runs"

    pk: Mapped[int] = mapped_column(Integer, primary_key=True)
    setting: Mapped[str] = mapped_column(String(32))
    laws: Mapped[list[str]] = mapped_column(JSON)
    params: Mapped[dict[str, Any]] = mapped_column(JSON)
    assumptions: Mapped[dict[str, Any]] = mapped_column(JSON)
    calibration: Mapped[str] = mapped_column(Text)
    created: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    results: Mapped[list[ResultRecord]] = relationship(
        back_populates="run", cascade="all, delete-orphan", order_by="ResultRecord.pk"
    )


class ResultRecord(Base):
    """One `{law, metric, median, lo, hi}` row of a run."""

    __tablename__ = "run_results"

    pk: Mapped[int] = mapped_column(Integer, primary_key=True)
    run_pk: Mapped[int] = mapped_column(ForeignKey("runs.pk", ondelete="CASCADE"), index=True)
    law: Mapped[str] = mapped_column(String(200))
    metric: Mapped[str] = mapped_column(String(64))
    median: Mapped[float] = mapped_column(Float)
    lo: Mapped[float] = mapped_column(Float)
    hi: Mapped[float] = mapped_column(Float)
    run: Mapped[RunRecord] = relationship(back_populates="results")


class JobRecord(Base):
    """A background job as acknowledged (202): written before the answer, so none is lost.

    `status` is queued, running, done, failed, cancelled or interrupted (the server stopped
    while it ran); `run_id` or `report` point to the result once done.
    """

    __tablename__ = "jobs"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))
    client: Mapped[str] = mapped_column(String(64))
    request: Mapped[dict[str, Any]] = mapped_column(JSON)
    status: Mapped[str] = mapped_column(String(16), index=True)
    stage: Mapped[str] = mapped_column(Text, default="")
    done: Mapped[int] = mapped_column(Integer, default=0)
    total: Mapped[int] = mapped_column(Integer, default=1)
    run_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    report: Mapped[str | None] = mapped_column(Text, nullable=True)
    error: Mapped[str | None] = mapped_column(Text, nullable=True)
    issues: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    created: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, index=True)
    updated: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


def default_url() -> str:
    """`SWPOLICY_DATABASE_URL`, else SQLite in the XDG data dir, else `./swpolicy.db`."""
    if os.environ.get(ENV_VAR):
        return os.environ[ENV_VAR]
    base = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
    folder = base / "swpolicy"
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return "sqlite:///swpolicy.db"
    return f"sqlite:///{folder / 'swpolicy.db'}"


def create_engine(url: str) -> Engine:
    """An engine for `url`; an unusable URL or a missing driver is a UsageError, not a crash."""
    if url.startswith("postgres://"):  # the Heroku-style alias SQLAlchemy no longer accepts
        url = "postgresql://" + url.removeprefix("postgres://")
    args: dict[str, Any] = {}
    if url.startswith("sqlite"):
        # The background job thread writes runs, so the connection may cross threads.
        args["connect_args"] = {"check_same_thread": False}
    try:
        engine = sa_create_engine(url, **args)
    except (ArgumentError, NoSuchModuleError, ModuleNotFoundError, ImportError) as exc:
        raise UsageError(f"{ENV_VAR}: cannot use database URL: {exc}") from None
    if url.startswith("sqlite") and ":memory:" not in url and url.rstrip("/") != "sqlite:":
        # Write-ahead logging: readers (pages) never wait for the job thread's writes, and a
        # killed process leaves every committed transaction in place.
        event.listen(engine, "connect", _sqlite_wal)
    return engine


def _sqlite_wal(connection: Any, _record: Any) -> None:
    cursor = connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.close()


def migrate(engine: Engine) -> None:
    """Bring the schema up to date with the shipped Alembic migrations."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")
