"""Simulation jobs: lifecycle in the background, validation, results and downloads."""

from __future__ import annotations

import csv
import io
import threading
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient

from swpolicy.law import load
from swpolicy.scenarios.simulate import METRICS, simulate
from swpolicy.web.app import create_app
from swpolicy.web.jobs import Job
from tests.web.conftest import TINY_RUN, db_url, wait_for


def test_job_lifecycle_runs_in_the_background(tmp_path: Path) -> None:
    gate, started = threading.Event(), threading.Event()

    def runner(request: dict[str, Any], job: Job) -> int:
        started.set()
        job.tick(5)
        assert gate.wait(10), "test never opened the gate"
        job.tick(1000)
        return 42

    runners = {"simulation": runner}
    app = create_app(db_url(tmp_path), allowed_hosts=["testserver"], runners=runners)
    with TestClient(app) as client:
        response = client.post("/api/simulations", json=TINY_RUN)
        assert response.status_code == 202
        assert response.headers["location"] == f"/api/jobs/{response.json()['id']}"
        job_id = response.json()["id"]
        assert started.wait(10)
        # While the job is blocked, the server still answers other requests.
        assert client.get("/api/jurisdictions/nz").status_code == 200
        running = client.get(f"/api/jobs/{job_id}").json()
        assert running["status"] == "running"
        assert running["done"] == 5
        assert 0 < running["progress"] < 1
        page = client.get(f"/jobs/{job_id}")
        assert 'id="job-progress"' in page.text
        gate.set()
        done = wait_for(client, job_id)
        assert (done["status"], done["progress"], done["run_id"]) == ("done", 1.0, 42)
        assert [j["id"] for j in client.get("/api/jobs").json()] == [job_id]
        redirect = client.get(f"/jobs/{job_id}", follow_redirects=False)
        assert (redirect.status_code, redirect.headers["location"]) == (303, "/runs/42")


def test_a_crashing_job_fails_without_a_traceback(tmp_path: Path) -> None:
    def runner(request: dict[str, Any], job: Job) -> int:
        raise RuntimeError("boom")

    runners = {"simulation": runner}
    app = create_app(db_url(tmp_path), allowed_hosts=["testserver"], runners=runners)
    with TestClient(app) as client:
        job = wait_for(client, client.post("/api/simulations", json=TINY_RUN).json()["id"])
    assert job["status"] == "failed"
    assert "boom" not in job["error"]
    assert "internal error" in job["error"]


def test_bad_simulation_requests_are_422_with_fields(client: TestClient) -> None:
    cases = {
        "setting": {**TINY_RUN, "setting": "atlantis"},
        "draws": {**TINY_RUN, "draws": 10},
        "years": {**TINY_RUN, "years": 500},
        "at": {**TINY_RUN, "at": "2024-13-01"},
        "laws": {**TINY_RUN, "laws": []},
        "extra": {**TINY_RUN, "extra": 1},
    }
    for field, body in cases.items():
        response = client.post("/api/simulations", json=body)
        assert response.status_code == 422, field
        assert any(field in i["field"] for i in response.json()["issues"]), response.json()
    unknown = client.post("/api/simulations", json={**TINY_RUN, "laws": ["zz"]})
    assert unknown.status_code == 404
    unsaved = client.post("/api/simulations", json={**TINY_RUN, "laws": ["bill:nope"]})
    assert unsaved.status_code == 404
    assert client.get("/api/jobs/nope").status_code == 404


def test_finished_run_matches_the_model(finished_run: tuple[TestClient, int]) -> None:
    client, run_id = finished_run
    run = client.get(f"/api/runs/{run_id}").json()
    assert run["setting"] == "vancouver"
    assert run["laws"] == ["ca", "nz", "se"]  # the setting's own law comes first
    sim = simulate(
        "vancouver", [load("nz"), load("se")], at="2024-01-01", years=3, draws=300, seed=1
    )
    keys = ("law", "setting", "metric", "median", "lo", "hi")
    assert run["rows"] == [{k: r[k] for k in keys} for r in sim.rows()]
    assert [r["id"] for r in client.get("/api/runs").json()] == [run_id]


def test_downloads_csv_and_json(finished_run: tuple[TestClient, int]) -> None:
    client, run_id = finished_run
    rows = client.get(f"/api/runs/{run_id}").json()["rows"]
    as_csv = client.get(f"/api/runs/{run_id}/results.csv")
    assert as_csv.headers["content-type"].startswith("text/csv")
    assert "attachment" in as_csv.headers["content-disposition"]
    parsed = list(csv.DictReader(io.StringIO(as_csv.text)))
    assert len(parsed) == len(rows) == 3 * len(METRICS)
    assert float(parsed[0]["median"]) == rows[0]["median"]
    as_json = client.get(f"/api/runs/{run_id}/results.json")
    assert "attachment" in as_json.headers["content-disposition"]
    assert as_json.json()["rows"] == rows


def test_run_page_has_a_chart_per_metric(finished_run: tuple[TestClient, int]) -> None:
    client, run_id = finished_run
    page = client.get(f"/runs/{run_id}").text
    paths = client.get(f"/api/runs/{run_id}").json()["params"]["paths"]["series"]
    charts = page.count('<svg xmlns="http://www.w3.org/2000/svg" viewBox')
    assert charts == len(METRICS) + len(paths) + 1  # metrics, trajectories, "what drives this"
    for metric in METRICS:
        assert f'id="chart-{metric}"' in page
    for series in ("fsw_prevalence", "hiv_infections", "violence_incidents", "arrests"):
        assert f'id="path-{series}"' in page
    assert 'id="chart-drivers"' in page
    assert f"/api/runs/{run_id}/results.csv" in page


def test_a_saved_bill_can_be_simulated(client: TestClient) -> None:
    bill = (
        '{"id": "nz-buying", "title": "T", "base": "nz", "effective": "2020-01-01",'
        ' "changes": {"buying": "criminal"}}'
    )
    assert client.post("/api/bills", content=bill).status_code == 201
    body = {**TINY_RUN, "laws": ["nz", "bill:nz-buying"]}
    job = wait_for(client, client.post("/api/simulations", json=body).json()["id"])
    assert job["status"] == "done", job
    run = client.get(f"/api/runs/{job['run_id']}").json()
    assert run["laws"] == ["ca", "nz", "nz+nz-buying"]
    sims = {r["law"]: r["median"] for r in run["rows"] if r["metric"] == "arrests"}
    assert sims["nz+nz-buying"] != sims["nz"]  # the bill's purchase offence changes policing
