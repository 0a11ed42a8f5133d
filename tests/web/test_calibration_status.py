"""The web app never shows results from a failed calibration, and says so when one misses."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from swpolicy.scenarios import calibrated
from swpolicy.web.app import create_app
from tests.web.conftest import TINY_RUN, db_url, wait_for


def test_a_failed_calibration_fails_the_job_and_saves_no_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # However many effective draws the sampler gives, call it too few: the calibration failed.
    monkeypatch.setattr(calibrated, "min_ess", lambda particles: float("inf"))
    calibrated.clear_memory()
    app = create_app(db_url(tmp_path), allowed_hosts=["testserver"])
    try:
        with TestClient(app) as client:
            started = client.post("/api/simulations", json=TINY_RUN)
            assert started.status_code == 202, started.text
            job = wait_for(client, started.json()["id"], timeout=300)
            assert job["status"] == "failed"
            assert "calibration of vancouver failed" in job["error"]
            assert "effective draws" in job["error"]
            assert client.get("/api/runs").json() == []
    finally:
        calibrated.clear_memory()


def test_a_missed_target_is_said_at_the_top_of_the_run_page(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(calibrated, "missed_targets", lambda *args: ["fsw_prevalence_2010"])
    calibrated.clear_memory()
    app = create_app(db_url(tmp_path), allowed_hosts=["testserver"])
    try:
        with TestClient(app) as client:
            started = client.post("/api/simulations", json=TINY_RUN)
            job = wait_for(client, started.json()["id"], timeout=300)
            assert job["status"] == "done", job
            page = client.get(f"/runs/{job['run_id']}").text
            head = page[page.index("<main") :]
            assert 'role="alert"' in head
            alert = head.index('role="alert"')
            assert "Calibration missed: target fsw_prevalence_2010 missed" in head[alert:]
            assert alert < head.index("from 2024-01-01")  # before anything else on the page
    finally:
        calibrated.clear_memory()
