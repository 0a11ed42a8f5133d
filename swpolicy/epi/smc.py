"""Adaptive likelihood-tempered sequential Monte Carlo over standard-normal coordinates.

The posterior of a model's uncertain inputs given its calibration targets is sampled in the
space ``z`` where every input's prior is an independent N(0, 1) (the engine maps ``z`` to each
input through the normal CDF and that input's own inverse CDF, so the priors are exactly the
declared ones). The sampler is the tempering SMC of Del Moral, Doucet & Jasra (2006) with the
adaptive choice of temperatures of Jasra et al. (2011), as implemented by ``AdaptiveTempering``
in N. Chopin's ``particles`` (Chopin & Papaspiliopoulos 2020, ch. 17), written out here because
that library pins numpy < 2:

1. ``N`` particles from the prior (the engine's named-stream draws ``0 .. N - 1``);
2. the next temperature is the largest that keeps the effective sample size of the incremental
   weights at ``ess_ratio * N`` (bisection), so hard data get more, smaller steps;
3. systematic resampling, then random-walk Metropolis moves of all particles at once (one
   vectorised model call per move) with the particles' covariance as proposal, its scale
   adapted to the acceptance rate, and as many moves as it takes for most particles to move;
4. at temperature 1 the particles are moved again (``final_moves`` rounds at least) and are an
   equally weighted posterior sample.

Every random number comes from one ``numpy.random.Generator`` seeded with the run's seed, and
the model is evaluated on whole particle arrays (in any chunks: its draws are independent), so
the same seed gives the same posterior bit for bit.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
from numpy.typing import NDArray

FloatArray = NDArray[np.float64]
IndexArray = NDArray[np.int64]
Payload = dict[str, FloatArray]  # per-particle outputs carried along (first axis: particle)
LogLik = Callable[[FloatArray], tuple[FloatArray, Payload]]


@dataclass(frozen=True)
class Options:
    """Tuning of the sampler (the defaults are the platform's)."""

    particles: int = 1600
    ess_ratio: float = 0.5  # ESS kept at each tempering step, as a share of the particles
    moved_share: float = 0.6  # moves per step until about this share of particles has moved
    max_moves: int = 3  # per tempering step
    final_moves: int = 6  # rounds of moves at temperature 1, at least
    max_stages: int = 60


@dataclass(frozen=True)
class Result:
    """An equally weighted posterior sample and how the sampler got there."""

    z: FloatArray  # (N, k) standard-normal coordinates of the posterior particles
    loglik: FloatArray  # (N,)
    payload: Payload  # the model's per-particle outputs at ``z``
    ess: float  # effective sample size of the final sample (distinct particles, see `distinct`)
    temperatures: list[float] = field(default_factory=list)
    ess_history: list[float] = field(default_factory=list)  # ESS before each resampling
    acceptance: list[float] = field(default_factory=list)  # mean acceptance of each step's moves
    moves: list[int] = field(default_factory=list)  # moves made at each step
    evaluations: int = 0  # model evaluations (particles x calls)
    log_evidence: float = 0.0  # log marginal likelihood estimate (sum of log mean weights)

    @property
    def reached(self) -> bool:
        """True when the tempering reached the posterior (temperature 1)."""
        return bool(self.temperatures) and self.temperatures[-1] >= 1.0


def kish_ess(logw: FloatArray) -> float:
    """Kish's effective sample size of (log) importance weights."""
    finite = np.isfinite(logw)
    if not finite.any():
        return 0.0
    w = np.exp(logw[finite] - logw[finite].max())
    return float(w.sum() ** 2 / (w**2).sum())


def distinct(z: FloatArray) -> float:
    """Effective sample size of an equally weighted sample that may repeat particles: Kish's
    ESS after merging copies (a particle held k times has weight k/N)."""
    _, counts = np.unique(z, axis=0, return_counts=True)
    return float(counts.sum() ** 2 / (counts.astype(np.float64) ** 2).sum())


def next_temperature(ll: FloatArray, current: float, target_ess: float) -> float:
    """The largest temperature in (current, 1] whose incremental weights keep ``target_ess``."""
    if kish_ess((1.0 - current) * ll) >= target_ess:
        return 1.0
    lo, hi = 0.0, 1.0 - current
    for _ in range(60):  # bisection to ~1e-18 of the remaining range
        mid = (lo + hi) / 2
        if kish_ess(mid * ll) >= target_ess:
            lo = mid
        else:
            hi = mid
    return current + max(lo, 1e-12)


def systematic(logw: FloatArray, rng: np.random.Generator) -> IndexArray:
    """Systematic resampling: indices of N particles drawn in proportion to the weights."""
    w = np.exp(logw - logw.max())
    cdf = np.cumsum(w / w.sum())
    cdf[-1] = 1.0
    n = len(logw)
    u = (rng.random() + np.arange(n)) / n
    out: IndexArray = np.searchsorted(cdf, u).astype(np.int64)
    return out


def _take(payload: Payload, idx: IndexArray) -> Payload:
    return {k: v[idx] for k, v in payload.items()}


def _put(payload: Payload, new: Payload, mask: NDArray[np.bool_]) -> Payload:
    out = {}
    for k, v in payload.items():
        merged = v.copy()
        merged[mask] = new[k][mask]
        out[k] = merged
    return out


@dataclass
class _Chain:
    """The particles during the run (mutable working state)."""

    z: FloatArray
    ll: FloatArray
    payload: Payload
    evaluations: int = 0


def _move(
    chain: _Chain,
    loglik: LogLik,
    temperature: float,
    rng: np.random.Generator,
    scale: float,
    rounds: tuple[int, int],
    moved_share: float,
) -> tuple[float, float, int]:
    """Random-walk Metropolis moves of every particle at ``temperature``.

    Returns the mean acceptance, the adapted proposal scale and the number of moves made. Moves
    repeat until ``moved_share`` of the particles has moved at least once (between ``rounds``).
    """
    n, k = chain.z.shape
    cov = np.atleast_2d(np.cov(chain.z, rowvar=False)) + 1e-9 * np.eye(k)
    chol = np.linalg.cholesky(cov)
    moved = np.zeros(n, dtype=bool)
    rates: list[float] = []
    done = 0
    while done < rounds[1]:
        proposal = chain.z + scale * rng.standard_normal((n, k)) @ chol.T
        ll_new, pay_new = loglik(proposal)
        chain.evaluations += n
        log_ratio = temperature * (ll_new - chain.ll) - 0.5 * (
            (proposal**2).sum(axis=1) - (chain.z**2).sum(axis=1)
        )
        log_ratio = np.where(np.isfinite(ll_new), log_ratio, -np.inf)
        accept = np.log(rng.random(n)) < log_ratio
        chain.z = np.where(accept[:, None], proposal, chain.z)
        chain.ll = np.where(accept, ll_new, chain.ll)
        chain.payload = _put(chain.payload, pay_new, accept)
        moved |= accept
        rate = float(accept.mean())
        rates.append(rate)
        # Keep the acceptance near the random-walk optimum (~0.23-0.3, Roberts et al. 1997).
        scale *= float(np.exp(rate - 0.25))
        done += 1
        if done >= rounds[0] and moved.mean() >= moved_share:
            break
    return float(np.mean(rates)), scale, done


def tempered_smc(
    loglik: LogLik, z0: FloatArray, rng: np.random.Generator, options: Options | None = None
) -> Result:
    """Sample the posterior proportional to N(z; 0, I) x exp(loglik(z)) from prior draws ``z0``.

    ``loglik`` maps a (n, k) array of particles to their log-likelihoods (n,) and the model's
    per-particle outputs; a non-finite log-likelihood is a particle the model could not run.
    """
    opts = options or Options()
    n, k = z0.shape
    ll, payload = loglik(z0)
    chain = _Chain(np.array(z0, dtype=np.float64), ll, payload, n)
    scale = 2.38 / np.sqrt(max(k, 1))
    temps, ess_hist, acc_hist, move_hist = [0.0], [], [], []
    log_evidence, lam = 0.0, 0.0
    for _ in range(opts.max_stages):
        if not np.isfinite(chain.ll).any():
            break
        nxt = next_temperature(chain.ll, lam, opts.ess_ratio * n)
        logw = (nxt - lam) * chain.ll
        finite = np.isfinite(logw)
        top = logw[finite].max()
        log_evidence += float(top + np.log(np.exp(logw[finite] - top).sum() / n))
        ess_hist.append(kish_ess(logw))
        lam = nxt
        temps.append(lam)
        idx = systematic(np.where(finite, logw, -np.inf), rng)
        chain.z, chain.ll = chain.z[idx], chain.ll[idx]
        chain.payload = _take(chain.payload, idx)
        rounds = (
            (opts.final_moves, max(opts.final_moves, opts.max_moves))
            if lam >= 1
            else (
                1,
                opts.max_moves,
            )
        )
        rate, scale, made = _move(chain, loglik, lam, rng, scale, rounds, opts.moved_share)
        acc_hist.append(rate)
        move_hist.append(made)
        if lam >= 1.0:
            break
    return Result(
        z=chain.z,
        loglik=chain.ll,
        payload=chain.payload,
        ess=distinct(chain.z),
        temperatures=temps,
        ess_history=ess_hist,
        acceptance=acc_hist,
        moves=move_hist,
        evaluations=chain.evaluations,
        log_evidence=log_evidence,
    )
