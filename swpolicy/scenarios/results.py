"""Results of a run, as typed objects: per-draw metrics per law, summaries, rows for files.

A :class:`RunResult` carries the :class:`RunSpec` it came from, the calibration weights of its
draws and, per law or scenario (an :class:`Arm`), every declared metric per draw and yearly
trajectories. Summaries (weighted median and 95% interval) and paired comparisons (the
difference from the reference on the same draws, and the probability that a law does better)
are computed from those arrays, never stored.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from datetime import date
from typing import Any

import numpy as np

from swpolicy.engine import FloatArray, IndexArray
from swpolicy.epi.calibrate import weighted_quantiles
from swpolicy.epi.posterior import Band, TargetRow, trajectory_bands
from swpolicy.epi.schema import Target
from swpolicy.scenarios.metrics import BY_ID, get
from swpolicy.scenarios.spec import RunSpec


@dataclass(frozen=True)
class Summary:
    """A weighted median and 95% interval."""

    median: float
    lo: float
    hi: float


@dataclass(frozen=True)
class SummaryRow:
    """One law's summary of one metric (a row of the CSV/JSON outputs)."""

    law: str
    setting: str
    metric: str
    label: str
    unit: str
    median: float
    lo: float
    hi: float
    assumptions: str

    def as_dict(self) -> dict[str, str | float]:
        return asdict(self)


@dataclass(frozen=True)
class Arm:
    """One law (or scenario) projected on the run's draws."""

    law_id: str
    name: str
    kind: str  # "law", "status_quo" or "scenario"
    multipliers: dict[str, FloatArray]  # determinant multipliers in force at the end
    metrics: dict[str, FloatArray]  # metric id -> per draw
    times: FloatArray  # yearly, from the projection start
    trajectories: dict[str, FloatArray]  # engine series -> (n_draws, n_times)


# Kept under the old name for callers of the earlier API.
LawResult = Arm


@dataclass(frozen=True)
class RunResult:
    """Every law's (or scenario's) result in one setting, on the same calibrated draws."""

    spec: RunSpec
    setting: str
    label: str
    start: date
    years: float
    reference: str
    results: list[Arm]
    weights: FloatArray
    draw_ids: IndexArray
    assumptions: dict[str, Any]
    calibration: str  # in words, e.g. "85/10000 draws used (accept)"
    n_within: int  # draws inside every calibration target
    fallback: bool  # none inside all targets: the best-likelihood draws were used
    status_quo_times: FloatArray
    status_quo_paths: dict[str, FloatArray]
    # "ok"; "missed" (a fitted target's posterior predictive interval misses it: results are
    # shown with that said in the headline); a failed calibration never reaches a result.
    calibration_status: str = "ok"
    calibration_problems: tuple[str, ...] = ()
    calibration_targets: tuple[TargetRow, ...] = ()
    calibration_ess: float = 0.0
    targets: tuple[Target, ...] = ()

    @property
    def calibration_warning(self) -> str | None:
        """A plain sentence for the headline when the calibration is not ok, else None."""
        if self.calibration_status == "ok":
            return None
        return (
            f"Calibration {self.calibration_status}: {'; '.join(self.calibration_problems)}. "
            "The model does not reproduce these data; read the results with that in mind."
        )

    def epidemic_bands(self) -> dict[str, Band]:
        """HIV prevalence, incidence and ART coverage among FSW and clients by year under the
        status quo (weighted medians and 95% bands over the projected posterior draws), up to
        the last calibration target; ``self.targets`` are the data to draw on them."""
        return trajectory_bands(self.status_quo_times, self.status_quo_paths, self.weights)

    @property
    def metric_ids(self) -> list[str]:
        """The declared metrics this result has, in declaration order."""
        have = self.results[0].metrics
        return [m for m in BY_ID if m in have]

    def result(self, law_id: str) -> Arm:
        """One arm by id."""
        for arm in self.results:
            if arm.law_id == law_id:
                return arm
        raise KeyError(f"no law {law_id!r} in this run; have {[a.law_id for a in self.results]}")

    def summary(self, law_id: str, metric: str) -> tuple[float, float, float]:
        """Weighted median and 95% interval of a metric under one law."""
        values = self.result(law_id).metrics[metric]
        med, lo, hi = weighted_quantiles(values, self.weights, [0.5, 0.025, 0.975])
        return med, lo, hi

    def difference(self, law_id: str, metric: str) -> Summary:
        """The paired difference law minus reference on the same draws (median, 95% interval)."""
        diff = self.result(law_id).metrics[metric] - self.result(self.reference).metrics[metric]
        med, lo, hi = weighted_quantiles(diff, self.weights, [0.5, 0.025, 0.975])
        return Summary(med, lo, hi)

    def probability_better(self, law_id: str, metric: str) -> float | None:
        """Weighted share of draws in which the law does better than the reference on `metric`
        (None when the metric has no better direction)."""
        better = get(metric).better
        if better == "neither":
            return None
        diff = self.result(law_id).metrics[metric] - self.result(self.reference).metrics[metric]
        wins = diff < 0 if better == "lower" else diff > 0
        return float(self.weights[wins].sum())

    def band(
        self, law_id: str, series: str
    ) -> tuple[FloatArray, FloatArray, FloatArray, FloatArray]:
        """A yearly trajectory's times, weighted median and 95% band."""
        arm = self.result(law_id)
        values = arm.trajectories[series]
        q = np.array(
            [
                weighted_quantiles(values[:, j], self.weights, [0.5, 0.025, 0.975])
                for j in range(values.shape[1])
            ]
        )
        return arm.times, q[:, 0], q[:, 1], q[:, 2]

    def summary_rows(self) -> list[SummaryRow]:
        """Every arm x metric summary, typed."""
        out = []
        for arm in self.results:
            for metric in self.metric_ids:
                med, lo, hi = self.summary(arm.law_id, metric)
                m = get(metric)
                out.append(
                    SummaryRow(
                        arm.law_id,
                        self.setting,
                        metric,
                        m.label,
                        m.unit,
                        round(med, 6),
                        round(lo, 6),
                        round(hi, 6),
                        str(self.assumptions["name"]),
                    )
                )
        return out

    def rows(self) -> list[dict[str, Any]]:
        """Flat rows for JSON and CSV."""
        return [r.as_dict() for r in self.summary_rows()]

    def to_json(self) -> str:
        """The summaries with the spec they came from (strict JSON: no NaN)."""
        body: dict[str, Any] = {
            "spec": self.spec.model_dump(mode="json"),
            "calibration": self.calibration,
            "calibration_status": self.calibration_status,
        }
        body["rows"] = self.rows()
        return json.dumps(body, indent=2, allow_nan=False)


# The earlier name of a run's result.
Simulation = RunResult
