"""The engine boundary: what an outcome model must do for the rest of swpolicy.

Scenarios, sensitivity analysis, the Lancet runner, the report and the web app speak only this
protocol; the compartmental HIV model (:class:`swpolicy.epi.engine.Compartmental`) is its first
implementation, and an agent-based engine would be the second. Everything crossing the boundary
is engine-neutral: standard-normal input coordinates, draw indices, per-draw arrays keyed by
declared metric id (:mod:`swpolicy.scenarios.metrics`) and yearly trajectories. What an engine
keeps between calls (compartments, agents) is opaque to callers.

Step order of a run (see :func:`swpolicy.scenarios.run.run`):

1. ``prior``: the engine's uncertain inputs as standard-normal coordinates ``z`` (one column
   per input, N(0, 1) being exactly its declared prior), prior draw ``i`` from named streams;
2. ``fit``: rows of ``z`` run under the status quo to the last calibration target; predictions
   at every target and the status-quo paths (any rows, in any chunks, anywhere);
3. the platform samples the posterior of ``z`` given the targets (:mod:`swpolicy.epi.smc`:
   likelihood-tempered SMC, many ``fit`` calls on whole particle arrays) and keeps it with its
   diagnostics; a calibration that fails (too few effective draws, targets missed) is flagged
   and never used silently;
4. ``start``: the posterior sample run to the projection start (cached and reused); its
   ``draws`` are posterior sample indices ``0 .. n - 1``, which key the law-to-model links;
5. ``project``: from that state, one projection per law or scenario, each a list of
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

    predictions: FloatArray  # (n, n_targets), in the order of the setting's targets
    times: FloatArray  # record times of the trajectories
    trajectories: Mapping[str, FloatArray]  # name -> (n, n_times)

    @staticmethod
    def merge(parts: Sequence[Fit]) -> Fit:
        """Concatenate chunks (in the given order) into one fit."""
        first = parts[0]
        return Fit(
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

    def inputs(self, setting: Any) -> tuple[str, ...]:
        """Names of the uncertain inputs, one standard-normal coordinate each, in column order."""
        ...

    def prior(self, setting: Any, seed: int, draws: IndexArray) -> FloatArray:
        """Coordinates (n, k) of prior draws ``draws`` (each input from its named stream)."""
        ...

    def fit(self, setting: Any, z: FloatArray) -> Fit:
        """Run the rows of ``z`` under the status quo to the last calibration target;
        predictions at every target, and the status-quo paths (independent of any start)."""
        ...

    def start(self, setting: Any, z: FloatArray, t0: float) -> State:
        """The state at ``t0`` under the status quo of the rows of ``z`` (draws ``0 .. n-1``)."""
        ...

    def project(self, state: State, segments: Sequence[Segment], t_end: float) -> Outcomes:
        """Project ``state`` to ``t_end`` under ``segments`` (the first starts at ``state.t0``)."""
        ...
