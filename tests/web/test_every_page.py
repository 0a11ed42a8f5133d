"""Every page, enumerated from the app's routes: it answers, and it shows no identifier as text.

Identifiers (`neo_abolitionism`, `not_compliant`, `hiv_infections_averted_pct`, `mombasa`, link
and evidence ids) may appear inside `<code>` for researchers, never as the words of a page.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from tests.web.conftest import TINY_RUN, wait_for
from tests.web.every_page import BILL, JURISDICTIONS, leaks, page_paths, page_templates


@pytest.fixture(scope="module")
def every_page(
    finished_run: tuple[TestClient, int],
) -> Iterator[tuple[TestClient, list[str]]]:
    client, run_id = finished_run
    assert client.post("/api/bills", json=BILL).status_code == 201
    # A job that is not done, so that its page is shown (a finished one moves to its run).
    queued = client.post("/api/simulations", json={**TINY_RUN, "seed": 7})
    job_id = queued.json()["id"]
    client.post(f"/api/jobs/{job_id}/cancel")
    wait_for(client, job_id)
    ids = {
        "jid": list(JURISDICTIONS),
        "slug": [BILL["id"]],
        "run_id": [str(run_id)],
        "job_id": [job_id],
    }
    yield client, page_paths(client.app, ids)


def test_every_routed_page_is_covered(every_page: tuple[TestClient, list[str]]) -> None:
    client, paths = every_page
    templates = page_templates(client.app)
    for expected in ("/", "/glossary", "/runs/{run_id}", "/simulate", "/bills/{slug}"):
        assert expected in templates
    assert "/runs/1" in paths and "/jurisdictions/gb-sct" in paths


def test_the_scan_finds_an_identifier() -> None:
    assert leaks("<p>Regime: neo_abolitionism in mombasa</p>") == ["mombasa", "neo_abolitionism"]
    assert leaks("<p><code>neo_abolitionism</code> in Mombasa</p>") == []


# Pages another change is putting into words (the bill editor and bill pages); listed here so
# that the scan runs on them and reports when they are clean (xfail is not strict).
IN_PROGRESS: set[str] = set()


def _templates() -> list[object]:
    from swpolicy.web.app import create_app

    app = create_app("sqlite://", allowed_hosts=["testserver"])
    return [
        pytest.param(t, marks=pytest.mark.xfail(reason="being put into words")) if t in IN_PROGRESS
        else t
        for t in page_templates(app)
        if t != "/docs"  # Swagger UI: the API's own names are its words
    ]  # fmt: skip


@pytest.mark.parametrize("template", _templates())
def test_no_page_shows_an_identifier(
    every_page: tuple[TestClient, list[str]], template: str
) -> None:
    client, paths = every_page
    pattern = "^" + re.sub(r"\\{\w+\\}", "[^/]+", re.escape(template)) + "$"
    mine = [p for p in paths if re.match(pattern, p)]
    assert mine, template
    for path in mine:
        answer = client.get(path)
        words = re.sub(r"\s+", " ", re.sub("<[^>]+>", " ", answer.text))
        assert answer.status_code == 200, (path, answer.status_code, words[:1500])
        assert leaks(answer.text) == [], path
