"""The JSON API under /api (documented at /docs).

Every endpoint validates its input and answers a user's mistake with a 4xx whose body is
`{"detail": ..., "issues": [{file, line, col, field, message}]}`; bill issues are exactly those
`swpolicy law validate` prints, located in the request body.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi import Path as PathParam
from fastapi.responses import FileResponse, JSONResponse, PlainTextResponse, Response
from starlette.concurrency import run_in_threadpool

from swpolicy.epi.settings import shipped
from swpolicy.errors import InputError, Issue, UsageError
from swpolicy.law.assess import assess
from swpolicy.law.bill_templates import draft, templates
from swpolicy.law.classify import SCHEMES
from swpolicy.law.diff import diff
from swpolicy.law.registry import ids
from swpolicy.scenarios.simulate import METRICS
from swpolicy.vocabulary import explain, label
from swpolicy.web import impact, services
from swpolicy.web.assumption_panel import catalogue as assumption_catalogue
from swpolicy.web.impact import ImpactBody
from swpolicy.web.jobs import Job, JobManager
from swpolicy.web.limits import MAX_FINISHED_JOBS, MAX_ID
from swpolicy.web.reports import ReportRequest, check_bill
from swpolicy.web.schema import BUSY, COMMON, WRITE, file_response
from swpolicy.web.services import LAW_REF
from swpolicy.web.simulation import (
    SimulationRequest,
    check_laws,
    request_assumptions,
    rows_csv,
    total_steps,
)
from swpolicy.web.store import Conflict, NotFound, Store

router = APIRouter(prefix="/api", tags=["api"], responses=COMMON)
AT = Query(
    None,
    description="Date YYYY-MM-DD; default today.",
    pattern=r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$",
    json_schema_extra={"format": "date"},
)
# Ids past 2^63 - 1 cannot be stored, so they are refused (422) before reaching the database.
RunId = Annotated[int, PathParam(ge=1, le=MAX_ID, description="a saved run's id")]
JobId = Annotated[str, PathParam(max_length=64, description="a job's id")]
BILL_BODY: dict[str, Any] = {
    "requestBody": {
        "required": True,
        "description": "A bill as JSON or YAML, as in a bill file (see docs/law-data.md).",
        "content": {
            "application/json": {
                "schema": {"type": "object"},
                "example": {
                    "id": "nz-purchase-offence",
                    "title": "Purchase Offence Bill",
                    "base": "nz",
                    "effective": "2027-07-01",
                    "changes": {"buying": "criminal"},
                },
            },
            "application/yaml": {"schema": {"type": "string"}},
        },
    }
}


def store_of(request: Request) -> Store:
    store: Store = request.app.state.store
    return store


def jobs_of(request: Request) -> JobManager:
    jobs: JobManager = request.app.state.jobs
    return jobs


def client_of(request: Request) -> str:
    """Who asked, for the per-client queue limit: the peer address (or the proxy's forward)."""
    return request.client.host if request.client else ""


def submit(request: Request, kind: str, body: dict[str, Any], total: int) -> Job:
    """Queue a job for the asking client (committed before the 202 is sent)."""
    return jobs_of(request).submit(kind, body, total, client_of(request))


def job_or_404(request: Request, job_id: str) -> Job:
    job = jobs_of(request).get(job_id)
    if job is None:
        raise NotFound(f"no job {job_id!r}")
    return job


async def body_text(request: Request) -> str:
    """The request body as text; not UTF-8 is an input error located at the start."""
    raw = await request.body()
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        raise InputError([Issue("request", 1, 1, "", "body is not valid UTF-8")]) from None


@router.get("/jurisdictions")
def list_jurisdictions(at: str | None = AT) -> list[dict[str, Any]]:
    """Every shipped jurisdiction with its regime in each scheme."""
    return services.jurisdiction_rows(services.parse_day(at))


@router.get("/jurisdictions/{jid}")
def get_jurisdiction(jid: str, at: str | None = AT) -> dict[str, Any]:
    """Provisions in force (with references), their history, classification and assessment."""
    return services.detail(jid, services.parse_day(at))


@router.get("/jurisdictions/{jid}/classification")
def get_classification(
    jid: str,
    at: str | None = AT,
    scheme: str | None = Query(None, json_schema_extra={"enum": list(SCHEMES)}),
) -> dict[str, Any]:
    """The regime in each scheme (or one `scheme`), with the provisions that decided it."""
    result = services.classification(jid, services.parse_day(at))
    if scheme is None:
        return result
    if scheme not in SCHEMES:
        raise UsageError(f"unknown scheme {scheme!r}; expected one of {', '.join(SCHEMES)}")
    return {scheme: result[scheme]}


@router.get("/jurisdictions/{jid}/assessment")
def get_assessment(jid: str, at: str | None = AT) -> dict[str, Any]:
    """Assessment against Amnesty International's 2016 policy."""
    return assess(services.jurisdiction(jid), services.parse_day(at)).as_dict()


@router.get("/diff")
def get_diff(
    request: Request,
    a: str = Query(..., pattern=LAW_REF, description="jurisdiction id or bill:<id>"),
    b: str = Query(..., pattern=LAW_REF, description="jurisdiction id or bill:<id>"),
    at: str | None = AT,
) -> dict[str, Any]:
    """Two laws (jurisdictions or saved bills) provision by provision on one day."""
    store = store_of(request)
    law_a, law_b = services.resolve_ref(a, store), services.resolve_ref(b, store)
    return diff(law_a, law_b, services.parse_day(at)).as_dict()


@router.get("/provisions")
def get_provisions() -> list[dict[str, Any]]:
    """The recorded provisions and the words each may take."""
    return services.vocabulary()


@router.get("/bills")
def list_bills(request: Request) -> list[dict[str, Any]]:
    """Saved bills."""
    return store_of(request).bills()


@router.post("/bills", status_code=201, openapi_extra=BILL_BODY, responses=WRITE)
async def save_bill(request: Request) -> dict[str, Any]:
    """Validate a bill (JSON or YAML) with the CLI's checks and save it."""
    text = await body_text(request)
    # Parsing, validation and the write run on a worker thread: the event loop (and so every
    # other request) never waits for a large body.
    return await run_in_threadpool(_save_bill, store_of(request), text)


def _save_bill(store: Store, text: str) -> dict[str, Any]:
    bill, document = services.bill_from_text(text)
    preview = services.bill_preview(bill)  # computed first: a failure here saves nothing
    return {**store.save_bill(bill.spec, document), "diff": preview}


def _preview_bill(text: str) -> dict[str, Any]:
    bill, _ = services.bill_from_text(text)
    return {"id": bill.id, "diff": services.bill_preview(bill)}


@router.post("/bills/preview", openapi_extra=BILL_BODY, responses=WRITE)
async def preview_bill(request: Request) -> dict[str, Any]:
    """Validate a bill without saving it; return its diff against the base law."""
    return await run_in_threadpool(_preview_bill, await body_text(request))


@router.get("/bills/{slug}")
def get_bill(request: Request, slug: str) -> dict[str, Any]:
    """One saved bill with its diff against its base law and its newest impact estimate
    (`impact`: null until estimated; `stale` once the bill was edited after it)."""
    store = store_of(request)
    saved = store.bill(slug)
    bill, _ = services.bill_from_data(saved["document"], name=f"bill:{slug}")
    return {**saved, "diff": services.bill_preview(bill), "impact": impact.summary(store, saved)}


@router.put("/bills/{slug}", openapi_extra=BILL_BODY, responses=WRITE)
async def update_bill(request: Request, slug: str) -> dict[str, Any]:
    """Replace a saved bill (JSON or YAML, the CLI's checks); a different `id` renames it."""
    text = await body_text(request)
    return await run_in_threadpool(_update_bill, store_of(request), slug, text)


def _update_bill(store: Store, slug: str, text: str) -> dict[str, Any]:
    store.bill(slug)  # an unknown bill is a 404 before its body is judged
    bill, document = services.bill_from_text(text)
    preview = services.bill_preview(bill)
    return {**store.update_bill(slug, bill.spec, document), "diff": preview}


@router.delete(
    "/bills/{slug}", status_code=204, response_class=Response, responses={403: WRITE[403]}
)
def delete_bill(request: Request, slug: str) -> Response:
    """Delete a saved bill; runs that simulated it keep their results."""
    store_of(request).delete_bill(slug)
    return Response(status_code=204)


@router.post("/bills/{slug}/impact", status_code=202, responses={**WRITE, **BUSY})
def start_bill_impact(request: Request, slug: str, body: ImpactBody) -> JSONResponse:
    """Queue the bill's impact: the bill against its own base law, paired on the same draws, in
    its own setting or the nearest; the run's `params.impact` holds the contrast."""
    saved = store_of(request).bill(slug)
    sim = impact.request_for(saved, body.setting, body.draws, body.years)
    return _accepted(submit(request, impact.KIND, sim.model_dump(), total_steps(sim, 2)))


@router.get("/bill-templates")
def list_bill_templates(
    base: str = Query(
        "ke",
        description="the jurisdiction a bill would amend",
        json_schema_extra={"enum": list(ids())},
    ),
) -> list[dict[str, Any]]:
    """Models to start a bill from, each with the changes it makes to `base` today."""
    law = services.jurisdiction(base)
    on = services.parse_day(None)
    out = []
    for tid in templates():
        drafted = draft(tid, law, on)
        out.append(
            {
                "id": tid,
                "label": label("bill_template", tid),
                "explain": explain("bill_template", tid),
                "source": drafted.template.source,
                "changes": drafted.changes,
                "skipped": list(drafted.skipped),
            }
        )
    return out


@router.get("/settings")
def get_settings() -> dict[str, Any]:
    """Settings and metrics a simulation can use."""
    return {"settings": list(shipped()), "metrics": METRICS, "assumptions": ["default", "critics"]}


@router.get("/assumptions")
def get_assumptions() -> dict[str, Any]:
    """The assumption sets, every law-to-model link (words, sets, the evidence entry that sizes
    it) and the numbers a simulation may override (`links` and `evidence` of a simulation)."""
    return assumption_catalogue()


@router.post("/simulations", status_code=202, responses={**WRITE, **BUSY})
def start_simulation(request: Request, body: SimulationRequest) -> JSONResponse:
    """Queue a simulation; poll the job at `Location` until `status` is done or failed."""
    laws = check_laws(body, store_of(request))
    request_assumptions(body)  # invalid overrides: 422 naming the field, before any work
    job = submit(request, "simulation", body.model_dump(), total_steps(body, len(laws)))
    return _accepted(job)


def _accepted(job: Job) -> JSONResponse:
    return JSONResponse(job.as_dict(), status_code=202, headers={"Location": f"/api/jobs/{job.id}"})


@router.post("/reports", status_code=202, responses={**WRITE, **BUSY})
def start_report(request: Request, body: ReportRequest) -> JSONResponse:
    """Queue a build of the offline report; download it from the job's `report_url` when done."""
    check_bill(body, store_of(request))
    return _accepted(submit(request, "report", body.model_dump(), 1))


def finished_report(request: Request, job_id: str) -> Path:
    """The HTML of a finished report job (404 for an unknown job, 400 if not done)."""
    job = jobs_of(request).get(job_id)
    if job is None or job.kind != "report":
        raise NotFound(f"no report job {job_id!r}")
    path = job.report_path
    if path is None:
        raise Conflict(f"report job {job_id!r} is {job.status}, not done")
    if not path.exists():
        raise NotFound(f"the report of job {job_id!r} is no longer on the server; build it again")
    return path


@router.get("/reports/{job_id}/index.html", responses=file_response("text/html"))
def download_report(request: Request, job_id: str) -> FileResponse:
    """The report's self-contained HTML, as a download."""
    path = finished_report(request, job_id)
    return FileResponse(path, media_type="text/html", filename="swpolicy-report.html")


@router.get("/reports/{job_id}/report.pdf", responses=file_response("application/pdf"))
def download_report_pdf(request: Request, job_id: str) -> FileResponse:
    """The report as PDF (only when the job asked for `pdf`)."""
    pdf = finished_report(request, job_id).with_name("report.pdf")
    if not pdf.exists():
        raise NotFound("this report was built without a PDF; ask for one with pdf: true")
    return FileResponse(pdf, media_type="application/pdf", filename="swpolicy-report.pdf")


@router.get("/jobs")
def list_jobs(
    request: Request, limit: int = Query(100, ge=1, le=MAX_FINISHED_JOBS)
) -> list[dict[str, Any]]:
    """The newest jobs, newest first (finished runs are also under /api/runs)."""
    return [job.as_dict() for job in jobs_of(request).all(limit)]


@router.get("/jobs/{job_id}")
def get_job(request: Request, job_id: JobId) -> dict[str, Any]:
    """A job's status and progress (0-1); `run_id` once done; `cancel_url` or `retry_url`."""
    return job_or_404(request, job_id).as_dict()


@router.post("/jobs/{job_id}/cancel", responses=WRITE)
def cancel_job(request: Request, job_id: JobId) -> dict[str, Any]:
    """Cancel a queued job at once, a running one at its next progress step (409 if finished)."""
    return jobs_of(request).cancel(job_id).as_dict()


@router.post("/jobs/{job_id}/retry", status_code=202, responses={**WRITE, **BUSY})
def retry_job(request: Request, job_id: JobId) -> JSONResponse:
    """Queue an interrupted or cancelled job again under the same id (409 otherwise)."""
    return _accepted(jobs_of(request).retry(job_id))


@router.get("/runs")
def list_runs(request: Request) -> list[dict[str, Any]]:
    """Saved simulation runs, newest first (without their rows)."""
    return store_of(request).runs()


@router.get("/runs/{run_id}")
def get_run(request: Request, run_id: RunId) -> dict[str, Any]:
    """One saved run with its rows `{law, setting, metric, median, lo, hi}`."""
    return store_of(request).run(run_id)


@router.get("/runs/{run_id}/results.json")
def download_json(request: Request, run_id: RunId) -> JSONResponse:
    """A run's rows and inputs as a JSON download."""
    run = store_of(request).run(run_id)
    return JSONResponse(
        run,
        headers={"Content-Disposition": f'attachment; filename="swpolicy-run-{run_id}.json"'},
    )


@router.get("/runs/{run_id}/results.csv", responses=file_response("text/csv"))
def download_csv(request: Request, run_id: RunId) -> PlainTextResponse:
    """A run's rows as a CSV download."""
    run = store_of(request).run(run_id)
    return PlainTextResponse(
        rows_csv(run["rows"]),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="swpolicy-run-{run_id}.csv"'},
    )
