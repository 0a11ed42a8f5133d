"""Shared fixtures: an app on a temporary SQLite database, and a finished tiny simulation."""

from __future__ import annotations

import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from swpolicy.web.app import create_app

# Small enough to keep the whole suite fast, large enough for the calibration to keep draws.
TINY_RUN = {
    "setting": "vancouver",
    "laws": ["nz", "se"],
    "at": "2024-01-01",
    "years": 3,
    "draws": 300,
    "seed": 1,
}


def db_url(folder: Path) -> str:
    return f"sqlite:///{folder / 'web.db'}"


@pytest.fixture
def app(tmp_path: Path) -> FastAPI:
    # TestClient sends Host: testserver, so the test app accepts it besides the local names.
    return create_app(db_url(tmp_path), allowed_hosts=["127.0.0.1", "localhost", "testserver"])


@pytest.fixture
def client(app: FastAPI) -> Iterator[TestClient]:
    with TestClient(app) as test_client:
        yield test_client


def wait_for(client: TestClient, job_id: str, timeout: float = 60.0) -> dict[str, Any]:
    """Poll a job until it is done or failed."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        job: dict[str, Any] = client.get(f"/api/jobs/{job_id}").json()
        if job["status"] in ("done", "failed", "cancelled", "interrupted"):
            return job
        time.sleep(0.05)
    raise AssertionError(f"job {job_id} did not finish in {timeout} s")


@pytest.fixture(scope="module")
def finished_run(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[TestClient, int]]:
    """A client whose database holds one finished tiny run (shared by a module's tests)."""
    folder = tmp_path_factory.mktemp("run")
    app = create_app(db_url(folder), allowed_hosts=["testserver"])
    with TestClient(app) as test_client:
        started = test_client.post("/api/simulations", json=TINY_RUN)
        assert started.status_code == 202, started.text
        job = wait_for(test_client, started.json()["id"])
        assert job["status"] == "done", job
        yield test_client, job["run_id"]


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Iterator[None]:
    """On a failed browser test, save a screenshot of the page and name it in the report."""
    outcome = yield
    report = outcome.get_result()  # type: ignore[attr-defined]
    page = getattr(item, "funcargs", {}).get("page")
    if report.when != "call" or not report.failed or page is None:
        return
    folder = Path(tempfile.mkdtemp(prefix="swpolicy-e2e-"))
    path = folder / f"{item.name}.png"
    try:
        page.screenshot(path=str(path), full_page=True)
    except Exception as exc:  # the page may be gone; the failure itself still matters more
        report.sections.append(("browser screenshot", f"could not save a screenshot: {exc}"))
    else:
        report.sections.append(("browser screenshot", f"saved to {path}"))
