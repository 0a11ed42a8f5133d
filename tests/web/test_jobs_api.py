"""Jobs over HTTP: cancel from the API and the job page, 429 with Retry-After past the limits."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient

from swpolicy.web.app import create_app
from swpolicy.web.jobs import Job
from swpolicy.web.limits import MAX_ACTIVE_PER_CLIENT

from .conftest import TINY_RUN, db_url, wait_for

ORIGIN = {"origin": "http://testserver"}


def blocking_app(tmp_path: Path, gate: threading.Event) -> Any:
    def runner(request: dict[str, Any], job: Job) -> int:
        while not gate.wait(0.01):
            job.tick(1)
        return 1

    return create_app(
        db_url(tmp_path), allowed_hosts=["testserver"], runners={"simulation": runner}
    )


def test_cancel_from_the_api_and_the_page(tmp_path: Path) -> None:
    gate = threading.Event()
    with TestClient(blocking_app(tmp_path, gate)) as client:
        running = client.post("/api/simulations", json=TINY_RUN).json()
        queued = client.post("/api/simulations", json=TINY_RUN).json()
        assert queued["cancel_url"] == f"/api/jobs/{queued['id']}/cancel"
        page = client.get(f"/jobs/{queued['id']}").text
        assert 'id="job-cancel"' in page
        cancelled = client.post(f"/jobs/{queued['id']}/cancel", headers=ORIGIN)
        assert cancelled.status_code == 200 and 'id="job-retry"' in cancelled.text
        assert client.get(f"/api/jobs/{queued['id']}").json()["status"] == "cancelled"
        assert client.post(running["cancel_url"]).status_code == 200
        assert wait_for(client, running["id"])["status"] == "cancelled"
        assert client.post(running["cancel_url"]).status_code == 409
        assert client.post("/api/jobs/nope/cancel").status_code == 404
        gate.set()
        retried = client.post(f"/api/jobs/{queued['id']}/retry")
        assert retried.status_code == 202
        assert wait_for(client, queued["id"])["status"] == "done"


def test_per_client_limit_is_429_with_retry_after(tmp_path: Path) -> None:
    gate = threading.Event()
    with TestClient(blocking_app(tmp_path, gate)) as client:
        for _ in range(MAX_ACTIVE_PER_CLIENT):
            assert client.post("/api/simulations", json=TINY_RUN).status_code == 202
        refused = client.post("/api/simulations", json=TINY_RUN)
        assert refused.status_code == 429
        assert int(refused.headers["retry-after"]) > 0
        assert f"limit per client is {MAX_ACTIVE_PER_CLIENT}" in refused.json()["detail"]
        form = {**TINY_RUN, "laws": "nz"}
        assert client.post("/simulate", data=form, headers=ORIGIN).status_code == 429
        assert len(client.get("/api/jobs").json()) == MAX_ACTIVE_PER_CLIENT
        gate.set()
