"""Bangkok, Sydney and Auckland (helper s3): each loads, calibrates at small draws and projects
the New Zealand, Swedish and its own law.

The assertions read the setting files (targets, law), never hard-coded model outputs: a fitted
target missed by the posterior predictive, or a projection that does not compare each law with
the setting's own law, fails here.
"""

from __future__ import annotations

from functools import cache

import pytest

from swpolicy.epi.posterior import target_rows
from swpolicy.epi.schema import Setting
from swpolicy.epi.settings import load as load_setting
from swpolicy.law import load as load_law
from swpolicy.scenarios import calibrated
from swpolicy.scenarios.executor import InProcess
from swpolicy.scenarios.run import engine_for
from swpolicy.scenarios.simulate import Simulation, simulate

# id -> (law jurisdiction, ISO 3166 place): what the brief and DESIGN section D require.
SETTINGS = {
    "bangkok": ("th", "TH-10"),
    "sydney": ("au-nsw", "AU-NSW"),
    "auckland": ("nz", "NZ-AUK"),
}
DRAWS = 100  # the smallest a projection accepts; the fit is shared with it


@cache
def _fit(name: str) -> calibrated.Fitted:
    return calibrated.fitted(
        engine_for("compartmental"),
        load_setting(name),
        seed=1,
        draws=DRAWS,
        method="smc",
        executor=InProcess(),
    )


@cache
def _project(name: str) -> Simulation:
    own = SETTINGS[name][0]
    laws = [load_law(i) for i in dict.fromkeys(["nz", "se", own])]
    return simulate(name, laws, draws=DRAWS, seed=1, years=5.0, at="2024-01-01")


@pytest.mark.parametrize("name", sorted(SETTINGS))
def test_loads_with_its_own_law_and_place(name: str) -> None:
    s: Setting = load_setting(name)
    jurisdiction, place = SETTINGS[name]
    assert (s.name, s.law.jurisdiction, s.place) == (name, jurisdiction, place)
    assert any(t.used_in_fit and t.kind == "prevalence" for t in s.targets)
    # Low-prevalence data are thin: the file must say what is missing.
    assert "Missing" in s.note


@pytest.mark.parametrize("name", sorted(SETTINGS))
def test_calibrates_and_every_fitted_target_is_reached(name: str) -> None:
    fit = _fit(name)
    s = load_setting(name)
    assert fit.status == "ok", fit.problems
    assert fit.ess > DRAWS / 4
    rows = target_rows(s.targets, fit.predictions, fit.weights)
    assert [r.name for r in rows] == [t.name for t in s.targets]
    assert not [r.name for r in rows if r.used_in_fit and r.missed]


def test_a_held_back_target_is_shown_but_does_not_decide_the_status() -> None:
    # Bangkok's 2013-14 IBBS covers venue-based FSW in 12 provinces, not the street-based women
    # the setting models: it is listed beside the posterior, and missing it is not a failure.
    s = load_setting("bangkok")
    held = [t for t in s.targets if not t.used_in_fit]
    assert held
    fit = _fit("bangkok")
    rows = {r.name: r for r in target_rows(s.targets, fit.predictions, fit.weights)}
    assert all(not rows[t.name].used_in_fit for t in held)
    assert fit.status == "ok"


@pytest.mark.parametrize("name", sorted(SETTINGS))
def test_projects_nz_se_and_its_own_law_against_its_own_law(name: str) -> None:
    result = _project(name)
    own = SETTINGS[name][0]
    rows = result.rows()
    assert {r["law"] for r in rows} == {"nz", "se", own}
    assert result.reference == own
    assert all(r["lo"] <= r["median"] <= r["hi"] for r in rows)
    averted = result.result(own).metrics["hiv_infections_averted"]
    assert (averted == 0).all()  # the setting's own law is the comparison


@pytest.mark.parametrize("name", sorted(SETTINGS))
def test_a_fitted_exposure_survey_is_not_also_a_measured_input(name: str) -> None:
    # DESIGN section A: a survey fitted as a violence/police/outdoor target calibrates a wide
    # prior on the matching input; it is never also that input's measured value.
    s = load_setting(name)
    inputs = {"violence": "p_violence", "police": "p_police", "outdoor": "p_outdoor"}
    fitted = [t for t in s.targets if t.used_in_fit and t.kind in inputs]
    for t in fitted:
        param = s.parameters[inputs[t.kind]]
        assert param.type == "calibrated", (t.name, param.type)
        assert t.name in param.source.citation
    if name in ("bangkok", "auckland"):
        assert [t.kind for t in fitted] == ["violence"]
