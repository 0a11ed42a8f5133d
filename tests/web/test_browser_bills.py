"""Chromium: the bill editor (edit, duplicate, delete, templates, errors at their field, the
preview beside the form), a bill's impact next to it, and the bill pages at 390 px."""

from __future__ import annotations

import time
from datetime import date
from typing import Any

import pytest

from swpolicy.law.bill_templates import draft
from swpolicy.law.registry import load
from swpolicy.scenarios.place import setting_for
from swpolicy.vocabulary import explain, label, value_label
from tests.web.browser import CHROMIUM
from tests.web.test_browser import base_url, browser, page, shot  # noqa: F401 - shared fixtures

pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists(), reason="needs Debian's chromium at /usr/bin/chromium (make browser)"
)

if CHROMIUM.exists():
    from playwright.sync_api import Browser, Page, expect


def bill(slug: str, **changes: str) -> dict[str, Any]:
    return {
        "id": slug,
        "title": f"Bill {slug}",
        "base": "ke",
        "effective": "2027-01-01",
        "changes": changes or {"soliciting": "legal"},
    }


def saved(tab: Page, body: dict[str, Any]) -> str:
    """Save a bill through the API (as a script would) and return its id."""
    response = tab.request.post("/api/bills", data=body)
    assert response.status == 201, response.text()
    return str(body["id"])


def estimate(tab: Page, slug: str) -> str:
    """Estimate a bill's impact with few draws (through the API) and wait; return the job id."""
    started = tab.request.post(f"/api/bills/{slug}/impact", data={"draws": 100, "years": 1})
    assert started.status == 202, started.text()
    job_url = started.headers["location"]
    deadline = time.monotonic() + 300
    while (job := tab.request.get(job_url).json())["status"] in ("queued", "running"):
        assert time.monotonic() < deadline, "the impact job did not finish"
        time.sleep(0.3)
    assert job["status"] == "done", job
    return str(job["id"])


