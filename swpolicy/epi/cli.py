"""The ``lancet`` command: reproduce Shannon et al. Lancet 2015 with calibrated ensembles.

``register(app)`` adds the command to a Typer app (the lead calls it from ``swpolicy/cli.py``).
Human output is a rich table on stdout; ``--json`` prints plain JSON; progress goes to stderr.
"""

from __future__ import annotations

import time
from pathlib import Path

import typer
from rich.console import Console
from rich.table import Table

from swpolicy import bounds
from swpolicy.cliutil import guarded, json_text, progress
from swpolicy.epi.calibrate import Method
from swpolicy.epi.ensemble import steps_needed
from swpolicy.epi.lancet import Row, run_lancet
from swpolicy.epi.schema import SETTINGS, EpiDataError, load_scenarios, load_setting

DEFAULT_DRAWS = 10_000


def _status(row: Row) -> str:
    if row.miss is None:
        return "[dim]not published[/dim]"
    return "[red]MISS[/red]" if row.miss else "[green]ok[/green]"


def _published(row: Row) -> str:
    if row.published_lo is None:
        return "-"
    if row.published is None:
        return f"range {row.published_lo:g}-{row.published_hi:g}"
    return f"{row.published:g} [{row.published_lo:g}, {row.published_hi:g}]"


def _table(rows: list[Row]) -> Table:
    table = Table(title="HIV infections averted among FSW and clients, 2014-2024 (%)")
    for col in ("setting", "scenario", "ours: median [95% UI]", "published", "gap", "status"):
        table.add_column(col)
    for r in rows:
        gap = "-" if r.gap is None else f"{r.gap:+.1f}"
        ours = f"{r.averted_median:.1f} [{r.averted_lo:.1f}, {r.averted_hi:.1f}]"
        table.add_row(r.setting, r.scenario, ours, _published(r), gap, _status(r))
    return table


def lancet(
    draws: int = typer.Option(
        DEFAULT_DRAWS,
        "--draws",
        callback=bounds.LANCET_DRAWS.callback,
        help="Latin hypercube draws per setting.",
    ),
    seed: int = typer.Option(2015, "--seed", callback=bounds.SEED.callback, help="Random seed."),
    plot: Path | None = typer.Option(None, "--plot", help="Directory to write figures to."),
    as_json: bool = typer.Option(False, "--json", help="Print machine-readable JSON."),
    calibration: str = typer.Option(
        "accept", "--calibration", help="accept (draws inside all targets) or weight (likelihood)."
    ),
) -> None:
    """Reproduce the Lancet 2015 scenarios (Shannon et al.) and compare with published values."""
    err = Console(stderr=True)
    if calibration not in ("accept", "weight"):
        err.print(f"error: --calibration must be 'accept' or 'weight', not {calibration!r}")
        raise typer.Exit(2)
    method: Method = "weight" if calibration == "weight" else "accept"
    if plot is not None:
        try:
            plot.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            err.print(f"error: cannot create plot directory {plot}: {exc}")
            raise typer.Exit(2) from exc
    try:
        scenarios = load_scenarios()
        total = sum(steps_needed(load_setting(s), scenarios, 1 / 12) for s in SETTINGS)
        start = time.perf_counter()
        with progress(total, "ensemble") as tick:
            runs, rows = run_lancet(draws, seed, method=method, tick=tick)
        elapsed = time.perf_counter() - start
    except EpiDataError as exc:
        err.print(f"error: {exc}")
        raise typer.Exit(2) from exc
    if plot is not None:
        from swpolicy.epi.plots import plot_averted, plot_prevalence

        plot_prevalence(runs, plot / "prevalence.png")
        plot_averted(rows, plot / "averted.png")
    if as_json:
        print(json_text([r.to_json() for r in rows], indent=None))
        return
    out = Console()
    out.width = max(out.width, 110)  # keep the table readable when piped
    out.print(_table(rows))
    for run in runs:
        cal = run.calibration
        note = (
            " (fallback: none within all targets; best-likelihood draws used)"
            if cal.fallback
            else ""
        )
        out.print(
            f"{run.setting.name}: {cal.n_within}/{run.samples['beta_mf'].size} draws within "
            f"calibration targets, {cal.n_used} used ({cal.method}){note}"
        )
    out.print(f"runtime {elapsed:.1f} s, seed {seed}")
    if plot is not None:
        out.print(f"figures written to {plot}")


def register(app: typer.Typer) -> None:
    """Add the ``lancet`` command to ``app``."""
    app.command("lancet")(guarded(lancet))
