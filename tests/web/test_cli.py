"""`swpolicy serve` registration and options."""

from __future__ import annotations

import socket

import pytest
import typer
from typer.testing import CliRunner

from swpolicy.web import cli, limits
from swpolicy.web.timeouts import HeaderTimeoutProtocol


def test_serve_defaults_to_localhost(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[dict[str, object]] = []
    monkeypatch.setattr("uvicorn.run", lambda app, **kw: calls.append(kw))
    monkeypatch.setattr(cli, "_check_free", lambda host, port: None)  # 8000 may be in use here
    monkeypatch.setenv("SWPOLICY_DATABASE_URL", "sqlite://")
    app = typer.Typer()
    cli.register(app)
    app.command("noop")(lambda: None)  # a second command keeps `serve` a subcommand
    result = CliRunner().invoke(app, ["serve"])
    assert result.exit_code == 0, result.output
    assert len(calls) == 1
    assert (calls[0]["host"], calls[0]["port"]) == ("127.0.0.1", 8000)
    # Slow clients are cut off: keep-alive, header size and header read timeout are set.
    assert calls[0]["timeout_keep_alive"] == limits.KEEP_ALIVE
    assert calls[0]["h11_max_incomplete_event_size"] == limits.MAX_HEADERS
    assert calls[0]["http"] is HeaderTimeoutProtocol
    assert calls[0]["proxy_headers"] is False  # X-Forwarded-* trusted only when asked


def test_bad_database_url_is_a_clean_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SWPOLICY_DATABASE_URL", "nonsense://x")
    monkeypatch.setattr(cli, "_check_free", lambda host, port: None)
    app = typer.Typer()
    cli.register(app)
    app.command("noop")(lambda: None)
    result = CliRunner().invoke(app, ["serve", "--port", "8123"])
    assert result.exit_code == 2
    assert "SWPOLICY_DATABASE_URL" in result.output


def test_port_in_use_is_a_clean_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("uvicorn.run", lambda app, **kw: None)
    app = typer.Typer()
    cli.register(app)
    app.command("noop")(lambda: None)
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        result = CliRunner().invoke(app, ["serve", "--port", str(port)])
    assert result.exit_code == 2
    assert f"cannot listen on 127.0.0.1:{port}" in result.output
