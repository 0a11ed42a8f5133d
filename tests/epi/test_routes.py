"""The STI co-factor, the injection route and HIV-positive entrants do what they declare."""

from __future__ import annotations

import numpy as np
import pytest

from swpolicy.epi.build import build_params, injection_rr_police, outside_force
from swpolicy.epi.engine import parameters
from swpolicy.epi.model import force_of_infection, initial_state, integrate
from swpolicy.epi.sampling import sample
from swpolicy.epi.schema import Scenario, Setting
from swpolicy.epi.settings import load as load_setting
from swpolicy.epi.structure import C1, CLIENTS, CUM, N_FSW, POLICE, S
from swpolicy.streams import draw_range

from .conftest import FloatDict

OUTREACH = Scenario.model_validate({"label": "t", "description": "t", "outreach": True})


@pytest.fixture(scope="module")
def vancouver_draws() -> tuple[Setting, FloatDict]:
    """Vancouver (the setting with an injection route) and eight of its draws."""
    setting = load_setting("vancouver")
    return setting, sample(parameters(setting), draw_range(0, 8), 3, prefix="epi/vancouver")


def _state(setting: Setting, x: FloatDict) -> np.typing.NDArray[np.float64]:
    p = build_params(setting, x)
    return integrate(p, initial_state(p), setting.start_year, 2010).y[:, :, :CUM]


def test_sti_cofactor_raises_per_act_risk_by_the_declared_factor(
    mombasa: Setting, mombasa_draws: FloatDict
) -> None:
    """With every FSW carrying a co-factor STI, the force of infection from commercial sex is
    multiplied by the cofactor, in both directions; without STI it is the plain per-act one."""
    none, every = dict(mombasa_draws), dict(mombasa_draws)
    for x, prev in ((none, 0.0), (every, 1.0 - 1e-12)):
        x["sti_prev"] = np.full_like(x["sti_prev"], prev)
        x["external_foi"] = np.zeros_like(x["external_foi"])
    pop = _state(mombasa, mombasa_draws)
    lam_none = force_of_infection(2010.0, pop, build_params(mombasa, none))
    lam_every = force_of_infection(2010.0, pop, build_params(mombasa, every))
    factor = mombasa_draws["sti_cofactor"][:, None]
    assert np.allclose(lam_every[:, : CLIENTS + 1], factor * lam_none[:, : CLIENTS + 1])
    assert np.all(factor > 1)


def test_outreach_lowers_sti_prevalence_and_the_cofactor(
    mombasa: Setting, mombasa_draws: FloatDict
) -> None:
    base = build_params(mombasa, mombasa_draws).sti_mult
    reached = build_params(mombasa, mombasa_draws, OUTREACH).sti_mult
    x = mombasa_draws
    # The fraction reached has its STI odds multiplied by the Kerrigan odds ratio.
    odds = x["sti_prev"] / (1 - x["sti_prev"]) * x["or_sti_outreach"]
    prev = (1 - x["outreach_coverage"]) * x["sti_prev"] + x["outreach_coverage"] * odds / (1 + odds)
    assert np.allclose(reached, 1 + prev * (x["sti_cofactor"] - 1))
    assert np.all(reached < base) and np.all(reached > 1)


def test_no_injection_share_means_no_injection_route(
    vancouver_draws: tuple[Setting, FloatDict],
) -> None:
    vancouver, draws = vancouver_draws
    x = dict(draws)
    x["p_inject"] = np.zeros_like(x["p_inject"])
    force = outside_force(x)
    assert np.allclose(force, x["external_foi"][:, None])
    # ...and the epidemic is then the same as one with no injection risk at all.
    y = dict(x, inject_foi=np.zeros_like(x["inject_foi"]))
    assert np.allclose(_state(vancouver, x), _state(vancouver, y))


def test_injection_adds_the_declared_force_for_the_share_who_inject(
    vancouver_draws: tuple[Setting, FloatDict],
) -> None:
    x = vancouver_draws[1]
    force = outside_force(x) - x["external_foi"][:, None]
    unpoliced = force[:, POLICE == 0]
    assert np.allclose(unpoliced, (x["p_inject"] * x["inject_foi"])[:, None])
    assert np.all(x["p_inject"] > 0.3)  # AESHA: 39.4% injected in the last 6 months


def test_confiscation_raises_injection_risk_of_policed_sex_workers(
    vancouver_draws: tuple[Setting, FloatDict],
) -> None:
    vancouver, draws = vancouver_draws
    x = dict(draws)
    force = outside_force(x)
    assert np.all(force[:, POLICE == 1] > force[:, POLICE == 0])
    more = dict(x, confiscation_given_police=x["confiscation_given_police"] * 2)
    assert np.all(injection_rr_police(more) > injection_rr_police(x))
    none = dict(x, confiscation_given_police=np.zeros_like(x["confiscation_given_police"]))
    flat = outside_force(none)
    assert np.allclose(flat[:, POLICE == 1], flat[:, POLICE == 0])
    # Removing policing removes the confiscation excess (FSW leave the policed strata).
    scn = Scenario.model_validate({"label": "t", "description": "t", "eliminate": ["police"]})
    p = build_params(vancouver, x, scn)
    assert np.allclose(p.pi[:, POLICE == 1], 0.0)


def test_hiv_positive_entrants_enter_infected_and_are_not_new_infections(
    mombasa: Setting, mombasa_draws: FloatDict
) -> None:
    x = dict(mombasa_draws)
    for k in ("seed_prev", "external_foi"):
        x[k] = np.zeros_like(x[k])
    x["entrant_prev"] = np.full_like(x["entrant_prev"], 0.1)
    p = build_params(mombasa, x)
    tr = integrate(p, initial_state(p), 1985, 1990)
    assert np.all(tr.y[:, :N_FSW, C1].sum(axis=1) > 0)
    # Entrants bring infections in; transmission from them follows, but none at t0.
    assert np.all(tr.fsw_prev[:, -1] > 0)
    zero = dict(x, entrant_prev=np.zeros_like(x["entrant_prev"]))
    pz = build_params(mombasa, zero)
    tz = integrate(pz, initial_state(pz), 1985, 1990)
    assert np.allclose(tz.y[:, :N_FSW, S].sum(axis=1), tz.y[:, :N_FSW, :CUM].sum(axis=(1, 2)))


def test_stacked_law_multipliers_are_capped_so_the_model_stays_finite() -> None:
    # Many penalised provisions multiply policing 20-80 times; without the cap on onset rates
    # the monthly RK4 step diverged (Brunei's law in Vancouver gave non-finite results).
    from swpolicy.epi.build import MAX_ONSET, build_params
    from swpolicy.epi.engine import draw_parameters
    from swpolicy.epi.model import initial_state, integrate
    from swpolicy.epi.settings import load
    from swpolicy.streams import draw_range

    setting = load("vancouver")
    x = draw_parameters(setting, 1, draw_range(0, 20))
    huge = {"police": np.full(20, 500.0), "outdoor": np.full(20, 500.0)}
    p = build_params(setting, x, modifiers=huge)
    assert np.all(np.isfinite(p.qt)) and p.qt.max() <= MAX_ONSET + x["exposure_recovery"].max() * 4
    traj = integrate(p, initial_state(p), 2000.0, 2003.0)
    assert np.all(np.isfinite(traj.fsw_prev))
