"""Words, not identifiers: no shipped regime, status, finding, metric or setting id is shown as
visible text in the report outside <code> elements."""

from __future__ import annotations

import re
from html.parser import HTMLParser

from swpolicy.scenarios.metrics import BY_ID
from swpolicy.vocabulary import terms

HIDDEN = ("code", "style", "script")


class _Visible(HTMLParser):
    """Collects the text a reader sees: everything but code, style and script contents."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.depth = 0
        self.chunks: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in HIDDEN:
            self.depth += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in HIDDEN:
            self.depth -= 1

    def handle_data(self, data: str) -> None:
        if self.depth == 0:
            self.chunks.append(data)


def visible_text(html: str) -> str:
    parser = _Visible()
    parser.feed(html)
    parser.close()
    return " ".join(parser.chunks)


def shipped_ids() -> set[str]:
    """Ids that are not words as written: those with an underscore (``neo_abolitionism``,
    ``not_compliant``, ``hiv_infections_averted_pct``) and the settings' lower-case ids.
    A plain-word id such as ``legal`` reads the same as its label, so it is no leak."""
    vocab = terms()
    ids = {i for kind in ("regime", "status", "finding") for i in vocab[kind] if "_" in i}
    ids |= {m for m in BY_ID if "_" in m}
    return ids | set(vocab["setting"])


def leaks(html: str) -> list[str]:
    text = visible_text(html)
    return sorted(
        i for i in shipped_ids() if re.search(rf"(?<![\w-]){re.escape(i)}(?![\w-])", text)
    )


def test_the_scan_finds_an_identifier() -> None:
    assert leaks("<p>Regime: neo_abolitionism</p>") == ["neo_abolitionism"]
    assert leaks("<p><code>neo_abolitionism</code> in Vancouver</p>") == []


def test_no_identifier_is_visible_text(small_html: str) -> None:
    assert leaks(small_html) == []
