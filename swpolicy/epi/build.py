"""Turn sampled parameter values into model rates (:class:`ModelParams`), per scenario.

The status quo fixes everything that is anchored to data: the violence incidence that
reproduces the setting's violence prevalence, and the condom-use intercepts that reproduce the
setting's average condom use given the exposure odds ratios. A scenario then changes only the
exposure dynamics, ART or outreach on top of those anchors, so scenarios differ from the
status quo only by their intended mechanism.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence

import numpy as np
from numpy.typing import NDArray

from swpolicy.epi.model import ModelParams
from swpolicy.epi.schema import EpiDataError, Scenario, Setting
from swpolicy.epi.structure import (
    BRIDGE,
    C2,
    C3,
    CLIENTS,
    EXPOSURE_BIT,
    N_FSW,
    N_GROUPS,
    N_STATES,
    OUTDOOR,
    POLICE,
    VIOLENCE,
    L,
    movement_generator,
    solve_intercept,
    stationary,
)
from swpolicy.errors import Issue

FloatArray = NDArray[np.float64]

COMMON_NAMES = [
    "dur_acute",
    "dur_c1",
    "dur_c2",
    "dur_c3",
    "mort_c1",
    "mort_c2",
    "mort_c3",
    "mort_late",
    "mort_art",
    "rr_acute",
    "rr_late",
    "rr_art",
    "art_dropout",
    "condom_efficacy",
    "rel_beta_fm",
    "or_cond_police",
    "or_violence_police",
    "or_cond_outdoor",
    "rr_art_police",
    "exposure_recovery",
    "env_switch",
    "or_cond_outreach",
    "outreach_coverage",
    "art_rate_scaleup",
    "sti_cofactor",
    "or_sti_outreach",
    "p_inject",
    "inject_foi",
    "confiscation_given_police",
    "or_sharing_confiscation",
    "sti_prev",
    "entrant_prev",
]
SETTING_NAMES = [
    "n_fsw",
    "client_ratio",
    "fsw_acts",
    "dur_fsw",
    "dur_client",
    "p_violence",
    "p_police",
    "p_outdoor",
    "or_cond_violence",
    "condom_early",
    "condom_late",
    "beta_mf",
    "seed_prev",
    "external_foi",
    "art_rate_max",
]
BRIDGE_NAMES = ["bridge_ratio", "dur_bridge", "bridge_acts", "bridge_condom"]


def required_names(setting: Setting) -> list[str]:
    """Parameter names the model needs for a setting."""
    return COMMON_NAMES + SETTING_NAMES + (BRIDGE_NAMES if setting.bridge else [])


def check_names(setting: Setting, names: set[str]) -> None:
    """Raise :class:`EpiDataError` naming the setting file and any missing parameter."""
    missing = [n for n in required_names(setting) if n not in names]
    if missing:
        where = f"{setting.name}.yaml/common.yaml"
        message = f"missing parameter(s): {', '.join(missing)}"
        raise EpiDataError([Issue(where, 1, 1, "parameters", message)])


_ANCHORS: dict[bytes, FloatArray] = {}  # bisection results by the bytes of their inputs


def _violence_incidence(
    x: Mapping[str, FloatArray], env_on: FloatArray, env_off: FloatArray, iters: int = 50
) -> FloatArray:
    """Violence incidence (when not policed) giving the target violence prevalence, by bisection.

    The anchor depends only on the draws, not on a law: every law and scenario projected from
    the same draws needs the same one, so it is remembered by a digest of its inputs (a
    deterministic function: reuse gives exactly the numbers a new bisection would).
    """
    names = ("exposure_recovery", "p_police", "p_violence", "or_violence_police")
    inputs = [np.ascontiguousarray(a) for a in (*(x[n] for n in names), env_on, env_off)]
    key = hashlib.blake2b(b"".join(a.tobytes() for a in inputs), digest_size=16).digest()
    key += str(inputs[0].shape).encode() + str(iters).encode()
    if key in _ANCHORS:
        return _ANCHORS[key]
    out = _bisect_violence(x, env_on, env_off, iters)
    _ANCHORS[key] = out
    while len(_ANCHORS) > 64:  # bounded: the oldest anchors go first
        del _ANCHORS[next(iter(_ANCHORS))]
    return out


def _bisect_violence(
    x: Mapping[str, FloatArray], env_on: FloatArray, env_off: FloatArray, iters: int
) -> FloatArray:
    kappa = x["exposure_recovery"]
    pol_on = kappa * x["p_police"] / (1 - x["p_police"])
    lo = np.full(kappa.shape, -12.0)
    hi = np.full(kappa.shape, 8.0)
    for _ in range(iters):
        mid = 0.5 * (lo + hi)
        q = movement_generator(
            env_on, env_off, pol_on, kappa, kappa * np.exp(mid), x["or_violence_police"], kappa
        )
        too_high = (stationary(q) * VIOLENCE).sum(axis=1) > x["p_violence"]
        hi = np.where(too_high, mid, hi)
        lo = np.where(too_high, lo, mid)
    out: FloatArray = kappa * np.exp(0.5 * (lo + hi))
    return out


MODIFIABLE = ("police", "outdoor", "violence", "condom_nonuse", "art")
# Largest onset rate (per year) of outdoor work, police exposure or violence under a law; see
# build_params. The status quo's rates are far below it (about 0.1-2 per year).
MAX_ONSET = 8.0


def sti_multiplier(x: Mapping[str, FloatArray], outreach_cov: FloatArray) -> FloatArray:
    """Per-act multiplier (D,) on transmission between FSW and clients from STI co-infection.

    A fraction ``sti_prev`` of FSW have a co-factor STI, which multiplies the per-act risk by
    ``sti_cofactor`` (Boily 2009); outreach multiplies the odds of that STI by
    ``or_sti_outreach`` (Kerrigan 2015) among the fraction it reaches.
    """
    prev = x["sti_prev"]
    odds = prev / (1 - prev) * x["or_sti_outreach"]
    prev_reached = odds / (1 + odds)
    share = (1 - outreach_cov) * prev + outreach_cov * prev_reached
    out: FloatArray = 1 + share * (x["sti_cofactor"] - 1)
    return out


def injection_rr_police(x: Mapping[str, FloatArray]) -> FloatArray:
    """Relative injection risk (D,) of FSW exposed to policing: equipment is confiscated from a
    fraction of them, and confiscation raises the odds of sharing equipment (Landsberg 2016),
    taken as the relative risk of HIV through injection (an assumed transfer)."""
    out: FloatArray = 1 + x["confiscation_given_police"] * (x["or_sharing_confiscation"] - 1)
    return out


def outside_force(x: Mapping[str, FloatArray]) -> FloatArray:
    """Force of infection (D, 8) on FSW from outside commercial sex, by stratum.

    ``external_foi`` (other partners) applies to every FSW; the injection route to the fraction
    ``p_inject`` who inject, at ``inject_foi``, raised in the policed strata. The model does not
    track who injects: the injection force is the average over FSW (see NOTES.md).
    """
    rr = 1 + POLICE[None, :] * (injection_rr_police(x) - 1)[:, None]
    inject = (x["p_inject"] * x["inject_foi"])[:, None] * rr
    out: FloatArray = x["external_foi"][:, None] + inject
    return out


def build_params(
    setting: Setting,
    x: Mapping[str, FloatArray],
    scenario: Scenario | None = None,
    modifiers: Mapping[str, FloatArray] | None = None,
) -> ModelParams:
    """Model rates for all draws of ``x`` (name -> (D,) array) under ``scenario``.

    ``modifiers`` (determinant -> (D,) multiplier, from `swpolicy.scenarios`) scale the
    exposure dynamics, condom non-use odds and ART access relative to the status quo, after the
    status quo has been anchored to the setting's data: ``police``, ``outdoor`` and ``violence``
    multiply the incidence of each exposure, ``condom_nonuse`` the odds of condom non-use in
    every stratum, ``art`` the rate at which FSW start ART.
    """
    check_names(setting, set(x))
    d = x["beta_mf"].shape[0]
    zeros = np.zeros(d)
    bridge = setting.bridge

    n0 = np.zeros((d, N_GROUPS))
    n0[:, :N_FSW] = (x["n_fsw"] / N_FSW)[:, None]  # split by pi in initial_state
    n0[:, CLIENTS] = x["n_fsw"] * x["client_ratio"]
    n0[:, BRIDGE] = n0[:, CLIENTS] * x["bridge_ratio"] if bridge else zeros
    exit_ = np.zeros((d, N_GROUPS))
    exit_[:, :N_FSW] = (1 / x["dur_fsw"])[:, None]
    exit_[:, CLIENTS] = 1 / x["dur_client"]
    exit_[:, BRIDGE] = 1 / x["dur_bridge"] if bridge else 0.05

    prog = np.stack([1 / x["dur_acute"], 1 / x["dur_c1"], 1 / x["dur_c2"], 1 / x["dur_c3"]], 1)
    mort = np.stack(
        [zeros, zeros, x["mort_c1"], x["mort_c2"], x["mort_c3"], x["mort_late"], x["mort_art"]], 1
    )
    ones = np.ones(d)
    infw = np.stack([x["rr_acute"], ones, ones, ones, x["rr_late"], x["rr_art"]], 1)

    # Exposure dynamics (status quo), then the scenario's eliminations.
    kappa = x["exposure_recovery"]
    env_on = x["env_switch"] * x["p_outdoor"]
    env_off = x["env_switch"] * (1 - x["p_outdoor"])
    pol_on = kappa * x["p_police"] / (1 - x["p_police"])
    vio_on = _violence_incidence(x, env_on, env_off)
    q_sq = movement_generator(
        env_on, env_off, pol_on, kappa, vio_on, x["or_violence_police"], kappa
    )
    pi_sq = stationary(q_sq)

    # Condom use: log-odds offsets by stratum from the odds ratios of condom NON-use.
    offset = -(
        VIOLENCE * np.log(x["or_cond_violence"])[:, None]
        + POLICE * np.log(x["or_cond_police"])[:, None]
        + OUTDOOR * np.log(x["or_cond_outdoor"])[:, None]
    )
    cond_early = solve_intercept(x["condom_early"], pi_sq, offset)
    cond_late = solve_intercept(x["condom_late"], pi_sq, offset)

    # ART: status-quo eligibility CD4<350 (C3, L); police exposure lowers access.
    access = np.ones((d, N_GROUPS))
    access[:, :N_FSW] = np.where(POLICE == 1, x["rr_art_police"][:, None], 1.0)
    art_base = np.zeros((d, N_GROUPS, N_STATES))
    for k in (C3, L):
        art_base[:, :, k] = x["art_rate_max"][:, None] * access

    qt, pi = np.transpose(q_sq, (0, 2, 1)), pi_sq
    outreach_cov = zeros
    mod = dict(modifiers or {})
    unknown = set(mod) - set(MODIFIABLE) - {"market", "trafficking"}
    if unknown:
        raise ValueError(f"unknown modifiers: {sorted(unknown)}")
    if any(k in mod for k in ("police", "outdoor", "violence")):
        # A law's multipliers stack (many penalised provisions can multiply policing 20-80
        # times); onset rates are capped so a stratum is entered at most MAX_ONSET times a
        # year: beyond that the monthly RK4 step is unstable (non-finite results), and the share
        # of time exposed is already near its ceiling, rate / (rate + recovery).
        env_on = np.minimum(env_on * mod.get("outdoor", 1.0), MAX_ONSET)
        pol_on = np.minimum(pol_on * mod.get("police", 1.0), MAX_ONSET)
        vio_on = np.minimum(vio_on * mod.get("violence", 1.0), MAX_ONSET)
        q = movement_generator(
            env_on, env_off, pol_on, kappa, vio_on, x["or_violence_police"], kappa
        )
        qt, pi = np.transpose(q, (0, 2, 1)), stationary(q)
    if "condom_nonuse" in mod:
        offset = offset - np.log(mod["condom_nonuse"])[:, None]
    if "art" in mod:
        art_base[:, :N_FSW, :] *= mod["art"][:, None, None]
    if scenario is not None:
        eliminated = set(scenario.eliminate)
        if eliminated:
            q = movement_generator(
                zeros if "outdoor" in eliminated else env_on,
                env_off,
                zeros if "police" in eliminated else pol_on,
                kappa,
                zeros if "violence" in eliminated else vio_on,
                x["or_violence_police"],
                kappa,
            )
            qt, pi = np.transpose(q, (0, 2, 1)), stationary(q)
        if scenario.art_scaleup:
            for k in (C2, C3, L):
                cur = art_base[:, : CLIENTS + 1, k]
                new = x["art_rate_scaleup"][:, None] * access[:, : CLIENTS + 1]
                art_base[:, : CLIENTS + 1, k] = np.maximum(cur, new)
        if scenario.outreach:
            outreach_cov = x["outreach_coverage"]

    return ModelParams(
        n0=n0,
        seed_prev=x["seed_prev"],
        exit=exit_,
        prog=prog,
        mort=mort,
        infw=infw,
        beta_mf=x["beta_mf"],
        beta_fm=x["beta_mf"] * x["rel_beta_fm"],
        fsw_acts=x["fsw_acts"],
        bridge_acts=x["bridge_acts"] if bridge else zeros,
        bridge_condom=x["bridge_condom"] if bridge else zeros,
        efficacy=x["condom_efficacy"],
        cond_early=cond_early,
        cond_late=cond_late,
        cond_offset=offset,
        outreach_cov=outreach_cov,
        outreach_lor=np.log(x["or_cond_outreach"]),
        ext_foi=outside_force(x),
        sti_mult=sti_multiplier(x, outreach_cov),
        entrant_prev=x["entrant_prev"],
        art_base=art_base,
        art_dropout=x["art_dropout"],
        qt=np.ascontiguousarray(qt),
        pi=pi,
        condom_years=setting.condom_years,
        art_years=setting.art_years,
    )


def eliminate_in_state(y: FloatArray, eliminate: Sequence[str]) -> FloatArray:
    """Move FSW out of eliminated exposure strata at once (the scenario's immediate effect)."""
    out = y.copy()
    for name in eliminate:
        bit = EXPOSURE_BIT[name]
        for g in range(N_FSW):
            if g & bit:
                out[:, g ^ bit] += out[:, g]
                out[:, g] = 0.0
    return out
