"""The figures: interval charts (and the ours-vs-published comparison), ranked bars, time series.

Each function takes records from `swpolicy.charts.inputs` and returns a `Chart`; nothing is
drawn until `Chart.svg()` or `swpolicy.charts.save`. Row labels are wrapped onto as many lines as
they need (never cut), and each row grows to fit them. Every row carries a tooltip and the whole
chart a description that give the numbers in words, formatted by `fmt_interval`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from swpolicy.charts.inputs import Bar, Group, Interval
from swpolicy.charts.style import GRID, INK, MUTED, PALETTE, colour, fmt_interval, fmt_number
from swpolicy.charts.svg import (
    Chart,
    Circle,
    Line,
    Polygon,
    Rect,
    Scale,
    Shape,
    Text,
    Tip,
    axis_scale,
    block_height,
    text_block,
    text_width,
    tick_labels,
    wrap,
)

WIDTH = 640.0
PAD = 16.0  # outer margin
LABEL, TICK, HEAD, TITLE = 12.0, 11.0, 12.5, 13.5  # font sizes
MIN_ROW, MARK_GAP = 26.0, 9.0  # row height; vertical distance between series in one row
GAP = 22.0  # between groups side by side
NOTE = "Marker: median; bar: 95% interval."


@dataclass
class Canvas:
    """Shapes collected top to bottom; `y` is where the next block starts."""

    shapes: list[Shape]
    y: float = PAD

    def add_text(self, text: str, size: float, bold: bool = False, x: float = PAD) -> None:
        lines = wrap(text, WIDTH - x - PAD, size)
        self.shapes.extend(text_block(lines, x, self.y, size, bold=bold))
        self.y += block_height(len(lines), size) + 4

    def chart(self, title: str, desc: str) -> Chart:
        return Chart(title, desc, WIDTH, self.y + PAD, tuple(self.shapes))


def marker(index: int, x: float, y: float, fill: str, size: float = 5.0) -> Shape:
    """The `index`-th series' marker shape (circle, square, diamond, triangle), so series
    differ by shape as well as colour."""
    kind = index % 4
    if kind == 0:
        return Circle(x, y, size, fill)
    if kind == 1:
        return Rect(x - size * 0.9, y - size * 0.9, size * 1.8, size * 1.8, fill)
    if kind == 2:
        s = size * 1.25
        return Polygon(((x, y - s), (x + s, y), (x, y + s), (x - s, y)), fill)
    s = size * 1.2
    return Polygon(((x, y - s), (x + s, y + s * 0.8), (x - s, y + s * 0.8)), fill)


def legend(canvas: Canvas, entries: Sequence[tuple[Shape | None, str, str]]) -> None:
    """One line (wrapping as needed) of `(sample shape at 0,0 or None for a dashed line, colour,
    name)` entries."""
    x, y = PAD, canvas.y + 8
    for sample, fill, name in entries:
        width = 24 + text_width(name, TICK) + 14
        if x + width > WIDTH - PAD and x > PAD:
            x, y = PAD, y + 18
        if sample is None:
            canvas.shapes.append(Line(x, y, x + 18, y, fill, 1.5, dashed=True))
        else:
            canvas.shapes.append(_moved(sample, x + 9, y))
        canvas.shapes.append(Text(x + 24, y + TICK * 0.35, name, TICK))
        x += width
    canvas.y = y + 16


def _moved(shape: Shape, dx: float, dy: float) -> Shape:
    if isinstance(shape, Circle):
        return Circle(shape.cx + dx, shape.cy + dy, shape.r, shape.fill)
    if isinstance(shape, Rect):
        return Rect(shape.x + dx, shape.y + dy, shape.w, shape.h, shape.fill, shape.opacity)
    if isinstance(shape, Line):
        return Line(
            shape.x1 + dx, shape.y1 + dy, shape.x2 + dx, shape.y2 + dy, shape.colour, shape.width
        )
    assert isinstance(shape, Polygon)
    pts = tuple((x + dx, y + dy) for x, y in shape.points)
    return Polygon(pts, shape.colour, shape.opacity, shape.closed, shape.width)


def x_axis(
    canvas: Canvas, scale: Scale, ticks: Sequence[float], top: float, bottom: float, label: str
) -> float:
    """Vertical grid lines from `top` to `bottom`, tick values beneath and an optional axis
    label; returns the y below them."""
    for tick, text in zip(ticks, tick_labels(ticks), strict=True):
        x = scale(tick)
        canvas.shapes.insert(0, Line(x, top, x, bottom, GRID, 0.8))
        canvas.shapes.append(Text(x, bottom + TICK + 3, text, TICK, "middle"))
    y = bottom + TICK + 8
    if label:
        lines = wrap(label, scale.stop - scale.start, TICK)
        mid = (scale.start + scale.stop) / 2
        canvas.shapes.extend(text_block(lines, mid, y, TICK, "middle"))
        y += block_height(len(lines), TICK)
    return y + 10


def zero_mark(canvas: Canvas, scale: Scale, top: float, bottom: float) -> None:
    """The line at 0 for paired differences ("0" means no difference from the reference)."""
    x = scale(0.0)
    canvas.shapes.append(Tip("0: no difference", (Line(x, top, x, bottom, INK, 1.5),)))


def interval_chart(
    title: str,
    groups: Sequence[Group],
    *,
    colours: Mapping[str, str] | None = None,
    heading: bool = True,
    axis_label: str = "",
    label_width: float = 190.0,
    columns: int = 1,
    note: str = NOTE,
) -> Chart:
    """One row per label with a marker at the median and a bar for the 95% interval, in one
    block per group, each with its own scale (and a line at 0 if the group asks for one);
    `columns` groups side by side share their row labels. Several intervals of one label with
    different `series` share the row, offset and told apart by colour, marker and a legend.
    Colours come from `colours` (keyed by series if there are series, else by label), else
    the palette."""
    every = [iv for g in groups for iv in g.intervals]
    series = list(dict.fromkeys(iv.series for iv in every))
    by_series = series != [""]
    keys = series if by_series else list(dict.fromkeys(iv.label for iv in every))
    given = colours or {}
    fill = {k: given.get(k, colour(i)) for i, k in enumerate(keys)}
    canvas = Canvas([])
    if heading:
        canvas.add_text(title, TITLE, bold=True)
    if by_series:
        legend(canvas, [(marker(i, 0, 0, fill[s]), fill[s], s) for i, s in enumerate(series)])
    for start in range(0, len(groups), columns):
        band = Band(groups[start : start + columns], series, fill, by_series, label_width, columns)
        band.draw(canvas, axis_label)
    if note:
        canvas.add_text(note, TICK)
    desc = "; ".join(f"{g.title}: {_said(iv)}" for g in groups for iv in g.intervals)
    return canvas.chart(title, desc)


def _said(iv: Interval) -> str:
    who = f"{iv.label} ({iv.series})" if iv.series else iv.label
    return f"{who} {fmt_interval(iv.median, iv.lo, iv.hi)}"


@dataclass(frozen=True)
class Band:
    """Groups drawn side by side, with one column of row labels on their left."""

    groups: Sequence[Group]
    series: Sequence[str]
    fill: Mapping[str, str]
    by_series: bool
    label_width: float
    columns: int

    def panels(self) -> list[tuple[Group, Scale, list[float]]]:
        left = PAD + self.label_width + 10
        width = (WIDTH - PAD - left - (self.columns - 1) * GAP) / self.columns
        out = []
        for k, g in enumerate(self.groups):
            values = [v for iv in g.intervals for v in (iv.lo, iv.hi, iv.median) if v is not None]
            x0 = left + k * (width + GAP)
            scale, ticks = axis_scale(values, x0 + 6, x0 + width - 8, g.zero_line)
            out.append((g, scale, ticks))
        return out

    def draw(self, canvas: Canvas, axis_label: str) -> None:
        panels = self.panels()
        heads = [
            wrap(g.title, s.stop - s.start + 14, HEAD) if g.title else [] for g, s, _ in panels
        ]
        if self.columns == 1 and heads[0]:  # a lone block's heading may use the whole width
            heads = [wrap(self.groups[0].title, WIDTH - 2 * PAD, HEAD)]
        tallest = max(len(h) for h in heads)
        for (_, scale, _), lines in zip(panels, heads, strict=True):
            x = PAD if self.columns == 1 else scale.start - 6
            canvas.shapes.extend(text_block(lines, x, canvas.y, HEAD, bold=True))
        if tallest:
            canvas.y += block_height(tallest, HEAD) + 4
        top = canvas.y
        labels = dict.fromkeys(iv.label for g in self.groups for iv in g.intervals)
        for label in labels:
            self.row(canvas, label, panels)
        bottom = canvas.y
        for g, scale, _ in panels:
            if g.zero_line:
                zero_mark(canvas, scale, top, bottom)
        canvas.y = max(x_axis(canvas, s, t, top, bottom, axis_label) for _, s, t in panels)

    def row(
        self, canvas: Canvas, label: str, panels: Sequence[tuple[Group, Scale, list[float]]]
    ) -> None:
        """One label's text and, in every panel, its intervals (one mark per series)."""
        cells = [[iv for iv in g.intervals if iv.label == label] for g, _, _ in panels]
        lines = wrap(label, self.label_width, LABEL)
        most = max(len(c) for c in cells)
        height = max(MIN_ROW, block_height(len(lines), LABEL) + 8, MARK_GAP * most + 12)
        centre = canvas.y + height / 2
        text_top = centre - block_height(len(lines), LABEL) / 2
        shapes: list[Shape] = list(
            text_block(lines, PAD + self.label_width, text_top, LABEL, "end")
        )
        said = []
        for (g, scale, _), cell in zip(panels, cells, strict=True):
            for k, iv in enumerate(cell):
                y = centre + (k - (len(cell) - 1) / 2) * MARK_GAP
                shapes += self.mark(iv, scale, y)
            if cell:
                text = "; ".join(_said(iv) for iv in cell)
                said.append(f"{g.title}: {text}" if len(panels) > 1 else text)
        canvas.shapes.append(Tip("; ".join(said), tuple(shapes)))
        canvas.y += height

    def mark(self, iv: Interval, scale: Scale, y: float) -> list[Shape]:
        """The bar of one interval and its median's marker (end caps for a bare range)."""
        paint = self.fill[iv.series if self.by_series else iv.label]
        x_lo, x_hi = scale(iv.lo), scale(iv.hi)
        shapes: list[Shape] = [Line(x_lo, y, x_hi, y, paint, 3.0)]
        if iv.median is None:
            return shapes + [Line(x, y - 4, x, y + 4, paint, 1.5) for x in (x_lo, x_hi)]
        return [*shapes, marker(self.series.index(iv.series), scale(iv.median), y, paint)]


