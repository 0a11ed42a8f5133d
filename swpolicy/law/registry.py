"""The shipped jurisdictions and bills, loaded once and validated on load.

Composing YAML with positions (pure Python) is most of the cost of loading hundreds of files,
so the plain data of each shipped file is kept in the disk cache (:mod:`swpolicy.cache`) as
JSON under the SHA-256 of its bytes. Every load is still validated by the schema; a file that
fails is parsed again from its text, so its errors are located exactly as without the cache.
"""

from __future__ import annotations

import hashlib
import json
from functools import cache
from pathlib import Path

from swpolicy import __version__, sourcefile
from swpolicy.cache import cache_dir, write_atomic
from swpolicy.errors import InputError, Issue, UsageError
from swpolicy.law.model import Law
from swpolicy.law.provisions import DATA_DIR
from swpolicy.law.validate import parse_jurisdiction
from swpolicy.sourcefile import Document, load_yaml, read_bounded

JURISDICTIONS_DIR = DATA_DIR / "jurisdictions"
BILLS_DIR = DATA_DIR / "bills"


@cache
def _shipped() -> dict[str, Law]:
    laws: dict[str, Law] = {}
    issues: list[Issue] = []
    for path in sorted(JURISDICTIONS_DIR.glob("*.yaml")):
        try:
            law = _load_shipped(path)
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


@cache
def _parser_key() -> bytes:
    """The cached data depend on the parser's code, so a changed parser never reads old ones
    (computed once, when the first shipped file is loaded, not at import)."""
    code = hashlib.sha256(Path(sourcefile.__file__).read_bytes()).digest()
    return f"law-doc\x1f{__version__}\x1f".encode() + code


def _load_shipped(path: Path) -> Law:
    """A shipped file through the parsed-data cache (see the module docstring)."""
    folder = cache_dir()
    if folder is None:
        return load_law_file(path)
    key = hashlib.sha256(_parser_key() + read_bounded(path)).hexdigest()[:32]
    entry = folder / "law" / f"{key}.json"
    try:
        data = json.loads(entry.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        doc = load_yaml(path)  # a miss parses the file itself: its encoding errors are located
        write_atomic(entry, json.dumps(doc.data, ensure_ascii=False).encode("utf-8"))
    else:
        doc = Document(str(path), data)
    spec, _issues = parse_jurisdiction(doc)
    if spec is None:
        return load_law_file(path)  # located errors come from the full parse
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
