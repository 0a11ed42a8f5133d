"""Chromium: the world map (click, keyboard), search and filters, and phones at 390 px."""

from __future__ import annotations

import pytest

from tests.web.browser import CHROMIUM
from tests.web.test_browser import base_url, browser, page, shot  # noqa: F401 - shared fixtures

pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists(), reason="needs Debian's chromium at /usr/bin/chromium (make browser)"
)

if CHROMIUM.exists():
    from playwright.sync_api import Browser, Page, expect

ROWS = "#jurisdictions tbody tr"


def test_clicking_a_country_opens_its_profile(page: Page) -> None:  # noqa: F811
    page.goto("/jurisdictions?at=2024-01-01")
    brazil = page.locator('svg.world-map a[data-id="br"]')
    expect(brazil).to_have_attribute("aria-label", "Brazil: Abolitionism")
    shot(page, "jurisdictions-map")
    brazil.click()
    expect(page).to_have_url("/jurisdictions/br?at=2024-01-01")
    expect(page.get_by_role("heading", level=1)).to_have_text("Brazil")
    expect(page.locator("#summary")).to_contain_text("Selling sex")
    shot(page, "jurisdiction-summary")


def test_the_map_is_reachable_with_the_keyboard(page: Page) -> None:  # noqa: F811
    page.goto("/jurisdictions?at=2024-01-01")
    focused = ""
    for _ in range(60):  # past the navigation and the filters, into the map
        page.keyboard.press("Tab")
        focused = page.evaluate(
            "() => document.activeElement.closest('svg.world-map') ? "
            "document.activeElement.getAttribute('data-id') : ''"
        )
        if focused:
            break
    assert focused, "no map link took the focus"
    width = page.evaluate(
        "() => getComputedStyle(document.activeElement.querySelector('path')).strokeWidth"
    )
    assert width == "3px"  # the focused country is outlined
    page.keyboard.press("Enter")
    expect(page).to_have_url(f"/jurisdictions/{focused}?at=2024-01-01")


def test_search_and_filters(page: Page) -> None:  # noqa: F811
    page.goto("/jurisdictions?at=2024-01-01")
    page.get_by_label("Search by name", exact=True).fill("zeal")
    page.get_by_label("Search by name", exact=True).press("Enter")
    expect(page.locator(ROWS)).to_have_count(1)
    expect(page.locator(ROWS)).to_contain_text("New Zealand")
    page.get_by_role("link", name="Clear", exact=True).click()
    page.get_by_label("Region", exact=True).select_option("Europe")
    page.get_by_label("Map one provision").select_option("buying")
    page.get_by_label("Provision's status").select_option("criminal")
    page.get_by_role("button", name="Show").click()
    expect(page.locator("#map-heading")).to_contain_text("Buying")
    table = page.locator("#jurisdictions")
    expect(table).to_contain_text("Sweden")
    expect(table).not_to_contain_text("New Zealand")
    expect(table).not_to_contain_text("Kenya")
    for row in page.locator(ROWS).all():
        expect(row).to_contain_text("Criminal offence")


PHONE_PAGES = [
    "/jurisdictions",
    "/jurisdictions?provision=buying&scheme=nswp",
    "/jurisdictions/nz",
    "/jurisdictions/us",
    "/jurisdictions/gb-sct",
    "/glossary",
]


@pytest.mark.parametrize("path", PHONE_PAGES)
def test_no_sideways_scrolling_at_390_px(
    browser: Browser,  # noqa: F811
    base_url: str,  # noqa: F811
    path: str,
) -> None:
    context = browser.new_context(base_url=base_url, viewport={"width": 390, "height": 844})
    tab = context.new_page()
    tab.goto(path)
    if path == "/jurisdictions":
        shot(tab, "jurisdictions-phone")
    width = tab.evaluate("document.documentElement.scrollWidth")
    context.close()
    assert width <= 390, f"{path} is {width} px wide at 390 px"
