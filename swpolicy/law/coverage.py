"""Which provisions each jurisdiction file records, and which it leaves `unrecorded`.

Missing provisions are not errors (a new provision must not break every file), but they are
gaps in the data that users and maintainers should see: `swpolicy law validate --coverage`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
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
    """Every jurisdiction file under `paths` with what it leaves unrecorded (possibly nothing).

    Bills and unreadable files are skipped (validation reports the latter).
    """
    docs, _ = load_many(paths)
    gaps = []
    for doc in docs:
        data = doc.data
        if not isinstance(data, dict) or is_bill(data):
            continue
        recorded = data.get("provisions")
        listed = set(recorded) if isinstance(recorded, dict) else set()
        missing = tuple(pid for pid in provisions() if pid not in listed)
        gaps.append(Gap(doc.file, str(data.get("id", Path(doc.file).stem)), missing))
    return sorted(gaps, key=lambda gap: gap.file)


# Ids that are deliberately not ISO 3166 codes, with the reason (checked by `non_iso_ids`).
NOT_ISO = {
    "gb-eaw": "England and Wales share one criminal law but have no ISO 3166-2 code in "
    "pycountry 26.2.16 (England and Wales are separate subdivisions there)",
}


@cache
def _iso_names() -> dict[str, str]:
    """ISO 3166-1 alpha-2 and ISO 3166-2 codes (lower case) with their names, from pycountry."""
    import pycountry  # imported here: only coverage checks need the ISO tables

    names = {str(c.alpha_2).lower(): str(c.name) for c in pycountry.countries}
    names.update({str(s.code).lower(): str(s.name) for s in pycountry.subdivisions})
    return names


def iso_name(jid: str) -> str | None:
    """The ISO 3166-1 country or ISO 3166-2 subdivision name for an id, or None if it is none."""
    return _iso_names().get(jid.lower())


def non_iso_ids(ids: Iterable[str]) -> list[str]:
    """Ids that are neither ISO 3166-1/-2 codes nor listed in `NOT_ISO` with a reason."""
    return sorted(jid for jid in ids if jid not in NOT_ISO and iso_name(jid) is None)
