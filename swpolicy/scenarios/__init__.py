"""The run platform and law-to-outcome analyses.

A :class:`RunSpec` (``spec``) says what to run; :func:`run` (``run``) runs it on an engine
(``swpolicy.engine`` protocol; the compartmental model in ``swpolicy.epi.engine``) through an
executor (``executor``: in-process or Dask), reusing calibrated ensembles (``calibrated``),
and returns a :class:`RunResult` (``results``) of declared metrics (``metrics``). On top:
``simulate`` (laws and bills), ``sensitivity`` (what drives a difference), ``lancet`` (the
Lancet 2015 scenarios), ``assumptions`` and ``mapping`` (law to determinants).

Names load on first use (PEP 562), so importing one module of the package stays cheap.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from swpolicy.scenarios.metrics import METRICS, Metric
    from swpolicy.scenarios.results import RunResult, Summary, SummaryRow
    from swpolicy.scenarios.run import run
    from swpolicy.scenarios.spec import RunSpec, load_spec

_LAZY = {
    "METRICS": "swpolicy.scenarios.metrics",
    "Metric": "swpolicy.scenarios.metrics",
    "RunResult": "swpolicy.scenarios.results",
    "Summary": "swpolicy.scenarios.results",
    "SummaryRow": "swpolicy.scenarios.results",
    "run": "swpolicy.scenarios.run",
    "RunSpec": "swpolicy.scenarios.spec",
    "load_spec": "swpolicy.scenarios.spec",
}
__all__ = [
    "METRICS",
    "Metric",
    "RunResult",
    "RunSpec",
    "Summary",
    "SummaryRow",
    "load_spec",
    "run",
]


def __getattr__(name: str) -> Any:
    if name not in _LAZY:
        raise AttributeError(f"module 'swpolicy.scenarios' has no attribute {name!r}")
    return getattr(importlib.import_module(_LAZY[name]), name)
