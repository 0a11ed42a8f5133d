"""The evidence registry: every shipped effect size, validated on load, looked up by id.

``load_registry()`` reads the YAML files under ``swpolicy/evidence/data`` (or the files or
directories given), validates them all, and raises one `InputError` listing every problem.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from numpy.typing import ArrayLike

from swpolicy.errors import InputError, UsageError
from swpolicy.evidence.sampling import FloatArray, ppf
from swpolicy.evidence.schema import Entry, EvidenceFile
from swpolicy.evidence.validate import check_unique, parse_file
from swpolicy.sourcefile import Document, load_many

DATA_DIR = Path(__file__).parent / "data"


@dataclass(frozen=True)
class Registry:
    """Validated entries by id, with the file and theme each came from."""

    entries: dict[str, Entry]
    files: dict[str, str] = field(default_factory=dict)
    themes: dict[str, str] = field(default_factory=dict)

    def get(self, entry_id: str) -> Entry:
        """One entry; an unknown id is a `UsageError` naming close matches."""
        if entry_id not in self.entries:
            close = [known for known in sorted(self.entries) if entry_id in known][:5]
            hint = f"; did you mean {', '.join(close)}?" if close else ""
            raise UsageError(f"unknown evidence id {entry_id!r}{hint}")
        return self.entries[entry_id]

    def all(self) -> list[Entry]:
        """Every entry, sorted by id."""
        return [self.entries[key] for key in sorted(self.entries)]

    def filter(self, claim: str | None = None, type: str | None = None) -> list[Entry]:
        """Entries whose claim and/or type match (None matches anything), sorted by id."""
        return [
            e
            for e in self.all()
            if (claim is None or e.claim == claim) and (type is None or e.type == type)
        ]

    def sample(self, entry_id: str, u: ArrayLike) -> FloatArray:
        """Map uniform [0, 1] draws (e.g. one random stream) to the entry's values."""
        entry = self.get(entry_id)
        try:
            return ppf(entry, u)
        except UsageError as exc:
            raise UsageError(f"{entry_id}: {exc}") from exc

    def __len__(self) -> int:
        return len(self.entries)


def build_registry(paths: Iterable[str | Path]) -> Registry:
    """Load and validate evidence files (or directories of them) into one registry."""
    docs, issues = load_many(paths)
    parsed: list[tuple[Document, EvidenceFile]] = []
    for doc in docs:
        spec, found = parse_file(doc)
        issues.extend(found)
        if spec is not None:
            parsed.append((doc, spec))
    issues.extend(check_unique(parsed))
    if issues:
        raise InputError(issues)
    entries: dict[str, Entry] = {}
    files: dict[str, str] = {}
    themes: dict[str, str] = {}
    for doc, spec in parsed:
        for entry in spec.entries:
            entries[entry.id] = entry
            files[entry.id] = doc.file
            themes[entry.id] = spec.theme
    return Registry(entries, files, themes)


@cache
def _shipped() -> Registry:
    return build_registry([DATA_DIR])


def load_registry(paths: Iterable[str | Path] | None = None) -> Registry:
    """The shipped registry (cached), or one built from the given files or directories."""
    if paths is None:
        return _shipped()
    return build_registry(paths)
