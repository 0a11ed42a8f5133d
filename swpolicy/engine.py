"""The engine boundary: what an outcome model must do for the rest of swpolicy.

Scenarios, sensitivity analysis, the Lancet runner, the report and the web app speak only this
protocol; the compartmental HIV model (:class:`swpolicy.epi.engine.Compartmental`) is its first
implementation, and an agent-based engine would be the second. Everything crossing the boundary
is engine-neutral: global draw indices, per-draw arrays keyed by declared metric id
(:mod:`swpolicy.scenarios.metrics`) and yearly trajectories. What an engine keeps between
calls (compartments, agents) is opaque to callers.

Step order of a run (see :func:`swpolicy.scenarios.run.run`):

1. ``fit``: every draw run under the status quo to the last target; per-draw predictions at
   the setting's calibration targets (split into chunks of draws, anywhere);
2. the platform weights the draws against the targets (accept/reject or likelihood);
3. ``start``: the calibrated draws run to the projection start (cached and reused);
4. ``project``: from that state, one projection per law or scenario, each a list of
   ``Segment`` (the determinant multipliers in force from a date), on the same draws.

The contract every engine passes is ``tests/engine_contract.py``: determinism for a seed,
common random numbers across laws, conservation of the population, declared and finite
metrics, and a law identical to the reference averting exactly zero.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol, runtime_checkable

import numpy as np
from numpy.typing import NDArray

FloatArray = NDArray[np.float64]
IndexArray = NDArray[np.int64]


@dataclass(frozen=True)
class Fit:
    """Per-draw evidence for calibration: predictions at each target, and status-quo paths."""

    draws: IndexArray  # global draw indices
    predictions: FloatArray  # (n, n_targets), in the order of the setting's targets
    times: FloatArray  # record times of the trajectories
    trajectories: Mapping[str, FloatArray]  # name -> (n, n_times)

    @staticmethod
    def merge(parts: Sequence[Fit]) -> Fit:
        """Concatenate chunks (in the given order) into one fit."""
        first = parts[0]
        return Fit(
            np.concatenate([p.draws for p in parts]),
            np.concatenate([p.predictions for p in parts]),
            first.times,
            {k: np.concatenate([p.trajectories[k] for p in parts]) for k in first.trajectories},
        )


@dataclass(frozen=True)
class Segment:
    """A period of a projection: from ``start`` (fractional year), these multipliers apply.

    ``modifiers`` maps a determinant (police, outdoor, violence, condom_nonuse, art, market)
    to a per-draw multiplier relative to the law under which the setting's exposures were
    measured; ``scenario`` names a counterfactual scenario of the setting (for example the
    Lancet 2015 "eliminate sexual violence"), applied on top.
    """

    start: float
    modifiers: Mapping[str, FloatArray] = field(default_factory=dict)
    scenario: str | None = None


@dataclass(frozen=True)
class Outcomes:
    """One projection's results, per draw, keyed by declared metric id."""

    values: Mapping[str, FloatArray]  # metric id -> (n,)
    times: FloatArray  # yearly times from the projection start
    trajectories: Mapping[str, FloatArray]  # metric id -> (n, n_times)


@runtime_checkable
class State(Protocol):
    """An engine's calibrated state at the projection start, for some draws (opaque)."""

    @property
    def draws(self) -> IndexArray: ...

    @property
    def t0(self) -> float: ...

    def select(self, idx: IndexArray) -> State:
        """The same state restricted to (or resampled at) positions ``idx``."""
        ...


class Engine(Protocol):
    """An outcome model. Implementations are stateless and picklable (they run on workers)."""

    name: str
    determinants: tuple[str, ...]  # the multipliers `Segment.modifiers` may carry
    outputs: tuple[str, ...]  # metric ids of `Outcomes.values`
    series: tuple[str, ...]  # metric ids of `Outcomes.trajectories`

    def fit(self, setting: Any, seed: int, draws: IndexArray) -> Fit:
        """Run ``draws`` under the status quo to the last calibration target; predictions at
        every target, and the status-quo paths (independent of any projection start)."""
        ...

    def start(self, setting: Any, seed: int, draws: IndexArray, t0: float) -> State:
        """The state of ``draws`` at ``t0`` under the status quo."""
        ...

    def project(self, state: State, segments: Sequence[Segment], t_end: float) -> Outcomes:
        """Project ``state`` to ``t_end`` under ``segments`` (the first starts at ``state.t0``)."""
        ...
