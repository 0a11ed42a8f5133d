"""The assumptions panel: every law-to-model link and the number behind it, in words.

The simulation form shows each link of `scenarios/data/mapping.yaml` with its label (from the
vocabulary), the evidence entry that sizes it (estimate, interval, unit, type, source) and which
assumption sets include it, with a switch and editable numbers; the run page shows the same rows
for the links a run used, marking what the user changed. Numbers come from the evidence
registry, links from the mapping: nothing is restated here.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

from swpolicy.evidence import Entry, Registry, load_registry
from swpolicy.evidence.quantity import unit_label
from swpolicy.scenarios.mapping import load_mapping
from swpolicy.vocabulary import explain, label

TYPES = {
    "measured": "measured in a study",
    "pooled": "pooled from studies",
    "assumed": "an assumption",
    "calibrated": "calibrated to data",
}


@dataclass(frozen=True)
class Number:
    """One evidence entry as people read it (with the user's change, if any)."""

    id: str
    quantity: str
    estimate: float
    low: float
    high: float
    unit: str
    type: str
    citation: str
    link: str
    locator: str
    changed: bool


@dataclass(frozen=True)
class LinkRow:
    """One law-to-determinant link: its words, its number, its sets and whether it is on."""

    id: str
    label: str
    explain: str
    sets: tuple[str, ...]  # the shipped sets that include it
    set_labels: str
    number: Number
    on: bool


def number(entry: Entry, changed: bool = False) -> Number:
    return Number(
        entry.id,
        entry.quantity,
        float(entry.estimate),
        entry.low,
        entry.high,
        unit_label(entry.unit),
        TYPES.get(entry.type, entry.type),
        entry.source.citation,
        entry.source.link(),
        entry.source.locator,
        changed,
    )


def with_overrides(overrides: dict[str, dict[str, Any]]) -> Registry:
    """The shipped registry with a run's saved overrides merged in (for showing them)."""
    registry = load_registry()
    if not overrides:
        return registry
    entries = dict(registry.entries)
    for eid, change in overrides.items():
        if eid in entries:
            entries[eid] = entries[eid].model_copy(update=change)
    return Registry(entries, registry.files, registry.themes)


def links(
    on: set[str] | None = None, overrides: dict[str, dict[str, Any]] | None = None
) -> list[LinkRow]:
    """Every link of the mapping; `on` says which are in force (default: the default set)."""
    mapping = load_mapping()
    overrides = overrides or {}
    registry = with_overrides(overrides)
    if on is None:
        on = {e.id for e in mapping.effects if "default" in e.sets}
    return [
        LinkRow(
            e.id,
            label("link", e.id),
            explain("link", e.id),
            tuple(e.sets),
            " and ".join(label("assumption_set", s) for s in e.sets),
            number(registry.get(e.evidence), e.evidence in overrides),
            e.id in on,
        )
        for e in mapping.effects
    ]


@cache
def other_ids() -> tuple[str, ...]:
    """Numbers the links share: status weights and unlicensed shares (entry ids)."""
    mapping = load_mapping()
    ids = [w for w in mapping.status_weights.values() if isinstance(w, str)]
    ids += [mapping.unlicensed_share.default, *mapping.unlicensed_share.by_jurisdiction.values()]
    return tuple(dict.fromkeys(ids))


@cache
def editable_ids() -> tuple[str, ...]:
    """Every evidence entry a request may override: the links' and the shared numbers."""
    return tuple(dict.fromkeys([*(e.evidence for e in load_mapping().effects), *other_ids()]))


def link_ids() -> tuple[str, ...]:
    return tuple(e.id for e in load_mapping().effects)


def others(overrides: dict[str, dict[str, Any]] | None = None) -> list[Number]:
    """The shared numbers (status weights, unlicensed shares) with any overrides."""
    overrides = overrides or {}
    registry = with_overrides(overrides)
    return [number(registry.get(eid), eid in overrides) for eid in other_ids()]


def set_choices() -> list[dict[str, str]]:
    """The shipped assumption sets with their words, for the form's choice."""
    return [
        {"id": s, "label": label("assumption_set", s), "explain": explain("assumption_set", s)}
        for s in load_mapping().assumption_sets
    ]


def catalogue() -> dict[str, Any]:
    """Everything a client needs to build overrides: sets, links and numbers, with words."""
    rows = links()
    return {
        "sets": set_choices(),
        "links": [
            {
                "id": r.id,
                "label": r.label,
                "explain": r.explain,
                "sets": list(r.sets),
                "evidence": r.number.id,
            }
            for r in rows
        ],
        "numbers": [
            {
                "id": n.id,
                "label": n.quantity,
                "estimate": n.estimate,
                "ci": [n.low, n.high],
                "unit": n.unit,
                "type": n.type,
                "source": {"citation": n.citation, "link": n.link, "locator": n.locator},
            }
            for n in [*(r.number for r in rows), *others()]
        ],
    }
