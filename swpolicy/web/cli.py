"""`swpolicy serve`: run the local web app with uvicorn (127.0.0.1 by default)."""

from __future__ import annotations

import socket

import typer

from swpolicy.cliutil import console, guarded
from swpolicy.errors import UsageError
from swpolicy.web.security import LOCAL_HOSTS

HOST = typer.Option(
    "127.0.0.1", "--host", help="Address to bind; default 127.0.0.1 (this machine only)."
)
PORT = typer.Option(8000, "--port", min=1, max=65535, help="Port to listen on.")


@guarded
def serve(host: str = HOST, port: int = PORT) -> None:
    """Serve the web app: laws, compare, bill editor, simulations and the JSON API (/docs).

    Saved bills and runs go to SQLite in your data directory, or to SWPOLICY_DATABASE_URL.
    """
    import uvicorn

    from swpolicy.web.app import create_app

    _check_free(host, port)
    local = host in ("127.0.0.1", "localhost", "::1")
    if not local:
        console.print(
            f"[bold yellow]warning:[/] binding to {host}: other machines can reach this app; "
            "it has no login."
        )
    try:
        app = create_app(allowed_hosts=LOCAL_HOSTS if local else None)
    except OSError as exc:
        raise UsageError(f"cannot open the database: {exc}") from None
    console.print(f"swpolicy web app on http://{'[' + host + ']' if ':' in host else host}:{port}/")
    uvicorn.run(app, host=host, port=port, log_level="info")


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
