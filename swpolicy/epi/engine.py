"""The compartmental HIV model as an :class:`swpolicy.engine.Engine`.

Everything that knows the compartment layout (``structure.py`` indices, ``ModelParams``,
``Trajectory.strata``) stays here: callers get per-draw counts and yearly paths keyed by metric
id. Parameters are drawn from named random streams (:mod:`swpolicy.streams`), one per input and
keyed by the setting's name, so draw ``i`` is the same whichever chunk computes it.

The engine's uncertain inputs are addressed in standard-normal coordinates ``z`` (one column per
parameter whose distribution is not ``fixed``): a value is the parameter's inverse CDF at
``Phi(z)``, so N(0, 1) coordinates are exactly the declared priors, and prior draw ``i`` is
``Phi^-1`` of its named-stream uniform. Calibration samples the posterior in that space.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache

import numpy as np
from scipy.special import ndtr, ndtri

from swpolicy.engine import Fit as FitResult
from swpolicy.engine import FloatArray, IndexArray, Outcomes, Segment, State
from swpolicy.epi.build import MODIFIABLE, build_params, eliminate_in_state
from swpolicy.epi.calibrate import predictions
from swpolicy.epi.model import ModelParams, Trajectory, initial_state, integrate
from swpolicy.epi.schema import Common, Param, Scenario, Setting, load_common, load_scenarios
from swpolicy.epi.structure import CLIENTS, CUM, N_FSW, OUTDOOR, POLICE, VIOLENCE, S, T
from swpolicy.evidence.sampling import ppf
from swpolicy.streams import uniforms

DT = 1.0 / 12  # RK4 step (years): one month
VIOLENCE_BIT, POLICE_BIT = 2, 1


@lru_cache(maxsize=1)
def _common() -> Common:
    return load_common()


@lru_cache(maxsize=1)
def _scenarios() -> dict[str, Scenario]:
    return dict(load_scenarios().scenarios)


def parameters(setting: Setting, common: Common | None = None) -> dict[str, Param]:
    """Common parameters overridden by the setting's."""
    return {**(common or _common()).parameters, **setting.parameters}


RECORD = 0.25  # years between recorded points of the status-quo paths of a fit
U_EDGE = 1e-12  # Phi(z) is kept this far from 0 and 1 (inverse CDFs of unbounded priors)


def uncertain(setting: Setting) -> tuple[str, ...]:
    """The setting's uncertain parameters: one standard-normal coordinate each, in this order."""
    return tuple(n for n, p in parameters(setting).items() if p.distribution != "fixed")


def prior_coordinates(setting: Setting, seed: int, draws: IndexArray) -> FloatArray:
    """Standard-normal coordinates (n, k) of prior draws, each input from its named stream."""
    names = uncertain(setting)
    prefix = f"epi/{setting.name}"
    cols = [ndtri(uniforms(seed, f"{prefix}/{name}", draws)) for name in names]
    return np.column_stack(cols) if cols else np.zeros((len(draws), 0))


def parameter_values(setting: Setting, z: FloatArray) -> dict[str, FloatArray]:
    """Parameter values of the rows of ``z``: each prior's inverse CDF at ``Phi(z)``."""
    params = parameters(setting)
    names = uncertain(setting)
    if z.ndim != 2 or z.shape[1] != len(names):
        raise ValueError(f"expected coordinates of shape (n, {len(names)}), not {z.shape}")
    u = np.clip(ndtr(z), U_EDGE, 1 - U_EDGE)
    col = {name: j for j, name in enumerate(names)}
    n = z.shape[0]
    return {
        name: ppf(p, u[:, col[name]]) if name in col else np.full(n, float(p.estimate))
        for name, p in params.items()
    }


def draw_parameters(setting: Setting, seed: int, draws: IndexArray) -> dict[str, FloatArray]:
    """Parameter values of the given prior draws (each input from its own named stream)."""
    return parameter_values(setting, prior_coordinates(setting, seed, draws))


@dataclass(frozen=True)
class CompartmentState:
    """Calibrated draws at the projection start: their parameters and compartments."""

    setting: Setting
    draws: IndexArray
    t0: float
    x: Mapping[str, FloatArray]
    y: FloatArray

    def select(self, idx: IndexArray) -> CompartmentState:
        return replace(
            self, draws=self.draws[idx], x={k: v[idx] for k, v in self.x.items()}, y=self.y[idx]
        )


def _flows(traj: Trajectory, p: ModelParams, bit: int) -> FloatArray:
    """Episodes of entering an exposure state over the trajectory, (D,), trapezoid rule."""
    groups = [g for g in range(N_FSW) if not g & bit]
    # qt[d, j, i] is the rate from stratum i to j.
    rates = np.stack([p.qt[:, g | bit, g] for g in groups], axis=1)  # (D, k)
    flow = (traj.strata[:, groups, :] * rates[:, :, None]).sum(axis=1)  # (D, n_times)
    out: FloatArray = np.trapezoid(flow, traj.times, axis=1)
    return out


