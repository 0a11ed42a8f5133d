"""The report builder on tiny inputs: every section present, numbers from the model, families
from `classify`, references from the data, offline, accessible and deterministic."""

from __future__ import annotations

import itertools
import re
import zlib
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest

from swpolicy.law import classify, load
from swpolicy.report.build import Written, build
from swpolicy.report.charts import PALETTE
from swpolicy.report.laws import FAMILY_SCHEME
from swpolicy.report.render import TEMPLATES, write_pdf
from swpolicy.scenarios.assumptions import named
from swpolicy.scenarios.simulate import simulate
from swpolicy.vocabulary import label
from tests.report.conftest import small_options
from tests.report.htmlcheck import external_loads, parse

SECTIONS = (
    "summary",
    "limitations",
    "map",
    "outcomes",
    "critics",
    "lancet",
    "sensitivity",
    "tables",
    "laws",
    "assumptions",
    "glossary",
    "references",
)


def test_writes_one_html_file_with_every_section(small_report: Written, small_html: str) -> None:
    assert small_report.html.name == "index.html"
    assert small_report.pdf is None
    assert sorted(p.name for p in small_report.html.parent.iterdir()) == ["index.html"]
    assert small_html.startswith("<!DOCTYPE html>")
    assert small_html.rstrip().endswith("</html>")
    ids = {el.attrs.get("id") for el in parse(small_html).elements}
    for section in SECTIONS:
        assert section in ids, section
    # The map; per setting the paired changes and trajectories; the calibration fit; the
    # comparison; the Lancet table; one sensitivity chart per setting.
    assert small_html.count("<svg") == 7
    for law_id in ("nz", "se", "de", "gb-eaw", "ke", "ca"):
        assert f'id="law-{law_id}"' in small_html, law_id


def test_families_come_from_classify(small_html: str) -> None:
    """Each law sits under the family heading its NSWP classification gives."""
    headings = parse(small_html).headings
    family = None
    seen = {}
    for level, text in headings:
        if level == 3 and text.startswith("Family: "):
            family = text.removeprefix("Family: ")
        elif level == 4 and family is not None:
            seen[text.rsplit(" ", 1)[1]] = family  # "<name> <code>id</code>"
    assert set(seen) == {"nz", "se", "de", "gb-eaw", "ke", "ca"}
    for law_id, shown in seen.items():
        regime = classify(load(law_id), FAMILY_SCHEME, date(2024, 1, 1)).regime
        assert shown == label("regime", regime), law_id


def test_outcome_numbers_are_the_models(small_html: str) -> None:
    """The table cell for a law and metric is simulate()'s median and interval."""
    opts = small_options()
    laws = [load(i) for i in ("ke", "gb-eaw", "se", "de", "nz", "ca")]
    sim = simulate(
        "vancouver", laws, at=opts.at, years=opts.years, draws=opts.draws, seed=opts.seed
    )
    med, lo, hi = sim.summary("nz", "violence_incidents")
    row = re.search(r">sexual violence</th>(.*?)</tr>", small_html, re.S)
    assert row is not None
    assert f"{med:.1f} [{lo:.1f}, {hi:.1f}]" in row.group(1)


def test_lancet_misses_are_flagged(small_html: str) -> None:
    section = small_html.split('id="lancet"', 1)[1].split("</section>", 1)[0]
    rows = re.findall(
        r"<tr( class=\"miss\")?><th scope=\"row\">Vancouver, Canada</th>(.*?)</tr>", section
    )
    assert rows, "no Lancet rows for vancouver"
    for miss_class, cells in rows:
        assert ("<strong>MISS</strong>" in cells) == bool(miss_class)
    count = re.search(r"(\d+) of (\d+) comparable", section)
    assert count is not None
    assert int(count.group(1)) == sum(1 for m, _ in rows if m)


def test_assumptions_and_references_come_from_the_data(small_html: str) -> None:
    chosen = named("default")
    section = small_html.split('id="assumptions"', 1)[1].split("</section>", 1)[0]
    for effect in chosen.effects:
        assert f"<code>{effect.id}</code>" in section
    for eid in chosen.describe()["evidence"]:
        entry = chosen.registry.get(eid)
        assert f"<code>{eid}</code>" in section
        assert entry.claim.replace("_", " ") in section
    refs = small_html.split('id="references"', 1)[1]
    snap = load("nz").at("2024-01-01")
    for pv in snap.values():
        for cite in pv.citations:
            assert cite.title.replace("'", "&#39;") in refs, cite.title
    # The critics' switch is explained with the links only that set has.
    assert "market_organisation_grows" in small_html.split('id="critics"', 1)[1]


def test_no_external_resource_loads(small_html: str) -> None:
    assert external_loads(small_html) == []
    # Plain reference links are allowed and present.
    assert re.search(r'<a href="https?://', small_html)


