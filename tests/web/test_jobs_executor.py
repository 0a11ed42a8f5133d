"""Web jobs run through the simulation platform's executor: a Dask cluster gives the same run.

`swpolicy serve --workers N` hands each job's tasks to a local Dask cluster; the saved run must
be identical to the in-process one (named random streams make the split irrelevant), progress
must count the cluster's tasks, and a cluster closing under a job at shutdown must leave the job
for recovery rather than mark it failed.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

import pytest
import typer
from fastapi.testclient import TestClient
from sqlalchemy import Engine
from typer.testing import CliRunner, Result

from swpolicy.scenarios import calibrated as cal_module
from swpolicy.scenarios import executor as executor_module
from swpolicy.scenarios.executor import Executor, InProcess, Tick, executor
from swpolicy.web import app as app_module
from swpolicy.web import cli as web_cli
from swpolicy.web.app import create_app
from swpolicy.web.db import create_engine, migrate
from swpolicy.web.jobs import Job, JobManager
from tests.web.conftest import TINY_RUN, db_url, wait_for

T = TypeVar("T")
R = TypeVar("R")
HOSTS = ["testserver"]


class Counting:
    """An executor that counts the tasks it passes on (to prove the cluster did the work)."""

    def __init__(self, inner: Executor) -> None:
        self.inner = inner
        self.workers = inner.workers
        self.tasks = 0

    def map(self, fn: Callable[[T], R], items: Sequence[T], tick: Tick | None = None) -> list[R]:
        self.tasks += len(items)
        return self.inner.map(fn, items, tick)


def simulate(folder: Path, where: Executor | None) -> tuple[dict[str, Any], dict[str, Any]]:
    """One tiny web simulation from a fresh calibration: the finished job and its saved run."""
    cal_module.clear_memory()
    folder.mkdir()
    app = create_app(db_url(folder), allowed_hosts=HOSTS, executor=where)
    with TestClient(app) as client:
        # Without the drivers' analysis, whose fit is the run's own (cached, so never re-run),
        # every counted progress step is a task that ran.
        started = client.post("/api/simulations", json={**TINY_RUN, "driver_samples": 0})
        assert started.status_code == 202, started.text
        job = wait_for(client, started.json()["id"], timeout=180)
        assert job["status"] == "done", job
        run: dict[str, Any] = client.get(f"/api/runs/{job['run_id']}").json()
    return job, run


def test_a_web_job_on_a_local_dask_cluster_matches_in_process(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SWPOLICY_CACHE", "off")  # both runs fit their calibration afresh
    _, local = simulate(tmp_path / "local", None)
    with executor(workers=2) as dask:
        assert dask.workers == 2
        counting = Counting(dask)
        job, on_cluster = simulate(tmp_path / "cluster", counting)
    assert counting.tasks == job["total"] == job["done"] > 0  # every task went to the cluster
    assert on_cluster["rows"] == local["rows"]  # identical numbers, not merely close
    assert on_cluster["rows"] and {r["law"] for r in local["rows"]} >= {"nz", "se"}
    assert on_cluster["calibration"] == local["calibration"]


@pytest.fixture
def engine(tmp_path: Path) -> Engine:
    engine = create_engine(f"sqlite:///{tmp_path / 'jobs.db'}")
    migrate(engine)
    return engine


def test_an_executor_closed_at_shutdown_leaves_its_job_for_recovery(engine: Engine) -> None:
    started, release = threading.Event(), threading.Event()

    def cluster_goes_away(request: dict[str, Any], job: Job) -> int:
        started.set()
        assert release.wait(10)
        raise RuntimeError("the cluster closed")  # what a closing Dask client raises mid-map

    manager = JobManager({"simulation": cluster_goes_away}, engine)
    running = manager.submit("simulation", {}, 1)
    queued = manager.submit("simulation", {}, 1)
    assert started.wait(10)
    manager.shutdown()
    release.set()
    manager.worker.join(10)
    assert not manager.worker.is_alive()
    # Neither job is marked failed: the running one is interrupted on restart, the queued one
    # (never started after shutdown) resumes.
    assert manager.records.get(running.id).status == "running"  # type: ignore[union-attr]
    assert manager.records.get(queued.id).status == "queued"  # type: ignore[union-attr]
    gate = threading.Event()
    after = JobManager({"simulation": lambda request, job: int(gate.wait(10))}, engine)
    assert after.get(running.id).status == "interrupted"  # type: ignore[union-attr]
    assert after.get(queued.id).status in ("queued", "running")  # type: ignore[union-attr]
    gate.set()
    after.shutdown()


def serve(args: list[str]) -> Result:
    app = typer.Typer()
    web_cli.register(app)
    app.command("noop")(lambda: None)  # a second command keeps `serve` a subcommand
    return CliRunner().invoke(app, ["serve", *args])


def test_serve_passes_its_executor_options_to_the_app(monkeypatch: pytest.MonkeyPatch) -> None:
    opened: list[tuple[int | None, str | None]] = []
    state = {"open": False}
    given: list[Executor | None] = []
    served: list[bool] = []
    where = InProcess()

    @contextmanager
    def fake_executor(workers: int | None, scheduler: str | None) -> Iterator[Executor]:
        opened.append((workers, scheduler))
        state["open"] = True
        yield where
        state["open"] = False

    real_create = app_module.create_app

    def create(*args: Any, **kwargs: Any) -> Any:
        given.append(kwargs.get("executor"))
        return real_create(*args, **kwargs)

    monkeypatch.setattr(executor_module, "executor", fake_executor)
    monkeypatch.setattr(app_module, "create_app", create)
    monkeypatch.setattr("uvicorn.run", lambda app, **kw: served.append(state["open"]))
    monkeypatch.setattr(web_cli, "_check_free", lambda host, port: None)
    monkeypatch.setenv("SWPOLICY_DATABASE_URL", "sqlite://")
    result = serve(["--workers", "2", "--scheduler", "tcp://127.0.0.1:8786"])
    assert result.exit_code == 0, result.output
    assert opened == [(2, "tcp://127.0.0.1:8786")]
    assert given == [where]  # the jobs' runners get the configured executor
    assert served == [True]  # the cluster stays open while the server runs, and closes after
    assert state["open"] is False


def test_bad_executor_options_are_clean_errors() -> None:
    assert serve(["--workers", "0"]).exit_code == 2
    bad = serve(["--scheduler", "nonsense"])
    assert bad.exit_code == 2
    assert "--scheduler" in bad.output and "Traceback" not in bad.output
