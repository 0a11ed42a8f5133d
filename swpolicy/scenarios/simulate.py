"""Simulate any law or bill in any setting, on common random numbers, with uncertainty.

Step order of :func:`simulate`:

1. sample the setting's epidemic parameters (Latin hypercube) and run the status quo from the
   setting's start year to the projection start, then calibrate to the setting's targets;
2. draw the law-to-model links (one Latin hypercube shared by every law compared);
3. for each law: its provisions on the start date -> determinant multipliers relative to the law
   under which the setting's exposures were measured -> model parameters -> projection over the
   horizon from the same calibrated state;
4. per draw: HIV infections among FSW and clients, infections averted against the setting's own
   current law, violence incidents and arrests (flows into those exposure states), ART coverage
   at the end, and the trafficking index where an assumption set models it;
5. weighted median and 95% interval over the calibrated draws.

Counts are per 1,000 female sex workers at the start of the projection.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import Any

import numpy as np
from numpy.typing import NDArray

from swpolicy.epi.build import MODIFIABLE, build_params
from swpolicy.epi.calibrate import weighted_quantiles
from swpolicy.epi.ensemble import parameters, run_status_quo, setting_seed
from swpolicy.epi.model import ModelParams, Trajectory, integrate
from swpolicy.epi.sampling import sample
from swpolicy.epi.schema import SETTINGS, load_common, load_setting
from swpolicy.epi.structure import CLIENTS, CUM, N_FSW, S, T
from swpolicy.errors import UsageError
from swpolicy.law.model import Law, Snapshot, as_date
from swpolicy.law.registry import load
from swpolicy.scenarios.assumptions import Assumptions, named
from swpolicy.scenarios.mapping import Draws, determinants, make_draws, relative

FloatArray = NDArray[np.float64]
Tick = Callable[[int], None]

METRICS = {
    "hiv_infections": "new HIV infections among FSW and clients over the horizon, per 1,000 FSW",
    "hiv_infections_averted": "infections averted against the setting's current law, per 1,000 FSW",
    "hiv_infections_averted_pct": "infections averted against the setting's current law, %",
    "violence_incidents": "episodes of sexual violence against FSW over the horizon, per 1,000 FSW",
    "arrests": "episodes of police harassment or arrest of FSW over the horizon, per 1,000 FSW",
    "art_coverage": "FSW living with HIV on ART at the end of the horizon, %",
    "trafficking_inflows": "change in trafficking inflows vs the setting's current law "
    "(assumption-driven index), %",
}
VIOLENCE_BIT, POLICE_BIT = 2, 1


@dataclass(frozen=True)
class LawResult:
    """One law's projection: multipliers and metrics, per calibrated draw."""

    law_id: str
    name: str
    multipliers: dict[str, FloatArray]
    metrics: dict[str, FloatArray]


@dataclass(frozen=True)
class Simulation:
    """Every law's result in one setting, on the same draws."""

    setting: str
    start: date
    years: float
    reference: str
    results: list[LawResult]
    weights: FloatArray
    assumptions: dict[str, Any]
    calibration: str

    def result(self, law_id: str) -> LawResult:
        return next(r for r in self.results if r.law_id == law_id)

    def summary(self, law_id: str, metric: str) -> tuple[float, float, float]:
        values = self.result(law_id).metrics[metric]
        med, lo, hi = weighted_quantiles(values, self.weights, [0.5, 0.025, 0.975])
        return med, lo, hi

    def rows(self) -> list[dict[str, Any]]:
        """Flat rows `{law, setting, metric, median, lo, hi}` for JSON and CSV."""
        out = []
        for res in self.results:
            for metric in METRICS:
                med, lo, hi = self.summary(res.law_id, metric)
                out.append(
                    {
                        "law": res.law_id,
                        "setting": self.setting,
                        "metric": metric,
                        "median": round(med, 6),
                        "lo": round(lo, 6),
                        "hi": round(hi, 6),
                    }
                )
        return out


def fractional_year(day: date) -> float:
    return day.year + (day.timetuple().tm_yday - 1) / 365.25


def _flows(traj: Trajectory, p: ModelParams, bit: int) -> FloatArray:
    """Episodes of entering an exposure state over the trajectory, (D,), trapezoid rule."""
    groups = [g for g in range(N_FSW) if not g & bit]
    # qt[d, j, i] is the rate from stratum i to j.
    rates = np.stack([p.qt[:, g | bit, g] for g in groups], axis=1)  # (D, k)
    flow = (traj.strata[:, groups, :] * rates[:, :, None]).sum(axis=1)  # (D, n_times)
    out: FloatArray = np.trapezoid(flow, traj.times, axis=1)
    return out


