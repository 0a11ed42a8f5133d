"""Figures for the Lancet reproduction (matplotlib, Agg backend; no display needed).

* ``prevalence.png``: FSW HIV prevalence over time per setting, median and 95% UI over the
  calibrated draws, with the calibration targets and their intervals;
* ``averted.png``: percent of infections averted by scenario per setting, ours (median, 95% UI)
  beside the published values or ranges.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import numpy as np

from swpolicy.epi.calibrate import weighted_quantiles
from swpolicy.epi.lancet import Row, SettingRun


def plot_prevalence(runs: Sequence[SettingRun], path: Path) -> Path:
    """Write the prevalence-over-time figure and return its path."""
    fig, axes = plt.subplots(1, len(runs), figsize=(5 * len(runs), 4), squeeze=False)
    for ax, run in zip(axes[0], runs, strict=True):
        w = run.calibration.weights
        keep = w > 0
        q = np.array(
            [
                weighted_quantiles(run.fsw_prev[keep, j], w[keep], [0.025, 0.5, 0.975])
                for j in range(run.times.size)
            ]
        )
        ax.fill_between(run.times, 100 * q[:, 0], 100 * q[:, 2], alpha=0.3, label="95% UI")
        ax.plot(run.times, 100 * q[:, 1], label="median")
        for tg in run.setting.targets:
            if tg.population != "fsw":
                continue
            ax.errorbar(
                [tg.year],
                [100 * tg.value],
                yerr=[[100 * (tg.value - tg.lo)], [100 * (tg.hi - tg.value)]],
                fmt="o",
                color="black",
                capsize=3,
            )
        ax.set_title(f"{run.setting.label} (n={run.calibration.n_used})")
        ax.set_xlabel("year")
        ax.set_ylabel("HIV prevalence among FSW (%)")
        ax.legend(loc="upper right", fontsize=8)
    fig.tight_layout()
    fig.savefig(path, dpi=120)
    plt.close(fig)
    return path


def plot_averted(rows: Sequence[Row], path: Path) -> Path:
    """Write the averted-fractions figure and return its path."""
    settings = list(dict.fromkeys(r.setting for r in rows))
    fig, axes = plt.subplots(1, len(settings), figsize=(5 * len(settings), 4), squeeze=False)
    for ax, name in zip(axes[0], settings, strict=True):
        sub = [r for r in rows if r.setting == name]
        x = np.arange(len(sub))
        med = np.array([r.averted_median for r in sub])
        err = np.array(
            [
                [r.averted_median - r.averted_lo for r in sub],
                [r.averted_hi - r.averted_median for r in sub],
            ]
        )
        ax.errorbar(x - 0.1, med, yerr=err, fmt="o", capsize=3, label="this model")
        for i, r in enumerate(sub):
            if r.published_lo is None or r.published_hi is None:
                continue
            y = r.published if r.published is not None else (r.published_lo + r.published_hi) / 2
            yerr = [[y - r.published_lo], [r.published_hi - y]]
            marker = "s" if r.published is not None else "_"
            ax.errorbar(
                [i + 0.1],
                [y],
                yerr=yerr,
                fmt=marker,
                color="black",
                capsize=3,
                label="Shannon 2015"
                if i == 0 or "Shannon 2015" not in ax.get_legend_handles_labels()[1]
                else None,
            )
        ax.set_xticks(x, [r.scenario for r in sub], rotation=30, ha="right")
        ax.set_ylabel("infections averted, FSW + clients, 10 y (%)")
        ax.set_title(name)
        ax.legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(path, dpi=120)
    plt.close(fig)
    return path
