"""Targets beside the posterior predictive, epidemic bands by year, and `swpolicy calibrate`."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

from swpolicy.cli import app
from swpolicy.epi.posterior import target_rows, trajectory_bands, trajectory_chart
from swpolicy.epi.schema import Source, Target

SRC = Source(citation="c", url="u", locator="l")


def _target(name: str, lo: float, hi: float) -> Target:
    return Target(
        name=name, population="fsw", year=2000.0, value=(lo + hi) / 2, lo=lo, hi=hi,
        likelihood="logit_normal", interval="assumed", source=SRC,
    )  # fmt: skip


def test_target_rows_flag_only_intervals_that_do_not_overlap() -> None:
    pred = np.linspace(0.2, 0.3, 101)[:, None].repeat(2, axis=1)
    rows = target_rows([_target("near", 0.28, 0.4), _target("far", 0.35, 0.4)], pred, np.ones(101))
    near, far = rows
    assert near.model[0] == pytest.approx(0.25)
    assert not near.missed and far.missed
    body = far.as_dict()
    assert body["observed"] == {"value": 0.375, "lo": 0.35, "hi": 0.4}
    assert set(body["model"]) == {"median", "lo", "hi"} and body["missed"] is True


def test_bands_by_year_from_known_paths() -> None:
    times = np.arange(2000.0, 2003.01, 0.25)
    n = 4
    growth = np.arange(1, n + 1, dtype=np.float64)[:, None]
    paths = {
        "fsw_prev": np.full((n, times.size), 0.2),
        "client_prev": np.full((n, times.size), 0.05),
        # cumulative new infections grow by 10 * k a year among 500 HIV-negative FSW
        "fsw_infections": 10 * growth * (times - 2000.0),
        "fsw_susceptible": np.full((n, times.size), 500.0),
        "client_infections": np.zeros((n, times.size)),
        "client_susceptible": np.full((n, times.size), 100.0),
        "fsw_art_coverage": np.full((n, times.size), 0.4),
        "client_art_coverage": np.zeros((n, times.size)),
    }
    bands = trajectory_bands(times, paths, np.ones(n) / n)
    assert list(bands["fsw_prevalence"].times) == [2000.0, 2001.0, 2002.0, 2003.0]
    assert np.allclose(bands["fsw_prevalence"].median, 20.0)
    inc = bands["fsw_incidence"]
    assert list(inc.times) == [2000.5, 2001.5, 2002.5]
    assert np.allclose(inc.median, 100 * 25 / 500)  # per 100 person-years, median of 10..40
    assert np.allclose(bands["fsw_art_coverage"].median, 40.0)
    chart = trajectory_chart("Somewhere", bands, [_target("t", 0.15, 0.25)])
    assert "Somewhere" in chart.svg()


def test_calibrate_cli_prints_json_and_writes_plots(tmp_path: Path) -> None:
    args = ["calibrate", "--setting", "vancouver", "--draws", "100", "--json"]
    res = CliRunner().invoke(app, [*args, "--plot", str(tmp_path)])
    assert res.exit_code == 0, res.output
    body = json.loads(res.stdout)
    assert {"setting", "method", "ess", "draws", "targets"} <= set(body)
    assert body["setting"] == "vancouver" and body["method"] == "smc" and body["draws"] == 100
    (row,) = body["targets"]
    assert {"name", "kind", "population", "year", "observed", "model", "used_in_fit"} <= set(row)
    assert row["kind"] == "prevalence" and row["observed"]["lo"] == 0.085
    assert row["model"]["lo"] <= row["model"]["median"] <= row["model"]["hi"]
    assert (tmp_path / "calibration-vancouver.svg").stat().st_size > 0
    assert (tmp_path / "calibration-vancouver.png").stat().st_size > 0
    bad = CliRunner().invoke(app, ["calibrate", "--setting", "nowhere"])
    assert bad.exit_code == 2
