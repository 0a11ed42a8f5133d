"""Calibration targets: predictions from paths, likelihoods checked by hand, accept/weight."""

from __future__ import annotations

import math

import numpy as np
import pytest
from pydantic import ValidationError

from swpolicy.epi.calibrate import (
    calibrate,
    log_likelihood,
    predictions,
    target_log_likelihood,
    weighted_quantiles,
)
from swpolicy.epi.schema import Source, Target

SRC = Source(citation="c", url="u", locator="l")


def target(**kw: object) -> Target:
    base: dict[str, object] = {
        "name": "t",
        "population": "fsw",
        "year": 2000.0,
        "value": 0.3,
        "lo": 0.25,
        "hi": 0.35,
        "likelihood": "logit_normal",
        "interval": "assumed",
        "source": SRC,
    }
    return Target.model_validate({**base, **kw})


TARGETS = [
    target(name="a"),
    target(name="b", population="clients", year=2010.0, value=0.05, lo=0.03, hi=0.08),
]


def test_binomial_likelihood_by_hand() -> None:
    t = target(likelihood="binomial", n=10, value=0.3, lo=0.1, hi=0.6, interval="sampling")
    # 3 of 10 at p = 0.2: C(10, 3) 0.2^3 0.8^7
    expected = math.log(120 * 0.2**3 * 0.8**7)
    assert target_log_likelihood(np.array([0.2]), t)[0] == pytest.approx(expected, rel=1e-12)


def test_beta_binomial_likelihood_by_hand() -> None:
    t = target(likelihood="beta_binomial", n=4, design_effect=2.5, value=0.25, lo=0.1, hi=0.6)
    # rho = 1.5 / 3 = 0.5, so alpha + beta = 1; at p = 0.4: alpha 0.4, beta 0.6; k = 1 of 4.
    a, b, n, k = 0.4, 0.6, 4, 1
    log_beta = math.lgamma
    expected = (
        math.log(math.comb(n, k))
        + log_beta(k + a) + log_beta(n - k + b) - log_beta(n + a + b)
        - (log_beta(a) + log_beta(b) - log_beta(a + b))
    )  # fmt: skip
    assert target_log_likelihood(np.array([0.4]), t)[0] == pytest.approx(expected, rel=1e-12)


def test_poisson_likelihood_by_hand() -> None:
    t = Target.model_validate(
        {
            "name": "inc",
            "kind": "incidence",
            "population": "fsw",
            "year": [1998, 2012],
            "value": 0.05,
            "lo": 0.02,
            "hi": 0.1,
            "likelihood": "poisson",
            "events": 5,
            "person_years": 100,
            "interval": "sampling",
            "source": SRC,
        }
    )
    # rate 0.04 per person-year over 100 person-years: mean 4, 5 events
    expected = 5 * math.log(4) - 4 - math.log(120)
    assert target_log_likelihood(np.array([0.04]), t)[0] == pytest.approx(expected, rel=1e-12)
    assert t.period == (1998.0, 2012.0)


def test_logit_normal_is_centred_on_the_interval() -> None:
    t = target(lo=0.1, hi=0.3, value=0.12)
    logit = lambda p: math.log(p / (1 - p))  # noqa: E731
    centre = (logit(0.1) + logit(0.3)) / 2
    sd = (logit(0.3) - logit(0.1)) / (2 * 1.959963984540054)
    at_centre = 1 / (1 + math.exp(-centre))
    peak = -math.log(sd * math.sqrt(2 * math.pi))
    assert target_log_likelihood(np.array([at_centre]), t)[0] == pytest.approx(peak, rel=1e-9)
    # at the interval's end, 1.96 sd away
    edge = peak - 0.5 * 1.959963984540054**2
    assert target_log_likelihood(np.array([0.3]), t)[0] == pytest.approx(edge, rel=1e-9)


def test_targets_not_used_in_fit_do_not_weigh() -> None:
    used = [TARGETS[0], TARGETS[1].model_copy(update={"used_in_fit": False})]
    pred = np.array([[0.3, 0.9], [0.3, 0.05]])
    ll = log_likelihood(pred, used)
    assert ll[0] == ll[1]


