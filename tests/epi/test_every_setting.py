"""The contract every shipped setting passes: it loads, names a law the registry has, calibrates
at small draws (100, the least a run takes) and projects New Zealand's, Sweden's and its own law
against its own law (``swpolicy simulate --setting S --law nz --law se --law <own>``)."""

from __future__ import annotations

from datetime import date

import numpy as np
import pytest

from swpolicy.epi import settings
from swpolicy.law.registry import load as load_law
from swpolicy.scenarios.run import run
from swpolicy.scenarios.spec import RunSpec

START = date(2026, 1, 1)
# Seed 1 and 100 draws, as the per-setting tests use: each setting is calibrated once per test
# session (the calibration cache is keyed by setting, seed, draws and method, not by start).


@pytest.mark.parametrize("name", settings.shipped())
def test_setting_loads_calibrates_and_projects(name: str) -> None:
    setting = settings.load(name)
    own = load_law(setting.law.jurisdiction)
    country = (own.parent or own.id).split("-")[0]
    assert setting.place.split("-")[0].lower() == country, "place and law are in one country"
    assert setting.law.exposures_measured < START
    laws = tuple(dict.fromkeys(("nz", "se", own.id)))  # Auckland's own law is nz: once
    spec = RunSpec(setting=name, laws=laws, start=START, years=2, draws=100, seed=1)
    result = run(spec)
    assert result.reference == own.id  # laws are compared with the setting's own law
    arms = {a.law_id: a for a in result.results}
    assert {"nz", "se", own.id} <= set(arms)
    assert result.calibration_ess > 1 and result.calibration_status in ("ok", "missed")
    for arm in arms.values():
        for metric, values in arm.metrics.items():
            assert np.all(np.isfinite(values)), (arm.law_id, metric)
    # The own law is the reference, projected once: nothing averted against itself.
    assert result.results[0].law_id == own.id
    assert np.allclose(arms[own.id].metrics["hiv_infections_averted_pct"], 0)
