"""Sampling: each distribution's inverse CDF reproduces the entry's numbers, deterministically."""

from __future__ import annotations

import numpy as np
import pytest

from swpolicy.errors import UsageError
from swpolicy.evidence import Entry, load_registry, ppf

Q = np.array([0.025, 0.5, 0.975])


def entry(**changes: object) -> Entry:
    base: dict[str, object] = {
        "id": "x",
        "quantity": "q",
        "unit": "proportion",
        "estimate": 0.3,
        "ci": [0.2, 0.4],
        "interval": "ci95",
        "distribution": "beta",
        "population": "p",
        "setting": "s",
        "design": "d",
        "type": "measured",
        "source": {"citation": "c", "url": "https://example.org", "locator": "p. 1"},
        "claim": "mainstream",
        "direction": "higher is more",
        "note": "n",
    }
    return Entry.model_validate({**base, **changes})


def test_lognormal_quantiles_reproduce_platt_ci() -> None:
    registry = load_registry()
    for key in ("platt2018_policing_violence", "platt2018_policing_hiv_sti"):
        e = registry.get(key)
        low, median, high = registry.sample(key, Q)
        assert median == pytest.approx(e.estimate)
        assert low == pytest.approx(e.low, rel=0.02)
        assert high == pytest.approx(e.high, rel=0.02)


def test_lognormal_sample_mean_of_logs_matches() -> None:
    e = load_registry().get("platt2018_policing_condomless_sex")
    u = (np.arange(20_000) + 0.5) / 20_000
    logs = np.log(ppf(e, u))
    assert np.mean(logs) == pytest.approx(np.log(1.42), abs=1e-3)
    assert np.quantile(logs, 0.975) - np.quantile(logs, 0.025) == pytest.approx(
        np.log(1.94 / 1.03), rel=0.01
    )


def test_beta_mean_and_interval() -> None:
    e = entry()
    u = (np.arange(50_000) + 0.5) / 50_000
    values = ppf(e, u)
    assert values.mean() == pytest.approx(0.3, abs=1e-3)
    low, high = np.quantile(values, [0.025, 0.975])
    assert low == pytest.approx(0.2, abs=0.01)
    assert high == pytest.approx(0.4, abs=0.01)


def test_uniform_triangular_fixed() -> None:
    uniform = entry(distribution="uniform")
    assert ppf(uniform, np.array([0.0, 0.5, 1.0])).tolist() == pytest.approx([0.2, 0.3, 0.4])
    tri = entry(distribution="triangular", estimate=0.25)
    # The mode sits at the estimate: CDF(mode) = (mode - low) / (high - low) = 0.25.
    assert ppf(tri, np.array([0.0, 0.25, 1.0])).tolist() == pytest.approx([0.2, 0.25, 0.4])
    fixed = entry(distribution="fixed")
    assert ppf(fixed, np.array([0.1, 0.9])).tolist() == [0.3, 0.3]


def test_vectorised_and_deterministic() -> None:
    registry = load_registry()
    u = np.random.default_rng(7).random((4, 3))
    for e in registry.all():
        first = registry.sample(e.id, u)
        assert first.shape == (4, 3)
        assert np.array_equal(first, registry.sample(e.id, u.copy()))
        assert np.all(np.diff(registry.sample(e.id, np.sort(u.ravel()))) >= 0)  # monotone


def test_every_shipped_entry_samples_within_its_support_or_interval() -> None:
    registry = load_registry()
    u = np.linspace(0.01, 0.99, 99)
    for e in registry.all():
        values = registry.sample(e.id, u)
        assert np.all(np.isfinite(values)), e.id
        if e.distribution in ("uniform", "triangular", "fixed"):
            assert values.min() >= e.low - 1e-12 and values.max() <= e.high + 1e-12, e.id


def test_draws_outside_unit_interval_are_refused() -> None:
    with pytest.raises(UsageError, match="uniform draws must lie in"):
        ppf(entry(), np.array([0.5, 1.5]))
