"""Classification of a law into the regime vocabularies people use, derived by rules.

No regime label is ever stored: each scheme is an ordered list of rules over the provisions
(first match wins), and the answer names the rule and the provisions that decided it.

The rules use three-valued logic. A test over provisions is true, false, or undetermined when a
deciding provision is `unclear` or `varies`. If a rule is undetermined before any rule matched,
we cannot know which regime applies, so the answer is `unclear` (or `varies`, with the
sub-national units' own regimes), never a guess.

Schemes (regime ids):
  wikipedia: the legend of Wikipedia's "Prostitution law" map.
  nswp:      the four legal models of the Global Network of Sex Work Projects.
  procon:    ProCon.org's three categories. ProCon's definitions were not available to us;
             `limitedly_legal` is our operationalisation: selling is lawful only in some forms,
             places or circumstances (licensed, restricted, alone, or the client commits an
             offence).
The rules are our operationalisation of those vocabularies, documented in docs/classification.md.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from swpolicy.errors import UsageError
from swpolicy.law.model import Law, Snapshot
from swpolicy.law.provisions import (
    LAWFUL,
    PENALISED,
    REGULATED,
    UNDETERMINED,
    UNRECORDED,
    VARIES,
)


@dataclass(frozen=True)
class Test:
    """Outcome of a test: True, False or None (undetermined), and the provisions behind it."""

    result: bool | None
    provisions: tuple[str, ...]


def any_in(snap: Snapshot, pids: Iterable[str], words: Iterable[str]) -> Test:
    """True if any provision takes one of `words`; undetermined if none does but one is unknown."""
    pids, words = tuple(pids), frozenset(words)
    hits = tuple(p for p in pids if snap.value(p) in words)
    if hits:
        return Test(True, hits)
    unknown = tuple(p for p in pids if snap.value(p) in UNDETERMINED)
    return Test(None, unknown) if unknown else Test(False, pids)


def any_of(*tests: Test) -> Test:
    if hits := [t for t in tests if t.result]:
        return Test(True, _union(hits))
    if unknown := [t for t in tests if t.result is None]:
        return Test(None, _union(unknown))
    return Test(False, _union(tests))


def all_of(*tests: Test) -> Test:
    if misses := [t for t in tests if t.result is False]:
        return Test(False, _union(misses))
    if unknown := [t for t in tests if t.result is None]:
        return Test(None, _union(unknown))
    return Test(True, _union(tests))


def _union(tests: Iterable[Test]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(p for t in tests for p in t.provisions))


# Features shared by the schemes: each is defined once and reused.
def selling_penalised(s: Snapshot) -> Test:
    return any_in(s, ["selling"], PENALISED)


def buying_penalised(s: Snapshot) -> Test:
    """Buying is an offence while selling is lawful (the Nordic or neo-abolitionist model).

    Requiring lawful selling keeps a licensing regime that also penalises some buying (buying
    outside licensed venues) out of this class.
    """
    return all_of(any_in(s, ["buying"], PENALISED), any_in(s, ["selling"], LAWFUL))


def organisation_penalised(s: Snapshot) -> Test:
    return any_in(s, ["working_together", "brothel_keeping", "third_party_profit"], PENALISED)


def licensing_regime(s: Snapshot) -> Test:
    """Sex workers themselves must be licensed or work in licensed venues to be lawful.

    Operator-only certificates with sex workers free to work alone or together (New Zealand)
    are not this; worker registration (Germany) or licensed brothels as the only lawful
    venue for more than one worker (Queensland before 2024) are.
    """
    exists = any_in(s, ["licensing"], ["workers", "operators", "both"])
    binds_workers = any_of(
        any_in(s, ["selling", "working_together"], [REGULATED]),
        any_in(s, ["licensing"], ["workers", "both"]),
        all_of(
            any_in(s, ["brothel_keeping"], [REGULATED]),
            any_in(s, ["working_together"], PENALISED),
        ),
    )
    # Without any licensing scheme nothing can be "lawful only inside" one, so an unclear
    # working-together provision cannot make this test undetermined.
    return all_of(exists, binds_workers)


def limited_forms(s: Snapshot) -> Test:
    return any_of(
        any_in(s, ["selling"], [REGULATED, "legal_restricted"]),
        any_in(s, ["working_together"], PENALISED | {REGULATED}),
        any_in(s, ["buying"], PENALISED),
    )


def _otherwise(*pids: str) -> Callable[[Snapshot], Test]:
    """The final rule: reached only when every earlier rule was false (hence determined)."""

    def test(_: Snapshot) -> Test:
        return Test(True, pids)

    return test


_CORE = ("selling", "buying", "working_together", "brothel_keeping", "third_party_profit")


@dataclass(frozen=True)
class Rule:
    rule_id: str
    regime: str
    test: Callable[[Snapshot], Test]
    explanation: str


# Each rule's test and its usual wording, declared once; schemes map rules to their own labels
# (and may word a rule their own way).
_TESTS: dict[str, tuple[Callable[[Snapshot], Test], str]] = {
    "selling_penalised": (
        selling_penalised,
        "selling sex is an offence (criminal or administrative)",
    ),
    "buying_penalised": (buying_penalised, "selling is not an offence but buying is"),
    "licensing_regime": (
        licensing_regime,
        "sex work is lawful only inside a licensing or registration regime",
    ),
    "organisation_penalised": (
        organisation_penalised,
        "selling and buying are lawful but organised activities (brothels, working "
        "together, third parties) are offences",
    ),
    "none_penalised": (
        _otherwise(*_CORE),
        "no sex-work-specific offences for adults selling, buying or working together",
    ),
    "limited_forms": (
        limited_forms,
        "selling is lawful only in some forms, places or circumstances",
    ),
    "selling_lawful": (
        _otherwise("selling", "working_together", "buying"),
        "selling sex is lawful, alone or together",
    ),
}


def _scheme(*rules: tuple[str, str] | tuple[str, str, str]) -> list[Rule]:
    """A scheme from (rule, regime[, the scheme's own wording]) in the order they are tried."""
    out = []
    for rule in rules:
        test, wording = _TESTS[rule[0]]
        out.append(Rule(rule[0], rule[1], test, rule[2] if len(rule) > 2 else wording))
    return out


SCHEMES: dict[str, list[Rule]] = {
    "wikipedia": _scheme(
        ("selling_penalised", "prohibitionism"),
        ("buying_penalised", "neo_abolitionism"),
        ("licensing_regime", "legalisation"),
        ("organisation_penalised", "abolitionism"),
        ("none_penalised", "decriminalisation"),
    ),
    "nswp": _scheme(
        ("selling_penalised", "criminalisation"),
        ("buying_penalised", "partial_criminalisation"),
        (
            "licensing_regime",
            "legalisation",
            "sex work is lawful only inside a state licensing or registration regime",
        ),
        (
            "organisation_penalised",
            "partial_criminalisation",
            "selling is lawful but working together, brothels or third parties are offences",
        ),
        (
            "none_penalised",
            "decriminalisation",
            "no sex-work-specific offences; the industry is left to general law",
        ),
    ),
    "procon": _scheme(
        ("selling_penalised", "illegal"),
        ("limited_forms", "limitedly_legal"),
        ("selling_lawful", "legal"),
    ),
}


@dataclass(frozen=True)
class Classification:
    """A regime in one scheme, with the rule and provisions that decided it."""

    law_id: str
    name: str
    scheme: str
    regime: str
    rule: str
    explanation: str
    on: date
    reasons: tuple[dict[str, Any], ...]
    units: tuple[tuple[str, str], ...] = field(default=())

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"id": self.law_id, "name": self.name}
        out |= {k: getattr(self, k) for k in ("scheme", "regime", "rule", "explanation")}
        out |= {"at": self.on.isoformat(), "reasons": list(self.reasons)}
        out["units"] = [{"id": uid, "regime": regime} for uid, regime in self.units]
        return out


def classify_snapshot(snap: Snapshot, scheme: str) -> Classification:
    """Apply a scheme's rules, first match wins, to one snapshot."""
    if scheme not in SCHEMES:
        raise UsageError(f"unknown scheme {scheme!r}; expected one of {', '.join(SCHEMES)}")
    for rule in SCHEMES[scheme]:
        outcome = rule.test(snap)
        if outcome.result:
            return _make(snap, scheme, rule.regime, rule.rule_id, rule.explanation, outcome)
        if outcome.result is None:
            values = {snap.value(p) for p in outcome.provisions}
            regime = "varies" if VARIES in values else "unclear"
            if VARIES in values:
                why = "depends on sub-national law"
            elif values == {UNRECORDED}:
                why = "a deciding provision is not recorded for this jurisdiction yet"
            else:
                why = "a deciding provision could not be verified"
            return _make(
                snap,
                scheme,
                regime,
                f"{rule.rule_id}:undetermined",
                f"cannot tell whether {rule.explanation}: {why}",
                outcome,
            )
    raise AssertionError(f"scheme {scheme} has no final rule")  # pragma: no cover


def _make(
    snap: Snapshot, scheme: str, regime: str, rule: str, text: str, outcome: Test
) -> Classification:
    reasons = tuple(
        {
            "provision": pid,
            "value": snap.value(pid),
            "since": _iso(snap[pid].since),
            "references": [str(c) for c in snap[pid].citations],
        }
        for pid in outcome.provisions
    )
    return Classification(snap.law_id, snap.name, scheme, regime, rule, text, snap.on, reasons)


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def classify(
    law: Law, scheme: str, when: date | str | None = None, units: Iterable[Law] = ()
) -> Classification:
    """Classify a law on a date; for `varies`, also classify its sub-national units."""
    snap = law.at(when)
    result = classify_snapshot(snap, scheme)
    if result.regime == "varies":
        unit_regimes = tuple(
            (unit.id, classify_snapshot(unit.at(snap.on), scheme).regime) for unit in units
        )
        result = Classification(**{**result.__dict__, "units": unit_regimes})
    return result
