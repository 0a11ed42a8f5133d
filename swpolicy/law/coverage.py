"""Which provisions each jurisdiction file records, and which it leaves `unrecorded`.

Missing provisions are not errors (a new provision must not break every file), but they are
gaps in the data that users and maintainers should see: `swpolicy law validate --coverage`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from swpolicy.law.provisions import provisions
from swpolicy.law.validate import is_bill
from swpolicy.sourcefile import load_many


@dataclass(frozen=True)
class Gap:
    """One jurisdiction file and the provisions it does not record."""

    file: str
    law_id: str
    missing: tuple[str, ...]

    def as_dict(self) -> dict[str, object]:
        return {"file": self.file, "id": self.law_id, "missing": list(self.missing)}


def coverage(paths: Iterable[str | Path]) -> list[Gap]:
    """The gaps of every jurisdiction file under `paths` (bills and unreadable files skipped)."""
    docs, _ = load_many(paths)  # unreadable files are reported by validation, not here
    gaps = []
    for doc in docs:
        data = doc.data
        if not isinstance(data, dict) or is_bill(data):
            continue
        recorded = data.get("provisions")
        listed = set(recorded) if isinstance(recorded, dict) else set()
        missing = tuple(pid for pid in provisions() if pid not in listed)
        if missing:
            gaps.append(Gap(doc.file, str(data.get("id", Path(doc.file).stem)), missing))
    return sorted(gaps, key=lambda gap: gap.file)
