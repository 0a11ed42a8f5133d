"""Reading the charts' SVG back: parse it as XML and pull out texts, rows, marks and lines."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass

from swpolicy.charts.svg import text_width

NS = "{http://www.w3.org/2000/svg}"


@dataclass(frozen=True)
class Parsed:
    root: ET.Element

    @property
    def width(self) -> float:
        return float(self.root.attrib["viewBox"].split()[2])

    def all(self, tag: str) -> list[ET.Element]:
        return list(self.root.iter(NS + tag))

    def texts(self) -> list[str]:
        return [t.text or "" for t in self.all("text")]

    def rows(self) -> list[ET.Element]:
        """Groups with a tooltip: one per chart row, bar, target or marked line."""
        return [g for g in self.all("g") if g.find(NS + "title") is not None]

    def tip(self, g: ET.Element) -> str:
        title = g.find(NS + "title")
        assert title is not None
        return title.text or ""


def parse(svg: str) -> Parsed:
    root = ET.fromstring(svg)
    assert root.tag == NS + "svg"
    return Parsed(root)


def row_label(g: ET.Element) -> str:
    """The row's label as drawn: its text lines joined by spaces."""
    return " ".join(t.text or "" for t in g.iter(NS + "text"))


def text_extent(t: ET.Element) -> tuple[float, float]:
    """Left and right ends of a text element, by the same width estimate the layout uses."""
    x, size = float(t.attrib["x"]), float(t.attrib["font-size"])
    w = text_width(t.text or "", size)
    anchor = t.attrib.get("text-anchor", "start")
    return {"start": (x, x + w), "middle": (x - w / 2, x + w / 2), "end": (x - w, x)}[anchor]
