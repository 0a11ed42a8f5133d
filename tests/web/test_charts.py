"""A run page's interval charts: drawn by the shared chart module from the run's rows."""

from __future__ import annotations

import re

from swpolicy.charts import PALETTE
from swpolicy.web.charts import interval_chart, run_charts
from tests.charts.svgcheck import NS, parse, row_label

ROWS = [
    {"law": "a", "metric": "m", "median": 10.0, "lo": 5.0, "hi": 20.0},
    {"law": "b", "metric": "m", "median": 40.0, "lo": 30.0, "hi": 60.0},
]


def test_chart_positions_follow_median_and_interval() -> None:
    svg = str(interval_chart("m", ROWS, {"a": "Law <A>"}))
    dots = [float(x) for x in re.findall(r'<circle cx="([\d.]+)"', svg)]
    assert len(dots) == 2 and dots[0] < dots[1]
    assert "Law &lt;A&gt;" in svg  # labels are escaped
    assert 'style="' not in svg  # presentation attributes only (CSP forbids inline styles)
    doc = parse(svg)
    assert doc.root.attrib["class"] == "chart" and "width" not in doc.root.attrib
    assert {c.attrib["fill"] for c in doc.all("circle")} <= set(PALETTE)


def test_long_law_names_are_wrapped_not_cut() -> None:
    name = "Kenya, Penal Code (Cap. 63), as amended by the Sexual Offences Act 2006"
    doc = parse(str(interval_chart("m", ROWS, {"a": name})))
    assert name in [row_label(g) for g in doc.rows()]
    assert "…" not in "".join(doc.texts())


def test_one_chart_per_metric_present_with_a_zero_line_for_differences() -> None:
    rows = [
        {"law": "a", "metric": "hiv_infections", "median": 1.0, "lo": 0.0, "hi": 2.0},
        {"law": "a", "metric": "hiv_infections_averted", "median": 1.0, "lo": -1.0, "hi": 2.0},
    ]
    metrics = {"hiv_infections": "infections", "hiv_infections_averted": "averted", "y": "why"}
    charts = run_charts(rows, metrics, {})
    assert [c["metric"] for c in charts] == ["hiv_infections", "hiv_infections_averted"]
    zero_lines = [
        sum(doc.tip(g).startswith("0:") for g in doc.rows())
        for doc in (parse(str(c["svg"])) for c in charts)
    ]
    assert zero_lines == [0, 1]
    ids = [
        el.attrib["id"]
        for c in charts
        for el in parse(str(c["svg"])).root.iter()
        if "id" in el.attrib
    ]
    assert len(ids) == len(set(ids)) == 4  # two charts on one page: no id collides
    assert all(parse(str(c["svg"])).root.find(NS + "desc") is not None for c in charts)
