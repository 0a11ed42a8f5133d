"""Shared helpers: a minimal valid evidence file, written with one change, and its issues."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from swpolicy.errors import InputError
from swpolicy.evidence import build_registry

# Line numbers matter: tests assert where problems are reported.
VALID = """\
theme: test
title: A test file
entries:
  - id: example_ratio
    quantity: odds of an outcome, exposed vs not
    unit: odds_ratio
    estimate: 2.0
    ci: [1.5, 2.67]
    interval: ci95
    distribution: lognormal
    population: sex workers
    setting: nowhere
    design: cohort
    type: measured
    source:
      citation: A study.
      doi: 10.1000/example
      locator: Table 2
    claim: mainstream
    direction: above 1 means more of the outcome
    note: synthetic entry for tests
"""

Writer = Callable[..., Path]


@pytest.fixture
def write(tmp_path: Path) -> Writer:
    """Write VALID with text replacements (old -> new) to a file and return its path."""

    def _write(*changes: tuple[str, str], name: str = "test.yaml", text: str = VALID) -> Path:
        for old, new in changes:
            assert old in text, old
            text = text.replace(old, new, 1)
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        return path

    return _write


def issues(*paths: Path) -> list[str]:
    """Problems as 'line:col: field: message' (file names dropped); [] when valid."""
    try:
        build_registry(paths)
    except InputError as exc:
        return [f"{i.line}:{i.col}: {i.field}: {i.message}" for i in exc.issues]
    return []
