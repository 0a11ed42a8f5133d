"""Interval charts: ticks, and positions that follow the data."""

from __future__ import annotations

import itertools
import re

from swpolicy.web.charts import interval_chart, nice_ticks, run_charts


def test_nice_ticks_cover_the_range_with_round_steps() -> None:
    assert nice_ticks(0, 10) == [0, 5, 10]
    ticks = nice_ticks(3.2, 147.0)
    assert ticks[0] <= 3.2 and ticks[-1] >= 147.0
    steps = {round(b - a, 9) for a, b in itertools.pairwise(ticks)}
    assert len(steps) == 1
    assert nice_ticks(5, 5)[-1] > 5


def test_chart_positions_follow_median_and_interval() -> None:
    rows = [
        {"law": "a", "metric": "m", "median": 10.0, "lo": 5.0, "hi": 20.0},
        {"law": "b", "metric": "m", "median": 40.0, "lo": 30.0, "hi": 60.0},
    ]
    svg = str(interval_chart("m", rows, {"a": "Law <A>"}))
    dots = [float(x) for x in re.findall(r'<circle cx="([\d.]+)"', svg)]
    assert len(dots) == 2 and dots[0] < dots[1]
    assert "Law &lt;A&gt;" in svg  # labels are escaped
    assert 'style="' not in svg  # presentation attributes only (CSP forbids inline styles)


def test_one_chart_per_metric_present() -> None:
    rows = [{"law": "a", "metric": "x", "median": 1.0, "lo": 0.0, "hi": 2.0}]
    charts = run_charts(rows, {"x": "ex", "y": "why"}, {})
    assert [c["metric"] for c in charts] == ["x"]
