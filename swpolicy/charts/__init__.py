"""One chart module for the report, the web app and the CLI's `--plot` options.

Figures are drawn from small typed records (`Interval`, `Group`, `Bar`, `Series`, `Target`,
`Panel`), never from a model's insides, so any engine's results can be charted:

* `interval_chart`: a median marker and a 95% bar per row, one block per metric, optionally with
  the zero line of a paired difference ("averted vs the current law");
* `comparison_chart`: our estimates beside published ones (the Lancet reproduction);
* `ranked_bars`: a sensitivity ranking with error bars and the no-effect (dummy) level;
* `time_series`: medians with 95% bands and calibration targets, one panel per setting.

Each returns a `Chart`: `chart.svg()` is a self-contained, accessible SVG element, and
`save(chart, path)` writes SVG or PNG by the file's extension. Importing this package does not
import matplotlib (only writing a PNG does), so the CLI starts fast.
"""

from __future__ import annotations

from pathlib import Path

from swpolicy.charts.figures import comparison_chart, interval_chart, ranked_bars
from swpolicy.charts.inputs import Bar, Group, Interval, Panel, Series, Target
from swpolicy.charts.series import time_series
from swpolicy.charts.style import PALETTE, colour, fmt_interval, fmt_number
from swpolicy.charts.svg import Chart, nice_ticks

FORMATS = (".svg", ".png")


def save(chart: Chart, path: Path) -> Path:
    """Write `chart` to `path` as SVG or PNG, chosen by the extension; return the path.

    Raises ValueError for any other extension (the CLI reports it as a usage error)."""
    suffix = path.suffix.lower()
    if suffix not in FORMATS:
        raise ValueError(
            f"a chart is written as {' or '.join(FORMATS)}, not {suffix or path.name!r}"
        )
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".{path.name}.partial")  # no half-written chart on failure
    try:
        if suffix == ".svg":
            text = '<?xml version="1.0" encoding="UTF-8"?>\n' + chart.svg() + "\n"
            partial.write_text(text, encoding="utf-8")
        else:
            from swpolicy.charts.raster import write_png

            write_png(chart, partial)
        partial.replace(path)
    finally:
        partial.unlink(missing_ok=True)
    return path


__all__ = [
    "FORMATS",
    "PALETTE",
    "Bar",
    "Chart",
    "Group",
    "Interval",
    "Panel",
    "Series",
    "Target",
    "colour",
    "comparison_chart",
    "fmt_interval",
    "fmt_number",
    "interval_chart",
    "nice_ticks",
    "ranked_bars",
    "save",
    "time_series",
]