def _scale_market(y: FloatArray, factor: FloatArray) -> FloatArray:
    """A market-size change scales the number of FSW and clients (not the cumulative count)."""
    out = y.copy()
    out[:, : CLIENTS + 1, :CUM] *= factor[:, None, None]
    return out


@dataclass(frozen=True)
class Prepared:
    """A setting run and calibrated up to the projection start (step 1), ready for laws."""

    setting_name: str
    start: date
    t0: float
    x: dict[str, FloatArray]  # calibrated draws only
    y_start: FloatArray
    weights: FloatArray
    per_1000: FloatArray
    measured: Snapshot  # the law under which the setting's exposures were measured
    reference: Law  # the setting's own law, against which infections averted are counted
    note: str

    def select(self, idx: NDArray[np.int64]) -> Prepared:
        """The same preparation restricted to (or resampled at) some draws."""
        w = self.weights[idx]
        return replace(
            self,
            x={k: v[idx] for k, v in self.x.items()},
            y_start=self.y_start[idx],
            weights=w / w.sum(),
            per_1000=self.per_1000[idx],
        )


def prepare(
    setting_name: str,
    *,
    at: date | str | None = None,
    draws: int = 10_000,
    seed: int = 1,
    dt: float = 1.0 / 12,
    tick: Tick | None = None,
) -> Prepared:
    """Step 1: sample, run the status quo to the projection start, calibrate."""
    if setting_name not in SETTINGS:
        raise UsageError(f"unknown setting {setting_name!r}; expected one of {', '.join(SETTINGS)}")
    setting = load_setting(setting_name)
    start = as_date(at)
    t0 = fractional_year(start)
    if t0 <= setting.start_year:
        raise UsageError(f"the projection must start after {setting.start_year:g}")
    x = sample(parameters(load_common(), setting), draws, setting_seed(seed, setting_name))
    t_cal = max(t.year for t in setting.targets) + 0.5
    sq = run_status_quo(setting, x, t0, t_cal, dt=dt, tick=tick)
    cal = sq.calibration
    used = np.flatnonzero(cal.weights > 0)
    y_start = sq.burn.y[used]
    note = f"{cal.n_used}/{draws} draws used ({cal.method})" + (
        "; fallback: no draw within all targets, best-likelihood draws used" if cal.fallback else ""
    )
    return Prepared(
        setting_name=setting_name,
        start=start,
        t0=t0,
        x={k: v[used] for k, v in x.items()},
        y_start=y_start,
        weights=cal.weights[used] / cal.weights[used].sum(),
        per_1000=1000.0 / y_start[:, :N_FSW, :CUM].sum(axis=(1, 2)),
        measured=load(setting.law.jurisdiction).at(setting.law.exposures_measured),
        reference=load(setting.law.jurisdiction),
        note=note,
    )


def change_dates(law: Law, start: date, end: date) -> list[date]:
    """Days strictly inside (start, end) on which any provision of `law` changes (e.g. a bill)."""
    days = {
        day
        for values in law.history().values()
        for v in values
        for day in (v.since, v.until)
        if day is not None and start < day < end
    }
    return sorted(days)


def _to_date(t: float) -> date:
    year = int(t)
    return date(year, 1, 1) + timedelta(days=round((t - year) * 365.25))


