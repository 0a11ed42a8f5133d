"""One entry point for every run: :func:`run` takes a :class:`RunSpec` and returns a result.

Step order:

1. the setting (a shipped id or a file) and the engine the spec names;
2. the calibrated ensemble at the projection start (:mod:`swpolicy.scenarios.calibrated`:
   a posterior sample from tempered SMC, the model run in chunks through the executor,
   cached); a failed calibration stops the run, a missed target is carried in the result;
3. the law-to-model links drawn for the projected posterior draws (named streams keyed by
   the posterior sample index, shared by every law: common random numbers);
4. one projection per law (the setting's own law first, as the reference) or per scenario
   (the status quo first), each a task for the executor; a law that changes during the horizon
   (a bill with a later effective date) switches its multipliers on each change date;
5. declared metrics per draw (:mod:`swpolicy.scenarios.metrics`) against the reference;
   a non-finite value anywhere is an error, never a result.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np

from swpolicy.engine import Engine, FloatArray, Outcomes, Segment, State
from swpolicy.epi.engine import Compartmental
from swpolicy.epi.posterior import target_rows
from swpolicy.epi.schema import Setting
from swpolicy.epi.settings import load as load_setting
from swpolicy.errors import UsageError
from swpolicy.law.model import Law
from swpolicy.law.registry import load as load_law
from swpolicy.scenarios.assumptions import Assumptions
from swpolicy.scenarios.assumptions import resolve as resolve_assumptions
from swpolicy.scenarios.calibrated import Calibrated, calibrated, fit_tasks
from swpolicy.scenarios.executor import Executor, InProcess, chunks
from swpolicy.scenarios.mapping import Draws, determinants, make_draws, relative
from swpolicy.scenarios.metrics import derive
from swpolicy.scenarios.results import Arm, RunResult
from swpolicy.scenarios.spec import RunSpec

Tick = Callable[[int], None]
STATUS_QUO = "status_quo"


def _compartmental() -> Engine:
    return Compartmental()


ENGINES: dict[str, Callable[[], Engine]] = {"compartmental": _compartmental}


def engine_for(name: str) -> Engine:
    """The engine a spec names."""
    try:
        return ENGINES[name]()
    except KeyError:
        raise UsageError(f"unknown engine {name!r}; expected one of {', '.join(ENGINES)}") from None


def fractional_year(day: date) -> float:
    return day.year + (day.timetuple().tm_yday - 1) / 365.25


def to_date(t: float) -> date:
    year = int(t)
    return date(year, 1, 1) + timedelta(days=round((t - year) * 365.25))


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


def law_segments(
    law: Law,
    start: date,
    t_end: float,
    measured: dict[str, FloatArray],
    assumptions: Assumptions,
    draws: Draws,
) -> tuple[list[Segment], dict[str, FloatArray]]:
    """A law as projection segments, and the multipliers in force at the end of the horizon."""
    t0 = fractional_year(start)
    cuts = [fractional_year(d) for d in change_dates(law, start, to_date(t_end))]
    segments: list[Segment] = []
    mult: dict[str, FloatArray] = {}
    for t_a in [t0, *cuts]:
        on = start if t_a == t0 else to_date(t_a)
        mult = relative(determinants(law.at(on), assumptions.effects, draws), measured)
        segments.append(Segment(t_a, {k: v for k, v in mult.items() if k != "trafficking"}))
    return segments, mult


def with_reference(laws: Sequence[Law], reference: Law) -> list[Law]:
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


def _project_task(args: tuple[Engine, State, list[Segment], float]) -> Outcomes:
    engine, state, segments, t_end = args
    return engine.project(state, segments, t_end)


def _slice(segments: list[Segment], lo: int, hi: int) -> list[Segment]:
    """The segments' per-draw multipliers for draws ``lo..hi - 1`` of the state."""
    return [
        Segment(s.start, {k: v[lo:hi] for k, v in s.modifiers.items()}, s.scenario)
        for s in segments
    ]


def project_many(
    engine: Engine,
    state: State,
    arms: Sequence[list[Segment]],
    t_end: float,
    executor: Executor,
    tick: Tick | None = None,
    split: int = 1,
) -> list[Outcomes]:
    """Project every arm, optionally split into ``split`` chunks of draws each (merged back)."""
    parts = chunks(len(state.draws), split)
    tasks = [
        (engine, state.select(np.arange(lo, hi, dtype=np.int64)), _slice(segs, lo, hi), t_end)
        for segs in arms
        for lo, hi in parts
    ]
    done = executor.map(_project_task, tasks, tick)
    out = []
    for i in range(len(arms)):
        pieces = done[i * len(parts) : (i + 1) * len(parts)]
        out.append(
            Outcomes(
                {k: np.concatenate([p.values[k] for p in pieces]) for k in pieces[0].values},
                pieces[0].times,
                {
                    k: np.concatenate([p.trajectories[k] for p in pieces])
                    for k in pieces[0].trajectories
                },
            )
        )
    return out


def resolve_laws(refs: Sequence[str]) -> list[Law]:
    """Laws from jurisdiction ids or law/bill file paths."""
    from swpolicy.law.cli import resolve

    return [resolve(r) for r in refs]


def tasks_needed(spec: RunSpec, executor: Executor | None = None) -> int:
    """How many tasks :func:`run` reports through ``tick`` (for progress bars)."""
    executor = executor or InProcess()
    arms = 1 + (len(spec.laws) or len(spec.scenarios))
    return fit_tasks(spec.draws, executor) + arms


