"""Helper s1's settings (Johannesburg, Nairobi, Kampala): each loads, calibrates and projects.

For each setting: the file validates and names its own law; a small calibration (100 SMC
particles) runs with status ``ok`` and lists fitted and held-back targets separately; and
``simulate --law nz --law se --law <own>`` projects every law on the calibrated draws.
"""

from __future__ import annotations

import json
import math
from typing import Any

import pytest
from typer.testing import CliRunner

from swpolicy.cli import app
from swpolicy.epi.settings import load, shipped

# id -> (law jurisdiction, ISO 3166 place)
SETTINGS = {
    "johannesburg": ("za", "ZA-GP"),
    "kampala": ("ug", "UG-102"),
    "nairobi": ("ke", "KE-30"),
}
DRAWS = "100"  # the smallest number of draws a run accepts


def _json(args: list[str]) -> Any:
    res = CliRunner().invoke(app, args)
    assert res.exit_code == 0, res.output
    return json.loads(res.output)


@pytest.mark.parametrize("name", sorted(SETTINGS))
def test_loads_with_its_own_law_and_place(name: str) -> None:
    setting = load(name)
    assert name in shipped()
    assert (setting.law.jurisdiction, setting.place) == SETTINGS[name]
    fitted = [t for t in setting.targets if t.used_in_fit]
    assert any(t.kind == "prevalence" and t.population == "fsw" for t in fitted)
    for param in setting.parameters.values():  # every input says where it comes from
        assert param.source is not None


@pytest.mark.parametrize("name", sorted(SETTINGS))
def test_calibrates_ok_at_small_draws(name: str) -> None:
    out = _json(["calibrate", "--setting", name, "--draws", DRAWS, "--json"])
    assert out["status"] == "ok"
    assert 0 < out["ess"] <= int(DRAWS)
    names = {t["name"]: t for t in out["targets"]}
    assert set(names) == {t.name for t in load(name).targets}
    for t in names.values():
        assert t["model"]["lo"] <= t["model"]["median"] <= t["model"]["hi"]
        if t["used_in_fit"]:
            assert not t["missed"], t["name"]


@pytest.mark.parametrize("name", sorted(SETTINGS))
def test_projects_nz_se_and_its_own_law(name: str) -> None:
    own = SETTINGS[name][0]
    args = ["simulate", "--setting", name, "--law", "nz", "--law", "se", "--law", own]
    out = _json([*args, "--draws", DRAWS, "--years", "5", "--at", "2024-01-01", "--json"])
    rows = out
    assert {r["law"] for r in rows} == {"nz", "se", own}
    assert {r["setting"] for r in rows} == {name}
    for r in rows:
        assert math.isfinite(r["median"]) and r["lo"] <= r["median"] <= r["hi"], r
    averted = {r["law"]: r for r in rows if r["metric"] == "hiv_infections_averted"}
    assert averted[own]["median"] == averted[own]["hi"] == 0.0  # counted against its own law
