"""Which assumptions drive the difference between two laws: global sensitivity analysis.

Factors are the uncertain inputs of the law-to-model links in force (evidence entries, status
weights, unlicensed shares, and provisions the data leave `unclear` or `varies`), plus two more:
`epidemic`, the calibrated epidemic (draws ordered by HIV prevalence among FSW at the start, so
the factor reads as "how large the epidemic is"), and `dummy`, an input the model never reads, so
that a reader can see the level of an index that means nothing.

Methods: `sobol` (SALib's Saltelli design and Sobol' first-order and total indices) and `prcc`
(partial rank correlation on a Latin hypercube design, computed with NumPy/SciPy; SALib has no
PRCC). The output is the difference in a metric between law A and law B, per 1,000 FSW.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, Literal

import numpy as np
from numpy.typing import NDArray
from SALib.analyze import sobol as sobol_analyze
from SALib.sample import sobol as sobol_sample
from scipy import stats
from scipy.stats import qmc

from swpolicy.engine import Engine
from swpolicy.errors import UsageError
from swpolicy.law.model import Law, Snapshot
from swpolicy.scenarios.assumptions import Assumptions
from swpolicy.scenarios.assumptions import resolve as resolve_assumptions
from swpolicy.scenarios.calibrated import Calibrated
from swpolicy.scenarios.executor import Executor, InProcess
from swpolicy.scenarios.mapping import (
    Draws,
    binds_workers,
    determinants,
    draw_names,
    load_mapping,
    unlicensed_share_entry,
)
from swpolicy.scenarios.metrics import METRICS, derive, get
from swpolicy.scenarios.run import (
    law_segments,
    prepare,
    project_many,
    resolve_laws,
)
from swpolicy.scenarios.spec import RunSpec

FloatArray = NDArray[np.float64]
Method = Literal["sobol", "prcc"]
EPIDEMIC, DUMMY = "epidemic", "dummy"


INDEX_NAMES = {"sobol": "total Sobol' index", "prcc": "partial rank correlation"}
JSON_KEYS = {"sobol": ("ST", "ST_conf", "S1", "S1_conf"), "prcc": ("PRCC", None, None, "p_value")}


@dataclass(frozen=True)
class FactorRow:
    """One uncertain input's influence on the output, ranked.

    ``index`` is the total Sobol' index (method ``sobol``) or the partial rank correlation
    (``prcc``); ``spread`` is the Sobol' index's bootstrap 95% half-width; ``first_order`` the
    first-order Sobol' index; ``p_value`` the PRCC's.
    """

    factor: str
    label: str
    rank: int
    index: float
    spread: float | None
    first_order: float | None
    detail: float | None  # S1's half-width (sobol) or the p-value (prcc)
    above_dummy: bool

    def as_dict(self, method: Method) -> dict[str, Any]:
        """The row under the names of the method's literature (ST, S1, PRCC...) for JSON."""
        keys = JSON_KEYS[method]
        values = (self.index, self.spread, self.first_order, self.detail)
        out: dict[str, Any] = {"factor": self.factor, "label": self.label, "rank": self.rank}
        out |= {k: v for k, v in zip(keys, values, strict=True) if k is not None}
        out["above_dummy"] = self.above_dummy
        return out


@dataclass(frozen=True)
class SensitivityResult:
    setting: str
    law_a: str
    law_b: str
    metric: str
    relative: bool
    method: Method
    runs: int
    rows: list[FactorRow]  # ranked, most influential first
    assumptions: dict[str, Any]

    @property
    def index_name(self) -> str:
        """What the index is, in words."""
        return INDEX_NAMES[self.method]

    def output(self) -> str:
        diff = f"{self.metric} under {self.law_a} minus under {self.law_b}"
        return f"({diff}) as % of {self.law_b}" if self.relative else diff

    def as_dict(self) -> dict[str, Any]:
        return {
            "setting": self.setting,
            "law_a": self.law_a,
            "law_b": self.law_b,
            "output": self.output(),
            "method": self.method,
            "runs": self.runs,
            "assumptions": self.assumptions["name"],
            "factors": [r.as_dict(self.method) for r in self.rows],
        }


