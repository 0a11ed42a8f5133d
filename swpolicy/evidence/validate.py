"""Validation of evidence files: shape (pydantic) and meaning, every problem located.

Shape is checked by `schema.EvidenceFile`. Meaning is checked here on the raw data so both kinds
of problem are reported together as ``file:line:col: field: message``:

* the checks every quantity gets (`quantity.check_quantity`): the estimate lies inside its
  interval, the values fit the unit (ratios positive, proportions in [0, 1], ...), the source
  has a DOI or a URL, an `assumed` number says so with an `assumed_range`;
* the distribution can represent the numbers (e.g. a beta fits the interval);
* every study's source has a DOI or a URL;
* studies (for pooling) are on a ratio scale and have consistent intervals;
* ids are unique across all files.
"""

from __future__ import annotations

from typing import Any

from swpolicy.errors import Issue
from swpolicy.evidence.quantity import (
    RATIO_UNITS,
    check_numbers,
    check_quantity,
    check_source,
    num,
)
from swpolicy.evidence.sampling import check_distribution
from swpolicy.evidence.schema import EvidenceFile
from swpolicy.sourcefile import Document, FieldPath


def parse_file(doc: Document) -> tuple[EvidenceFile | None, list[Issue]]:
    """Validate one evidence document; return the model (if all is well) and every issue."""
    spec, issues = doc.parse(EvidenceFile)
    data = doc.data if isinstance(doc.data, dict) else {}
    entries = data.get("entries")
    if isinstance(entries, list):
        for index, raw in enumerate(entries):
            if isinstance(raw, dict):
                issues.extend(check_entry(doc, ("entries", index), raw))
    if spec is not None and not issues:
        for index, entry in enumerate(spec.entries):
            problem = check_distribution(entry)
            if problem:
                issues.append(doc.issue(("entries", index, "distribution"), problem))
    return (spec if not issues else None), issues


def check_entry(doc: Document, path: FieldPath, raw: dict[str, Any]) -> list[Issue]:
    """Meaning checks on one raw entry (shape problems are left to the schema)."""
    issues = check_quantity(doc, path, raw)
    scale = raw.get("unit")
    studies = raw.get("studies")
    if isinstance(studies, list):
        if scale not in RATIO_UNITS:
            issues.append(
                doc.issue(
                    (*path, "studies"),
                    f"studies are pooled on the log scale; unit must be one of "
                    f"{', '.join(sorted(RATIO_UNITS))}",
                )
            )
        if len(studies) < 2:
            issues.append(doc.issue((*path, "studies"), "pooling needs at least two studies"))
        for index, study in enumerate(studies):
            if not isinstance(study, dict):
                continue
            spath = (*path, "studies", index)
            issues.extend(
                check_numbers(doc, spath, "ratio", num(study.get("estimate")), study.get("ci"))
            )
            issues.extend(check_source(doc, (*spath, "source"), study.get("source")))
    return issues


def check_unique(docs: list[tuple[Document, EvidenceFile]]) -> list[Issue]:
    """Ids must be unique across every file of a registry."""
    issues: list[Issue] = []
    seen: dict[str, str] = {}
    for doc, spec in docs:
        for index, entry in enumerate(spec.entries):
            if entry.id in seen:
                issues.append(
                    doc.issue(
                        ("entries", index, "id"),
                        f"duplicate id {entry.id!r} (also in {seen[entry.id]})",
                    )
                )
            seen.setdefault(entry.id, doc.file)
    return issues
