"""Security middleware: headers, request size limit, host and origin checks.

The app is meant for one person on their own machine, but a browser will let any web page send
requests to 127.0.0.1. So, besides the usual headers, it refuses requests for other host names
(DNS rebinding) and state-changing requests whose Origin is another site (cross-site forms).
"""

from __future__ import annotations

import json
from collections.abc import Iterable

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from swpolicy.web.limits import MAX_BODY

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


class _TooLarge(Exception):
    pass


def _host_name(value: str) -> str:
    if value.startswith("["):
        return value.split("]")[0] + "]"
    return value.rsplit(":", 1)[0] if value.count(":") == 1 else value


class SecurityMiddleware:
    """Pure ASGI middleware (it wraps `receive`, so it also limits streamed bodies)."""

    def __init__(
        self, app: ASGIApp, allowed_hosts: Iterable[str] | None = None, max_body: int = MAX_BODY
    ) -> None:
        self.app = app
        self.allowed = None if allowed_hosts is None else {h.lower() for h in allowed_hosts}
        self.max_body = max_body

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
        host = _host_name(headers.get("host", "")).lower()
        if self.allowed is not None and host not in self.allowed:
            await _reply(send, 400, f"host {host!r} is not served here")
            return
        # Host and port must match: another app on another local port is another site, and an
        # opaque origin ("null", a sandboxed page) is never this one.
        origin = headers.get("origin")
        if (
            scope["method"] not in SAFE_METHODS
            and origin
            and origin.split("://", 1)[-1].lower() != headers.get("host", "").lower()
        ):
            await _reply(send, 403, "cross-site request refused")
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
            message = await receive()
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


async def _reply(send: Send, status: int, message: str) -> None:
    body = json.dumps({"detail": message}).encode()
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(body)).encode()),
                (b"content-security-policy", CSP.encode()),
                *HEADERS,
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})
