"""The contract every outcome engine passes (like scikit-learn's ``check_estimator``).

``check_engine(engine, setting)`` runs each check and raises ``AssertionError`` naming the one
that failed. A second engine (an agent-based model, say) is accepted once it passes these on
the shipped settings; ``tests/test_engine_contract.py`` runs them on every engine registered
in :data:`swpolicy.scenarios.run.ENGINES`.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from swpolicy.engine import Engine, FloatArray, Segment, State
from swpolicy.epi.schema import Setting
from swpolicy.scenarios.metrics import METRICS, derive
from swpolicy.streams import draw_range

T0, YEARS, SEED, N = 2020.0, 3.0, 11, 24
REQUIRED_OUTPUTS = {"hiv_infections", "violence_incidents", "arrests", "art_coverage"}
REQUIRED_OUTPUTS |= {"fsw_start", "fsw_end"}


def _prior(engine: Engine, setting: Setting, lo: int, hi: int) -> FloatArray:
    return engine.prior(setting, SEED, draw_range(lo, hi))


def _start(engine: Engine, setting: Setting, n: int = N) -> State:
    return engine.start(setting, _prior(engine, setting, 0, n), T0)


def check_prior_coordinates(engine: Engine, setting: Setting) -> None:
    """Prior draws are standard-normal coordinates, one column per declared input, and a range
    of draws equals the same rows of a larger batch."""
    z = _prior(engine, setting, 0, 400)
    assert z.shape == (400, len(engine.inputs(setting)))
    assert np.all(np.isfinite(z))
    assert abs(float(z.mean())) < 0.1 and abs(float(z.std()) - 1) < 0.1
    np.testing.assert_array_equal(z[100:120], _prior(engine, setting, 100, 120))


def check_determinism(engine: Engine, setting: Setting) -> None:
    """The same seed gives bit-identical fits and projections."""
    a = engine.fit(setting, _prior(engine, setting, 0, N))
    b = engine.fit(setting, _prior(engine, setting, 0, N))
    np.testing.assert_array_equal(a.predictions, b.predictions)
    seg = [Segment(T0)]
    pa = engine.project(_start(engine, setting), seg, T0 + YEARS)
    pb = engine.project(_start(engine, setting), seg, T0 + YEARS)
    for key in pa.values:
        np.testing.assert_array_equal(pa.values[key], pb.values[key])


def check_split_invariance(engine: Engine, setting: Setting) -> None:
    """Draws computed in chunks equal the same draws computed together, bit for bit."""
    z = _prior(engine, setting, 0, N)
    whole = engine.fit(setting, z)
    first = engine.fit(setting, z[: N // 3])
    rest = engine.fit(setting, z[N // 3 :])
    np.testing.assert_array_equal(
        whole.predictions, np.concatenate([first.predictions, rest.predictions])
    )
    state = _start(engine, setting)
    seg = [Segment(T0, {"police": np.full(N, 2.0)})]
    full = engine.project(state, seg, T0 + YEARS)
    idx = np.arange(5, 9, dtype=np.int64)
    part = engine.project(state.select(idx), [Segment(T0, {"police": np.full(4, 2.0)})], T0 + YEARS)
    for key in full.values:
        np.testing.assert_array_equal(full.values[key][idx], part.values[key])


def check_common_random_numbers(engine: Engine, setting: Setting) -> None:
    """Two identical laws give identical outcomes; a law equal to the reference averts 0."""
    state = _start(engine, setting)
    mods = {"violence": np.full(N, 0.7)}
    a = engine.project(state, [Segment(T0, dict(mods))], T0 + YEARS)
    b = engine.project(state, [Segment(T0, dict(mods))], T0 + YEARS)
    ones = np.ones(N)
    derived = derive(a.values, b.values, ones, ones, None)
    np.testing.assert_array_equal(derived["hiv_infections_averted"], 0.0)
    np.testing.assert_array_equal(derived["hiv_infections_averted_pct"], 0.0)


def check_conservation(engine: Engine, setting: Setting) -> None:
    """Without a market change the number of sex workers is constant (entries replace exits);
    a market multiplier scales it."""
    state = _start(engine, setting)
    out = engine.project(state, [Segment(T0)], T0 + YEARS)
    np.testing.assert_allclose(out.values["fsw_end"], out.values["fsw_start"], rtol=1e-6)
    grown = engine.project(state, [Segment(T0, {"market": np.full(N, 1.2)})], T0 + YEARS)
    np.testing.assert_allclose(grown.values["fsw_end"], 1.2 * out.values["fsw_start"], rtol=1e-6)


def check_declared_and_finite(engine: Engine, setting: Setting) -> None:
    """Every output the metrics need is produced, finite, and every metric derives."""
    assert set(engine.outputs) >= REQUIRED_OUTPUTS, sorted(REQUIRED_OUTPUTS - set(engine.outputs))
    out = engine.project(_start(engine, setting), [Segment(T0)], T0 + YEARS)
    assert set(out.values) == set(engine.outputs)
    assert set(out.trajectories) == set(engine.series)
    for key, values in [*out.values.items(), *out.trajectories.items()]:
        assert np.all(np.isfinite(values)), key
    assert out.times[0] == T0 and abs(out.times[-1] - (T0 + YEARS)) < 1e-9
    ones = np.ones(N)
    derived = derive(out.values, out.values, ones, ones, 5000.0)
    assert {m.id for m in METRICS} <= set(derived)


def check_policing_raises_arrests(engine: Engine, setting: Setting) -> None:
    """A larger police-harassment multiplier gives more arrests in every draw."""
    state = _start(engine, setting)
    low = engine.project(state, [Segment(T0, {"police": np.full(N, 0.5)})], T0 + YEARS)
    high = engine.project(state, [Segment(T0, {"police": np.full(N, 2.0)})], T0 + YEARS)
    assert np.all(high.values["arrests"] > low.values["arrests"])


def check_segments_switch(engine: Engine, setting: Setting) -> None:
    """A law that changes mid-horizon lies between the two laws applied throughout."""
    state = _start(engine, setting)
    police = {"police": np.full(N, 3.0)}
    before = engine.project(state, [Segment(T0)], T0 + YEARS)
    after = engine.project(state, [Segment(T0, police)], T0 + YEARS)
    mid = engine.project(state, [Segment(T0), Segment(T0 + 1.5, police)], T0 + YEARS)
    a, b, m = (x.values["arrests"] for x in (before, after, mid))
    assert np.all((m > a) & (m < b))


CHECKS: tuple[Callable[[Engine, Setting], None], ...] = (
    check_prior_coordinates,
    check_determinism,
    check_split_invariance,
    check_common_random_numbers,
    check_conservation,
    check_declared_and_finite,
    check_policing_raises_arrests,
    check_segments_switch,
)


def check_engine(engine: Engine, setting: Setting) -> None:
    """Run every check of the contract."""
    for check in CHECKS:
        check(engine, setting)
