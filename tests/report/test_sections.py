"""The map, the charts of paired changes and trajectories, the sensitivity ranking in words,
the appendices (laws moved there) and the glossary generated from the vocabulary."""

from __future__ import annotations

import html as html_lib
import re
from typing import Any

from swpolicy.report.laws import FAMILY_SCHEME
from swpolicy.vocabulary import label
from tests.report.htmlcheck import parse


def _section(html: str, section: str) -> str:
    return html.split(f'id="{section}"', 1)[1].split("</section>", 1)[0]


def test_map_links_to_the_laws_in_the_report(
    small_context: dict[str, Any], small_html: str
) -> None:
    section = _section(small_html, "map")
    assert "<svg" in section
    ids = {el.attrs["id"] for el in parse(small_html).elements if "id" in el.attrs}
    links = set(re.findall(r'<a href="(#[^"]+)" class="map-unit"', section))
    shown = {f"#law-{s.id}" for s in small_context["laws"]}
    # Every law in the report that the map draws links to its section; the rest to the list.
    assert links <= shown | {"#map-places"}
    assert {"#law-nz", "#law-se", "#law-ca"} <= links
    for anchor in links:
        assert anchor[1:] in ids, anchor
    # The text alternative lists each regime in words with the places that have it.
    nz = next(s for s in small_context["laws"] if s.id == "nz")
    regime = label("regime", nz.classifications[FAMILY_SCHEME].regime)
    alt = html_lib.unescape(section.split('id="map-places"', 1)[1])
    assert re.search(
        rf"<dt>{re.escape(regime)} \(\d+\)</dt>\s*<dd>[^<]*(<a[^>]*>[^<]*</a>[^<]*)*", alt
    )
    assert '<a href="#law-nz">New Zealand</a>' in alt


def test_difference_chart_shows_the_paired_changes(small_context: dict[str, Any]) -> None:
    setting = small_context["settings"][0]
    sim = setting["sim"]
    svg = html_lib.unescape(setting["differences"])
    assert "compared with the current law" in svg
    others = [a for a in sim.results if a.law_id != sim.reference]
    assert len(others) == len(sim.results) - 1
    # The current law is not a row of its own change chart; the others are, by name.
    for arm in others:
        assert small_context["names"][arm.law_id] in svg
    d = sim.difference("nz", "violence_incidents")
    assert d.lo <= d.median <= d.hi
    assert "HIV prevalence among sex workers" in setting["trajectories"]


def test_sensitivity_in_words_names_the_top_factors(
    small_context: dict[str, Any], small_html: str
) -> None:
    item = small_context["sensitivity"][0]
    res = item["result"]
    top = [r for r in res.rows if r.above_dummy and r.factor != "dummy"]
    if top:
        assert top[0].label in item["sentence"]
        assert f"{top[0].index:.2f}" in item["sentence"]
    else:
        assert "cannot say" in item["sentence"]
    assert item["sentence"] in html_lib.unescape(small_html)


def test_law_tables_are_an_appendix(small_html: str) -> None:
    h2 = [text for level, text in parse(small_html).headings if level == 2]
    first = h2.index("Appendix A. Tables of results")
    assert first == h2.index("What drives the differences") + 1
    assert h2[first:] == [
        "Appendix A. Tables of results",
        "Appendix B. Laws compared",
        "Appendix C. Assumptions used",
        "Appendix D. Glossary",
        "Appendix E. References",
    ]


def test_glossary_explains_the_regimes_shown(
    small_context: dict[str, Any], small_html: str
) -> None:
    section = html_lib.unescape(_section(small_html, "glossary"))
    for s in small_context["laws"]:
        for c in s.classifications.values():
            assert f"<dt>{label('regime', c.regime)}</dt>" in section
    assert "<dt>New HIV infections among sex workers and clients</dt>" in section
