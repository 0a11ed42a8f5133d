"""A calibrated ensemble, computed once and reused, and its state at a projection start.

Fitting every draw of a setting to its targets is the expensive part of any run (10,000 draws
over 30-40 years of epidemic). The fit runs the status quo to the last calibration target, so it
depends only on the engine, the setting's data, the seed, the number of draws and the
calibration method (not on the projection start: the Lancet window and today's laws share it).
It is cached under a hash of exactly those, in memory for the life of the process (the report
reuses it for every law and section) and on disk in a user-level cache folder
(``SWPOLICY_CACHE_DIR``, else ``$XDG_CACHE_HOME/swpolicy`` or ``~/.cache/swpolicy``; safe to
delete; ``SWPOLICY_CACHE=off`` turns it off). The disk cache holds only numbers (``.npz``):
which draws were kept, their weights and status-quo paths. The state at a projection start is
computed for the kept draws only (a small fraction of the fit) and kept in memory per date.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from swpolicy import __version__
from swpolicy.cache import cache_dir
from swpolicy.engine import Engine, Fit, FloatArray, IndexArray, State
from swpolicy.epi.calibrate import Method, calibrate
from swpolicy.epi.schema import Setting
from swpolicy.epi.settings import digest
from swpolicy.scenarios.executor import Executor, chunks
from swpolicy.streams import draw_range

Tick = Callable[[int], None]
MEMORY_ENTRIES = 16
MIN_ACCEPTED = 20  # below this many draws inside every target, fall back to the best ones


@dataclass(frozen=True)
class Fitted:
    """The draws kept by calibration, their weights and status-quo paths (any start date)."""

    key: str
    draws: int
    used: IndexArray  # global indices of draws with positive weight
    weights: FloatArray  # over `used`, summing to 1
    n_within: int
    fallback: bool
    method: Method
    times: FloatArray  # status-quo record times
    paths: dict[str, FloatArray]  # status-quo paths of the used draws, name -> (n_used, n_times)

    @property
    def n_used(self) -> int:
        return len(self.used)

    @property
    def note(self) -> str:
        text = f"{self.n_used}/{self.draws} draws used ({self.method})"
        if self.fallback:
            text += (
                f"; fallback: fewer than {MIN_ACCEPTED} draws within all targets, "
                "the best-likelihood draws used"
            )
        return text


@dataclass(frozen=True)
class Calibrated(Fitted):
    """A calibration and the state of its draws at one projection start."""

    t0: float
    state: State


def cache_key(engine: Engine, setting: Setting, seed: int, draws: int, method: str) -> str:
    """Hash of everything a calibration depends on (and the package version).

    Not the projection start: the fit runs the status quo to the last calibration target, so
    one fit serves the Lancet window (2014) and today's laws alike.
    """
    parts = [__version__, engine.name, repr(getattr(engine, "dt", None)), digest(setting)]
    parts += [str(seed), str(draws), method]
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:32]


_MEMORY: dict[str, Fitted] = {}
_STARTS: dict[tuple[str, float], State] = {}


def _fit_task(args: tuple[Engine, Setting, int, int, int]) -> Fit:
    engine, setting, seed, lo, hi = args
    return engine.fit(setting, seed, draw_range(lo, hi))


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
    """Fit and weight the ensemble, or reuse it (memory, then disk)."""
    key = cache_key(engine, setting, seed, draws, method)
    if key in _MEMORY:
        if tick is not None:
            tick(fit_tasks(draws, executor))
        return _MEMORY[key]
    folder = cache_dir()
    path = folder / "calibration" / f"{key}.npz" if folder else None
    saved = _load(path) if path and path.is_file() else None
    if saved is None:
        tasks = [(engine, setting, seed, lo, hi) for lo, hi in _parts(draws, executor)]
        fit = Fit.merge(executor.map(_fit_task, tasks, tick))
        cal = calibrate(fit.predictions, setting.targets, method, MIN_ACCEPTED)
        keep = np.flatnonzero(cal.weights > 0)
        saved = {
            "used": fit.draws[keep],
            "weights": cal.weights[keep] / cal.weights[keep].sum(),
            "meta": np.array(json.dumps({"n_within": cal.n_within, "fallback": cal.fallback})),
            "times": fit.times,
            **{f"path_{k}": v[keep] for k, v in fit.trajectories.items()},
        }
        if path is not None:
            _save(path, saved)
    elif tick is not None:
        tick(fit_tasks(draws, executor))
    meta = json.loads(str(saved["meta"]))
    result = Fitted(
        key=key,
        draws=draws,
        used=np.asarray(saved["used"], dtype=np.int64),
        weights=np.asarray(saved["weights"], dtype=np.float64),
        n_within=int(meta["n_within"]),
        fallback=bool(meta["fallback"]),
        method=method,
        times=np.asarray(saved["times"], dtype=np.float64),
        paths={k[5:]: np.asarray(v) for k, v in saved.items() if k.startswith("path_")},
    )
    _remember(_MEMORY, key, result)
    return result


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
    """The calibrated ensemble and its state at ``t0`` (each reused when already computed)."""
    fit = fitted(
        engine, setting, seed=seed, draws=draws, method=method, executor=executor, tick=tick
    )
    state = _STARTS.get((fit.key, t0))
    if state is None:
        # Only the kept draws run to the start: a small share of the fit's work.
        state = engine.start(setting, seed, fit.used, t0)
        _remember(_STARTS, (fit.key, t0), state)
    fields = {f: getattr(fit, f) for f in fit.__dataclass_fields__}
    return Calibrated(**fields, t0=t0, state=state)


def _parts(draws: int, executor: Executor) -> list[tuple[int, int]]:
    return chunks(draws, max(8, 2 * executor.workers))


def fit_tasks(draws: int, executor: Executor) -> int:
    """How many fit tasks a calibration makes (for progress bars)."""
    return len(_parts(draws, executor))


def clear_memory() -> None:
    """Forget calibrations held in memory (tests; a long-lived server after data edits)."""
    _MEMORY.clear()
    _STARTS.clear()
