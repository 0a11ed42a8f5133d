"""The four figures: accessible, complete labels, positions that follow the data, determinism."""

from __future__ import annotations

import itertools

import pytest

from swpolicy.charts import (
    PALETTE,
    Bar,
    Chart,
    Group,
    Interval,
    Panel,
    Series,
    Target,
    comparison_chart,
    fmt_interval,
    interval_chart,
    ranked_bars,
    time_series,
)
from tests.charts.svgcheck import NS, Parsed, parse, row_label, text_extent

LONG = "Kenya, Penal Code (Cap. 63) as amended by the Sexual Offences Act 2006 and later acts"


def outcomes() -> list[Group]:
    return [
        Group(
            "HIV infections per 1,000 FSW",
            (
                Interval(LONG, 40.0, 30.0, 60.0),
                Interval("New Zealand", 10.0, 5.0, 20.0),
                Interval("Sweden", 25.0, 12.0, 33.0),
            ),
        ),
        Group(
            "infections averted vs current law (%)",
            (Interval(LONG, 0.0, 0.0, 0.0), Interval("New Zealand", 12.0, -4.0, 30.0)),
            zero_line=True,
        ),
    ]


def fits(doc: Parsed) -> None:
    """Every horizontal text lies inside the drawing (nothing cut off at either edge)."""
    for t in doc.all("text"):
        if "transform" in t.attrib:
            continue
        left, right = text_extent(t)
        assert left >= 0 and right <= doc.width, t.text


def test_svg_is_accessible_and_responsive() -> None:
    chart = interval_chart("Outcomes in Vancouver", outcomes())
    svg = chart.svg(prefix="out")
    doc = parse(svg)
    root = doc.root
    assert root.attrib["role"] == "img"
    assert root.attrib["aria-labelledby"] == "out-title out-desc"
    assert root.find(NS + "title") is not None and root.find(NS + "desc") is not None
    assert root.find(NS + "title").text == "Outcomes in Vancouver"  # type: ignore[union-attr]
    assert "viewBox" in root.attrib and "width" not in root.attrib and "height" not in root.attrib
    assert 'style="' not in svg  # presentation attributes only (a CSP may forbid inline styles)
    # The description gives every number, formatted by the one formatter.
    desc = root.find(NS + "desc").text or ""  # type: ignore[union-attr]
    assert f"New Zealand {fmt_interval(10.0, 5.0, 20.0)}" in desc
    assert f"Sweden {fmt_interval(25.0, 12.0, 33.0)}" in desc
    ids = [el.attrib["id"] for el in root.iter() if "id" in el.attrib]
    assert ids == ["out-title", "out-desc"]


def test_long_labels_are_wrapped_whole_and_fit() -> None:
    doc = parse(interval_chart("t", outcomes(), label_width=150).svg())
    labels = [row_label(g) for g in doc.rows() if g.find(f"{NS}text") is not None]
    assert labels.count(LONG) == 2  # once per group, in full
    wrapped = next(g for g in doc.rows() if row_label(g) == LONG)
    assert len(list(wrapped.iter(NS + "text"))) >= 3
    fits(doc)


def test_dots_and_bars_follow_the_values() -> None:
    doc = parse(interval_chart("t", outcomes()).svg())
    rows = [g for g in doc.rows() if g.find(f"{NS}circle") is not None]
    first = rows[:3]  # the first group: medians 40, 10, 25
    dots = [float(g.find(f"{NS}circle").attrib["cx"]) for g in first]  # type: ignore[union-attr]
    assert dots[1] < dots[2] < dots[0]
    for g, (lo, hi) in zip(first, [(30, 60), (5, 20), (12, 33)], strict=True):
        bar = g.find(f"{NS}line")
        assert bar is not None
        x1, x2 = float(bar.attrib["x1"]), float(bar.attrib["x2"])
        cx = float(g.find(f"{NS}circle").attrib["cx"])  # type: ignore[union-attr]
        assert x1 <= cx <= x2
        assert (x2 - x1) / (hi - lo) == pytest.approx((dots[0] - dots[1]) / 30, rel=0.02)


