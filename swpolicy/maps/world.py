"""A world map of the law, drawn offline as SVG from shipped Natural Earth boundaries.

`regime_map(scheme, on)` colours every country by its regime in one classification scheme on a
date; `provision_map(provision, on)` by one provision's status (selling, buying, brothels...).
Where a country's law varies by state and the map has its states (the United States,
Australia, the nations of the United Kingdom), each state that has its own jurisdiction file is
coloured by its own law and the others are shown as "varies; not recorded".

The result carries the SVG (a <title> per unit, keyboard-reachable links, a legend in words)
and the same content as rows for a text alternative. Boundaries: data/world.json, built once by
scripts/build_world_map.py; their source and licence are in data/NOTICE.md.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from functools import cache
from html import escape
from pathlib import Path

from swpolicy.errors import UsageError
from swpolicy.law.classify import SCHEMES, classify
from swpolicy.law.model import Law
from swpolicy.law.provisions import provisions
from swpolicy.law.registry import load_all
from swpolicy.vocabulary import explain, label

DATA = Path(__file__).parent / "data" / "world.json"
NOT_RECORDED = "not_recorded"  # a state of a country whose law varies, with no file of its own
NO_DATA = "no_data"  # a country with no jurisdiction file
# Fill colours. Families share a hue across schemes: red penalises selling, orange penalises
# buying or organising, blue licenses, green decriminalises; light blue varies, grey unclear.
COLOURS = {
    "prohibitionism": "#8e1b10",
    "criminalisation": "#8e1b10",
    "illegal": "#8e1b10",
    "neo_abolitionism": "#e0712f",
    "partial_criminalisation": "#e0712f",
    "abolitionism": "#f3c443",
    "limitedly_legal": "#f3c443",
    "legalisation": "#4f5fb8",
    "decriminalisation": "#2a7d3c",
    "legal": "#2a7d3c",
    "criminal": "#8e1b10",
    "administrative": "#d2572a",
    "regulated": "#4f5fb8",
    "legal_restricted": "#98c964",
    "yes": "#3d6fb6",
    "no": "#f0c75e",
    "none": "#f0c75e",
    "workers": "#8e1b10",
    "operators": "#4f5fb8",
    "both": "#6a3d9a",
    "counselling_only": "#98c964",
    "partial": "#9ab8dd",
    "unrecorded": "#e4e4e4",
    "varies": "#9ecae1",
    "unclear": "#b5b5b5",
    NOT_RECORDED: "#dbe9f4",
    NO_DATA: "#f3f3f3",
}
FALLBACK = "#777777"  # a word added to the data before it has a colour here
_EXTRA = {
    NOT_RECORDED: (
        "Varies; this state not recorded",
        "The country's law differs by state and this state has no jurisdiction file yet.",
    ),
    NO_DATA: ("No law recorded", "swpolicy has no jurisdiction file for this place yet."),
}


@dataclass(frozen=True)
class Unit:
    """One drawn area: a country, a map unit (Scotland) or a state (Nevada)."""

    id: str
    name: str
    region: str
    subregion: str
    parent: str | None
    d: str


@dataclass(frozen=True)
class Shade:
    """One legend entry: the value, its words and its colour."""

    key: str
    label: str
    explain: str
    colour: str


@dataclass(frozen=True)
class Place:
    """A jurisdiction on the map, for the text alternative (a table or a list)."""

    id: str
    name: str
    region: str
    shade: Shade
    drawn: bool  # False when the place is too small for the map's scale (e.g. Hong Kong)


@dataclass(frozen=True)
class WorldMap:
    title: str
    svg: str
    legend: tuple[tuple[Shade, int], ...]
    places: tuple[Place, ...]


@cache
def units() -> tuple[Unit, ...]:
    """The drawn areas, countries first, then the states drawn over them."""
    data = json.loads(DATA.read_text(encoding="utf-8"))
    return tuple(
        Unit(f["id"], f["name"], f["region"], f["subregion"], f.get("parent"), f["d"])
        for f in data["features"]
    )


@cache
def size() -> tuple[float, float]:
    data = json.loads(DATA.read_text(encoding="utf-8"))
    return float(data["width"]), float(data["height"])


def regions() -> list[str]:
    """The world regions (UN geoscheme, as in Natural Earth), for filters."""
    return sorted({u.region for u in units()})


def region_of(jurisdiction_id: str, parent: str | None = None) -> str | None:
    """A jurisdiction's region, from its own map unit or, failing that, its parent's."""
    by_id = {u.id: u for u in units()}
    unit = by_id.get(jurisdiction_id) or by_id.get(parent or jurisdiction_id.split("-")[0])
    return unit.region if unit else None


def shade(kind: str, key: str) -> Shade:
    """The legend entry for a regime or a provision word (`kind` as in swpolicy.vocabulary)."""
    if key in _EXTRA:
        words, text = _EXTRA[key]
    else:
        words, text = label(kind, key), explain(kind, key)
    return Shade(key, words, text, COLOURS.get(key, FALLBACK))


def _profile(jid: str) -> str:
    return f"/jurisdictions/{jid}"


@dataclass(frozen=True)
class Drawing:
    """How a map is drawn: which laws (default: every shipped one), where a country links to,
    and whether the legend is drawn inside the SVG."""

    laws: dict[str, Law] | None = None
    href: Callable[[str], str] = _profile
    legend: bool = True


def regime_map(scheme: str, on: date, drawing: Drawing | None = None) -> WorldMap:
    """Every country coloured by its regime in `scheme` on `on` (legend: drawn in the SVG)."""
    if scheme not in SCHEMES:
        raise UsageError(f"unknown scheme {scheme!r}; expected one of {', '.join(SCHEMES)}")
    title = f"{label('scheme', scheme)} on {on.isoformat()}"
    regime = lambda law: classify(law, scheme, on).regime  # noqa: E731 - one-line key function
    return _draw(title, "regime", regime, drawing or Drawing())


def provision_map(provision: str, on: date, drawing: Drawing | None = None) -> WorldMap:
    """Every country coloured by one provision's recorded value on `on`."""
    table = provisions()
    if provision not in table:
        raise UsageError(f"unknown provision {provision!r}; expected one of {', '.join(table)}")
    kind = table[provision].kind.name
    if kind == "age":
        raise UsageError(f"{provision!r} is a number of years; map a provision with words")
    title = f"{label('provision', provision)} on {on.isoformat()}"

    def value(law: Law) -> str:
        return str(law.at(on).value(provision))

    return _draw(title, kind, value, drawing or Drawing())


