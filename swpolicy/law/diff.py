"""Provision-by-provision comparison of two laws, with the change in classification and assessment.

Used for `law diff A B` (two jurisdictions) and `law diff ID --reform BILL.yaml` (a law before
and after a bill): the same comparison serves both because a bill yields a `Law`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from swpolicy.law.assess import assess
from swpolicy.law.classify import SCHEMES, classify
from swpolicy.law.model import Law, as_date
from swpolicy.law.provisions import provisions


@dataclass(frozen=True)
class Row:
    """One compared item: a provision, a scheme or an obligation."""

    key: str
    a: Any
    b: Any

    @property
    def changed(self) -> bool:
        return bool(self.a != self.b)

    def as_dict(self, name: str) -> dict[str, Any]:
        return {name: self.key, "a": self.a, "b": self.b, "changed": self.changed}


@dataclass(frozen=True)
class LawDiff:
    a: Law
    b: Law
    on_a: date
    on_b: date
    provisions: tuple[Row, ...]
    classification: tuple[Row, ...]
    assessment: tuple[Row, ...]

    def as_dict(self) -> dict[str, Any]:
        return {
            "a": {"id": self.a.id, "name": self.a.name, "at": self.on_a.isoformat()},
            "b": {"id": self.b.id, "name": self.b.name, "at": self.on_b.isoformat()},
            "provisions": [r.as_dict("provision") for r in self.provisions],
            "classification": [r.as_dict("scheme") for r in self.classification],
            "assessment": [r.as_dict("obligation") for r in self.assessment],
        }


def diff(a: Law, b: Law, on_a: date | str | None = None, on_b: date | str | None = None) -> LawDiff:
    """Compare law `a` on `on_a` with law `b` on `on_b` (both default to today)."""
    day_a = as_date(on_a)
    day_b = as_date(on_b) if on_b is not None else day_a
    snap_a, snap_b = a.at(day_a), b.at(day_b)
    rows = tuple(Row(pid, snap_a.value(pid), snap_b.value(pid)) for pid in provisions())
    schemes = tuple(
        Row(s, classify(a, s, day_a).regime, classify(b, s, day_b).regime) for s in SCHEMES
    )
    ass_a, ass_b = assess(a, day_a), assess(b, day_b)
    obligations = tuple(
        Row(f.obligation, f.status, ass_b.finding(f.obligation).status) for f in ass_a.findings
    )
    return LawDiff(a, b, day_a, day_b, rows, schemes, obligations)
