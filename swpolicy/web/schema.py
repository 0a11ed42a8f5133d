"""What the OpenAPI schema says about errors, so that it is true to every answer the API gives.

Every error the app sends (from a handler or from the security middleware) has one body,
`ErrorBody`; each operation lists the status codes it can answer with that body.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field


class IssueBody(BaseModel):
    """One located problem (a bill's issues carry file, line and column in the request body)."""

    file: str | None = None
    line: int | None = None
    col: int | None = None
    field: str
    message: str


class ErrorBody(BaseModel):
    """The body of every 4xx: a summary and, for invalid input, every problem found."""

    detail: str
    issues: list[IssueBody] = Field(default_factory=list)


def _error(description: str, **headers: str) -> dict[str, Any]:
    out: dict[str, Any] = {"model": ErrorBody, "description": description}
    if headers:
        out["headers"] = {
            k: {"description": v, "schema": {"type": "string"}} for k, v in headers.items()
        }
    return out


# Any operation: a refused Host (DNS rebinding), a missing access token, an unknown id, bad input.
COMMON: dict[int | str, dict[str, Any]] = {
    400: _error("Host not served here, or a request that cannot be answered as asked"),
    401: _error(
        "Access token required (when the server requires one)", **{"WWW-Authenticate": "Bearer"}
    ),
    404: _error("No such jurisdiction, bill, job or run"),
    422: _error("Invalid input; `issues` locates each problem"),
}
# State-changing operations: cross-site requests, bodies too large or too slow, full queues.
WRITE: dict[int | str, dict[str, Any]] = {
    403: _error("Cross-site request refused (Origin is another site)"),
    408: _error("The request body stalled"),
    409: _error("Conflicts with what is saved, or the job is not in a state that allows this"),
    413: _error("Request body larger than the limit"),
}
BUSY: dict[int | str, dict[str, Any]] = {
    429: _error("Too many jobs waiting; retry later", **{"Retry-After": "seconds to wait"}),
}


def file_response(media_type: str) -> dict[int | str, dict[str, Any]]:
    """A 200 that is a download of `media_type` (errors stay JSON, as documented above)."""
    content = {media_type: {"schema": {"type": "string"}}}
    return {200: {"description": f"A {media_type} download", "content": content}}
