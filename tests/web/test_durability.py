"""A 202 never disappears: a real server killed with SIGKILL mid-job, restarted, every job found.

This is the failure the attack found (166 of 194 acknowledged jobs lost), tested the same way:
a `swpolicy serve` process, jobs posted over HTTP, `kill -9` while jobs are running and queued,
a restart on the same database, and every acknowledged job accounted for.
"""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path
from typing import Any

import httpx

from swpolicy.web.serverproc import ServerProcess

SMALL = {"setting": "vancouver", "laws": ["nz"], "at": "2024-01-01", "years": 2, "draws": 200}
LONG = {**SMALL, "laws": ["nz", "se"], "years": 20, "draws": 20_000}  # several seconds
ACCOUNTED = {"done", "queued", "running", "interrupted"}


def wait_status(client: httpx.Client, job_id: str, wanted: set[str], timeout: float) -> str:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        status: str = client.get(f"/api/jobs/{job_id}").json()["status"]
        if status in wanted:
            return status
        time.sleep(0.1)
    raise AssertionError(f"job {job_id} never reached {wanted}")


def post(client: httpx.Client, body: dict[str, Any]) -> str:
    response = client.post("/api/simulations", json=body)
    assert response.status_code == 202, response.text
    job_id: str = response.json()["id"]
    return job_id


def test_jobs_survive_kill_9_while_running_and_queued(tmp_path: Path) -> None:
    database = tmp_path / "web.db"
    server = ServerProcess(database).start()
    try:
        with httpx.Client(base_url=server.url, timeout=30) as client:
            long_id = post(client, LONG)
            small_ids = [post(client, {**SMALL, "seed": s}) for s in range(1, 5)]
            wait_status(client, long_id, {"running"}, 30)
        server.kill()  # SIGKILL: one job running, four queued behind it

        server.start()
        with httpx.Client(base_url=server.url, timeout=30) as client:
            statuses = {i: client.get(f"/api/jobs/{i}").json()["status"] for i in small_ids}
            assert set(statuses.values()) <= ACCOUNTED, statuses
            interrupted = client.get(f"/api/jobs/{long_id}").json()
            assert interrupted["status"] == "interrupted"
            assert interrupted["retry_url"] == f"/api/jobs/{long_id}/retry"
            for job_id in small_ids:  # the queued jobs resumed on their own
                assert wait_status(client, job_id, {"done", "failed"}, 60) == "done"
            queued = [post(client, {**SMALL, "seed": s}) for s in range(10, 13)]
        server.kill()  # SIGKILL again, right after three 202s (the first may have started)

        server.start()
        with httpx.Client(base_url=server.url, timeout=30) as client:
            for job_id in queued:
                assert client.get(f"/api/jobs/{job_id}").json()["status"] in ACCOUNTED
            ended = {
                i: wait_status(client, i, {"done", "interrupted", "failed"}, 60) for i in queued
            }
            assert set(ended.values()) <= {"done", "interrupted"}, ended
            for job_id in [i for i, status in ended.items() if status == "interrupted"]:
                assert client.post(f"/api/jobs/{job_id}/retry").status_code == 202
                assert wait_status(client, job_id, {"done", "failed"}, 60) == "done"
            runs = client.get("/api/runs").json()
            assert len(runs) == len(small_ids) + len(queued)
    finally:
        server.kill()
    with sqlite3.connect(database) as db:
        assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
