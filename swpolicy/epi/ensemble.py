"""Calibrated ensembles and scenarios for one setting.

Steps of :func:`run_setting`:

1. Latin hypercube sample of every parameter (common + setting), seeded per setting;
2. status-quo run of all draws from the setting's start year to the scenario start (2014);
3. calibration to the setting's prevalence targets (weights over draws);
4. from the same 2014 state and on the same draws (common random numbers), the status quo and
   every scenario of the setting are projected for the scenario window;
5. infections among FSW and clients over the window, and the percentage averted per draw.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from swpolicy.epi.build import build_params, eliminate_in_state
from swpolicy.epi.calibrate import Calibration, Method, calibrate, predictions
from swpolicy.epi.model import ModelParams, Trajectory, initial_state, integrate
from swpolicy.epi.sampling import sample
from swpolicy.epi.schema import (
    SETTINGS,
    Common,
    Param,
    Scenarios,
    Setting,
    load_common,
    load_scenarios,
    load_setting,
)
from swpolicy.epi.structure import CLIENTS, CUM

FloatArray = NDArray[np.float64]
Tick = Callable[[int], None]
STATUS_QUO = "status_quo"


@dataclass(frozen=True)
class SettingRun:
    """Everything an ensemble of one setting produced."""

    setting: Setting
    samples: dict[str, FloatArray]
    calibration: Calibration
    times: FloatArray  # status-quo record times, start year to end of the window
    fsw_prev: FloatArray  # (D, n_times)
    client_prev: FloatArray  # (D, n_times)
    used: NDArray[np.int64]  # draws projected under the scenarios
    infections: dict[str, FloatArray]  # scenario -> (len(used),) infections in the window
    averted: dict[str, FloatArray]  # scenario -> (len(used),) percent averted vs status quo

    @property
    def weights(self) -> FloatArray:
        """Calibration weights of the projected draws (renormalised)."""
        w = self.calibration.weights[self.used]
        out: FloatArray = w / w.sum()
        return out


def parameters(common: Common, setting: Setting) -> dict[str, Param]:
    """Common parameters overridden by the setting's."""
    return {**common.parameters, **setting.parameters}


def setting_seed(seed: int, name: str) -> list[int]:
    """Seed for a setting: the user's seed plus the setting's fixed index."""
    return [seed, SETTINGS.index(name) if name in SETTINGS else len(SETTINGS)]


def steps_needed(setting: Setting, scenarios: Scenarios, dt: float) -> int:
    """RK4 steps :func:`run_setting` takes (for progress bars)."""
    burn = max(1, round((scenarios.start_year - setting.start_year) / dt))
    n_scn = sum(1 for s in scenarios.scenarios.values() if setting.name in s.settings)
    return burn + (n_scn + 1) * max(1, round(scenarios.years / dt))


def _infections(y_end: FloatArray, y_start: FloatArray) -> FloatArray:
    """New infections among FSW and clients between two states."""
    out: FloatArray = (y_end[:, : CLIENTS + 1, CUM] - y_start[:, : CLIENTS + 1, CUM]).sum(axis=1)
    return out


@dataclass(frozen=True)
class StatusQuo:
    """All draws run under the status quo from the setting's start year, and calibrated.

    ``burn`` ends at ``t_split`` (where counterfactuals branch); ``after`` continues the status
    quo to ``t_after`` so that calibration can use targets later than the split.
    """

    params: ModelParams
    burn: Trajectory
    after: Trajectory
    times: FloatArray
    fsw_prev: FloatArray
    client_prev: FloatArray
    calibration: Calibration


def run_status_quo(
    setting: Setting,
    x: dict[str, FloatArray],
    t_split: float,
    t_after: float,
    *,
    dt: float = 1.0 / 12,
    method: Method = "accept",
    min_accepted: int = 20,
    tick: Tick | None = None,
) -> StatusQuo:
    """Steps 2-3 of :func:`run_setting`: status-quo run of every draw, then calibration."""
    p_sq = build_params(setting, x)
    burn = integrate(p_sq, initial_state(p_sq), setting.start_year, t_split, dt, on_step=tick)
    if t_after > t_split + dt / 2:
        after = integrate(p_sq, burn.y, t_split, t_after, dt, on_step=tick)
    else:  # nothing to add after the split: the status quo ends where the burn-in ends
        last = slice(-1, None)
        after = Trajectory(
            burn.y,
            burn.times[last],
            burn.fsw_prev[:, last],
            burn.client_prev[:, last],
            burn.strata[:, :, last],
        )
    times = np.concatenate([burn.times, after.times[1:]])
    fsw_prev = np.concatenate([burn.fsw_prev, after.fsw_prev[:, 1:]], axis=1)
    client_prev = np.concatenate([burn.client_prev, after.client_prev[:, 1:]], axis=1)
    cal = calibrate(
        predictions(times, fsw_prev, client_prev, setting.targets),
        setting.targets,
        method,
        min_accepted,
    )
    return StatusQuo(p_sq, burn, after, times, fsw_prev, client_prev, cal)


def run_setting(
    name: str,
    draws: int,
    seed: int,
    *,
    dt: float = 1.0 / 12,
    method: Method = "accept",
    min_accepted: int = 20,
    project_all: bool = False,
    tick: Tick | None = None,
    common: Common | None = None,
    scenarios: Scenarios | None = None,
    setting: Setting | None = None,
) -> SettingRun:
    """Sample, run, calibrate and project one setting (see module docstring).

    With ``project_all`` every draw is projected; otherwise only draws with calibration weight.
    ``common``, ``scenarios`` and ``setting`` replace the packaged data (for sensitivity runs).
    """
    setting = setting or load_setting(name)
    common = common or load_common()
    scenarios = scenarios or load_scenarios()
    x = sample(parameters(common, setting), draws, setting_seed(seed, name))
    t_split, t_end = scenarios.start_year, scenarios.start_year + scenarios.years
    sq = run_status_quo(
        setting, x, t_split, t_end, dt=dt, method=method, min_accepted=min_accepted, tick=tick
    )
    cal = sq.calibration
    used = np.arange(draws) if project_all else np.flatnonzero(cal.weights > 0)
    x_used = {k: v[used] for k, v in x.items()}
    y_split = sq.burn.y[used]
    runs: dict[str, FloatArray] = {STATUS_QUO: _infections(sq.after.y[used], y_split)}
    for key, scn in scenarios.scenarios.items():
        if name not in scn.settings:
            continue
        y0 = eliminate_in_state(y_split, scn.eliminate)
        traj = integrate(build_params(setting, x_used, scn), y0, t_split, t_end, dt, on_step=tick)
        runs[key] = _infections(traj.y, y0)
    base = runs[STATUS_QUO]
    averted = {k: 100.0 * (1.0 - v / base) for k, v in runs.items() if k != STATUS_QUO}
    return SettingRun(
        setting=setting,
        samples=x,
        calibration=cal,
        times=sq.times,
        fsw_prev=sq.fsw_prev,
        client_prev=sq.client_prev,
        used=used,
        infections=runs,
        averted=averted,
    )
