"""Interval charts for a run's page: its rows turned into `swpolicy.charts` records.

One chart per metric, a dot at the median and a bar for the 95% interval of each law, drawn on
the server as inline SVG by the same module as the report's charts (same palette, labels wrapped,
numbers formatted alike). No script, and colours are presentation attributes, so the page's
Content-Security-Policy can forbid inline styles.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from markupsafe import Markup

from swpolicy import charts
from swpolicy.charts import Group, Interval, nice_ticks
from swpolicy.report.charts import relative

__all__ = ["interval_chart", "nice_ticks", "run_charts"]


def interval_chart(
    title: str, rows: Sequence[dict[str, Any]], names: dict[str, str], zero_line: bool = False
) -> Markup:
    """One SVG chart: median and 95% interval of one metric for each law in `rows`."""
    intervals = tuple(
        Interval(
            names.get(str(r["law"]), str(r["law"])),
            float(r["median"]),
            float(r["lo"]),
            float(r["hi"]),
        )
        for r in rows
    )
    # No visible heading: the page's figure caption names the metric.
    chart = charts.interval_chart(title, [Group("", intervals, zero_line)], heading=False)
    metric = str(rows[0]["metric"]) if rows else "chart"
    # Markup: the SVG is built from escaped text, so the template may insert it as it is.
    return Markup(chart.svg(prefix=f"svg-{metric}", css_class="chart"))


def run_charts(
    rows: Sequence[dict[str, Any]], metrics: dict[str, str], names: dict[str, str]
) -> list[dict[str, Any]]:
    """One chart per metric present in `rows`, in the order of `metrics`."""
    out = []
    for metric, description in metrics.items():
        subset = [r for r in rows if r["metric"] == metric]
        if subset:
            svg = interval_chart(description, subset, names, relative(metric))
            out.append({"metric": metric, "description": description, "svg": svg})
    return out
