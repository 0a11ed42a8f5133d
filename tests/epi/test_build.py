"""Parameter building: anchors to data and the mechanics of scenarios."""

from __future__ import annotations

import numpy as np

from swpolicy.epi.build import build_params, eliminate_in_state
from swpolicy.epi.model import condom_use, initial_state
from swpolicy.epi.schema import Scenario, Setting
from swpolicy.epi.structure import C2, N_FSW, POLICE, VIOLENCE, stratum

from .conftest import FloatDict


def _scn(**kw: object) -> Scenario:
    return Scenario.model_validate({"label": "t", "description": "t", **kw})


def test_exposure_distribution_matches_data(mombasa: Setting, mombasa_draws: FloatDict) -> None:
    p = build_params(mombasa, mombasa_draws)
    assert np.allclose(p.pi.sum(axis=1), 1)
    assert np.allclose((p.pi * VIOLENCE).sum(axis=1), mombasa_draws["p_violence"], atol=1e-6)
    assert np.allclose((p.pi * POLICE).sum(axis=1), mombasa_draws["p_police"], atol=1e-6)


def test_condom_anchors_reproduce_average_use(mombasa: Setting, mombasa_draws: FloatDict) -> None:
    p = build_params(mombasa, mombasa_draws)
    y0, late = mombasa.condom_years
    for year, key in ((y0, "condom_early"), (late, "condom_late")):
        avg = (p.pi * condom_use(year, p)).sum(axis=1)
        assert np.allclose(avg, mombasa_draws[key], atol=1e-6)
    c = condom_use(late, p)
    exposed, unexposed = stratum(1, 1, 1), stratum(0, 0, 0)
    assert np.all(c[:, exposed] < c[:, unexposed])


def test_eliminating_violence_empties_exposed_strata(
    mombasa: Setting, mombasa_draws: FloatDict
) -> None:
    p = build_params(mombasa, mombasa_draws, _scn(eliminate=["violence"]))
    assert np.allclose((p.pi * VIOLENCE).sum(axis=1), 0)
    y = initial_state(build_params(mombasa, mombasa_draws))
    moved = eliminate_in_state(y, ["violence"])
    assert np.allclose(moved.sum(axis=1), y.sum(axis=1))
    assert np.all(moved[:, :N_FSW][:, VIOLENCE == 1] == 0)


def test_art_scaleup_and_outreach_change_only_their_inputs(
    mombasa: Setting, mombasa_draws: FloatDict
) -> None:
    sq = build_params(mombasa, mombasa_draws)
    art = build_params(mombasa, mombasa_draws, _scn(art_scaleup=True))
    assert np.all(sq.art_base[:, :, C2] == 0) and np.all(art.art_base[:, :N_FSW, C2] > 0)
    assert np.array_equal(sq.cond_offset, art.cond_offset)
    out = build_params(mombasa, mombasa_draws, _scn(outreach=True))
    assert np.all(condom_use(2015, out) > condom_use(2015, sq))
    assert np.array_equal(out.art_base, sq.art_base)


def test_status_quo_exposure_paths_stay_at_the_anchored_shares(
    mombasa: Setting, mombasa_draws: FloatDict
) -> None:
    # What violence/police/outdoor targets observe: the status quo keeps each exposure share at
    # the setting's input, whatever happens to HIV, so such a target constrains that input.
    from swpolicy.epi.engine import status_quo_paths

    p = build_params(mombasa, mombasa_draws)
    _, paths = status_quo_paths(p, mombasa.start_year, mombasa.start_year + 20, 1 / 12)
    for kind, key in (("violence", "p_violence"), ("police", "p_police")):
        assert np.allclose(paths[f"fsw_{kind}"][:, -1], mombasa_draws[key], atol=2e-3)
    assert np.all((paths["fsw_outdoor"] >= 0) & (paths["fsw_outdoor"] <= 1))
