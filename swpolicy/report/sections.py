"""The report's world map, the sensitivity ranking in words and its glossary appendix.

The map is `swpolicy.maps`'s offline SVG of every shipped law; countries whose law the report
describes link to that law's section, the others to the map's text alternative. The glossary is
generated from `swpolicy.vocabulary` for the regimes, statuses and findings that appear in the
report, and from the metric declarations for the outcomes, so no word is typed in twice.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from swpolicy.law.registry import load_all
from swpolicy.maps.world import Drawing, regime_map
from swpolicy.report.laws import FAMILY_SCHEME, LawSummary
from swpolicy.scenarios.headline import prevalence_at_start
from swpolicy.scenarios.metrics import BY_ID
from swpolicy.scenarios.place import setting_kind
from swpolicy.scenarios.results import RunResult
from swpolicy.scenarios.sensitivity import SensitivityResult
from swpolicy.vocabulary import explain, label

# How many factors the sensitivity sentence names.
TOP_FACTORS = 3


@dataclass(frozen=True)
class MapGroup:
    """The text alternative of the map: one regime and the places that have it."""

    label: str
    places: tuple[tuple[str, str], ...]  # (name, in-report anchor or "")


@dataclass(frozen=True)
class ReportMap:
    svg: str
    title: str
    groups: tuple[MapGroup, ...]


def world_map(laws: Sequence[LawSummary], on: date) -> ReportMap:
    """Every shipped law coloured by its family regime; the laws in the report link to them."""
    shown = {s.id for s in laws}

    def href(jid: str) -> str:
        return f"#law-{jid}" if jid in shown else "#map-places"

    drawn = regime_map(FAMILY_SCHEME, on, Drawing(laws=load_all(), href=href))
    groups: dict[str, list[tuple[str, str]]] = {}
    for place in drawn.places:
        anchor = f"#law-{place.id}" if place.id in shown else ""
        groups.setdefault(place.shade.label, []).append((place.name, anchor))
    return ReportMap(
        drawn.svg,
        drawn.title,
        tuple(MapGroup(k, tuple(v)) for k, v in sorted(groups.items())),
    )


def sensitivity_sentence(result: SensitivityResult, names: dict[str, str]) -> str:
    """The top factors above the dummy's level, named by their labels, in one sentence."""
    a, b = names.get(result.law_a, result.law_a), names.get(result.law_b, result.law_b)
    top = [r for r in result.rows if r.above_dummy and r.factor != "dummy"][:TOP_FACTORS]
    if not top:
        return (
            f"No uncertain input stands out from the dummy input for the difference between "
            f"{a} and {b}: the analysis cannot say what drives it."
        )
    listed = "; ".join(f"{r.label} (index {r.index:.2f})" for r in top)
    return f"The difference between {a} and {b} depends most on: {listed}."


def sensitivity_output(result: SensitivityResult, names: dict[str, str]) -> str:
    """What the analysis explains, in words (SensitivityResult.output() names ids)."""
    a, b = names.get(result.law_a, result.law_a), names.get(result.law_b, result.law_b)
    metric = BY_ID[result.metric].short if result.metric in BY_ID else result.metric
    diff = f"{metric} under {a} minus under {b}"
    return f"{diff}, as a percentage of {metric} under {b}" if result.relative else diff


@dataclass(frozen=True)
class Entry:
    term: str
    meaning: str


def glossary(laws: Sequence[LawSummary], metric_ids: Sequence[str]) -> dict[str, list[Entry]]:
    """Words used in the report, by group: regimes, legal statuses, findings and outcomes."""
    regimes = {c.regime for s in laws for c in s.classifications.values()}
    statuses = {
        row["value"] for s in laws for row in s.provision_rows() if _is_word(row["value"], "status")
    }
    findings = {f.status for s in laws for f in s.assessment.findings}
    return {
        "Regimes": _entries("regime", regimes),
        "Legal status of an activity": _entries("status", statuses),
        "Amnesty 2016 assessment": _entries("finding", findings),
        "Outcomes": [Entry(BY_ID[m].label, BY_ID[m].description) for m in metric_ids if m in BY_ID],
    }


def _is_word(value: str, kind: str) -> bool:
    try:
        label(kind, value)
    except KeyError:
        return False
    return True


def _entries(kind: str, ids: Iterable[str]) -> list[Entry]:
    return sorted((Entry(label(kind, i), explain(kind, i)) for i in ids), key=lambda e: e.term)


def rare_text(sim: RunResult) -> str:
    """Where HIV is rare, the sentence that says so (violence and arrests are then read first)."""
    found = prevalence_at_start(sim)
    return found.text() if found is not None and found.rare else ""


def built_text(sim: RunResult) -> str:
    """For a setting built from indicators, the sentence that says so; else empty."""
    if setting_kind(sim.setting) != "builder":
        return ""
    kind = label("setting_place", "built").lower()
    return f"{sim.label}: {kind}. {explain('setting_place', 'built')}"
