"""Bill templates: start a bill from another jurisdiction's model (New Zealand, Sweden, Germany).

A template (in `data/bill_templates.yaml`) names a source jurisdiction and the provisions it
copies. Its changes are derived from the source's law file on the drafting day, so they are the
shipped, cited values and never a hand-copied list: a correction to New Zealand's data reaches
the template. Only values the source records with certainty are copied (not `unclear`, `varies`
or unrecorded), and only where they differ from the base law, so a template applied to its own
source changes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import cache

from swpolicy.errors import UsageError
from swpolicy.law.model import Law
from swpolicy.law.provisions import DATA_DIR, UNDETERMINED, provisions
from swpolicy.law.registry import load
from swpolicy.sourcefile import load_yaml

TEMPLATES_FILE = DATA_DIR / "bill_templates.yaml"


@dataclass(frozen=True)
class Template:
    """A model to start a bill from: `provisions` of `source`'s law."""

    id: str
    source: str
    provisions: tuple[str, ...]


@dataclass(frozen=True)
class Drafted:
    """A template applied to a base law on one day: the changes, and what was left out."""

    template: Template
    changes: dict[str, str | int]  # provision -> the source's value, where it differs
    skipped: tuple[str, ...]  # provisions whose source value is not certain


@cache
def templates() -> dict[str, Template]:
    """The shipped templates by id, checked against the provisions and jurisdictions."""
    doc = load_yaml(TEMPLATES_FILE)
    known = provisions()
    out = {}
    for tid, entry in doc.data["templates"].items():
        unknown = [p for p in entry["provisions"] if p not in known]
        if unknown:
            raise UsageError(f"{TEMPLATES_FILE.name}: {tid}: unknown provisions {unknown}")
        load(entry["source"])  # an unknown source jurisdiction fails here, by name
        out[str(tid)] = Template(str(tid), str(entry["source"]), tuple(entry["provisions"]))
    return out


def template(template_id: str) -> Template:
    """One template; an unknown id is a UsageError listing the known ones."""
    found = templates().get(template_id)
    if found is None:
        raise UsageError(
            f"template: unknown {template_id!r}; expected one of {', '.join(templates())}"
        )
    return found


def draft(template_id: str, base: Law, on: date) -> Drafted:
    """The changes that bring `base` to the template's source law on `on`, per provision."""
    chosen = template(template_id)
    source = load(chosen.source).at(on)
    current = base.at(on)
    changes: dict[str, str | int] = {}
    skipped = []
    for pid in chosen.provisions:
        value = source[pid].value if pid in source else None
        if value is None or value in UNDETERMINED:
            skipped.append(pid)
        elif pid not in current or current[pid].value != value:
            changes[pid] = value
    return Drafted(chosen, changes, tuple(skipped))
