"""A calibrated ensemble (a posterior sample), computed once and reused, and its start state.

Calibration is the expensive part of any run. By default (``smc``) it samples the posterior of
the engine's uncertain inputs given the setting's targets with likelihood-tempered SMC
(:mod:`swpolicy.epi.smc`), each step one vectorised model call on every particle (split into
chunks through the executor). ``accept`` and ``weight`` keep the older accept/reject or
likelihood weighting of one batch of prior draws, for comparison. The result depends only on
the engine, the setting's data, the seed, the method (and for the older methods the number of
prior draws), not on the projection start: the Lancet window and today's laws share it.

It is cached under a hash of exactly those, in memory for the life of the process and on disk
in a user-level cache folder (``SWPOLICY_CACHE_DIR``, else ``$XDG_CACHE_HOME/swpolicy`` or
``~/.cache/swpolicy``; safe to delete; ``SWPOLICY_CACHE=off`` turns it off). The disk cache holds
only numbers (``.npz``) and the diagnostics as JSON text.

Every calibration carries a status: ``ok``; ``missed`` when the posterior predictive 95%
interval of a fitted target does not overlap the target's interval (runs go on, and say so);
``failed`` when the sampler did not reach the posterior or too few effective draws remain
(runs refuse: :class:`CalibrationFailed`). There is no silent fallback.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Literal

import numpy as np

from swpolicy import __version__
from swpolicy.cache import cache_dir
from swpolicy.engine import Engine, Fit, FloatArray, IndexArray, State
from swpolicy.epi.calibrate import Method, calibrate, log_likelihood
from swpolicy.epi.posterior import missed_targets
from swpolicy.epi.schema import Setting
from swpolicy.epi.settings import digest
from swpolicy.epi.smc import Options, tempered_smc
from swpolicy.errors import UsageError
from swpolicy.scenarios.executor import Executor, chunks
from swpolicy.streams import draw_range, stream_key

Tick = Callable[[int], None]
Status = Literal["ok", "missed", "failed"]
MEMORY_ENTRIES = 16
TICKS = 20  # progress ticks of a calibration: one per model call of the SMC, the rest at the end
MIN_ACCEPTED = 20  # accept/reject: below this many draws inside every target it has failed
MIN_ESS = 200.0  # below this many effective posterior draws (or a quarter of them) it failed
SMC_OPTIONS = Options()  # its `particles` is the most a run uses (the 2-minute budget)


def smc_options(draws: int) -> Options:
    """The sampler's options for a run of ``draws``: as many particles, up to the default."""
    return replace(SMC_OPTIONS, particles=min(draws, SMC_OPTIONS.particles))


def min_ess(particles: int) -> float:
    """Fewer effective draws than this means the calibration failed."""
    return min(MIN_ESS, particles / 4)


class CalibrationFailed(UsageError):
    """The calibration could not give a usable posterior; nothing is projected from it."""


@dataclass(frozen=True)
class Fitted:
    """A calibration: the kept draws (coordinates, weights, predictions, status-quo paths),
    its status and diagnostics."""

    key: str
    method: Method
    draws: int  # prior draws (accept, weight) or particles (smc)
    z: FloatArray  # (n, k) standard-normal coordinates of the kept draws
    weights: FloatArray  # (n,), summing to 1
    ess: float  # effective number of posterior draws
    n_within: int  # kept draws inside the interval of every fitted target
    status: Status
    problems: tuple[str, ...]  # why the status is not ok, in words
    diagnostics: dict[str, Any]  # sampler history (JSON-able)
    predictions: FloatArray  # (n, n_targets) in the order of the setting's targets
    times: FloatArray  # status-quo record times
    paths: dict[str, FloatArray]  # status-quo paths of the kept draws, name -> (n, n_times)

    @property
    def n_used(self) -> int:
        return len(self.weights)

    @property
    def fallback(self) -> bool:
        """True for a failed calibration (the name of the flag before failures were refused)."""
        return self.status == "failed"

    @property
    def note(self) -> str:
        """The calibration in words (shown with every result)."""
        if self.method == "smc":
            text = f"posterior of {self.draws} particles, effective draws {self.ess:.0f} (smc)"
        else:
            text = f"{self.n_used}/{self.draws} draws used ({self.method})"
        if self.status != "ok":
            text += f"; calibration {self.status}: " + "; ".join(self.problems)
        return text

    def sample(self, draws: int) -> IndexArray:
        """Positions of the kept draws to project: all of them, or ``draws`` evenly spaced
        (the SMC sample is equally weighted, so a thinned subset is still a posterior sample)."""
        if self.method != "smc" or draws >= self.n_used:
            return np.arange(self.n_used, dtype=np.int64)
        return np.unique(np.linspace(0, self.n_used - 1, draws).round().astype(np.int64))


