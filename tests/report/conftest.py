"""One small report built once per test session: Vancouver only, 300 draws, 3 years, 16 Sobol'
base samples. Every test reads it instead of recomputing (the model is the slow part)."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest

from swpolicy.report.build import Options, Written, compute, write
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
def small_context() -> dict[str, Any]:
    return compute(small_options())


@pytest.fixture(scope="session")
def small_report(
    small_context: dict[str, Any], tmp_path_factory: pytest.TempPathFactory
) -> Written:
    return write(small_context, tmp_path_factory.mktemp("report"))


@pytest.fixture(scope="session")
def small_html(small_report: Written) -> str:
    return Path(small_report.html).read_text(encoding="utf-8")
