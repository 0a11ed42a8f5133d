"""Settings of helper s5 (Paris, Berlin, Madrid, New York City): each loads, calibrates at small
draws with status ok, and projects the New Zealand, Swedish and its own law.

Also checks what makes these settings honest: the place and law they state, that every
violence or police target is calibrated against a wide input prior rather than a measured input
(the same survey is never both), and that the model reproduces the low prevalence it is fitted
to.
"""

from __future__ import annotations

import json

import numpy as np
import pytest
from typer.testing import CliRunner

from swpolicy.cli import app
from swpolicy.epi.schema import Setting
from swpolicy.epi.settings import load as load_setting
from swpolicy.law import load as load_law
from swpolicy.scenarios.calibrated import fitted
from swpolicy.scenarios.executor import executor
from swpolicy.scenarios.run import engine_for
from swpolicy.scenarios.simulate import simulate

# id -> (ISO place, law jurisdiction)
SETTINGS = {
    "paris": ("FR-75C", "fr"),
    "berlin": ("DE-BE", "de"),
    "madrid": ("ES-MD", "es"),
    "nyc": ("US-NY", "us-ny"),
}
DRAWS = 100  # the smallest a run accepts; the projection reuses the calibration
EXPOSURE_INPUT = {"violence": "p_violence", "police": "p_police", "outdoor": "p_outdoor"}


@pytest.fixture(scope="module", params=sorted(SETTINGS))
def setting(request: pytest.FixtureRequest) -> Setting:
    return load_setting(request.param)


def test_place_law_and_targets_are_declared(setting: Setting) -> None:
    place, jurisdiction = SETTINGS[setting.name]
    assert setting.place == place
    assert setting.law.jurisdiction == jurisdiction
    load_law(jurisdiction)  # the law registry knows the jurisdiction
    fitted_prevalence = [
        t for t in setting.targets if t.kind == "prevalence" and t.population == "fsw"
    ]
    assert any(t.used_in_fit for t in fitted_prevalence)
    # The European places are low-prevalence: every FSW prevalence target is below 5%.
    if setting.place[:2] in ("FR", "DE", "ES"):
        assert all(t.value < 0.05 for t in fitted_prevalence)
    # Infections from outside commercial sex are modelled, not forced through clients.
    assert setting.parameters["external_foi"].type == "calibrated"


def test_exposure_targets_are_fitted_against_a_wide_prior(setting: Setting) -> None:
    for target in setting.targets:
        name = EXPOSURE_INPUT.get(target.kind)
        if name is None or not target.used_in_fit:
            continue
        param = setting.parameters[name]
        assert param.type == "calibrated", (setting.name, target.name)
        assert param.ci is not None
        low, high = param.ci
        assert low < target.lo and high > target.hi, (setting.name, target.name)


def test_calibrates_ok_and_fits_the_prevalence(setting: Setting) -> None:
    with executor(None, None) as ex:
        fit = fitted(
            engine_for("compartmental"), setting, seed=1, draws=DRAWS, method="smc", executor=ex
        )
    assert fit.status == "ok", fit.problems
    assert fit.ess > DRAWS / 4
    # The posterior predictive median of each fitted prevalence, violence or police target
    # lies inside the target's interval.
    for i, target in enumerate(setting.targets):
        if target.kind not in ("prevalence", *EXPOSURE_INPUT) or not target.used_in_fit:
            continue
        pred = np.asarray(fit.predictions)[:, i]
        median = float(np.average(pred, weights=fit.weights))
        assert target.lo <= median <= target.hi, (setting.name, target.name, median)


def test_projects_nz_se_and_its_own_law(setting: Setting) -> None:
    own = setting.law.jurisdiction
    laws = [load_law(i) for i in ("nz", "se", own)]
    result = simulate(setting.name, laws, draws=DRAWS, seed=1, years=3.0, at="2026-01-01")
    assert result.reference == own
    assert {r.law_id for r in result.results} >= {"nz", "se", own}
    for res in result.results:
        assert np.all(np.isfinite(res.metrics["hiv_infections"])), res.law_id
    np.testing.assert_array_equal(result.result(own).metrics["hiv_infections_averted"], 0.0)


def test_violence_and_police_targets_are_fitted_where_found() -> None:
    kinds = {name: {t.kind for t in load_setting(name).targets} for name in SETTINGS}
    assert {"violence", "police"} <= kinds["paris"]  # Lotus Bus 2010-2012
    assert "police" in kinds["madrid"]  # CATS 2024


def test_calibrate_cli_lists_exposure_targets(monkeypatch: pytest.MonkeyPatch) -> None:
    from swpolicy.cliutil import console
    from swpolicy.vocabulary import label

    monkeypatch.setattr(console, "width", 200)  # a test worker's console is 80 columns
    args = ["calibrate", "--setting", "paris", "--draws", str(DRAWS)]
    table = CliRunner().invoke(app, args)
    assert table.exit_code == 0, table.output
    for kind in ("violence", "police"):  # shown in words, not as the kind's id
        assert label("target_kind", kind) in table.stdout
    listed = CliRunner().invoke(app, [*args, "--json"])
    body = json.loads(listed.stdout)
    assert body["status"] == "ok"
    rows = {r["name"]: r for r in body["targets"]}
    assert rows["fsw_police_2011"]["kind"] == "police" and not rows["fsw_police_2011"]["missed"]
