"""Reliability of the web app, measured: a load test, then SIGKILLs during jobs, one JSON line.

1. **Load**: `--clients` concurrent loopback clients (50) for `--seconds` (60) against a real
   `swpolicy serve` process, each with its own connection, mixing page GETs, bill posts (valid
   and deliberately invalid), small simulations (draws at the minimum), job polling and
   cancellation. An *error* is a transport error or a status the request should not get; a 429
   from the queue limits and a 422 for an invalid bill are expected and counted on their own.
2. **Kill and restart**: `--kills` (5) times, a long simulation and a few small ones are posted,
   the server is killed with SIGKILL (alternately while the long one runs and right after the
   202s), `PRAGMA integrity_check` is run on the SQLite file and the server restarts on it.
   After each restart every job that ever got a 202 must be found with a sensible status
   (queued, running, interrupted with a retry action, which is then used, done, failed or
   cancelled); at the end every bill that got a 201 must still be there.

`--workers N` serves with a local Dask cluster of N workers (default: in-process jobs). Not part
of `make test`; tests/web/test_reliability.py runs these functions at a tiny size. Usage and
the latest figures: benchmarks/README.md.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import sqlite3
import statistics
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

from swpolicy.web.serverproc import ServerProcess

# The smallest simulation the API accepts (draws and years at their minimum, one law).
SMALL = {"setting": "vancouver", "laws": ["nz"], "at": "2024-01-01", "years": 1, "draws": 100}
# Several seconds of work, so that a kill finds it running.
LONG = {**SMALL, "laws": ["nz", "se"], "years": 20, "draws": 20_000}
BILL = {"title": "Purchase Offence Bill", "base": "nz", "effective": "2027-07-01"}
PAGES = (
    "/",
    "/jurisdictions",
    "/jurisdictions/nz",
    "/glossary",
    "/compare?a=nz&b=se",
    "/simulate",
    "/bills/new",
    "/report",
    "/api/jurisdictions",
    "/api/settings",
    "/api/provisions",
    "/api/diff?a=nz&b=se",
    "/api/runs",
    "/api/jobs?limit=20",
)
ACTIVE = {"queued", "running"}
SENSIBLE = {"queued", "running", "interrupted", "done", "failed", "cancelled"}


@dataclass
class Load:
    """What the load test saw."""

    clients: int
    seconds: float
    latencies: list[float] = field(default_factory=list)
    statuses: Counter[int] = field(default_factory=Counter)
    transport_errors: int = 0
    unexpected: int = 0  # responses with a status the request should not get
    samples: list[str] = field(default_factory=list)  # what the errors were
    rate_limited: int = 0
    invalid_refused: int = 0
    jobs: list[str] = field(default_factory=list)
    bills: list[str] = field(default_factory=list)

    @property
    def requests(self) -> int:
        return len(self.latencies) + self.transport_errors

    @property
    def errors(self) -> int:
        return self.transport_errors + self.unexpected

    def quantile(self, q: int) -> float:
        if len(self.latencies) < 2:
            return self.latencies[0] if self.latencies else 0.0
        return statistics.quantiles(self.latencies, n=100, method="inclusive")[q - 1]


class Client:
    """One simulated user: its own connection, its own jobs and bills."""

    def __init__(self, n: int, http: httpx.AsyncClient, load: Load, rng: random.Random) -> None:
        self.n, self.http, self.load, self.rng = n, http, load, rng
        self.jobs: list[str] = []
        self.sent = 0

    async def call(
        self, method: str, path: str, expected: set[int], **kwargs: Any
    ) -> httpx.Response | None:
        """Send one request; count its latency, and an error unless its status is expected."""
        started = time.perf_counter()
        try:
            response = await self.http.request(method, path, **kwargs)
        except httpx.HTTPError as exc:
            self.load.transport_errors += 1
            self.load.samples.append(f"{method} {path}: {type(exc).__name__}")
            return None
        self.load.latencies.append(time.perf_counter() - started)
        self.load.statuses[response.status_code] += 1
        if response.status_code not in expected:
            self.load.unexpected += 1
            self.load.samples.append(
                f"{method} {path}: {response.status_code} {response.text[:200]}"
            )
        return response

    async def page(self) -> None:
        path = self.rng.choice(PAGES)
        if self.jobs and self.rng.random() < 0.3:  # a job's own page (redirects once done)
            await self.call("GET", f"/jobs/{self.rng.choice(self.jobs)}", {200, 303})
            return
        await self.call("GET", path, {200})

    async def bill(self) -> None:
        self.sent += 1
        slug = f"load-{self.n}-{self.sent}-{self.rng.randrange(10**9)}"
        body = {**BILL, "id": slug, "changes": {"buying": "criminal"}}
        response = await self.call("POST", "/api/bills", {201}, json=body)
        if response is not None and response.status_code == 201:
            self.load.bills.append(slug)

    async def bad_bill(self) -> None:
        if self.rng.random() < 0.5:
            body = json.dumps({**BILL, "id": "bad", "base": "zz", "changes": {}})
            kind = "application/json"
        else:
            body, kind = "id: bad\nbase: [nz\n", "application/yaml"  # broken YAML
        response = await self.call(
            "POST", "/api/bills", {422}, content=body.encode(), headers={"content-type": kind}
        )
        if response is not None and response.status_code == 422:
            self.load.invalid_refused += 1

    async def simulate(self) -> None:
        body = {**SMALL, "seed": self.rng.randint(1, 5)}
        response = await self.call("POST", "/api/simulations", {202, 429}, json=body)
        if response is None:
            return
        if response.status_code == 202:
            self.jobs.append(response.json()["id"])
            self.load.jobs.append(self.jobs[-1])
        elif response.status_code == 429:
            self.load.rate_limited += 1

    async def poll(self) -> None:
        if not self.jobs:
            await self.call("GET", "/api/jobs?limit=20", {200})
            return
        await self.call("GET", f"/api/jobs/{self.rng.choice(self.jobs)}", {200})

    async def cancel(self) -> None:
        if self.jobs:  # 409 if it has finished meanwhile: a race, not an error
            await self.call("POST", f"/api/jobs/{self.rng.choice(self.jobs)}/cancel", {200, 409})

    async def loop(self, deadline: float) -> None:
        actions = (self.page, self.bill, self.bad_bill, self.simulate, self.poll, self.cancel)
        weights = (40, 12, 8, 12, 25, 3)
        while time.monotonic() < deadline:
            await self.rng.choices(actions, weights)[0]()


async def _load(url: str, clients: int, seconds: float, seed: int) -> Load:
    load = Load(clients, seconds)
    deadline = time.monotonic() + seconds
    limits = httpx.Limits(max_connections=1, max_keepalive_connections=1)

    async def one(n: int) -> None:
        async with httpx.AsyncClient(base_url=url, timeout=60, limits=limits) as http:
            await Client(n, http, load, random.Random(seed * 1000 + n)).loop(deadline)

    await asyncio.gather(*(one(n) for n in range(clients)))
    return load


def load_test(url: str, clients: int = 50, seconds: float = 60.0, seed: int = 1) -> Load:
    """Run `clients` concurrent clients against `url` for `seconds`."""
    return asyncio.run(_load(url, clients, seconds, seed))


def warm_up(url: str) -> None:
    """One request of each kind first: a fresh process spends seconds on its first page
    (templates, the law registry, the map), a one-off cost that is not the steady state."""
    with httpx.Client(base_url=url, timeout=120) as http:
        for path in PAGES:
            http.get(path).raise_for_status()
        bill = {**BILL, "id": "warm-up", "changes": {"buying": "criminal"}}
        http.post("/api/bills/preview", json=bill).raise_for_status()


@dataclass
class Kills:
    """What the kill-and-restart test saw."""

    kills: int = 0
    accepted: list[str] = field(default_factory=list)
    lost: set[str] = field(default_factory=set)
    insensible: list[str] = field(default_factory=list)
    retried: int = 0
    integrity: list[str] = field(default_factory=list)
    restart_s: list[float] = field(default_factory=list)
    statuses: Counter[str] = field(default_factory=Counter)
    bills_missing: int = 0
    errors: list[str] = field(default_factory=list)  # posts answered other than 202 or 429


def integrity(database: Path) -> str:
    """`PRAGMA integrity_check` of the SQLite file ("ok" when sound)."""
    with sqlite3.connect(database) as db:
        return "; ".join(str(row[0]) for row in db.execute("PRAGMA integrity_check"))


def _status(http: httpx.Client, job_id: str) -> dict[str, Any] | None:
    """A job's state; None if the server does not know it (lost). Any other failure raises:
    the benchmark stops loudly rather than print a line that hides it."""
    response = http.get(f"/api/jobs/{job_id}")
    if response.status_code == 404:
        return None
    response.raise_for_status()
    job: dict[str, Any] = response.json()
    return job


def _wait_idle(http: httpx.Client, jobs: list[str], timeout: float) -> None:
    """Wait until none of `jobs` is queued or running (or the time is up)."""
    deadline = time.monotonic() + timeout
    pending = list(jobs)
    while pending and time.monotonic() < deadline:
        pending = [
            j for j in pending if (s := _status(http, j)) is not None and s["status"] in ACTIVE
        ]
        if pending:
            time.sleep(0.25)


def _post(http: httpx.Client, body: dict[str, Any], out: Kills) -> str | None:
    response = http.post("/api/simulations", json=body)
    if response.status_code != 202:  # a 429 (the queue is full) is expected; nothing else is
        if response.status_code != 429:
            out.errors.append(f"POST /api/simulations: {response.status_code} {response.text}")
        return None
    job_id: str = response.json()["id"]
    out.accepted.append(job_id)
    return job_id


def _account(http: httpx.Client, out: Kills, final: bool) -> list[str]:
    """Find every accepted job; return the interrupted ones. Lost or odd ones are recorded."""
    interrupted, statuses = [], Counter[str]()
    for job_id in out.accepted:
        job = _status(http, job_id)
        if job is None:
            out.lost.add(job_id)
            continue
        statuses[job["status"]] += 1
        if job["status"] not in SENSIBLE or (
            job["status"] == "interrupted" and not job["retry_url"]
        ):
            out.insensible.append(f"{job_id}: {job['status']}")
        if job["status"] == "interrupted":
            interrupted.append(job_id)
    if final:
        out.statuses = statuses
    return interrupted


def kill_and_restart(
    server: ServerProcess,
    earlier: list[str],
    bills: list[str],
    kills: int = 5,
    long: dict[str, Any] = LONG,
    settle_s: float = 180.0,
    seed: int = 1,
) -> Kills:
    """SIGKILL `server` `kills` times during jobs; account for every accepted job after each."""
    rng = random.Random(seed)
    out = Kills(accepted=list(earlier))
    for round_ in range(kills):
        with httpx.Client(base_url=server.url, timeout=60) as http:
            _wait_idle(http, out.accepted, settle_s)  # room under the per-client queue limit
            long_id = _post(http, {**long, "seed": rng.randint(1, 10**6)}, out)
            for _ in range(3):
                _post(http, {**SMALL, "seed": rng.randint(1, 10**6)}, out)
            if round_ % 2 == 0 and long_id is not None:  # kill while the long job runs
                deadline = time.monotonic() + settle_s
                while time.monotonic() < deadline:
                    job = _status(http, long_id)
                    if job is None or job["status"] != "queued":
                        break
                    time.sleep(0.05)
                time.sleep(rng.uniform(0.0, 1.0))
        server.kill()  # SIGKILL: nothing is flushed, nothing is cleaned up
        out.kills += 1
        out.integrity.append(integrity(server.database))
        started = time.monotonic()
        server.start()
        out.restart_s.append(time.monotonic() - started)
        with httpx.Client(base_url=server.url, timeout=60) as http:
            for job_id in _account(http, out, final=False):
                if http.post(f"/api/jobs/{job_id}/retry").status_code == 202:
                    out.retried += 1
    with httpx.Client(base_url=server.url, timeout=60) as http:
        _wait_idle(http, out.accepted, settle_s)
        _account(http, out, final=True)
        saved = {b["id"] for b in http.get("/api/bills").json()}
        out.bills_missing = len(set(bills) - saved)
    return out


def measure(
    clients: int = 50,
    seconds: float = 60.0,
    kills: int = 5,
    workers: int | None = None,
    long: dict[str, Any] = LONG,
    folder: Path | None = None,
    settle_s: float = 180.0,
) -> dict[str, Any]:
    """Both tests against one server and one database; the summary as a dict.

    `settle_s` bounds each wait for the queue to drain (before each kill round, and at the end
    before the last accounting); jobs still queued or running then count as accounted for.
    """
    with tempfile.TemporaryDirectory(prefix="swpolicy-reliability-") as tmp:
        database = (folder or Path(tmp)) / "web.db"
        args = ("--workers", str(workers)) if workers else ()
        clock = time.monotonic()
        server = ServerProcess(database, None, *args).start()
        try:
            start_s, clock = time.monotonic() - clock, time.monotonic()
            warm_up(server.url)
            warm_s, clock = time.monotonic() - clock, time.monotonic()
            load = load_test(server.url, clients, seconds)
            load_s, clock = time.monotonic() - clock, time.monotonic()
            killed = kill_and_restart(server, load.jobs, load.bills, kills, long, settle_s)
            kill_s = time.monotonic() - clock
        finally:
            server.kill()
        final = integrity(database)
    checks = [*killed.integrity, final]
    accepted = len(killed.accepted)
    return {
        "requests": load.requests,
        "errors": load.errors + len(killed.errors),
        "5xx": sum(n for status, n in load.statuses.items() if status >= 500),
        "p50_s": round(load.quantile(50), 3),
        "p95_s": round(load.quantile(95), 3),
        "jobs_accepted": accepted,
        "jobs_accounted_for": accepted - len(killed.lost),
        "jobs_lost": len(killed.lost),
        "integrity": "ok" if all(c == "ok" for c in checks) else "; ".join(checks),
        "clients": clients,
        "seconds": round(load_s, 1),
        "requests_per_s": round(load.requests / max(load_s, 1e-9), 1),
        "rate_limited_429": load.rate_limited,
        "invalid_refused_422": load.invalid_refused,
        "load_jobs_accepted": len(load.jobs),
        "kills": killed.kills,
        "kill_phase_errors": len(killed.errors),
        "interrupted_retried": killed.retried,
        "job_statuses": dict(sorted(killed.statuses.items())),
        "insensible_statuses": len(killed.insensible),
        "bills_saved": len(load.bills),
        "bills_missing": killed.bills_missing,
        "start_s": round(start_s, 1),
        "warm_up_s": round(warm_s, 1),
        "kill_phase_s": round(kill_s, 1),
        "restart_s_max": round(max(killed.restart_s, default=0.0), 1),
        "workers": workers or 0,
        "error_samples": [*load.samples, *killed.errors][:5],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--kills", type=int, default=5)
    parser.add_argument("--workers", type=int, default=None, help="serve on a Dask cluster")
    opts = parser.parse_args()
    if not (1 <= opts.clients <= 500 and 1 <= opts.seconds <= 3600 and 0 <= opts.kills <= 50):
        parser.error("--clients 1-500, --seconds 1-3600, --kills 0-50")
    print(json.dumps(measure(opts.clients, opts.seconds, opts.kills, opts.workers)))


if __name__ == "__main__":
    main()
