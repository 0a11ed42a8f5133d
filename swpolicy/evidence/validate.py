"""Validation of evidence files: shape (pydantic) and meaning, every problem located.

Shape is checked by `schema.EvidenceFile`. Meaning is checked here on the raw data so both kinds
of problem are reported together as ``file:line:col: field: message``:

* the estimate lies inside its interval (low <= estimate <= high);
* ratios are positive, proportions lie in [0, 1], counts and rates are not negative, relative
  changes are above -100%;
* the distribution can represent the numbers (e.g. a beta fits the interval);
* every source (of the entry and of each study) has a DOI or a URL;
* an `assumed` entry says so with an `assumed_range`;
* studies (for pooling) are on a ratio scale and have consistent intervals;
* ids are unique across all files.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from swpolicy.errors import Issue
from swpolicy.evidence.sampling import check_distribution
from swpolicy.evidence.schema import RATIO_SCALES, EvidenceFile
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


def _num(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value)


def _bounds(value: Any) -> tuple[float, float] | None:
    if not isinstance(value, list) or len(value) != 2:
        return None
    low, high = _num(value[0]), _num(value[1])
    return None if low is None or high is None else (low, high)


def check_entry(doc: Document, path: FieldPath, raw: dict[str, Any]) -> list[Issue]:
    """Meaning checks on one raw entry (shape problems are left to the schema)."""
    issues: list[Issue] = []
    scale = raw.get("scale")
    issues.extend(_check_numbers(doc, path, scale, _num(raw.get("estimate")), raw.get("ci")))
    issues.extend(_check_source(doc, (*path, "source"), raw.get("source")))
    if raw.get("type") == "assumed" and raw.get("interval") != "assumed_range":
        issues.append(
            doc.issue(
                (*path, "interval"),
                "an `assumed` entry must say so with `interval: assumed_range`",
            )
        )
    studies = raw.get("studies")
    if isinstance(studies, list):
        if scale not in RATIO_SCALES:
            issues.append(
                doc.issue(
                    (*path, "studies"),
                    f"studies are pooled on the log scale; scale must be one of "
                    f"{', '.join(sorted(RATIO_SCALES))}",
                )
            )
        if len(studies) < 2:
            issues.append(doc.issue((*path, "studies"), "pooling needs at least two studies"))
        for index, study in enumerate(studies):
            if not isinstance(study, dict):
                continue
            spath = (*path, "studies", index)
            issues.extend(
                _check_numbers(doc, spath, "ratio", _num(study.get("estimate")), study.get("ci"))
            )
            issues.extend(_check_source(doc, (*spath, "source"), study.get("source")))
    return issues


def _check_numbers(
    doc: Document, path: FieldPath, scale: Any, estimate: float | None, ci: Any
) -> list[Issue]:
    issues: list[Issue] = []
    bounds = _bounds(ci)
    values = [v for v in (estimate, *(bounds or ())) if v is not None]
    if bounds is not None:
        low, high = bounds
        if low > high:
            issues.append(doc.issue((*path, "ci"), f"ci low {low:g} is above ci high {high:g}"))
        elif estimate is not None and not low <= estimate <= high:
            issues.append(
                doc.issue(
                    (*path, "estimate"),
                    f"estimate {estimate:g} lies outside its interval [{low:g}, {high:g}]",
                )
            )
    rule = _RANGE_RULES.get(str(scale))
    if rule is not None:
        ok, message = rule
        bad = [v for v in values if not ok(v)]
        if bad:
            where = (*path, "estimate") if estimate in bad else (*path, "ci")
            issues.append(doc.issue(where, f"{scale} values must be {message} (got {bad[0]:g})"))
    return issues


_RANGE_RULES: dict[str, tuple[Callable[[float], bool], str]] = {
    **{s: (lambda v: v > 0, "positive") for s in RATIO_SCALES},
    "proportion": (lambda v: 0 <= v <= 1, "between 0 and 1"),
    "rate_per_year": (lambda v: v >= 0, "zero or more"),
    "count": (lambda v: v >= 0, "zero or more"),
    "relative_change": (lambda v: v >= -1, "at least -1 (a fall of 100%)"),
}


def _check_source(doc: Document, path: FieldPath, source: Any) -> list[Issue]:
    if isinstance(source, dict) and not source.get("doi") and not source.get("url"):
        return [doc.issue(path, "a source needs a `doi` or a `url`")]
    return []


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
