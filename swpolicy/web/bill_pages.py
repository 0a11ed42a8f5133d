"""The bill pages: editor (new, template, duplicate, edit), saved bills, delete, impact, report.

Forms post back here and are validated with the CLI's checks (`services.bill_from_data`); errors
are attached to the control they concern (`bill_forms`). State-changing requests are POSTs, so
the origin check of `security.py` guards them like every other form; deleting asks first.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from swpolicy.epi.settings import load as load_setting
from swpolicy.epi.settings import shipped
from swpolicy.errors import InputError, SwpolicyError, UsageError
from swpolicy.law.bill_templates import draft, templates
from swpolicy.law.provisions import provisions
from swpolicy.law.registry import ids, load
from swpolicy.scenarios.place import SettingChoice, known_setting
from swpolicy.vocabulary import explain, label, value_label
from swpolicy.web import bill_forms, impact, services
from swpolicy.web.api import store_of, submit
from swpolicy.web.jobs import Job
from swpolicy.web.render import html
from swpolicy.web.reports import ReportRequest
from swpolicy.web.simulation import total_steps
from swpolicy.web.store import NotFound, Store

router = APIRouter(include_in_schema=False)
MAX_FIELD = 2000  # characters accepted in any one form field
# The vocabulary's functions, for templates that show provisions, regimes and findings in words.
WORDS = {"label": label, "explain": explain, "value_label": value_label}


def form_field(form: Any, name: str) -> str:
    """A posted form field as text, trimmed and cut to MAX_FIELD characters ("" if absent)."""
    value = form.get(name, "")
    return value[:MAX_FIELD].strip() if isinstance(value, str) else ""


def _default_effective() -> str:
    return date(date.today().year + 1, 1, 1).isoformat()


def _template_choices() -> list[dict[str, str]]:
    return [
        {"id": t, "label": label("bill_template", t), "explain": explain("bill_template", t)}
        for t in templates()
    ]


def _editor(
    request: Request,
    base: str,
    form: dict[str, Any],
    *,
    editing: str | None = None,
    preview: dict[str, Any] | None = None,
    error: dict[str, Any] | None = None,
    status: int = 200,
) -> HTMLResponse:
    """The editor page; `editing` is the saved bill's id when it edits one."""
    law = services.jurisdiction(base)
    on = services.parse_day(None)
    errors = bill_forms.field_errors((error or {}).get("issues", []))
    action = f"/bills/{editing}/edit" if editing else "/bills/new"
    context = {
        "title": f"Edit {form['title'] or editing}" if editing else "Bill editor",
        "base": base,
        "base_name": law.name,
        "laws": services.law_choices(),
        "controls": bill_forms.controls(law, on, form),
        "templates": _template_choices(),
        "form": form,
        "preview": preview,
        "error": error,
        "errors": errors,
        "editing": editing,
        "action": action,
        "on": on,
        **WORDS,
    }
    return html(request, "bill_editor.html", context, status)


@router.get("/bills/new", response_class=HTMLResponse)
def bill_editor(
    request: Request,
    base: str = Query("nz", max_length=12),
    template: str = Query("", max_length=40),
    copy: str = Query("", max_length=64, alias="from", description="a saved bill to duplicate"),
) -> HTMLResponse:
    """A new bill: empty, started from a template, or a copy of a saved bill."""
    form: dict[str, Any] = {"id": "", "title": "", "effective": _default_effective(), "changes": {}}
    if copy:
        saved = store_of(request).bill(copy)
        base = saved["base"]
        form = bill_forms.form_of(saved)
        form["id"], form["title"] = f"{saved['id']}-copy"[:64], f"Copy of {saved['title']}"[:300]
    elif template:  # an unknown template is a UsageError listing the known ones
        drafted = draft(template, services.jurisdiction(base), services.parse_day(None))
        form = bill_forms.from_template(drafted, _default_effective())
        form["source_name"] = load(drafted.template.source).name
    return _editor(request, base, form)


def _posted(raw: Any) -> dict[str, Any]:
    changes: dict[str, Any] = {}
    for control in provisions():
        value = form_field(raw, f"change_{control}")
        if value:
            changes[control] = int(value) if value.isascii() and value.isdigit() else value
    return {
        "id": form_field(raw, "id"),
        "title": form_field(raw, "title"),
        "effective": form_field(raw, "effective"),
        "description": form_field(raw, "description"),
        "changes": changes,
    }


