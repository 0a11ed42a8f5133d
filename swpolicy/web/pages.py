"""HTML pages: overview, jurisdictions, compare, bill editor, simulation and runs.

Pages are server-rendered and work without JavaScript; the one script (`static/app.js`) only
polls a running job's progress. Forms post back here and are validated with the same code as
the API, so the messages on a page are those of the CLI.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import ValidationError

from swpolicy.epi.settings import shipped
from swpolicy.errors import InputError, SwpolicyError
from swpolicy.law.registry import ids
from swpolicy.scenarios.lancet import lancet_settings
from swpolicy.vocabulary import label
from swpolicy.web import places, services
from swpolicy.web.api import JobId, RunId, job_or_404, jobs_of, store_of, submit
from swpolicy.web.bill_pages import finished_url
from swpolicy.web.bill_pages import form_field as _field
from swpolicy.web.bill_pages import router as bill_router
from swpolicy.web.impact import KIND as IMPACT_KIND
from swpolicy.web.render import html
from swpolicy.web.reports import ReportRequest
from swpolicy.web.run_page import changed_numbers, form_overrides, panel_context, run_context
from swpolicy.web.simulation import (
    SimulationRequest,
    check_laws,
    request_assumptions,
    total_steps,
)

router = APIRouter(include_in_schema=False)
router.include_router(bill_router)  # the bill pages (editor, saved bills, impact, report)
AT = Query(None, max_length=10)
LAWS_Q = Query([], description="laws to preselect")
FORM = {"form": True}  # validation context: form values are text, numbers included


def _laws() -> list[dict[str, str]]:
    return services.law_choices()


@router.get("/", response_class=HTMLResponse)
def overview(request: Request) -> HTMLResponse:
    on = date.today()
    store = store_of(request)
    return html(
        request,
        "overview.html",
        {
            "title": "Overview",
            "on": on,
            "n_laws": len(ids()),
            "regimes": services.regime_counts(on),
            "bills": store.bills(),
            "runs": store.runs()[:5],
            "settings": shipped(),
        },
    )


@router.get("/jurisdictions", response_class=HTMLResponse)
def jurisdictions(
    request: Request,
    at: str | None = AT,
    scheme: str = Query("wikipedia", max_length=20),
    q: str = Query("", max_length=places.MAX_QUERY),
    region: str = Query("", max_length=40),
    regime: str = Query("", max_length=40),
    provision: str = Query("", max_length=40),
    status: str = Query("", max_length=40),
    sort: str = Query("name", max_length=10),
) -> HTMLResponse:
    on = services.parse_day(at)
    filters = places.Filters(scheme, q, region, regime, provision, status, sort)
    context = places.list_context(on, filters)
    return html(request, "jurisdictions.html", {"title": "Jurisdictions", "on": on, **context})


@router.get("/jurisdictions/{jid}", response_class=HTMLResponse)
def jurisdiction(request: Request, jid: str, at: str | None = AT) -> HTMLResponse:
    on = services.parse_day(at)
    info = services.detail(jid, on)
    context = {"on": on, "jid": jid, **info, **places.profile_context(jid, on)}
    return html(request, "jurisdiction.html", {"title": info["snapshot"]["name"], **context})


@router.get("/glossary", response_class=HTMLResponse)
def glossary(request: Request) -> HTMLResponse:
    context = {"title": "Glossary", **places.glossary_context()}
    return html(request, "glossary.html", context)


@router.get("/compare", response_class=HTMLResponse)
def compare(
    request: Request,
    a: str | None = Query(None, max_length=12),
    b: str | None = Query(None, max_length=12),
    at: str | None = AT,
) -> HTMLResponse:
    on = services.parse_day(at)
    result = services.compare(a, b, on) if a and b else None
    context = {"title": "Compare", "on": on, "a": a, "b": b, "result": result, "laws": _laws()}
    return html(request, "compare.html", context)


def _listing(path: str, title: str, key: str) -> None:
    """A page listing what the store holds under `key` (bills, runs), with template `key`.html."""

    def page(request: Request) -> HTMLResponse:
        items = getattr(store_of(request), key)()
        return html(request, f"{key}.html", {"title": title, key: items})

    page.__name__ = key
    router.get(path, response_class=HTMLResponse)(page)


def _simulate_form(
    request: Request, form: dict[str, Any], error: dict[str, Any] | None = None, status: int = 200
) -> HTMLResponse:
    context = {
        "title": "Simulate",
        "laws": _laws(),
        "bills": store_of(request).bills(),
        "settings": [{"id": s, "label": label("setting", s)} for s in shipped()],
        "form": form,
        "error": error,
        **panel_context(form, error),
    }
    return html(request, "simulate.html", context, status)


@router.get("/simulate", response_class=HTMLResponse)
def simulate_page(request: Request, law: list[str] = LAWS_Q) -> HTMLResponse:
    defaults = SimulationRequest.model_fields
    form = {
        "setting": "mombasa",
        "laws": [str(x)[:80] for x in law[:8]] or ["nz", "se"],
        "at": "",
        "years": defaults["years"].default,
        "draws": defaults["draws"].default,
        "seed": defaults["seed"].default,
        "assumptions": "default",
        "driver_samples": defaults["driver_samples"].default,
        "links": {},
        "numbers": {},
    }
    return _simulate_form(request, form)


def _form_error(exc: ValidationError) -> dict[str, Any]:
    issues = [
        {"field": ".".join(str(p) for p in e["loc"]), "message": e["msg"]}
        for e in exc.errors(include_url=False)
    ]
    return {"detail": f"{len(issues)} problem(s) found", "issues": issues}


@router.post("/simulate", response_class=HTMLResponse)
async def simulate_submit(request: Request) -> Response:
    raw = await request.form()
    form: dict[str, Any] = {
        key: _field(raw, key)
        for key in ("setting", "at", "years", "draws", "seed", "assumptions", "driver_samples")
    }
    form["laws"] = [str(v)[:80] for v in raw.getlist("laws")][:20]
    form["links"], form["numbers"] = form_overrides(raw, _field)
    data = {k: v for k, v in form.items() if v != "" and k != "numbers"}
    if str(data.get("driver_samples", "")).isdigit():  # a choice of numbers, sent as text
        data["driver_samples"] = int(data["driver_samples"])
    data["evidence"] = changed_numbers(form["numbers"])
    try:
        body = SimulationRequest.model_validate(data, context=FORM)
        laws = check_laws(body, store_of(request))
        request_assumptions(body)
    except ValidationError as exc:
        return _simulate_form(request, form, _form_error(exc), 422)
    except InputError as exc:
        issues = [{"field": i.field, "message": i.message} for i in exc.issues]
        error = {"detail": f"{len(issues)} problem(s) found", "issues": issues}
        return _simulate_form(request, form, error, 422)
    except SwpolicyError as exc:
        return _simulate_form(request, form, {"detail": str(exc), "issues": []}, 422)
    job = submit(request, "simulation", body.model_dump(), total_steps(body, len(laws)))
    return RedirectResponse(f"/jobs/{job.id}", status_code=303)


@router.get("/jobs/{job_id}", response_class=HTMLResponse)
def job_page(request: Request, job_id: JobId) -> Response:
    job = job_or_404(request, job_id)
    if job.status == "done" and job.run_id is not None:
        return RedirectResponse(finished_url(job), status_code=303)
    title = {"report": "Report", IMPACT_KIND: "Bill impact"}.get(job.kind, "Simulation")
    return html(request, "job.html", {"title": title, "job": job.as_dict()})


@router.post("/jobs/{job_id}/cancel", response_class=HTMLResponse)
def job_cancel(request: Request, job_id: JobId) -> Response:
    jobs_of(request).cancel(job_id)
    return RedirectResponse(f"/jobs/{job_id}", status_code=303)


@router.post("/jobs/{job_id}/retry", response_class=HTMLResponse)
def job_retry(request: Request, job_id: JobId) -> Response:
    jobs_of(request).retry(job_id)
    return RedirectResponse(f"/jobs/{job_id}", status_code=303)


_listing("/runs", "Runs", "runs")


@router.get("/runs/{run_id}", response_class=HTMLResponse)
def run_page(request: Request, run_id: RunId) -> HTMLResponse:
    run = store_of(request).run(run_id)
    return html(request, "run.html", {"title": f"Run {run_id}", **run_context(run)})


def _report_form(
    request: Request, form: dict[str, Any], error: dict[str, Any] | None = None, status: int = 200
) -> HTMLResponse:
    context = {"title": "Report", "settings": shipped(), "form": form, "error": error}
    return html(request, "report.html", context, status)


@router.get("/report", response_class=HTMLResponse)
def report_page(request: Request) -> HTMLResponse:
    fields = ReportRequest.model_fields
    form = {
        "at": "",
        "settings": lancet_settings(),  # the default settings are checked on the form
        **{k: fields[k].default for k in ("draws", "years", "seed", "samples")},
        "assumptions": "default",
        "pdf": False,
    }
    return _report_form(request, form)


@router.post("/report", response_class=HTMLResponse)
async def report_submit(request: Request) -> Response:
    raw = await request.form()
    keys = ("at", "draws", "years", "seed", "samples", "assumptions")
    form: dict[str, Any] = {key: _field(raw, key) for key in keys}
    form["settings"] = [str(v)[:40] for v in raw.getlist("settings")][:10]
    form["pdf"] = _field(raw, "pdf") == "yes"
    try:
        body = ReportRequest.model_validate(
            {k: v for k, v in form.items() if v != ""}, context=FORM
        )
    except ValidationError as exc:
        return _report_form(request, form, _form_error(exc), 422)
    job = submit(request, "report", body.model_dump(), 1)
    return RedirectResponse(f"/jobs/{job.id}", status_code=303)