@dataclass(frozen=True)
class Calibrated:
    """The draws of a calibration that a run projects, and their state at one start."""

    fit: Fitted
    used: IndexArray  # positions in the calibration; also the projected draws' indices
    weights: FloatArray  # over `used`, summing to 1
    t0: float
    state: State

    @property
    def n_used(self) -> int:
        return len(self.used)

    @property
    def times(self) -> FloatArray:
        return self.fit.times

    @property
    def paths(self) -> dict[str, FloatArray]:
        return {k: v[self.used] for k, v in self.fit.paths.items()}

    @property
    def note(self) -> str:
        extra = "" if self.n_used == self.fit.n_used else f"; {self.n_used} projected"
        return self.fit.note + extra

    @property
    def n_within(self) -> int:
        return self.fit.n_within

    @property
    def fallback(self) -> bool:
        return self.fit.fallback

    @property
    def status(self) -> Status:
        return self.fit.status


def cache_key(engine: Engine, setting: Setting, seed: int, draws: int, method: str) -> str:
    """Hash of everything a calibration depends on (and the package version).

    Not the projection start: the fit runs the status quo to the last calibration target, so
    one fit serves the Lancet window (2014) and today's laws alike. For SMC the number of
    draws sets the particles (up to ``SMC_OPTIONS.particles``), so it is in the sampler's
    options.
    """
    size = repr(smc_options(draws)) if method == "smc" else str(draws)
    parts = [__version__, engine.name, repr(getattr(engine, "dt", None)), digest(setting)]
    parts += [str(seed), size, method]
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:32]


_MEMORY: dict[str, Fitted] = {}
_STARTS: dict[tuple[str, float, int], State] = {}


def _fit_task(args: tuple[Engine, Setting, FloatArray]) -> Fit:
    engine, setting, z = args
    return engine.fit(setting, z)


def _remember(store: dict[Any, Any], key: Any, value: Any) -> None:
    store[key] = value
    while len(store) > MEMORY_ENTRIES:  # bounded: a long-lived server keeps the newest
        del store[next(iter(store))]


def _load(path: Path) -> dict[str, np.ndarray] | None:
    try:
        with np.load(path, allow_pickle=False) as data:
            return {k: data[k] for k in data.files}
    except (OSError, ValueError, KeyError):
        return None  # a missing or damaged cache file is recomputed


def _save(path: Path, arrays: dict[str, np.ndarray]) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
        with os.fdopen(fd, "wb") as fh:
            np.savez(fh, **arrays)  # type: ignore[arg-type]
        os.replace(tmp, path)  # atomic: a reader sees the old file or the whole new one
    except OSError:
        pass  # a read-only or full disk only costs the cache


def evaluate(engine: Engine, setting: Setting, z: FloatArray, executor: Executor) -> Fit:
    """The engine's fit of the rows of ``z``, in chunks through the executor (merged in order;
    every row is independent, so the chunking never changes a number)."""
    parts = chunks(len(z), max(1, executor.workers))
    return Fit.merge(executor.map(_fit_task, [(engine, setting, z[a:b]) for a, b in parts]))


