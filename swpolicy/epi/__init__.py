"""HIV transmission among female sex workers (FSW) and clients, with structural determinants.

A deterministic compartmental model (``model``), its compiled twin (``fast``), cited parameter
files (``data/*.yaml``, validated by ``schema``; settings discovered by ``settings``), sampling
from named random streams (``sampling``), calibration targets and their likelihoods
(``calibrate``), the posterior sampler (``smc``), targets beside the posterior and epidemic
bands (``posterior``), the model as an engine of the run platform (``engine``) and the
comparison with Shannon et al. Lancet 2015 (``lancet``). Runs themselves go through
:func:`swpolicy.run`; see ``NOTES.md`` for the reproduction table and its caveats.

Public API::

    from swpolicy.epi import settings
    settings.shipped()                # ('bellary', 'mombasa', 'vancouver')
    settings.load("./my-city.yaml")   # a user's own setting file
"""

from swpolicy.epi import settings
from swpolicy.epi.build import build_params
from swpolicy.epi.calibrate import calibrate, weighted_quantiles
from swpolicy.epi.engine import Compartmental
from swpolicy.epi.lancet import Row, SettingRun
from swpolicy.epi.model import ModelParams, Trajectory, initial_state, integrate
from swpolicy.epi.sampling import sample
from swpolicy.epi.schema import (
    EpiDataError,
    Setting,
    load_common,
    load_published,
    load_scenarios,
)

__all__ = [
    "Compartmental",
    "EpiDataError",
    "ModelParams",
    "Row",
    "Setting",
    "SettingRun",
    "Trajectory",
    "build_params",
    "calibrate",
    "initial_state",
    "integrate",
    "load_common",
    "load_published",
    "load_scenarios",
    "sample",
    "settings",
    "weighted_quantiles",
]
