"""Bills as reforms of a jurisdiction's law, in the spirit of PolicyEngine reforms.

A bill names a base jurisdiction, an effective date and the provisions it changes. Applying it
gives a new `Law` whose history is the base's up to the effective date and the bill's values
from then on, so every later tool (classification, assessment, simulation) takes a bill wherever
it takes a law.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from swpolicy.errors import InputError
from swpolicy.law.model import Law
from swpolicy.law.registry import BILLS_DIR, ids, load
from swpolicy.law.schema import BillFile, Instrument
from swpolicy.law.validate import parse_bill, shipped_law
from swpolicy.sourcefile import Document, load_yaml


@dataclass(frozen=True)
class Bill:
    """A validated bill."""

    spec: BillFile
    source: str

    @property
    def id(self) -> str:
        return self.spec.id

    def instruments(self) -> dict[str, Instrument]:
        """The bill's instruments, always including the bill itself as `bill`."""
        own = {"bill": Instrument(title=self.spec.title)}
        own.update(self.spec.instruments)
        return {f"{self.id}:{key}": inst for key, inst in own.items()}

    def apply(self, base: Law | None = None) -> Law:
        """The base law with this bill's changes in force from its effective date."""
        law = base or load(self.spec.base)
        prefix = f"{self.id}:"
        changes = {
            pid: entry.model_copy(
                update={
                    "references": [
                        ref.model_copy(update={"instrument": prefix + ref.instrument})
                        for ref in entry.references
                    ]
                }
            )
            for pid, entry in self.spec.changes.items()
        }
        return law.changed(
            self.spec.effective,
            changes,
            self.instruments(),
            label=self.id,
            new_id=f"{law.id}+{self.id}",
            new_name=f"{law.name}, as amended by {self.spec.title}",
        )


def bill_from_document(doc: Document) -> Bill:
    """Validate a parsed bill document (from a file or an API request) with every bill check."""
    spec, issues = parse_bill(doc, set(ids()), shipped_law)
    if spec is None:
        raise InputError(issues)
    return Bill(spec, doc.file)


def load_bill(path: str | Path) -> Bill:
    """Load and validate a bill file."""
    return bill_from_document(load_yaml(path))


def shipped_bills() -> dict[str, Bill]:
    """The example bills shipped with swpolicy, by id."""
    bills = [load_bill(p) for p in sorted(BILLS_DIR.glob("*.yaml"))]
    return {b.id: b for b in bills}
