"""The sign-in page browsers use when the app requires an access token (see `auth.py`)."""

from __future__ import annotations

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from swpolicy.web.auth import COOKIE, safe_next, same, session_value
from swpolicy.web.render import html

router = APIRouter(include_in_schema=False)
SESSION_SECONDS = 12 * 3600  # a working day: staff sign in again the next morning


def _form(request: Request, target: str, error: str | None = None, status: int = 200) -> Response:
    context = {"title": "Sign in", "next": safe_next(target), "login_error": error}
    return html(request, "login.html", context, status)


@router.get("/login", response_class=HTMLResponse)
def login_page(request: Request, next: str = Query("/", max_length=2000)) -> Response:
    return _form(request, next)


@router.post("/login", response_class=HTMLResponse)
async def login_submit(request: Request) -> Response:
    raw = await request.form()
    given, target = raw.get("token", ""), raw.get("next", "/")
    target = target[:2000] if isinstance(target, str) else "/"
    token: str | None = request.app.state.token
    if token is None:  # no token configured: nothing to sign in to
        return RedirectResponse(safe_next(target), status_code=303)
    if not isinstance(given, str) or not same(given.strip()[:4096], token):
        return _form(request, target, "That access token is not right.", 401)
    response = RedirectResponse(safe_next(target), status_code=303)
    response.set_cookie(
        COOKIE,
        session_value(token),
        max_age=SESSION_SECONDS,
        httponly=True,
        samesite="strict",
        secure=request.url.scheme == "https",
    )
    return response


@router.post("/logout", response_class=HTMLResponse)
def logout(request: Request) -> Response:
    response = RedirectResponse("/login", status_code=303)
    response.delete_cookie(COOKIE, httponly=True, samesite="strict")
    return response
