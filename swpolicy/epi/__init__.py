"""HIV transmission among female sex workers (FSW) and clients, with structural determinants.

A deterministic compartmental model (``model``), its compiled twin (``fast``), cited parameter
files (``data/*.yaml``, validated by ``schema``), Latin hypercube sampling (``sampling``),
calibration to prevalence targets (``calibrate``), calibrated ensembles with scenarios
(``ensemble``) and the reproduction of Shannon et al. Lancet 2015 (``lancet``, ``plots``,
``cli``). See ``NOTES.md`` for the reproduction table and its caveats.

Public API::

    from swpolicy.epi import run_setting, run_lancet
    run = run_setting("mombasa", draws=2000, seed=1)
    runs, rows = run_lancet(draws=2000, seed=1)
"""

from swpolicy.epi.build import build_params
from swpolicy.epi.calibrate import calibrate, weighted_quantiles
from swpolicy.epi.ensemble import SettingRun, run_setting
from swpolicy.epi.lancet import Row, run_lancet
from swpolicy.epi.model import ModelParams, Trajectory, initial_state, integrate
from swpolicy.epi.sampling import sample
from swpolicy.epi.schema import (
    SETTINGS,
    EpiDataError,
    load_common,
    load_published,
    load_scenarios,
    load_setting,
)

__all__ = [
    "SETTINGS",
    "EpiDataError",
    "ModelParams",
    "Row",
    "SettingRun",
    "Trajectory",
    "build_params",
    "calibrate",
    "initial_state",
    "integrate",
    "load_common",
    "load_published",
    "load_scenarios",
    "load_setting",
    "run_lancet",
    "run_setting",
    "sample",
    "weighted_quantiles",
]
