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

from swpolicy.report.build import DEFAULT_DRAWS, Options, Written, build, compute

__all__ = ["DEFAULT_DRAWS", "Options", "Written", "build", "compute"]
