"""Figures for the Lancet reproduction, drawn by `swpolicy.charts` (PNG or SVG by extension).

* prevalence: HIV prevalence among FSW over time per setting, median and 95% UI over the
  calibrated draws (weighted), with the calibration targets and their intervals;
* averted: percent of infections averted by scenario per setting, ours (median, 95% UI) beside
  the published values or ranges (Shannon et al., Lancet 2015).

The report draws the same averted figure (`averted_figure`), so both show one picture.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np

from swpolicy import charts
from swpolicy.epi.calibrate import weighted_quantiles
from swpolicy.epi.lancet import Row, SettingRun
from swpolicy.epi.schema import load_scenarios

OURS, PUBLISHED = "this model", "Shannon et al. 2015"


def prevalence_figure(runs: Sequence[SettingRun]) -> charts.Chart:
    """HIV prevalence among FSW (%) over time, one panel per setting."""
    panels = []
    for run in runs:
        w = run.calibration.weights
        keep = w > 0
        q = 100 * np.array(
            [
                weighted_quantiles(run.fsw_prev[keep, j], w[keep], [0.5, 0.025, 0.975])
                for j in range(run.times.size)
            ]
        )
        series = charts.Series(
            "calibrated draws",
            tuple(float(t) for t in run.times),
            tuple(float(v) for v in q[:, 0]),
            tuple(float(v) for v in q[:, 1]),
            tuple(float(v) for v in q[:, 2]),
        )
        targets = tuple(
            charts.Target(t.year, 100 * t.value, 100 * t.lo, 100 * t.hi)
            for t in run.setting.targets
            if t.population == "fsw" and t.kind == "prevalence" and isinstance(t.year, float)
        )
        title = f"{run.setting.label} (n={run.calibration.n_used})"
        panels.append(charts.Panel(title, (series,), targets))
    return charts.time_series(
        "HIV prevalence among female sex workers: model and calibration targets",
        panels,
        axes=("year", "HIV prevalence among FSW (%)"),
    )


def averted_figure(rows: Sequence[Row]) -> charts.Chart:
    """Infections averted (%) per scenario and setting, ours beside the published value;
    settings and scenarios are named by their labels in the data."""
    scenarios = load_scenarios().scenarios
    groups = []
    for name in dict.fromkeys(r.setting for r in rows):
        heading = next(r.label or r.setting for r in rows if r.setting == name)
        intervals: list[charts.Interval] = []
        for r in (r for r in rows if r.setting == name):
            label = scenarios[r.scenario].label if r.scenario in scenarios else r.scenario
            ours = charts.Interval(label, r.averted_median, r.averted_lo, r.averted_hi, OURS)
            intervals.append(ours)
            if r.published_lo is not None and r.published_hi is not None:
                pub = (r.published, r.published_lo, r.published_hi)
                intervals.append(charts.Interval(label, *pub, PUBLISHED))
        groups.append(charts.Group(heading, tuple(intervals), zero_line=True))
    return charts.comparison_chart(
        "Lancet 2015 reproduction: infections averted",
        groups,
        ours=OURS,
        published=PUBLISHED,
        axis_label="infections averted among FSW and clients over 10 years (%)",
    )


def plot_prevalence(runs: Sequence[SettingRun], path: Path) -> Path:
    """Write the prevalence-over-time figure (PNG or SVG by extension) and return its path."""
    return charts.save(prevalence_figure(runs), path)


def plot_averted(rows: Sequence[Row], path: Path) -> Path:
    """Write the averted-fractions figure (PNG or SVG by extension) and return its path."""
    return charts.save(averted_figure(rows), path)
