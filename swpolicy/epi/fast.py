"""Compiled (numba) twin of :func:`swpolicy.epi.model.rhs` and its RK4 step.

The NumPy right-hand side in ``model.py`` is the reference; this module fuses the same
equations, in the same step order, into one compiled loop so that all temporaries stay in
registers and draws run in parallel on every core (``prange`` over draws, no Python loop).
``tests/epi/test_fast.py`` checks that both give the same trajectories to 1e-9.

If numba is not importable, :data:`AVAILABLE` is False and callers use the NumPy path.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from numpy.typing import NDArray

from swpolicy.epi import structure
from swpolicy.epi.model import ModelParams
from swpolicy.epi.structure import BRIDGE, C3, CLIENTS, CUM, N_FSW, N_GROUPS, N_STATES, A, L, S, T

FloatArray = NDArray[np.float64]
C1 = structure.C1  # where HIV-positive entrants arrive

try:
    from numba import njit, prange

    AVAILABLE = True
except ImportError:  # pragma: no cover - exercised only without numba
    AVAILABLE = False
    prange = range  # type: ignore[misc]  # pure-Python fallback: correct, slow


def _ramp(t: float, t0: float, t1: float) -> float:
    if t1 <= t0:
        return 1.0 if t >= t0 else 0.0
    return min(max((t - t0) / (t1 - t0), 0.0), 1.0)


def _deriv(t: float, y: Any, out: Any, d: int, a: tuple[Any, ...]) -> None:
    """Derivative of one draw's state ``y`` (groups, states + 1) into ``out``; as ``model.rhs``."""
    (exit_, prog, mort, infw, bmf, bfm, acts, bacts, bcond, eff, ce, cl, off, ocov, olor,
     ext, sti, ent, art_base, drop_r, qt, pi, cy0, cy1, ay0, ay1) = a  # fmt: skip
    n = np.empty(N_GROUPS)
    prevw = np.empty(N_GROUPS)
    unprot = np.empty(N_FSW)
    lam = np.empty(N_GROUPS)
    outflow = np.empty(N_GROUPS)
    # 1. sizes and infectiousness-weighted prevalence
    for g in range(N_GROUPS):
        tot = 0.0
        iw = 0.0
        for k in range(N_STATES):
            tot += y[g, k]
            if k >= A:
                iw += y[g, k] * infw[d, k - A]
        n[g] = tot
        prevw[g] = iw / max(tot, 1e-12)
    # 2. condom use by FSW stratum
    w = _ramp(t, cy0, cy1)
    icpt = (1.0 - w) * ce[d] + w * cl[d]
    for g in range(N_FSW):
        lg = icpt + off[d, g]
        base = 1.0 / (1.0 + np.exp(-lg))
        reached = 1.0 / (1.0 + np.exp(-(lg + olor[d])))
        unprot[g] = 1.0 - eff[d] * ((1.0 - ocov[d]) * base + ocov[d] * reached)
    b_unprot = 1.0 - eff[d] * bcond[d]
    # 3. force of infection
    from_fsw = 0.0
    for g in range(N_FSW):
        lam[g] = acts[d] * bmf[d] * sti[d] * prevw[CLIENTS] * unprot[g] + ext[d, g]
        from_fsw += n[g] * unprot[g] * prevw[g]
    from_bridge = n[BRIDGE] * bacts[d] * b_unprot * prevw[BRIDGE]
    lam[CLIENTS] = bfm[d] * (from_fsw * acts[d] * sti[d] + from_bridge) / max(n[CLIENTS], 1e-12)
    lam[BRIDGE] = bacts[d] * b_unprot * bmf[d] * prevw[CLIENTS]
    # 4-5. infection, progression, deaths, ART, exits
    art_r = _ramp(t, ay0, ay1)
    for g in range(N_GROUPS):
        for k in range(N_STATES + 1):
            out[g, k] = 0.0
        new = lam[g] * y[g, S]
        out[g, S] -= new
        out[g, A] += new
        out[g, CUM] = new
        for j in range(L - A):  # A->C1, C1->C2, C2->C3, C3->L
            f = y[g, A + j] * prog[d, j]
            out[g, A + j] -= f
            out[g, A + 1 + j] += f
        art_sum = 0.0
        leave = 0.0
        for k in range(N_STATES):
            a_k = y[g, k] * art_r * art_base[d, g, k]
            de = y[g, k] * mort[d, k]
            ex = y[g, k] * exit_[d, g]
            out[g, k] -= a_k + de + ex
            art_sum += a_k
            leave += de + ex
        drop = y[g, T] * drop_r[d]
        out[g, T] += art_sum - drop
        out[g, C3] += drop
        outflow[g] = leave
    fsw_out = 0.0
    for g in range(N_FSW):
        fsw_out += outflow[g]
    for g in range(N_FSW):
        out[g, S] += fsw_out * pi[d, g] * (1.0 - ent[d])
        out[g, C1] += fsw_out * pi[d, g] * ent[d]
    for g in range(N_FSW, N_GROUPS):
        out[g, S] += outflow[g]
    # 6. movement between FSW strata
    for j in range(N_FSW):
        for i in range(N_FSW):
            q = qt[d, j, i]
            if q != 0.0:
                for k in range(N_STATES):
                    out[j, k] += q * y[i, k]


def _advance(y: Any, t0: float, h: float, steps: int, a: tuple[Any, ...]) -> None:
    """Advance every draw of ``y`` (D, 10, 8) by ``steps`` RK4 steps of size ``h``, in place."""
    for d in prange(y.shape[0]):
        yd = y[d].copy()
        k1 = np.empty_like(yd)
        k2 = np.empty_like(yd)
        k3 = np.empty_like(yd)
        k4 = np.empty_like(yd)
        for i in range(steps):
            t = t0 + i * h
            _deriv(t, yd, k1, d, a)
            _deriv(t + h / 2, yd + (h / 2) * k1, k2, d, a)
            _deriv(t + h / 2, yd + (h / 2) * k2, k3, d, a)
            _deriv(t + h, yd + h * k3, k4, d, a)
            yd += (h / 6) * (k1 + 2 * k2 + 2 * k3 + k4)
        y[d] = yd


if AVAILABLE:
    _ramp = njit(cache=True)(_ramp)
    _deriv = njit(cache=True)(_deriv)
    _advance = njit(cache=True, parallel=True)(_advance)


def pack(p: ModelParams) -> tuple[Any, ...]:
    """The parameter arrays in the order ``_deriv`` unpacks them (contiguous float64)."""
    c = np.ascontiguousarray
    return (
        c(p.exit), c(p.prog), c(p.mort), c(p.infw), c(p.beta_mf), c(p.beta_fm),
        c(p.fsw_acts), c(p.bridge_acts), c(p.bridge_condom), c(p.efficacy), c(p.cond_early),
        c(p.cond_late), c(p.cond_offset), c(p.outreach_cov), c(p.outreach_lor), c(p.ext_foi),
        c(p.sti_mult), c(p.entrant_prev), c(p.art_base), c(p.art_dropout), c(p.qt), c(p.pi),
        float(p.condom_years[0]), float(p.condom_years[1]),
        float(p.art_years[0]), float(p.art_years[1]),
    )  # fmt: skip


def advance(y: FloatArray, t0: float, h: float, steps: int, packed: tuple[Any, ...]) -> None:
    """Advance ``y`` in place by ``steps`` RK4 steps (compiled when numba is available)."""
    _advance(y, t0, h, steps, packed)
