"""`swpolicy report`: wiring, progress, and bad input failing fast with exit code 2."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
import typer
from typer.testing import CliRunner

from swpolicy.report import cli as report_cli
from swpolicy.report.build import DEFAULT_DRAWS, Options, Written


def _app() -> typer.Typer:
    app = typer.Typer()
    report_cli.register(app)

    @app.callback()
    def main() -> None:
        """Group, so the command is addressed as `report` as in the real CLI."""

    return app


@pytest.fixture
def no_build(monkeypatch: pytest.MonkeyPatch) -> None:
    """Bad input must be rejected before the long computation starts."""

    def refuse(*_args: Any, **_kwargs: Any) -> Written:
        raise AssertionError("build() ran although the input was bad")

    monkeypatch.setattr(report_cli, "build", refuse)


@pytest.mark.usefixtures("no_build")
@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--assumptions", "sceptics"], "unknown assumption set"),
        (["--at", "2024-13-01"], "--at"),
        (["--draws", "5"], "100"),
    ],
)
def test_bad_options_exit_2_without_traceback(args: list[str], message: str) -> None:
    result = CliRunner().invoke(_app(), ["report", *args])
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output + result.stderr
    assert message in result.stderr


@pytest.mark.usefixtures("no_build")
def test_out_that_is_a_file_exits_2(tmp_path: Path) -> None:
    afile = tmp_path / "report.html"
    afile.write_text("x", encoding="utf-8")
    result = CliRunner().invoke(_app(), ["report", "--out", str(afile)])
    assert result.exit_code == 2
    assert "not a directory" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.usefixtures("no_build")
def test_bad_assumption_file_is_located(tmp_path: Path) -> None:
    bad = tmp_path / "mine.yaml"
    bad.write_text("base: default\ndisable: [no_such_link]\n", encoding="utf-8")
    result = CliRunner().invoke(_app(), ["report", "--assumptions", str(bad)])
    assert result.exit_code == 2
    assert f"{bad}:2:" in result.stderr
    assert "unknown effect 'no_such_link'" in result.stderr
    assert "Traceback" not in result.stderr


def test_cli_passes_options_and_reports_progress_and_paths(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """--draws/--seed/--at/--assumptions/--pdf reach the builder; stages are shown on stderr.

    The builder itself is tested in test_build.py; here it is replaced by a stand-in that
    records its arguments and drives the progress callback like the real one.
    """
    seen: list[tuple[Options, Path, bool]] = []

    def fake_build(opts: Options, out: Path, *, pdf: bool, on_stage: Any) -> Written:
        seen.append((opts, out, pdf))
        tick = on_stage("simulate vancouver", 10)
        tick(10)
        on_stage("charts", 0)
        (out / "index.html").write_text("<!DOCTYPE html>", encoding="utf-8")
        (out / "report.pdf").write_bytes(b"%PDF-1.7")
        return Written(out / "index.html", out / "report.pdf", 15)

    monkeypatch.setattr(report_cli, "build", fake_build)
    out = tmp_path / "site"
    args = ["report", "--out", str(out), "--draws", "300", "--seed", "5", "--at", "2024-01-01"]
    result = CliRunner().invoke(_app(), [*args, "--assumptions", "critics", "--pdf"])
    assert result.exit_code == 0, result.stderr
    opts, where, pdf = seen[0]
    assert (opts.draws, opts.seed, opts.at.isoformat()) == (300, 5, "2024-01-01")
    assert opts.assumptions.name == "critics" and where == out and pdf
    assert "simulate vancouver" in result.stderr
    printed = "".join(result.stdout.split())  # long temporary paths wrap at the terminal width
    assert "index.html" in printed and "report.pdf" in printed


def test_defaults_are_the_documented_ones(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[tuple[Options, Path, bool]] = []

    def fake_build(opts: Options, out: Path, *, pdf: bool, on_stage: Any) -> Written:
        seen.append((opts, out, pdf))
        return Written(out / "index.html", None, 0)

    monkeypatch.setattr(report_cli, "build", fake_build)
    monkeypatch.setattr(report_cli, "check_out_dir", lambda out: None)
    result = CliRunner().invoke(_app(), ["report"])
    assert result.exit_code == 0, result.stderr
    opts, out, pdf = seen[0]
    assert out == Path("out/report") and not pdf
    assert opts.draws == DEFAULT_DRAWS and opts.seed == 1
    assert opts.assumptions.name == "default"
    assert opts.at == date.today()
