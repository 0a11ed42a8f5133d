"""Work split across processes gives bit-identical results; calibrations are reused."""

from __future__ import annotations

import itertools
from datetime import date
from pathlib import Path

import numpy as np
import pytest

from swpolicy.epi import settings
from swpolicy.epi.engine import Compartmental
from swpolicy.scenarios import calibrated as cal_module
from swpolicy.scenarios.executor import chunks, executor
from swpolicy.scenarios.results import RunResult
from swpolicy.scenarios.run import run
from swpolicy.scenarios.spec import RunSpec

SPEC = RunSpec(setting="vancouver", laws=("nz", "se"), start=date(2024, 1, 1), years=2, draws=300)


def _same(a: RunResult, b: RunResult) -> None:
    assert np.array_equal(a.draw_ids, b.draw_ids)
    assert np.array_equal(a.weights, b.weights)
    for x, y in zip(a.results, b.results, strict=True):
        for key in x.metrics:
            assert np.array_equal(x.metrics[key], y.metrics[key]), key


def test_chunks_cover_the_range_once() -> None:
    for n, parts in [(10, 3), (7, 7), (3, 8), (10_000, 4)]:
        pieces = chunks(n, parts)
        assert pieces[0][0] == 0 and pieces[-1][1] == n
        assert all(a[1] == b[0] for a, b in itertools.pairwise(pieces))
        assert len(pieces) == min(parts, n)


def test_a_local_dask_cluster_gives_bit_identical_results() -> None:
    cal_module.clear_memory()
    local = run(SPEC)
    cal_module.clear_memory()
    with executor(workers=2) as ex:
        assert ex.workers == 2
        on_cluster = run(SPEC, executor=ex)
    _same(local, on_cluster)


def test_calibration_is_reused_from_memory_and_disk(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SWPOLICY_CACHE_DIR", str(tmp_path))
    cal_module.clear_memory()
    fits: list[int] = []
    real_fit = Compartmental.fit

    def counting_fit(self: Compartmental, *args: object) -> object:
        fits.append(1)
        return real_fit(self, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(Compartmental, "fit", counting_fit)
    first = run(SPEC)
    n_fit = len(fits)
    (cached,) = cal_module._MEMORY.values()
    assert n_fit == 1 + sum(cached.diagnostics["moves"]) > 1  # one fit per SMC model call
    again = run(SPEC.model_copy(update={"laws": ("de",)}))  # same burn-in, other law
    assert len(fits) == n_fit  # from memory
    assert again.calibration == first.calibration
    assert list((tmp_path / "calibration").glob("*.npz"))
    cal_module.clear_memory()
    from_disk = run(SPEC)
    assert len(fits) == n_fit  # from the disk cache
    _same(first, from_disk)
    other_seed = run(SPEC.model_copy(update={"seed": 2}))
    assert len(fits) > n_fit and other_seed.calibration  # a new key computes again


def test_a_damaged_cache_file_is_recomputed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SWPOLICY_CACHE_DIR", str(tmp_path))
    cal_module.clear_memory()
    first = run(SPEC)
    for f in (tmp_path / "calibration").glob("*.npz"):
        f.write_bytes(b"not a zip file")
    cal_module.clear_memory()
    _same(first, run(SPEC))


def test_edited_setting_data_changes_the_cache_key() -> None:
    engine = Compartmental()
    s = settings.load("vancouver")
    key = cal_module.cache_key(engine, s, 1, 300, "accept")
    edited = s.model_copy(update={"start_year": 1986.0})
    assert cal_module.cache_key(engine, edited, 1, 300, "accept") != key


def test_calibrate_command_fits_once_and_later_runs_reuse_it() -> None:
    import json

    from typer.testing import CliRunner

    from swpolicy.cli import app

    cal_module.clear_memory()
    res = CliRunner().invoke(
        app, ["calibrate", "--setting", "vancouver", "--draws", "300", "--json"]
    )
    assert res.exit_code == 0, res.output
    body = json.loads(res.stdout)
    assert body["setting"] == "vancouver" and body["targets"]
    for row in body["targets"]:
        model = row["model"]
        assert model["lo"] <= model["median"] <= model["hi"]
    assert (
        cal_module.cache_key(Compartmental(), settings.load("vancouver"), 1, 300, "smc")
        in cal_module._MEMORY
    )
    bad = CliRunner().invoke(app, ["calibrate", "--setting", "vancouver", "--draws", "5"])
    assert bad.exit_code == 2
