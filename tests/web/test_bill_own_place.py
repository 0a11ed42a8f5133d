"""A bill on a jurisdiction without a calibrated setting runs, in one click, in the setting built
from its own indicators, and the headline says so; a borrowed setting only when picked."""

from __future__ import annotations

import html
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from swpolicy.web.app import create_app
from tests.web.conftest import db_url, wait_for

BILL = {
    "id": "ni-soliciting",
    "title": "Soliciting Offence Bill",
    "base": "gb-nir",
    "effective": "2027-01-01",
    "changes": {"soliciting": "criminal"},
}
TINY = {"draws": 100, "years": 1}


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    folder: Path = tmp_path_factory.mktemp("own-place")
    app = create_app(db_url(folder), allowed_hosts=["testserver"])
    with TestClient(app) as test_client:
        assert test_client.post("/api/bills", json=BILL).status_code == 201
        yield test_client


def test_the_bill_page_offers_its_built_setting_first(client: TestClient) -> None:
    page = html.unescape(client.get("/bills/ni-soliciting").text)
    select = page.split('id="impact-setting"', 1)[1].split("</select>", 1)[0]
    first = select.split("<option", 2)[1]
    assert 'value="built-gb-nir"' in first and "selected" in first
    assert "(built from indicators)" in first
    assert "No calibrated setting is in Northern Ireland" in page


def test_one_click_runs_it_built_and_the_headline_says_so(client: TestClient) -> None:
    started = client.post("/api/bills/ni-soliciting/impact", json=TINY)  # no setting: the default
    assert started.status_code == 202, started.text
    job = wait_for(client, started.json()["id"], timeout=300)
    assert job["status"] == "done", job
    run = client.get(f"/api/runs/{job['run_id']}").json()
    impact = run["params"]["impact"]
    assert (run["setting"], impact["kind"], impact["base"]) == ("built-gb-nir", "built", "gb-nir")
    brief = client.get("/api/bills/ni-soliciting").json()["impact"]
    assert brief["kind"] == "built"
    assert brief["headline"].startswith("In Northern Ireland (built from")
    assert "a setting built from indicators" in brief["headline"]
    assert "compared with Northern Ireland's current law" in brief["headline"]
    assert "applied in" not in brief["headline"]  # its own law, not another place's
    assert "sexual violence" in brief["headline"]  # beside (or before) HIV
    page = html.unescape(client.get(f"/runs/{run['id']}").text)
    assert 'id="run-built"' in page


def test_a_picked_setting_of_another_country_is_said_to_be_borrowed(client: TestClient) -> None:
    started = client.post("/api/bills/ni-soliciting/impact", json={**TINY, "setting": "mombasa"})
    assert started.status_code == 202, started.text
    job = wait_for(client, started.json()["id"], timeout=300)
    assert job["status"] == "done", job
    brief = client.get("/api/bills/ni-soliciting").json()["impact"]
    assert brief["kind"] == "borrowed" and brief["setting"] == "mombasa"
    assert brief["headline"].startswith(
        "Modelled in Mombasa, Kenya, a setting borrowed from Kenya, this bill would"
    )
    assert "Northern Ireland's current law applied in Mombasa, Kenya" in brief["headline"]
    assert (
        client.post(
            "/api/bills/ni-soliciting/impact", json={**TINY, "setting": "built-zz"}
        ).status_code
        == 422
    )
