"""Validation of law and bill files: every problem, located, in one run.

Shape (fields, types, dates) is checked by the pydantic models in `schema`; meaning (known
provisions, words of the right vocabulary, references to declared instruments, dates that are
neither impossible nor in the future, date ranges that do not overlap, unique ids, existing
parents) is checked here on the raw data, so both kinds of problem are reported together.
"""

from __future__ import annotations

import contextlib
import itertools
from collections.abc import Callable, Iterable
from datetime import date
from pathlib import Path
from typing import Any

from swpolicy.bounds import LAW_DATE
from swpolicy.errors import Issue, SwpolicyError
from swpolicy.law.model import Law
from swpolicy.law.provisions import REGULATED, provisions
from swpolicy.law.schema import BillFile, JurisdictionFile, _parse_iso_date
from swpolicy.sourcefile import Document, FieldPath, load_many

EARLIEST = date(1800, 1, 1)
Locate = Callable[[str, date], FieldPath]  # where a provision's value of a day is written
Lookup = Callable[[str], Law | None]  # a base jurisdiction by id, if it is known


def today() -> date:
    """The date against which 'in the future' is judged (a function so tests can pin it)."""
    return date.today()


def parse_jurisdiction(doc: Document) -> tuple[JurisdictionFile | None, list[Issue]]:
    """Validate one jurisdiction document; return the model (if its shape is valid) and issues."""
    spec, issues = doc.parse(JurisdictionFile)
    data = doc.data if isinstance(doc.data, dict) else {}
    stem = Path(doc.file).stem
    if isinstance(data.get("id"), str) and doc.file.endswith(".yaml") and data["id"] != stem:
        issues.append(
            doc.issue(("id",), f"id {data['id']!r} does not match the file name {stem!r}")
        )
    instruments = _keys(data.get("instruments"))
    series = data.get("provisions")
    if isinstance(series, dict):
        # A provision the file does not list reads `unrecorded`, not an error, so that adding a
        # provision does not break every file; `law validate --coverage` lists such gaps.
        for pid, path, spec_ in _known_provisions(doc, "provisions", series, issues):
            values = spec_.get("values") if isinstance(spec_, dict) else None
            if isinstance(values, dict):
                issues.extend(_check_series(doc, (*path, "values"), pid, values, instruments))
    if spec is not None and not issues:
        issues.extend(_check_consistency(doc, Law(spec, doc.file)))
    return (spec if not issues else None), issues


def _check_consistency(
    doc: Document, law: Law, locate: Locate | None = None, since: date | None = None
) -> list[Issue]:
    """Cross-provision checks on every day the law changed (from `since`, if given).

    `regulated` means lawful only inside a licensing regime, so it needs one: a provision that is
    `regulated` while `licensing` is `none` is a contradiction in the data. `locate` says where
    in `doc` a provision's value on a day was written (a bill writes it under `changes`).
    """
    locate = locate or (lambda pid, day: ("provisions", pid, "values", day.isoformat(), "value"))
    issues: dict[tuple[str, date], Issue] = {}
    history = law.history()
    days = {v.since for values in history.values() for v in values if v.since}
    for day in sorted(d for d in days if since is None or d >= since):
        snap = law.at(day)
        if snap.value("licensing") != "none":
            continue
        for pid, pv in snap.items():
            if pv.value == REGULATED and pv.since and (pid, pv.since) not in issues:
                issues[(pid, pv.since)] = doc.issue(
                    locate(pid, pv.since),
                    f"'regulated' needs a licensing scheme, but licensing is 'none' on {day}",
                )
    return list(issues.values())


def _check_series(
    doc: Document, path: FieldPath, pid: str, values: dict[str, Any], instruments: set[str]
) -> list[Issue]:
    issues: list[Issue] = []
    dated: list[tuple[date, str, Any]] = []
    for key, entry in values.items():
        try:
            start = _parse_iso_date(key)
        except ValueError:
            continue  # reported by the schema
        issues.extend(_check_date(doc, (*path, key), start, allow_future=False))
        dated.append((start, key, entry))
        if isinstance(entry, dict):
            issues.extend(check_entry(doc, (*path, key), pid, entry, instruments))
    dated.sort(key=lambda item: item[0])
    for (_, key, entry), (next_start, next_key, _) in itertools.pairwise(dated):
        until = _entry_until(entry)
        if until is not None and until > next_start:
            issues.append(
                doc.issue(
                    (*path, key, "until"),
                    f"range {key}..{until.isoformat()} overlaps the value from {next_key}",
                )
            )
    for start, key, entry in dated:
        until = _entry_until(entry)
        if until is not None and until <= start:
            issues.append(doc.issue((*path, key, "until"), f"ends on or before it starts ({key})"))
    return issues


