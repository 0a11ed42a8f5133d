"""Pooling with statsmodels (DerSimonian-Laird) against cases that can be checked by hand."""

from __future__ import annotations

import math

import numpy as np
import pytest

from swpolicy.errors import UsageError
from swpolicy.evidence import PoolResult, load_registry, pool
from swpolicy.evidence.pooling import pool_log_ratios

Z = 1.959963984540054


def ci(log_effect: float, se: float) -> tuple[float, float, float]:
    return math.exp(log_effect), math.exp(log_effect - Z * se), math.exp(log_effect + Z * se)


def pooled(*studies: tuple[float, float, float]) -> PoolResult:
    est, low, high = (np.array(column) for column in zip(*studies, strict=True))
    return pool_log_ratios(est, low, high)


def test_heterogeneous_case_by_hand() -> None:
    # Log effects 0, 1, 2, each with se 0.1: w = 100, FE mean 1, Q = 200, df = 2,
    # C = 300 - 30000/300 = 200, tau2 = (200 - 2)/200 = 0.99, RE weights 1/(0.01 + 0.99) = 1,
    # RE mean 1 with variance 1/3, I2 = (200 - 2)/200 = 0.99.
    result = pooled(ci(0, 0.1), ci(1, 0.1), ci(2, 0.1))
    assert result.tau2 == pytest.approx(0.99)
    assert result.i2 == pytest.approx(0.99)
    assert result.estimate == pytest.approx(math.e)
    assert result.ci_low == pytest.approx(math.exp(1 - Z * math.sqrt(1 / 3)))
    assert result.ci_high == pytest.approx(math.exp(1 + Z * math.sqrt(1 / 3)))
    assert result.k == 3
    assert result.method == "random effects (DerSimonian-Laird)"


def test_homogeneous_case_truncates_tau2_at_zero() -> None:
    # Identical studies: Q = 0 < df, so DL truncates tau2 at 0 and the result is the
    # inverse-variance mean: OR 2 with se 0.2 / sqrt(2).
    result = pooled(ci(math.log(2), 0.2), ci(math.log(2), 0.2))
    assert result.tau2 == 0.0
    assert result.i2 == 0.0
    assert result.estimate == pytest.approx(2.0)
    assert result.ci_high == pytest.approx(math.exp(math.log(2) + Z * 0.2 / math.sqrt(2)))
    assert "truncated" in result.method


def test_recorded_pool_matches_computation() -> None:
    entry = load_registry().get("policing_hiv_sti_verified_pool")
    result = pool(entry)
    assert result.k == len(entry.studies or []) == 5
    assert round(result.estimate, 2) == entry.estimate
    assert [round(result.ci_low, 2), round(result.ci_high, 2)] == entry.ci


def test_pooled_set_points_the_same_way_as_platt() -> None:
    registry = load_registry()
    ours = pool(registry.get("policing_hiv_sti_verified_pool"))
    platt = registry.get("platt2018_policing_hiv_sti")
    assert ours.ci_low > 1 and platt.low > 1


def test_pool_needs_studies() -> None:
    with pytest.raises(UsageError, match="at least two studies"):
        pool(load_registry().get("platt2018_policing_violence"))


def test_pool_refuses_non_positive_ratios() -> None:
    with pytest.raises(UsageError, match="positive ratios"):
        pooled((1.0, 0.0, 2.0), (1.0, 0.5, 2.0))