def project(
    prep: Prepared,
    law: Law,
    assumptions: Assumptions,
    link_draws: Draws,
    *,
    years: float = 10.0,
    dt: float = 1.0 / 12,
    tick: Tick | None = None,
) -> LawResult:
    """Steps 3-4 for one law: multipliers, parameters, projection and per-draw metrics.

    A law that changes during the horizon (a bill with a later effective date) is projected in
    segments: the parameters switch on each change date, from the state reached so far.
    """
    setting = load_setting(prep.setting_name)
    m_measured = determinants(prep.measured, assumptions.effects, link_draws)
    t_end = prep.t0 + years
    cuts = [fractional_year(d) for d in change_dates(law, prep.start, _to_date(t_end))]
    bounds = [prep.t0, *cuts, t_end]
    y = prep.y_start
    market = np.ones(len(prep.weights))
    violence = np.zeros(len(prep.weights))
    arrests = np.zeros(len(prep.weights))
    mult: dict[str, FloatArray] = {}
    for t_a, t_b in itertools.pairwise(bounds):
        on = prep.start if t_a == prep.t0 else _to_date(t_a)
        mult = relative(determinants(law.at(on), assumptions.effects, link_draws), m_measured)
        p = build_params(setting, prep.x, modifiers={k: mult[k] for k in MODIFIABLE})
        # A change in market size rescales the people in it from the day it takes effect.
        y = _scale_market(y, mult["market"] / market)
        market = mult["market"]
        traj = integrate(p, y, t_a, t_b, dt, record_every=dt, on_step=tick)
        violence += _flows(traj, p, VIOLENCE_BIT)
        arrests += _flows(traj, p, POLICE_BIT)
        y = traj.y
    infections = (y[:, : CLIENTS + 1, CUM] - prep.y_start[:, : CLIENTS + 1, CUM]).sum(axis=1)
    fsw_end = y[:, :N_FSW, :CUM].sum(axis=1)
    infected = fsw_end.sum(axis=1) - fsw_end[:, S]
    metrics = {
        "hiv_infections": infections * prep.per_1000,
        "violence_incidents": violence * prep.per_1000,
        "arrests": arrests * prep.per_1000,
        "art_coverage": 100.0 * fsw_end[:, T] / np.maximum(infected, 1e-12),
    }
    # `mult` is the law in force at the end of the horizon.
    return LawResult(law.id, law.name, mult, metrics)


def _with_reference(laws: Sequence[Law], reference: Law) -> list[Law]:
    """The setting's own law first, then the others; ids must be unique (results are by id)."""
    seen: dict[str, str] = {reference.id: reference.source}
    ordered = [reference]
    for law in laws:
        if law.id in seen:
            if law.id == reference.id and law.source == reference.source:
                continue  # the setting's own law, already included
            raise UsageError(
                f"two laws share the id {law.id!r} ({seen[law.id]} and {law.source}); "
                "give the edited copy its own id"
            )
        seen[law.id] = law.source
        ordered.append(law)
    return ordered


def simulate(
    setting_name: str,
    laws: Sequence[Law],
    *,
    at: date | str | None = None,
    years: float = 10.0,
    draws: int = 10_000,
    seed: int = 1,
    assumptions: Assumptions | None = None,
    dt: float = 1.0 / 12,
    tick: Tick | None = None,
) -> Simulation:
    """Project every law in `laws` (and the setting's current law) in one setting."""
    if not laws:
        raise UsageError("give at least one law")
    if not 1 <= years <= 50:
        raise UsageError(f"--years must be between 1 and 50, not {years:g}")
    assumptions = assumptions or named("default")
    prep = prepare(setting_name, at=at, draws=draws, seed=seed, dt=dt, tick=tick)
    ordered = _with_reference(laws, prep.reference)
    link_draws = make_draws(len(prep.weights), seed, assumptions.registry)
    results = [
        project(prep, law, assumptions, link_draws, years=years, dt=dt, tick=tick)
        for law in ordered
    ]
    base = results[0].metrics["hiv_infections"]
    base_trafficking = results[0].multipliers["trafficking"]
    for res in results:
        own = res.metrics["hiv_infections"]
        res.metrics["hiv_infections_averted"] = base - own
        res.metrics["hiv_infections_averted_pct"] = 100.0 * (1.0 - own / np.maximum(base, 1e-12))
        # Like infections averted, the trafficking index compares with the setting's own law.
        res.metrics["trafficking_inflows"] = 100.0 * (
            res.multipliers["trafficking"] / base_trafficking - 1.0
        )
    return Simulation(
        setting_name,
        prep.start,
        years,
        prep.reference.id,
        results,
        prep.weights,
        assumptions.describe(),
        prep.note,
    )


def steps(
    draws_laws: int, setting_name: str, at: date | str | None, years: float, dt: float = 1.0 / 12
) -> int:
    """RK4 steps :func:`simulate` takes for `draws_laws` laws (for progress bars)."""
    setting = load_setting(setting_name)
    t0 = fractional_year(as_date(at))
    t_cal = max(t.year for t in setting.targets) + 0.5
    burn = max(1, round((t0 - setting.start_year) / dt))
    after = max(1, round(max(t_cal - t0, 0.0) / dt))
    return burn + after + (draws_laws + 1) * max(1, round(years / dt))
