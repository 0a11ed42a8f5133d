"""Access tokens: who may use the app when it is reachable from other machines.

On 127.0.0.1 the app serves the person at the machine. Bound to any other address it requires
one shared access token (from `SWPOLICY_TOKEN` or a file): API clients send
`Authorization: Bearer <token>`; browsers sign in once on `/login`, which sets an HttpOnly,
SameSite=Strict cookie holding an HMAC of the token (never the token itself). Every comparison
is constant-time (`hmac.compare_digest`).
"""

from __future__ import annotations

import hashlib
import hmac
import os
from pathlib import Path

from swpolicy.errors import UsageError

ENV_VAR = "SWPOLICY_TOKEN"
COOKIE = "swpolicy_session"
MIN_LENGTH = 16  # characters; `python -c "import secrets; print(secrets.token_urlsafe(32))"`
MAX_FILE = 4096  # bytes: a token file is one line
# Paths served without a token: the sign-in page itself and the stylesheet it uses.
OPEN_PATHS = ("/login", "/static/style.css")


def check_token(token: str, source: str) -> str:
    """A usable token (stripped), or a UsageError saying what is wrong with it."""
    token = token.strip()
    if len(token) < MIN_LENGTH or not token.isprintable() or " " in token:
        raise UsageError(
            f"{source}: the access token must be at least {MIN_LENGTH} printable characters "
            "without spaces"
        )
    return token


def load_token(token_file: Path | None) -> str | None:
    """The token from `token_file` if given, else from `SWPOLICY_TOKEN`, else None."""
    if token_file is not None:
        try:
            with token_file.open("rb") as handle:
                raw = handle.read(MAX_FILE + 1)
        except OSError as exc:
            raise UsageError(f"{token_file}: cannot read the token file: {exc.strerror}") from None
        if len(raw) > MAX_FILE:
            raise UsageError(f"{token_file}: a token file holds one line, not {MAX_FILE}+ bytes")
        try:
            return check_token(raw.decode("utf-8"), str(token_file))
        except UnicodeDecodeError:
            raise UsageError(f"{token_file}: the token file is not UTF-8 text") from None
    value = os.environ.get(ENV_VAR)
    return check_token(value, ENV_VAR) if value else None


def session_value(token: str) -> str:
    """What the sign-in cookie holds: an HMAC of the token, so the cookie never reveals it."""
    return hmac.new(token.encode(), b"swpolicy browser session", hashlib.sha256).hexdigest()


def same(given: str, expected: str) -> bool:
    """Constant-time comparison of two secrets."""
    return hmac.compare_digest(given.encode(), expected.encode())


def authorised(token: str, authorization: str, cookies: dict[str, str]) -> bool:
    """Whether a request carries the token (bearer header) or a valid sign-in cookie."""
    scheme, _, given = authorization.partition(" ")
    if scheme.lower() == "bearer" and given and same(given.strip(), token):
        return True
    session = cookies.get(COOKIE, "")
    return bool(session) and same(session, session_value(token))


def parse_cookies(header: str) -> dict[str, str]:
    """The `name=value` pairs of a Cookie header."""
    pairs = (part.strip().partition("=") for part in header.split(";"))
    return {name: value for name, _, value in pairs if name}


def safe_next(target: str) -> str:
    """Where to go after signing in: a path on this site only (no open redirect)."""
    ok = target.startswith("/") and not target.startswith("//") and "\\" not in target
    return target if ok and target.isprintable() else "/"
