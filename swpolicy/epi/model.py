"""The compartmental HIV model: right-hand side, fixed-step RK4 integrator, initial state.

Step order inside :func:`rhs` (one evaluation, all draws at once):

1. population sizes and infectiousness-weighted prevalence per group;
2. condom use per FSW stratum at time ``t`` (setting trend + exposure odds ratios + outreach);
3. force of infection: FSW from clients (plus a force from outside commercial sex: injection
   and other partners, by stratum), clients from FSW and from the bridge population, bridge
   from clients; client acts are balanced on FSW supply; acts between FSW and clients carry
   the STI co-factor;
4. new infections, HIV progression, HIV deaths, ART initiation and dropout;
5. exits from each population and entries that replace exits and deaths (constant sizes);
   a fraction of FSW entrants is already living with HIV (enters in C1);
6. movement of FSW between exposure strata.

Arrays are ``(draws, groups, states)``; there is no Python loop over draws.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, fields, replace
from typing import Literal

import numpy as np
from numpy.typing import NDArray

from swpolicy.epi.structure import (
    BRIDGE,
    C1,
    C3,
    CLIENTS,
    CUM,
    N_FSW,
    N_GROUPS,
    N_STATES,
    A,
    L,
    S,
    T,
    expit,
)

FloatArray = NDArray[np.float64]
Backend = Literal["auto", "numpy", "numba"]


@dataclass(frozen=True)
class ModelParams:
    """Per-draw model inputs, already converted to rates; every array has draws first."""

    n0: FloatArray  # (D, G) initial (and constant) population sizes
    seed_prev: FloatArray  # (D,) HIV prevalence among FSW and clients at the start
    exit: FloatArray  # (D, G) exit rates (1 / duration in the population)
    prog: FloatArray  # (D, 4) progression rates A->C1, C1->C2, C2->C3, C3->L
    mort: FloatArray  # (D, 7) HIV mortality by state
    infw: FloatArray  # (D, 6) relative infectiousness of states A..T
    beta_mf: FloatArray  # (D,) per-act transmission probability, male to female
    beta_fm: FloatArray  # (D,)
    fsw_acts: FloatArray  # (D,) acts with clients per FSW per year
    bridge_acts: FloatArray  # (D,) acts per bridge person per year (with clients)
    bridge_condom: FloatArray  # (D,)
    efficacy: FloatArray  # (D,) condom efficacy per act
    cond_early: FloatArray  # (D,) condom log-odds intercept at condom_years[0]
    cond_late: FloatArray  # (D,) ... at condom_years[1]
    cond_offset: FloatArray  # (D, 8) log-odds offsets by FSW stratum (exposure ORs)
    outreach_cov: FloatArray  # (D,) fraction of FSW reached by outreach
    outreach_lor: FloatArray  # (D,) log odds ratio of condom use if reached
    ext_foi: FloatArray  # (D, 8) force of infection on FSW from outside commercial sex, by stratum
    sti_mult: FloatArray  # (D,) per-act multiplier on FSW-client transmission from STI co-infection
    entrant_prev: FloatArray  # (D,) fraction of FSW entrants already living with HIV
    art_base: FloatArray  # (D, G, 7) ART initiation rates once ART is fully available
    art_dropout: FloatArray  # (D,)
    qt: FloatArray  # (D, 8, 8) transposed movement generator between FSW strata
    pi: FloatArray  # (D, 8) exposure distribution of FSW entrants
    condom_years: tuple[float, float]
    art_years: tuple[float, float]

    @property
    def draws(self) -> int:
        """Number of draws."""
        return int(self.n0.shape[0])

    def select(self, idx: NDArray[np.int64] | NDArray[np.bool_]) -> ModelParams:
        """The same parameters restricted to some draws."""
        changes = {
            f.name: getattr(self, f.name)[idx]
            for f in fields(self)
            if isinstance(getattr(self, f.name), np.ndarray)
        }
        return replace(self, **changes)


def _ramp(t: float, years: tuple[float, float]) -> float:
    """0 before years[0], 1 after years[1], linear in between."""
    t0, t1 = years
    if t1 <= t0:
        return float(t >= t0)
    return min(max((t - t0) / (t1 - t0), 0.0), 1.0)


def condom_use(t: float, p: ModelParams) -> FloatArray:
    """Fraction of client acts protected, by FSW stratum (D, 8), at time ``t``.

    The setting's log-odds intercept is interpolated between its two survey years (constant
    outside them); exposure odds ratios shift it per stratum; outreach raises the odds for the
    covered fraction.
    """
    w = _ramp(t, p.condom_years)
    logit = ((1 - w) * p.cond_early + w * p.cond_late)[:, None] + p.cond_offset
    base = expit(logit)
    reached = expit(logit + p.outreach_lor[:, None])
    cov = p.outreach_cov[:, None]
    out: FloatArray = (1 - cov) * base + cov * reached
    return out


def force_of_infection(t: float, pop: FloatArray, p: ModelParams) -> FloatArray:
    """Force of infection (D, G) given population states ``pop`` (D, G, 7)."""
    n = pop.sum(axis=2)
    n_safe = np.maximum(n, 1e-12)
    prevw = np.einsum("dgk,dk->dg", pop[:, :, A:], p.infw) / n_safe
    unprot = 1.0 - p.efficacy[:, None] * condom_use(t, p)  # (D, 8)
    b_unprot = 1.0 - p.efficacy * p.bridge_condom
    lam = np.empty_like(n)
    risk = p.fsw_acts * p.beta_mf * p.sti_mult * prevw[:, CLIENTS]
    lam[:, :N_FSW] = risk[:, None] * unprot + p.ext_foi
    from_fsw = (n[:, :N_FSW] * unprot * prevw[:, :N_FSW]).sum(axis=1) * p.fsw_acts * p.sti_mult
    from_bridge = n[:, BRIDGE] * p.bridge_acts * b_unprot * prevw[:, BRIDGE]
    lam[:, CLIENTS] = p.beta_fm * (from_fsw + from_bridge) / n_safe[:, CLIENTS]
    lam[:, BRIDGE] = p.bridge_acts * b_unprot * p.beta_mf * prevw[:, CLIENTS]
    return np.asarray(lam, dtype=np.float64)


def demography(t: float, y: FloatArray, p: ModelParams) -> dict[str, FloatArray]:
    """Entries, exits and HIV deaths per group (each (D, G)); for checks of conservation."""
    pop = y[:, :, :CUM]
    exits = (pop * p.exit[:, :, None]).sum(axis=2)
    deaths = (pop * p.mort[:, None, :]).sum(axis=2)
    out = exits + deaths
    entries = np.empty_like(out)
    entries[:, :N_FSW] = out[:, :N_FSW].sum(axis=1, keepdims=True) * p.pi  # S and C1 together
    entries[:, N_FSW:] = out[:, N_FSW:]
    return {"entries": entries, "exits": exits, "deaths": deaths}


def rhs(t: float, y: FloatArray, p: ModelParams) -> FloatArray:
    """Time derivative of the state ``y`` (D, G, 8); see the module docstring for step order."""
    pop = y[:, :, :CUM]
    dy = np.zeros_like(y)
    new = force_of_infection(t, pop, p) * pop[:, :, S]
    dy[:, :, S] -= new
    dy[:, :, A] += new
    dy[:, :, CUM] = new
    prog = pop[:, :, A:L] * p.prog[:, None, :]
    dy[:, :, A:L] -= prog
    dy[:, :, C1 : L + 1] += prog
    art = pop * (_ramp(t, p.art_years) * p.art_base)
    drop = pop[:, :, T] * p.art_dropout[:, None]
    deaths = pop * p.mort[:, None, :]
    exits = pop * p.exit[:, :, None]
    dy[:, :, :CUM] -= art + deaths + exits
    dy[:, :, T] += art.sum(axis=2) - drop
    dy[:, :, C3] += drop
    out = (deaths + exits).sum(axis=2)
    fsw_in = out[:, :N_FSW].sum(axis=1, keepdims=True) * p.pi
    positive = p.entrant_prev[:, None]
    dy[:, :N_FSW, S] += fsw_in * (1 - positive)
    dy[:, :N_FSW, C1] += fsw_in * positive
    dy[:, N_FSW:, S] += out[:, N_FSW:]
    dy[:, :N_FSW, :CUM] += np.matmul(p.qt, pop[:, :N_FSW, :])
    return dy


def initial_state(p: ModelParams) -> FloatArray:
    """State at the start year: FSW spread over strata as entrants are, seeded with HIV in C1."""
    y = np.zeros((p.draws, N_GROUPS, N_STATES + 1))
    sizes = p.n0.copy()
    sizes[:, :N_FSW] = p.n0[:, :N_FSW].sum(axis=1, keepdims=True) * p.pi
    seed = p.seed_prev[:, None] * sizes
    seed[:, BRIDGE] = 0.0  # the bridge population is infected only through the model
    y[:, :, S] = sizes - seed
    y[:, :, C1] = seed
    return y


@dataclass(frozen=True)
class Trajectory:
    """Integration result: final state and FSW/client HIV prevalence at the recorded times."""

    y: FloatArray
    times: FloatArray
    fsw_prev: FloatArray  # (D, n_times)
    client_prev: FloatArray  # (D, n_times)
    strata: FloatArray  # (D, 8, n_times) FSW in each exposure stratum
    infections: FloatArray  # (D, n_times) cumulative new infections among FSW and clients


def prevalence(y: FloatArray) -> tuple[FloatArray, FloatArray]:
    """HIV prevalence among all FSW and among clients, each (D,)."""
    pop = y[:, :, :CUM]
    fsw = pop[:, :N_FSW].sum(axis=1)
    cli = pop[:, CLIENTS]
    f_prev: FloatArray = 1.0 - fsw[:, S] / np.maximum(fsw.sum(axis=1), 1e-12)
    c_prev: FloatArray = 1.0 - cli[:, S] / np.maximum(cli.sum(axis=1), 1e-12)
    return f_prev, c_prev


def integrate(
    p: ModelParams,
    y0: FloatArray,
    t0: float,
    t1: float,
    dt: float = 1.0 / 12,
    record_every: float = 0.5,
    on_step: Callable[[int], None] | None = None,
    backend: Backend = "auto",
) -> Trajectory:
    """Integrate from ``t0`` to ``t1`` with classical RK4 at a fixed step close to ``dt``.

    Prevalence is recorded every ``record_every`` years (and at ``t0`` and ``t1``).
    ``on_step(k)`` is called after every ``k`` steps (used for progress bars). ``backend``
    "numpy" uses :func:`rhs`; "numba" its compiled twin in ``fast.py`` (same equations, draws
    in parallel); "auto" picks numba when it is installed.
    """
    from swpolicy.epi import fast  # local import: fast imports this module

    use_fast = backend == "numba" or (backend == "auto" and fast.AVAILABLE)
    n = max(1, round((t1 - t0) / dt))
    h = (t1 - t0) / n
    rec = max(1, round(record_every / h))
    y = np.array(y0, dtype=np.float64, copy=True)
    packed = fast.pack(p) if use_fast else None
    times = [t0]
    f0, c0 = prevalence(y)
    fp, cp = [f0], [c0]
    strata = [y[:, :N_FSW, :CUM].sum(axis=2)]
    cum = [y[:, : CLIENTS + 1, CUM].sum(axis=1)]
    done = 0
    while done < n:
        steps = min(rec, n - done)
        if packed is not None:
            fast.advance(y, t0 + done * h, h, steps, packed)
        else:
            for i in range(done, done + steps):
                y = _rk4_step(t0 + i * h, h, y, p)
        done += steps
        times.append(t0 + done * h)
        f, c = prevalence(y)
        fp.append(f)
        cp.append(c)
        strata.append(y[:, :N_FSW, :CUM].sum(axis=2))
        cum.append(y[:, : CLIENTS + 1, CUM].sum(axis=1))
        if on_step is not None:
            on_step(steps)
    return Trajectory(
        y,
        np.array(times),
        np.stack(fp, axis=1),
        np.stack(cp, axis=1),
        np.stack(strata, axis=2),
        np.stack(cum, axis=1),
    )


def _rk4_step(t: float, h: float, y: FloatArray, p: ModelParams) -> FloatArray:
    """One classical Runge-Kutta step of size ``h``."""
    k1 = rhs(t, y, p)
    k2 = rhs(t + h / 2, y + (h / 2) * k1, p)
    k3 = rhs(t + h / 2, y + (h / 2) * k2, p)
    k4 = rhs(t + h, y + h * k3, p)
    out: FloatArray = y + (h / 6) * (k1 + 2 * k2 + 2 * k3 + k4)
    return out
