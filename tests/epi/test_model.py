"""Invariants of the compartmental model and agreement with scipy's solve_ivp."""

from __future__ import annotations

import numpy as np
from scipy.integrate import solve_ivp

from swpolicy.epi.build import build_params
from swpolicy.epi.model import demography, initial_state, integrate, rhs
from swpolicy.epi.schema import Setting
from swpolicy.epi.structure import BRIDGE, CLIENTS, CUM, N_FSW, S

from .conftest import FloatDict


def test_no_negative_compartments(any_mombasa: Setting, mombasa_draws: FloatDict) -> None:
    p = build_params(any_mombasa, mombasa_draws)
    tr = integrate(p, initial_state(p), 1985, 2024, dt=1 / 12)
    assert tr.y.min() >= -1e-9
    assert np.all((tr.fsw_prev >= 0) & (tr.fsw_prev <= 1))


def test_populations_conserved_net_of_entry_exit_and_death(
    any_mombasa: Setting, mombasa_draws: FloatDict
) -> None:
    p = build_params(any_mombasa, mombasa_draws)
    y = integrate(p, initial_state(p), 1985, 2000, dt=1 / 12).y
    dy = rhs(2000.0, y, p)[:, :, :CUM].sum(axis=2)
    flows = demography(2000.0, y, p)
    net = flows["entries"] - flows["exits"] - flows["deaths"]
    # Movement between strata only redistributes FSW: the FSW total matches net demography...
    assert np.allclose(dy[:, :N_FSW].sum(axis=1), net[:, :N_FSW].sum(axis=1), atol=1e-8)
    # ...and clients and the bridge population match it group by group.
    assert np.allclose(dy[:, N_FSW:], net[:, N_FSW:], atol=1e-8)
    # Entries replace exits and deaths, so sizes stay at their initial values.
    n = y[:, :, :CUM].sum(axis=2)
    assert np.allclose(n[:, N_FSW:], p.n0[:, N_FSW:])
    assert np.allclose(n[:, :N_FSW].sum(axis=1), p.n0[:, :N_FSW].sum(axis=1))
    # The bridge population exists only when the setting switches it on.
    assert np.all(n[:, BRIDGE] > 0) == any_mombasa.bridge


def test_no_transmission_without_infection(any_mombasa: Setting, mombasa_draws: FloatDict) -> None:
    x = dict(mombasa_draws)
    x["seed_prev"] = np.zeros_like(x["seed_prev"])
    x["external_foi"] = np.zeros_like(x["external_foi"])
    x["entrant_prev"] = np.zeros_like(x["entrant_prev"])
    p = build_params(any_mombasa, x)
    tr = integrate(p, initial_state(p), 1985, 2024, dt=1 / 12)
    assert np.all(tr.y[:, :, CUM] == 0)
    assert np.all(tr.fsw_prev == 0) and np.all(tr.client_prev == 0)


def _infections(setting: Setting, x: FloatDict) -> np.typing.NDArray[np.float64]:
    p = build_params(setting, x)
    tr = integrate(p, initial_state(p), 1985, 2024, dt=1 / 12)
    return tr.y[:, : CLIENTS + 1, CUM].sum(axis=1)


def test_more_condom_use_never_raises_incidence(
    any_mombasa: Setting, mombasa_draws: FloatDict
) -> None:
    mombasa = any_mombasa
    base = _infections(mombasa, mombasa_draws)
    for bump in (0.05, 0.15):
        x = dict(mombasa_draws)
        x["condom_early"] = np.minimum(x["condom_early"] + bump, 0.99)
        x["condom_late"] = np.minimum(x["condom_late"] + bump, 0.99)
        more = _infections(mombasa, x)
        assert np.all(more < base)
        base = more


def test_stronger_transmission_raises_prevalence(
    mombasa: Setting, mombasa_draws: FloatDict
) -> None:
    x = dict(mombasa_draws)
    x["beta_mf"] = x["beta_mf"] * 1.5
    assert np.all(_infections(mombasa, x) > _infections(mombasa, mombasa_draws))


def test_rk4_agrees_with_solve_ivp(mombasa: Setting, mombasa_draws: FloatDict) -> None:
    p = build_params(mombasa, mombasa_draws).select(np.arange(3))
    y0 = initial_state(p)
    tr = integrate(p, y0, 1985, 2024, dt=1 / 12, record_every=1.0)
    for d in range(3):
        pd = p.select(np.array([d]))
        shape = y0[d : d + 1].shape

        def f(
            t: float, v: np.typing.NDArray[np.float64], pd=pd, shape=shape
        ) -> np.typing.NDArray[np.float64]:
            return rhs(t, v.reshape(shape), pd).ravel()

        sol = solve_ivp(f, (1985, 2024), y0[d].ravel(), t_eval=tr.times, rtol=1e-8, atol=1e-8)
        ys = sol.y.T.reshape(len(tr.times), *shape[1:])
        fsw = ys[:, :N_FSW, :CUM]
        prev = 1 - fsw[:, :, S].sum(axis=1) / fsw.sum(axis=(1, 2))
        rel = np.abs(tr.fsw_prev[d, 1:] - prev[1:]) / prev[1:]
        assert rel.max() < 1e-3
