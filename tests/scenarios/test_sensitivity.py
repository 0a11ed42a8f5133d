"""Sensitivity analysis: a known answer, rankings, PRCC, output shape and CLI."""

from __future__ import annotations

import json
from datetime import date
from functools import cache
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

from swpolicy.cli import app
from swpolicy.errors import UsageError
from swpolicy.scenarios.sensitivity import (
    DUMMY,
    SensitivityResult,
    plot,
    prcc,
    sensitivity,
)
from swpolicy.scenarios.spec import RunSpec
from tests.law.conftest import synthetic_law

SPEC = RunSpec(
    setting="vancouver", laws=("xb", "xa"), start=date(2024, 1, 1), years=5, draws=600, seed=5
)
NZ_SE = RunSpec(setting="vancouver", laws=("nz", "se"), start=date(2024, 1, 1), draws=600)


@cache
def selling_only(method: str) -> SensitivityResult:
    """Two laws that differ only in whether selling is criminal."""
    a, b = synthetic_law("xb", selling="criminal"), synthetic_law("xa")
    return sensitivity(SPEC, laws=(a, b), method=method, metric="arrests", samples=64)  # type: ignore[arg-type]


def index(result: SensitivityResult, factor: str, key: str) -> float:
    row = next(r for r in result.rows if r.factor == factor)
    return float(row.as_dict(result.method)[key])


def test_sobol_known_answer_the_unread_input_ranks_last() -> None:
    result = selling_only("sobol")
    dummy = index(result, DUMMY, "ST")
    assert abs(dummy) < 1e-9
    assert all(r.index >= dummy - 1e-12 for r in result.rows)
    assert result.rows[-1].index == pytest.approx(dummy)


def test_sobol_finds_the_link_that_decides_arrests() -> None:
    result = selling_only("sobol")
    # The police-selling link and the calibrated epidemic (how many are policed to start with)
    # share the top two places; every other link matters far less.
    top_two = {r.factor for r in result.rows[:2]}
    assert top_two == {"map_police_selling_penalised", "epidemic"}
    assert index(result, "map_police_selling_penalised", "ST") > 0.3
    assert all(r.index < 0.2 for r in result.rows[2:])


def test_prcc_ranks_the_deciding_link_first_and_the_dummy_near_zero() -> None:
    result = selling_only("prcc")
    assert result.rows[0].factor == "map_police_selling_penalised"
    assert result.rows[0].index > 0.5
    assert abs(index(result, DUMMY, "PRCC")) < 0.2


def test_prcc_matches_a_hand_checkable_case() -> None:
    rng = np.random.default_rng(0)
    x = rng.random((400, 3))
    y = 3 * x[:, 0] - x[:, 1] + 0.01 * rng.random(400)  # column 2 has no effect
    coef, p = prcc(x, y)
    assert coef[0] > 0.9 and coef[1] < -0.5
    assert abs(coef[2]) < 0.15 and p[2] > 0.01


def test_rows_and_json_shape() -> None:
    data = selling_only("sobol").as_dict()
    assert {"setting", "law_a", "law_b", "method", "factors", "assumptions"} <= set(data)
    assert [r["rank"] for r in data["factors"]] == list(range(1, len(data["factors"]) + 1))
    assert {"factor", "label", "ST", "ST_conf", "S1", "above_dummy"} <= set(data["factors"][0])


def test_plot_is_written(tmp_path: Path) -> None:
    path = tmp_path / "ranking.png"
    plot(selling_only("prcc"), path)
    assert path.stat().st_size > 1000


def test_bad_requests() -> None:
    with pytest.raises(UsageError, match="metric"):
        sensitivity(NZ_SE, metric="happiness")
    with pytest.raises(UsageError, match="method"):
        sensitivity(NZ_SE, method="tornado")  # type: ignore[arg-type]
    runner = CliRunner()
    for args in (
        ["sensitivity", "--setting", "vancouver", "--law", "nz"],
        [
            "sensitivity",
            "--setting",
            "vancouver",
            "--law",
            "nz",
            "--law",
            "se",
            "--method",
            "tornado",
        ],
    ):
        out = runner.invoke(app, args)
        assert out.exit_code == 2
        assert "Traceback" not in out.stdout + out.stderr


def test_cli_json() -> None:
    out = CliRunner().invoke(
        app,
        [
            "sensitivity",
            "--setting",
            "vancouver",
            "--law",
            "nz",
            "--law",
            "se",
            "--method",
            "prcc",
            "--samples",
            "32",
            "--draws",
            "400",
            "--years",
            "3",
            "--at",
            "2024-01-01",
            "--json",
        ],
    )
    assert out.exit_code == 0, out.stderr
    data = json.loads(out.stdout)
    assert data["method"] == "prcc"
    assert data["factors"][0]["rank"] == 1


def test_above_dummy_needs_an_index_clear_of_the_dummys() -> None:
    result = selling_only("sobol")
    for row in result.rows:
        if row.above_dummy:
            assert row.spread is not None and row.index - row.spread > 0
    assert not next(r for r in result.rows if r.factor == DUMMY).above_dummy


def test_sensitivity_refuses_what_it_cannot_answer() -> None:
    with pytest.raises(ValueError, match="years"):
        NZ_SE.model_copy(update={"years": -3}).model_validate({**NZ_SE.model_dump(), "years": -3})
    with pytest.raises(UsageError, match="already a percentage"):
        sensitivity(NZ_SE, metric="art_coverage", relative=True)
    with pytest.raises(UsageError, match="exactly two"):
        sensitivity(NZ_SE.model_copy(update={"laws": ("nz",)}))