@dataclass(frozen=True)
class Prepared:
    """Steps 1-2 of a run: the setting, the engine and the calibrated ensemble at the start."""

    setting: Setting
    engine: Engine
    cal: Calibrated
    t0: float
    t_end: float
    population: float | None

    @property
    def measured_law(self) -> Law:
        """The setting's own law, against which everything is counted."""
        return load_law(self.setting.law.jurisdiction)


def prepare(
    spec: RunSpec,
    *,
    setting: Setting | None = None,
    executor: Executor | None = None,
    tick: Tick | None = None,
) -> Prepared:
    """Load the setting and engine, and fit (or reuse) the calibrated ensemble."""
    setting = setting or load_setting(spec.setting)
    engine = engine_for(spec.engine)
    t0 = fractional_year(spec.start)
    if t0 <= setting.start_year:
        raise UsageError(f"the projection must start after {setting.start_year:g}")
    cal = calibrated(
        engine,
        setting,
        seed=spec.seed,
        draws=spec.draws,
        method=spec.calibration,
        t0=t0,
        executor=executor or InProcess(),
        tick=tick,
    )
    population = setting.population.estimate if setting.population else None
    return Prepared(setting, engine, cal, t0, t0 + spec.years, population)


def run(
    spec: RunSpec,
    *,
    laws: Sequence[Law] | None = None,
    assumptions: Assumptions | None = None,
    setting: Setting | None = None,
    executor: Executor | None = None,
    tick: Tick | None = None,
) -> RunResult:
    """Run a spec. ``laws``, ``assumptions`` and ``setting``, when given, are the already
    resolved objects the spec's references name (the web app resolves saved bills itself)."""
    executor = executor or InProcess()
    setting = setting or load_setting(spec.setting)
    if laws is None:
        laws = resolve_laws(spec.laws)
    if not laws and not spec.scenarios:
        raise UsageError("give at least one law or scenario")
    unknown = [s for s in spec.scenarios if s not in setting.scenarios]
    if unknown:
        raise UsageError(
            f"scenario(s) {', '.join(unknown)} do not apply to {setting.name}; "
            f"it declares {', '.join(setting.scenarios) or 'none'}"
        )
    assumptions = assumptions or resolve_assumptions(spec.assumptions)
    prep = prepare(spec, setting=setting, executor=executor, tick=tick)
    engine, cal, t0, t_end = prep.engine, prep.cal, prep.t0, prep.t_end
    link_draws = make_draws(cal.used, spec.seed, assumptions.registry)
    reference = prep.measured_law
    measured = determinants(
        reference.at(setting.law.exposures_measured), assumptions.effects, link_draws
    )
    if spec.scenarios:
        ids = [STATUS_QUO, *spec.scenarios]
        names = ["Status quo", *spec.scenarios]
        arms = [[Segment(t0, {}, None if i == STATUS_QUO else i)] for i in ids]
        ones = np.ones(cal.n_used)
        finals = [{"trafficking": ones} for _ in ids]
        kinds = ["status_quo", *["scenario"] * len(spec.scenarios)]
    else:
        ordered = with_reference(laws, reference)
        built = [
            law_segments(law, spec.start, t_end, measured, assumptions, link_draws)
            for law in ordered
        ]
        ids, names = [law.id for law in ordered], [law.name for law in ordered]
        arms, finals = [b[0] for b in built], [b[1] for b in built]
        kinds = ["law"] * len(ordered)
    outcomes = project_many(engine, cal.state, arms, t_end, executor, tick)
    return _result(spec, prep, assumptions, ids, names, kinds, finals, outcomes)


def _result(
    spec: RunSpec,
    prep: Prepared,
    assumptions: Assumptions,
    ids: list[str],
    names: list[str],
    kinds: list[str],
    finals: list[dict[str, FloatArray]],
    outcomes: list[Outcomes],
) -> RunResult:
    setting, cal, population = prep.setting, prep.cal, prep.population
    ref, ref_traffic = outcomes[0].values, finals[0]["trafficking"]
    arms = []
    for i, out in enumerate(outcomes):
        metrics = derive(out.values, ref, finals[i]["trafficking"], ref_traffic, population)
        bad = [k for k, v in metrics.items() if not np.all(np.isfinite(v))]
        if bad:
            raise UsageError(
                f"{ids[i]}: the model gave non-finite values for {', '.join(bad)}; "
                "check the assumptions and overrides used (a degenerate interval?)"
            )
        arms.append(
            Arm(ids[i], names[i], kinds[i], finals[i], metrics, out.times, dict(out.trajectories))
        )
    return RunResult(
        spec=spec,
        setting=setting.name,
        label=setting.label,
        start=spec.start,
        years=spec.years,
        reference=ids[0],
        results=arms,
        weights=cal.weights,
        draw_ids=cal.used,
        assumptions=assumptions.describe(),
        calibration=cal.note,
        n_within=cal.n_within,
        fallback=cal.fallback,
        status_quo_times=cal.times,
        status_quo_paths=cal.paths,
        calibration_status=cal.status,
        calibration_problems=cal.fit.problems,
        calibration_targets=tuple(
            target_rows(setting.targets, cal.fit.predictions[cal.used], cal.weights)
        ),
        calibration_ess=cal.fit.ess,
        targets=tuple(setting.targets),
    )
