"""The FastAPI application: pages, JSON API, error handling, security and persistence.

`create_app()` builds an app bound to one database (migrated on creation) and one job queue.
Errors the user caused become 4xx with the CLI's messages (JSON under /api, an HTML page
elsewhere); anything else is logged and shown as a plain 500 without a traceback.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Iterable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi_offline import FastAPIOffline
from starlette.exceptions import HTTPException
from starlette.routing import Route

from swpolicy.errors import InputError, SwpolicyError
from swpolicy.scenarios.executor import Executor
from swpolicy.web.api import router as api_router
from swpolicy.web.dataset import router as dataset_router
from swpolicy.web.db import create_engine, default_url, migrate
from swpolicy.web.impact import KIND as IMPACT_KIND
from swpolicy.web.impact import make_impact_runner
from swpolicy.web.jobs import Busy, JobManager, Runner
from swpolicy.web.limits import BODY_TIMEOUT
from swpolicy.web.login import router as login_router
from swpolicy.web.pages import router as page_router
from swpolicy.web.render import HERE, html
from swpolicy.web.reports import make_report_runner
from swpolicy.web.security import LOCAL_HOSTS, SecurityMiddleware
from swpolicy.web.simulation import make_runner
from swpolicy.web.store import Conflict, NotFound, Store

log = logging.getLogger(__name__)


def status_of(exc: SwpolicyError) -> int:
    """The HTTP status of a user-caused error."""
    if isinstance(exc, NotFound):
        return 404
    if isinstance(exc, Conflict):
        return 409
    if isinstance(exc, Busy):
        return 429
    return 422  # invalid input or a request that cannot be answered as asked (400: wrong Host)


def error_body(exc: SwpolicyError) -> dict[str, Any]:
    """`{"detail": ..., "issues": [{file, line, col, field, message}]}` for an error."""
    if isinstance(exc, InputError):
        return {
            "detail": f"{len(exc.issues)} problem(s) found",
            "issues": [i.as_dict() for i in exc.issues],
        }
    return {"detail": str(exc), "issues": []}


def _wants_json(request: Request) -> bool:
    return request.url.path.startswith("/api") or request.url.path.startswith("/openapi")


def _allowed_methods(request: Request) -> str:
    path = request.url.path
    methods: set[str] = set()
    for route in request.app.router.routes:
        if isinstance(route, Route) and route.methods and route.path_regex.match(path):
            methods |= route.methods
    return ", ".join(sorted(methods))


def _error_page(request: Request, status: int, title: str, body: dict[str, Any]) -> Response:
    return html(request, "error.html", {"title": title, "error": body}, status)


def create_app(
    database_url: str | None = None,
    *,
    allowed_hosts: Iterable[str] | None = LOCAL_HOSTS,
    runners: dict[str, Runner] | None = None,
    reports_dir: Path | None = None,
    token: str | None = None,
    body_timeout: float = BODY_TIMEOUT,
    executor: Executor | None = None,
) -> FastAPI:
    """Build the app. `allowed_hosts=None` accepts any Host (for a deliberately public bind).

    `token` requires that access token on every request (see `auth.py`); `runners` replaces
    the job runners by kind ("simulation", "report"), for tests. `executor` is where the jobs'
    tasks run (in-process by default; `swpolicy serve --workers/--scheduler` passes a Dask
    one); the caller owns it and closes it after the app has stopped.
    """
    engine = create_engine(database_url or default_url())
    migrate(engine)
    store = Store(engine)
    jobs = JobManager(
        {
            "simulation": make_runner(store, executor),
            "report": make_report_runner(reports_dir, executor, store=store),
            IMPACT_KIND: make_impact_runner(store, executor),
            **(runners or {}),
        },
        engine,
    )

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        yield
        jobs.shutdown()
        engine.dispose()

    app = FastAPIOffline(
        title="swpolicy",
        summary="Sex-work law as code and law-to-outcome simulation, served locally.",
        version="0.1.0",
        redoc_url=None,
        lifespan=lifespan,
    )
    app.state.store = store
    app.state.jobs = jobs
    app.state.engine = engine
    app.state.token = token
    app.add_middleware(
        SecurityMiddleware, allowed_hosts=allowed_hosts, token=token, body_timeout=body_timeout
    )
    app.mount("/static", StaticFiles(directory=str(HERE / "static")), name="static")

    @app.exception_handler(SwpolicyError)
    async def _swpolicy_error(request: Request, exc: SwpolicyError) -> Response:
        status, body = status_of(exc), error_body(exc)
        headers = {"Retry-After": str(exc.retry_after)} if isinstance(exc, Busy) else None
        if _wants_json(request):
            return JSONResponse(body, status_code=status, headers=headers)
        page = _error_page(request, status, "That did not work", body)
        page.headers.update(headers or {})
        return page

    @app.exception_handler(RequestValidationError)
    async def _validation_error(request: Request, exc: RequestValidationError) -> Response:
        issues = [
            {
                "field": ".".join(str(p) for p in err["loc"]),
                "message": str(err["msg"]),
            }
            for err in exc.errors()
        ]
        body = {"detail": f"{len(issues)} problem(s) found", "issues": issues}
        if _wants_json(request):
            return JSONResponse(body, status_code=422)
        return _error_page(request, 422, "That did not work", body)

    @app.exception_handler(HTTPException)
    async def _http_error(request: Request, exc: HTTPException) -> Response:
        body = {"detail": str(exc.detail), "issues": []}
        headers = dict(exc.headers or {})
        if exc.status_code == 405:  # every method the path serves, not only the first route's
            headers["Allow"] = _allowed_methods(request)
        if _wants_json(request) or exc.status_code < 400:
            return JSONResponse(body, status_code=exc.status_code, headers=headers)
        return _error_page(request, exc.status_code, "Not available", body)

    @app.exception_handler(Exception)
    async def _bug(request: Request, exc: Exception) -> Response:
        log.exception("unhandled error on %s", request.url.path)
        return JSONResponse({"detail": "internal error; see the server log"}, status_code=500)

    app.include_router(api_router)
    app.include_router(dataset_router)
    app.include_router(login_router)
    app.include_router(page_router)
    return app
