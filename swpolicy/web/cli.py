"""`swpolicy serve`: run the web app with uvicorn (127.0.0.1 by default).

Bound to anything but loopback, the app is reachable by other machines, so it refuses to start
without an access token (`SWPOLICY_TOKEN` or `--token-file`) unless `--insecure-no-auth` is
given explicitly. docs/web.md describes running it for an organisation behind a TLS proxy.
Jobs' tasks run where `swpolicy simulate` runs them: in-process by default, on a local Dask
cluster with `--workers N`, or on an existing one with `--scheduler` / `SWPOLICY_DASK_SCHEDULER`.
"""

from __future__ import annotations

import socket
from pathlib import Path

import typer

from swpolicy.cliutil import console, guarded
from swpolicy.errors import UsageError
from swpolicy.scenarios.executor import DaskExecutor, Executor
from swpolicy.web import limits
from swpolicy.web.auth import ENV_VAR, load_token
from swpolicy.web.security import LOCAL_HOSTS

HOST = typer.Option(
    "127.0.0.1", "--host", help="Address to bind; default 127.0.0.1 (this machine only)."
)
PORT = typer.Option(8000, "--port", min=1, max=65535, help="Port to listen on.")
TOKEN_FILE = typer.Option(
    None, "--token-file", help=f"File holding the access token (else ${ENV_VAR})."
)
NO_AUTH = typer.Option(
    False, "--insecure-no-auth", help="Serve a non-loopback address without any access token."
)
ALLOWED = typer.Option(
    [], "--allowed-host", help="Host name clients use (repeatable); default: any, off loopback."
)
FORWARDED = typer.Option(
    None,
    "--forwarded-allow-ips",
    help="Address of a reverse proxy whose X-Forwarded-For/-Proto headers are trusted.",
)
WORKERS = typer.Option(
    None, "--workers", help="Run jobs on a local Dask cluster of N worker processes."
)
SCHEDULER = typer.Option(
    None,
    "--scheduler",
    help="Run jobs on an existing Dask cluster (tcp://host:port; else $SWPOLICY_DASK_SCHEDULER).",
)
LOOPBACK = ("127.0.0.1", "localhost", "::1")


def _hosts(host: str, allowed: list[str]) -> tuple[str, ...] | None:
    """The Host names accepted: loopback names locally, the given ones or any otherwise."""
    if host in LOOPBACK:
        return LOCAL_HOSTS
    return tuple(h.lower() for h in allowed) if allowed else None


@guarded
def serve(
    host: str = HOST,
    port: int = PORT,
    token_file: Path | None = TOKEN_FILE,
    insecure_no_auth: bool = NO_AUTH,
    allowed_host: list[str] = ALLOWED,
    forwarded_allow_ips: str | None = FORWARDED,
    workers: int | None = WORKERS,
    scheduler: str | None = SCHEDULER,
) -> None:
    """Serve the web app: laws, compare, bill editor, simulations and the JSON API (/docs).

    Saved bills, runs and jobs go to SQLite in your data directory, or to SWPOLICY_DATABASE_URL.
    """
    import uvicorn

    from swpolicy.scenarios.cli import check_workers
    from swpolicy.scenarios.executor import executor
    from swpolicy.web.app import create_app
    from swpolicy.web.timeouts import HeaderTimeoutProtocol

    check_workers(workers)
    token = load_token(token_file)
    local = host in LOOPBACK
    if not local and token is None and not insecure_no_auth:
        raise UsageError(
            f"binding to {host} makes the app reachable from other machines: set {ENV_VAR} or "
            "--token-file to an access token (or pass --insecure-no-auth to serve without one)"
        )
    _check_free(host, port)
    if not local and token is None:
        console.print(
            f"[bold yellow]warning:[/] binding to {host} with --insecure-no-auth: anyone who "
            "can reach this address can save bills, queue jobs and read runs."
        )
    # The executor outlives the server: uvicorn.run returns after the app has shut down (jobs
    # stopped taking work), and only then is a local cluster closed.
    with executor(workers, scheduler) as ex:
        try:
            app = create_app(allowed_hosts=_hosts(host, allowed_host), token=token, executor=ex)
        except OSError as exc:
            raise UsageError(f"cannot open the database: {exc}") from None
        shown = "[" + host + "]" if ":" in host else host
        console.print(f"swpolicy web app on http://{shown}:{port}/ ({_where(ex)})")
        uvicorn.run(
            app,
            host=host,
            port=port,
            log_level="info",
            http=HeaderTimeoutProtocol,
            timeout_keep_alive=limits.KEEP_ALIVE,
            h11_max_incomplete_event_size=limits.MAX_HEADERS,
            proxy_headers=forwarded_allow_ips is not None,
            forwarded_allow_ips=forwarded_allow_ips,
        )


def _where(ex: Executor) -> str:
    """Where jobs run, for the start-up line."""
    if isinstance(ex, DaskExecutor):
        return f"jobs on a Dask cluster of {ex.workers} worker(s)"
    return "jobs in this process"


def _check_free(host: str, port: int) -> None:
    """Fail with a clear message, before any start-up work, if the address cannot be bound."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
        family, kind, proto, _, address = infos[0]
        with socket.socket(family, kind, proto) as sock:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            sock.bind(address)
    except OSError as exc:
        raise UsageError(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from None


def register(app: typer.Typer) -> None:
    """Add `serve` to the main `swpolicy` command."""
    app.command("serve")(serve)
