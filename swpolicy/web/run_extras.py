"""What a web run saves besides its summary rows: yearly paths and "what drives this".

Paths: per law, the weighted median and 95% band of each yearly series the engine records
(HIV prevalence among sex workers; new HIV infections, and episodes of violence and of police
harassment or arrest where the engine records them), counted from the projection start per
1,000 sex workers at the start, like the run's totals.

Drivers: the sensitivity analysis (Sobol' total indices, `scenarios/sensitivity.py`) of the
first chosen law against the setting's own law, on the run's own calibrated ensemble: which
uncertain inputs move the share of infections averted. Its size is bounded by the request's
`driver_samples` (a few hundred model runs by default; at most 256 x (factors + 2) x 2 laws).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Sequence
from typing import Any

import numpy as np

from swpolicy.epi.calibrate import weighted_quantiles
from swpolicy.law.model import Law
from swpolicy.scenarios.assumptions import Assumptions
from swpolicy.scenarios.calibrated import fit_tasks
from swpolicy.scenarios.executor import Executor, InProcess
from swpolicy.scenarios.mapping import load_mapping
from swpolicy.scenarios.metrics import PER_1000, get
from swpolicy.scenarios.results import RunResult
from swpolicy.scenarios.spec import RunSpec
from swpolicy.vocabulary import label

# Engine series charted on the run page -> (words, unit). Counts are cumulative from the start.
SERIES: dict[str, tuple[str, str]] = {
    "fsw_prevalence": ("HIV prevalence among sex workers", "%"),
    "hiv_infections": (f"{get('hiv_infections').label}, since the start", PER_1000),
    "violence_incidents": (f"{get('violence_incidents').label}, since the start", PER_1000),
    "arrests": (f"{get('arrests').label}, since the start", PER_1000),
}
COUNTED = ("hiv_infections", "violence_incidents", "arrests")
DRIVER_METRIC = "hiv_infections"
Tick = Callable[[int], None]


def _sig(values: Iterable[float]) -> list[float]:
    return [float(f"{v:.4g}") for v in values]


def _band(values: np.ndarray, weights: np.ndarray) -> dict[str, list[float]]:
    q = np.array(
        [
            weighted_quantiles(values[:, j], weights, [0.5, 0.025, 0.975])
            for j in range(values.shape[1])
        ]
    )
    return {"median": _sig(q[:, 0]), "lo": _sig(q[:, 1]), "hi": _sig(q[:, 2])}


def paths(sim: RunResult) -> dict[str, Any]:
    """Yearly median and 95% band of every charted series, per law (JSON-ready)."""
    ref = sim.result(sim.reference)
    have = [s for s in SERIES if s in ref.trajectories]
    if not have:
        return {}
    # Counts per 1,000 sex workers at the start, the metrics' scale: the engine's number of sex
    # workers at the end against the metric "sex workers at the end" gives each draw's factor.
    scale = None
    if "fsw" in ref.trajectories and "sex_workers_end" in ref.metrics:
        scale = ref.metrics["sex_workers_end"] / ref.trajectories["fsw"][:, -1]
    out: dict[str, dict[str, Any]] = {}
    for series in have:
        if series in COUNTED and scale is None:
            continue
        by_law = {}
        for arm in sim.results:
            values = arm.trajectories[series]
            if series in COUNTED and scale is not None:
                values = values * scale[:, None]
            by_law[arm.law_id] = _band(values, sim.weights)
        out[series] = {"label": SERIES[series][0], "unit": SERIES[series][1], "laws": by_law}
    return {"times": _sig(list(ref.times)), "series": out}


def driver_tasks(draws: int, executor: Executor | None = None) -> int:
    """Progress steps of the drivers' analysis (the cached fit, then two arms in chunks)."""
    where = executor or InProcess()
    return fit_tasks(draws, where) + 2 * max(1, 2 * where.workers)


def factor_words(factor: str, assumptions: Assumptions) -> str:
    """A sensitivity factor in words: the links its number sizes, or what it is."""
    from swpolicy.scenarios.sensitivity import DUMMY, EPIDEMIC

    if factor == EPIDEMIC:
        return "How large the epidemic is (the calibrated HIV prevalence)"
    if factor == DUMMY:
        return "An input the model never reads (the level of no effect)"
    if factor.startswith("unknown:"):
        pid = factor.split(":", 1)[1]
        return f"{label('provision', pid)}: where the law data are unclear or vary"
    links = [label("link", e.id) for e in load_mapping().effects if e.evidence == factor]
    if links:
        return "; ".join(links)
    return str(assumptions.registry.get(factor).quantity).capitalize()


def drivers(
    spec: RunSpec,
    laws: Sequence[Law],
    reference: Law,
    assumptions: Assumptions,
    samples: int,
    tick: Tick | None = None,
    executor: Executor | None = None,
) -> dict[str, Any] | None:
    """What drives the share of infections the first chosen law averts (None if skipped)."""
    from swpolicy.scenarios.sensitivity import sensitivity

    chosen = next((law for law in laws if law.id != reference.id), None)
    if samples == 0 or chosen is None:
        return None
    two = spec.model_copy(update={"laws": (chosen.id, reference.id)})
    result = sensitivity(
        two,
        laws=(chosen, reference),
        assumptions=assumptions,
        samples=samples,
        metric=DRIVER_METRIC,
        relative=True,
        tick=tick,
        executor=executor,
    )
    if not all(math.isfinite(r.index) for r in result.rows):
        return None  # the output did not vary (nothing to rank), or the analysis broke down
    return {
        "law": chosen.id,
        "against": reference.id,
        "metric": DRIVER_METRIC,
        "method": result.method,
        "runs": result.runs,
        "index": result.index_name,
        "factors": [
            {
                "factor": r.factor,
                "label": factor_words(r.factor, assumptions),
                "index": float(f"{r.index:.4g}"),
                "spread": None
                if r.spread is None or not math.isfinite(r.spread)
                else float(f"{r.spread:.4g}"),
                "above_dummy": r.above_dummy,
            }
            for r in result.rows
        ],
    }


def run_extras(
    sim: RunResult,
    spec: RunSpec,
    laws: Sequence[Law],
    assumptions: Assumptions,
    samples: int,
    tick: Tick | None = None,
    executor: Executor | None = None,
) -> dict[str, Any]:
    """The paths and drivers of a finished run, to save with it (drivers run on `executor`)."""
    from swpolicy.law.registry import load

    reference = next((law for law in laws if law.id == sim.reference), None)
    reference = reference or load(sim.reference)
    found = drivers(spec, laws, reference, assumptions, samples, tick, executor)
    return {"paths": paths(sim), "drivers": found}