def _cumulative_flows(traj: Trajectory, p: ModelParams, bit: int) -> FloatArray:
    """Episodes of entering an exposure state from the trajectory's start to each recorded time,
    (D, n_times), by the same trapezoid rule as `_flows` (its last column is `_flows`)."""
    groups = [g for g in range(N_FSW) if not g & bit]
    rates = np.stack([p.qt[:, g | bit, g] for g in groups], axis=1)
    flow = (traj.strata[:, groups, :] * rates[:, :, None]).sum(axis=1)
    steps = 0.5 * (flow[:, 1:] + flow[:, :-1]) * np.diff(traj.times)[None, :]
    out: FloatArray = np.concatenate([np.zeros((flow.shape[0], 1)), np.cumsum(steps, axis=1)], 1)
    return out


def _scale_market(y: FloatArray, factor: FloatArray) -> FloatArray:
    """A market-size change scales the number of FSW and clients (not the cumulative count)."""
    out = y.copy()
    out[:, : CLIENTS + 1, :CUM] *= factor[:, None, None]
    return out


def _infected(y: FloatArray) -> FloatArray:
    out: FloatArray = y[:, : CLIENTS + 1, CUM].sum(axis=1)
    return out


class Compartmental:
    """FSW in 8 exposure strata, clients and an optional bridge population (see ``model``)."""

    name: str = "compartmental"
    determinants: tuple[str, ...] = (*MODIFIABLE, "market")
    outputs: tuple[str, ...] = (
        "hiv_infections",
        "violence_incidents",
        "arrests",
        "art_coverage",
        "fsw_start",
        "fsw_end",
    )
    series: tuple[str, ...] = (
        "fsw_prevalence",
        "client_prevalence",
        "hiv_infections",
        "fsw",
        "violence_incidents",
        "arrests",
    )

    def __init__(self, dt: float = DT) -> None:
        self.dt = dt

    def __reduce__(self) -> tuple[type[Compartmental], tuple[float]]:
        return (Compartmental, (self.dt,))

    def _burn(self, setting: Setting, x: Mapping[str, FloatArray], t0: float) -> Trajectory:
        p = build_params(setting, x)
        return integrate(p, initial_state(p), setting.start_year, t0, self.dt)

    def inputs(self, setting: Setting) -> tuple[str, ...]:
        return uncertain(setting)

    def prior(self, setting: Setting, seed: int, draws: IndexArray) -> FloatArray:
        return prior_coordinates(setting, seed, draws)

    def fit(self, setting: Setting, z: FloatArray) -> FitResult:
        """Status-quo paths to the last target (recorded every quarter) and predictions."""
        p = build_params(setting, parameter_values(setting, z))
        t_end = max(t.last_year for t in setting.targets) + 0.5
        times, paths = status_quo_paths(p, setting.start_year, t_end, self.dt)
        return FitResult(
            predictions=predictions(times, paths, setting.targets), times=times, trajectories=paths
        )

    def start(self, setting: Setting, z: FloatArray, t0: float) -> CompartmentState:
        if t0 <= setting.start_year:
            raise ValueError(f"the projection must start after {setting.start_year:g}")
        x = parameter_values(setting, z)
        draws = np.arange(z.shape[0], dtype=np.int64)
        return CompartmentState(setting, draws, t0, x, self._burn(setting, x, t0).y)

    def project(self, state: State, segments: Sequence[Segment], t_end: float) -> Outcomes:
        """Project in segments: parameters switch at each segment start, from the state so far."""
        if not isinstance(state, CompartmentState):
            raise TypeError("the compartmental engine projects only its own states")
        setting, x = state.setting, state.x
        n = len(state.draws)
        bounds = [s.start for s in segments] + [t_end]
        if abs(bounds[0] - state.t0) > 1e-9 or any(
            b >= a for a, b in zip(bounds[1:], bounds, strict=False)
        ):
            raise ValueError("segments must start at the state's t0 and increase")
        y = state.y
        y0_cum = _infected(y)
        fsw_start = y[:, :N_FSW, :CUM].sum(axis=(1, 2))
        market = np.ones(n)
        violence, arrests = np.zeros(n), np.zeros(n)
        yearly: dict[str, list[FloatArray]] = {k: [] for k in self.series}
        step_times: list[FloatArray] = []
        for seg, (t_a, t_b) in zip(segments, itertools.pairwise(bounds), strict=True):
            mods = {k: np.asarray(v, dtype=np.float64) for k, v in seg.modifiers.items()}
            unknown = set(mods) - set(self.determinants)
            if unknown:
                raise ValueError(f"unknown determinants: {sorted(unknown)}")
            scenario = _scenarios()[seg.scenario] if seg.scenario else None
            if scenario is not None:
                y = eliminate_in_state(y, scenario.eliminate)
            p = build_params(
                setting, x, scenario, modifiers={k: v for k, v in mods.items() if k != "market"}
            )
            # A change in market size rescales the people in it from the day it takes effect.
            new_market = mods.get("market", np.ones(n))
            y = _scale_market(y, new_market / market)
            market = new_market
            traj = integrate(p, y, t_a, t_b, self.dt, record_every=self.dt)
            cut = slice(0, None) if not step_times else slice(1, None)
            # Episodes so far at each recorded time (the yearly paths of violence and arrests).
            yearly["violence_incidents"].append(
                violence[:, None] + _cumulative_flows(traj, p, VIOLENCE_BIT)[:, cut]
            )
            yearly["arrests"].append(
                arrests[:, None] + _cumulative_flows(traj, p, POLICE_BIT)[:, cut]
            )
            violence += _flows(traj, p, VIOLENCE_BIT)
            arrests += _flows(traj, p, POLICE_BIT)
            self._record(traj, yearly, step_times, y0_cum, first=not step_times)
            y = traj.y
        fsw_end = y[:, :N_FSW, :CUM].sum(axis=1)
        infected = fsw_end.sum(axis=1) - fsw_end[:, S]
        times = np.concatenate(step_times)
        keep = _yearly(times, state.t0)
        return Outcomes(
            values={
                "hiv_infections": _infected(y) - y0_cum,
                "violence_incidents": violence,
                "arrests": arrests,
                "art_coverage": 100.0 * fsw_end[:, T] / np.maximum(infected, 1e-12),
                "fsw_start": fsw_start,
                "fsw_end": fsw_end.sum(axis=1),
            },
            times=times[keep],
            trajectories={k: np.concatenate(v, axis=1)[:, keep] for k, v in yearly.items()},
        )

    @staticmethod
    def _record(
        traj: Trajectory,
        yearly: dict[str, list[FloatArray]],
        step_times: list[FloatArray],
        y0_cum: FloatArray,
        *,
        first: bool,
    ) -> None:
        """Append a segment's recorded path (its first point repeats the previous segment's end)."""
        cut = slice(0, None) if first else slice(1, None)
        step_times.append(traj.times[cut])
        yearly["fsw_prevalence"].append(100.0 * traj.fsw_prev[:, cut])
        yearly["client_prevalence"].append(100.0 * traj.client_prev[:, cut])
        yearly["fsw"].append(traj.strata[:, :, cut].sum(axis=1))
        yearly["hiv_infections"].append(traj.infections[:, cut] - y0_cum[:, None])


