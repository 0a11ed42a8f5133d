"""Charts for a run's page: its saved rows, paths and drivers turned into `swpolicy.charts`.

One interval chart per metric (a dot at the median and a bar for the 95% interval of each law),
one time series per yearly path (median line and 95% band per law), and the "what drives this"
ranking as bars labelled in words. All are drawn on the server as inline SVG by the same module
as the report's charts (same palette, labels wrapped, numbers formatted alike). No script, and
colours are presentation attributes, so the page's Content-Security-Policy can forbid inline
styles. Each SVG scales to its container (a viewBox, `max-width: 100%`), so phones see all of it.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from markupsafe import Markup

from swpolicy import charts
from swpolicy.charts import Bar, Group, Interval, Panel, Series, nice_ticks
from swpolicy.report.charts import relative

__all__ = ["drivers_chart", "interval_chart", "nice_ticks", "run_charts", "trajectory_charts"]


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


def trajectory_charts(paths: dict[str, Any], names: dict[str, str]) -> list[dict[str, Any]]:
    """One time-series chart per saved path, every law's median and 95% band on it."""
    times = tuple(float(t) for t in paths.get("times", ()))
    out = []
    for series_id, series in (paths.get("series") or {}).items():
        lines = tuple(
            Series(
                names.get(law, law),
                times,
                tuple(band["median"]),
                tuple(band["lo"]),
                tuple(band["hi"]),
            )
            for law, band in series["laws"].items()
        )
        title = f"{series['label']} ({series['unit']})"
        chart = charts.time_series(title, [Panel("", lines)], axes=("year", series["unit"]))
        svg = Markup(chart.svg(prefix=f"path-{series_id}", css_class="chart"))
        out.append({"id": series_id, "title": title, "svg": svg, "unit": series["unit"]})
    return out


def drivers_chart(drivers: dict[str, Any] | None) -> Markup | None:
    """The sensitivity ranking as bars in words, with the no-effect level marked."""
    if not drivers:
        return None
    factors = drivers["factors"]
    bars = [Bar(f["label"], f["index"], f["spread"], f["above_dummy"]) for f in factors]
    floor = next((abs(f["index"]) for f in factors if f["factor"] == "dummy"), None)
    chart = charts.ranked_bars(
        "What drives the share of infections averted",
        bars,
        axis_label=str(drivers["index"]),
        reference=floor,
        reference_label="level of an input the model never reads (no effect)",
        legend_names=("larger than no effect", "not told apart from no effect"),
        heading=False,
        label_width=300.0,
    )
    return Markup(chart.svg(prefix="drivers", css_class="chart"))
