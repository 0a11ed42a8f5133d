"""`swpolicy calibrate` lists fitted and held-back (validation) targets apart, each beside the
posterior predictive."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from swpolicy.cli import app
from swpolicy.epi.settings import SETTINGS_DIR

# A held-back target added to a copy of Vancouver's file for this test only: the numbers are a
# made-up fixture (not data), marked as such; what is tested is how it is listed.
HELD_BACK = """
  - name: fsw_violence_check
    kind: violence
    population: fsw
    year: 2012
    value: 0.3
    lo: 0.2
    hi: 0.4
    likelihood: logit_normal
    interval: sampling
    used_in_fit: false
    source:
      citation: "test fixture, not data"
      url: "https://example.org/not-data"
      locator: "none"
    note: "A made-up held-back target for the test of the calibrate listing."
"""


def test_fitted_and_held_back_targets_are_listed_apart(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from swpolicy.cliutil import console

    # A wide table whatever the terminal (in a test worker the console is 80 columns).
    monkeypatch.setattr(console, "width", 200)
    setting = tmp_path / "vancouver-check.yaml"
    text = (SETTINGS_DIR / "vancouver.yaml").read_text(encoding="utf-8")
    setting.write_text(text.rstrip("\n") + "\n" + HELD_BACK, encoding="utf-8")
    args = ["calibrate", "--setting", str(setting), "--draws", "100"]
    res = CliRunner().invoke(app, [*args, "--json"])
    assert res.exit_code == 0, res.output
    body = json.loads(res.stdout)
    assert [r["name"] for r in body["fitted"]] == ["fsw_prevalence_2010"]
    (held,) = body["held_back"]
    assert (held["name"], held["kind"]) == ("fsw_violence_check", "violence")
    assert held["used_in_fit"] is False
    assert held["model"]["lo"] <= held["model"]["median"] <= held["model"]["hi"]
    assert 0.0 < held["model"]["median"] < 1.0  # a share of FSW, like the data
    assert {r["name"] for r in body["targets"]} == {"fsw_prevalence_2010", "fsw_violence_check"}
    shown = CliRunner(env={"COLUMNS": "200"}).invoke(app, args)
    assert shown.exit_code == 0, shown.output
    out = shown.stdout
    assert out.index("Fitted targets") < out.index("fsw_prevalence_2010") < out.index("Held back")
    assert out.index("Held back") < out.index("fsw_violence_check")
    assert "30.0 [20.0, 40.0] %" in out  # the observed share, shown as %
