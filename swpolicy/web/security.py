"""Security middleware: headers, request size limit, host, origin and access-token checks.

The app is meant for one person on their own machine, but a browser will let any web page send
requests to 127.0.0.1. So, besides the usual headers, it refuses requests for other host names
(DNS rebinding) and state-changing requests whose Origin is another site (cross-site forms:
scheme, host and port must all match). With an access token (required off loopback, see
`auth.py`) every request but the sign-in page must carry it.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Iterable
from urllib.parse import quote, urlsplit

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from swpolicy.web.auth import OPEN_PATHS, authorised, parse_cookies
from swpolicy.web.limits import BODY_TIMEOUT, MAX_BODY

LOCAL_HOSTS = ("127.0.0.1", "localhost", "[::1]")

# No external source anywhere: scripts, styles, images and fonts come from this server only.
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; "
    "form-action 'self'; frame-ancestors 'none'"
)
# Swagger UI (served from the package by fastapi-offline) starts itself with an inline script.
DOCS_CSP = (
    "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; "
    "frame-ancestors 'none'"
)
HEADERS = (
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"same-origin"),  # no-referrer would make form posts Origin: null
    (b"x-frame-options", b"DENY"),
    (b"cross-origin-opener-policy", b"same-origin"),
    (b"permissions-policy", b"camera=(), microphone=(), geolocation=()"),
)
SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}
DEFAULT_PORTS = {"http": 80, "https": 443}
API_PREFIXES = ("/api", "/openapi.json", "/docs")


class _TooLarge(Exception):
    pass


class _TooSlow(Exception):
    pass


def _host_name(value: str) -> str:
    if value.startswith("["):
        return value.split("]")[0] + "]"
    return value.rsplit(":", 1)[0] if value.count(":") == 1 else value


def _site(scheme: str, netloc: str) -> tuple[str, str, int] | None:
    """(scheme, host, port) of a URL's parts, the port defaulted by scheme; None if malformed."""
    try:
        parts = urlsplit(f"{scheme}://{netloc}")
        port = parts.port or DEFAULT_PORTS.get(scheme)
    except ValueError:
        return None
    if scheme not in DEFAULT_PORTS or not parts.hostname or port is None:
        return None
    return scheme, parts.hostname.lower(), port


def same_origin(origin: str, scheme: str, host: str) -> bool:
    """Whether an Origin header names this site: same scheme, host and port (opaque: never)."""
    mine = _site(scheme, host)
    their_scheme, sep, their_netloc = origin.partition("://")
    theirs = _site(their_scheme.lower(), their_netloc) if sep and "/" not in their_netloc else None
    return mine is not None and mine == theirs


class SecurityMiddleware:
    """Pure ASGI middleware (it wraps `receive`, so it also limits streamed bodies)."""

    def __init__(
        self,
        app: ASGIApp,
        allowed_hosts: Iterable[str] | None = None,
        max_body: int = MAX_BODY,
        token: str | None = None,
        body_timeout: float = BODY_TIMEOUT,
    ) -> None:
        self.app = app
        self.allowed = None if allowed_hosts is None else {h.lower() for h in allowed_hosts}
        self.max_body = max_body
        self.token = token
        self.body_timeout = body_timeout

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
        host = _host_name(headers.get("host", "")).lower()
        if self.allowed is not None and host not in self.allowed:
            await _reply(send, 400, f"host {host!r} is not served here")
            return
        # Scheme, host and port must match: another app on another local port is another site,
        # so is http:// for an https:// site, and an opaque origin ("null") is never this one.
        origin = headers.get("origin")
        if (
            scope["method"] not in SAFE_METHODS
            and origin
            and not same_origin(origin, scope.get("scheme", "http"), headers.get("host", ""))
        ):
            await _reply(send, 403, "cross-site request refused")
            return
        if self.token is not None and scope["path"] not in OPEN_PATHS:
            cookies = parse_cookies(headers.get("cookie", ""))
            if not authorised(self.token, headers.get("authorization", ""), cookies):
                await _refuse_unauthorised(scope, send)
                return
        length = headers.get("content-length", "")
        if length.isdigit() and int(length) > self.max_body:
            await _reply(send, 413, f"request body larger than {self.max_body} bytes")
            return

        csp = DOCS_CSP if scope["path"] in ("/docs", "/docs/oauth2-redirect") else CSP
        received = 0
        started = False

        async def limited_receive() -> Message:
            nonlocal received
            try:  # a client that stops sending its body mid-way is cut off
                message = await asyncio.wait_for(receive(), self.body_timeout)
            except TimeoutError:
                raise _TooSlow from None
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_body:
                    raise _TooLarge
            return message

        async def send_with_headers(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                extra = [(b"content-security-policy", csp.encode()), *HEADERS]
                message["headers"] = [*message.get("headers", []), *extra]
            await send(message)

        try:
            await self.app(scope, limited_receive, send_with_headers)
        except _TooLarge:
            if not started:
                await _reply(send, 413, f"request body larger than {self.max_body} bytes")
        except _TooSlow:
            if not started:
                wait = f"{self.body_timeout:g}"
                await _reply(send, 408, f"the request body stalled for more than {wait} s")


async def _refuse_unauthorised(scope: Scope, send: Send) -> None:
    """API clients get 401 asking for a bearer token; browsers go to the sign-in page."""
    path: str = scope["path"]
    if path.startswith(API_PREFIXES) or scope["method"] not in SAFE_METHODS:
        message = "an access token is required: send Authorization: Bearer <token>"
        await _reply(send, 401, message, [(b"www-authenticate", b"Bearer")])
        return
    query = scope.get("query_string", b"").decode("latin-1")
    target = quote(path + (f"?{query}" if query else ""), safe="")
    location = f"/login?next={target}".encode()
    await _reply(send, 303, "sign in first", [(b"location", location)])


async def _reply(
    send: Send, status: int, message: str, extra: list[tuple[bytes, bytes]] | None = None
) -> None:
    """A JSON error in the app's error shape, `{"detail": ..., "issues": []}`."""
    body = json.dumps({"detail": message, "issues": []}).encode()
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(body)).encode()),
                (b"content-security-policy", CSP.encode()),
                *HEADERS,
                *(extra or []),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})