async def _submit(request: Request, editing: str | None) -> Response:
    raw = await request.form()
    base = form_field(raw, "base")
    if base not in ids():
        raise NotFound(f"unknown jurisdiction {base!r}")
    store = store_of(request)
    saved = store.bill(editing) if editing else None
    form = _posted(raw)
    data = bill_forms.document_of(form, base, saved)
    save = form_field(raw, "action") == "save"
    try:  # off the event loop, as in the API
        preview, slug = await run_in_threadpool(_check_bill, store, data, save, editing)
        if slug is not None:
            return RedirectResponse(f"/bills/{slug}", status_code=303)
    except InputError as exc:
        error = {
            "detail": f"{len(exc.issues)} problem(s) found; each is shown beside its field",
            "issues": [i.as_dict() for i in exc.issues],
        }
        return _editor(request, base, form, editing=editing, error=error, status=422)
    except SwpolicyError as exc:  # an id already saved
        error = {"detail": str(exc), "issues": [{"field": "id", "message": str(exc)}]}
        return _editor(request, base, form, editing=editing, error=error, status=409)
    return _editor(request, base, form, editing=editing, preview=preview)


def _check_bill(
    store: Store, data: dict[str, Any], save: bool, editing: str | None
) -> tuple[dict[str, Any], str | None]:
    """Validate a bill from the editor, preview it and, if asked, save it (its id, else None)."""
    bill, document = services.bill_from_data(data)
    preview = services.bill_preview(bill)
    if not save:
        return preview, None
    if editing:
        store.update_bill(editing, bill.spec, document)
    else:
        store.save_bill(bill.spec, document)
    return preview, bill.id


@router.post("/bills/new", response_class=HTMLResponse)
async def bill_submit(request: Request) -> Response:
    return await _submit(request, None)


@router.post("/bills/upload", response_class=HTMLResponse)
async def bill_upload(request: Request) -> Response:
    """Save a bill file (YAML, as `swpolicy law validate` reads it) chosen on the editor page.

    Its problems are those of the CLI, located by line and column in the file the user wrote.
    """
    raw = await request.form()
    upload = raw.get("file")
    if upload is None or isinstance(upload, str):
        raise UsageError("file: choose a bill file (YAML) to upload")
    name = (upload.filename or "bill.yaml")[:200]
    try:
        text = (await upload.read()).decode("utf-8")
    except UnicodeDecodeError:
        raise UsageError(f"file: {name} is not UTF-8 text") from None
    store = store_of(request)
    try:
        slug = await run_in_threadpool(_save_upload, store, text, name)
    except InputError as exc:
        error = {"detail": f"{name}: {len(exc.issues)} problem(s) found", "issues": exc.issues}
        context = {"title": "Bill file not saved", "error": error, "name": name}
        return html(request, "bill_upload.html", context, 422)
    return RedirectResponse(f"/bills/{slug}", status_code=303)


def _save_upload(store: Store, text: str, name: str) -> str:
    bill, document = services.bill_from_text(text, name=name)
    services.bill_preview(bill)  # computed first: a failure here saves nothing
    store.save_bill(bill.spec, document)
    return bill.id


@router.get("/bills", response_class=HTMLResponse)
def bills(request: Request, deleted: str = Query("", max_length=64)) -> HTMLResponse:
    listed = store_of(request).bills()
    names = {jid: load(jid).name for jid in {b["base"] for b in listed}}
    context = {"title": "Saved bills", "bills": listed, "names": names, "deleted": deleted}
    return html(request, "bills.html", context)


def _option_label(setting: str, default: SettingChoice) -> str:
    """A setting in the bill page's choice: its name and, for the default, what kind it is."""
    if setting != default.setting:
        return load_setting(setting).label
    return f"{default.label} ({label('setting_place', default.kind).lower()})"


