"""The Lancet 2015 scenarios (Shannon et al.) through the run platform.

Each setting runs its declared counterfactual scenarios (``scenarios:`` in its file) from the
scenario window's start against the status quo, on the same calibrated draws: one
:class:`RunSpec` per setting, handed to :func:`swpolicy.scenarios.run.run`. The comparison
with the published figures is :func:`swpolicy.epi.lancet.compare`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date

import numpy as np

from swpolicy.epi.calibrate import Calibration, Method
from swpolicy.epi.lancet import Row, SettingRun, compare
from swpolicy.epi.schema import load_scenarios
from swpolicy.epi.settings import load, shipped
from swpolicy.scenarios.executor import Executor, InProcess
from swpolicy.scenarios.run import STATUS_QUO, run, tasks_needed
from swpolicy.scenarios.spec import RunSpec

Tick = Callable[[int], None]


def lancet_spec(setting: str, draws: int, seed: int, method: Method = "smc") -> RunSpec:
    """The run of one setting's scenarios over the scenario window."""
    window = load_scenarios()
    start = date(int(window.start_year), 1, 1)
    return RunSpec(
        setting=setting,
        scenarios=tuple(load(setting).scenarios),
        start=start,
        years=window.years,
        draws=draws,
        seed=seed,
        calibration=method,
    )


def run_setting(
    name: str,
    draws: int,
    seed: int,
    *,
    method: Method = "smc",
    executor: Executor | None = None,
    tick: Tick | None = None,
) -> SettingRun:
    """One setting's calibrated ensemble and scenarios."""
    result = run(lancet_spec(name, draws, seed, method), executor=executor, tick=tick)
    setting = load(name)
    status_quo = result.result(STATUS_QUO)
    sq = status_quo.metrics["hiv_infections"]
    # Status-quo paths: the calibration fit up to the window's start, then the status-quo arm
    # (the same draws continued) to its end, so one chart shows targets and window.
    before = result.status_quo_times < status_quo.times[0]
    times = np.concatenate([result.status_quo_times[before], status_quo.times])
    paths = {
        name: np.concatenate(
            [result.status_quo_paths[name][:, before], status_quo.trajectories[series] / 100.0],
            axis=1,
        )
        for name, series in (("fsw_prev", "fsw_prevalence"), ("client_prev", "client_prevalence"))
    }
    scenario_arms = [a for a in result.results if a.kind == "scenario"]
    return SettingRun(
        setting=setting,
        calibration=Calibration(result.weights, result.n_within, result.fallback, method),
        draws=draws,
        times=times,
        fsw_prev=paths["fsw_prev"],
        client_prev=paths["client_prev"],
        infections={
            STATUS_QUO: sq,
            **{a.law_id: a.metrics["hiv_infections"] for a in scenario_arms},
        },
        averted={a.law_id: a.metrics["hiv_infections_averted_pct"] for a in scenario_arms},
    )


def lancet_settings() -> list[str]:
    """Shipped settings that declare at least one scenario."""
    return [s for s in shipped() if load(s).scenarios]


def run_lancet(
    draws: int,
    seed: int,
    *,
    settings: Sequence[str] | None = None,
    method: Method = "accept",
    executor: Executor | None = None,
    tick: Tick | None = None,
) -> tuple[list[SettingRun], list[Row]]:
    """Run every setting's calibrated ensemble and scenarios; compare with the paper."""
    names = list(settings) if settings is not None else lancet_settings()
    runs = [run_setting(s, draws, seed, method=method, executor=executor, tick=tick) for s in names]
    return runs, compare(runs)


def lancet_tasks(
    draws: int, settings: Sequence[str] | None = None, executor: Executor | None = None
) -> int:
    """Progress units of :func:`run_lancet`."""
    names = list(settings) if settings is not None else lancet_settings()
    return sum(tasks_needed(lancet_spec(s, draws, 1), executor or InProcess()) for s in names)