def _draw(title: str, kind: str, value: Callable[[Law], str], drawing: Drawing) -> WorldMap:
    laws = load_all() if drawing.laws is None else drawing.laws
    href, with_legend = drawing.href, drawing.legend
    values = {jid: value(law) for jid, law in laws.items()}
    drawn = {u.id for u in units()}
    keys: dict[str, str] = {}
    for unit in units():
        keys[unit.id] = _key(unit, values)
    shades: dict[str, Shade] = {}
    for key in {*keys.values(), *values.values()}:
        shades[key] = shade(kind, key)
    places = tuple(
        sorted(
            (
                Place(
                    jid,
                    law.name,
                    region_of(jid, law.parent) or "",
                    shades[values[jid]],
                    jid in drawn,
                )
                for jid, law in laws.items()
            ),
            key=lambda p: p.name,
        )
    )
    counts = Counter(values.values())
    shown = [k for k in dict.fromkeys(keys.values()) if k not in counts]
    legend = tuple((shades[k], counts.get(k, 0)) for k in _legend_order([*counts, *shown]))
    svg = _svg(title, keys, shades, laws, href, legend if with_legend else ())
    return WorldMap(title, svg, legend, places)


def _key(unit: Unit, values: dict[str, str]) -> str:
    """What colours a unit: its own law, else its parent's (or "not recorded" if that varies)."""
    if unit.id in values:
        return values[unit.id]
    if unit.parent and unit.parent in values:
        parent = values[unit.parent]
        return NOT_RECORDED if parent == "varies" else parent
    return NO_DATA


def _count(s: Shade, count: int) -> str:
    return "" if s.key in _EXTRA else f" ({count})"


def _legend_order(keys: Iterable[str]) -> list[str]:
    order = list(COLOURS)
    return sorted(set(keys), key=lambda k: order.index(k) if k in order else -1)


def _svg(
    title: str,
    keys: dict[str, str],
    shades: dict[str, Shade],
    laws: dict[str, Law],
    href: Callable[[str], str],
    legend: tuple[tuple[Shade, int], ...],
) -> str:
    width, height = size()
    rows = (len(legend) + 2) // 3
    full = height + 16 + rows * 22 if legend else height
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width:g} {full:g}" '
        f'class="world-map" role="group" aria-label="{escape(title)}">',
        f"<title>{escape(title)}</title>",
        f'<rect width="{width:g}" height="{height:g}" fill="#eaf2f8"/>',
        '<g stroke="#ffffff" stroke-width="0.5" stroke-linejoin="round">',
    ]
    for unit in units():
        s = shades[keys[unit.id]]
        name = laws[unit.id].name if unit.id in laws else unit.name
        text = escape(f"{name}: {s.label}")
        shape = f'<path d="{unit.d}" fill="{s.colour}"><title>{text}</title></path>'
        if unit.id in laws:
            out.append(
                f'<a href="{escape(href(unit.id))}" class="map-unit" data-id="{unit.id}" '
                f'data-key="{s.key}" aria-label="{text}">{shape}</a>'
            )
        else:
            out.append(shape.replace("<path ", f'<path data-id="{unit.id}" ', 1))
    out.append("</g>")
    out.append('<g class="map-legend" font-size="13" font-family="sans-serif" fill="#1a1a1a">')
    for i, (s, count) in enumerate(legend):
        x, y = 10 + (i % 3) * 330, height + 16 + (i // 3) * 22
        out.append(
            f'<rect x="{x}" y="{y:g}" width="16" height="14" fill="{s.colour}" stroke="#555"/>'
            f'<text x="{x + 22}" y="{y + 12:g}">{escape(s.label)}{_count(s, count)}</text>'
        )
    out.append("</g></svg>")
    return "".join(out)
