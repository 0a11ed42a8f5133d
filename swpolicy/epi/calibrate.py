"""Calibration targets: model predictions at each target, and each target's likelihood.

A target (:class:`swpolicy.epi.schema.Target`) observes one quantity: HIV prevalence in a year,
HIV incidence over a period, ART coverage among people living with HIV in a year, or the share
of FSW exposed to violence, police contact or outdoor work in a year (units in
``TARGET_UNITS``). :func:`predictions` reads the model's value of every target off its recorded
status-quo paths; :func:`log_likelihood` scores them with each target's own likelihood:

* ``binomial``: ``round(value * n)`` positives of ``n`` given the modelled fraction;
* ``beta_binomial``: the same with over-dispersion from a design effect ``d`` (intra-class
  correlation ``rho = (d - 1) / (n - 1)``, so the variance is ``d`` times the binomial's);
* ``poisson``: ``events`` in ``person_years`` given the modelled rate;
* ``logit_normal`` / ``log_normal``: a normal on the logit (fractions) or log (rates) scale whose
  95% interval is the target's [lo, hi] (centred on the interval, not on ``value``, because a
  widened interval is the statement of what is believed).

Full log densities (with their constants), so the values can be checked by hand. The posterior
itself is sampled by :mod:`swpolicy.epi.smc`; the older accept/reject and likelihood weighting
of one batch of prior draws (:func:`calibrate`) remain for comparison, without a fallback: when
too few draws are accepted the result says so and the platform refuses to use it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np
from numpy.typing import NDArray
from scipy import stats

from swpolicy.epi.schema import Target
from swpolicy.evidence.sampling import Z975

FloatArray = NDArray[np.float64]
Method = Literal["smc", "accept", "weight"]
EPS = 1e-12  # predictions are clipped away from 0 and 1 before taking logs

# The recorded status-quo paths a prediction reads, by population.
PREVALENCE = {"fsw": "fsw_prev", "clients": "client_prev"}
INFECTIONS = {"fsw": "fsw_infections", "clients": "client_infections"}  # cumulative new
SUSCEPTIBLE = {"fsw": "fsw_susceptible", "clients": "client_susceptible"}  # HIV-negative
ART = {"fsw": "fsw_art_coverage", "clients": "client_art_coverage"}
# Share of FSW in each exposure state (violence, police, outdoor targets), by target kind.
EXPOSURE = {"violence": "fsw_violence", "police": "fsw_police", "outdoor": "fsw_outdoor"}


def _at(times: FloatArray, series: FloatArray, t: float) -> FloatArray:
    """Linear interpolation of ``series`` (D, n_times) at time ``t`` for every draw."""
    if not times[0] - 1e-9 <= t <= times[-1] + 1e-9:
        raise ValueError(f"target year {t:g} outside the simulated years")
    j = int(np.clip(np.searchsorted(times, t), 1, len(times) - 1))
    w = float(np.clip((t - times[j - 1]) / (times[j] - times[j - 1]), 0.0, 1.0))
    out: FloatArray = (1 - w) * series[:, j - 1] + w * series[:, j]
    return out


def _person_years(times: FloatArray, series: FloatArray, a: float, b: float) -> FloatArray:
    """Integral of ``series`` over [a, b] for every draw (trapezoid on the record grid)."""
    inside = (times > a) & (times < b)
    grid = np.concatenate([[a], times[inside], [b]])
    values = np.column_stack([_at(times, series, a), series[:, inside], _at(times, series, b)])
    out: FloatArray = np.trapezoid(values, grid, axis=1)
    return out


def predict(target: Target, times: FloatArray, paths: Mapping[str, FloatArray]) -> FloatArray:
    """The model's value (D,) of one target, in the target's units, from recorded paths."""
    if target.kind == "prevalence":
        return _at(times, paths[PREVALENCE[target.population]], float(target.period[0]))
    if target.kind == "art_coverage":
        return _at(times, paths[ART[target.population]], float(target.period[0]))
    if target.kind in EXPOSURE:
        return _at(times, paths[EXPOSURE[target.kind]], float(target.period[0]))
    a, b = target.period
    cum = paths[INFECTIONS[target.population]]
    new = _at(times, cum, b) - _at(times, cum, a)
    at_risk = _person_years(times, paths[SUSCEPTIBLE[target.population]], a, b)
    out: FloatArray = new / np.maximum(at_risk, EPS)
    return out


def predictions(
    times: FloatArray, paths: Mapping[str, FloatArray], targets: Sequence[Target]
) -> FloatArray:
    """Model predictions (D, n_targets) at every target, in the order given."""
    return np.stack([predict(t, times, paths) for t in targets], axis=1)


def _logit(x: FloatArray | float) -> FloatArray:
    v = np.clip(np.asarray(x, dtype=np.float64), EPS, 1 - EPS)
    out: FloatArray = np.log(v / (1 - v))
    return out


def target_log_likelihood(pred: FloatArray, target: Target) -> FloatArray:
    """Log-likelihood (D,) of one target given the model's predictions (D,) of it."""
    p = np.clip(np.asarray(pred, dtype=np.float64), EPS, None)
    kind = target.likelihood
    if kind == "poisson":
        assert target.events is not None and target.person_years is not None
        out: FloatArray = stats.poisson.logpmf(target.events, p * target.person_years)
        return out
    if kind in ("binomial", "beta_binomial"):
        assert target.n is not None
        k = round(target.value * target.n)
        q = np.clip(p, EPS, 1 - EPS)
        if kind == "binomial":
            out = stats.binom.logpmf(k, target.n, q)
            return out
        assert target.design_effect is not None
        rho = (target.design_effect - 1) / max(target.n - 1, 1)
        size = (1 - rho) / rho  # alpha + beta of the beta distribution
        out = stats.betabinom.logpmf(k, target.n, q * size, (1 - q) * size)
        return out
    scale = _logit if kind == "logit_normal" else np.log
    lo, hi = scale(target.lo), scale(target.hi)
    out = stats.norm.logpdf(scale(p), (lo + hi) / 2, (hi - lo) / (2 * Z975))
    return out