def _summaries(y: FloatArray) -> dict[str, FloatArray]:
    """What the calibration targets and trajectories read from a state (each (D,))."""
    pop = y[:, :, :CUM]
    fsw = pop[:, :N_FSW].sum(axis=1)  # (D, states)
    cli = pop[:, CLIENTS]
    out: dict[str, FloatArray] = {}
    for name, group, cum in (
        ("fsw", fsw, y[:, :N_FSW, CUM].sum(axis=1)),
        ("client", cli, y[:, CLIENTS, CUM]),
    ):
        total = np.maximum(group.sum(axis=1), 1e-12)
        infected = np.maximum(total - group[:, S], 1e-12)
        out[f"{name}_prev"] = 1.0 - group[:, S] / total
        out[f"{name}_infections"] = cum
        out[f"{name}_susceptible"] = group[:, S]
        out[f"{name}_art_coverage"] = group[:, T] / infected
    # Share of FSW (any HIV state) in each exposure state: what violence/police targets observe.
    strata = pop[:, :N_FSW].sum(axis=2)  # (D, N_FSW)
    total_fsw = np.maximum(strata.sum(axis=1), 1e-12)
    for name, exposed in (("violence", VIOLENCE), ("police", POLICE), ("outdoor", OUTDOOR)):
        out[f"fsw_{name}"] = strata @ exposed / total_fsw
    return out


def status_quo_paths(
    p: ModelParams, t0: float, t1: float, dt: float
) -> tuple[FloatArray, dict[str, FloatArray]]:
    """Integrate the status quo from the initial state, recording summaries every ``RECORD``
    years: prevalence, cumulative new infections, HIV-negative people and ART coverage among
    people living with HIV, for FSW and clients, and the share of FSW in each exposure state
    (names as in ``calibrate.PREVALENCE``, ``calibrate.EXPOSURE`` etc.)."""
    y = initial_state(p)
    n = max(1, round((t1 - t0) / RECORD))
    times = [t0]
    rows = [_summaries(y)]
    for i in range(n):
        a, b = t0 + i * (t1 - t0) / n, t0 + (i + 1) * (t1 - t0) / n
        y = integrate(p, y, a, b, dt, record_every=b - a).y
        times.append(b)
        rows.append(_summaries(y))
    paths = {k: np.stack([r[k] for r in rows], axis=1) for k in rows[0]}
    return np.array(times), paths


def _yearly(times: FloatArray, t0: float) -> IndexArray:
    """Indices of the record times closest to t0, t0 + 1, ... (and the last time)."""
    marks = np.arange(t0, times[-1] + 1e-9, 1.0)
    idx = np.unique(
        np.append(np.abs(times[None, :] - marks[:, None]).argmin(axis=1), len(times) - 1)
    )
    return np.asarray(idx, dtype=np.int64)
