"""Sampling parameter values: named random streams, then each parameter's inverse CDF
(the one of the package, `swpolicy.evidence.ppf`).

Each parameter's uniforms come from its own stream (:mod:`swpolicy.streams`), keyed by the seed
and ``<prefix>/<parameter name>``: adding a parameter changes no other parameter's draws, and
any range of draws can be computed alone.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
from numpy.typing import NDArray

from swpolicy.evidence.quantity import Quantity
from swpolicy.evidence.sampling import ppf
from swpolicy.streams import uniforms

FloatArray = NDArray[np.float64]


def sample(
    params: Mapping[str, Quantity], draws: NDArray[np.int64], seed: int, prefix: str
) -> dict[str, FloatArray]:
    """Values of every parameter at the given global draw indices; fixed ones are repeated."""
    return {
        name: ppf(param, uniforms(seed, f"{prefix}/{name}", draws))
        for name, param in params.items()
    }


def point_values(params: Mapping[str, Quantity], n: int = 1) -> dict[str, FloatArray]:
    """Every parameter at its point value (for tests and single deterministic runs)."""
    return {name: np.full(n, p.estimate) for name, p in params.items()}
