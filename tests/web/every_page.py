"""Every page of the web app, enumerated from the app's own routes, with real ids filled in.

A new page is covered by the phone-width and identifier-leak tests as soon as it is routed; a
route with a path parameter no test knows how to fill fails loudly instead of being skipped.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from swpolicy.scenarios.mapping import load_mapping
from swpolicy.scenarios.metrics import BY_ID
from swpolicy.vocabulary import terms
from swpolicy.web.assumption_panel import editable_ids
from tests.report.test_words import visible_text  # the report's scan: code, script, style hidden

# Jurisdictions to show: one country, one federation whose law varies by state, one sub-national.
JURISDICTIONS = ("nz", "us", "gb-sct")
SKIP = ("/api", "/openapi", "/static", "/docs/oauth2-redirect")
BILL = {
    "id": "every-page-bill",
    "title": "Purchase offence (every page test)",
    "base": "nz",
    "effective": "2027-01-01",
    "changes": {"buying": "criminal"},
}


def _routes(routes: list[Any]) -> Iterator[Any]:
    for route in routes:
        inner = getattr(route, "original_router", None)
        if inner is not None:
            yield from _routes(inner.routes)
        elif hasattr(route, "routes") and not hasattr(route, "methods"):
            yield from _routes(route.routes)
        else:
            yield route


def page_templates(app: Any) -> list[str]:
    """Every GET route that is a page (not the API, its schema or static files)."""
    paths = [
        route.path
        for route in _routes(app.routes)
        if "GET" in (getattr(route, "methods", None) or ())
        and not str(getattr(route, "path", "")).startswith(SKIP)
    ]
    return list(dict.fromkeys(paths))


def page_paths(app: Any, ids: dict[str, list[str]]) -> list[str]:
    """Every page with each path parameter filled by each of its real ids in `ids`."""
    out = []
    for template in page_templates(app):
        params = re.findall(r"{(\w+)}", template)
        missing = [p for p in params if p not in ids]
        if missing:
            raise AssertionError(f"{template}: no real id for {missing}; add one to the test")
        paths = [template]
        for param in params:
            paths = [p.replace(f"{{{param}}}", value) for p in paths for value in ids[param]]
        out.extend(paths)
    return out


def identifiers() -> set[str]:
    """Ids that are not words as written: with an underscore (regimes, statuses, findings,
    obligations, metrics, links, evidence entries) and the settings' lower-case ids."""
    vocab = terms()
    kinds = ("regime", "status", "finding", "obligation", "scheme", "link", "determinant")
    found = {i for kind in kinds for i in vocab[kind] if "_" in i}
    found |= {m for m in BY_ID if "_" in m}
    found |= {e.id for e in load_mapping().effects} | set(editable_ids())
    return found | set(vocab["setting"])


def leaks(html: str) -> list[str]:
    text = visible_text(html)
    return sorted(
        i for i in identifiers() if re.search(rf"(?<![\w/-]){re.escape(i)}(?![\w-])", text)
    )
