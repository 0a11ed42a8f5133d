"""The shipped jurisdictions and bills, loaded once and validated on load."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from swpolicy.errors import InputError, Issue, UsageError
from swpolicy.law.model import Law
from swpolicy.law.provisions import DATA_DIR
from swpolicy.law.validate import parse_jurisdiction
from swpolicy.sourcefile import load_yaml

JURISDICTIONS_DIR = DATA_DIR / "jurisdictions"
BILLS_DIR = DATA_DIR / "bills"


@cache
def _shipped() -> dict[str, Law]:
    laws: dict[str, Law] = {}
    issues: list[Issue] = []
    for path in sorted(JURISDICTIONS_DIR.glob("*.yaml")):
        try:
            law = load_law_file(path)
        except InputError as exc:
            issues.extend(exc.issues)
            continue
        laws[law.id] = law
    if issues:
        raise InputError(issues)
    return laws


def load_law_file(path: str | Path) -> Law:
    """Load and validate one jurisdiction file from anywhere."""
    doc = load_yaml(path)
    spec, issues = parse_jurisdiction(doc)
    if spec is None:
        raise InputError(issues)
    return Law(spec, str(path))


def ids() -> list[str]:
    """Ids of the shipped jurisdictions, sorted."""
    return sorted(_shipped())


def load_all() -> dict[str, Law]:
    """All shipped jurisdictions by id."""
    return dict(_shipped())


def load(jid: str) -> Law:
    """One shipped jurisdiction, e.g. ``load("nz").at("2010-01-01")``."""
    laws = _shipped()
    if jid not in laws:
        raise UsageError(f"unknown jurisdiction {jid!r}; known: {', '.join(sorted(laws))}")
    return laws[jid]


def children(jid: str) -> list[Law]:
    """The shipped sub-national units whose parent is `jid`."""
    return [law for law in _shipped().values() if law.parent == jid]