def _status(
    setting: Setting, ess: float, fit_pred: FloatArray, weights: FloatArray, reached: bool
) -> tuple[Status, list[str]]:
    problems: list[str] = []
    if not reached:
        problems.append("the sampler did not reach the posterior")
    need = min_ess(len(weights))
    if ess < need:
        problems.append(f"only {ess:.0f} effective draws (at least {need:.0f} needed)")
    if problems:
        return "failed", problems
    missed = missed_targets(setting.targets, fit_pred, weights)
    if missed:
        return "missed", [f"target {name} missed" for name in missed]
    return "ok", []


def _run_smc(
    engine: Engine, setting: Setting, seed: int, draws: int, executor: Executor, tick: Tick
) -> tuple[dict[str, np.ndarray], dict[str, Any]]:
    grid: list[FloatArray] = []
    calls = [0]

    def loglik(z: FloatArray) -> tuple[FloatArray, dict[str, FloatArray]]:
        fit = evaluate(engine, setting, z, executor)
        grid[:] = [fit.times]
        calls[0] += 1
        if calls[0] < TICKS:  # the number of calls is not known in advance
            tick(1)
        payload = {"predictions": fit.predictions}
        payload.update({f"path_{k}": v for k, v in fit.trajectories.items()})
        return log_likelihood(fit.predictions, setting.targets), payload

    started = time.perf_counter()
    options = smc_options(draws)
    z0 = engine.prior(setting, seed, draw_range(0, options.particles))
    rng = np.random.default_rng(stream_key(seed, f"calibration/{setting.name}"))
    res = tempered_smc(loglik, z0, rng, options)
    tick(TICKS - min(calls[0], TICKS - 1))
    weights = np.full(len(res.z), 1.0 / len(res.z))
    arrays = {"z": res.z, "weights": weights, "times": grid[0], **res.payload}
    diag = {
        "ess": res.ess,
        "reached": res.reached,
        "temperatures": res.temperatures,
        "ess_history": res.ess_history,
        "acceptance": res.acceptance,
        "moves": res.moves,
        "evaluations": res.evaluations,
        "log_evidence": res.log_evidence,
        "seconds": time.perf_counter() - started,
    }
    return arrays, diag


def _run_batch(
    engine: Engine, setting: Setting, seed: int, draws: int, method: Method, executor: Executor
) -> tuple[dict[str, np.ndarray], dict[str, Any]]:
    started = time.perf_counter()
    z = engine.prior(setting, seed, draw_range(0, draws))
    fit = evaluate(engine, setting, z, executor)
    cal = calibrate(fit.predictions, setting.targets, method, MIN_ACCEPTED)
    keep = np.flatnonzero(cal.weights > 0)
    w = cal.weights[keep]
    ess = float(w.sum() ** 2 / (w**2).sum()) if keep.size else 0.0
    arrays = {
        "z": z[keep],
        "weights": w / w.sum() if keep.size else w,
        "times": fit.times,
        "predictions": fit.predictions[keep],
        **{f"path_{k}": v[keep] for k, v in fit.trajectories.items()},
    }
    diag = {
        "ess": ess,
        "reached": bool(keep.size) and not cal.fallback,
        "evaluations": draws,
        "seconds": time.perf_counter() - started,
    }
    return arrays, diag


def fitted(
    engine: Engine,
    setting: Setting,
    *,
    seed: int,
    draws: int,
    method: Method,
    executor: Executor,
    tick: Tick | None = None,
) -> Fitted:
    """Calibrate the ensemble, or reuse the calibration (memory, then disk)."""
    key = cache_key(engine, setting, seed, draws, method)
    report: Tick = tick if tick is not None else (lambda n: None)
    if key in _MEMORY:
        report(TICKS)
        return _MEMORY[key]
    folder = cache_dir()
    path = folder / "calibration" / f"{key}.npz" if folder else None
    saved = _load(path) if path and path.is_file() else None
    if saved is None:
        if method == "smc":
            arrays, diag = _run_smc(engine, setting, seed, draws, executor, report)
        else:
            arrays, diag = _run_batch(engine, setting, seed, draws, method, executor)
            report(TICKS)
        saved = {**arrays, "meta": np.array(json.dumps(diag))}
        if path is not None:
            _save(path, saved)
    else:
        report(TICKS)
    result = _assemble(key, setting, method, draws, saved)
    _remember(_MEMORY, key, result)
    return result