def _entry_until(entry: Any) -> date | None:
    if not isinstance(entry, dict) or "until" not in entry:
        return None
    try:
        return _parse_iso_date(entry["until"])
    except ValueError:
        return None


def check_entry(
    doc: Document, path: FieldPath, pid: str, entry: dict[str, Any], instruments: set[str]
) -> list[Issue]:
    """Check one value entry's word against its provision's vocabulary and its references."""
    issues: list[Issue] = []
    kind = provisions()[pid].kind
    if (
        "value" in entry
        and isinstance(entry["value"], str | int)
        and not kind.accepts(entry["value"])
    ):
        issues.append(
            doc.issue(
                (*path, "value"),
                f"{entry['value']!r} is not a {kind.name} word for {pid}; "
                f"expected {kind.expected()}",
            )
        )
    refs = entry.get("references")
    if "references" not in entry or refs == []:
        issues.append(doc.issue((*path, "references"), "missing references: cite at least one"))
    elif isinstance(refs, list):
        for index, ref in enumerate(refs):
            key = ref.get("instrument") if isinstance(ref, dict) else None
            if isinstance(key, str) and key not in instruments:
                issues.append(
                    doc.issue(
                        (*path, "references", index, "instrument"),
                        f"unknown instrument {key!r}; declare it under `instruments`"
                        + (f" (declared: {', '.join(sorted(instruments))})" if instruments else ""),
                    )
                )
    if "until" in entry:
        with contextlib.suppress(ValueError):  # a malformed date is reported by the schema
            issues.extend(_check_date(doc, (*path, "until"), _parse_iso_date(entry["until"]), True))
    return issues


def _check_date(doc: Document, path: FieldPath, when: date, allow_future: bool) -> list[Issue]:
    if when < EARLIEST:
        return [doc.issue(path, f"{when.isoformat()} is implausibly early (before {EARLIEST})")]
    if not allow_future and when > today():
        return [
            doc.issue(
                path,
                f"{when.isoformat()} is in the future; law files record law in force "
                "(write a bill for pending changes)",
            )
        ]
    if when > LAW_DATE.high:
        return [doc.issue(path, f"{when.isoformat()} is implausibly late (after {LAW_DATE.high})")]
    return []


def _keys(value: Any) -> set[str]:
    return {str(k) for k in value} if isinstance(value, dict) else set()


def _known_provisions(
    doc: Document, key: str, entries: dict[str, Any], issues: list[Issue]
) -> list[tuple[str, FieldPath, Any]]:
    """The entries of a provision mapping whose provision exists; the others become issues."""
    known = []
    for pid, value in entries.items():
        path: FieldPath = (key, pid)
        if pid in provisions():
            known.append((pid, path, value))
        else:
            issues.append(doc.issue(path, f"unknown provision; expected one of {_known()}"))
    return known


def _known() -> str:
    return ", ".join(provisions())


def prepare_bill_data(data: Any) -> Any:
    """Expand shorthand changes (`buying: criminal`) to full entries citing the bill itself."""
    if not isinstance(data, dict) or not isinstance(data.get("changes"), dict):
        return data
    changes = {
        pid: (
            {"value": entry, "confidence": "high", "references": [{"instrument": "bill"}]}
            if isinstance(entry, str | int) and not isinstance(entry, bool)
            else entry
        )
        for pid, entry in data["changes"].items()
    }
    return {**data, "changes": changes}


