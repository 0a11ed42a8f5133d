"""Settings of helper s2 (Harare, Lagos, Mumbai): each loads, calibrates at small draws and
projects the status quo against New Zealand's and Sweden's laws in its own jurisdiction."""

from __future__ import annotations

import json

import numpy as np
import pytest
from typer.testing import CliRunner

from swpolicy.cli import app
from swpolicy.epi.settings import load as load_setting
from swpolicy.law import load
from swpolicy.scenarios.simulate import simulate

# id -> (law registry id, ISO 3166 code of the place)
SETTINGS = {
    "harare": ("zw", "ZW-HA"),
    "lagos": ("ng", "NG-LA"),
    "mumbai": ("in", "IN-MH"),
}


@pytest.mark.parametrize("name", sorted(SETTINGS))
def test_setting_loads_with_its_own_law_and_sourced_targets(name: str) -> None:
    setting = load_setting(name)
    law, place = SETTINGS[name]
    assert setting.name == name and setting.place == place
    assert setting.law.jurisdiction == law
    fitted = [t for t in setting.targets if t.used_in_fit]
    assert any(t.kind == "prevalence" and t.population == "fsw" for t in fitted)
    for t in setting.targets:
        assert t.source.citation and (t.source.url or t.source.doi) and t.source.locator
        assert t.lo <= t.value <= t.hi


@pytest.mark.parametrize("name", sorted(SETTINGS))
def test_setting_calibrates_at_small_draws(name: str) -> None:
    args = ["calibrate", "--setting", name, "--draws", "100", "--json"]
    res = CliRunner().invoke(app, args)
    assert res.exit_code == 0, res.output
    body = json.loads(res.stdout)
    assert body["setting"] == name and body["draws"] == 100
    assert body["ess"] > 1 and body["status"] == "ok"  # no fitted target missed
    names = {t.name for t in load_setting(name).targets}
    rows = body["targets"]
    assert {r["name"] for r in rows} == names
    for r in rows:
        assert r["model"]["lo"] <= r["model"]["median"] <= r["model"]["hi"]


@pytest.mark.parametrize("name", sorted(SETTINGS))
def test_setting_projects_nz_and_se_against_its_own_law(name: str) -> None:
    own = SETTINGS[name][0]
    laws = [load("nz"), load("se"), load(own)]
    result = simulate(name, laws, draws=100, seed=1, years=2.0, at="2025-01-01")
    assert result.reference == own
    assert {r["law"] for r in result.rows()} == {own, "nz", "se"}
    np.testing.assert_array_equal(result.result(own).metrics["hiv_infections_averted"], 0.0)
    for law in ("nz", "se"):
        infections = result.result(law).metrics["hiv_infections"]
        assert np.all(np.isfinite(infections)) and np.all(infections >= 0)
