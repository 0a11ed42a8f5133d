"""The one inverse CDF of a `Quantity`: uniform numbers in [0, 1] -> values.

Every sampled number in the package (evidence entries, epidemic parameters, the law-to-model
mapping) goes through `ppf`; where the uniforms come from (a Latin hypercube, named random
streams) is the caller's business. How each distribution reads `estimate` and `ci`:

* ``lognormal``: median = estimate, and ``ci`` is a central 95% interval on the log scale
  (sigma = log(high / low) / (2 * 1.96)). Published ratio CIs are symmetric on the log scale up
  to rounding, so the 2.5% and 97.5% quantiles reproduce the published CI.
* ``beta``: mean = estimate and standard deviation = (high - low) / (2 * 1.96) (method of
  moments), so the central 95% interval approximately reproduces ``ci``.
* ``uniform``: ``ci`` is the support [low, high].
* ``loguniform``: ``ci`` is the support, and the log of the value is uniform on it.
* ``triangular``: ``ci`` is the support and the estimate is the mode.
* ``fixed``: every draw is the estimate.

All functions are vectorised and deterministic: the same ``u`` always gives the same values.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike, NDArray
from scipy import stats
from scipy.special import ndtri

from swpolicy.errors import UsageError
from swpolicy.evidence.quantity import Quantity

FloatArray = NDArray[np.float64]
Z975 = 1.959963984540054


def lognormal_params(estimate: float, low: float, high: float) -> tuple[float, float]:
    """(mu, sigma) of the log of a lognormal with median `estimate` and 95% interval [low, high]."""
    return float(np.log(estimate)), float((np.log(high) - np.log(low)) / (2 * Z975))


def beta_params(mean: float, low: float, high: float) -> tuple[float, float]:
    """(alpha, beta) of the beta with this mean and a 95% interval as wide as [low, high].

    Raises ValueError when the interval is too wide for any beta with this mean.
    """
    sd = (high - low) / (2 * Z975)
    var = sd * sd
    if not 0.0 < mean < 1.0 or var <= 0.0 or var >= mean * (1.0 - mean):
        raise ValueError(
            f"no beta distribution has mean {mean} and a 95% interval of width {high - low:g}; "
            "narrow the interval or use `uniform`"
        )
    common = mean * (1.0 - mean) / var - 1.0
    return mean * common, (1.0 - mean) * common


def ppf(quantity: Quantity, u: ArrayLike) -> FloatArray:
    """Map uniform [0, 1] numbers to the quantity's distribution (its inverse CDF)."""
    q = np.asarray(u, dtype=np.float64)
    if np.any(~np.isfinite(q)) or np.any(q < 0.0) or np.any(q > 1.0):
        raise UsageError("uniform draws must lie in [0, 1]")
    est, lo, hi = float(quantity.estimate), quantity.low, quantity.high
    kind = quantity.distribution
    if kind == "fixed":
        return np.full(q.shape, est, dtype=np.float64)
    if kind == "uniform":
        return np.asarray(lo + q * (hi - lo), dtype=np.float64)
    if kind == "loguniform":
        log_lo, log_hi = np.log(lo), np.log(hi)
        return np.asarray(np.exp(log_lo + q * (log_hi - log_lo)), dtype=np.float64)
    if kind == "triangular":
        c = 0.5 if hi == lo else (est - lo) / (hi - lo)
        values = stats.triang.ppf(q, c, loc=lo, scale=hi - lo)
        return np.asarray(values, dtype=np.float64)
    if kind == "lognormal":
        mu, sigma = lognormal_params(est, lo, hi)
        with np.errstate(divide="ignore"):
            return np.asarray(np.exp(mu + sigma * ndtri(q)), dtype=np.float64)
    a, b = beta_params(est, lo, hi)
    return np.asarray(stats.beta.ppf(q, a, b), dtype=np.float64)


def check_distribution(quantity: Quantity) -> str | None:
    """Why the quantity's distribution cannot represent its numbers, or None when it can."""
    est, lo, hi = float(quantity.estimate), quantity.low, quantity.high
    kind = quantity.distribution
    if kind == "lognormal" and (lo <= 0 or est <= 0 or hi <= lo):
        return "a lognormal needs 0 < ci low < ci high and a positive estimate"
    if kind == "loguniform" and (lo <= 0 or hi <= lo):
        return "a loguniform needs 0 < ci low < ci high"
    if kind == "beta":
        if not (0 <= lo < hi <= 1):
            return "a beta needs 0 <= ci low < ci high <= 1"
        try:
            beta_params(est, lo, hi)
        except ValueError as exc:
            return str(exc)
    if kind in ("uniform", "triangular") and hi <= lo:
        return f"a {kind} distribution needs ci low < ci high"
    return None