def test_zero_line_only_where_asked_and_at_zero() -> None:
    doc = parse(interval_chart("t", outcomes()).svg())
    zeros = [g for g in doc.rows() if doc.tip(g).startswith("0:")]
    assert len(zeros) == 1  # the averted group only
    line = zeros[0].find(f"{NS}line")
    assert line is not None
    x = float(line.attrib["x1"])
    # The tick labelled "0" of the same axis sits on the line.
    tick_xs = [float(t.attrib["x"]) for t in doc.all("text") if t.text == "0"]
    assert any(abs(tx - x) < 0.11 for tx in tick_xs)
    # The interval from -4 to 30 straddles it.
    averted = [g for g in doc.rows() if doc.tip(g) == f"New Zealand {fmt_interval(12, -4, 30)}"]
    bar = averted[0].find(f"{NS}line")
    assert bar is not None and float(bar.attrib["x1"]) < x < float(bar.attrib["x2"])


def test_same_input_same_bytes_and_ids_unique_per_chart() -> None:
    a, b = interval_chart("t", outcomes()).svg(), interval_chart("t", outcomes()).svg()
    assert a == b
    other = interval_chart("t", outcomes()[:1]).svg()
    first, second = (parse(s).root.find(NS + "title") for s in (a, other))
    assert first is not None and second is not None
    assert first.attrib["id"] != second.attrib["id"]


def test_colours_come_from_the_shared_palette_or_the_caller() -> None:
    doc = parse(interval_chart("t", outcomes()).svg())
    fills = {c.attrib["fill"] for c in doc.all("circle")}
    assert fills == set(PALETTE[:3])
    chosen = interval_chart("t", outcomes(), colours={"Sweden": "#000000"})
    assert "#000000" in {c.attrib["fill"] for c in parse(chosen.svg()).all("circle")}


def test_series_share_a_row_with_a_legend_and_distinct_markers() -> None:
    group = Group(
        "Vancouver",
        (
            Interval("Decriminalisation", 4.0, 1.0, 9.0, "this model"),
            Interval("Decriminalisation", None, 33.0, 46.0, "published"),
            Interval("Eliminate sexual violence", 2.0, 0.0, 6.0, "this model"),
            Interval("Eliminate sexual violence", 20.0, 3.0, 39.0, "published"),
        ),
        zero_line=True,
    )
    chart = comparison_chart("Lancet", [group], ours="this model", published="published")
    doc = parse(chart.svg())
    assert {"this model", "published"} <= set(doc.texts())  # the legend
    rows = {row_label(g): g for g in doc.rows() if g.find(f"{NS}text") is not None}
    decrim = rows["Decriminalisation"]
    assert len(list(decrim.iter(NS + "circle"))) == 1  # ours; the bare range has no marker
    assert not list(decrim.iter(NS + "rect"))
    violence = rows["Eliminate sexual violence"]
    square = violence.find(f"{NS}rect")
    assert square is not None and square.attrib["fill"] != PALETTE[0]
    with pytest.raises(ValueError, match="neither"):
        comparison_chart("x", [group], ours="this model", published="Shannon")


def ranking() -> list[Bar]:
    return [
        Bar("relative change in the size of the sex market under Norway's ban", 0.5, 0.1),
        Bar("calibrated epidemic", 0.2, 0.05),
        Bar("dummy input the model never reads", 0.01, 0.02, emphasis=False),
    ]


def test_ranked_bars_lengths_order_and_dummy_level() -> None:
    chart = ranked_bars("Sensitivity", ranking(), axis_label="total Sobol' index", reference=0.03)
    doc = parse(chart.svg())
    bars = [g for g in doc.rows() if g.find(f"{NS}rect") is not None]
    assert [row_label(g) for g in bars] == [b.label for b in ranking()]
    widths = [float(g.find(f"{NS}rect").attrib["width"]) for g in bars]  # type: ignore[union-attr]
    assert widths[0] > widths[1] > widths[2]
    assert widths[0] / widths[1] == pytest.approx(0.5 / 0.2, rel=0.02)
    fills = [g.find(f"{NS}rect").attrib["fill"] for g in bars]  # type: ignore[union-attr]
    assert fills[0] == fills[1] == PALETTE[0] and fills[2] != PALETTE[0]
    dummy = [g for g in doc.rows() if doc.tip(g).startswith("no-effect level")]
    assert len(dummy) == 1
    line = dummy[0].find(f"{NS}line")
    assert line is not None and line.attrib.get("stroke-dasharray")
    start = float(bars[0].find(f"{NS}rect").attrib["x"])  # type: ignore[union-attr]
    assert float(line.attrib["x1"]) - start == pytest.approx(widths[0] * 0.03 / 0.5, rel=0.02)
    fits(doc)


