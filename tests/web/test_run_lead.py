"""The run page says HIV, violence and police changes in words, violence first where HIV is rare."""

from __future__ import annotations

import html

from fastapi.testclient import TestClient

from swpolicy.scenarios.headline import RARE_HIV_PCT
from tests.web.conftest import TINY_RUN, wait_for


def test_the_run_page_leads_with_the_key_outcomes_in_words(client: TestClient) -> None:
    started = client.post("/api/simulations", json={**TINY_RUN, "driver_samples": 0})
    assert started.status_code == 202, started.text
    job = wait_for(client, started.json()["id"], timeout=300)
    assert job["status"] == "done", job
    run = client.get(f"/api/runs/{job['run_id']}").json()
    params = run["params"]
    prevalence = params["fsw_prevalence"]
    assert prevalence["lo"] <= prevalence["median"] <= prevalence["hi"]
    assert prevalence["rare"] == (prevalence["median"] < RARE_HIV_PCT)
    assert params["setting_kind"] == "calibrated" and params["setting_label"]
    assert [c["law"] for c in params["lead_changes"]] == ["nz", "se"]
    page = html.unescape(client.get(f"/runs/{run['id']}").text)
    lead = page.split('id="lead-outcomes"', 1)[1].split("</section>", 1)[0]
    first, second = ("sexual violence", "HIV infections")
    if not prevalence["rare"]:
        first, second = second, first
        assert "Changes against the current law" in lead
    else:
        assert "Where HIV is rare" in lead
    for law in ("New Zealand", "Sweden"):
        item = lead.split(f"<strong>{law}</strong>", 1)[1].split("</li>", 1)[0]
        assert item.index(first) < item.index(second)
        assert "police harassment or arrest" in item and "better in" in item
    assert 'id="run-built"' not in page  # a calibrated setting is not said to be built