def _impact_context(store: Store, saved: dict[str, Any]) -> dict[str, Any]:
    base = load(saved["base"])
    start = impact.start_day(saved)
    nearest = impact.nearest_setting(base, start)
    found = impact.latest(store, saved["id"])
    stale = found is not None and found["digest"] != impact.bill_digest(saved["document"])
    # The bill's own (or built) setting first, then every shipped one (borrowed for this bill).
    ids = [nearest.setting, *[s for s in shipped() if s != nearest.setting]]
    settings = [{"id": s, "label": _option_label(s, nearest)} for s in ids]
    return {
        "nearest": nearest,
        "estimate": found,
        "stale": stale,
        "settings": settings,
        "precision": {k: (impact.PRECISION_WORDS[k], n) for k, n in impact.PRECISION.items()},
        "start": start,
    }


@router.get("/bills/{slug}", response_class=HTMLResponse)
def bill_page(request: Request, slug: str) -> HTMLResponse:
    store = store_of(request)
    saved = store.bill(slug)
    bill, _ = services.bill_from_data(saved["document"], name=f"bill:{slug}")
    found = _impact_context(store, saved)
    context = {
        "title": saved["title"],
        "bill": saved,
        "base_name": load(saved["base"]).name,
        "preview": services.bill_preview(bill),
        **WORDS,
        **found,
        "headline": impact.headline(found["estimate"]) if found["estimate"] else "",
        "years_text": impact.years_text,
    }
    return html(request, "bill.html", context)


@router.get("/bills/{slug}/edit", response_class=HTMLResponse)
def bill_edit(request: Request, slug: str, base: str = Query("", max_length=12)) -> HTMLResponse:
    saved = store_of(request).bill(slug)
    return _editor(request, base or saved["base"], bill_forms.form_of(saved), editing=slug)


@router.post("/bills/{slug}/edit", response_class=HTMLResponse)
async def bill_edit_submit(request: Request, slug: str) -> Response:
    return await _submit(request, slug)


@router.get("/bills/{slug}/delete", response_class=HTMLResponse)
def bill_delete_confirm(request: Request, slug: str) -> HTMLResponse:
    saved = store_of(request).bill(slug)
    base_name = load(saved["base"]).name
    context = {"title": f"Delete {saved['title']}?", "bill": saved, "base_name": base_name}
    return html(request, "bill_delete.html", context)


@router.post("/bills/{slug}/delete", response_class=HTMLResponse)
def bill_delete(request: Request, slug: str) -> Response:
    store_of(request).delete_bill(slug)
    return RedirectResponse(f"/bills?deleted={slug}", status_code=303)


@router.post("/bills/{slug}/impact", response_class=HTMLResponse)
async def bill_impact(request: Request, slug: str) -> Response:
    """Queue the bill's impact estimate (the bill against its base law) as a job."""
    raw = await request.form()
    saved = store_of(request).bill(slug)
    setting = form_field(raw, "setting") or None
    if setting is not None and not known_setting(setting):
        raise UsageError(
            f"setting: unknown {setting!r}; expected one of {', '.join(shipped())} or "
            "built-<jurisdiction id>"
        )
    precision = form_field(raw, "precision") or "quick"
    if precision not in impact.PRECISION:
        raise UsageError(f"precision: expected one of {', '.join(impact.PRECISION)}")
    body = impact.request_for(saved, setting, impact.PRECISION[precision])
    job = submit(request, impact.KIND, body.model_dump(), total_steps(body, 2))
    return RedirectResponse(f"/jobs/{job.id}", status_code=303)


@router.post("/bills/{slug}/report", response_class=HTMLResponse)
def bill_report(request: Request, slug: str) -> Response:
    """Queue the offline report with this bill against its own base law, in its own place
    first, then the Lancet 2015 settings (as `swpolicy report --bill` does)."""
    from swpolicy.scenarios.lancet import lancet_settings

    saved = store_of(request).bill(slug)
    context = _impact_context(store_of(request), saved)
    nearest = context["nearest"].setting
    settings = [nearest, *[s for s in lancet_settings() if s != nearest]]
    body = ReportRequest.model_validate(
        {"bill": slug, "settings": settings, "at": context["start"].isoformat()}
    )
    job = submit(request, "report", body.model_dump(), 1)
    return RedirectResponse(f"/jobs/{job.id}", status_code=303)


def finished_url(job: Job) -> str:
    """Where a finished job's page leads: a bill's impact back to its bill, a run to the run."""
    if job.kind == impact.KIND:
        slug = str(job.request["laws"][-1]).removeprefix(services.BILL_PREFIX)
        return f"/bills/{slug}#impact"
    return f"/runs/{job.run_id}"
