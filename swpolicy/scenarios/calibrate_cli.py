"""`swpolicy calibrate`: a setting's posterior beside its calibration targets.

Prints every target (observed value and 95% interval, in the units of its kind) beside the
posterior predictive median and 95% interval, flags targets whose intervals do not overlap,
and gives the sampler's diagnostics (effective draws, tempering and acceptance history). With
``--json`` the same as one JSON object::

    {"setting", "method", "status", "ess", "draws", "diagnostics",
     "targets": [{"name", "kind", "population", "year", "observed": {"value", "lo", "hi"},
                  "model": {"median", "lo", "hi"}, "used_in_fit", "likelihood", "units",
                  "missed"}]}

Units by kind (``swpolicy.epi.schema.TARGET_UNITS``): prevalence, art_coverage and the exposure
kinds (violence, police, outdoor) are fractions (0-1), incidence is new infections per person-year
at risk. ``--plot DIR`` writes the epidemic's
trajectories (HIV prevalence and incidence among FSW and clients, ART coverage, by year with
95% bands) with the targets drawn on them, as SVG and PNG.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import typer
from rich.table import Table

from swpolicy.cliutil import console, print_json, progress
from swpolicy.errors import UsageError
from swpolicy.law.cli import parse_at
from swpolicy.scenarios.executor import executor
from swpolicy.scenarios.spec import spec_from_options
from swpolicy.vocabulary import label

SCALE = {"incidence": (100.0, "/100py")}  # every other kind is a fraction, shown as %
GROUPS = (
    (True, "fitted", "Fitted targets (they weight the posterior)"),
    (False, "held_back", "Held back, not fitted (validation: the model's prediction vs the data)"),
)


def _cell(values: tuple[float, float, float], kind: str) -> str:
    factor, unit = SCALE.get(kind, (100.0, "%"))
    mid, lo, hi = (factor * v for v in values)
    return f"{mid:.1f} [{lo:.1f}, {hi:.1f}] {unit}"


def _year(year: float | tuple[float, float]) -> str:
    return f"{year[0]:g}-{year[1]:g}" if isinstance(year, tuple) else f"{year:g}"


def _table(title: str, rows: list[Any], *, fitted_rows: bool) -> Table:
    """One group of targets beside the posterior predictive; a miss is flagged in red for a
    fitted target, and said as outside the data's interval for a held-back one."""
    table = Table("target", "kind", "who", "year", "observed [95%]", "model [95%]", "", title=title)
    for r in rows:
        if r.missed:
            flag = "MISSED" if fitted_rows else "outside"
        else:
            flag = "ok" if fitted_rows else "within"
        who = "sex workers" if r.population == "fsw" else "clients"
        style = "bold red" if r.missed and fitted_rows else ("yellow" if r.missed else "")
        table.add_row(
            r.name, label("target_kind", r.kind), who, _year(r.year), _cell(r.observed, r.kind),
            _cell(r.model, r.kind), flag, style=style,
        )  # fmt: skip
    return table


def calibrate_cmd(
    setting: str = typer.Option(..., "--setting", help="A shipped id or a setting YAML file."),
    seed: int = typer.Option(1, "--seed", help="Random seed."),
    calibration: str = typer.Option(
        "smc", "--calibration", help="smc (posterior, default), or accept / weight (old)."
    ),
    draws: int = typer.Option(
        10_000, "--draws", help="SMC particles (at most 1,600), or prior draws (accept, weight)."
    ),
    workers: int | None = typer.Option(None, "--workers", help="Local Dask cluster of N."),
    scheduler: str | None = typer.Option(None, "--scheduler", help="Dask cluster address."),
    json: bool = typer.Option(False, "--json", help="Print machine-readable JSON."),
    plot: Path | None = typer.Option(None, "--plot", help="Write trajectory charts to DIR."),
) -> None:
    """Calibrate a setting (and cache it): each target beside the posterior predictive."""
    from swpolicy import charts
    from swpolicy.epi.posterior import target_rows, trajectory_bands, trajectory_chart
    from swpolicy.epi.settings import load as load_setting
    from swpolicy.scenarios.calibrated import fit_tasks, fitted
    from swpolicy.scenarios.cli import check_workers
    from swpolicy.scenarios.run import engine_for

    if plot is not None and plot.exists() and not plot.is_dir():
        raise UsageError(f"--plot: {plot} exists and is not a folder")
    spec = spec_from_options(
        {
            "setting": setting,
            "start": parse_at(None),
            "draws": draws,
            "seed": seed,
            "calibration": calibration,
        }
    )
    chosen = load_setting(spec.setting)
    with (
        executor(check_workers(workers), scheduler) as ex,
        progress(fit_tasks(spec.draws, ex), "calibrate") as tick,
    ):
        fit = fitted(
            engine_for(spec.engine),
            chosen,
            seed=spec.seed,
            draws=spec.draws,
            method=spec.calibration,
            executor=ex,
            tick=tick,
        )
    rows = target_rows(chosen.targets, fit.predictions, fit.weights) if fit.n_used else []
    if plot is not None and fit.n_used:
        bands = trajectory_bands(fit.times, fit.paths, fit.weights)
        chart = trajectory_chart(chosen.label, bands, chosen.targets)
        try:
            for suffix in (".svg", ".png"):
                charts.save(chart, plot / f"calibration-{chosen.name}{suffix}")
        except (OSError, ValueError) as exc:
            raise UsageError(f"--plot: cannot write to {plot}: {exc}") from None
    body: dict[str, Any] = {
        "setting": chosen.name,
        "method": fit.method,
        "status": fit.status,
        "problems": list(fit.problems),
        "ess": fit.ess,
        "draws": fit.draws,
        "diagnostics": fit.diagnostics,
        "targets": [r.as_dict() for r in rows],
        **{key: [r.as_dict() for r in rows if r.used_in_fit == used] for used, key, _ in GROUPS},
    }
    if json:
        print_json(body)
        return
    console.print(f"[bold]{chosen.label}: {fit.note}[/]", highlight=False)
    for used, _, heading in GROUPS:
        group = [r for r in rows if r.used_in_fit == used]
        if group:
            console.print(_table(heading, group, fitted_rows=used))
        elif not used:
            console.print("[dim]No held-back targets: every target is fitted.[/]")
    diag = fit.diagnostics
    if "temperatures" in diag:
        temps = ", ".join(f"{t:.3g}" for t in diag["temperatures"])
        accept = ", ".join(f"{a:.2f}" for a in diag["acceptance"])
        console.print(f"Tempering: {temps}; acceptance per step: {accept}", highlight=False)
    console.print(
        f"Effective posterior draws: {fit.ess:.0f}; model evaluations: {diag['evaluations']}; "
        f"the calibration took {diag['seconds']:.0f} s when computed (reused from the cache "
        "when already done)",
        highlight=False,
    )
    if fit.status != "ok":
        console.print(f"[bold red]Calibration {fit.status}:[/] " + "; ".join(fit.problems))
