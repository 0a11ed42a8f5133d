from __future__ import annotations

import numpy as np

from swpolicy.epi.sampling import latin_hypercube, sample, transform
from swpolicy.epi.schema import Param, Source

SRC = Source(citation="c", url="u", locator="l")


def test_latin_hypercube_has_one_draw_per_stratum() -> None:
    u = latin_hypercube(50, 4, np.random.default_rng(3))
    assert u.shape == (50, 4)
    for j in range(4):
        assert sorted(np.floor(u[:, j] * 50).astype(int)) == list(range(50))


def test_sample_is_deterministic_and_seed_dependent() -> None:
    params = {
        "a": Param(value=1, low=0.5, high=2, dist="uniform", type="assumed", source=SRC),
        "b": Param(value=2, low=1, high=4, dist="lognormal", type="pooled", source=SRC),
    }
    idx = np.arange(20)
    x1, x2, x3 = (sample(params, idx, s, "p") for s in (1, 1, 2))
    assert all(np.array_equal(x1[k], x2[k]) for k in params)
    assert not np.array_equal(x1["a"], x3["a"])
    reordered = sample(dict(reversed(list(params.items()))), idx, 1, "p")
    assert np.array_equal(reordered["a"], x1["a"])
    # Named streams: dropping an input leaves the others' draws unchanged, and a range of draws
    # equals the same draws of a longer run.
    alone = sample({"a": params["a"]}, idx, 1, "p")
    assert np.array_equal(alone["a"], x1["a"])
    assert np.array_equal(sample(params, idx[5:9], 1, "p")["b"], x1["b"][5:9])


def test_lognormal_interval_maps_to_ci() -> None:
    p = Param(value=2.99, low=1.96, high=4.57, dist="lognormal", type="pooled", source=SRC)
    q = transform(p, np.array([0.025, 0.5, 0.975]))
    ratio = np.sqrt(4.57 / 1.96)
    assert np.allclose(q, [2.99 / ratio, 2.99, 2.99 * ratio], rtol=1e-6)


def test_uniform_loguniform_fixed_ranges() -> None:
    u = np.linspace(0.001, 0.999, 101)
    uni = Param(value=1, low=0.5, high=2, dist="uniform", type="assumed", source=SRC)
    log = Param(value=1, low=0.1, high=10, dist="loguniform", type="assumed", source=SRC)
    fix = Param(value=3, dist="fixed", type="assumed", source=SRC)
    assert transform(uni, u).min() >= 0.5 and transform(uni, u).max() <= 2
    assert np.isclose(transform(log, np.array([0.5]))[0], 1.0)
    assert np.all(transform(fix, u) == 3)
