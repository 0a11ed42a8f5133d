"""One background job (a simulation or a report) and the states it passes through."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from swpolicy.errors import SwpolicyError
from swpolicy.web.db import utcnow

Tick = Callable[[int], None]

# queued -> running -> done | failed | cancelled; running -> interrupted when the server stops.
ACTIVE = ("queued", "running")
RETRYABLE = ("interrupted", "cancelled")


class Cancelled(Exception):
    """Raised inside a running job's progress callback once the job is cancelled."""


class Busy(SwpolicyError):
    """Too many jobs queued (in total, for this client, or of this kind): HTTP 429."""

    def __init__(self, message: str, retry_after: int) -> None:
        super().__init__(message)
        self.retry_after = retry_after


@dataclass
class Job:
    """One queued, running or finished background job (a simulation or a report)."""

    id: str
    kind: str
    request: dict[str, Any]
    total: int
    client: str = ""
    created: datetime = field(default_factory=utcnow)
    status: str = "queued"
    stage: str = ""
    done: int = 0
    run_id: int | None = None
    report: str | None = None
    error: str | None = None
    issues: list[dict[str, Any]] = field(default_factory=list)
    cancel: threading.Event = field(default_factory=threading.Event, repr=False, compare=False)
    # Called after each progress step (the manager writes progress back, throttled).
    on_progress: Callable[[Job], None] | None = field(default=None, repr=False, compare=False)

    def tick(self, k: int) -> None:
        """Advance progress by `k` steps (called from the worker); stop here if cancelled."""
        if self.cancel.is_set():
            raise Cancelled
        self.done += k
        if self.on_progress is not None:
            self.on_progress(self)

    def start_stage(self, label: str, total: int) -> Tick:
        """Start a named stage of `total` steps (multi-stage jobs such as the report)."""
        if self.cancel.is_set():
            raise Cancelled
        self.stage, self.done, self.total = label, 0, max(total, 1)
        return self.tick

    @property
    def report_path(self) -> Path | None:
        return None if self.report is None else Path(self.report)

    def as_dict(self) -> dict[str, Any]:
        total = max(self.total, 1)
        url = f"/api/jobs/{self.id}"
        return {
            "id": self.id,
            "kind": self.kind,
            "status": self.status,
            "stage": self.stage,
            "progress": round(min(self.done, total) / total, 4),
            "done": min(self.done, total),
            "total": total,
            "run_id": self.run_id,
            "report_url": f"/api/reports/{self.id}/index.html" if self.report else None,
            "cancel_url": f"{url}/cancel" if self.status in ACTIVE else None,
            "retry_url": f"{url}/retry" if self.status in RETRYABLE else None,
            "error": self.error,
            "issues": self.issues,
            "request": self.request,
            "created": self.created.isoformat(),
        }