def test_negative_correlations_get_the_level_on_both_sides() -> None:
    bars = [Bar("a", -0.6), Bar("b", 0.3), Bar("dummy", 0.05, emphasis=False)]
    doc = parse(
        ranked_bars("PRCC", bars, axis_label="partial rank correlation", reference=0.05).svg()
    )
    levels = [g for g in doc.rows() if doc.tip(g).startswith("no-effect level")]
    assert len(levels) == 2
    rect = next(g for g in doc.rows() if row_label(g) == "a").find(f"{NS}rect")
    zero = next(float(t.attrib["x"]) for t in doc.all("text") if t.text == "0")
    assert rect is not None and float(rect.attrib["x"]) + float(rect.attrib["width"]) == (
        pytest.approx(zero, abs=0.2)
    )


def prevalence() -> list[Panel]:
    rising = Series(
        "model", (2000.0, 2005.0, 2010.0), (10.0, 20.0, 30.0), (5.0, 15.0, 20.0), (15.0, 25.0, 40.0)
    )
    targets = (Target(2005.0, 22.0, 18.0, 26.0),)
    return [Panel("Mombasa, Kenya (n=20)", (rising,), targets), Panel("Vancouver", (rising,))]


def test_time_series_band_median_and_targets() -> None:
    chart = time_series("Prevalence", prevalence(), axes=("year", "HIV prevalence (%)"))
    doc = parse(chart.svg())
    medians = doc.all("polyline")
    assert len(medians) == 2
    points = [tuple(map(float, p.split(","))) for p in medians[0].attrib["points"].split()]
    xs, ys = zip(*points, strict=True)
    assert xs[0] < xs[1] < xs[2] and ys[0] > ys[1] > ys[2]  # rising values, y grows downwards
    assert len(doc.all("polygon")) >= 2  # one band per panel (and legend swatches)
    targets = [g for g in doc.rows() if doc.tip(g).startswith("target 2005")]
    assert len(targets) == 1
    assert doc.tip(targets[0]) == f"target 2005: {fmt_interval(22.0, 18.0, 26.0)}"
    dot = targets[0].find(f"{NS}circle")
    assert dot is not None and float(dot.attrib["cx"]) == pytest.approx(xs[1], abs=0.11)
    assert ys[0] > float(dot.attrib["cy"]) > ys[2]
    assert {"Mombasa, Kenya (n=20)", "Vancouver", "year", "HIV prevalence (%)"} <= set(doc.texts())
    fits(doc)


@pytest.mark.parametrize(
    "bad",
    [
        lambda: Interval("a", 1.0, 2.0, 0.0),
        lambda: Interval("a", 5.0, 0.0, 1.0),
        lambda: Bar("a", 1.0, -0.1),
        lambda: Series("s", (1.0, 2.0), (1.0,), (0.0,), (2.0,)),
        lambda: Target(2000.0, 0.5, 0.6, 0.7),
    ],
)
def test_inconsistent_inputs_are_refused(bad: object) -> None:
    with pytest.raises(ValueError):
        bad()  # type: ignore[operator]


def test_chart_is_plain_data() -> None:
    chart = ranked_bars("t", ranking(), axis_label="x")
    assert isinstance(chart, Chart) and chart.width > 0 and chart.height > 0
    assert chart.desc.startswith("1. relative change")


def test_groups_side_by_side_share_one_label_column() -> None:
    doc = parse(interval_chart("t", outcomes(), columns=2).svg())
    rows = [g for g in doc.rows() if g.find(f"{NS}text") is not None]
    assert [row_label(g) for g in rows] == [LONG, "New Zealand", "Sweden"]  # each label once
    nz = rows[1]
    assert len(list(nz.iter(NS + "circle"))) == 2  # one dot in each metric's panel
    first, second = (float(c.attrib["cx"]) for c in nz.iter(NS + "circle"))
    assert first < second  # the second metric's panel lies to the right
    assert doc.tip(nz).startswith("HIV infections per 1,000 FSW: New Zealand 10.0")
    fits(doc)


def test_tick_labels_do_not_crowd_a_narrow_panel() -> None:
    wide = Group(
        "counts", (Interval("a", 1200.0, 400.0, 2700.0), Interval("b", 800.0, 300.0, 1500.0))
    )
    doc = parse(interval_chart("t", [wide, wide], columns=2).svg())
    ticks = sorted(
        text_extent(t) for t in doc.all("text") if (t.text or "").replace(",", "").isdigit()
    )
    for (_, right), (left, _) in itertools.pairwise(ticks):
        assert right < left  # no two tick labels overlap
