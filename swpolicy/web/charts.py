"""Interval charts as inline SVG, drawn on the server from a run's rows.

No chart library and no script: each metric is a small SVG with one line per law from the lower
to the upper end of the 95% interval and a dot at the median. Colours are presentation
attributes, not inline styles, so the page's Content-Security-Policy can forbid inline styles.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

from markupsafe import Markup, escape

WIDTH, LABEL, PAD, ROW, TOP, BOTTOM = 600, 170, 18, 32, 12, 38
INK, LINE, DOT, GRID = "#1a1a1a", "#1d4e89", "#b3261e", "#c8c8c8"


def nice_ticks(lo: float, hi: float, count: int = 5) -> list[float]:
    """Round tick values covering [lo, hi] (steps of 1, 2 or 5 times a power of ten)."""
    if not math.isfinite(lo) or not math.isfinite(hi):
        return [0.0]
    if hi <= lo:
        hi = lo + 1.0
    raw = (hi - lo) / max(count - 1, 1)
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 5, 10) if m * power >= raw)
    first = math.floor(lo / step) * step
    ticks = []
    value = first
    while value <= hi + step * 1e-9:
        ticks.append(round(value, 10))
        value += step
    if ticks[-1] < hi:
        ticks.append(round(value, 10))
    return ticks


def _fmt(value: float) -> str:
    return f"{value:,.0f}" if abs(value) >= 100 else f"{value:,.3g}"


def interval_chart(title: str, rows: Sequence[dict[str, Any]], names: dict[str, str]) -> Markup:
    """One SVG chart: median and 95% interval of one metric for each law in `rows`."""
    lows = [min(float(r["lo"]), float(r["median"])) for r in rows] or [0.0]
    highs = [max(float(r["hi"]), float(r["median"])) for r in rows] or [1.0]
    ticks = nice_ticks(min(0.0, *lows), max(0.0, *highs))
    x0, x1 = ticks[0], ticks[-1]
    left, right = LABEL, WIDTH - PAD
    height = TOP + ROW * len(rows) + BOTTOM

    def xpos(value: float) -> float:
        return left + (value - x0) / ((x1 - x0) or 1.0) * (right - left)

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 {WIDTH} {height}" '
        f'width="{WIDTH}" height="{height}" role="img" aria-label="{escape(title)}">',
        f"<title>{escape(title)}</title>",
    ]
    base = TOP + ROW * len(rows)
    for tick in ticks:
        x = xpos(tick)
        parts.append(
            f'<line x1="{x:.1f}" y1="{TOP}" x2="{x:.1f}" y2="{base}" stroke="{GRID}" '
            f'stroke-width="{1.5 if tick == 0 else 0.8}"/>'
        )
        parts.append(
            f'<text x="{x:.1f}" y="{base + 16}" font-size="13" text-anchor="middle" '
            f'fill="{INK}">{escape(_fmt(tick))}</text>'
        )
    for index, row in enumerate(rows):
        y = TOP + ROW * index + ROW / 2
        lo, med, hi = float(row["lo"]), float(row["median"]), float(row["hi"])
        label = names.get(str(row["law"]), str(row["law"]))
        if len(label) > 22:
            label = label[:21] + "…"
        parts.append(
            f'<g class="law"><title>{escape(str(row["law"]))}: median {_fmt(med)} '
            f"(95% interval {_fmt(lo)} to {_fmt(hi)})</title>"
            f'<text x="{left - 8}" y="{y + 4:.1f}" font-size="15" text-anchor="end" '
            f'fill="{INK}">{escape(label)}</text>'
            f'<line x1="{xpos(lo):.1f}" y1="{y:.1f}" x2="{xpos(hi):.1f}" y2="{y:.1f}" '
            f'stroke="{LINE}" stroke-width="4" stroke-linecap="round"/>'
            f'<circle cx="{xpos(med):.1f}" cy="{y:.1f}" r="6" fill="{DOT}" stroke="#ffffff" '
            f'stroke-width="1.5"/></g>'
        )
    parts.append(
        f'<text x="{(left + right) / 2:.1f}" y="{height - 4}" font-size="13" '
        f'text-anchor="middle" fill="{INK}">median (dot) and 95% interval (bar)</text></svg>'
    )
    return Markup("".join(parts))


def run_charts(
    rows: Sequence[dict[str, Any]], metrics: dict[str, str], names: dict[str, str]
) -> list[dict[str, Any]]:
    """One chart per metric present in `rows`, in the order of `metrics`."""
    charts = []
    for metric, description in metrics.items():
        subset = [r for r in rows if r["metric"] == metric]
        if subset:
            charts.append(
                {
                    "metric": metric,
                    "description": description,
                    "svg": interval_chart(f"{metric}: {description}", subset, names),
                }
            )
    return charts
