"""Calibration of an ensemble to prevalence targets, as in Latin-hypercube/ABC fitting.

Each draw's modelled prevalence is compared with every target of its setting:

* ``accept`` (default): keep the draws whose outputs fall inside every target's 95% interval,
  with equal weight. If fewer than ``min_accepted`` pass, the ``min_accepted`` draws with the
  highest likelihood are kept instead and the result is flagged ``fallback``.
* ``weight``: weight draws by their likelihood (draws under 1e-8 of the best get weight 0).

The likelihood treats each target interval as a 95% normal interval on the logit scale.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np
from numpy.typing import NDArray

from swpolicy.epi.schema import Target
from swpolicy.evidence.sampling import Z975

FloatArray = NDArray[np.float64]
Method = Literal["accept", "weight"]


def _logit(x: FloatArray | float) -> FloatArray:
    v = np.clip(np.asarray(x, dtype=np.float64), 1e-9, 1 - 1e-9)
    out: FloatArray = np.log(v / (1 - v))
    return out


def predictions(
    times: FloatArray, fsw_prev: FloatArray, client_prev: FloatArray, targets: list[Target]
) -> FloatArray:
    """Modelled prevalence (D, n_targets) at each target's year, interpolated in time."""
    cols = []
    for tg in targets:
        if not times[0] <= tg.year <= times[-1]:
            raise ValueError(f"target year {tg.year} outside simulated years")
        series = fsw_prev if tg.population == "fsw" else client_prev
        j = int(np.searchsorted(times, tg.year))
        if times[j] == tg.year:
            cols.append(series[:, j])
            continue
        w = (tg.year - times[j - 1]) / (times[j] - times[j - 1])
        cols.append((1 - w) * series[:, j - 1] + w * series[:, j])
    return np.stack(cols, axis=1)


def log_likelihood(pred: FloatArray, targets: list[Target]) -> FloatArray:
    """Log-likelihood (D,) of the predictions (D, n_targets) given the targets."""
    ll = np.zeros(pred.shape[0])
    for j, tg in enumerate(targets):
        sd = (_logit(tg.hi) - _logit(tg.lo)) / (2 * Z975)
        ll += -0.5 * ((_logit(pred[:, j]) - _logit(tg.value)) / sd) ** 2
    return ll


def within_targets(pred: FloatArray, targets: list[Target]) -> NDArray[np.bool_]:
    """True for draws inside every target's interval."""
    lo = np.array([t.lo for t in targets])
    hi = np.array([t.hi for t in targets])
    ok: NDArray[np.bool_] = np.all((pred >= lo) & (pred <= hi), axis=1)
    return ok


@dataclass(frozen=True)
class Calibration:
    """Weights over draws (summing to 1) and how they were obtained."""

    weights: FloatArray
    n_within: int
    fallback: bool
    method: Method

    @property
    def n_used(self) -> int:
        """Number of draws with positive weight."""
        return int((self.weights > 0).sum())


def calibrate(
    pred: FloatArray, targets: list[Target], method: Method = "accept", min_accepted: int = 20
) -> Calibration:
    """Weights for the draws given their predictions at the targets."""
    ll = log_likelihood(pred, targets)
    ok = within_targets(pred, targets)
    n_within = int(ok.sum())
    if method == "weight":
        w = np.exp(ll - ll.max())
        w[w < 1e-8] = 0.0  # negligible draws are not worth projecting under the scenarios
        return Calibration(w / w.sum(), n_within, False, method)
    fallback = n_within < min(min_accepted, pred.shape[0])
    if fallback:
        keep = np.argsort(-ll, kind="stable")[: min(min_accepted, pred.shape[0])]
        ok = np.zeros(pred.shape[0], dtype=bool)
        ok[keep] = True
    w = ok.astype(np.float64)
    return Calibration(w / w.sum(), n_within, fallback, method)


def weighted_quantiles(values: FloatArray, weights: FloatArray, qs: list[float]) -> list[float]:
    """Quantiles of ``values`` under ``weights`` (linear interpolation of the weighted CDF)."""
    keep = weights > 0
    v, w = values[keep], weights[keep]
    order = np.argsort(v, kind="stable")
    v, w = v[order], w[order]
    cdf = (np.cumsum(w) - 0.5 * w) / w.sum()
    return [float(np.interp(q, cdf, v)) for q in qs]
