"""Assumption overrides that cannot be sampled are located errors, and NaN is never an answer."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

from swpolicy.cli import app
from swpolicy.cliutil import NotFinite, json_text, print_json
from swpolicy.errors import InputError
from swpolicy.scenarios.assumptions import from_file

runner = CliRunner()


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "assume.yaml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("override", "line", "fragment"),
    [
        # The issue's reproducer: simulate returned all-NaN results with exit 0.
        ("{estimate: 0.8, ci: [0.8, 0.8]}", 3, "needs ci low < ci high"),
        ("{distribution: lognormal, estimate: 0.8, ci: [0.8, 0.8]}", 3, "lognormal"),
        ("{distribution: uniform, ci: [0.9, 0.9]}", 3, "uniform distribution needs"),
    ],
)
def test_degenerate_overrides_are_refused_where_written(
    tmp_path: Path, override: str, line: int, fragment: str
) -> None:
    text = f"base: default\nevidence:\n  map_art_selling_penalised: {override}\n"
    path = _write(tmp_path, text)
    with pytest.raises(InputError) as caught:
        from_file(path)
    issue = caught.value.issues[0]
    assert fragment in issue.message, issue
    assert issue.field.startswith("evidence.map_art_selling_penalised")
    assert issue.line == line


def test_simulate_refuses_a_degenerate_override_before_running(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        "evidence:\n  map_art_selling_penalised: {estimate: 0.8, ci: [0.8, 0.8]}\n",
    )
    args = ["simulate", "--setting", "mombasa", "--law", "nz", "--draws", "100", "--json"]
    result = runner.invoke(app, [*args, "--assume", str(path)])
    assert result.exit_code == 2
    assert result.stdout == "", "nothing printed as if it were a result"
    assert f"{path}:2:" in result.stderr
    assert "evidence.map_art_selling_penalised.ci" in result.stderr


def test_a_narrow_but_proper_override_is_accepted(tmp_path: Path) -> None:
    path = _write(
        tmp_path, "evidence:\n  map_art_selling_penalised: {estimate: 0.8, ci: [0.79, 0.81]}\n"
    )
    assumptions = from_file(path)
    assert assumptions.registry.entries["map_art_selling_penalised"].estimate == 0.8


@pytest.mark.parametrize(
    "data",
    [
        {"median": math.nan},
        [{"lo": 1.0}, {"hi": math.inf}],
        {"x": np.float64("nan")},
        {"x": np.float32("-inf")},
    ],
)
def test_json_output_refuses_nan_and_infinity(data: object) -> None:
    with pytest.raises(NotFinite, match="not a finite number at"):
        json_text(data)


def test_json_output_names_the_field_and_keeps_finite_numbers(
    capsys: pytest.CaptureFixture[str],
) -> None:
    with pytest.raises(NotFinite, match=r"rows\[1\]\.median"):
        print_json({"rows": [{"median": 1.0}, {"median": math.nan}]})
    assert capsys.readouterr().out == ""
    print_json({"a": np.float32(0.5), "b": [1, 2.5]})
    assert capsys.readouterr().out == '{\n  "a": 0.5,\n  "b": [\n    1,\n    2.5\n  ]\n}\n'


def test_an_override_cannot_rename_its_entry(tmp_path: Path) -> None:
    path = _write(tmp_path, "evidence:\n  map_art_selling_penalised: {id: another_name}\n")
    with pytest.raises(InputError, match="cannot rename") as caught:
        from_file(path)
    assert caught.value.issues[0].field == "evidence.map_art_selling_penalised.id"
