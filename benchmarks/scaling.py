"""Benchmark: one run in-process, on a 1-worker and on a 2-worker local Dask cluster.

The same 10,000-draw, 3-law simulation (Mombasa, New Zealand's and Sweden's law against
Kenya's, 2026-2036) runs three ways in one process of this script, with every cache off, so each
run fits all draws:

* ``in_process``: the default executor, single-threaded (numba set to one thread, as in a
  worker), so that it measures the work Dask distributes;
* ``dask_1``: a local cluster of one single-threaded worker process;
* ``dask_2``: a local cluster of two.

Cluster start-up is outside the timings (a cluster is started once per session). Results are
compared bit for bit. The last line printed is one JSON object:
``{"draws", "in_process_s", "dask_1_s", "dask_2_s", "identical", "speedup_2_vs_1",
"overhead_1_vs_in_process"}``. Targets: ``speedup_2_vs_1 >= 1.7`` on a 2-core machine and
``overhead_1_vs_in_process <= 0.10``.

Usage: ``.venv/bin/python benchmarks/scaling.py [--draws 10000]``
"""

from __future__ import annotations

import argparse
import json
import os
import time
from datetime import date

import numpy as np

os.environ["SWPOLICY_CACHE"] = "off"  # every run fits every draw

from swpolicy.scenarios import calibrated
from swpolicy.scenarios.executor import Executor, InProcess, executor
from swpolicy.scenarios.results import RunResult
from swpolicy.scenarios.run import run
from swpolicy.scenarios.spec import RunSpec


def timed(spec: RunSpec, ex: Executor) -> tuple[float, RunResult]:
    calibrated.clear_memory()
    start = time.perf_counter()
    result = run(spec, executor=ex)
    return time.perf_counter() - start, result


def identical(a: RunResult, b: RunResult) -> bool:
    if not (np.array_equal(a.draw_ids, b.draw_ids) and np.array_equal(a.weights, b.weights)):
        return False
    return all(
        np.array_equal(x.metrics[k], y.metrics[k])
        for x, y in zip(a.results, b.results, strict=True)
        for k in x.metrics
    )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--draws", type=int, default=10_000)
    args = ap.parse_args()
    spec = RunSpec(
        setting="mombasa", laws=("nz", "se"), start=date(2026, 1, 1), draws=args.draws, seed=1
    )
    import numba

    numba.set_num_threads(1)
    local = InProcess()
    timed(spec.model_copy(update={"draws": 100}), local)  # load the compiled kernel once
    in_process_s, base = timed(spec, local)
    print(f"in-process (1 thread): {in_process_s:.2f} s")
    times: dict[int, float] = {}
    same = True
    for workers in (1, 2):
        with executor(workers=workers) as ex:
            timed(spec.model_copy(update={"draws": 100}), ex)  # warm the workers' kernels
            times[workers], result = timed(spec, ex)
        same = same and identical(base, result)
        print(f"dask, {workers} worker(s): {times[workers]:.2f} s")
    print(
        json.dumps(
            {
                "draws": args.draws,
                "in_process_s": round(in_process_s, 3),
                "dask_1_s": round(times[1], 3),
                "dask_2_s": round(times[2], 3),
                "identical": same,
                "speedup_2_vs_1": round(times[1] / times[2], 2),
                "overhead_1_vs_in_process": round(times[1] / in_process_s - 1.0, 3),
            }
        )
    )


if __name__ == "__main__":
    main()
