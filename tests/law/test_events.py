"""Dated events (court rulings, bills introduced or defeated) in jurisdiction files."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from swpolicy.law.registry import ids, load_law_file
from swpolicy.law.validate import validate_paths

Mutator = Callable[[Callable[[str], str]], Path]

EVENT = """
events:
  - date: 2020-05-01
    kind: {kind}
    title: A ruling that upheld the law
    sources:
      - title: The judgment
        url: https://example.org/judgment
"""


def test_an_event_is_read_with_its_date_kind_and_sources(nz_copy: Mutator) -> None:
    def add(text: str) -> str:
        kept = [line for line in text.splitlines() if not line.startswith("verified:")]
        return "\n".join(kept) + "\nverified: 2026-01-15" + EVENT.format(kind="court_ruling")

    path = nz_copy(add)
    spec = load_law_file(path).spec
    assert [(e.date.isoformat(), e.kind) for e in spec.events] == [("2020-05-01", "court_ruling")]
    assert spec.events[0].sources[0].url == "https://example.org/judgment"
    assert spec.verified is not None and spec.verified.isoformat() == "2026-01-15"


def test_an_unknown_event_kind_is_located(nz_copy: Mutator) -> None:
    path = nz_copy(lambda t: t + EVENT.format(kind="rumour"))
    issues = validate_paths([path], set(ids()))
    assert [i.field for i in issues] == ["events.0.kind"]
    assert issues[0].line == path.read_text().splitlines().index("    kind: rumour") + 1


def test_an_event_needs_a_source(nz_copy: Mutator) -> None:
    text = EVENT.format(kind="bill_defeated").split("    sources:")[0] + "    sources: []\n"
    issues = validate_paths([nz_copy(lambda t: t + text)], set(ids()))
    assert [i.field for i in issues] == ["events.0.sources"]
