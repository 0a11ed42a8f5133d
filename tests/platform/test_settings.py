"""Settings are data: discovered from the folder, or a user's own file anywhere."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

import swpolicy
from swpolicy.cli import app
from swpolicy.epi import settings
from swpolicy.epi.schema import EpiDataError
from swpolicy.errors import UsageError
from swpolicy.report.build import Options, build
from swpolicy.scenarios.assumptions import named


def my_city(tmp_path: Path, **replace: str) -> Path:
    """A new setting file outside the package: Vancouver's inputs under a new name and place."""
    text = (settings.SETTINGS_DIR / "vancouver.yaml").read_text(encoding="utf-8")
    text = text.replace("name: vancouver", "name: my-city", 1)
    text = text.replace("place: CA-BC", "place: CA-ON", 1)
    text = text.replace('label: "Vancouver, Canada"', 'label: "My city, Ontario"', 1)
    for old, new in replace.items():
        text = text.replace(old, new, 1)
    path = tmp_path / "my-city.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_shipped_settings_are_the_files_in_the_folder() -> None:
    ids = settings.shipped()
    assert set(ids) == {p.stem for p in settings.SETTINGS_DIR.glob("*.yaml")}
    assert {"mombasa", "vancouver", "bellary"} <= set(ids)
    for sid in ids:
        s = settings.load(sid)
        assert s.name == sid and s.place[:2].isupper()


def test_a_new_setting_file_runs_from_the_python_api(tmp_path: Path) -> None:
    path = my_city(tmp_path)
    spec = swpolicy.RunSpec(
        setting=str(path), laws=("nz",), start=date(2024, 1, 1), years=2, draws=200
    )
    result = swpolicy.run(spec)
    assert result.setting == "my-city" and result.label == "My city, Ontario"
    assert result.reference == "ca"
    low, med, high = (result.summary("nz", "arrests")[i] for i in (1, 0, 2))
    assert low <= med <= high


def test_a_new_setting_file_runs_from_the_cli(tmp_path: Path) -> None:
    path = my_city(tmp_path)
    args = ["simulate", "--setting", str(path), "--law", "nz", "--at", "2024-01-01"]
    res = CliRunner().invoke(app, [*args, "--years", "2", "--draws", "200", "--json"])
    assert res.exit_code == 0, res.output
    rows = json.loads(res.stdout)
    assert {r["setting"] for r in rows} == {"my-city"}
    assert {r["law"] for r in rows} == {"ca", "nz"}


def test_a_new_setting_file_runs_in_the_report(tmp_path: Path) -> None:
    path = my_city(tmp_path)
    opts = Options(
        at=date(2024, 1, 1),
        assumptions=named("default"),
        draws=200,
        seed=3,
        years=2.0,
        settings=(str(path),),
        samples=16,
    )
    written = build(opts, tmp_path / "report")
    html = written.html.read_text(encoding="utf-8")
    assert "My city, Ontario" in html


def test_a_malformed_setting_file_is_located_and_exits_2(tmp_path: Path) -> None:
    path = my_city(tmp_path, **{"start_year: 1985": "start_year: soon"})
    with pytest.raises(EpiDataError, match=r"my-city\.yaml:\d+:\d+: start_year"):
        settings.load(path)
    res = CliRunner().invoke(app, ["simulate", "--setting", str(path), "--law", "nz"])
    assert res.exit_code == 2
    assert "my-city.yaml:" in res.output and "start_year" in res.output
    assert res.exception is None or isinstance(res.exception, SystemExit)


def test_bad_places_ids_and_scenarios_are_refused(tmp_path: Path) -> None:
    with pytest.raises(EpiDataError, match="place"):
        settings.load(my_city(tmp_path, **{"place: CA-ON": "place: ZZ-99"}))
    with pytest.raises(UsageError, match="unknown setting 'atlantis'"):
        settings.load("atlantis")
    with pytest.raises(UsageError, match="not found"):
        settings.load(tmp_path / "missing.yaml")
    spec = swpolicy.RunSpec(
        setting="vancouver", scenarios=("art",), start=date(2014, 1, 1), draws=100
    )
    with pytest.raises(UsageError, match="do not apply"):
        swpolicy.run(spec)


def test_settings_command_lists_and_validates(tmp_path: Path) -> None:
    runner = CliRunner()
    listed = runner.invoke(app, ["settings", "list", "--json", "--kind", "calibrated"])
    assert listed.exit_code == 0, listed.output
    assert [r["id"] for r in json.loads(listed.stdout)] == list(settings.shipped())
    shown = runner.invoke(app, ["settings", "show", str(my_city(tmp_path)), "--json"])
    assert shown.exit_code == 0 and json.loads(shown.stdout)["id"] == "my-city"
    bad = my_city(tmp_path, **{"epidemic: concentrated": "epidemic: sporadic"})
    res = runner.invoke(app, ["settings", "show", str(bad)])
    assert res.exit_code == 2 and "epidemic" in res.output
