"""Assumption sets: which law-to-model links are on, and any user overrides of their numbers.

Two named sets ship: `default` (mechanisms reported in the public-health literature) and
`critics` (the same plus critics' claims on market size and trafficking). A YAML file can start
from either, switch links on or off and replace any evidence entry's numbers:

    base: critics
    disable: [police_buying]
    evidence:
      map_police_selling_penalised: {estimate: 1.5, ci: [1.0, 2.0]}

Files are validated like law files: every problem as file:line:col: field: message.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from swpolicy.errors import InputError, Issue, UsageError
from swpolicy.evidence import Entry, Registry, load_registry
from swpolicy.evidence.sampling import check_distribution
from swpolicy.evidence.schema import RATIO_SCALES
from swpolicy.evidence.validate import check_entry
from swpolicy.scenarios.mapping import Effect, Mapping_, load_mapping
from swpolicy.sourcefile import Document, load_yaml


class AssumptionFile(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    base: str = "default"
    enable: list[str] = Field(default_factory=list)
    disable: list[str] = Field(default_factory=list)
    evidence: dict[str, dict[str, Any]] = Field(default_factory=dict)
    note: str | None = None


@dataclass(frozen=True)
class Assumptions:
    """The links in force and the registry (with overrides) their numbers come from."""

    name: str
    effects: list[Effect]
    registry: Registry
    overrides: dict[str, dict[str, Any]] = field(default_factory=dict)

    def describe(self) -> dict[str, Any]:
        """What a result must say about the assumptions behind it."""
        return {
            "name": self.name,
            "effects": [e.id for e in self.effects],
            "evidence": sorted({e.evidence for e in self.effects}),
            "overrides": self.overrides,
        }


def named(name: str, mapping: Mapping_ | None = None) -> Assumptions:
    """One of the shipped sets (`default`, `critics`)."""
    mapping = mapping or load_mapping()
    if name not in mapping.assumption_sets:
        known = ", ".join(mapping.assumption_sets)
        raise UsageError(f"unknown assumption set {name!r}; expected {known} or a YAML file")
    effects = [e for e in mapping.effects if name in e.sets]
    return Assumptions(name, effects, load_registry())


def from_file(path: str | Path, mapping: Mapping_ | None = None) -> Assumptions:
    """An assumption file, validated against the mapping and the evidence registry."""
    return from_document(load_yaml(path), mapping)


def from_data(name: str, data: dict[str, Any], mapping: Mapping_ | None = None) -> Assumptions:
    """Assumptions from the data of an assumption file held in memory (a web request's
    overrides); problems are located by field, in a document called `name`."""
    return from_document(Document(name, data), mapping)


def from_document(doc: Document, mapping: Mapping_ | None = None) -> Assumptions:
    """An assumption document, validated against the mapping and the evidence registry."""
    path = doc.file
    mapping = mapping or load_mapping()
    spec = doc.require(AssumptionFile)
    issues: list[Issue] = []
    if spec.base not in mapping.assumption_sets:
        issues.append(doc.issue(("base",), f"unknown assumption set {spec.base!r}"))
    known = {e.id for e in mapping.effects}
    for key in ("enable", "disable"):
        for i, eid in enumerate(getattr(spec, key)):
            if eid not in known:
                issues.append(doc.issue((key, i), f"unknown effect {eid!r}"))
    registry = load_registry()
    entries = dict(registry.entries)
    for eid, changes in spec.evidence.items():
        if eid not in registry.entries:
            issues.append(doc.issue(("evidence", eid), f"unknown evidence id {eid!r}"))
            continue
        if changes.get("id", eid) != eid:
            issues.append(doc.issue(("evidence", eid, "id"), "an override cannot rename its entry"))
            continue
        merged = {**registry.entries[eid].model_dump(exclude_none=True), **changes}
        found = check_entry(doc, ("evidence", eid), merged)
        issues.extend(found)
        if not found:
            entry, problems = doc.parse(Entry, merged, ("evidence", eid))
            issues.extend(problems)
            if entry is not None:
                entries[eid] = entry
                issues.extend(_check_distribution(doc, eid, entry, changes))
    issues.extend(_check_uses(doc, spec, entries, mapping))
    if issues:
        raise InputError(issues)
    base = named(spec.base, mapping)
    on = {e.id for e in base.effects} | set(spec.enable)
    on -= set(spec.disable)
    effects = [e for e in mapping.effects if e.id in on]
    new_registry = Registry(entries, registry.files, registry.themes)
    return Assumptions(str(path), effects, new_registry, spec.evidence)


def _check_distribution(
    doc: Document, eid: str, entry: Entry, changes: dict[str, Any]
) -> list[Issue]:
    """The overridden numbers must still make a distribution that can be sampled.

    A degenerate interval (`ci: [0.8, 0.8]`) or one a beta cannot fit would otherwise give
    NaN draws and all-NaN results; the error points at the override that caused it.
    """
    problem = check_distribution(entry)
    if problem is None:
        return []
    field = next((f for f in ("ci", "distribution", "estimate") if f in changes), None)
    path = ("evidence", eid, field) if field else ("evidence", eid)
    return [doc.issue(path, f"{problem} (the {entry.distribution} of {eid})")]


def _check_uses(
    doc: Document, spec: AssumptionFile, entries: dict[str, Entry], mapping: Mapping_
) -> list[Issue]:
    """An overridden entry must still fit where the mapping uses it."""
    multipliers = {e.evidence for e in mapping.effects}
    shares = {mapping.unlicensed_share.default, *mapping.unlicensed_share.by_jurisdiction.values()}
    weights = {w for w in mapping.status_weights.values() if isinstance(w, str)} | shares
    issues = []
    for eid in spec.evidence:
        entry = entries.get(eid)
        if entry is None:
            continue
        path = ("evidence", eid)
        if eid in multipliers:
            if entry.scale not in RATIO_SCALES and entry.scale != "relative_change":
                issues.append(
                    doc.issue((*path, "unit"), "a link's entry must be a ratio or relative_change")
                )
            elif entry.scale == "relative_change" and entry.low <= -1:
                issues.append(doc.issue((*path, "ci"), "a relative change must stay above -1"))
            elif entry.scale in RATIO_SCALES and entry.low <= 0:
                issues.append(doc.issue((*path, "ci"), "a ratio must stay above 0"))
        if eid in weights and (
            entry.scale != "proportion" or not 0 <= entry.low <= entry.high <= 1
        ):
            issues.append(
                doc.issue(path, "a status weight or unlicensed share is a proportion in [0, 1]")
            )
    return issues


def resolve(choice: str | None) -> Assumptions:
    """`default`, `critics`, or a path to an assumption file."""
    choice = choice or "default"
    if choice.endswith((".yaml", ".yml")):
        return from_file(choice)
    return named(choice)
