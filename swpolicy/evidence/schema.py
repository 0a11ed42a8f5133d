"""Pydantic models of the evidence files: a registry entry is a `Quantity` with an id and context.

Each effect size is data so that every number the simulator uses carries its source, its
uncertainty and whose claim it is. The number itself has the shape every number in the package
has (`quantity.Quantity`); an entry adds what a registry needs: an id, the population, setting
and design it was measured in, which way is "more", and optionally study-level data for pooling.
The file format is documented in docs/evidence.md.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from swpolicy.evidence.quantity import (
    RATIO_UNITS,
    Bounds,
    Claim,
    Distribution,
    EntryId,
    EvidenceType,
    Interval,
    Number,
    Quantity,
    Source,
    Strict,
    Text,
    Unit,
)

# An entry's `unit` used to be called its scale; the old names stay for the code that reads it.
Scale = Unit
RATIO_SCALES = RATIO_UNITS

__all__ = [
    "RATIO_SCALES",
    "Claim",
    "Distribution",
    "Entry",
    "EntryId",
    "EvidenceFile",
    "EvidenceType",
    "Interval",
    "Scale",
    "Source",
    "Study",
]


class Study(Strict):
    """One study's estimate, for pooling (`swpolicy.evidence.pool`)."""

    label: Text
    estimate: Number
    ci: Bounds
    source: Source


class Entry(Quantity):
    """One effect size or parameter in the registry: a quantity with its id and context.

    Unlike a bare quantity, an entry always states what it measures, its interval, whose claim it
    is and a note.
    """

    id: EntryId
    quantity: Text
    ci: Bounds
    interval: Interval
    population: Text
    setting: Text
    design: Text
    claim: Claim
    direction: Text
    note: Text
    studies: list[Study] | None = None

    @property
    def scale(self) -> Unit:
        """The entry's unit (the name older code reads)."""
        return self.unit


class EvidenceFile(Strict):
    """One themed file of entries (e.g. policing.yaml)."""

    theme: Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$")]
    title: Text
    entries: list[Entry] = Field(min_length=1)
