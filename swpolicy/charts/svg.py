"""Drawing primitives: a chart is a list of shapes in pixel coordinates, written out as SVG.

A figure is laid out once as a `Chart` (shapes on a canvas of a given width and height, y
pointing down as in SVG) and then written either as SVG by `Chart.svg` (hand-built text, so
importing this package loads no plotting library and the same input gives the same bytes) or as
PNG by `swpolicy.charts.raster`, which draws the very same shapes with matplotlib.

The SVG has a `viewBox` and no pixel width, so it scales to its container; colours are
presentation attributes, not `style=` (a Content-Security-Policy may forbid inline styles);
it carries a `<title>` and a `<desc>` and `role="img"` for screen readers. Text width cannot be
measured without a font engine, so labels are wrapped by an estimate of DejaVu Sans's average
glyph width that errs on the wide side.
"""

from __future__ import annotations

import hashlib
import math
import textwrap
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal
from xml.sax.saxutils import escape, quoteattr

from swpolicy.charts.style import FONT, INK, fmt_number

Anchor = Literal["start", "middle", "end"]
CHAR_WIDTH = 0.6  # average glyph advance of DejaVu Sans in em, rounded up


@dataclass(frozen=True)
class Line:
    x1: float
    y1: float
    x2: float
    y2: float
    colour: str
    width: float = 1.0
    dashed: bool = False


@dataclass(frozen=True)
class Rect:
    x: float
    y: float
    w: float
    h: float
    fill: str
    opacity: float = 1.0


@dataclass(frozen=True)
class Circle:
    cx: float
    cy: float
    r: float
    fill: str


@dataclass(frozen=True)
class Polygon:
    """A filled area (an uncertainty band) or, with `closed=False`, a polyline (a median line)."""

    points: tuple[tuple[float, float], ...]
    colour: str
    opacity: float = 1.0
    closed: bool = True
    width: float = 1.0


@dataclass(frozen=True)
class Text:
    x: float
    y: float  # baseline
    text: str
    size: float = 12.0
    anchor: Anchor = "start"
    bold: bool = False
    colour: str = INK
    rotate: float = 0.0  # degrees clockwise about (x, y), as SVG's rotate()


@dataclass(frozen=True)
class Tip:
    """Shapes that belong together (one row), with a tooltip naming their values in words."""

    title: str
    shapes: tuple[Shape, ...]


Shape = Line | Rect | Circle | Polygon | Text | Tip


@dataclass(frozen=True)
class Chart:
    """A laid-out figure: its accessible title and description, its size and its shapes."""

    title: str
    desc: str
    width: float
    height: float
    shapes: tuple[Shape, ...] = field(repr=False)

    def svg(self, prefix: str | None = None, css_class: str | None = None) -> str:
        """The chart as one `<svg>` element; ids start with `prefix` (default: a content hash),
        so several charts can share one HTML page."""
        body = "".join(_shape(s) for s in self.shapes)
        if prefix is None:
            digest = hashlib.sha256(f"{self.title}\0{self.desc}\0{body}".encode()).hexdigest()
            prefix = f"chart-{digest[:10]}"
        klass = "" if css_class is None else f" class={quoteattr(css_class)}"
        return (
            f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {_n(self.width)} '
            f'{_n(self.height)}"{klass} role="img" '
            f'aria-labelledby="{prefix}-title {prefix}-desc" font-family={quoteattr(FONT)}>'
            f'<title id="{prefix}-title">{escape(self.title)}</title>'
            f'<desc id="{prefix}-desc">{escape(self.desc)}</desc>'
            f'<rect x="0" y="0" width="{_n(self.width)}" height="{_n(self.height)}" '
            f'fill="#ffffff"/>{body}</svg>'
        )


