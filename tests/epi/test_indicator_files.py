"""Shipped FSW indicator files (swpolicy/epi/data/indicators/*.yaml) are well formed and sourced.

Loader-independent: each file is read with ruamel's safe loader and checked against the format
of DESIGN.md section B, so a bad value is caught even before the builder's schema loads it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML

ROOT = Path(__file__).resolve().parents[2]
IND_DIR = ROOT / "swpolicy" / "epi" / "data" / "indicators"
JUR_DIR = ROOT / "swpolicy" / "law" / "data" / "jurisdictions"
FRACTIONS = {"fsw_hiv_prevalence", "condom_last_paid_sex", "art_coverage", "violence", "police"}
KINDS = FRACTIONS | {"fsw_size_estimate"}
FIELDS = {"value", "year", "lo", "hi", "n", "area", "source", "note", "recall"}
SOURCE_FIELDS = {"citation", "url", "doi", "locator"}


def _load(path: Path) -> Any:
    return YAML(typ="safe").load(path.read_text(encoding="utf-8"))


def _registry() -> dict[str, dict[str, Any]]:
    return {p.stem: _load(p) for p in sorted(JUR_DIR.glob("*.yaml"))}


REGISTRY = _registry()


def _country_of(jid: str) -> str:
    """ISO code of the country a registry jurisdiction belongs to (follows `parent`)."""
    doc = REGISTRY[jid]
    while doc.get("parent"):
        doc = REGISTRY[str(doc["parent"])]
    return str(doc["id"]).upper()


def _is_num(x: object) -> bool:
    return isinstance(x, int | float) and not isinstance(x, bool)


def problems(doc: Any, stem: str) -> list[str]:
    """Every way `doc` (the parsed file `<stem>.yaml`) breaks the section-B format."""
    if not isinstance(doc, dict):
        return [f"{stem}: not a mapping"]
    out: list[str] = []
    if stem not in REGISTRY:
        return [f"{stem}: not a registry jurisdiction"]
    if doc.get("jurisdiction") != stem:
        out.append(f"{stem}: jurisdiction {doc.get('jurisdiction')!r} != file stem")
    if doc.get("country") != _country_of(stem):
        out.append(f"{stem}: country {doc.get('country')!r} != {_country_of(stem)}")
    extra = set(doc) - {"jurisdiction", "country", "indicators", "unclear"}
    if extra:
        out.append(f"{stem}: unknown top-level keys {sorted(extra)}")
    unclear = doc.get("unclear") or []
    if not isinstance(unclear, list) or not all(isinstance(u, str) and u for u in unclear):
        out.append(f"{stem}: unclear must be a list of questions")
    inds = doc.get("indicators") or {}
    if not isinstance(inds, dict):
        return [*out, f"{stem}: indicators must be a mapping"]
    if not inds and not unclear:
        out.append(f"{stem}: neither indicators nor unclear questions")
    for kind, v in inds.items():
        where = f"{stem}.{kind}"
        if kind not in KINDS:
            out.append(f"{where}: unknown indicator")
            continue
        if not isinstance(v, dict):
            out.append(f"{where}: not a mapping")
            continue
        if set(v) - FIELDS:
            out.append(f"{where}: unknown fields {sorted(set(v) - FIELDS)}")
        value: Any = v.get("value")
        if not _is_num(value):
            out.append(f"{where}: value {value!r} is not a number")
            continue
        if kind in FRACTIONS and not 0.0 <= value <= 1.0:
            out.append(f"{where}: fraction {value} outside 0-1")
        if kind == "fsw_size_estimate" and not value > 0:
            out.append(f"{where}: size {value} not positive")
        lo: Any = v.get("lo")
        hi: Any = v.get("hi")
        if (lo is None) != (hi is None):
            out.append(f"{where}: lo and hi must come together")
        elif lo is not None and not (_is_num(lo) and _is_num(hi) and lo <= value <= hi):
            out.append(f"{where}: not lo <= value <= hi ({lo}, {value}, {hi})")
        year = v.get("year")
        if not isinstance(year, int) or isinstance(year, bool) or not 1990 <= year <= 2026:
            out.append(f"{where}: year {year!r} not in 1990-2026")
        n = v.get("n")
        if n is not None and (not isinstance(n, int) or isinstance(n, bool) or n <= 0):
            out.append(f"{where}: n {n!r} not a positive integer")
        if not isinstance(v.get("area"), str) or not v["area"]:
            out.append(f"{where}: area missing")
        if kind in {"violence", "police"} and not v.get("recall"):
            out.append(f"{where}: recall period missing")
        src = v.get("source")
        if not isinstance(src, dict):
            out.append(f"{where}: source missing")
            continue
        if set(src) - SOURCE_FIELDS:
            out.append(f"{where}: unknown source fields {sorted(set(src) - SOURCE_FIELDS)}")
        for key in ("citation", "locator"):
            if not isinstance(src.get(key), str) or not src[key].strip():
                out.append(f"{where}: source.{key} missing")
        url, doi = src.get("url"), src.get("doi")
        if not (isinstance(url, str) and url.startswith("http")) and not (
            isinstance(doi, str) and doi.startswith("10.")
        ):
            out.append(f"{where}: source needs a url (http...) or a doi (10....)")
    return out


FILES = sorted(IND_DIR.glob("*.yaml"))


def test_indicator_files_exist() -> None:
    assert len(FILES) >= 30


@pytest.mark.parametrize("path", FILES, ids=[p.stem for p in FILES])
def test_indicator_file_is_well_formed(path: Path) -> None:
    assert problems(_load(path), path.stem) == []


def test_checks_catch_bad_values() -> None:
    good = _load(IND_DIR / "za.yaml")
    assert problems(good, "za") == []
    bad: dict[str, Any] = {
        "jurisdiction": "za",
        "country": "ZW",
        "indicators": {
            "fsw_hiv_prevalence": {
                "value": 1.4,
                "year": 1980,
                "lo": 0.5,
                "hi": 0.6,
                "area": "x",
                "source": {"citation": "c", "url": None, "doi": None, "locator": ""},
            },
            "violence": {"value": 0.3, "year": 2015, "area": "x", "source": {}},
        },
    }
    found = "\n".join(problems(bad, "za"))
    for needle in ("country", "outside 0-1", "lo <= value", "year", "url", "locator", "recall"):
        assert needle in found
    assert problems({"jurisdiction": "zz"}, "zz") == ["zz: not a registry jurisdiction"]


def test_subnational_country_is_parent() -> None:
    assert _country_of("gb-sct") == "GB"
    assert _country_of("us-ny") == "US"


@pytest.mark.parametrize("path", FILES, ids=[p.stem for p in FILES])
def test_builder_loader_accepts_file(path: Path) -> None:
    """The builder's schema (swpolicy.epi.indicators) reads every shipped file without error."""
    from swpolicy.epi.indicators import read_indicators

    parsed = read_indicators(path)
    assert parsed.jurisdiction == path.stem
    assert set(parsed.indicators) == set(_load(path).get("indicators") or {})