def comparison_chart(
    title: str,
    groups: Sequence[Group],
    *,
    ours: str,
    published: str,
    axis_label: str = "",
    heading: bool = True,
) -> Chart:
    """Our estimates beside published ones, row by row: an interval chart with two series,
    ours in the palette's first colour and the published values in ink (squares; a bare
    published range gets end caps)."""
    for g in groups:
        stray = {iv.series for iv in g.intervals} - {ours, published}
        if stray:
            raise ValueError(
                f"{g.title}: series {sorted(stray)} are neither {ours!r} nor {published!r}"
            )
    ordered = [
        Group(g.title, tuple(sorted(g.intervals, key=lambda iv: iv.series != ours)), g.zero_line)
        for g in groups
    ]
    return interval_chart(
        title,
        ordered,
        colours={ours: PALETTE[0], published: INK},
        heading=heading,
        axis_label=axis_label,
        note=f"{NOTE} A bar with end caps and no marker: a published range without a point value.",
    )


def ranked_bars(
    title: str,
    bars: Sequence[Bar],
    *,
    axis_label: str,
    reference: float | None = None,
    reference_label: str = "no-effect level",
    legend_names: tuple[str, str] | None = None,
    heading: bool = True,
    label_width: float = 320.0,
) -> Chart:
    """Horizontal bars in the given order (rank them before), from 0 to each value, with error
    bars, and a dashed line at the `reference` magnitude (at minus it too when values are
    negative), below which an index is no evidence of an effect. `legend_names` names the
    emphasised and the muted bars."""
    canvas = Canvas([])
    if heading:
        canvas.add_text(title, TITLE, bold=True)
    entries: list[tuple[Shape | None, str, str]] = []
    if legend_names is not None:
        entries += [
            (Rect(-6, -5, 12, 10, PALETTE[0]), PALETTE[0], legend_names[0]),
            (Rect(-6, -5, 12, 10, MUTED), MUTED, legend_names[1]),
        ]
    if reference is not None:
        entries.append((None, PALETTE[1], reference_label))
    if entries:
        legend(canvas, entries)
    ends = [b.value + s * (b.error or 0.0) for b in bars for s in (-1, 1)]
    if reference is not None:
        ends.append(abs(reference))
    left = PAD + label_width + 10
    scale, ticks = axis_scale(ends, left, WIDTH - PAD - 8, zero=True)
    top = canvas.y
    for bar in bars:
        lines = wrap(bar.label, label_width, TICK)
        height = max(MIN_ROW - 4, block_height(len(lines), TICK) + 6)
        centre = canvas.y + height / 2
        text_top = centre - block_height(len(lines), TICK) / 2
        shapes: list[Shape] = list(text_block(lines, PAD + label_width, text_top, TICK, "end"))
        x0, x1 = sorted((scale(0.0), scale(bar.value)))
        shapes.append(Rect(x0, centre - 7, x1 - x0, 14, PALETTE[0] if bar.emphasis else MUTED))
        said = f"{bar.label}: {fmt_number(bar.value)}"
        if bar.error is not None:
            lo, hi = scale(bar.value - bar.error), scale(bar.value + bar.error)
            shapes += [Line(lo, centre, hi, centre, INK, 1.2)]
            shapes += [Line(x, centre - 4, x, centre + 4, INK, 1.2) for x in (lo, hi)]
            said += f" (± {fmt_number(bar.error)})"
        canvas.shapes.append(Tip(said, tuple(shapes)))
        canvas.y += height
    canvas.shapes.append(Line(scale(0.0), top, scale(0.0), canvas.y, INK, 1.0))
    if reference is not None:
        negative = any(b.value < 0 for b in bars)
        for level in (abs(reference), -abs(reference)) if negative else (abs(reference),):
            x = scale(level)
            line = Line(x, top, x, canvas.y, PALETTE[1], 1.5, dashed=True)
            canvas.shapes.append(Tip(f"{reference_label}: {fmt_number(level)}", (line,)))
    canvas.y = x_axis(canvas, scale, ticks, top, canvas.y, axis_label)
    desc = "; ".join(
        f"{i}. {b.label} {fmt_number(b.value)}" for i, b in enumerate(bars, start=1)
    ) + ("" if reference is None else f"; {reference_label} {fmt_number(abs(reference))}")
    return canvas.chart(title, desc)
