"""Calibration acceptance, fallback and weighting."""

from __future__ import annotations

import numpy as np
import pytest

from swpolicy.epi.calibrate import calibrate, log_likelihood, predictions, weighted_quantiles
from swpolicy.epi.schema import Source, Target

SRC = Source(citation="c", url="u", locator="l")
TARGETS = [
    Target(population="fsw", year=2000, value=0.3, lo=0.25, hi=0.35, source=SRC),
    Target(population="clients", year=2010, value=0.05, lo=0.03, hi=0.08, source=SRC),
]


def test_accepts_exactly_the_draws_inside_all_intervals() -> None:
    pred = np.array([[0.3, 0.05], [0.26, 0.07], [0.4, 0.05], [0.3, 0.09]] + [[0.3, 0.05]] * 20)
    cal = calibrate(pred, TARGETS, "accept", min_accepted=5)
    assert not cal.fallback and cal.n_within == 22
    assert cal.weights[2] == 0 and cal.weights[3] == 0
    assert np.allclose(cal.weights[cal.weights > 0], 1 / 22)


def test_fallback_keeps_best_likelihood_draws() -> None:
    pred = np.array([[0.5, 0.2], [0.36, 0.05], [0.9, 0.5], [0.3, 0.2]])
    cal = calibrate(pred, TARGETS, "accept", min_accepted=2)
    assert cal.fallback and cal.n_within == 0
    assert set(np.flatnonzero(cal.weights)) == {1, 3}


def test_weight_method_prefers_closer_draws() -> None:
    pred = np.array([[0.3, 0.05], [0.33, 0.07], [0.6, 0.3]])
    cal = calibrate(pred, TARGETS, "weight")
    assert cal.weights[0] > cal.weights[1] > 0
    assert cal.weights[2] == 0  # negligible likelihood: not projected
    assert np.isclose(cal.weights.sum(), 1)
    assert log_likelihood(pred, TARGETS)[0] == pytest.approx(0)


def test_predictions_interpolate_in_time() -> None:
    times = np.array([1999.0, 2000.0, 2009.0, 2011.0])
    fsw = np.array([[0.1, 0.2, 0.3, 0.4]])
    cli = np.array([[0.0, 0.0, 0.02, 0.04]])
    assert np.allclose(predictions(times, fsw, cli, TARGETS), [[0.2, 0.03]])
    with pytest.raises(ValueError, match="outside"):
        predictions(times[:2], fsw[:, :2], cli[:, :2], TARGETS)


def test_weighted_quantiles_ignore_zero_weights() -> None:
    v = np.array([1.0, 2.0, 3.0, 100.0])
    w = np.array([1.0, 1.0, 1.0, 0.0])
    med, lo, hi = weighted_quantiles(v, w, [0.5, 0.0, 1.0])
    assert med == 2.0 and lo == 1.0 and hi == 3.0
