"""What the figures draw: small frozen records of plain numbers, independent of any model.

Any engine's results can be charted by filling these in; nothing here knows about laws,
compartments or draws. Values are checked on construction so that a figure never has to guess
(an interval whose ends are swapped is a bug upstream, not something to draw).
"""

from __future__ import annotations

import math
from dataclasses import dataclass


def _check_range(what: str, lo: float, hi: float, *points: float | None) -> None:
    if math.isfinite(lo) and math.isfinite(hi) and lo > hi:
        raise ValueError(f"{what}: lower end {lo} is above the upper end {hi}")
    for p in points:
        if p is not None and math.isfinite(p) and math.isfinite(lo) and math.isfinite(hi):
            # Quantiles of the same draws may differ by rounding; allow a little slack.
            slack = 1e-9 * max(1.0, abs(lo), abs(hi))
            if not lo - slack <= p <= hi + slack:
                raise ValueError(f"{what}: {p} lies outside its interval [{lo}, {hi}]")


@dataclass(frozen=True)
class Interval:
    """A median and its 95% interval for one row (`label`); `median` is None for a bare range
    (a published range without a point value). `series` names which of several estimates of
    the same row this is (an assumption set, "this model" or "published"); "" if only one."""

    label: str
    median: float | None
    lo: float
    hi: float
    series: str = ""

    def __post_init__(self) -> None:
        _check_range(self.label, self.lo, self.hi, self.median)


@dataclass(frozen=True)
class Group:
    """One block of an interval chart: a heading (the metric or the setting) and its rows.
    `zero_line` marks 0 for a paired difference ("averted vs the current law")."""

    title: str
    intervals: tuple[Interval, ...]
    zero_line: bool = False


@dataclass(frozen=True)
class Bar:
    """One bar of a ranked bar chart, with an optional half-width error bar; bars that are not
    `emphasis` are drawn muted (for example, indices no larger than the dummy input's)."""

    label: str
    value: float
    error: float | None = None
    emphasis: bool = True

    def __post_init__(self) -> None:
        if self.error is not None and self.error < 0:
            raise ValueError(f"{self.label}: error bar half-width {self.error} is negative")


@dataclass(frozen=True)
class Series:
    """A median over time with its 95% band; all four sequences have one value per time."""

    label: str
    times: tuple[float, ...]
    median: tuple[float, ...]
    lo: tuple[float, ...]
    hi: tuple[float, ...]

    def __post_init__(self) -> None:
        sizes = {len(self.times), len(self.median), len(self.lo), len(self.hi)}
        if len(sizes) != 1 or not self.times:
            raise ValueError(f"{self.label}: times, median, lo and hi must be equally long")
        for t, m, lo, hi in zip(self.times, self.median, self.lo, self.hi, strict=True):
            _check_range(f"{self.label} at {t:g}", lo, hi, m)


@dataclass(frozen=True)
class Target:
    """A calibration target or observation: a value and its interval at a time."""

    year: float
    value: float
    lo: float
    hi: float

    def __post_init__(self) -> None:
        _check_range(f"target in {self.year:g}", self.lo, self.hi, self.value)


@dataclass(frozen=True)
class Panel:
    """One small multiple of a time-series chart: a heading, series and targets."""

    title: str
    series: tuple[Series, ...]
    targets: tuple[Target, ...] = ()