def test_edit_duplicate_and_delete_a_bill(page: Page) -> None:  # noqa: F811
    page.goto("/bills/new?base=ke")
    page.get_by_label("Bill id").fill("ke-e2e-edit")
    page.get_by_label("Title").fill("Purchase offence")
    page.get_by_label("Buying", exact=True).select_option(label=label("status", "criminal"))
    page.get_by_role("button", name="Save bill").click()
    page.wait_for_url("**/bills/ke-e2e-edit")
    page.get_by_role("link", name="Edit", exact=True).click()
    page.wait_for_url("**/bills/ke-e2e-edit/edit")
    expect(page.get_by_label("Buying", exact=True)).to_have_value("criminal")
    page.get_by_label("Title").fill("Purchase offence, soliciting repealed")
    page.get_by_label("Soliciting in public").select_option(label=label("status", "legal"))
    page.get_by_role("button", name="Save changes").click()
    page.wait_for_url("**/bills/ke-e2e-edit")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Purchase offence, soliciting repealed"
    )
    soliciting = page.locator("tr.changed", has_text=label("provision", "soliciting"))
    expect(soliciting).to_contain_text(value_label("soliciting", "legal"))
    shot(page, "bill-page")

    page.get_by_role("link", name="Duplicate", exact=True).click()
    expect(page.get_by_label("Bill id")).to_have_value("ke-e2e-edit-copy")
    expect(page.get_by_label("Soliciting in public")).to_have_value("legal")
    page.get_by_role("button", name="Save bill").click()
    page.wait_for_url("**/bills/ke-e2e-edit-copy")

    page.get_by_role("link", name="Delete", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Delete")
    page.get_by_role("button", name="Delete this bill").click()
    page.wait_for_url("**/bills?deleted=ke-e2e-edit-copy")
    expect(page.get_by_role("status")).to_contain_text("was deleted")
    expect(page.locator("a[href='/bills/ke-e2e-edit-copy']")).to_have_count(0)
    expect(page.locator("a[href='/bills/ke-e2e-edit']")).to_have_count(1)
    response = page.goto("/bills/ke-e2e-edit-copy")
    assert response is not None and response.status == 404
    expect(page.locator("main")).to_contain_text("deleted")


def test_start_from_a_template_with_the_preview_beside_the_form(page: Page) -> None:  # noqa: F811
    page.goto("/bills/new")
    page.get_by_label("Base law (the law the bill amends)").select_option("ke")
    page.get_by_label("Template").select_option(
        label=label("bill_template", "decriminalise-like-nz")
    )
    page.get_by_role("button", name="Start", exact=True).click()
    expect(page.locator("#template-notice")).to_contain_text("New Zealand")
    drafted = draft("decriminalise-like-nz", load("ke"), date.today())
    for pid, value in drafted.changes.items():
        expect(page.locator(f"#change_{pid}")).to_have_value(str(value))
    page.get_by_label("Bill id").fill("ke-e2e-nz-model")
    page.get_by_label("Title").fill("Decriminalisation on the New Zealand model")
    page.get_by_role("button", name="Preview changes").click()
    preview = page.locator("#preview")
    expect(preview.locator("tr.changed").first).to_be_visible()
    expect(preview).to_be_focused()
    form_box, preview_box = page.locator("#bill-form").bounding_box(), preview.bounding_box()
    assert form_box is not None and preview_box is not None
    assert preview_box["x"] >= form_box["x"] + form_box["width"] - 1  # beside, not below
    assert preview_box["y"] < 900  # in view without scrolling down the form
    shot(page, "bill-editor")
    page.get_by_role("button", name="Save bill").click()
    page.wait_for_url("**/bills/ke-e2e-nz-model")


def test_errors_sit_beside_the_field_in_words(page: Page) -> None:  # noqa: F811
    page.goto("/bills/new?base=ke")
    page.get_by_label("Bill id").fill("ke-e2e-errors")
    page.get_by_label("Title").fill("Licensed brothels without a licence scheme")
    brothels = page.get_by_label("Brothel keeping")
    brothels.select_option(label=label("status", "regulated"))
    expect(page.locator("#hint_brothel_keeping")).to_have_text(explain("status", "regulated"))
    page.get_by_role("button", name="Preview changes").click()
    alert = page.get_by_role("alert")
    expect(alert).to_be_focused()
    error = page.locator("#err-brothel_keeping")
    expect(error).to_contain_text(label("status", "regulated"))
    expect(error).to_contain_text(label("licensing", "none"))
    expect(brothels).to_have_attribute("aria-invalid", "true")
    assert "err-brothel_keeping" in (brothels.get_attribute("aria-describedby") or "")
    assert "column" not in page.locator("main").inner_text()  # no YAML line/column
    alert.get_by_role("link", name=label("provision", "brothel_keeping")).click()
    expect(brothels).to_be_focused()


def test_impact_next_to_a_bill(page: Page) -> None:  # noqa: F811
    slug = saved(page, bill("ke-e2e-impact", soliciting="legal", working_together="legal"))
    job_id = estimate(page, slug)
    page.goto(f"/jobs/{job_id}")  # a finished job leads back to the bill
    page.wait_for_url(f"**/bills/{slug}#impact")
    headline = page.locator("#impact-headline")
    own = setting_for(load("ke"), date.today()).label  # Kenya's own setting
    expect(headline).to_contain_text(f"In {own}, this bill would")
    expect(headline).to_contain_text("compared with Kenya's current law")
    expect(headline).to_contain_text("probability it is better")
    expect(page.locator("#impact-table tbody tr")).not_to_have_count(0)
    shot(page, "bill-impact")
    page.locator("#impact-run").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Run")
    page.goto(f"/bills/{slug}")
    page.get_by_role("button", name="Estimate again").click()  # the page queues a job too
    expect(page.get_by_role("heading", level=1)).to_have_text("Bill impact")
    page.get_by_role("button", name="Cancel this job").click()
    expect(page.locator("#job-status")).to_contain_text("cancelled")


PHONE_PAGES = [
    "/bills/new",
    "/bills/new?base=ke&template=licensing-like-de",
    "/bills",
    "/bills/{slug}",
    "/bills/{slug}/edit",
    "/bills/{slug}/delete",
]


def test_bill_pages_fit_a_phone(browser: Browser, base_url: str) -> None:  # noqa: F811
    """No sideways scrolling at 390 px on any bill page, with a preview and an impact shown."""
    context = browser.new_context(base_url=base_url, viewport={"width": 390, "height": 844})
    tab = context.new_page()
    if tab.request.get("/api/bills/ke-e2e-phone").status == 404:
        estimate(tab, saved(tab, bill("ke-e2e-phone")))  # the bill page with its impact
    wide = {}
    for path in PHONE_PAGES:
        tab.goto(path.format(slug="ke-e2e-phone"))
        if path.endswith("/edit"):  # with the preview's tables shown
            tab.get_by_role("button", name="Preview changes").click()
            expect(tab.locator("#preview tr.changed").first).to_be_visible()
        width = tab.evaluate("document.documentElement.scrollWidth")
        if width > 390:
            wide[path] = width
    context.close()
    assert wide == {}, f"pages wider than 390 px: {wide}"
