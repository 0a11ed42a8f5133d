"""Random-effects pooling of study-level ratios with statsmodels (DerSimonian–Laird).

Each study's log ratio is the effect and its standard error is read from the 95% CI:
``se = (log(high) - log(low)) / (2 * 1.96)``. `statsmodels.stats.meta_analysis.combine_effects`
does the pooling. Its ``"dl"`` estimator returns the untruncated moment estimate of tau², which
is negative when the studies vary less than chance alone would make them (Q < k - 1). The
DerSimonian–Laird estimator truncates tau² at zero, and with tau² = 0 the random-effects result
*is* the fixed-effect one, so in that case the fixed-effect row of the same statsmodels fit is
reported (and tau² and I² are reported as 0).
"""

from __future__ import annotations

import warnings
from dataclasses import asdict, dataclass

import numpy as np
from statsmodels.stats.meta_analysis import combine_effects  # type: ignore[import-untyped]

from swpolicy.errors import UsageError
from swpolicy.evidence.sampling import Z975
from swpolicy.evidence.schema import Entry


@dataclass(frozen=True)
class PoolResult:
    """A pooled ratio (back on the ratio scale) with its 95% CI and heterogeneity."""

    estimate: float
    ci_low: float
    ci_high: float
    tau2: float
    i2: float
    k: int
    method: str

    def as_dict(self) -> dict[str, float | int | str]:
        return asdict(self)


def pool(entry: Entry) -> PoolResult:
    """Pool an entry's `studies` on the log scale (random effects, DerSimonian–Laird)."""
    if not entry.studies or len(entry.studies) < 2:
        raise UsageError(f"{entry.id}: pooling needs at least two studies")
    estimates = np.array([float(s.estimate) for s in entry.studies])
    lows = np.array([float(s.ci[0]) for s in entry.studies])
    highs = np.array([float(s.ci[1]) for s in entry.studies])
    return pool_log_ratios(estimates, lows, highs)


def pool_log_ratios(estimates: np.ndarray, lows: np.ndarray, highs: np.ndarray) -> PoolResult:
    """Pool ratios given with 95% CIs (all arrays of the same length, all values positive)."""
    if np.any(estimates <= 0) or np.any(lows <= 0) or np.any(highs <= lows):
        raise UsageError("pooling needs positive ratios with 0 < ci low < ci high")
    effect = np.log(estimates)
    se = (np.log(highs) - np.log(lows)) / (2 * Z975)
    with warnings.catch_warnings():
        # statsmodels takes square roots of a negative tau² before we truncate it.
        warnings.simplefilter("ignore", RuntimeWarning)
        res = combine_effects(effect, se**2, method_re="dl", use_t=False)
    tau2 = float(res.tau2)
    if tau2 > 0:
        mean, sd = float(res.mean_effect_re), float(res.sd_eff_w_re)
        method = "random effects (DerSimonian-Laird)"
    else:
        mean, sd = float(res.mean_effect_fe), float(res.sd_eff_w_fe)
        tau2 = 0.0
        method = "random effects (DerSimonian-Laird, tau2 truncated at 0 = fixed effect)"
    low, high = mean - Z975 * sd, mean + Z975 * sd
    return PoolResult(
        estimate=float(np.exp(mean)),
        ci_low=float(np.exp(low)),
        ci_high=float(np.exp(high)),
        tau2=tau2,
        i2=max(0.0, float(res.i2)),
        k=len(effect),
        method=method,
    )