def test_the_offline_check_catches_loads() -> None:
    bad = [
        '<script src="https://cdn.example.org/x.js"></script>',
        '<link rel="stylesheet" href="https://example.org/a.css">',
        '<img src="http://example.org/a.png" alt="">',
        '<svg><image xlink:href="https://example.org/a.png"/></svg>',
        "<style>@font-face { src: url(https://example.org/f.woff) }</style>",
        '<div style="background: url(//example.org/b.png)"></div>',
    ]
    for snippet in bad:
        assert external_loads(f"<html><body>{snippet}</body></html>"), snippet
    assert external_loads('<p><a href="https://example.org">ok</a></p>') == []


def test_accessibility_basics(small_html: str) -> None:
    doc = parse(small_html)
    html_el = next(el for el in doc.elements if el.tag == "html")
    assert html_el.attrs.get("lang") == "en"
    levels = [level for level, _ in doc.headings]
    assert levels[0] == 1 and levels.count(1) == 1
    for prev, cur in itertools.pairwise(levels):
        assert cur <= prev + 1, f"heading jumps from h{prev} to h{cur}"
    ths = [el for el in doc.elements if el.tag == "th"]
    assert ths and all(el.attrs.get("scope") in ("col", "row") for el in ths)
    # Charts are images; the world map is a group of links with a label (and a text list).
    svgs = [el for el in doc.elements if el.tag == "svg"]
    maps = [el for el in svgs if "world-map" in el.attrs.get("class", "")]
    assert len(maps) == 1 and maps[0].attrs.get("role") == "group" and maps[0].attrs["aria-label"]
    assert all(el.attrs.get("role") == "img" for el in svgs if el not in maps)
    titles = [el for el in doc.elements if el.tag == "title" and el.attrs.get("id")]
    assert len(titles) == small_html.count("<svg") - 1
    ids = [el.attrs["id"] for el in doc.elements if "id" in el.attrs]
    assert len(ids) == len(set(ids)), "duplicate ids (e.g. two charts' clip paths)"


def _luminance(hex_colour: str) -> float:
    rgb = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in rgb]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def test_text_colours_have_aa_contrast_on_white() -> None:
    css = (TEMPLATES / "report.css").read_text(encoding="utf-8")
    colours = re.findall(r"--(?:ink|muted|accent|bad|good):\s*(#[0-9a-fA-F]{6})", css)
    assert len(colours) == 5
    for colour in colours:
        ratio = 1.05 / (_luminance(colour) + 0.05)
        assert ratio >= 4.5, (colour, ratio)


def test_same_seed_same_report(small_html: str, tmp_path: Path) -> None:
    again = build(small_options(), tmp_path / "same").html.read_text(encoding="utf-8")
    # (That the seed is used at all is shown by test_outcome_numbers_are_the_models.)
    assert again == small_html


def test_chart_colours_have_graphics_contrast_on_white() -> None:
    for colour in PALETTE:
        assert 1.05 / (_luminance(colour) + 0.05) >= 3.0, colour


def _inflated(data: bytes) -> bytes:
    """The PDF with its compressed streams (object streams hold the catalogue) inflated."""
    out = [data]
    for stream in re.findall(rb"stream\r?\n(.*?)\r?\nendstream", data, re.S):
        try:
            out.append(zlib.decompress(stream))
        except zlib.error:
            continue
    return b"\n".join(out)


def test_pdf_of_the_same_content(small_html: str, tmp_path: Path) -> None:
    pdf = write_pdf(small_html, tmp_path / "report.pdf")
    data = _inflated(pdf.path.read_bytes())
    assert data[:5] == b"%PDF-"
    assert len(data) > 10_000
    # Tagged for screen readers (PDF/UA): a structure tree, marked content, the document's
    # language and its title shown in the window.
    assert b"/StructTreeRoot" in data
    assert b"/MarkInfo" in data and b"/Marked true" in data
    assert b"/Lang" in data
    # The appendices start after the report proper, on a page of their own count.
    assert 0 < pdf.before_appendices < pdf.pages


def test_out_must_be_a_directory(tmp_path: Path) -> None:
    from swpolicy.errors import UsageError

    afile = tmp_path / "file.html"
    afile.write_text("x", encoding="utf-8")
    with pytest.raises(UsageError, match="not a directory"):
        build(small_options(), afile)


def test_bad_requests_fail_before_any_model_run() -> None:
    from swpolicy.errors import UsageError
    from swpolicy.report.build import compute

    def never(label: str, total: int) -> Callable[[int], None]:
        raise AssertionError(f"stage {label!r} started although the request was bad")

    with pytest.raises(UsageError, match="must start after"):
        compute(small_options(at=date(1980, 1, 1)), never)
    with pytest.raises(UsageError, match="unknown setting"):
        compute(small_options(settings=("atlantis",)), never)
    with pytest.raises(UsageError, match="years"):
        compute(small_options(years=0.5), never)
