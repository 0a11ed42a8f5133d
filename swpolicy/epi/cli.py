"""The ``lancet`` command: reproduce Shannon et al. Lancet 2015 with calibrated ensembles.

(``settings`` and ``setting`` are in :mod:`swpolicy.epi.settings_cli`.)

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
from swpolicy.epi.lancet import Row
from swpolicy.epi.schema import EpiDataError
from swpolicy.epi.variants import EVIDENCE

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


def _ours(row: Row | None) -> str:
    if row is None:
        return "-"
    ours = f"{row.averted_median:.1f} [{row.averted_lo:.1f}, {row.averted_hi:.1f}]"
    return f"{ours} {_status(row)}" if row.miss is not None else ours


def _table(rows: list[Row]) -> Table:
    """One line per setting and scenario: each variant's result beside the published one."""
    variants = list(dict.fromkeys(r.variant for r in rows))
    table = Table(title="HIV infections averted among FSW and clients, 2014-2024 (%)")
    table.add_column("setting")
    table.add_column("scenario")
    for v in variants:
        table.add_column(f"{v}: median [95% UI]")
    table.add_column("published")
    by_key = {(r.variant, r.setting, r.scenario): r for r in rows}
    for setting, scenario in dict.fromkeys((r.setting, r.scenario) for r in rows):
        cells = [_ours(by_key.get((v, setting, scenario))) for v in variants]
        first = next(r for r in rows if (r.setting, r.scenario) == (setting, scenario))
        table.add_row(setting, scenario, *cells, _published(first))
    return table


def _moves(rows: list[Row], moved: list[Row]) -> Table:
    """Published figures: the evidence model, then each assumption alone on top of it."""
    table = Table(title="Which assumption moves which figure (evidence + one assumption, %)")
    for col in ("setting", "scenario", "evidence", "assumption alone", "median", "published"):
        table.add_column(col)
    base = {(r.setting, r.scenario): r for r in rows if r.variant == EVIDENCE}
    for r in moved:
        ev = base.get((r.setting, r.scenario))
        if not r.comparable or ev is None:
            continue
        name = r.variant.split(":", 1)[-1]
        shift = f"{r.averted_median:.1f} ({r.averted_median - ev.averted_median:+.1f})"
        table.add_row(r.setting, r.scenario, f"{ev.averted_median:.1f}", name, shift, _published(r))
    return table


def _assumptions(out: Console, variants: list[str]) -> None:
    """The closing note: every assumption a non-evidence variant adds, and what data say."""
    from swpolicy.epi.variants import load_variants

    declared = load_variants().variants
    for name in variants:
        variant = declared[name]
        if not variant.overrides:
            continue
        out.print(f"\n[bold]{name}[/]: {variant.description}", highlight=False)
        for setting, params in variant.overrides.items():
            for pname, param in params.items():
                out.print(f"  {setting}.{pname} ({param.type}): {param.note}", highlight=False)


def lancet(
    draws: int = typer.Option(
        DEFAULT_DRAWS, "--draws", callback=bounds.DRAWS.callback, help="Draws per setting."
    ),
    seed: int = typer.Option(2015, "--seed", callback=bounds.SEED.callback, help="Random seed."),
    plot: Path | None = typer.Option(None, "--plot", help="Directory to write figures to."),
    as_json: bool = typer.Option(False, "--json", help="Print machine-readable JSON."),
    calibration: str = typer.Option(
        "smc",
        "--calibration",
        help="smc (posterior), accept (draws inside all targets) or weight (likelihood).",
    ),
    variant: list[str] = typer.Option(
        [], "--variant", help="Model variant(s) to run (default: all in data/variants.yaml)."
    ),
    attribution: bool = typer.Option(
        False,
        "--attribution",
        help="Also run each replication assumption alone on the evidence model (which "
        "assumption moves which figure).",
    ),
    workers: int | None = typer.Option(
        None, "--workers", help="Run on a local Dask cluster of N worker processes."
    ),
    scheduler: str | None = typer.Option(
        None, "--scheduler", help="Run on an existing Dask cluster (tcp://host:port)."
    ),
) -> None:
    """Reproduce the Lancet 2015 scenarios (Shannon et al.) and compare with published values."""
    err = Console(stderr=True)
    methods: dict[str, Method] = {"smc": "smc", "accept": "accept", "weight": "weight"}
    if calibration not in methods:
        err.print(f"error: --calibration must be smc, accept or weight, not {calibration!r}")
        raise typer.Exit(2)
    method = methods[calibration]
    if plot is not None:
        try:
            plot.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            err.print(f"error: cannot create plot directory {plot}: {exc}")
            raise typer.Exit(2) from exc
    # The runner lives on the run platform (scenarios), a layer above the model.
    from swpolicy.scenarios.cli import check_workers
    from swpolicy.scenarios.executor import executor
    from swpolicy.scenarios.lancet import (
        attribution_runs,
        attribution_tasks,
        lancet_tasks,
        lancet_variants,
        run_lancet,
    )

    declared = lancet_variants()
    unknown = [v for v in variant if v not in declared]
    if unknown:
        err.print(f"error: unknown --variant {unknown[0]!r}; expected one of {', '.join(declared)}")
        raise typer.Exit(2)
    kinds = list(dict.fromkeys(variant)) or declared
    alone = [k for k in kinds if k != EVIDENCE] if attribution else []
    try:
        start = time.perf_counter()
        with executor(check_workers(workers), scheduler) as ex:
            units = lancet_tasks(draws, executor=ex, variants=kinds)
            units += sum(attribution_tasks(draws, k, executor=ex) for k in alone)
            with progress(units, "ensemble") as tick:
                runs, rows = run_lancet(
                    draws, seed, variants=kinds, method=method, executor=ex, tick=tick
                )
                moved = [
                    r
                    for k in alone
                    for r in attribution_runs(draws, seed, k, method=method, executor=ex, tick=tick)
                ]
        elapsed = time.perf_counter() - start
    except EpiDataError as exc:
        err.print(f"error: {exc}")
        raise typer.Exit(2) from exc
    if plot is not None:
        from swpolicy.epi.plots import plot_averted, plot_prevalence

        # The figures show the evidence model (the table and JSON have every variant).
        shown = [r for r in runs if r.variant == EVIDENCE] or runs
        plot_prevalence(shown, plot / "prevalence.png")
        plot_averted([r for r in rows if r.variant == EVIDENCE] or rows, plot / "averted.png")
    if as_json:
        print(json_text([r.to_json() for r in rows + moved], indent=None))
        return
    out = Console()
    out.width = max(out.width, 110)  # keep the table readable when piped
    out.print(_table(rows))
    if moved:
        out.print(_moves(rows, moved))
    for run in runs:
        cal = run.calibration
        note = (
            " (fallback: none within all targets; best-likelihood draws used)"
            if cal.fallback
            else ""
        )
        out.print(
            f"{run.variant} {run.setting.name}: {cal.n_within}/{run.draws} draws within "
            f"calibration targets, {cal.n_used} used ({cal.method}){note}"
        )
    _assumptions(out, kinds)
    out.print(f"runtime {elapsed:.1f} s, seed {seed}")
    if plot is not None:
        out.print(f"figures written to {plot}")


def register(app: typer.Typer) -> None:
    """Add the ``lancet`` command to ``app``."""
    app.command("lancet")(guarded(lancet))
