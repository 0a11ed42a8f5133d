"""The offline report (`swpolicy.report`) built as a background job and offered for download.

The report runs several ensembles (minutes at full size), so it goes through the same job queue
as simulations, with one progress stage per analysis. Reports are written to a folder of the
app's own (a temporary folder by default) and served as attachments. The job record survives a
restart, but a temporary folder may not: `swpolicy report` is the way to keep a report.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from swpolicy.epi.settings import shipped
from swpolicy.report import DEFAULT_DRAWS, Options, build
from swpolicy.scenarios.assumptions import named
from swpolicy.scenarios.executor import Executor, InProcess
from swpolicy.web.jobs import Job, Runner
from swpolicy.web.limits import EARLIEST_START, LATEST_START
from swpolicy.web.services import JsonBool, JsonFloat, JsonInt, ProjectionStart, parse_day
from swpolicy.web.simulation import Setting


class ReportRequest(BaseModel):
    """What `POST /api/reports` (and the report form) accepts."""

    model_config = ConfigDict(extra="forbid")

    at: ProjectionStart = Field(
        None,
        description=f"law date and projection start (YYYY-MM-DD), {EARLIEST_START} to "
        f"{LATEST_START}; default today",
    )
    settings: list[Setting] = Field(
        default_factory=lambda: list(shipped()), min_length=1, max_length=len(shipped())
    )
    draws: JsonInt = Field(2000, ge=100, le=DEFAULT_DRAWS)
    years: JsonFloat = Field(10.0, ge=1, le=50, allow_inf_nan=False)
    seed: JsonInt = Field(1, ge=0, le=2**31 - 1)
    samples: JsonInt = Field(256, ge=16, le=1024, description="sensitivity-analysis samples")
    assumptions: Literal["default", "critics"] = "default"
    pdf: JsonBool = False

    @field_validator("settings")
    @classmethod
    def _once(cls, value: list[str]) -> list[str]:
        return list(dict.fromkeys(value))


def make_report_runner(folder: Path | None = None, executor: Executor | None = None) -> Runner:
    """A runner that builds the report into `folder/<job id>/` and returns the HTML's path.

    Without `folder`, a temporary folder is made when the first report is asked for. The
    report's ensembles run on `executor` (the server's; in-process by default).
    """
    made: list[Path] = []

    def run(request_data: dict[str, Any], job: Job) -> Path:
        if folder is None and not made:
            made.append(Path(tempfile.mkdtemp(prefix="swpolicy-reports-")))
        out = folder if folder is not None else made[0]
        request = ReportRequest.model_validate(request_data)
        options = Options(
            at=parse_day(request.at),
            assumptions=named(request.assumptions),
            draws=request.draws,
            seed=request.seed,
            years=request.years,
            settings=tuple(request.settings),
            samples=request.samples,
            executor=executor or InProcess(),
        )
        written = build(options, out / job.id, pdf=request.pdf, on_stage=job.start_stage)
        return written.html

    return run