def log_likelihood(pred: FloatArray, targets: Sequence[Target]) -> FloatArray:
    """Log-likelihood (D,) of predictions (D, n_targets) over the targets used in the fit.

    Draws whose predictions are not finite (a numerically failed run) get ``-inf``.
    """
    ll = np.zeros(pred.shape[0])
    for j, tg in enumerate(targets):
        if tg.used_in_fit:
            ll += target_log_likelihood(pred[:, j], tg)
    ll[~np.all(np.isfinite(pred), axis=1)] = -np.inf
    return np.where(np.isfinite(ll), ll, -np.inf)


def within_targets(pred: FloatArray, targets: Sequence[Target]) -> NDArray[np.bool_]:
    """True for draws inside the interval of every target used in the fit."""
    used = [j for j, t in enumerate(targets) if t.used_in_fit]
    lo = np.array([targets[j].lo for j in used])
    hi = np.array([targets[j].hi for j in used])
    ok: NDArray[np.bool_] = np.all((pred[:, used] >= lo) & (pred[:, used] <= hi), axis=1)
    return ok


@dataclass(frozen=True)
class Calibration:
    """Weights over a batch of prior draws (summing to 1) and how they were obtained.

    ``fallback`` is True when accept/reject found fewer than the minimum number of draws inside
    every target: the weights are then those of the few draws that were accepted (possibly
    none), and the platform reports the calibration as failed instead of using them.
    """

    weights: FloatArray
    n_within: int
    fallback: bool
    method: Method

    @property
    def n_used(self) -> int:
        """Number of draws with positive weight."""
        return int((self.weights > 0).sum())


def calibrate(
    pred: FloatArray, targets: Sequence[Target], method: Method = "accept", min_accepted: int = 20
) -> Calibration:
    """Weights for a batch of prior draws given their predictions at the targets."""
    ll = log_likelihood(pred, targets)
    ok = within_targets(pred, targets)
    n_within = int(ok.sum())
    if method == "weight":
        if not np.isfinite(ll).any():
            return Calibration(np.zeros(pred.shape[0]), n_within, True, method)
        w = np.exp(ll - ll.max())
        w[w < 1e-8] = 0.0  # negligible draws are not worth projecting under the scenarios
        return Calibration(w / w.sum(), n_within, False, method)
    failed = n_within < min(min_accepted, pred.shape[0])
    w = ok.astype(np.float64)
    return Calibration(w / max(w.sum(), 1.0), n_within, failed, method)


def weighted_quantiles(values: FloatArray, weights: FloatArray, qs: list[float]) -> list[float]:
    """Quantiles of ``values`` under ``weights`` (linear interpolation of the weighted CDF)."""
    keep = weights > 0
    v, w = values[keep], weights[keep]
    order = np.argsort(v, kind="stable")
    v, w = v[order], w[order]
    cdf = (np.cumsum(w) - 0.5 * w) / w.sum()
    return [float(np.interp(q, cdf, v)) for q in qs]
