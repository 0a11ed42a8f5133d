"""A bill's impact next to the bill: the setting chosen, the paired contrast, the headline."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest
from fastapi.testclient import TestClient

from swpolicy.epi.settings import load as load_setting
from swpolicy.epi.settings import shipped
from swpolicy.law.registry import load
from swpolicy.web.app import create_app
from swpolicy.web.impact import nearest_setting
from tests.scenarios.test_place import no_builder
from tests.web.conftest import db_url, wait_for

DAY = date(2027, 1, 1)
BILL = {
    "id": "ke-decrim",
    "title": "Decriminalisation Bill",
    "base": "ke",
    "effective": "2027-01-01",
    "changes": {"soliciting": "legal", "working_together": "legal", "brothel_keeping": "legal"},
}
TINY = {"draws": 100, "years": 1}


def test_a_bill_is_simulated_in_its_own_setting_when_there_is_one() -> None:
    for setting in shipped():
        jurisdiction = load_setting(setting).law.jurisdiction
        choice = nearest_setting(load(jurisdiction), DAY)
        # Two settings may share a law (Mombasa and Nairobi): the first by id is chosen.
        assert load_setting(choice.setting).law.jurisdiction == jurisdiction
        assert choice.setting <= setting and choice.own


def test_otherwise_the_page_says_which_setting_and_why(monkeypatch: pytest.MonkeyPatch) -> None:
    no_builder(monkeypatch)  # as if no setting could be built
    botswana = nearest_setting(load("bw"), DAY)
    assert not botswana.own and botswana.kind == "borrowed"
    assert "No modelled setting is in Botswana" in botswana.reason
    assert "same world region" in botswana.reason
    ireland = nearest_setting(load("ie"), DAY)
    assert not ireland.own and "No modelled setting is in Ireland" in ireland.reason
    # European settings (Paris, Berlin, Madrid) share Ireland's world region.
    assert "same world region (Europe)" in ireland.reason and ireland.label in ireland.reason


@pytest.fixture(scope="module")
def estimated(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[TestClient, int]]:
    """A client with the bill saved and one finished tiny impact estimate."""
    app = create_app(db_url(tmp_path_factory.mktemp("impact")), allowed_hosts=["testserver"])
    with TestClient(app) as client:
        assert client.post("/api/bills", json=BILL).status_code == 201
        started = client.post("/api/bills/ke-decrim/impact", json=TINY)
        assert started.status_code == 202, started.text
        job = wait_for(client, started.json()["id"], timeout=300)
        assert job["status"] == "done", job
        yield client, job["run_id"]


def test_the_contrast_is_paired_against_the_base_law(estimated: tuple[TestClient, int]) -> None:
    client, run_id = estimated
    run = client.get(f"/api/runs/{run_id}").json()
    impact = run["params"]["impact"]
    assert (run["setting"], impact["base"], impact["own"]) == ("mombasa", "ke", True)
    # In Kenya's own setting the run's reference is the base, so the library's share of
    # infections averted for the amended law is the same paired quantity, computed apart.
    row = next(
        r
        for r in run["rows"]
        if r["law"] == impact["law"] and r["metric"] == "hiv_infections_averted_pct"
    )
    for key in ("median", "lo", "hi"):
        assert impact["averted_pct"][key] == pytest.approx(row[key], abs=1e-5)
    assert 0.0 <= impact["p_better"] <= 1.0
    hiv = next(o for o in impact["outcomes"] if o["metric"] == "hiv_infections")
    base_row = next(r for r in run["rows"] if r["law"] == "ke" and r["metric"] == "hiv_infections")
    assert hiv["base"]["median"] == pytest.approx(base_row["median"], abs=1e-5)


def test_the_bill_page_leads_with_a_plain_headline(estimated: tuple[TestClient, int]) -> None:
    client, run_id = estimated
    impact = client.get(f"/api/runs/{run_id}").json()["params"]["impact"]
    page = client.get("/bills/ke-decrim").text
    headline = page.split('id="impact-headline">')[1].split("</p>")[0]
    averted = impact["averted_pct"]
    assert headline.startswith("In Mombasa, Kenya, this bill would ")
    assert f"{abs(averted['median']):.1f}%" in headline
    assert "compared with Kenya&#39;s current law" in headline
    assert f"probability it is better: {100 * impact['p_better']:.0f}%" in headline
    assert f'href="/runs/{run_id}"' in page
    brief = client.get("/api/bills/ke-decrim").json()["impact"]
    assert (brief["run_id"], brief["stale"]) == (run_id, False)
    assert brief["headline"].replace("'", "&#39;") == headline
    assert client.get(f"/runs/{run_id}").status_code == 200


def test_an_edit_marks_the_estimate_stale(estimated: tuple[TestClient, int]) -> None:
    client, _ = estimated
    assert "was edited after this estimate" not in client.get("/bills/ke-decrim").text
    edited = {**BILL, "changes": {**BILL["changes"], "buying": "legal"}}
    assert client.put("/api/bills/ke-decrim", json=edited).status_code == 200
    assert "was edited after this estimate" in client.get("/bills/ke-decrim").text
    assert client.get("/api/bills/ke-decrim").json()["impact"]["stale"] is True


def test_impact_requests_are_checked(estimated: tuple[TestClient, int]) -> None:
    client, _ = estimated
    assert client.post("/api/bills/nope/impact", json=TINY).status_code == 404
    bad = client.post("/api/bills/ke-decrim/impact", json={**TINY, "setting": "nowhere"})
    assert bad.status_code == 422
    assert client.post("/api/bills/ke-decrim/impact", json={"draws": "100"}).status_code == 422
    late = {**BILL, "id": "late", "effective": "2045-01-01"}
    assert client.post("/api/bills", json=late).status_code == 201
    too_late = client.post("/api/bills/late/impact", json=TINY)
    assert too_late.status_code == 422 and "2040" in too_late.json()["detail"]
