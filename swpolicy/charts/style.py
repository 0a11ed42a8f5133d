"""The one palette and the one number formatter every chart, caption and tooltip uses.

Okabe & Ito's colour-blind-safe palette (Okabe M, Ito K. Color Universal Design, 2008;
https://jfly.uni-koeln.de/color/), with its yellow and sky blue left out and its orange-yellow
and reddish purple darkened so that each colour keeps at least 3:1 contrast against white
(WCAG 2.1, 1.4.11, the minimum for graphics). Series also differ by marker shape, so no reading
depends on colour alone.
"""

from __future__ import annotations

import math

PALETTE = ("#0072B2", "#D55E00", "#009E73", "#B8488F", "#8A6D00", "#6A3D9A", "#000000")
INK = "#1a1a1a"  # text, published values and calibration targets
MUTED = "#767676"  # de-emphasised marks (4.5:1 on white)
GRID = "#d0d0d0"  # grid lines: decoration, not data
FONT = "DejaVu Sans, Verdana, sans-serif"  # DejaVu Sans is matplotlib's font too (PNG output)


def colour(index: int) -> str:
    """The palette's colour for the `index`-th series or label (it repeats past its end)."""
    return PALETTE[index % len(PALETTE)]


def decimals(*values: float, significant: int = 3) -> int:
    """Decimal places that show `significant` digits of the largest magnitude among `values`."""
    finite = [abs(v) for v in values if math.isfinite(v) and v != 0]
    if not finite:
        return 0
    return max(0, significant - 1 - math.floor(math.log10(max(finite))))


def fmt_number(value: float, places: int | None = None) -> str:
    """A number for people: thousands separators, three significant digits unless told."""
    if not math.isfinite(value):
        return "n/a"
    places = decimals(value) if places is None else places
    text = f"{value:,.{places}f}"
    return "0" if text.lstrip("-").strip("0.,") == "" else text


def fmt_interval(median: float | None, lo: float, hi: float) -> str:
    """'median [lo, hi]' with the same decimal places for all three (a range alone: '[lo, hi]')."""
    places = decimals(lo, hi, *(() if median is None else (median,)))
    ends = f"{fmt_number(lo, places)}, {fmt_number(hi, places)}"
    if median is None:
        return f"[{ends}]"
    return f"{fmt_number(median, places)} [{ends}]"