def _n(value: float) -> str:
    """A coordinate with at most one decimal and no '-0' (stable text for stable bytes)."""
    text = f"{value:.1f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def _shape(s: Shape) -> str:
    if isinstance(s, Tip):
        return f"<g><title>{escape(s.title)}</title>{''.join(_shape(x) for x in s.shapes)}</g>"
    if isinstance(s, Line):
        dash = ' stroke-dasharray="5 3"' if s.dashed else ""
        return (
            f'<line x1="{_n(s.x1)}" y1="{_n(s.y1)}" x2="{_n(s.x2)}" y2="{_n(s.y2)}" '
            f'stroke="{s.colour}" stroke-width="{_n(s.width)}"{dash}/>'
        )
    if isinstance(s, Rect):
        alpha = "" if s.opacity == 1 else f' fill-opacity="{s.opacity:g}"'
        return (
            f'<rect x="{_n(s.x)}" y="{_n(s.y)}" width="{_n(s.w)}" height="{_n(s.h)}" '
            f'fill="{s.fill}"{alpha}/>'
        )
    if isinstance(s, Circle):
        return f'<circle cx="{_n(s.cx)}" cy="{_n(s.cy)}" r="{_n(s.r)}" fill="{s.fill}"/>'
    if isinstance(s, Polygon):
        points = " ".join(f"{_n(x)},{_n(y)}" for x, y in s.points)
        if s.closed:
            alpha = "" if s.opacity == 1 else f' fill-opacity="{s.opacity:g}"'
            return f'<polygon points="{points}" fill="{s.colour}"{alpha}/>'
        return (
            f'<polyline points="{points}" fill="none" stroke="{s.colour}" '
            f'stroke-width="{_n(s.width)}"/>'
        )
    weight = ' font-weight="bold"' if s.bold else ""
    turn = f' transform="rotate({s.rotate:g} {_n(s.x)} {_n(s.y)})"' if s.rotate else ""
    return (
        f'<text x="{_n(s.x)}" y="{_n(s.y)}" font-size="{_n(s.size)}" '
        f'text-anchor="{s.anchor}" fill="{s.colour}"{weight}{turn}>{escape(s.text)}</text>'
    )


def text_width(text: str, size: float) -> float:
    """An upper estimate of the drawn width of `text` at font size `size` (pixels)."""
    return len(text) * size * CHAR_WIDTH


def wrap(text: str, width: float, size: float) -> list[str]:
    """`text` broken into lines that fit `width` pixels at font size `size`; nothing is cut."""
    chars = max(4, int(width / (size * CHAR_WIDTH)))
    return textwrap.wrap(text, chars, break_on_hyphens=False) or [""]


def text_block(
    lines: Sequence[str], x: float, top: float, size: float, anchor: Anchor = "start", **kw: bool
) -> list[Text]:
    """Lines of text whose first line's top is at `top`, one line height apart."""
    step = size * 1.25
    return [
        Text(x, top + size + i * step, line, size, anchor, bold=kw.get("bold", False))
        for i, line in enumerate(lines)
    ]


def block_height(lines: int, size: float) -> float:
    """Height taken by `text_block` of that many lines."""
    return size + (lines - 1) * size * 1.25 + size * 0.3


def nice_ticks(lo: float, hi: float, count: int = 5) -> list[float]:
    """Round tick values covering [lo, hi]: the finest step of 1, 2 or 5 times a power of ten
    that needs at most `count + 2` ticks (so the axis wastes little of its length)."""
    if not math.isfinite(lo) or not math.isfinite(hi):
        return [0.0]
    if hi <= lo:
        hi = lo + (abs(lo) or 1.0)
    power = 10.0 ** math.floor(math.log10((hi - lo) / max(count - 1, 1)))
    for step in (m * power for m in (0.5, 1, 2, 5, 10, 20)):
        first = math.floor(lo / step + 1e-9)
        last = math.ceil(hi / step - 1e-9)
        if last - first + 1 <= count + 2:
            break
    return [round(k * step, 10) + 0.0 for k in range(first, last + 1)]


def tick_labels(ticks: Sequence[float]) -> list[str]:
    """Tick values as text, all with the decimal places the finest of them needs."""
    places = max((len(f"{t:.10f}".rstrip("0").split(".")[1]) for t in ticks), default=0)
    return [fmt_number(t, places) for t in ticks]


@dataclass(frozen=True)
class Scale:
    """A linear map from data values to pixels between `start` and `stop`."""

    lo: float
    hi: float
    start: float
    stop: float

    def __call__(self, value: float) -> float:
        span = (self.hi - self.lo) or 1.0
        return self.start + (value - self.lo) / span * (self.stop - self.start)


def axis_scale(
    values: Sequence[float], start: float, stop: float, zero: bool, size: float = 11.0
) -> tuple[Scale, list[float]]:
    """A scale over the finite `values` (and 0 when `zero`), ending on round ticks, with as
    many ticks (at most about 5) as leave room between their labels at font size `size`."""
    finite = [v for v in values if math.isfinite(v)] or [0.0, 1.0]
    if zero:
        finite.append(0.0)
    room = abs(stop - start)
    for count in (5, 4, 3, 2):
        ticks = nice_ticks(min(finite), max(finite), count)
        needed = max(text_width(t, size) for t in tick_labels(ticks)) + size
        if needed * (len(ticks) - 1) <= room:
            break
    return Scale(ticks[0], ticks[-1], start, stop), ticks
