"""Compartment layout and the movement of FSW between structural-exposure strata.

Layout of the state array ``y`` (shape ``(draws, groups, 8)``):

* groups 0-7: FSW strata, index ``4*outdoor + 2*violence + police`` (each 0/1);
  group 8: clients; group 9: clients' other partners (bridge; empty in concentrated settings).
* states: S (susceptible), A (acute), C1 (CD4>500), C2 (350-500), C3 (200-350), L (late, <200),
  T (on ART); slot 7 (CUM) is not a population but the cumulative count of new infections.

Exposures are "recent" states (e.g. sexual violence in the past year). FSW move in and out of
them as continuous-time Markov chains: work environment and police harassment independently;
violence with an incidence multiplied by an odds ratio while policed (Platt 2018). The
stationary distribution of the chain is used for entrants, so turnover does not disturb it.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

FloatArray = NDArray[np.float64]

S, A, C1, C2, C3, L, T, CUM = range(8)
N_STATES = 7  # population states; CUM is extra
STATE_NAMES = ("S", "A", "C1", "C2", "C3", "L", "T")
N_FSW = 8
CLIENTS = 8
BRIDGE = 9
N_GROUPS = 10

_g = np.arange(N_FSW)
OUTDOOR: FloatArray = ((_g >> 2) & 1).astype(np.float64)
VIOLENCE: FloatArray = ((_g >> 1) & 1).astype(np.float64)
POLICE: FloatArray = (_g & 1).astype(np.float64)
EXPOSURE_BIT = {"outdoor": 4, "violence": 2, "police": 1}


def stratum(outdoor: int, violence: int, police: int) -> int:
    """Index of the FSW stratum with the given exposures."""
    return 4 * outdoor + 2 * violence + police


def movement_generator(
    env_on: FloatArray,
    env_off: FloatArray,
    pol_on: FloatArray,
    pol_off: FloatArray,
    vio_on: FloatArray,
    vio_or_police: FloatArray,
    vio_off: FloatArray,
) -> FloatArray:
    """Generator ``Q`` (draws, 8, 8): ``Q[d, i, j]`` is the rate of moving from stratum i to j.

    All inputs have shape (draws,). ``vio_on`` is the violence incidence when not policed.
    """
    d = env_on.shape[0]
    q = np.zeros((d, N_FSW, N_FSW))
    for g in range(N_FSW):
        o, v, p = int(OUTDOOR[g]), int(VIOLENCE[g]), int(POLICE[g])
        q[:, g, g ^ 4] = env_off if o else env_on
        q[:, g, g ^ 1] = pol_off if p else pol_on
        q[:, g, g ^ 2] = vio_off if v else vio_on * (vio_or_police if p else 1.0)
    q[:, _g, _g] = -q.sum(axis=2)
    return q


def stationary(q: FloatArray) -> FloatArray:
    """Stationary distribution (draws, n) of generators ``q`` (draws, n, n), batched."""
    d, n, _ = q.shape
    a = np.transpose(q, (0, 2, 1)).copy()
    a[:, -1, :] = 1.0  # replace one balance equation by sum(pi) = 1
    b = np.zeros((d, n, 1))
    b[:, -1, 0] = 1.0
    pi = np.asarray(np.linalg.solve(a, b)[:, :, 0], dtype=np.float64)
    return np.clip(pi, 0.0, None)


def expit(x: FloatArray) -> FloatArray:
    """Logistic function."""
    out: FloatArray = 1.0 / (1.0 + np.exp(-x))
    return out


def solve_intercept(
    target: FloatArray, weights: FloatArray, offsets: FloatArray, iters: int = 60
) -> FloatArray:
    """Find ``a`` (draws,) with ``sum_g weights * expit(a + offsets) == target`` by bisection.

    Used to turn a setting's average condom use into stratum-specific use given odds ratios.
    """
    lo = np.full(target.shape, -30.0)
    hi = np.full(target.shape, 30.0)
    for _ in range(iters):
        mid = 0.5 * (lo + hi)
        too_high = (weights * expit(mid[:, None] + offsets)).sum(axis=1) > target
        hi = np.where(too_high, mid, hi)
        lo = np.where(too_high, lo, mid)
    return np.asarray(0.5 * (lo + hi), dtype=np.float64)
