"""Run specs: validation, stable hash, YAML round trip, located errors, CLI --spec/--save-spec."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from pydantic import ValidationError
from typer.testing import CliRunner

from swpolicy.cli import app
from swpolicy.errors import InputError
from swpolicy.scenarios.spec import RunSpec, load_spec

SPEC = RunSpec(setting="vancouver", laws=("nz",), start=date(2024, 1, 1), years=2, draws=200)


def test_hash_is_stable_and_content_based() -> None:
    same = RunSpec.model_validate(SPEC.model_dump())
    assert same.digest() == SPEC.digest()
    assert SPEC.model_copy(update={"seed": 2}).digest() != SPEC.digest()
    assert len(SPEC.digest()) == 64


def test_yaml_round_trip(tmp_path: Path) -> None:
    path = tmp_path / "run.yaml"
    SPEC.save(path)
    assert load_spec(path) == SPEC


@pytest.mark.parametrize(
    "fields",
    [
        {"years": float("nan")},
        {"years": float("inf")},
        {"years": 0.5},
        {"draws": 10**20},
        {"start": date(9999, 6, 1)},
        {"laws": ("nz", "nz")},
        {"scenarios": ("violence",)},  # with laws: one or the other
        {"engine": "agents"},
    ],
)
def test_bounds_are_refused(fields: dict[str, object]) -> None:
    with pytest.raises(ValidationError):
        RunSpec.model_validate({**SPEC.model_dump(), **fields})


def test_a_bad_spec_file_is_located(tmp_path: Path) -> None:
    path = tmp_path / "run.yaml"
    path.write_text("setting: vancouver\nstart: 2024-01-01\nlaws: [nz]\ndraws: lots\n")
    with pytest.raises(InputError) as err:
        load_spec(path)
    issue = err.value.issues[0]
    assert (issue.line, issue.field) == (4, "draws")


def test_cli_saves_a_spec_and_runs_it_again_with_the_same_result(tmp_path: Path) -> None:
    runner = CliRunner()
    spec_file = tmp_path / "run.yaml"
    args = ["simulate", "--setting", "vancouver", "--law", "nz", "--at", "2024-01-01"]
    args += ["--years", "2", "--draws", "200", "--json", "--save-spec", str(spec_file)]
    first = runner.invoke(app, args)
    assert first.exit_code == 0, first.output
    assert load_spec(spec_file).laws == ("nz",)
    again = runner.invoke(app, ["simulate", "--spec", str(spec_file), "--json"])
    assert again.exit_code == 0, again.output
    assert json.loads(again.stdout) == json.loads(first.stdout)
    both = runner.invoke(app, ["simulate", "--spec", str(spec_file), "--setting", "mombasa"])
    assert both.exit_code == 2 and "not both" in both.output


@pytest.mark.parametrize(
    "extra", [["--years", "nan"], ["--years", "inf"], ["--draws", "99999999999999999999"]]
)
def test_cli_refuses_out_of_range_numbers_without_a_traceback(extra: list[str]) -> None:
    args = ["simulate", "--setting", "vancouver", "--law", "nz", *extra]
    res = CliRunner().invoke(app, args)
    assert res.exit_code == 2, res.output
    assert res.exception is None or isinstance(res.exception, SystemExit)


def test_cli_refuses_a_far_future_start_at_once() -> None:
    res = CliRunner().invoke(
        app, ["simulate", "--setting", "vancouver", "--law", "nz", "--at", "9999-06-01"]
    )
    assert res.exit_code == 2 and "start" in res.output
