"""The shared formatter, palette, ticks and wrapping, and writing charts by file extension."""

from __future__ import annotations

import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from swpolicy.charts import (
    PALETTE,
    Bar,
    Chart,
    fmt_interval,
    fmt_number,
    nice_ticks,
    ranked_bars,
    save,
)
from swpolicy.charts.svg import CHAR_WIDTH, tick_labels, wrap


def chart() -> Chart:
    bars = [Bar("calibrated epidemic", 0.4, 0.1), Bar("dummy", 0.02, 0.01, emphasis=False)]
    return ranked_bars("Sensitivity", bars, axis_label="total Sobol' index", reference=0.03)


def test_interval_formatter_shares_decimal_places() -> None:
    assert fmt_interval(12.345, 8.1, 17.04) == "12.3 [8.1, 17.0]"
    assert fmt_interval(0.5123, 0.301, 0.7) == "0.512 [0.301, 0.700]"
    assert fmt_interval(1234.5, 1100.0, 1400.0) == "1,234 [1,100, 1,400]"
    assert fmt_interval(-3.0, -10.0, 4.0) == "-3.0 [-10.0, 4.0]"
    assert fmt_interval(None, 33.0, 46.0) == "[33.0, 46.0]"
    assert fmt_interval(0.0, 0.0, 0.0) == "0 [0, 0]"
    assert fmt_number(-0.0001, 2) == "0" and fmt_number(float("nan")) == "n/a"


def _luminance(colour: str) -> float:
    rgb = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in rgb]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def test_one_palette_with_graphics_contrast_everywhere() -> None:
    from swpolicy.report import charts as report_charts

    assert report_charts.PALETTE is PALETTE
    assert len(set(PALETTE)) == len(PALETTE)
    for colour in PALETTE:
        assert 1.05 / (_luminance(colour) + 0.05) >= 3.0, colour


def test_ticks_are_round_and_cover_the_range() -> None:
    assert nice_ticks(0, 10) == [0, 2, 4, 6, 8, 10]
    assert nice_ticks(-3.2, 41.0) == [-10, 0, 10, 20, 30, 40, 50]  # not -20 to 60
    assert nice_ticks(44, 137) == [40, 60, 80, 100, 120, 140]
    assert tick_labels([0.0, 0.25, 0.5]) == ["0", "0.25", "0.50"]
    assert tick_labels([0.0, 1000.0, 2000.0]) == ["0", "1,000", "2,000"]


@given(
    st.lists(st.text(alphabet="abcdefghij(),'", min_size=1, max_size=30), min_size=1, max_size=12),
    st.floats(min_value=60, max_value=400),
)
def test_wrapping_keeps_every_character_and_fits(words: list[str], width: float) -> None:
    text = " ".join(words)
    lines = wrap(text, width, 12.0)
    assert "".join(lines).replace(" ", "") == text.replace(" ", "")
    limit = max(4, int(width / (12.0 * CHAR_WIDTH)))
    assert all(len(line) <= limit for line in lines)


def test_svg_file_by_extension(tmp_path: Path) -> None:
    path = save(chart(), tmp_path / "sub" / "ranking.svg")
    root = ET.parse(path).getroot()
    assert root.tag.endswith("svg")
    assert path.read_text(encoding="utf-8").startswith("<?xml")
    assert sorted(p.name for p in path.parent.iterdir()) == ["ranking.svg"]


def test_png_file_by_extension_is_deterministic(tmp_path: Path) -> None:
    a = save(chart(), tmp_path / "a.PNG").read_bytes()
    b = save(chart(), tmp_path / "b.png").read_bytes()
    assert a[:8] == b"\x89PNG\r\n\x1a\n"
    assert a == b
    # Twice the canvas size in pixels (sharp on high-DPI screens).
    width = int.from_bytes(a[16:20], "big")
    assert width == round(2 * chart().width)


def test_other_extensions_are_refused_without_writing(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match=r"\.svg or \.png"):
        save(chart(), tmp_path / "ranking.pdf")
    assert list(tmp_path.iterdir()) == []


def test_importing_the_module_does_not_load_matplotlib() -> None:
    code = "import sys, swpolicy.charts; print('matplotlib' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
