"""The parsed-data cache of shipped law files: same laws, no trust in damaged entries."""

from __future__ import annotations

from pathlib import Path

import pytest

from swpolicy.law import registry
from swpolicy.law.registry import JURISDICTIONS_DIR, load_law_file


def _history(path: Path, monkeypatch: pytest.MonkeyPatch, folder: Path) -> object:
    monkeypatch.setenv("SWPOLICY_CACHE_DIR", str(folder))
    return registry._load_shipped(path).history()


def test_a_cached_load_gives_the_same_law_as_a_full_parse(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = JURISDICTIONS_DIR / "nz.yaml"
    first = _history(path, monkeypatch, tmp_path)  # fills the cache
    assert list((tmp_path / "law").glob("*.json"))
    second = _history(path, monkeypatch, tmp_path)  # read from it
    assert first == second == load_law_file(path).history()


def test_a_damaged_or_wrong_entry_is_never_trusted(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = JURISDICTIONS_DIR / "se.yaml"
    _history(path, monkeypatch, tmp_path)
    (entry,) = (tmp_path / "law").glob("*.json")
    entry.write_text("{not json", encoding="utf-8")
    assert _history(path, monkeypatch, tmp_path) == load_law_file(path).history()
    entry.write_text('{"id": "se"}', encoding="utf-8")  # valid JSON, invalid law
    assert _history(path, monkeypatch, tmp_path) == load_law_file(path).history()
