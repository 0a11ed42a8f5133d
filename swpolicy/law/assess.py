"""Assessment of a law against Amnesty International's 2016 policy (POL 30/4062/2016).

The obligations, their section headings and the rules over provisions are data
(`data/amnesty2016.yaml`); this module only interprets them. Each finding is `compliant`,
`not_compliant`, `not_assessable` (the data say "unclear" or "varies") or `not_assessed` (a
deciding provision is not recorded for the jurisdiction yet), with the provisions and references
that decided it. Summaries state their denominators, so "compliant with 4 of 6 assessable"
always says how many obligations could not be judged and why.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date
from functools import cache
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from swpolicy.errors import InputError
from swpolicy.law.model import Law, Snapshot
from swpolicy.law.provisions import DATA_DIR, UNRECORDED, provisions, unrecorded_meaning
from swpolicy.sourcefile import load_yaml

Status = Literal["compliant", "not_compliant", "not_assessable", "not_assessed"]
STATUSES: tuple[Status, ...] = ("compliant", "not_compliant", "not_assessable", "not_assessed")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Section(_Strict):
    heading: str
    page: int


class Check(_Strict):
    """Words of the deciding provisions that make a finding compliant or not."""

    provisions: list[str] = Field(min_length=1)
    compliant: list[str] = Field(default_factory=list)
    not_compliant: list[str] = Field(default_factory=list)
    minimum: int | None = None

    def judge(self, value: str | int) -> Status:
        if value == UNRECORDED:
            return "not_assessed"
        if isinstance(value, int):
            if self.minimum is None:
                return "not_assessable"
            return "compliant" if value >= self.minimum else "not_compliant"
        if value in self.compliant:
            return "compliant"
        if value in self.not_compliant:
            return "not_compliant"
        return "not_assessable"


class Obligation(_Strict):
    id: str
    title: str
    sections: list[Section] = Field(min_length=1)
    confidence: Literal["high", "medium", "low"]
    checks: list[Check] = Field(min_length=1)
    explanation: dict[Literal["compliant", "not_compliant", "not_assessable"], str]


class Policy(_Strict):
    title: str
    index: str
    date: date
    url: str
    related: list[dict[str, str]] = Field(default_factory=list)


class PolicyFile(_Strict):
    policy: Policy
    obligations: list[Obligation] = Field(min_length=1)


@cache
def policy() -> PolicyFile:
    """The encoded policy, validated (including that checks name real provisions)."""
    doc = load_yaml(DATA_DIR / "amnesty2016.yaml")
    parsed = doc.require(PolicyFile)
    known = provisions()
    bad = [
        doc.issue(("obligations", i, "checks", j, "provisions"), f"unknown provision {pid!r}")
        for i, ob in enumerate(parsed.obligations)
        for j, check in enumerate(ob.checks)
        for pid in check.provisions
        if pid not in known
    ]
    if bad:
        raise InputError(bad)
    return parsed


@dataclass(frozen=True)
class Finding:
    obligation: str
    title: str
    status: Status
    provisions: tuple[dict[str, Any], ...]
    references: tuple[str, ...]
    explanation: str
    sections: tuple[str, ...]
    confidence: str

    def as_dict(self) -> dict[str, Any]:
        return {
            "obligation": self.obligation,
            "title": self.title,
            "status": self.status,
            "provisions": list(self.provisions),
            "references": list(self.references),
            "explanation": self.explanation,
            "policy_sections": list(self.sections),
            "confidence": self.confidence,
        }


@dataclass(frozen=True)
class Assessment:
    law_id: str
    name: str
    on: date
    findings: tuple[Finding, ...]

    def finding(self, obligation: str) -> Finding:
        return next(f for f in self.findings if f.obligation == obligation)

    def summary(self) -> dict[str, Any]:
        counts = Counter(f.status for f in self.findings)
        assessable = counts["compliant"] + counts["not_compliant"]
        return {
            **{status: counts[status] for status in STATUSES},
            "assessable": assessable,
            "obligations": len(self.findings),
            "not_compliant_obligations": [
                f.obligation for f in self.findings if f.status == "not_compliant"
            ],
            "text": f"compliant with {counts['compliant']} of {assessable} assessable "
            f"obligations out of {len(self.findings)} ({counts['not_assessable']} not "
            f"assessable: data unclear or varying; {counts['not_assessed']} not assessed: "
            "provisions not recorded)",
        }

    def as_dict(self) -> dict[str, Any]:
        p = policy().policy
        return {
            "id": self.law_id,
            "name": self.name,
            "at": self.on.isoformat(),
            "policy": {"title": p.title, "index": p.index, "url": p.url},
            "findings": [f.as_dict() for f in self.findings],
            "summary": self.summary(),
        }


def assess_obligation(snap: Snapshot, ob: Obligation) -> Finding:
    """Judge one obligation: any not_compliant decides; all compliant needed to comply."""
    judged = [
        (pid, check.judge(snap.value(pid))) for check in ob.checks for pid in check.provisions
    ]
    statuses = {status for _, status in judged}
    status: Status
    if "not_compliant" in statuses:
        status = "not_compliant"
    elif statuses == {"compliant"}:
        status = "compliant"
    elif "not_assessed" in statuses:
        status = "not_assessed"
    else:
        status = "not_assessable"
    deciding = (
        [pid for pid, s in judged if s == status]
        if status != "compliant"
        else [pid for pid, _ in judged]
    )
    rows = tuple(
        {"provision": pid, "value": snap.value(pid), "judged": s}
        for pid, s in judged
        if pid in deciding
    )
    refs = tuple(dict.fromkeys(str(c) for pid in deciding for c in snap[pid].citations))
    sections = tuple(f"{s.heading} (p. {s.page})" for s in ob.sections)
    explanation = (
        ob.explanation[status]
        if status != "not_assessed"
        else f"Not assessed: {', '.join(provisions()[p].label for p in deciding)}: "
        f"{unrecorded_meaning()}"
    )
    return Finding(ob.id, ob.title, status, rows, refs, explanation, sections, ob.confidence)


def assess(law: Law, when: date | str | None = None) -> Assessment:
    """Assess a law on a date against every obligation of the policy."""
    snap = law.at(when)
    findings = tuple(assess_obligation(snap, ob) for ob in policy().obligations)
    return Assessment(law.id, law.name, snap.on, findings)
