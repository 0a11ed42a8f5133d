"""The assumptions behind a report and its reference list, both read from the shipped data.

Nothing here is typed in: the assumption sets and links come from the law-to-model mapping, the
numbers and their sources from the evidence registry (with any user overrides), the epidemic
model's sources from its parameter files, and the law references from the provisions shown.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from swpolicy.epi.schema import load_common, load_published
from swpolicy.epi.settings import load as load_setting
from swpolicy.evidence import Entry, Source
from swpolicy.report.laws import LawSummary, policy_reference
from swpolicy.scenarios.assumptions import Assumptions
from swpolicy.scenarios.mapping import draw_names, load_mapping


def evidence_row(entry: Entry, overridden: bool) -> dict[str, Any]:
    return {
        "id": entry.id,
        "quantity": entry.quantity,
        "estimate": f"{entry.estimate:g}",
        "interval": f"{entry.ci[0]:g}–{entry.ci[1]:g} ({entry.interval})",
        "scale": entry.scale,
        "type": entry.type,
        "claim": entry.claim,
        "source": entry.source.citation,
        "url": entry.source.link() or None,
        "overridden": overridden,
    }


def assumptions_section(chosen: Assumptions) -> dict[str, Any]:
    """Set name and meaning, links in force, overrides, evidence used, and the critics switch."""
    spec = load_mapping()
    base = chosen.name if chosen.name in spec.assumption_sets else None
    links = [
        {
            "id": e.id,
            "provision": e.provision,
            "when": e.when,
            "determinant": spec.determinants[e.determinant].label,
            "evidence": e.evidence,
            "direction": e.direction,
            "sets": ", ".join(e.sets),
        }
        for e in chosen.effects
    ]
    # Every entry the links in force draw from: their effect sizes plus the status weights and
    # unlicensed shares (the `unknown:` inputs are uniform draws, not evidence).
    used = [n for n in draw_names(spec, chosen.effects) if not n.startswith("unknown:")]
    evidence = [evidence_row(chosen.registry.get(n), n in chosen.overrides) for n in used]
    sets = [
        {
            "name": name,
            "description": text,
            "only_here": [e.id for e in spec.effects if e.sets == [name]],
        }
        for name, text in spec.assumption_sets.items()
    ]
    return {
        "name": chosen.name,
        "description": spec.assumption_sets.get(base or "", "an assumption file (see below)"),
        "is_file": base is None,
        "overrides": {k: dict(v) for k, v in chosen.overrides.items()},
        "links": links,
        "evidence": evidence,
        "sets": sets,
        "status_weights": {k: str(v) for k, v in spec.status_weights.items()},
    }


def _dedupe(items: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    seen: dict[tuple[str, str | None], dict[str, Any]] = {}
    for item in items:
        seen.setdefault((item["text"], item.get("url")), item)
    return sorted(seen.values(), key=lambda x: x["text"].casefold())


def _items(sources: Iterable[Source]) -> list[dict[str, Any]]:
    """One reference list item per distinct source (the same `Source` everywhere)."""
    return _dedupe({"text": s.citation, "url": s.link() or None} for s in sources)


def references(
    laws: Sequence[LawSummary], chosen: Assumptions, settings: Sequence[str]
) -> list[dict[str, Any]]:
    """Reference groups: law instruments per jurisdiction, policy, evidence, model sources."""
    groups: list[dict[str, Any]] = []
    for summary in laws:
        items = [{"text": c.title, "url": c.url} for c in summary.citations()]
        groups.append({"title": f"Law: {summary.name} ({summary.id})", "items": _dedupe(items)})
    groups.append({"title": "Human-rights policy assessed against", "items": [policy_reference()]})
    spec = load_mapping()
    used = [n for n in draw_names(spec, chosen.effects) if not n.startswith("unknown:")]
    evidence = [chosen.registry.get(n).source for n in used]
    groups.append(
        {
            "title": "Evidence behind the law-to-model links",
            "items": _items(evidence),
        }
    )
    model_sources: list[Source] = [p.source for p in load_common().parameters.values()]
    for name in settings:
        setting = load_setting(name)
        model_sources += [p.source for p in setting.parameters.values()]
        model_sources += [t.source for t in setting.targets]
    model_sources += [p.source for p in load_published().results]
    groups.append(
        {
            "title": "Epidemic model parameters, calibration targets and published results",
            "items": _items(model_sources),
        }
    )
    return groups
