"""The offline report (`swpolicy.report`) built as a background job and offered for download.

The report runs several ensembles (minutes at full size), so it goes through the same job queue
as simulations, with one progress stage per analysis. Reports are written to a folder of the
app's own (a temporary folder by default) and served as attachments. The job record survives a
restart, but a temporary folder may not: `swpolicy report` is the way to keep a report.
"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from swpolicy.epi.settings import shipped
from swpolicy.errors import UsageError
from swpolicy.report import DEFAULT_DRAWS, Options, build
from swpolicy.scenarios.assumptions import named
from swpolicy.scenarios.executor import Executor, InProcess
from swpolicy.scenarios.lancet import lancet_settings
from swpolicy.web.jobs import Job, Runner
from swpolicy.web.limits import EARLIEST_START, LATEST_START
from swpolicy.web.services import JsonBool, JsonFloat, JsonInt, ProjectionStart, parse_day
from swpolicy.web.simulation import Setting
from swpolicy.web.store import Store


class ReportRequest(BaseModel):
    """What `POST /api/reports` (and the report form) accepts."""

    model_config = ConfigDict(extra="forbid")

    at: ProjectionStart = Field(
        None,
        description=f"law date and projection start (YYYY-MM-DD), {EARLIEST_START} to "
        f"{LATEST_START}; default today",
    )
    settings: list[Setting] = Field(
        default_factory=lambda: list(lancet_settings()),
        min_length=1,
        max_length=len(shipped()) + 1,
        description="default: the three settings of the Lancet 2015 reproduction; shipped "
        "settings, or built-<jurisdiction> (a bill's own, built from indicators)",
    )
    draws: JsonInt = Field(2000, ge=100, le=DEFAULT_DRAWS)
    years: JsonFloat = Field(10.0, ge=1, le=50, allow_inf_nan=False)
    seed: JsonInt = Field(1, ge=0, le=2**31 - 1)
    samples: JsonInt = Field(256, ge=16, le=1024, description="sensitivity-analysis samples")
    assumptions: Literal["default", "critics"] = "default"
    pdf: JsonBool = False
    bill: str | None = Field(
        None,
        pattern=r"^[a-z0-9][a-z0-9_-]{0,63}$",
        description="a saved bill's id: the report adds it against its own base law; `at` "
        "must be on or after the day it comes into force",
    )

    @field_validator("settings")
    @classmethod
    def _once(cls, value: list[str]) -> list[str]:
        return list(dict.fromkeys(value))


def check_bill(request: ReportRequest, store: Store) -> None:
    """Refuse, before queueing, a report of a bill that is not saved or not yet in force."""
    if request.bill is None:
        return
    saved = store.bill(request.bill)
    on = parse_day(request.at)
    if saved["effective"] > on.isoformat():
        raise UsageError(
            f"at: the bill {request.bill!r} comes into force on {saved['effective']}; a report "
            f"of it must start on or after that day, not {on.isoformat()}"
        )


def make_report_runner(
    folder: Path | None = None, executor: Executor | None = None, store: Store | None = None
) -> Runner:
    """A runner that builds the report into `folder/<job id>/` and returns the HTML's path.

    Without `folder`, a temporary folder is made when the first report is asked for. The
    report's ensembles run on `executor` (the server's; in-process by default). A request
    naming a saved `bill` reads it from `store` (a deleted bill fails the job in words) and
    writes it beside the report, as the file `swpolicy report --bill` takes.
    """
    made: list[Path] = []

    def run(request_data: dict[str, Any], job: Job) -> Path:
        if folder is None and not made:
            made.append(Path(tempfile.mkdtemp(prefix="swpolicy-reports-")))
        out = folder if folder is not None else made[0]
        request = ReportRequest.model_validate(request_data)
        bill_file = None
        if request.bill is not None and store is not None:
            (out / job.id).mkdir(parents=True, exist_ok=True)
            path = out / job.id / "bill.yaml"  # JSON is YAML: the bill file as saved
            path.write_text(json.dumps(store.bill(request.bill)["document"]), encoding="utf-8")
            bill_file = str(path)
        options = Options(
            at=parse_day(request.at),
            assumptions=named(request.assumptions),
            draws=request.draws,
            seed=request.seed,
            years=request.years,
            settings=tuple(request.settings),
            samples=request.samples,
            executor=executor or InProcess(),
            bill=bill_file,
        )
        written = build(options, out / job.id, pdf=request.pdf, on_stage=job.start_stage)
        return written.html

    return run
