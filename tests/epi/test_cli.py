from __future__ import annotations

import json
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

import swpolicy.epi.cli as cli
from swpolicy.epi.lancet import JSON_KEYS
from swpolicy.epi.schema import EpiDataError
from swpolicy.errors import Issue


def _app() -> typer.Typer:
    app = typer.Typer()
    cli.register(app)

    @app.callback()
    def _root() -> None:
        """Test root so that `lancet` is a subcommand."""

    return app


def test_lancet_json_and_plots(tmp_path: Path) -> None:
    res = CliRunner().invoke(
        _app(), ["lancet", "--draws", "100", "--json", "--plot", str(tmp_path)]
    )
    assert res.exit_code == 0, res.output
    rows = json.loads(res.stdout)
    assert {(r["setting"], r["scenario"]) for r in rows} >= {
        ("mombasa", "art"),
        ("vancouver", "violence"),
        ("bellary", "decriminalisation"),
    }
    assert all(tuple(r) == JSON_KEYS for r in rows)
    assert all(r["averted_lo"] <= r["averted_median"] <= r["averted_hi"] for r in rows)
    # Every published figure is reported under both variants, once each.
    published = {(r["setting"], r["scenario"]) for r in rows if r["published_lo"] is not None}
    for variant in ("evidence", "replication"):
        mine = [(r["setting"], r["scenario"]) for r in rows if r["variant"] == variant]
        assert published <= set(mine) and len(mine) == len(set(mine))
    assert {r["variant"] for r in rows} == {"evidence", "replication"}
    assert (tmp_path / "prevalence.png").stat().st_size > 0
    assert (tmp_path / "averted.png").stat().st_size > 0


def test_lancet_table_mentions_published() -> None:
    res = CliRunner().invoke(_app(), ["lancet", "--draws", "100"])
    assert res.exit_code == 0, res.output
    assert "published" in res.stdout and "decriminalisation" in res.stdout
    assert "(smc)" in res.stdout


def test_a_failed_calibration_is_refused_not_shown() -> None:
    # Likelihood weighting of 100 prior draws leaves a handful of effective draws: no results.
    res = CliRunner().invoke(_app(), ["lancet", "--draws", "100", "--calibration", "weight"])
    assert res.exit_code == 2
    assert "calibration of" in res.output and "failed" in res.output
    assert "published" not in res.stdout


def test_bad_input_exits_2(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    runner = CliRunner()
    assert runner.invoke(_app(), ["lancet", "--draws", "0"]).exit_code == 2
    assert runner.invoke(_app(), ["lancet", "--draws", "many"]).exit_code == 2
    res = runner.invoke(_app(), ["lancet", "--draws", "100", "--calibration", "magic"])
    assert res.exit_code == 2 and "--calibration" in res.output
    res = runner.invoke(_app(), ["lancet", "--draws", "100", "--variant", "magic"])
    assert res.exit_code == 2 and "--variant" in res.output
    blocker = tmp_path / "file"
    blocker.write_text("x")
    res = runner.invoke(_app(), ["lancet", "--draws", "100", "--plot", str(blocker / "sub")])
    assert res.exit_code == 2 and "plot directory" in res.output

    def broken() -> None:
        raise EpiDataError([Issue("scenarios.yaml", 3, 1, "years", "bad")])

    import swpolicy.scenarios.lancet as runner_module

    monkeypatch.setattr(runner_module, "load_scenarios", broken)
    res = runner.invoke(_app(), ["lancet", "--draws", "100"])
    assert res.exit_code == 2 and "scenarios.yaml" in res.output
    assert res.exception is None or isinstance(res.exception, SystemExit)
