"""Latin hypercube sampling of the model's parameters.

Each sampled parameter gets one stratified uniform column (Latin hypercube: exactly one draw in
each of ``n`` equal-probability strata, shuffled independently per parameter), which the one
inverse CDF of the package (`swpolicy.evidence.ppf`) maps to values. Parameters are visited in
sorted name order so a seed always gives the same draws, whatever order the YAML files list
them in. Making the uniforms (`latin_hypercube`) is kept apart from mapping them to values.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
from numpy.typing import NDArray

from swpolicy.evidence.quantity import Quantity
from swpolicy.evidence.sampling import ppf

FloatArray = NDArray[np.float64]


def latin_hypercube(n: int, k: int, rng: np.random.Generator) -> FloatArray:
    """Return an (n, k) Latin hypercube sample on (0, 1)."""
    if n < 1:
        raise ValueError("need at least one draw")
    strata = np.argsort(rng.random((k, n)), axis=1).T  # independent permutation per column
    return (strata + rng.random((n, k))) / n


def sample(params: Mapping[str, Quantity], n: int, seed: int | list[int]) -> dict[str, FloatArray]:
    """Draw ``n`` Latin hypercube samples of every parameter; fixed ones are repeated."""
    rng = np.random.default_rng(seed)
    names = sorted(params)
    u = latin_hypercube(n, len(names), rng)
    return {name: ppf(params[name], u[:, j]) for j, name in enumerate(names)}


def point_values(params: Mapping[str, Quantity], n: int = 1) -> dict[str, FloatArray]:
    """Every parameter at its estimate (for tests and single deterministic runs)."""
    return {name: np.full(n, p.estimate) for name, p in params.items()}