def parse_bill(
    doc: Document, known_ids: set[str], lookup: Lookup | None = None
) -> tuple[BillFile | None, list[Issue]]:
    """Validate one bill document against the known jurisdiction ids.

    The one bill validator, used by `law validate`, `law diff`, `simulate` and the web app. With
    `lookup` (base laws by id) the reformed law is also checked as a law file would be.
    """
    issues: list[Issue] = []
    data = prepare_bill_data(doc.data)
    spec, problems = doc.parse(BillFile, data)
    issues.extend(problems)
    if not isinstance(data, dict):
        return None, issues
    base = data.get("base")
    if isinstance(base, str) and base not in known_ids:
        issues.append(doc.issue(("base",), f"unknown jurisdiction {base!r}"))
    effective: date | None = None
    with contextlib.suppress(ValueError):  # a malformed date is reported by the schema
        effective = _parse_iso_date(data.get("effective"))
        issues.extend(_check_date(doc, ("effective",), effective, True))
    instruments = _keys(data.get("instruments")) | {"bill"}
    changes = data.get("changes")
    if isinstance(changes, dict):
        for pid, path, entry in _known_provisions(doc, "changes", changes, issues):
            if isinstance(entry, dict):
                issues.extend(check_entry(doc, path, pid, entry, instruments))
                until = _entry_until(entry)
                if effective is not None and until is not None and until <= effective:
                    issues.append(
                        doc.issue(
                            (*path, "until"),
                            f"ends on or before the bill takes effect ({effective.isoformat()})",
                        )
                    )
    if spec is not None and not issues and lookup is not None:
        base_law = lookup(spec.base)
        if base_law is not None:
            issues.extend(_check_reformed(doc, spec, base_law))
    return (spec if not issues else None), issues


def _check_reformed(doc: Document, spec: BillFile, base: Law) -> list[Issue]:
    """The base law as amended must make sense from the day the bill takes effect."""
    reformed = base.changed(spec.effective, spec.changes, {}, spec.id, base.id, base.name)

    def locate(pid: str, _day: date) -> FieldPath:
        # Blame the bill's own change: the provision, else the licensing it switches off.
        if pid in spec.changes:
            return ("changes", pid)
        return ("changes", "licensing") if "licensing" in spec.changes else ("base",)

    return _check_consistency(doc, reformed, locate, since=spec.effective)


def is_bill(data: Any) -> bool:
    """A file is a bill when it names a `base` jurisdiction."""
    return isinstance(data, dict) and "base" in data


def validate_paths(paths: Iterable[str | Path], shipped_ids: set[str]) -> list[Issue]:
    """Validate law and bill files together; also checks ids are unique and parents exist.

    Bills get every check `law diff` and `simulate` apply, against a base from these files or
    the shipped data.
    """
    docs, issues = load_many(paths)
    laws: list[tuple[Document, str]] = []
    parsed: dict[str, Law] = {}
    bills: list[Document] = []
    for doc in docs:
        if is_bill(doc.data):
            bills.append(doc)
            continue
        spec, found = parse_jurisdiction(doc)
        issues.extend(found)
        if spec is not None:
            parsed.setdefault(spec.id, Law(spec, doc.file))
        if isinstance(doc.data, dict) and isinstance(doc.data.get("id"), str):
            laws.append((doc, doc.data["id"]))
    seen: dict[str, str] = {}
    for doc, jid in laws:
        if jid in seen:
            issues.append(doc.issue(("id",), f"duplicate id {jid!r} (also in {seen[jid]})"))
        seen.setdefault(jid, doc.file)
    known = shipped_ids | set(seen)
    for doc, _ in laws:
        parent = doc.data.get("parent")
        if isinstance(parent, str) and parent not in known:
            issues.append(doc.issue(("parent",), f"unknown parent jurisdiction {parent!r}"))

    def lookup(jid: str) -> Law | None:
        return parsed.get(jid) or (shipped_law(jid) if jid in shipped_ids else None)

    bill_ids: dict[str, str] = {}
    for doc in bills:
        issues.extend(parse_bill(doc, known, lookup)[1])
        bid = doc.data.get("id")
        if isinstance(bid, str):
            if bid in bill_ids:
                issues.append(
                    doc.issue(("id",), f"duplicate bill id {bid!r} (also in {bill_ids[bid]})")
                )
            bill_ids.setdefault(bid, doc.file)
    return sorted(issues)


def shipped_law(jid: str) -> Law | None:
    """A shipped jurisdiction by id, or None if unknown or if the shipped data is invalid."""
    from swpolicy.law.registry import load  # the registry itself validates with this module

    try:
        return load(jid)
    except SwpolicyError:
        return None
