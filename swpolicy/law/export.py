"""A flat, citable dataset of the law data: one row per jurisdiction x provision x dated value.

The rows carry the value, its period, confidence and references (titles, sections and URLs), so
the export can be used without swpolicy. A provision a file does not record gives one row with
the value `unrecorded` and no dates. Columns are documented in docs/law-data.md ("Export").
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable
from datetime import date
from typing import Any

from swpolicy.law.model import Law, ProvisionValue
from swpolicy.law.provisions import UNRECORDED, provisions, unrecorded_meaning

COLUMNS = (
    "jurisdiction",
    "name",
    "parent",
    "level",
    "provision",
    "label",
    "group",
    "value",
    "since",
    "until",
    "confidence",
    "references",
    "urls",
    "note",
    "verified",
)
FORMATS = ("csv", "json")


def _iso(day: date | None) -> str:
    return day.isoformat() if day else ""


def _row(law: Law, pv: ProvisionValue) -> dict[str, str]:
    prov = provisions()[pv.provision]
    return {
        "jurisdiction": law.id,
        "name": law.name,
        "parent": law.parent or "",
        "level": law.spec.level,
        "provision": pv.provision,
        "label": prov.label,
        "group": prov.group,
        "value": str(pv.value),
        "since": _iso(pv.since),
        "until": _iso(pv.until),
        "confidence": pv.confidence if pv.recorded else "",
        "references": "; ".join(str(c) for c in pv.citations),
        "urls": " | ".join(dict.fromkeys(c.url for c in pv.citations if c.url)),
        "note": pv.note or "",
        "verified": _iso(law.spec.verified),
    }


def rows(laws: Iterable[Law], at: date | None = None) -> list[dict[str, str]]:
    """Every dated value of every law (or, with `at`, the values in force on that day)."""
    result: list[dict[str, str]] = []
    for law in sorted(laws, key=lambda item: item.id):
        if at is not None:
            result.extend(_row(law, pv) for pv in law.at(at).values())
            continue
        for pid, periods in law.history().items():
            if periods:
                result.extend(_row(law, pv) for pv in periods)
            else:
                result.append(_row(law, law.at(date.min).entries[pid]))
    return result


def render(data: list[dict[str, str]], fmt: str) -> str:
    """The rows as CSV (header first) or JSON (with the meaning of `unrecorded`)."""
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, fieldnames=COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(data)
        return buffer.getvalue()
    if fmt == "json":
        doc: dict[str, Any] = {
            "columns": list(COLUMNS),
            "unrecorded": {UNRECORDED: unrecorded_meaning()},
            "rows": data,
        }
        return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"
    raise ValueError(f"unknown format {fmt!r}; expected one of {', '.join(FORMATS)}")
