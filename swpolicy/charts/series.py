"""Time series with a 95% band and calibration targets, as small multiples (one panel each).

Each panel has its own y scale starting at 0 (levels such as a prevalence are read against 0)
and the x range of its data and targets. Targets are ink points with their 95% intervals, so the
fit to the calibration data can be judged at a glance.
"""

from __future__ import annotations

from collections.abc import Sequence

from swpolicy.charts import svg
from swpolicy.charts.figures import PAD, TICK, TITLE, WIDTH, Canvas, legend, marker
from swpolicy.charts.inputs import Panel, Series
from swpolicy.charts.style import GRID, INK, colour, fmt_interval, fmt_number

GAP, LEFT, PLOT = 24.0, 54.0, 190.0  # between panels; y-axis margin; plot height
BAND = 0.25  # opacity of the 95% band
COLUMNS = 2
TARGET = "calibration target (95% interval)"


def time_series(title: str, panels: Sequence[Panel], *, axes: tuple[str, str]) -> svg.Chart:
    """Panels of median lines with 95% bands and target points, two to a row; `axes` are the
    x and y axis labels."""
    names = list(dict.fromkeys(s.label for p in panels for s in p.series))
    canvas = Canvas([])
    canvas.add_text(title, TITLE, bold=True)
    entries: list[tuple[svg.Shape | None, str, str]] = [
        (svg.Rect(-9, -6, 18, 12, colour(0), BAND), colour(0), "95% interval"),
    ]
    if len(names) == 1:
        entries.append((svg.Line(-9, 0, 9, 0, colour(0), 3), colour(0), f"median ({names[0]})"))
    else:
        entries += [
            (svg.Line(-9, 0, 9, 0, colour(i), 3), colour(i), n) for i, n in enumerate(names)
        ]
    if any(p.targets for p in panels):
        entries.append((marker(0, 0, 0, INK, 4), INK, TARGET))
    legend(canvas, entries)
    cols = max(1, min(COLUMNS, len(panels)))
    width = (WIDTH - 2 * PAD - (cols - 1) * GAP) / cols
    for start in range(0, len(panels), cols):
        row = panels[start : start + cols]
        wrapped = [svg.wrap(p.title, width, TICK + 1) for p in row]
        head = max(svg.block_height(len(w), TICK + 1) for w in wrapped) + 6
        for k, (panel, lines) in enumerate(zip(row, wrapped, strict=True)):
            x = PAD + k * (width + GAP)
            canvas.shapes.extend(svg.text_block(lines, x, canvas.y, TICK + 1, bold=True))
            _panel(canvas, panel, names, x, canvas.y + head, width, axes)
        canvas.y += head + PLOT + 3 * TICK + 20
    desc = "; ".join(_said(p) for p in panels)
    return canvas.chart(title, desc)


def _said(panel: Panel) -> str:
    parts = [
        f"{s.label} {fmt_number(s.times[i], 0 if s.times[i] % 1 == 0 else 1)}: "
        f"{fmt_interval(s.median[i], s.lo[i], s.hi[i])}"
        for s in panel.series
        for i in sorted({0, len(s.times) - 1})
    ]
    parts += [f"target {t.year:g}: {fmt_interval(t.value, t.lo, t.hi)}" for t in panel.targets]
    return f"{panel.title}: " + ", ".join(parts)


def _panel(
    canvas: Canvas,
    panel: Panel,
    names: Sequence[str],
    x: float,
    top: float,
    width: float,
    axes: tuple[str, str],
) -> None:
    bottom = top + PLOT
    values = [v for s in panel.series for v in (*s.lo, *s.hi)]
    values += [v for t in panel.targets for v in (t.lo, t.hi)]
    ys, yticks = svg.axis_scale(values, bottom, top, zero=True)
    times = [t for s in panel.series for t in s.times] + [t.year for t in panel.targets]
    lo_t, hi_t = min(times), max(times)
    xs = svg.Scale(lo_t, hi_t, x + LEFT, x + width - 6)
    shapes = canvas.shapes
    for tick, text in zip(yticks, svg.tick_labels(yticks), strict=True):
        shapes.append(svg.Line(x + LEFT, ys(tick), x + width - 6, ys(tick), GRID, 0.8))
        shapes.append(svg.Text(x + LEFT - 5, ys(tick) + TICK * 0.35, text, TICK, "end"))
    for tick in svg.nice_ticks(lo_t, hi_t, 6):
        if lo_t <= tick <= hi_t:
            shapes.append(svg.Line(xs(tick), bottom, xs(tick), bottom + 4, INK, 0.8))
            shapes.append(svg.Text(xs(tick), bottom + TICK + 6, f"{tick:g}", TICK, "middle"))
    shapes.append(svg.Line(x + LEFT, bottom, x + width - 6, bottom, INK, 0.8))
    for s in panel.series:
        shapes.extend(_band(s, xs, ys, colour(names.index(s.label))))
    for t in panel.targets:
        cx = xs(t.year)
        bar = svg.Line(cx, ys(t.lo), cx, ys(t.hi), INK, 1.4)
        caps = tuple(svg.Line(cx - 4, ys(v), cx + 4, ys(v), INK, 1.4) for v in (t.lo, t.hi))
        said = f"target {t.year:g}: {fmt_interval(t.value, t.lo, t.hi)}"
        shapes.append(svg.Tip(said, (bar, *caps, marker(0, cx, ys(t.value), INK, 3.5))))
    mid = x + LEFT + (width - 6 - LEFT) / 2
    shapes.append(svg.Text(mid, bottom + 2 * TICK + 12, axes[0], TICK, "middle"))
    for i, line in enumerate(svg.wrap(axes[1], PLOT, TICK)):
        ax = x + 10 + i * TICK * 1.25
        shapes.append(svg.Text(ax, (top + bottom) / 2, line, TICK, "middle", rotate=-90))


def _band(s: Series, xs: svg.Scale, ys: svg.Scale, paint: str) -> list[svg.Shape]:
    lower = [(xs(t), ys(v)) for t, v in zip(s.times, s.lo, strict=True)]
    upper = [(xs(t), ys(v)) for t, v in zip(s.times, s.hi, strict=True)]
    middle = tuple((xs(t), ys(v)) for t, v in zip(s.times, s.median, strict=True))
    return [
        svg.Polygon((*lower, *reversed(upper)), paint, BAND),
        svg.Polygon(middle, paint, closed=False, width=2.0),
    ]
