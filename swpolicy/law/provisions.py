"""The provisions swpolicy records and the words each may take, read from `data/provisions.yaml`.

That file is the one source of truth: the validator, the classifier, the assessment, the CLI and
the docs all take the provision list and vocabularies from here.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

from swpolicy.sourcefile import load_yaml

DATA_DIR = Path(__file__).parent / "data"

# Status words the rules reason about. They are checked against provisions.yaml at import time
# (see `_check_constants`), so a renamed word cannot silently disable a rule.
CRIMINAL = "criminal"
ADMINISTRATIVE = "administrative"
REGULATED = "regulated"
LEGAL = "legal"
LEGAL_RESTRICTED = "legal_restricted"
VARIES = "varies"
UNCLEAR = "unclear"
# Not a word a file may write: the value of a provision that a file does not record at all
# ("not researched yet"), as opposed to `unclear` ("researched, cannot tell"). Rules treat it
# like `unclear`; the assessment reports it as "not assessed". Its meaning is in provisions.yaml.
UNRECORDED = "unrecorded"
PENALISED = frozenset({CRIMINAL, ADMINISTRATIVE})
LAWFUL = frozenset({LEGAL, LEGAL_RESTRICTED})
UNDETERMINED = frozenset({VARIES, UNCLEAR, UNRECORDED})


@dataclass(frozen=True)
class Kind:
    """A vocabulary: the words a provision of this kind may take."""

    name: str
    description: str
    words: dict[str, str]
    minimum: int | None = None
    maximum: int | None = None

    def accepts(self, value: object) -> bool:
        if isinstance(value, bool):
            return False
        if isinstance(value, int):
            return (
                self.minimum is not None
                and self.maximum is not None
                and self.minimum <= value <= self.maximum
            )
        return isinstance(value, str) and value in self.words

    def expected(self) -> str:
        words = ", ".join(self.words)
        if self.minimum is not None:
            return f"a whole number from {self.minimum} to {self.maximum}, or one of {words}"
        return f"one of {words}"


@dataclass(frozen=True)
class Provision:
    """One recorded provision (e.g. `selling`) with its vocabulary."""

    id: str
    kind: Kind
    label: str
    description: str
    # "law" (what sex-work law says), "obligations" (Amnesty measures) or "related" (laws that
    # shape the same harms; no classification rule or obligation reads them).
    group: str = "law"


@cache
def provisions() -> dict[str, Provision]:
    """All provisions, in the order of provisions.yaml."""
    doc = load_yaml(DATA_DIR / "provisions.yaml")
    kinds = {
        name: Kind(
            name=name,
            description=spec["description"],
            words={str(k): str(v) for k, v in spec["values"].items()},
            minimum=spec.get("minimum"),
            maximum=spec.get("maximum"),
        )
        for name, spec in doc.data["kinds"].items()
    }
    result = {
        pid: Provision(
            pid,
            kinds[spec["kind"]],
            spec["label"],
            spec["description"],
            spec.get("group", "law"),
        )
        for pid, spec in doc.data["provisions"].items()
    }
    _check_constants(kinds)
    return result


def provision(pid: str) -> Provision:
    """Look up one provision by id; KeyError names the known ids."""
    table = provisions()
    if pid not in table:
        raise KeyError(f"unknown provision {pid!r}; expected one of {', '.join(table)}")
    return table[pid]


@cache
def unrecorded_meaning() -> str:
    """What `unrecorded` means, in words shown to people (from provisions.yaml)."""
    return str(load_yaml(DATA_DIR / "provisions.yaml").data["unrecorded"])


def _check_constants(kinds: dict[str, Kind]) -> None:
    status = kinds["status"].words
    missing = (PENALISED | LAWFUL | (UNDETERMINED - {UNRECORDED}) | {REGULATED}) - status.keys()
    if missing:
        raise RuntimeError(f"provisions.yaml lacks status words the rules use: {sorted(missing)}")
    if any(UNRECORDED in kind.words for kind in kinds.values()):
        raise RuntimeError(f"{UNRECORDED!r} is computed, never a word a file may write")
