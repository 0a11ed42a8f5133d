"""Sampling parameter values: named random streams, then each parameter's inverse CDF.

Each parameter's uniforms come from its own stream (:mod:`swpolicy.streams`), keyed by the seed
and ``<prefix>/<parameter name>``: adding a parameter changes no other parameter's draws, and
any range of draws can be computed alone. :func:`latin_hypercube` remains for designs that are
generated whole (sensitivity analysis).
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
from numpy.typing import NDArray
from scipy.special import ndtri

from swpolicy.epi.schema import Param
from swpolicy.streams import uniforms

FloatArray = NDArray[np.float64]

_Z975 = 1.959963984540054


def latin_hypercube(n: int, k: int, rng: np.random.Generator) -> FloatArray:
    """Return an (n, k) Latin hypercube sample on (0, 1)."""
    if n < 1:
        raise ValueError("need at least one draw")
    strata = np.argsort(rng.random((k, n)), axis=1).T  # independent permutation per column
    return (strata + rng.random((n, k))) / n


def transform(param: Param, u: FloatArray) -> FloatArray:
    """Map uniform(0, 1) values to a parameter's distribution."""
    if param.dist == "fixed":
        return np.full(u.shape, param.value)
    assert param.low is not None and param.high is not None  # guaranteed by Param validation
    lo, hi = param.low, param.high
    if param.dist == "uniform":
        return np.asarray(lo + u * (hi - lo), dtype=np.float64)
    if param.dist == "loguniform":
        return np.asarray(np.exp(np.log(lo) + u * (np.log(hi) - np.log(lo))), dtype=np.float64)
    # lognormal: [low, high] is a 95% interval; the median is the point value.
    sigma = (np.log(hi) - np.log(lo)) / (2 * _Z975)
    return np.asarray(np.exp(np.log(param.value) + sigma * ndtri(u)), dtype=np.float64)


def sample(
    params: Mapping[str, Param], draws: NDArray[np.int64], seed: int, prefix: str
) -> dict[str, FloatArray]:
    """Values of every parameter at the given global draw indices; fixed ones are repeated."""
    return {
        name: transform(param, uniforms(seed, f"{prefix}/{name}", draws))
        for name, param in params.items()
    }


def point_values(params: Mapping[str, Param], n: int = 1) -> dict[str, FloatArray]:
    """Every parameter at its point value (for tests and single deterministic runs)."""
    return {name: np.full(n, p.value) for name, p in params.items()}
