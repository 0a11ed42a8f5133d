"""The evidence registry and the one schema for a sourced, uncertain number.

Public API:
    Quantity         -- a sourced, uncertain number (estimate, interval, distribution, type,
                        claim, unit, source, note); every number the package reads is one
    ppf(quantity, u) -- its inverse CDF: uniform numbers in [0, 1] -> values
    load_registry()  -- the validated registry (`.get(id)`, `.all()`, `.filter()`, `.sample()`)
    pool(entry)      -- random-effects pooling of an entry's study-level data (statsmodels)
"""

from __future__ import annotations

from swpolicy.evidence.pooling import PoolResult, pool
from swpolicy.evidence.quantity import UNITS, Quantity, Source, check_quantity, unit_label
from swpolicy.evidence.registry import DATA_DIR, Registry, build_registry, load_registry
from swpolicy.evidence.sampling import Z975, check_distribution, ppf
from swpolicy.evidence.schema import Entry, EvidenceFile, Study

__all__ = [
    "DATA_DIR",
    "UNITS",
    "Z975",
    "Entry",
    "EvidenceFile",
    "PoolResult",
    "Quantity",
    "Registry",
    "Source",
    "Study",
    "build_registry",
    "check_distribution",
    "check_quantity",
    "load_registry",
    "pool",
    "ppf",
    "unit_label",
]
