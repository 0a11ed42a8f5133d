"""Named random streams: independent of other inputs, splittable, uniform."""

from __future__ import annotations

import numpy as np
from scipy import stats

from swpolicy.streams import draw_range, stream_key, uniforms


def test_a_range_of_draws_equals_the_same_draws_of_a_full_run() -> None:
    full = uniforms(7, "epi/mombasa/beta_mf", draw_range(0, 1000))
    assert np.array_equal(uniforms(7, "epi/mombasa/beta_mf", draw_range(250, 600)), full[250:600])
    picked = np.array([999, 3, 512], dtype=np.int64)
    assert np.array_equal(uniforms(7, "epi/mombasa/beta_mf", picked), full[picked])


def test_streams_depend_on_name_and_seed_only() -> None:
    a = uniforms(1, "x", draw_range(0, 500))
    assert np.array_equal(a, uniforms(1, "x", draw_range(0, 500)))
    assert not np.array_equal(a, uniforms(2, "x", draw_range(0, 500)))
    assert not np.array_equal(a, uniforms(1, "y", draw_range(0, 500)))
    assert stream_key(1, "x") == stream_key(1, "x") != stream_key(1, "x ")


def test_uniform_and_independent_between_streams() -> None:
    n = 20_000
    a, b = uniforms(3, "a", draw_range(0, n)), uniforms(3, "b", draw_range(0, n))
    assert a.min() > 0.0 and a.max() < 1.0
    assert stats.kstest(a, "uniform").pvalue > 1e-3
    assert abs(np.corrcoef(a, b)[0, 1]) < 0.03
    # Neighbouring draws of one stream are not correlated either.
    assert abs(np.corrcoef(a[:-1], a[1:])[0, 1]) < 0.03
