"""The report: law summaries, projected outcomes, the Lancet reproduction, sensitivity and the
assumptions and references behind them, as one self-contained HTML file (and a PDF).

Usage from Python (the command line is `swpolicy report`, see `swpolicy.report.cli`)::

    from datetime import date
    from pathlib import Path
    from swpolicy.report import Options, build
    from swpolicy.scenarios.assumptions import named

    build(Options(at=date(2024, 1, 1), assumptions=named("default")), Path("out/report"))

Modules: `build` (stages and template context), `laws` (provisions, classification, Amnesty
assessment), `sources` (assumptions and reference list), `charts` (inline SVG), `render`
(Jinja2 HTML, WeasyPrint PDF). docs/report.md describes each section and the run time.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from swpolicy.lazy import exports

if TYPE_CHECKING:
    from swpolicy.report.build import Options, Written, build, compute
    from swpolicy.report.defaults import DEFAULT_DRAWS

# Imported on first use (see swpolicy.lazy): keeps `swpolicy --help` fast.
__getattr__, __dir__ = exports(
    __name__,
    {
        "DEFAULT_DRAWS": "swpolicy.report.defaults",
        "Options": "swpolicy.report.build",
        "Written": "swpolicy.report.build",
        "build": "swpolicy.report.build",
        "compute": "swpolicy.report.build",
    },
)

__all__ = ["DEFAULT_DRAWS", "Options", "Written", "build", "compute"]
