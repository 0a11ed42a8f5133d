"""Time the posterior calibration (tempered SMC) per setting, beside the old accept/reject.

For each setting, at the platform's defaults (every cache off), prints one JSON line:
seconds, effective posterior draws (ESS), particles, model evaluations, the tempering steps
and status; and the old accept/reject's effective draws at the same number of model
evaluations. That last figure is extrapolated from a batch of ``--batch`` prior draws (their
share inside every target times the SMC's evaluations): running as many prior draws as the SMC
evaluates would cost as much again. Accept/reject keeps equally weighted draws, so its
effective draws are the draws it keeps.

    .venv/bin/python benchmarks/calibration.py [--setting mombasa] [--batch 4000] [--seed 1]
"""

from __future__ import annotations

import argparse
import json
import os
import time

os.environ["SWPOLICY_CACHE"] = "off"  # measure the work, not the cache

from swpolicy.epi.calibrate import calibrate
from swpolicy.epi.settings import load, shipped
from swpolicy.scenarios.calibrated import evaluate, fitted
from swpolicy.scenarios.executor import InProcess
from swpolicy.scenarios.run import engine_for
from swpolicy.streams import draw_range


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--setting", action="append", help="Setting id (repeat; default all).")
    parser.add_argument("--batch", type=int, default=4000, help="Prior draws for accept/reject.")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    engine, executor = engine_for("compartmental"), InProcess()
    for name in args.setting or shipped():
        setting = load(name)
        started = time.perf_counter()
        fit = fitted(engine, setting, seed=args.seed, draws=10_000, method="smc", executor=executor)
        seconds = time.perf_counter() - started
        evaluations = int(fit.diagnostics["evaluations"])
        t0 = time.perf_counter()
        z = engine.prior(setting, args.seed, draw_range(0, args.batch))
        batch = evaluate(engine, setting, z, executor)
        accepted = calibrate(batch.predictions, setting.targets, "accept").n_within
        batch_s = time.perf_counter() - t0
        old_at_equal_evaluations = accepted / args.batch * evaluations
        line = {
            "setting": name,
            "seconds": round(seconds, 1),
            "ess": round(fit.ess, 1),
            "particles": fit.draws,
            "evaluations": evaluations,
            "steps": len(fit.diagnostics["temperatures"]) - 1,
            "status": fit.status,
            "accept_reject_kept_per_batch": f"{accepted}/{args.batch} in {batch_s:.1f} s",
            "accept_reject_ess_at_equal_evaluations": round(old_at_equal_evaluations, 1),
            # None when accept/reject keeps nothing at all (no finite ratio)
            "ratio": round(fit.ess / old_at_equal_evaluations, 2) if accepted else None,
            "load_average": round(os.getloadavg()[0], 1),
        }
        print(json.dumps(line), flush=True)


if __name__ == "__main__":
    main()
