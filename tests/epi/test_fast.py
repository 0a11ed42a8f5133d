"""The compiled (numba) integrator reproduces the NumPy reference."""

from __future__ import annotations

import numpy as np
import pytest

from swpolicy.epi import fast
from swpolicy.epi.build import build_params
from swpolicy.epi.model import initial_state, integrate
from swpolicy.epi.schema import Scenario, Setting

from .conftest import FloatDict


@pytest.mark.skipif(not fast.AVAILABLE, reason="numba not installed")
@pytest.mark.parametrize(
    "kw", [{}, {"eliminate": ["violence", "police"]}, {"art_scaleup": True, "outreach": True}]
)
def test_numba_matches_numpy(
    mombasa: Setting, mombasa_draws: FloatDict, kw: dict[str, object]
) -> None:
    scn = Scenario.model_validate({"label": "t", "description": "t", **kw})
    p = build_params(mombasa, mombasa_draws, scn)
    y0 = initial_state(p)
    a = integrate(p, y0, 1985, 2024, backend="numpy")
    b = integrate(p, y0, 1985, 2024, backend="numba")
    assert np.allclose(a.y, b.y, rtol=1e-9, atol=1e-9)
    assert np.allclose(a.fsw_prev, b.fsw_prev, rtol=1e-9, atol=1e-12)
    assert np.array_equal(a.times, b.times)
