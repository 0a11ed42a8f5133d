"""swpolicy: adult sex-work law as code, HIV outcome models and law-to-outcome simulation.

The public face, flat and small::

    import swpolicy

    spec = swpolicy.RunSpec(setting="mombasa", laws=("nz", "se"), start="2026-01-01", draws=2000)
    result = swpolicy.run(spec)          # every law on the same calibrated draws
    result.summary("nz", "hiv_infections_averted_pct")
    swpolicy.settings.shipped()          # settings are data: ids, or any setting file's path

Subpackages:
    law        -- jurisdictions' provisions as dated, cited data; classification; Amnesty 2016
                  assessment; bills as reforms.
    evidence   -- every effect size and claim as a sourced, uncertain, labelled number.
    epi        -- HIV transmission among sex workers and clients with structural determinants
                  (the compartmental engine) and the setting files.
    scenarios  -- the run platform: run specs, engines, declared metrics, executors (Dask),
                  simulation of laws and bills, sensitivity analysis, the Lancet 2015 runner.
    report, web -- the offline report and the local web app.

Heavy modules load on first use, so ``import swpolicy`` (and the CLI) stays fast.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"
__all__ = ["RunResult", "RunSpec", "evidence", "law", "run", "settings"]

if TYPE_CHECKING:
    from swpolicy import evidence, law
    from swpolicy.epi import settings
    from swpolicy.scenarios.results import RunResult
    from swpolicy.scenarios.run import run
    from swpolicy.scenarios.spec import RunSpec

_LAZY = {
    "RunResult": ("swpolicy.scenarios.results", "RunResult"),
    "RunSpec": ("swpolicy.scenarios.spec", "RunSpec"),
    "run": ("swpolicy.scenarios.run", "run"),
    "settings": ("swpolicy.epi.settings", None),
    "law": ("swpolicy.law", None),
    "evidence": ("swpolicy.evidence", None),
}


def __getattr__(name: str) -> Any:
    """Import the public names lazily (PEP 562)."""
    if name not in _LAZY:
        raise AttributeError(f"module 'swpolicy' has no attribute {name!r}")
    import importlib

    module_name, attr = _LAZY[name]
    module = importlib.import_module(module_name)
    return module if attr is None else getattr(module, attr)
