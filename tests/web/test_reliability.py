"""The reliability benchmark's own functions at a tiny size: no 5xx, no accepted job lost.

`benchmarks/reliability.py` is run at full size by hand (50 clients, 60 s, 5 kills); this runs
the same load and kill-and-restart code with 3 clients for 3 s and one SIGKILL (waits for the
queue to drain capped at 5 s, so jobs may still be queued or running when they are counted),
so a change that breaks the benchmark or the guarantees it measures fails `make test`.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

BENCHMARK = Path(__file__).parents[2] / "benchmarks" / "reliability.py"


def benchmark() -> ModuleType:
    spec = importlib.util.spec_from_file_location("reliability_benchmark", BENCHMARK)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up by name
    spec.loader.exec_module(module)
    return module


def test_load_and_one_kill_lose_nothing(tmp_path: Path) -> None:
    reliability = benchmark()
    # A long job small enough to rerun quickly after its retry, long enough to be killed.
    long = {**reliability.SMALL, "laws": ["nz", "se"], "years": 10, "draws": 3000}
    summary = reliability.measure(
        clients=3, seconds=3, kills=1, long=long, folder=tmp_path, settle_s=5
    )
    assert summary["requests"] > 10, summary
    assert summary["errors"] == 0 and summary["5xx"] == 0, summary
    assert summary["kills"] == 1
    assert summary["jobs_accepted"] >= 4, summary  # at least the kill round's long + 3 small
    assert summary["jobs_lost"] == 0 and summary["insensible_statuses"] == 0, summary
    assert summary["jobs_accounted_for"] == summary["jobs_accepted"]
    assert summary["bills_missing"] == 0 and summary["integrity"] == "ok", summary
    assert 0 < summary["p50_s"] <= summary["p95_s"]
