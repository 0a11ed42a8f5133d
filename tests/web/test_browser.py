"""End-to-end tests in headless Chromium (Debian's, via Playwright) against a live server.

Each test drives the pages as a person would. A failed test saves a screenshot and prints its
path (see `conftest.py`). With SWPOLICY_SCREENSHOTS=docs/screenshots the tests also save a
screenshot of each main page for the README.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from swpolicy.law import classify, ids, load
from swpolicy.scenarios.simulate import METRICS
from swpolicy.vocabulary import label
from tests.web.browser import (
    CHROMIUM,
    CHROMIUM_ARGS,
    COLOURS_JS,
    SHOTS,
    UNLABELLED_JS,
    contrast,
    live_server,
)

pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists(), reason="needs Debian's chromium at /usr/bin/chromium (make browser)"
)

if CHROMIUM.exists():
    from playwright.sync_api import Browser, Page, expect, sync_playwright


@pytest.fixture(scope="module")
def base_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with live_server(tmp_path_factory.mktemp("browser") / "web.db") as url:
        yield url


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser: Browser, base_url: str) -> Iterator[Page]:
    context = browser.new_context(
        base_url=base_url, viewport={"width": 1280, "height": 900}, accept_downloads=True
    )
    tab = context.new_page()
    outside: list[str] = []
    refused: list[str] = []
    tab.on("request", lambda r: None if r.url.startswith(base_url) else outside.append(r.url))
    tab.on("console", lambda m: refused.append(m.text) if "Refused" in m.text else None)
    yield tab
    context.close()
    assert outside == [], f"requests left the machine: {outside}"
    assert refused == [], f"Content-Security-Policy violations: {refused}"


def shot(page: Page, name: str) -> None:
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(SHOTS) / f"{name}.png"), full_page=False)


def test_overview_and_jurisdiction(page: Page) -> None:
    page.goto("/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Overview")
    shot(page, "overview")
    page.get_by_role("link", name="Jurisdictions", exact=True).click()
    expect(page.locator("#jurisdictions tbody tr")).to_have_count(len(ids()))
    shot(page, "jurisdictions")
    page.get_by_role("link", name="Sweden", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Sweden")
    regime = label("regime", classify(load("se"), "wikipedia").regime)
    expect(page.locator("#classification + table")).to_contain_text(regime)
    expect(page.locator("#provisions + table")).to_contain_text("Criminal offence")
    shot(page, "jurisdiction")


def test_compare_two_with_the_keyboard(page: Page) -> None:
    page.goto("/compare")
    page.select_option("#a", "nz")
    page.select_option("#b", "se")
    page.focus("#b")
    # Tab through the date field (one stop per part of the date) to the button.
    for _ in range(6):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.tagName") == "BUTTON":
            break
    assert page.evaluate("document.activeElement.textContent") == "Compare"
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/compare\?a=nz&b=se"))
    buying = page.locator("tr.changed", has_text="buying").first
    expect(buying).to_contain_text("legal")
    expect(buying).to_contain_text("criminal")
    shot(page, "compare")


def test_create_and_save_a_bill(page: Page) -> None:
    page.goto("/bills/new?base=nz")
    page.get_by_label("Bill id").fill("nz-e2e-purchase")
    page.get_by_label("Title").fill("Purchase offence (browser test)")
    page.get_by_label("Buying", exact=True).select_option("criminal")
    page.get_by_role("button", name="Preview changes").click()
    row = f"{label('provision', 'buying')} {label('status', 'legal')} "
    row += f"{label('status', 'criminal')} changed"
    expect(page.get_by_role("row", name=row)).to_be_visible()
    page.get_by_role("button", name="Save bill").click()
    page.wait_for_url("**/bills/nz-e2e-purchase")
    expect(page.get_by_role("heading", level=1)).to_have_text("Purchase offence (browser test)")
    page.goto("/bills")
    expect(
        page.get_by_role("link", name="Purchase offence (browser test)", exact=True)
    ).to_be_visible()


def test_bill_errors_are_shown_next_to_the_form(page: Page) -> None:
    page.goto("/bills/new?base=nz")
    page.get_by_label("Bill id").fill("nothing-changes")
    page.get_by_label("Title").fill("No changes")
    page.get_by_role("button", name="Preview changes").click()
    expect(page.get_by_role("alert")).to_contain_text("choose a new value")
    expect(page.locator("#err-changes")).to_contain_text("changes nothing yet")


def test_simulation_chart_and_downloads(page: Page, tmp_path: Path) -> None:
    page.goto("/simulate")
    page.get_by_label("Setting").select_option("vancouver")
    page.get_by_label("Laws and saved bills").select_option(["nz", "se"])
    page.get_by_label("Projection start").fill("2024-01-01")
    page.get_by_label("Years projected").fill("3")
    page.get_by_label("Draws before calibration").fill("300")
    page.get_by_role("button", name="Run simulation").click()
    page.wait_for_url(re.compile(r"/runs/\d+$"), timeout=60_000)
    expect(page.locator("#h-outcomes + .charts svg.chart")).to_have_count(len(METRICS))
    expect(page.locator("#chart-hiv_infections svg circle")).to_have_count(3)
    shot(page, "simulation")
    with page.expect_download() as info:
        page.locator("#download-csv").click()
    path = tmp_path / "results.csv"
    info.value.save_as(path)
    rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))
    assert {r["law"] for r in rows} == {"ca", "nz", "se"}
    with page.expect_download() as info:
        page.locator("#download-json").click()
    info.value.save_as(tmp_path / "results.json")
    assert len(json.loads((tmp_path / "results.json").read_text())["rows"]) == len(rows)


PAGES = ["/", "/jurisdictions", "/jurisdictions/nz", "/compare?a=nz&b=se", "/bills/new"]


@pytest.mark.parametrize("path", [*PAGES, "/simulate", "/report"])
def test_labels_and_contrast(page: Page, path: str) -> None:
    page.goto(path)
    assert page.evaluate(UNLABELLED_JS) == []
    for selector in ("main p", "main a", "nav a", "button", "th", "td", "label", ".status"):
        for fg, bg, text in page.evaluate(COLOURS_JS, selector):
            assert contrast(fg, bg) >= 4.5, (selector, text, fg, bg)


def test_build_and_download_the_report(page: Page, tmp_path: Path) -> None:
    page.goto("/report")
    for name in ("mombasa", "bellary"):
        page.get_by_label(name).uncheck()
    page.get_by_label("Projection start").fill("2024-01-01")
    page.get_by_label("Years projected").fill("3")
    page.get_by_label("Draws before calibration").fill("300")
    page.get_by_label("Sensitivity samples").fill("16")
    page.get_by_role("button", name="Build the report").click()
    link = page.locator("#download-report")
    expect(link).to_be_visible(timeout=120_000)
    with page.expect_download() as info:
        link.click()
    info.value.save_as(tmp_path / "report.html")
    text = (tmp_path / "report.html").read_text(encoding="utf-8")
    assert "vancouver" in text.lower() and 'src="http' not in text


def test_api_docs_work_offline(page: Page) -> None:
    page.goto("/docs")
    expect(page.locator(".swagger-ui")).to_contain_text("/api/bills", timeout=15_000)
