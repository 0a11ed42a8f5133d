"""Benchmark: the vectorised RK4 ensemble against a per-draw scipy ``solve_ivp`` loop.

Both integrate the same model (``swpolicy.epi.model.rhs``) on the same draws (named streams) of
the Mombasa setting from its start year to 2024. ``solve_ivp`` (RK45, rtol=atol=1e-8) runs on
a subset of draws and its time is scaled to all draws. Agreement is the maximum relative
difference in FSW HIV prevalence at yearly points (prevalence > 1e-3). The last line printed
is one JSON object:
``{"draws", "ensemble_s", "per_draw_s", "speedup", "max_rel_diff"}``.

``--full`` also times the complete pipeline on every draw: three settings, status quo plus
each setting's scenarios through the run platform (fit, calibration, projections).

Usage: ``.venv/bin/python benchmarks/ensemble.py [--draws 10000] [--per-draw 20] [--full]``
"""

from __future__ import annotations

import argparse
import json
import time

import numpy as np
from scipy.integrate import solve_ivp

from swpolicy.epi.build import build_params
from swpolicy.epi.engine import draw_parameters
from swpolicy.epi.model import ModelParams, initial_state, integrate, rhs
from swpolicy.epi.settings import load as load_setting
from swpolicy.epi.structure import CUM, N_FSW, S
from swpolicy.scenarios.lancet import lancet_settings, run_setting
from swpolicy.streams import draw_range

T_END = 2024.0


def _fsw_prev(ys: np.typing.NDArray[np.float64]) -> np.typing.NDArray[np.float64]:
    fsw = ys[:, :N_FSW, :CUM]
    out: np.typing.NDArray[np.float64] = 1 - fsw[:, :, S].sum(axis=1) / fsw.sum(axis=(1, 2))
    return out


def per_draw(p: ModelParams, t0: float, times: np.typing.NDArray[np.float64]) -> list[np.ndarray]:
    """FSW prevalence per draw from solve_ivp, one draw at a time."""
    y0 = initial_state(p)
    out = []
    for d in range(p.draws):
        pd = p.select(np.array([d]))
        shape = y0[d : d + 1].shape

        def f(
            t: float, v: np.ndarray, pd: ModelParams = pd, shape: tuple[int, ...] = shape
        ) -> np.ndarray:
            return rhs(t, v.reshape(shape), pd).ravel()

        sol = solve_ivp(f, (t0, T_END), y0[d].ravel(), t_eval=times, rtol=1e-8, atol=1e-8)
        out.append(_fsw_prev(sol.y.T.reshape(len(times), *shape[1:])))
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--draws", type=int, default=10_000)
    ap.add_argument("--per-draw", type=int, default=20, help="draws integrated with solve_ivp")
    ap.add_argument("--seed", type=int, default=2015)
    ap.add_argument("--full", action="store_true", help="also time 3 settings x all scenarios")
    args = ap.parse_args()

    setting = load_setting("mombasa")
    x = draw_parameters(setting, args.seed, draw_range(0, args.draws))
    p = build_params(setting, x)
    t0 = setting.start_year

    # Load (or compile) the numba kernel once, outside the timing: a one-off cost per install.
    start = time.perf_counter()
    two = p.select(np.arange(min(2, args.draws)))
    integrate(two, initial_state(two), t0, t0 + 1.0)
    print(f"kernel load/compile (one-off): {time.perf_counter() - start:.1f} s")

    start = time.perf_counter()
    traj = integrate(p, initial_state(p), t0, T_END, record_every=1.0)
    ensemble_s = time.perf_counter() - start

    k = min(args.per_draw, args.draws)
    start = time.perf_counter()
    ref = per_draw(p.select(np.arange(k)), t0, traj.times)
    per_draw_s = (time.perf_counter() - start) / k * args.draws

    rel = []
    for d in range(k):
        ok = ref[d] > 1e-3
        rel.append(np.max(np.abs(traj.fsw_prev[d, ok] - ref[d][ok]) / ref[d][ok]))
    if args.full:
        start = time.perf_counter()
        names = lancet_settings()
        for name in names:
            run_setting(name, args.draws, args.seed)
        full = time.perf_counter() - start
        print(f"full pipeline, {args.draws} draws x {len(names)} settings, all runs: {full:.1f} s")
    print(
        json.dumps(
            {
                "draws": args.draws,
                "ensemble_s": round(ensemble_s, 3),
                "per_draw_s": round(per_draw_s, 3),
                "speedup": round(per_draw_s / ensemble_s, 1),
                "max_rel_diff": float(f"{max(rel):.3e}"),
            }
        )
    )


if __name__ == "__main__":
    main()
