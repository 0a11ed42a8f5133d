"""The evidence registry: every effect size the simulator uses, as sourced, uncertain data.

Public API:
    load_registry()  -- the validated registry (`.get(id)`, `.all()`, `.filter()`, `.sample()`)
    pool(entry)      -- random-effects pooling of an entry's study-level data (statsmodels)
    ppf(entry, u)    -- an entry's inverse CDF, for mapping Latin hypercube draws
"""

from __future__ import annotations

from swpolicy.evidence.pooling import PoolResult, pool
from swpolicy.evidence.registry import DATA_DIR, Registry, build_registry, load_registry
from swpolicy.evidence.sampling import ppf
from swpolicy.evidence.schema import Entry, EvidenceFile, Source, Study

__all__ = [
    "DATA_DIR",
    "Entry",
    "EvidenceFile",
    "PoolResult",
    "Registry",
    "Source",
    "Study",
    "build_registry",
    "load_registry",
    "pool",
    "ppf",
]
