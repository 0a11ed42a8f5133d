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

from swpolicy.errors import UsageError
from swpolicy.law.model import Law, ProvisionValue
from swpolicy.law.provisions import UNRECORDED, provisions, unrecorded_meaning

# Every column and its meaning, declared once: the codebook and docs/law-data.md read this.
COLUMN_MEANINGS: dict[str, str] = {
    "jurisdiction": "ISO 3166 code of the jurisdiction (lower case; the file's id)",
    "name": "the jurisdiction's name",
    "parent": "the enclosing jurisdiction's id, empty for a country",
    "level": "country, subnational or territory",
    "provision": "the provision's id (see the codebook's provisions)",
    "label": "the provision's label in words",
    "group": "law (what sex-work law says), obligations (Amnesty 2016 positive obligations) "
    "or related (laws that shape the same harms: HIV, same-sex relations, drugs)",
    "value": "a word of the provision's vocabulary, a whole number of years for the minimum "
    "age, or unrecorded",
    "since": "first day the value applies (ISO date; empty when unrecorded); see dated",
    "dated": "what since means: in_force (the day it came into force), year (only a year is "
    "known, of commencement or of a source showing it in force; since is 1 January) or seen "
    "(the day an undated source showing it in force was read; its start is unknown)",
    "until": "day the value stops applying, exclusive (empty when open-ended or unrecorded)",
    "confidence": "high, medium or low (empty for unrecorded)",
    "references": "the cited instruments with their sections, separated by '; '",
    "urls": "the references' URLs, separated by ' | '",
    "note": "the value's note",
    "verified": "when the file was last checked against its sources (empty if not stated)",
}
COLUMNS = tuple(COLUMN_MEANINGS)
FORMATS = ("csv", "json", "parquet")
LICENCE = "CC-BY-4.0"


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
        "dated": pv.dated if pv.recorded else "",
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


def render(data: list[dict[str, str]], fmt: str, columns: list[str] | None = None) -> str:
    """The rows as CSV (header first) or JSON (with the meaning of `unrecorded`)."""
    fields = list(COLUMNS) if columns is None else columns
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, fieldnames=fields, lineterminator="\n")
        writer.writeheader()
        writer.writerows(data)
        return buffer.getvalue()
    if fmt == "json":
        doc: dict[str, Any] = {
            "columns": fields,
            "unrecorded": {UNRECORDED: unrecorded_meaning()},
            "rows": data,
        }
        return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"
    raise ValueError(f"unknown text format {fmt!r}; expected csv or json")


def encode(data: list[dict[str, str]], fmt: str) -> bytes:
    """The rows as bytes in any of FORMATS (Parquet needs the optional `pyarrow`)."""
    if fmt in ("csv", "json"):
        return render(data, fmt).encode("utf-8")
    if fmt != "parquet":
        raise ValueError(f"unknown format {fmt!r}; expected one of {', '.join(FORMATS)}")
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError:  # pragma: no cover - pyarrow is in the dev extra
        raise UsageError("--format parquet needs pyarrow: pip install 'swpolicy[data]'") from None
    table = pa.table({col: [row[col] for row in data] for col in COLUMNS})
    meta = {"licence": LICENCE, "unrecorded": unrecorded_meaning()}
    meta |= {f"column:{col}": meaning for col, meaning in COLUMN_MEANINGS.items()}
    table = table.replace_schema_metadata({k: v.encode() for k, v in meta.items()})
    sink = pa.BufferOutputStream()
    pq.write_table(table, sink)
    return bytes(sink.getvalue().to_pybytes())
