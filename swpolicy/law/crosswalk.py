"""Crosswalk from swpolicy's provisions and regimes to other organisations' categories.

The categories and their tests are data (`data/crosswalk.yaml`), checked here against the
provisions and schemes so a renamed provision cannot silently empty a category. Answers use
the classifier's three-valued logic: a deciding provision that is `unclear`, `varies` or
`unrecorded` gives no answer rather than a guess. A scheme whose categories could not be read
(`status: unverified`) records its question and answers nothing.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from functools import cache
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from swpolicy.law.classify import SCHEMES, Test, any_in, classify_snapshot
from swpolicy.law.model import Law, Snapshot
from swpolicy.law.provisions import DATA_DIR, PENALISED, provisions
from swpolicy.sourcefile import load_yaml

Status = Literal["verified", "labels_only", "unverified"]
Answer = Literal["yes", "no", "unknown"]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Source(_Strict):
    citation: str
    url: str
    locator: str


class RegimeTest(_Strict):
    scheme: str
    regimes: list[str] = Field(min_length=1)


class CategoryTest(_Strict):
    """Exactly one of: any provision penalised, any provision taking a word, a regime."""

    any_penalised: list[str] | None = None
    any_value: dict[str, list[str]] | None = None
    regime: RegimeTest | None = None

    @model_validator(mode="after")
    def _one(self) -> CategoryTest:
        given = [k for k in ("any_penalised", "any_value", "regime") if getattr(self, k)]
        if len(given) != 1:
            raise ValueError("a test needs exactly one of any_penalised, any_value, regime")
        known = provisions()
        for pid in [*(self.any_penalised or ()), *(self.any_value or {})]:
            if pid not in known:
                raise ValueError(f"unknown provision {pid!r}")
        for pid, words in (self.any_value or {}).items():
            bad = [w for w in words if not known[pid].kind.accepts(w)]
            if bad:
                raise ValueError(f"{pid}: {bad} not among {known[pid].kind.expected()}")
        if self.regime and self.regime.scheme not in SCHEMES:
            raise ValueError(f"unknown scheme {self.regime.scheme!r}")
        return self

    def evaluate(self, snap: Snapshot) -> Test:
        if self.any_penalised:
            return any_in(snap, self.any_penalised, PENALISED)
        if self.any_value:
            tests = [any_in(snap, [pid], words) for pid, words in self.any_value.items()]
            hits = [t for t in tests if t.result]
            return hits[0] if hits else next((t for t in tests if t.result is None), tests[0])
        assert self.regime is not None
        result = classify_snapshot(snap, self.regime.scheme)
        decided = tuple(str(r["provision"]) for r in result.reasons)
        if result.regime in ("unclear", "varies"):
            return Test(None, decided)
        return Test(result.regime in self.regime.regimes, decided)


class Category(_Strict):
    label: str
    test: CategoryTest
    status: Status | None = None  # overrides the scheme's status for this category
    note: str | None = None


class Scheme(_Strict):
    name: str
    organisation: str
    status: Status
    source: Source
    note: str | None = None
    question: str | None = None
    categories: dict[str, Category]

    @model_validator(mode="after")
    def _question_when_unverified(self) -> Scheme:
        if self.status == "unverified" and (self.categories or not self.question):
            raise ValueError("an unverified scheme has a question and no categories")
        return self


class Crosswalk(_Strict):
    schemes: dict[str, Scheme]


@cache
def crosswalk() -> Crosswalk:
    """The crosswalk in `data/crosswalk.yaml`, validated against provisions and schemes."""
    return load_yaml(DATA_DIR / "crosswalk.yaml").require(Crosswalk)


def _answer(test: Test) -> Answer:
    return "unknown" if test.result is None else "yes" if test.result else "no"


def answers(laws: Iterable[Law], at: date) -> list[dict[str, str]]:
    """One row per jurisdiction x external category: the answer and the provisions behind it."""
    out: list[dict[str, str]] = []
    for law in sorted(laws, key=lambda item: item.id):
        snap = law.at(at)
        for sid, scheme in crosswalk().schemes.items():
            for cid, cat in scheme.categories.items():
                test = cat.test.evaluate(snap)
                out.append(
                    {
                        "jurisdiction": law.id,
                        "scheme": sid,
                        "category": cid,
                        "label": cat.label,
                        "answer": _answer(test),
                        "status": cat.status or scheme.status,
                        "provisions": ", ".join(test.provisions),
                        "at": at.isoformat(),
                    }
                )
    return out
