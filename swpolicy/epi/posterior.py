"""What a calibration says: each target beside the posterior predictive, and epidemic bands.

* :func:`target_rows`: every target's observed value and interval beside the model's posterior
  predictive median and 95% interval, in the target's units (``schema.TARGET_UNITS``), and
  whether the two intervals miss each other;
* :func:`trajectory_bands`: HIV prevalence, incidence and ART coverage among FSW and clients by
  year, as weighted medians and 95% bands of the status-quo paths, for the API, the CLI's
  ``--plot``, the report and the web app;
* :func:`trajectory_chart`: those bands with the targets drawn on them (``swpolicy.charts``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

from swpolicy import charts
from swpolicy.epi.calibrate import ART, INFECTIONS, PREVALENCE, SUSCEPTIBLE, weighted_quantiles
from swpolicy.epi.schema import TARGET_UNITS, Target

FloatArray = NDArray[np.float64]
QS = [0.5, 0.025, 0.975]


@dataclass(frozen=True)
class TargetRow:
    """One target beside the posterior predictive (values in the target's units)."""

    name: str
    kind: str
    population: str
    year: float | tuple[float, float]
    observed: tuple[float, float, float]  # value, lo, hi
    model: tuple[float, float, float]  # median, lo, hi
    used_in_fit: bool
    likelihood: str

    @property
    def missed(self) -> bool:
        """True when the observed and posterior predictive 95% intervals do not overlap."""
        return self.model[2] < self.observed[1] or self.model[1] > self.observed[2]

    def as_dict(self) -> dict[str, Any]:
        """The JSON shape of ``swpolicy calibrate --json`` (plus units, value and miss flag)."""
        year = list(self.year) if isinstance(self.year, tuple) else self.year
        return {
            "name": self.name,
            "kind": self.kind,
            "population": self.population,
            "year": year,
            "observed": {"value": self.observed[0], "lo": self.observed[1], "hi": self.observed[2]},
            "model": {"median": self.model[0], "lo": self.model[1], "hi": self.model[2]},
            "used_in_fit": self.used_in_fit,
            "likelihood": self.likelihood,
            "units": TARGET_UNITS[self.kind],
            "missed": self.missed,
        }


def target_rows(
    targets: Sequence[Target], predictions: FloatArray, weights: FloatArray
) -> list[TargetRow]:
    """Every target beside the weighted posterior predictive of the model's prediction of it."""
    rows = []
    for j, t in enumerate(targets):
        med, lo, hi = weighted_quantiles(predictions[:, j], weights, QS)
        rows.append(
            TargetRow(
                t.name,
                t.kind,
                t.population,
                t.year,
                (t.value, t.lo, t.hi),
                (med, lo, hi),
                t.used_in_fit,
                t.likelihood,
            )
        )
    return rows


def missed_targets(
    targets: Sequence[Target], predictions: FloatArray, weights: FloatArray
) -> list[str]:
    """Names of the fitted targets whose posterior predictive interval misses their interval."""
    if not len(weights):
        return [t.name for t in targets if t.used_in_fit]
    rows = target_rows(targets, predictions, weights)
    return [r.name for r in rows if r.used_in_fit and r.missed]


@dataclass(frozen=True)
class Band:
    """A yearly median and 95% band of one epidemic quantity (units in ``unit``)."""

    name: str
    label: str
    unit: str
    times: FloatArray
    median: FloatArray
    lo: FloatArray
    hi: FloatArray


PER_100PY = "per 100 person-years"
# name -> (population, what, label, unit): what the bands show, in display units.
SERIES: dict[str, tuple[str, str, str, str]] = {
    "fsw_prevalence": ("fsw", "prevalence", "HIV prevalence among FSW", "%"),
    "client_prevalence": ("clients", "prevalence", "HIV prevalence among clients", "%"),
    "fsw_incidence": ("fsw", "incidence", "HIV incidence among FSW", PER_100PY),
    "client_incidence": (
        "clients",
        "incidence",
        "HIV incidence among clients",
        "per 100 person-years",
    ),
    "fsw_art_coverage": ("fsw", "art_coverage", "ART coverage, FSW living with HIV", "%"),
}
KIND_OF = {"prevalence": PREVALENCE, "art_coverage": ART}


def _series(
    times: FloatArray, paths: Mapping[str, FloatArray], population: str, what: str
) -> tuple[FloatArray, FloatArray]:
    """Yearly values (D, n_years) of one quantity, x100 for display, and their times."""
    years = np.arange(np.ceil(times[0]), np.floor(times[-1]) + 1e-9)
    if what != "incidence":
        src = paths[KIND_OF[what][population]]
        cols = [src[:, int(np.abs(times - y).argmin())] for y in years]
        return years, 100 * np.stack(cols, axis=1)
    cum, sus = paths[INFECTIONS[population]], paths[SUSCEPTIBLE[population]]
    cols = []
    for a in years[:-1]:
        inside = (times >= a - 1e-9) & (times <= a + 1 + 1e-9)
        at_risk = np.trapezoid(sus[:, inside], times[inside], axis=1)
        idx = np.flatnonzero(inside)
        cols.append(100 * (cum[:, idx[-1]] - cum[:, idx[0]]) / np.maximum(at_risk, 1e-12))
    return years[:-1] + 0.5, np.stack(cols, axis=1)


def trajectory_bands(
    times: FloatArray, paths: Mapping[str, FloatArray], weights: FloatArray
) -> dict[str, Band]:
    """Yearly medians and 95% bands of every quantity in :data:`SERIES` the paths hold."""
    out = {}
    for name, (population, what, label, unit) in SERIES.items():
        source = INFECTIONS if what == "incidence" else KIND_OF[what]
        if source[population] not in paths:
            continue
        t, values = _series(times, paths, population, what)
        q = np.array([weighted_quantiles(values[:, j], weights, QS) for j in range(len(t))])
        out[name] = Band(name, label, unit, t, q[:, 0], q[:, 1], q[:, 2])
    return out


def _chart_target(t: Target) -> charts.Target:
    scale = 100.0
    a, b = t.period
    return charts.Target((a + b) / 2, scale * t.value, scale * t.lo, scale * t.hi)


def trajectory_chart(
    label: str, bands: Mapping[str, Band], targets: Sequence[Target]
) -> charts.Chart:
    """A chart of the bands, one panel per quantity, with the targets of each drawn on it."""
    panels = []
    for band in bands.values():
        population, what, _, _ = SERIES[band.name]
        series = charts.Series(
            "posterior",
            tuple(float(x) for x in band.times),
            tuple(float(x) for x in band.median),
            tuple(float(x) for x in band.lo),
            tuple(float(x) for x in band.hi),
        )
        mine = tuple(
            _chart_target(t) for t in targets if t.kind == what and t.population == population
        )
        panels.append(charts.Panel(f"{band.label} ({band.unit})", (series,), mine))
    return charts.time_series(
        f"{label}: the calibrated epidemic and its targets",
        panels,
        axes=("year", "% or per 100 person-years (see each panel)"),
    )
