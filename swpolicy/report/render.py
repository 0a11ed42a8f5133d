"""Render the report context to HTML (Jinja2) and the HTML to PDF (WeasyPrint), offline.

Templates and the stylesheet ship inside the package (`templates/`); the CSS is inlined in a
`<style>` element so the HTML is one self-contained file that can be e-mailed or printed.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

from swpolicy.scenarios.metrics import get
from swpolicy.vocabulary import label, value_label

TEMPLATES = Path(__file__).parent / "templates"


@cache
def environment() -> Environment:
    """Autoescaping (data may contain `<` or `&`), strict about undefined names (typos fail)."""
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=select_autoescape(["html", "j2"]),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["words"] = lambda text: str(text).replace("_", " ")
    # Words for ids, from the vocabulary and the metric declarations (never the id itself).
    env.filters["label"] = lambda term_id, kind: label(kind, str(term_id))
    env.filters["value_label"] = _value_words
    env.filters["metric"] = lambda metric_id: get(str(metric_id)).short
    return env


def _value_words(value: str, provision_id: str) -> str:
    """A provision's recorded value in words (ages are stored as numbers of years)."""
    return value_label(provision_id, int(value) if value.isdigit() else value)


def render_html(context: dict[str, Any]) -> str:
    """The full report as one HTML document with inline CSS and inline SVG charts."""
    # Our own stylesheet, not data: inserted verbatim (escaping would break its quotes).
    css = Markup((TEMPLATES / "report.css").read_text(encoding="utf-8"))
    return environment().get_template("report.html.j2").render(css=css, **context)


# The first appendix's anchor: pages before it are the report proper (target: at most 15).
FIRST_APPENDIX = "tables"
# Tagged PDF (PDF/UA-1): a structure tree and marked content, so screen readers can navigate.
PDF_VARIANT = "pdf/ua-1"


@dataclass(frozen=True)
class Pdf:
    path: Path
    pages: int
    before_appendices: int  # pages before the first appendix starts


def write_pdf(html: str, path: Path) -> Pdf:
    """The same HTML as a tagged PDF. Only `data:` URLs may be fetched: nothing leaves the
    machine."""
    from weasyprint import HTML, URLFetcher  # type: ignore[import-untyped]

    fetcher = URLFetcher(allowed_protocols={"data"})
    document = HTML(string=html, url_fetcher=fetcher, base_url=str(path.parent)).render(
        pdf_variant=PDF_VARIANT
    )
    document.write_pdf(str(path), pdf_variant=PDF_VARIANT)
    pages = document.pages
    first = next((i for i, p in enumerate(pages) if FIRST_APPENDIX in p.anchors), len(pages))
    return Pdf(path, len(pages), first)
