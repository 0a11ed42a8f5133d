"""The law part of the report: provisions in force, classification and Amnesty assessment.

Everything here is read from the law data and derived by `classify` and `assess`; no regime
label is typed in. The regime *family* used to group and order the laws is the NSWP scheme's
regime (its four legal models are the usual families of the debate), derived like the others.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from swpolicy.law.assess import Assessment, assess, policy
from swpolicy.law.classify import SCHEMES, Classification, classify
from swpolicy.law.model import Citation, Law, Snapshot
from swpolicy.law.provisions import provisions
from swpolicy.law.registry import children

FAMILY_SCHEME = "nswp"

# Order families from most to least penalising so the tables read as a spectrum. Regimes the
# scheme may return that are not listed (unclear, varies) sort last.
FAMILY_ORDER = ("criminalisation", "partial_criminalisation", "legalisation", "decriminalisation")


@dataclass(frozen=True)
class LawSummary:
    """One law on one date, with everything the report shows about it."""

    law: Law
    snapshot: Snapshot
    classifications: dict[str, Classification]
    assessment: Assessment
    id: str  # the law's, copied here for templates
    name: str
    family: str  # its regime in the family scheme (FAMILY_SCHEME)

    def provision_rows(self) -> list[dict[str, Any]]:
        """Provisions in force, with label, value, start date, confidence and references."""
        table = provisions()
        return [
            {
                "id": pid,
                "label": table[pid].label if pid in table else pid,
                "value": str(pv.value),
                "since": pv.since.isoformat() if pv.since else "",
                "confidence": pv.confidence,
                "citations": [_citation(c) for c in pv.citations],
                "note": pv.note or "",
            }
            for pid, pv in self.snapshot.items()
        ]

    def citations(self) -> list[Citation]:
        """Every citation behind the provisions in force (for the reference list)."""
        return [c for pv in self.snapshot.values() for c in pv.citations]


def _citation(c: Citation) -> dict[str, str | None]:
    return {"text": str(c), "url": c.url}


def summarise(law: Law, on: date) -> LawSummary:
    """Classify (every scheme) and assess one law on a date."""
    units = children(law.id)
    classifications = {s: classify(law, s, on, units) for s in SCHEMES}
    return LawSummary(
        law=law,
        snapshot=law.at(on),
        classifications=classifications,
        assessment=assess(law, on),
        id=law.id,
        name=law.name,
        family=classifications[FAMILY_SCHEME].regime,
    )


def family_key(summary: LawSummary) -> tuple[int, str]:
    """Sort key: family from most to least penalising, then jurisdiction id."""
    fam = summary.family
    rank = FAMILY_ORDER.index(fam) if fam in FAMILY_ORDER else len(FAMILY_ORDER)
    return rank, summary.id


def policy_reference() -> dict[str, str]:
    """The Amnesty policy the assessment encodes, for the reference list."""
    p = policy().policy
    return {"text": f"{p.title} ({p.index}, {p.date.isoformat()})", "url": p.url}
