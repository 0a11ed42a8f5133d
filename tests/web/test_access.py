"""Access control off loopback: token for the API, sign-in cookie for browsers, strict origins."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from swpolicy.cli import app as cli_app
from swpolicy.web.app import create_app
from swpolicy.web.auth import COOKIE, session_value
from swpolicy.web.security import same_origin

from .conftest import db_url

TOKEN = "a-long-enough-test-token-1234"


@pytest.fixture
def guarded(tmp_path: Path) -> TestClient:
    return TestClient(create_app(db_url(tmp_path), allowed_hosts=None, token=TOKEN))


def test_api_needs_the_bearer_token(guarded: TestClient) -> None:
    refused = guarded.get("/api/bills")
    assert refused.status_code == 401
    assert refused.headers["www-authenticate"] == "Bearer"
    assert refused.json()["issues"] == []
    assert guarded.get("/api/bills", headers={"authorization": "Bearer wrong"}).status_code == 401
    ok = guarded.get("/api/bills", headers={"authorization": f"Bearer {TOKEN}"})
    assert ok.status_code == 200 and ok.json() == []
    assert guarded.post("/api/simulations", json={}).status_code == 401  # before validation
    assert guarded.get("/openapi.json").status_code == 401


def test_browsers_sign_in_once_and_get_a_cookie(guarded: TestClient) -> None:
    first = guarded.get("/runs?x=1", follow_redirects=False)
    assert first.status_code == 303
    assert first.headers["location"] == "/login?next=%2Fruns%3Fx%3D1"
    form = guarded.get(first.headers["location"])
    assert form.status_code == 200 and 'name="token"' in form.text
    wrong = guarded.post("/login", data={"token": "nope", "next": "/runs"})
    assert wrong.status_code == 401 and "not right" in wrong.text
    signed = guarded.post(
        "/login", data={"token": TOKEN, "next": "//evil.example/"}, follow_redirects=False
    )
    assert signed.status_code == 303 and signed.headers["location"] == "/"  # no open redirect
    cookie = signed.headers["set-cookie"]
    assert "HttpOnly" in cookie and "SameSite=strict" in cookie and TOKEN not in cookie
    assert guarded.cookies[COOKIE] == session_value(TOKEN)
    assert guarded.get("/runs").status_code == 200
    assert guarded.get("/api/runs").status_code == 200  # the cookie also works for the API
    out = guarded.post("/logout", follow_redirects=False)
    assert out.status_code == 303
    guarded.cookies.clear()
    assert guarded.get("/runs", follow_redirects=False).status_code == 303


def test_origin_must_match_scheme_host_and_port() -> None:
    assert same_origin("http://127.0.0.1:8000", "http", "127.0.0.1:8000")
    assert same_origin("https://policy.example.org", "https", "policy.example.org")
    assert same_origin("https://policy.example.org:443", "https", "policy.example.org")
    assert not same_origin("https://127.0.0.1:8000", "http", "127.0.0.1:8000")  # scheme
    assert not same_origin("http://127.0.0.1:8000", "https", "127.0.0.1:8000")
    assert not same_origin("http://127.0.0.1:8001", "http", "127.0.0.1:8000")  # port
    assert not same_origin("http://127.0.0.1", "http", "127.0.0.1:8000")
    assert not same_origin("http://evil.example:8000", "http", "127.0.0.1:8000")  # host
    for odd in ("null", "127.0.0.1:8000", "http://127.0.0.1:8000/x", "http://[::1", "ftp://a"):
        assert not same_origin(odd, "http", "127.0.0.1:8000"), odd


def test_cross_scheme_post_is_refused(client: TestClient) -> None:
    body = {"base": "nz", "id": "x", "title": "t", "effective": "2027-01-01"}
    refused = client.post("/bills/new", data=body, headers={"origin": "https://testserver"})
    assert refused.status_code == 403


def test_serve_refuses_a_public_bind_without_a_token(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("SWPOLICY_TOKEN", raising=False)
    result = CliRunner().invoke(cli_app, ["serve", "--host", "0.0.0.0", "--port", "1"])
    assert result.exit_code == 2
    assert "SWPOLICY_TOKEN" in result.output and "--insecure-no-auth" in result.output
    short = tmp_path / "token"
    short.write_text("short\n")
    result = CliRunner().invoke(cli_app, ["serve", "--host", "0.0.0.0", "--token-file", str(short)])
    assert result.exit_code == 2 and "at least 16" in result.output
    missing = ["serve", "--host", "0.0.0.0", "--token-file", str(tmp_path / "none")]
    result = CliRunner().invoke(cli_app, missing)
    assert result.exit_code == 2 and "cannot read" in result.output
