"""Shared fixtures for the epi tests: small deterministic parameter sets."""

from __future__ import annotations

import numpy as np
import pytest

from swpolicy.epi.engine import parameters
from swpolicy.epi.sampling import sample
from swpolicy.epi.schema import Setting
from swpolicy.epi.settings import load as load_setting
from swpolicy.streams import draw_range

FloatDict = dict[str, np.typing.NDArray[np.float64]]


@pytest.fixture(scope="session")
def mombasa() -> Setting:
    return load_setting("mombasa")


@pytest.fixture(scope="session")
def bellary() -> Setting:
    return load_setting("bellary")


@pytest.fixture(scope="session")
def mombasa_draws(mombasa: Setting) -> FloatDict:
    """Twelve draws of every Mombasa parameter."""
    return sample(parameters(mombasa), draw_range(0, 12), 7, prefix="epi/mombasa")


@pytest.fixture(scope="session", params=[False, True], ids=["no-bridge", "bridge"])
def any_mombasa(request: pytest.FixtureRequest, mombasa: Setting) -> Setting:
    """Mombasa with and without the bridge population (clients' other partners)."""
    return mombasa.model_copy(update={"bridge": request.param})
