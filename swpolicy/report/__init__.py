"""The report: findings first (an executive summary generated from the results, limitations,
a world map, charts of paired changes and trajectories, the Lancet reproduction, sensitivity in
words), then appendices (tables of results, laws, assumptions, glossary, references), as one
self-contained HTML file (and a tagged PDF).

Usage from Python (the command line is `swpolicy report`, see `swpolicy.report.cli`)::

    from datetime import date
    from pathlib import Path
    from swpolicy.report import Options, build
    from swpolicy.scenarios.assumptions import named

    build(Options(at=date(2024, 1, 1), assumptions=named("default")), Path("out/report"))

Modules: `build` (stages and template context), `summary` (the findings in words), `bill` (a
bill against its own base law), `sections` (map, sensitivity in words, glossary), `laws`
(provisions, classification, Amnesty assessment), `sources` (assumptions and reference list),
`charts` (inline SVG), `render` (Jinja2 HTML, tagged WeasyPrint PDF), `progress` (one bar).
docs/report.md describes each section and the run time.
"""

from swpolicy.report.build import DEFAULT_DRAWS, Options, Written, build, compute

__all__ = ["DEFAULT_DRAWS", "Options", "Written", "build", "compute"]