def factors(snaps: list[Snapshot], assumptions: Assumptions) -> list[str]:
    """The uncertain inputs that can move these laws' results, in a stable order."""
    spec = load_mapping()
    names = set(draw_names(spec, assumptions.effects))
    used = {e.provision for e in assumptions.effects}
    undetermined = {
        f"unknown:{pid}"
        for s in snaps
        for pid, pv in s.items()
        if pv.value in ("unclear", "varies") and pid in used
    }
    shares = {unlicensed_share_entry(spec, s.law_id, s.parent) for s in snaps if binds_workers(s)}
    all_shares = {spec.unlicensed_share.default, *spec.unlicensed_share.by_jurisdiction.values()}
    keep = {
        n
        for n in names
        if (not n.startswith("unknown:") or n in undetermined)
        and (n not in all_shares or n in shares)
    }
    return [*sorted(keep), EPIDEMIC, DUMMY]


def _label(name: str, assumptions: Assumptions) -> str:
    if name == EPIDEMIC:
        return "calibrated epidemic (HIV prevalence among FSW at the last calibration target)"
    if name == DUMMY:
        return "dummy input the model never reads (reference level for 'no effect')"
    if name.startswith("unknown:"):
        return f"value of {name.split(':', 1)[1]} where the law data are unclear or vary"
    return assumptions.registry.get(name).quantity


@dataclass(frozen=True)
class _Context:
    """What every evaluation of a design shares: the run so far and the laws compared."""

    engine: Engine
    cal: Calibrated
    start: date
    t_end: float
    law_a: Law
    law_b: Law
    measured: Snapshot
    assumptions: Assumptions
    population: float | None


def _evaluate(
    ctx: _Context,
    design: FloatArray,
    names: list[str],
    metric: str,
    executor: Executor,
    tick: Callable[[int], None] | None,
    relative: bool = False,
) -> FloatArray:
    """The output for every row of a unit-hypercube design."""
    col = {n: design[:, i] for i, n in enumerate(names)}
    every = draw_names(load_mapping(), load_mapping().effects)
    draws = Draws(
        {n: col.get(n, np.full(len(design), 0.5)) for n in every}, ctx.assumptions.registry
    )
    # The epidemic factor picks a calibrated draw by its HIV prevalence among FSW at the end of
    # the calibration period, so that it reads as "how large the epidemic is".
    cal = ctx.cal
    order = np.argsort(cal.paths["fsw_prev"][:, -1], kind="stable")
    idx = order[np.minimum((col[EPIDEMIC] * len(order)).astype(np.int64), len(order) - 1)]
    measured = determinants(ctx.measured, ctx.assumptions.effects, draws)
    built = [
        law_segments(law, ctx.start, ctx.t_end, measured, ctx.assumptions, draws)
        for law in (ctx.law_a, ctx.law_b)
    ]
    outs = project_many(
        ctx.engine,
        cal.state.select(idx),
        [b[0] for b in built],
        ctx.t_end,
        executor,
        tick,
        split=max(1, 2 * executor.workers),
    )
    traffic = [b[1]["trafficking"] for b in built]
    out = [
        derive(o.values, outs[1].values, traffic[k], traffic[1], ctx.population)[metric]
        for k, o in enumerate(outs)
    ]
    if relative:
        if np.any(out[1] <= 0):
            raise UsageError(
                f"--relative: {metric} under {ctx.law_b.id} is not positive in every run"
            )
        return np.asarray(100.0 * (out[0] - out[1]) / out[1], dtype=np.float64)
    return np.asarray(out[0] - out[1], dtype=np.float64)


def _above(value: float, spread: float | None, dummy: float, dummy_spread: float | None) -> bool:
    """Whether an index can be told apart from the dummy's. Sobol' indices come with bootstrap
    intervals: the interval's low end must clear the dummy's high end. PRCC: magnitudes."""
    if spread is not None and dummy_spread is not None:
        return value - spread > dummy + dummy_spread
    return abs(value) > abs(dummy)


def prcc(x: FloatArray, y: FloatArray) -> tuple[FloatArray, FloatArray]:
    """Partial rank correlation of each column of `x` with `y`, and two-sided p-values."""
    n, k = x.shape
    rx = np.column_stack([stats.rankdata(x[:, i]) for i in range(k)])
    ry = stats.rankdata(y)
    coef = np.zeros(k)
    for i in range(k):
        others = np.column_stack([np.ones(n), np.delete(rx, i, axis=1)])
        res_x = rx[:, i] - others @ np.linalg.lstsq(others, rx[:, i], rcond=None)[0]
        res_y = ry - others @ np.linalg.lstsq(others, ry, rcond=None)[0]
        denom = np.sqrt((res_x**2).sum() * (res_y**2).sum())
        coef[i] = (res_x * res_y).sum() / denom if denom > 0 else 0.0
    dof = max(n - 2 - (k - 1), 1)
    t = coef * np.sqrt(dof / np.maximum(1.0 - coef**2, 1e-300))
    p = 2.0 * stats.t.sf(np.abs(t), dof)
    return coef, np.asarray(p, dtype=np.float64)


