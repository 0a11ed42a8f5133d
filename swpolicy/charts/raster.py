"""PNG output: the same shapes as the SVG, drawn by matplotlib's Agg renderer.

Imported only when a PNG is asked for, so that importing `swpolicy.charts` (and starting the
CLI) does not load matplotlib. One canvas pixel is one output pixel at `scale` 1; font sizes are
converted from pixels to points (matplotlib's unit) at matplotlib's 72 points per inch.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
from matplotlib.axes import Axes
from matplotlib.lines import Line2D
from matplotlib.patches import Circle as MplCircle
from matplotlib.patches import Polygon as MplPolygon
from matplotlib.patches import Rectangle

from swpolicy.charts.svg import Chart, Circle, Line, Polygon, Rect, Shape, Text, Tip

DPI = 100.0
ALIGN = {"start": "left", "middle": "center", "end": "right"}


def write_png(chart: Chart, path: Path, scale: float = 2.0) -> None:
    """Draw `chart` into a PNG at `scale` times its canvas size (2: sharp on high-DPI screens)."""
    fig = plt.figure(figsize=(chart.width / DPI, chart.height / DPI), dpi=DPI)
    try:
        ax = fig.add_axes((0.0, 0.0, 1.0, 1.0))
        ax.set_xlim(0, chart.width)
        ax.set_ylim(chart.height, 0)  # y down, as in SVG
        ax.set_axis_off()
        for order, shape in enumerate(chart.shapes):
            _draw(ax, shape, order)
        # No date or version in the file: the same chart gives the same bytes.
        fig.savefig(path, format="png", dpi=DPI * scale, metadata={"Software": None})
    finally:
        plt.close(fig)


def _draw(ax: Axes, s: Shape, order: float) -> None:
    """Draw one shape; `order` is its z-order, so that shapes stack in list order as in SVG
    (matplotlib would otherwise put every line above every patch)."""
    if isinstance(s, Tip):  # tooltips do not exist on paper
        for k, inner in enumerate(s.shapes):
            _draw(ax, inner, order + k / (len(s.shapes) + 1))
    elif isinstance(s, Line):
        style: dict[str, Any] = {"linestyle": (0, (5, 3)) if s.dashed else "-"}
        ax.add_line(
            Line2D(
                [s.x1, s.x2],
                [s.y1, s.y2],
                color=s.colour,
                linewidth=s.width * 0.72,
                solid_capstyle="butt",
                zorder=order,
                **style,
            )
        )
    elif isinstance(s, Rect):
        ax.add_patch(
            Rectangle(
                (s.x, s.y), s.w, s.h, facecolor=s.fill, alpha=s.opacity, linewidth=0, zorder=order
            )
        )
    elif isinstance(s, Circle):
        ax.add_patch(MplCircle((s.cx, s.cy), s.r, facecolor=s.fill, linewidth=0, zorder=order))
    elif isinstance(s, Polygon):
        if s.closed:
            ax.add_patch(
                MplPolygon(
                    list(s.points),
                    closed=True,
                    facecolor=s.colour,
                    alpha=s.opacity,
                    linewidth=0,
                    zorder=order,
                )
            )
        else:
            xs, ys = zip(*s.points, strict=True)
            ax.add_line(Line2D(xs, ys, color=s.colour, linewidth=s.width * 0.72, zorder=order))
    else:
        assert isinstance(s, Text)
        ax.text(
            s.x,
            s.y,
            s.text,
            fontsize=s.size * 0.72,
            ha=ALIGN[s.anchor],
            va="baseline",
            color=s.colour,
            fontweight="bold" if s.bold else "normal",
            rotation=-s.rotate,
            rotation_mode="anchor",
            zorder=order,
            family="DejaVu Sans",
        )
