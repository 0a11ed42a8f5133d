"""Jinja2 templates shipped in the package, and the helpers pages use to render them."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

from swpolicy.law.classify import SCHEMES

HERE = Path(__file__).parent
templates = Jinja2Templates(directory=str(HERE / "templates"))
templates.env.globals.update(schemes=list(SCHEMES))
# Autoescaping is on for .html (Jinja2Templates' default), so data shown on pages is escaped.


def status_class(value: Any) -> str:
    """A CSS class for a status word, so that colour is never the only cue (the word is shown)."""
    return "st-" + str(value).replace("_", "-")


def words(term_id: Any, kind: str) -> str:
    """A filter: the vocabulary's words for an id of `kind` (the id itself if it has none, so
    a run saved by an older version still shows)."""
    from swpolicy.vocabulary import VocabularyError, label

    try:
        return label(kind, str(term_id))
    except VocabularyError:
        return str(term_id)


templates.env.filters["status_class"] = status_class
templates.env.filters["words"] = words


def html(request: Request, name: str, context: dict[str, Any], status: int = 200) -> HTMLResponse:
    """Render a template (the request is passed so templates can build URLs)."""
    response = templates.TemplateResponse(request, name, context, status_code=status)
    assert isinstance(response, HTMLResponse)
    return response
