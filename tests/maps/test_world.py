"""The world map: shipped boundaries, colours from the law, words, links and a text alternative."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from datetime import date

import pytest

from swpolicy.errors import UsageError
from swpolicy.law.classify import SCHEMES
from swpolicy.law.provisions import provisions
from swpolicy.law.registry import load_all
from swpolicy.maps import provision_map, regime_map, region_of, regions
from swpolicy.maps.world import COLOURS, DATA, NOT_RECORDED, Drawing, units
from swpolicy.vocabulary import label

ON = date(2024, 1, 1)
SVG = "{http://www.w3.org/2000/svg}"


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)


def unit_element(root: ET.Element, unit_id: str) -> ET.Element:
    for el in root.iter():
        if el.get("data-id") == unit_id:
            return el
    raise AssertionError(f"{unit_id} not drawn")


def test_shipped_boundaries_are_small_with_their_notice() -> None:
    assert DATA.stat().st_size < 1_500_000
    notice = (DATA.parent / "NOTICE.md").read_text(encoding="utf-8")
    assert "Natural Earth" in notice and "public domain" in notice
    ids = [u.id for u in units()]
    assert len(ids) == len(set(ids))
    assert {"nz", "fr", "no", "us-nv", "au-qld", "gb-sct", "gb-eaw"} <= set(ids)


def test_every_jurisdiction_is_drawn_or_listed_as_too_small() -> None:
    # Derived from the data, not a hard-coded list: new small jurisdictions (microstates,
    # islands) are allowed, as long as the map lists them as not drawn.
    drawn = {u.id for u in units()}
    laws = load_all()
    missing = {jid for jid in laws if jid not in drawn}
    places = {p.id: p for p in regime_map("wikipedia", ON).places}
    assert set(places) == set(laws)
    assert all(places[jid].drawn is False for jid in missing)
    assert {"gb", "hk"} <= missing  # the UK is drawn by its parts; Hong Kong is too small
    # Large countries from several regions must be drawn, so ids and boundaries agree.
    large = {"nz", "fr", "br", "in", "ru"} | ({"pl", "eg", "kz", "ir"} & set(laws))
    assert large <= drawn and all(places[jid].drawn for jid in large)


def test_countries_link_to_their_profile_with_a_title_in_words() -> None:
    root = parse(regime_map("wikipedia", ON).svg)
    link = unit_element(root, "nz")
    assert link.tag == f"{SVG}a" and link.get("href") == "/jurisdictions/nz"
    title = link.find(f"{SVG}path/{SVG}title")
    assert title is not None and title.text == "New Zealand: Decriminalisation"
    assert link.get("aria-label") == title.text


def test_states_of_a_varying_country_get_their_own_colour_or_not_recorded() -> None:
    root = parse(regime_map("wikipedia", ON).svg)
    nevada = unit_element(root, "us-nv")
    assert nevada.get("data-key") == "legalisation"
    assert unit_element(root, "us-ny").get("data-key") == "prohibitionism"
    assert unit_element(root, "us-tx").get("data-key") == "prohibitionism"
    # A state with no file of its own (Texas left out of the laws drawn): drawn, not linked.
    without_texas = {jid: law for jid, law in load_all().items() if jid != "us-tx"}
    root = parse(regime_map("wikipedia", ON, Drawing(laws=without_texas)).svg)
    texas = unit_element(root, "us-tx")
    assert texas.tag == f"{SVG}path" and texas.get("fill") == COLOURS[NOT_RECORDED]
    title = texas.find(f"{SVG}title")
    assert title is not None and title.text == "Texas: Varies; this state not recorded"


def test_provision_map_colours_by_status() -> None:
    result = provision_map("buying", ON)
    root = parse(result.svg)
    sweden = unit_element(root, "se")
    assert sweden.get("data-key") == "criminal"
    path = sweden.find(f"{SVG}path")
    assert path is not None and path.get("fill") == COLOURS["criminal"]
    legend = {s.label: n for s, n in result.legend}
    assert legend[label("status", "criminal")] >= 5


def test_visible_text_is_words_not_ids() -> None:
    ids = re.compile(r"\b[a-z]+_[a-z_]+\b")
    for scheme in SCHEMES:
        root = parse(regime_map(scheme, ON).svg)
        texts = [el.text or "" for el in root.iter() if el.tag in (f"{SVG}text", f"{SVG}title")]
        assert texts and not [t for t in texts if ids.search(t)]


def test_every_regime_and_status_word_has_a_colour() -> None:
    words = {w for p in provisions().values() for w in p.kind.words}
    regimes = {rule.regime for rules in SCHEMES.values() for rule in rules}
    assert not (words | regimes | {"varies", "unclear"}) - COLOURS.keys()


def test_bad_requests_are_clear_errors() -> None:
    with pytest.raises(UsageError, match="unknown scheme"):
        regime_map("nordic", ON)
    with pytest.raises(UsageError, match="unknown provision"):
        provision_map("dancing", ON)
    with pytest.raises(UsageError, match="number of years"):
        provision_map("age_threshold", ON)


def test_same_inputs_same_svg_and_regions() -> None:
    assert regime_map("nswp", ON).svg == regime_map("nswp", ON).svg
    assert "Oceania" in regions() and region_of("nz") == "Oceania"
    assert region_of("us-nv") == "Americas" and region_of("hk", "cn") == "Asia"