def cached(
    engine: Engine, setting: Setting, *, seed: int, draws: int, method: Method
) -> Fitted | None:
    """The calibration if it was already computed (memory, then disk), else None; never
    calibrates (``swpolicy settings list`` shows status and ESS from it)."""
    key = cache_key(engine, setting, seed, draws, method)
    if key in _MEMORY:
        return _MEMORY[key]
    folder = cache_dir()
    path = folder / "calibration" / f"{key}.npz" if folder else None
    saved = _load(path) if path and path.is_file() else None
    if saved is None:
        return None
    result = _assemble(key, setting, method, draws, saved)
    _remember(_MEMORY, key, result)
    return result


def _assemble(
    key: str, setting: Setting, method: Method, draws: int, saved: dict[str, np.ndarray]
) -> Fitted:
    from swpolicy.epi.calibrate import within_targets

    diag = json.loads(str(saved["meta"]))
    weights = np.asarray(saved["weights"], dtype=np.float64)
    pred = np.asarray(saved["predictions"], dtype=np.float64)
    if method == "accept" and len(weights) < MIN_ACCEPTED:
        status: Status = "failed"
        problems = [f"only {len(weights)} draws inside every target (at least {MIN_ACCEPTED})"]
    else:
        status, problems = _status(setting, float(diag["ess"]), pred, weights, diag["reached"])
    return Fitted(
        key=key,
        method=method,
        draws=smc_options(draws).particles if method == "smc" else draws,
        z=np.asarray(saved["z"], dtype=np.float64),
        weights=weights,
        ess=float(diag["ess"]),
        n_within=int(within_targets(pred, setting.targets).sum()) if len(pred) else 0,
        status=status,
        problems=tuple(problems),
        diagnostics=diag,
        predictions=pred,
        times=np.asarray(saved["times"], dtype=np.float64),
        paths={k[5:]: np.asarray(v) for k, v in saved.items() if k.startswith("path_")},
    )


def calibrated(
    engine: Engine,
    setting: Setting,
    *,
    seed: int,
    draws: int,
    method: Method,
    t0: float,
    executor: Executor,
    tick: Tick | None = None,
) -> Calibrated:
    """The calibrated ensemble and its state at ``t0`` (each reused when already computed).

    Raises :class:`CalibrationFailed` when the calibration failed: its draws are not a
    posterior, and results from them would be shown as if they were.
    """
    fit = fitted(
        engine, setting, seed=seed, draws=draws, method=method, executor=executor, tick=tick
    )
    if fit.status == "failed":
        raise CalibrationFailed(
            f"calibration of {setting.name} failed ({'; '.join(fit.problems)}); nothing was "
            "projected. Run `swpolicy calibrate --setting "
            f"{setting.name}` to see the targets and the model beside them."
        )
    used = fit.sample(draws)
    state = _STARTS.get((fit.key, t0, len(used)))
    if state is None:
        state = engine.start(setting, fit.z[used], t0)
        _remember(_STARTS, (fit.key, t0, len(used)), state)
    weights = fit.weights[used] / fit.weights[used].sum()
    return Calibrated(fit, used, weights, t0, state)


def fit_tasks(draws: int, executor: Executor) -> int:
    """How many progress ticks a calibration reports (``TICKS``, whether computed or reused)."""
    del draws, executor
    return TICKS


def clear_memory() -> None:
    """Forget calibrations held in memory (tests; a long-lived server after data edits)."""
    _MEMORY.clear()
    _STARTS.clear()
