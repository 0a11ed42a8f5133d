"""The jurisdiction list (search, filters, sort, map), the profiles' summary and the glossary."""

from __future__ import annotations

import re
from datetime import date
from html.parser import HTMLParser

import pytest
from fastapi.testclient import TestClient

from swpolicy.law.registry import ids, load
from swpolicy.summary import summary
from swpolicy.vocabulary import label, terms

ON = "2024-01-01"


def names(html: str) -> list[str]:
    """The jurisdiction names listed in the table, in order."""
    return re.findall(r'<td data-label="Name"><a href="/jurisdictions/[^"]+">([^<]+)</a>', html)


def listing(client: TestClient, **params: str) -> str:
    response = client.get("/jurisdictions", params={"at": ON, **params})
    assert response.status_code == 200, response.text[:500]
    return response.text


def test_list_has_every_jurisdiction_sorted_by_name_and_a_map(client: TestClient) -> None:
    html = listing(client)
    listed = names(html)
    assert len(listed) == len(ids()) and listed == sorted(listed, key=str.casefold)
    assert '<svg xmlns="http://www.w3.org/2000/svg"' in html and 'class="world-map"' in html
    assert f'href="/jurisdictions/nz?at={ON}"' in html  # map and table link to the profile
    assert "Not drawn at this scale" in html and "Hong Kong" in html


def test_search_filters_and_sorts(client: TestClient) -> None:
    assert names(listing(client, q="zeal")) == ["New Zealand"]
    assert names(listing(client, q="SCOT")) == ["Scotland"]
    europe = names(listing(client, region="Europe"))
    assert "Sweden" in europe and "Kenya" not in europe
    nordic = names(listing(client, regime="neo_abolitionism"))
    assert {"Sweden", "France", "Norway"} <= set(nordic) and "New Zealand" not in nordic
    buyers = listing(client, provision="buying", status="criminal")
    assert "Sweden" in names(buyers) and "New Zealand" not in names(buyers)
    assert "Map: Buying on" in buyers  # the map follows the provision
    by_regime = listing(client, sort="regime", scheme="nswp")
    regimes = re.findall(r'<td data-label="Regime">([^<]+)</td>', by_regime)
    assert regimes == sorted(regimes, key=str.casefold)
    assert "No jurisdiction matches" in listing(client, q="atlantis")


@pytest.mark.parametrize(
    "params",
    [{"scheme": "nordic"}, {"sort": "size"}, {"region": "Mars"}, {"provision": "dancing"}],
)
def test_bad_filters_are_a_422(client: TestClient, params: dict[str, str]) -> None:
    response = client.get("/jurisdictions", params=params)
    assert response.status_code == 422  # bad input is a 422; 400 is kept for a refused Host
    assert "Traceback" not in response.text


def test_profile_opens_with_a_plain_summary(client: TestClient) -> None:
    html = client.get("/jurisdictions/fr", params={"at": ON}).text
    sentence = summary(load("fr"), date.fromisoformat(ON))
    assert "buying sex is a criminal offence (since 2016)" in sentence
    assert f'<p class="summary lead" id="summary">{sentence}</p>' in html
    assert html.index('id="summary"') < html.index('id="classification"')
    assert "Neo-abolitionism" in html and "<code>fr</code>" in html


def test_glossary_lists_every_term(client: TestClient) -> None:
    html = client.get("/glossary").text
    for kind in ("scheme", "regime", "status", "provision", "obligation", "finding", "setting"):
        for term in terms()[kind].values():
            assert f"<code>{term.id}</code>" in html, (kind, term.id)
            assert term.label.replace("'", "&#39;") in html, (kind, term.id)
    assert 'href="/glossary"' in html  # in the navigation


class VisibleText(HTMLParser):
    """Text a person sees: outside <code>, <script>, <style> and attribute values."""

    def __init__(self) -> None:
        super().__init__()
        self.hidden = 0
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: object) -> None:
        if tag in ("code", "script", "style", "option"):
            self.hidden += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in ("code", "script", "style", "option"):
            self.hidden -= 1

    def handle_data(self, data: str) -> None:
        if not self.hidden:
            self.parts.append(data)


@pytest.mark.parametrize(
    "path",
    [
        "/jurisdictions",
        "/jurisdictions?provision=buying&scheme=nswp",
        "/jurisdictions?scheme=procon",
        "/jurisdictions/se",
        "/jurisdictions/us",
        "/jurisdictions/nz",
        "/glossary",
    ],
)
def test_no_identifier_shown_as_text(client: TestClient, path: str) -> None:
    parser = VisibleText()
    parser.feed(client.get(path, params={"at": ON}).text)
    text = " ".join(parser.parts)
    leaked = {
        term_id
        for kind in ("regime", "status", "finding", "obligation", "scheme")
        for term_id in terms()[kind]
        if "_" in term_id and re.search(rf"\b{term_id}\b", text)
    }
    assert not leaked
    assert label("status", "legal") in text  # the check reads the page's words
