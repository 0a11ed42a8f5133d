"""Small HTML inspectors for the report tests (stdlib parser: no extra dependency)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

RESOURCE_ATTRS = ("src", "href", "xlink:href", "data", "srcset", "poster", "background")


@dataclass
class Element:
    tag: str
    attrs: dict[str, str]


@dataclass
class Collected:
    elements: list[Element] = field(default_factory=list)
    headings: list[tuple[int, str]] = field(default_factory=list)
    styles: list[str] = field(default_factory=list)


class _Parser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out = Collected()
        self._heading: int | None = None
        self._text: list[str] = []
        self._in_style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.out.elements.append(Element(tag, {k: v or "" for k, v in attrs}))
        if re.fullmatch(r"h[1-6]", tag):
            self._heading, self._text = int(tag[1]), []
        self._in_style = tag == "style"

    def handle_endtag(self, tag: str) -> None:
        if self._heading is not None and tag == f"h{self._heading}":
            self.out.headings.append((self._heading, " ".join("".join(self._text).split())))
            self._heading = None
        if tag == "style":
            self._in_style = False

    def handle_data(self, data: str) -> None:
        if self._heading is not None:
            self._text.append(data)
        if self._in_style:
            self.out.styles.append(data)


def parse(html: str) -> Collected:
    parser = _Parser()
    parser.feed(html)
    parser.close()
    return parser.out


def external_loads(html: str) -> list[str]:
    """Every way the document could make a request: remote src/href on anything but a plain
    link, scripts, stylesheet links, and remote url()/@import in CSS (inline or attribute)."""
    found = []
    doc = parse(html)
    for el in doc.elements:
        if el.tag in ("script", "link", "iframe", "object", "embed"):
            found.append(f"<{el.tag}>")
        for name in RESOURCE_ATTRS:
            value = el.attrs.get(name, "").strip().lower()
            remote = value.startswith(("http:", "https:", "//", "ftp:"))
            if remote and not (el.tag == "a" and name == "href"):
                found.append(f"<{el.tag} {name}={value}>")
        style = el.attrs.get("style", "")
        if re.search(r"url\(\s*['\"]?\s*(https?:|//)", style, re.I):
            found.append(f"<{el.tag} style=...url(remote)>")
    for css in doc.styles:
        if re.search(r"url\(\s*['\"]?\s*(https?:|//)", css, re.I) or "@import" in css:
            found.append("remote url() or @import in <style>")
    return found
