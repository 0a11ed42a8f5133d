"""`swpolicy report`: write the offline HTML report (and a PDF), with progress on stderr.

Every input is checked before the long computation starts, so a bad `--out`, `--at` or
`--assumptions` fails at once with exit code 2 and a message, never a traceback.
"""

from __future__ import annotations

import time
from dataclasses import replace
from datetime import date
from pathlib import Path

import typer
from rich.progress import (
    BarColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)

from swpolicy import bounds
from swpolicy.cliutil import console, err_console, guarded
from swpolicy.epi.settings import load as load_setting
from swpolicy.errors import UsageError
from swpolicy.law.model import as_date
from swpolicy.report.bill import BillLaws, bill_laws
from swpolicy.report.build import DEFAULT_DRAWS, Options, build, check_out_dir
from swpolicy.report.progress import Overall, expected_stages
from swpolicy.scenarios.assumptions import resolve
from swpolicy.scenarios.cli import check_workers
from swpolicy.scenarios.executor import executor
from swpolicy.scenarios.lancet import lancet_settings
from swpolicy.scenarios.place import setting_for


def report_cmd(
    out: Path = typer.Option(Path("out/report"), "--out", help="Directory to write into."),
    pdf: bool = typer.Option(False, "--pdf", help="Also write report.pdf (WeasyPrint)."),
    draws: int = typer.Option(
        DEFAULT_DRAWS,
        "--draws",
        callback=bounds.DRAWS.callback,
        help="Latin hypercube draws per setting.",
    ),
    seed: int = typer.Option(
        1, "--seed", callback=bounds.SEED.callback, help="Random seed (same seed, same report)."
    ),
    at: str | None = typer.Option(
        None,
        "--at",
        callback=bounds.PROJECTION_START.callback,
        help="Law date and projection start (YYYY-MM-DD); default today.",
    ),
    assumptions: str = typer.Option(
        "default", "--assumptions", help="Assumption set: default, critics, or a YAML file."
    ),
    setting: list[str] = typer.Option(
        [],
        "--setting",
        help=(
            "Setting id or setting YAML file (repeat); default: the three settings of the "
            "Lancet 2015 reproduction (`swpolicy settings list` shows every setting)."
        ),
    ),
    bill: Path | None = typer.Option(
        None, "--bill", help="A bill file: report it against its own base law."
    ),
    workers: int | None = typer.Option(
        None, "--workers", help="Run on a local Dask cluster of N worker processes."
    ),
    scheduler: str | None = typer.Option(
        None, "--scheduler", help="Run on an existing Dask cluster (tcp://host:port)."
    ),
) -> None:
    """Write a self-contained HTML report comparing regime families in each setting.

    Findings first: a summary generated from the results, limitations, a world map, changes
    against the current law with 95% intervals, trajectories, default vs critics' assumptions,
    the Lancet 2015 reproduction and sensitivity in words; then appendices (tables, laws,
    assumptions, glossary, references). With --bill, the bill against its own base law, in its
    own place (its jurisdiction's setting, else one built from indicators) unless --setting is
    given; the report says when the setting is built or borrowed. Works offline.
    """
    try:
        on = as_date(at)
    except ValueError as exc:
        raise UsageError(f"--at: {exc}") from None
    chosen = resolve(assumptions)
    reform = None if bill is None else bill_laws(str(bill), on)  # bad or not yet in force: now
    settings = report_settings(tuple(setting), reform, on)
    for ref in settings:
        load_setting(ref)  # a bad id or file fails now, not after the first stage
    check_out_dir(out)
    start = time.perf_counter()
    bill_file = None if bill is None else str(bill)
    opts = Options(on, chosen, draws, seed, settings=settings, bill=bill_file)
    with (
        Progress(
            TextColumn("[bold]{task.description:<40}"),
            BarColumn(),
            TextColumn("{task.percentage:>3.0f}%"),
            TimeElapsedColumn(),
            TextColumn("estimate"),
            TimeRemainingColumn(),
            console=err_console,
        ) as bar,
        executor(check_workers(workers), scheduler) as ex,
    ):
        overall = Overall(bar, expected_stages(opts, pdf))
        written = build(replace(opts, executor=ex), out, pdf=pdf, on_stage=overall.on_stage)
        overall.finish()
    elapsed = time.perf_counter() - start
    console.print(f"report: {written.html} ({written.html_bytes / 1024:.0f} KiB)")
    if written.pdf is not None:
        console.print(
            f"pdf:    {written.pdf} ({written.pdf.stat().st_size / 1024:.0f} KiB, "
            f"{written.pages} pages, {written.before_appendices} before the appendices)"
        )
    err_console.print(f"[dim]finished in {elapsed:.0f} s[/]")


def report_settings(given: tuple[str, ...], reform: BillLaws | None, on: date) -> tuple[str, ...]:
    """The settings a report runs in: those given, else the Lancet 2015 settings, with a bill's
    own place first (its calibrated setting, else the one built for its jurisdiction)."""
    if given:
        return given
    if reform is None:
        return tuple(lancet_settings())
    own = setting_for(reform.base, on).setting
    return (own, *[s for s in lancet_settings() if s != own])


def register(app: typer.Typer) -> None:
    """Add the `report` command to the top-level app."""
    app.command("report")(guarded(report_cmd))
