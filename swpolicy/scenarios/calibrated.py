"""A calibrated ensemble at the projection start, computed once and reused.

Fitting every draw of a setting to its targets is the expensive part of any run (10,000 draws
over 30-40 years of epidemic). The result depends only on the engine, the setting's data, the
seed, the number of draws, the calibration method and the projection start, so it is cached
under a hash of exactly those: in memory for the life of the process (the report reuses it for
every law and section) and on disk in a user-level cache folder (``SWPOLICY_CACHE_DIR``, else
``$XDG_CACHE_HOME/swpolicy`` or ``~/.cache/swpolicy``; safe to delete; ``SWPOLICY_CACHE=off``
turns the disk cache off). The disk cache holds only numbers (``.npz``): which draws were kept,
their weights and status-quo paths; the engine state is rebuilt from them for the kept draws,
which costs a small fraction of the fit.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from swpolicy import __version__
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
class Calibrated:
    """The draws kept by calibration, their weights, status-quo paths, and the start state."""

    key: str
    draws: int
    used: IndexArray  # global indices of draws with positive weight
    weights: FloatArray  # over `used`, summing to 1
    n_within: int
    fallback: bool
    method: Method
    times: FloatArray  # status-quo record times
    paths: dict[str, FloatArray]  # status-quo paths of the used draws, name -> (n_used, n_times)
    state: State

    @property
    def n_used(self) -> int:
        return len(self.used)

    @property
    def note(self) -> str:
        text = f"{self.n_used}/{self.draws} draws used ({self.method})"
        if self.fallback:
            text += "; fallback: no draw within all targets, best-likelihood draws used"
        return text


def cache_key(
    engine: Engine, setting: Setting, seed: int, draws: int, method: str, t0: float
) -> str:
    """Hash of everything a calibrated start depends on (and the package version)."""
    parts = [__version__, engine.name, repr(getattr(engine, "dt", None)), digest(setting)]
    parts += [str(seed), str(draws), method, repr(t0)]
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:32]


def cache_dir() -> Path | None:
    """The disk cache folder, or None when the disk cache is off."""
    if os.environ.get("SWPOLICY_CACHE", "").lower() in ("off", "0", "no"):
        return None
    root = os.environ.get("SWPOLICY_CACHE_DIR")
    if root:
        return Path(root)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "swpolicy"


_MEMORY: dict[str, Calibrated] = {}


def _fit_task(args: tuple[Engine, Setting, int, int, int, float]) -> Fit:
    engine, setting, seed, lo, hi, until = args
    return engine.fit(setting, seed, draw_range(lo, hi), until)


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
    """Fit, weight and start the ensemble, or reuse it (memory, then disk)."""
    key = cache_key(engine, setting, seed, draws, method, t0)
    if key in _MEMORY:
        return _MEMORY[key]
    folder = cache_dir()
    path = folder / "calibration" / f"{key}.npz" if folder else None
    saved = _load(path) if path and path.is_file() else None
    if saved is None:
        parts = chunks(draws, max(8, 2 * executor.workers))
        tasks = [(engine, setting, seed, lo, hi, t0) for lo, hi in parts]
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
        tick(len(chunks(draws, max(8, 2 * executor.workers))))
    meta = json.loads(str(saved["meta"]))
    used = np.asarray(saved["used"], dtype=np.int64)
    result = Calibrated(
        key=key,
        draws=draws,
        used=used,
        weights=np.asarray(saved["weights"], dtype=np.float64),
        n_within=int(meta["n_within"]),
        fallback=bool(meta["fallback"]),
        method=method,
        times=np.asarray(saved["times"], dtype=np.float64),
        paths={k[5:]: np.asarray(v) for k, v in saved.items() if k.startswith("path_")},
        state=engine.start(setting, seed, used, t0),
    )
    _MEMORY[key] = result
    while len(_MEMORY) > MEMORY_ENTRIES:  # bounded: a long-lived server keeps the newest
        del _MEMORY[next(iter(_MEMORY))]
    return result


def fit_tasks(draws: int, executor: Executor) -> int:
    """How many fit tasks a calibration makes (for progress bars)."""
    return len(chunks(draws, max(8, 2 * executor.workers)))


def clear_memory() -> None:
    """Forget calibrations held in memory (tests; a long-lived server after data edits)."""
    _MEMORY.clear()
