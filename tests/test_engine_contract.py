"""Every registered engine passes the engine contract on every shipped setting."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pytest

from swpolicy.engine import Engine, Segment
from swpolicy.epi import settings
from swpolicy.scenarios.run import ENGINES
from tests.engine_contract import CHECKS, T0, YEARS, N, _start


@pytest.mark.parametrize("check", CHECKS, ids=lambda c: c.__name__)
@pytest.mark.parametrize("engine_name", sorted(ENGINES))
@pytest.mark.parametrize("setting_id", settings.shipped())
def test_contract(
    engine_name: str, setting_id: str, check: Callable[[Engine, object], None]
) -> None:
    check(ENGINES[engine_name](), settings.load(setting_id))


def test_contract_catches_a_broken_engine() -> None:
    """The contract is not vacuous: an engine whose arrests ignore policing fails it."""
    from swpolicy.epi.engine import Compartmental
    from tests.engine_contract import check_policing_raises_arrests

    class Broken(Compartmental):
        def project(self, state, segments, t_end):  # type: ignore[no-untyped-def]
            return super().project(state, [Segment(s.start) for s in segments], t_end)

    with pytest.raises(AssertionError):
        check_policing_raises_arrests(Broken(), settings.load("mombasa"))


def test_project_refuses_bad_segments() -> None:
    engine = ENGINES["compartmental"]()
    state = _start(engine, settings.load("mombasa"))
    with pytest.raises(ValueError, match="segments"):
        engine.project(state, [Segment(T0 + 1)], T0 + YEARS)
    with pytest.raises(ValueError, match="unknown determinants"):
        engine.project(state, [Segment(T0, {"weather": np.ones(N)})], T0 + YEARS)
