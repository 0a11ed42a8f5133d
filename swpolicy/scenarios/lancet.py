"""The Lancet 2015 scenarios (Shannon et al.) through the run platform.

Each setting runs its declared counterfactual scenarios (``scenarios:`` in its file) from the
scenario window's start against the status quo, on the same calibrated draws: one
:class:`RunSpec` per setting and model variant, handed to :func:`swpolicy.scenarios.run.run`
with the setting as the variant changes it (:mod:`swpolicy.epi.variants`). The comparison
with the published figures is :func:`swpolicy.epi.lancet.compare`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date

import numpy as np

from swpolicy.epi.calibrate import Calibration, Method
from swpolicy.epi.engine import parameters
from swpolicy.epi.lancet import Row, SettingRun, compare
from swpolicy.epi.schema import Setting, load_published, load_scenarios
from swpolicy.epi.settings import load, shipped
from swpolicy.epi.variants import EVIDENCE, apply, load_variants, only
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


def variant_setting(name: str, variant: str, assumption: str | None = None) -> Setting:
    """The setting as a model variant changes it (or only one of the variant's assumptions)."""
    setting = load(name)
    declared = load_variants().variants[variant]
    if assumption is not None:
        declared = only(declared, name, assumption)
    return apply(setting, declared, set(parameters(setting)))


def run_setting(
    name: str,
    draws: int,
    seed: int,
    *,
    method: Method = "smc",
    variant: str = EVIDENCE,
    assumption: str | None = None,
    executor: Executor | None = None,
    tick: Tick | None = None,
) -> SettingRun:
    """One setting's calibrated ensemble and scenarios under one model variant (or under the
    evidence model plus one of the variant's assumptions)."""
    setting = variant_setting(name, variant, assumption)
    spec = lancet_spec(name, draws, seed, method)
    result = run(spec, setting=setting, executor=executor, tick=tick)
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
        variant=variant if assumption is None else f"{variant}:{assumption}",
    )


def lancet_settings() -> list[str]:
    """Shipped settings that Shannon et al. 2015 modelled (those with published results) and
    that declare at least one scenario; other settings may declare scenarios too."""
    published = {r.setting for r in load_published().results}
    return [s for s in shipped() if s in published and load(s).scenarios]


def lancet_variants() -> list[str]:
    """The declared model variants, in report order."""
    return list(load_variants().variants)


def run_lancet(
    draws: int,
    seed: int,
    *,
    settings: Sequence[str] | None = None,
    variants: Sequence[str] | None = None,
    method: Method = "smc",
    executor: Executor | None = None,
    tick: Tick | None = None,
) -> tuple[list[SettingRun], list[Row]]:
    """Run every setting's calibrated ensemble and scenarios under each variant (each on the
    same draws; default: the evidence model only); compare with the paper."""
    names = list(settings) if settings is not None else lancet_settings()
    kinds = list(variants) if variants is not None else [EVIDENCE]
    runs = [
        run_setting(s, draws, seed, method=method, variant=v, executor=executor, tick=tick)
        for v in kinds
        for s in names
    ]
    return runs, compare(runs)


def lancet_tasks(
    draws: int,
    settings: Sequence[str] | None = None,
    executor: Executor | None = None,
    variants: Sequence[str] | None = None,
) -> int:
    """Progress units of :func:`run_lancet`."""
    names = list(settings) if settings is not None else lancet_settings()
    kinds = len(variants) if variants is not None else 1
    per = sum(tasks_needed(lancet_spec(s, draws, 1), executor or InProcess()) for s in names)
    return per * kinds


def attribution_runs(
    draws: int,
    seed: int,
    variant: str,
    *,
    settings: Sequence[str] | None = None,
    method: Method = "smc",
    executor: Executor | None = None,
    tick: Tick | None = None,
) -> list[Row]:
    """Each assumption of a variant alone on top of the evidence model, on the same draws:
    which assumption moves which figure. Rows are labelled ``variant:assumption``."""
    names = list(settings) if settings is not None else lancet_settings()
    declared = load_variants().variants[variant]
    runs = [
        run_setting(
            s, draws, seed, method=method, variant=variant, assumption=a,
            executor=executor, tick=tick,
        )
        for s in names
        for a in declared.assumptions(s)
    ]  # fmt: skip
    return compare(runs)


def attribution_tasks(
    draws: int,
    variant: str,
    settings: Sequence[str] | None = None,
    executor: Executor | None = None,
) -> int:
    """Progress units of :func:`attribution_runs`."""
    names = list(settings) if settings is not None else lancet_settings()
    declared = load_variants().variants[variant]
    ex = executor or InProcess()
    return sum(
        tasks_needed(lancet_spec(s, draws, 1), ex) * len(declared.assumptions(s)) for s in names
    )
