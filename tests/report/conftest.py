"""One small report built once per test session: Vancouver only, 300 draws, 3 years, 16 Sobol'
base samples. Every test reads it instead of recomputing (the model is the slow part)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from swpolicy.report.build import Options, Written, build
from swpolicy.scenarios.assumptions import named


def small_options(**changes: object) -> Options:
    base: dict[str, object] = {
        "at": date(2024, 1, 1),
        "assumptions": named("default"),
        "draws": 300,
        "seed": 3,
        "years": 3.0,
        "settings": ("vancouver",),
        "samples": 16,
    }
    base.update(changes)
    return Options(**base)  # type: ignore[arg-type]


@pytest.fixture(scope="session")
def small_report(tmp_path_factory: pytest.TempPathFactory) -> Written:
    return build(small_options(), tmp_path_factory.mktemp("report"))


@pytest.fixture(scope="session")
def small_html(small_report: Written) -> str:
    return Path(small_report.html).read_text(encoding="utf-8")