def sensitivity(
    spec: RunSpec,
    *,
    laws: tuple[Law, Law] | None = None,
    assumptions: Assumptions | None = None,
    method: Method = "sobol",
    samples: int = 256,
    metric: str = "hiv_infections",
    relative: bool = False,
    tick: Callable[[int], None] | None = None,
    executor: Executor | None = None,
) -> SensitivityResult:
    """Rank the inputs by how much they move `metric`(A) - `metric`(B) (or its % of B).

    ``spec.laws`` are A and B (``laws``, when given, are the same already resolved).
    """
    allowed = [m.id for m in METRICS if not m.relative_to_reference]
    if metric not in allowed:
        raise UsageError(f"unknown metric {metric!r}; expected one of {', '.join(allowed)}")
    if method not in ("sobol", "prcc"):
        raise UsageError(f"unknown method {method!r}; expected sobol or prcc")
    if samples < 16:
        raise UsageError("--samples must be at least 16")
    if relative and get(metric).kind != "count":
        raise UsageError(f"--relative needs a count metric; {metric} is already a percentage")
    if laws is None:
        if len(spec.laws) != 2:
            raise UsageError("give exactly two laws: A then B")
        resolved = resolve_laws(spec.laws)
        laws = (resolved[0], resolved[1])
    law_a, law_b = laws
    assumptions = assumptions or resolve_assumptions(spec.assumptions)
    executor = executor or InProcess()
    prep = prepare(spec, executor=executor, tick=tick)
    setting = prep.setting
    ctx = _Context(
        prep.engine,
        prep.cal,
        spec.start,
        prep.t_end,
        law_a,
        law_b,
        prep.measured_law.at(setting.law.exposures_measured),
        assumptions,
        prep.population,
    )
    snaps = [law_a.at(spec.start), law_b.at(spec.start), ctx.measured]
    names = factors(snaps, assumptions)
    rng = np.random.default_rng([spec.seed, 104729])
    if method == "sobol":
        problem = {"num_vars": len(names), "names": names, "bounds": [[0.0, 1.0]] * len(names)}
        design = sobol_sample.sample(problem, samples, calc_second_order=False, seed=rng)
    else:
        design = qmc.LatinHypercube(d=len(names), rng=rng).random(samples * 4)
    y = _evaluate(ctx, design, names, metric, executor, tick, relative)
    # (factor, index, spread, first order, detail) per input, then ranked.
    raw: list[tuple[str, float, float | None, float | None, float | None]]
    if method == "sobol":
        res = sobol_analyze.analyze(problem, y, calc_second_order=False, seed=spec.seed)
        raw = [
            (n, float(res["ST"][i]), float(res["ST_conf"][i]), float(res["S1"][i]),
             float(res["S1_conf"][i]))
            for i, n in enumerate(names)
        ]  # fmt: skip
        raw.sort(key=lambda r: -r[1])
    else:
        coef, p = prcc(design, y)
        raw = [(n, float(coef[i]), None, None, float(p[i])) for i, n in enumerate(names)]
        raw.sort(key=lambda r: -abs(r[1]))
    dummy = next(r for r in raw if r[0] == DUMMY)
    rows = [
        FactorRow(name, _label(name, assumptions), rank, value, spread, s1, detail,
                  _above(value, spread, dummy[1], dummy[2]))
        for rank, (name, value, spread, s1, detail) in enumerate(raw, start=1)
    ]  # fmt: skip
    return SensitivityResult(
        setting.name,
        law_a.id,
        law_b.id,
        metric,
        relative,
        method,
        len(design),
        rows,
        assumptions.describe(),
    )


def plot(result: SensitivityResult, path: Path) -> None:
    """A horizontal bar chart of the ranking (PNG or SVG by file extension)."""
    from swpolicy.charts import save
    from swpolicy.report.charts import sensitivity_figure

    save(sensitivity_figure(result), path)