def test_non_finite_predictions_get_minus_infinity() -> None:
    pred = np.array([[0.3, np.nan], [0.3, 0.05]])
    ll = log_likelihood(pred, TARGETS)
    assert ll[0] == -np.inf and np.isfinite(ll[1])


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"likelihood": "binomial"}, "needs n"),
        ({"likelihood": "poisson", "events": 1, "person_years": 10}, "incidence"),
        ({"year": [2000, 2005]}, "incidence targets only"),
        ({"value": 0.4}, "lo <= value <= hi"),
        ({"hi": 1.5, "value": 0.3}, "need hi <= 1"),
        ({"kind": "incidence", "likelihood": "logit_normal"}, "for fractions"),
        ({"kind": "violence", "population": "clients"}, "need population fsw"),
    ],
)
def test_target_schema_rejects_inconsistent_targets(
    change: dict[str, object], message: str
) -> None:
    with pytest.raises(ValidationError, match=message):
        target(**change)


def test_accepts_exactly_the_draws_inside_all_intervals() -> None:
    pred = np.array([[0.3, 0.05], [0.26, 0.07], [0.4, 0.05], [0.3, 0.09]] + [[0.3, 0.05]] * 20)
    cal = calibrate(pred, TARGETS, "accept", min_accepted=5)
    assert not cal.fallback and cal.n_within == 22
    assert cal.weights[2] == 0 and cal.weights[3] == 0
    assert np.allclose(cal.weights[cal.weights > 0], 1 / 22)


def test_too_few_accepted_is_a_failure_not_a_fallback() -> None:
    pred = np.array([[0.5, 0.2], [0.36, 0.05], [0.9, 0.5], [0.3, 0.2]])
    cal = calibrate(pred, TARGETS, "accept", min_accepted=2)
    assert cal.fallback and cal.n_within == 0
    assert cal.n_used == 0  # no best-likelihood draws are kept in its place


def test_weight_method_prefers_closer_draws() -> None:
    pred = np.array([[0.3, 0.05], [0.33, 0.07], [0.6, 0.3]])
    cal = calibrate(pred, TARGETS, "weight")
    assert cal.weights[0] > cal.weights[1] > 0
    assert cal.weights[2] == 0  # negligible likelihood: not projected
    assert np.isclose(cal.weights.sum(), 1)


def test_predictions_interpolate_in_time_and_integrate_incidence() -> None:
    times = np.array([1999.0, 2000.0, 2009.0, 2011.0])
    paths = {
        "fsw_prev": np.array([[0.1, 0.2, 0.3, 0.4]]),
        "client_prev": np.array([[0.0, 0.0, 0.02, 0.04]]),
        "fsw_infections": np.array([[0.0, 10.0, 100.0, 120.0]]),
        "fsw_susceptible": np.full((1, 4), 500.0),
    }
    assert np.allclose(predictions(times, paths, TARGETS), [[0.2, 0.03]])
    inc = target(
        kind="incidence", year=[2000, 2009], value=0.02, lo=0.01, hi=0.03, likelihood="log_normal"
    )
    # 90 new infections over 9 years of 500 HIV-negative FSW
    assert np.allclose(predictions(times, paths, [inc]), [[90 / 4500]])
    with pytest.raises(ValueError, match="outside"):
        predictions(times[:2], {k: v[:, :2] for k, v in paths.items()}, TARGETS)


def test_exposure_targets_read_the_share_of_fsw_in_that_state() -> None:
    times = np.array([2000.0, 2010.0])
    paths = {
        "fsw_violence": np.array([[0.2, 0.4], [0.1, 0.1]]),
        "fsw_police": np.array([[0.5, 0.7], [0.3, 0.3]]),
    }
    targets = [
        target(name="v", kind="violence", year=2005.0, value=0.3, lo=0.2, hi=0.4),
        target(name="p", kind="police", year=2010.0, value=0.6, lo=0.5, hi=0.7),
    ]
    assert np.allclose(predictions(times, paths, targets), [[0.3, 0.7], [0.1, 0.3]])


def test_weighted_quantiles_ignore_zero_weights() -> None:
    v = np.array([1.0, 2.0, 3.0, 100.0])
    w = np.array([1.0, 1.0, 1.0, 0.0])
    med, lo, hi = weighted_quantiles(v, w, [0.5, 0.0, 1.0])
    assert med == 2.0 and lo == 1.0 and hi == 3.0
