"""Chromium at 390 px (a phone): no page of the app scrolls sideways, with every section open.

The pages are enumerated from the app's routes (`every_page.py`), with real ids: jurisdictions,
a saved bill, a finished run, a job that did not finish. The run page is also checked for its
trajectories and "what drives this" chart, and the simulation form for its assumptions panel.
"""

from __future__ import annotations

import json
import time
import urllib.request
from collections.abc import Iterator
from typing import Any

import pytest

from swpolicy.vocabulary import label
from tests.web.browser import CHROMIUM, CHROMIUM_ARGS, live_server
from tests.web.conftest import TINY_RUN
from tests.web.every_page import BILL, JURISDICTIONS, page_paths

pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists(), reason="needs Debian's chromium at /usr/bin/chromium (make browser)"
)

if CHROMIUM.exists():
    from playwright.sync_api import Browser, Page, expect, sync_playwright

PHONE = {"width": 390, "height": 844}
OPEN_ALL = "() => document.querySelectorAll('details').forEach((d) => { d.open = true; })"


def _call(url: str, method: str = "GET", body: dict[str, Any] | None = None) -> Any:
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(
        url, data=data, method=method, headers={"Content-Type": "application/json"}
    )
    with urllib.request.urlopen(request, timeout=30) as answer:
        return json.loads(answer.read())


def _wait(base: str, job_id: str) -> dict[str, Any]:
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        job: dict[str, Any] = _call(f"{base}/api/jobs/{job_id}")
        if job["status"] not in ("queued", "running"):
            return job
        time.sleep(0.3)
    raise AssertionError(f"job {job_id} did not finish")


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, dict[str, list[str]]]]:
    with live_server(tmp_path_factory.mktemp("phones") / "web.db") as base:
        _call(f"{base}/api/bills", "POST", BILL)
        run = _wait(base, _call(f"{base}/api/simulations", "POST", TINY_RUN)["id"])
        assert run["status"] == "done", run
        other = _call(f"{base}/api/simulations", "POST", {**TINY_RUN, "seed": 7})["id"]
        _call(f"{base}/api/jobs/{other}/cancel", "POST")
        _wait(base, other)
        ids = {
            "jid": list(JURISDICTIONS),
            "slug": [str(BILL["id"])],
            "run_id": [str(run["run_id"])],
            "job_id": [other],
        }
        yield base, ids


@pytest.fixture(scope="module")
def phone(site: tuple[str, dict[str, list[str]]]) -> Iterator[Page]:
    base, _ = site
    with sync_playwright() as pw:
        chromium: Browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        context = chromium.new_context(base_url=base, viewport=PHONE)
        yield context.new_page()
        context.close()
        chromium.close()


def _paths(ids: dict[str, list[str]]) -> list[str]:
    from swpolicy.web.app import create_app

    return page_paths(create_app("sqlite://", allowed_hosts=None), ids)


def test_no_page_scrolls_sideways_at_390_px(
    phone: Page, site: tuple[str, dict[str, list[str]]]
) -> None:
    _, ids = site
    paths = _paths(ids)
    assert any(p.startswith("/runs/") for p in paths) and "/simulate" in paths
    too_wide = {}
    for path in paths:
        phone.goto(path)
        phone.evaluate(OPEN_ALL)
        width = phone.evaluate("document.scrollingElement.scrollWidth")
        if width > PHONE["width"]:
            too_wide[path] = width
    assert too_wide == {}, f"pages wider than 390 px: {too_wide}"


def test_the_run_page_on_a_phone(phone: Page, site: tuple[str, dict[str, list[str]]]) -> None:
    _, ids = site
    phone.goto(f"/runs/{ids['run_id'][0]}")
    prevalence = phone.locator("#path-fsw_prevalence svg")
    expect(prevalence).to_be_visible()
    box = prevalence.bounding_box()
    assert box is not None and box["width"] <= PHONE["width"]  # the chart scales, not cut
    expect(phone.locator("#chart-drivers svg")).to_be_visible()
    expect(phone.locator("#drivers-explained")).to_contain_text("cannot be told apart")
    phone.get_by_text("The numbers, year by year").first.click()
    expect(phone.locator("#path-fsw_prevalence table")).to_be_visible()


def test_the_assumptions_panel_switches_a_link(
    phone: Page, site: tuple[str, dict[str, list[str]]]
) -> None:
    phone.goto("/simulate")
    phone.get_by_text("Assumptions, one by one").click()
    name = label("link", "police_buying")
    switch = phone.get_by_label(f"Switch: {name}")
    expect(switch).to_be_visible()
    switch.select_option("off")
    phone.get_by_label(f"Estimate: {label('link', 'art_selling')}").fill("-5")
    phone.get_by_role("button", name="Run simulation").click()
    expect(phone.locator("#errors")).to_contain_text("evidence.map_art_selling_penalised")
    expect(phone.get_by_label(f"Switch: {name}")).to_have_value("off")  # the choice is kept
    assert phone.evaluate("document.scrollingElement.scrollWidth") <= PHONE["width"]
