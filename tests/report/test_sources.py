"""Assumptions section and reference list: read from the mapping, registry and law data."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from swpolicy.law import load
from swpolicy.report.laws import summarise
from swpolicy.report.sources import assumptions_section, references
from swpolicy.scenarios.assumptions import from_file, named
from swpolicy.scenarios.mapping import load_mapping


def test_named_sets_list_their_links_and_what_only_they_switch_on() -> None:
    section = assumptions_section(named("critics"))
    assert section["name"] == "critics" and not section["is_file"]
    assert section["description"] == load_mapping().assumption_sets["critics"]
    ids = {link["id"] for link in section["links"]}
    assert "market_organisation_grows" in ids and "market_organisation_no_change" not in ids
    only = {s["name"]: set(s["only_here"]) for s in section["sets"]}
    assert "market_organisation_grows" in only["critics"]
    assert "market_organisation_no_change" in only["default"]
    assert not only["critics"] & only["default"]


def test_an_assumption_file_shows_its_switches_and_overrides(tmp_path: Path) -> None:
    path = tmp_path / "mine.yaml"
    path.write_text(
        "base: default\n"
        "disable: [police_buying]\n"
        "evidence:\n"
        "  map_police_selling_penalised: {estimate: 1.5, ci: [1.0, 2.0]}\n",
        encoding="utf-8",
    )
    section = assumptions_section(from_file(path))
    assert section["is_file"] and section["name"] == str(path)
    assert "police_buying" not in {link["id"] for link in section["links"]}
    assert section["overrides"] == {
        "map_police_selling_penalised": {"estimate": 1.5, "ci": [1.0, 2.0]}
    }
    row = next(e for e in section["evidence"] if e["id"] == "map_police_selling_penalised")
    assert row["overridden"] and row["estimate"] == "1.5"
    assert row["interval"].startswith("1–2")


def test_references_cover_every_cited_instrument_once() -> None:
    laws = [summarise(load(i), date(2024, 1, 1)) for i in ("nz", "se")]
    groups = references(laws, named("default"), ("vancouver",))
    by_title = {g["title"]: g["items"] for g in groups}
    nz_items = by_title["Law: New Zealand (nz)"]
    titles = [item["text"] for item in nz_items]
    assert len(titles) == len(set(titles))
    cited = {c.title for pv in load("nz").at("2024-01-01").values() for c in pv.citations}
    assert cited == set(titles)
    evidence = by_title["Evidence behind the law-to-model links"]
    registry = named("default").registry
    expected = {registry.get(e).source.citation for e in named("default").describe()["evidence"]}
    assert expected <= {item["text"] for item in evidence}
