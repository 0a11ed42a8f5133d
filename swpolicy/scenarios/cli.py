"""`swpolicy simulate` and `swpolicy sensitivity`: laws and bills through the epidemic model."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.table import Table

from swpolicy.cliutil import console, guarded, print_json, progress
from swpolicy.errors import UsageError
from swpolicy.law.cli import parse_at, resolve
from swpolicy.scenarios.assumptions import resolve as resolve_assumptions
from swpolicy.scenarios.executor import executor
from swpolicy.scenarios.metrics import PER_1000, get
from swpolicy.scenarios.results import RunResult
from swpolicy.scenarios.run import run, tasks_needed
from swpolicy.scenarios.spec import RunSpec, load_spec, spec_from_options

SETTING = typer.Option(
    None,
    "--setting",
    help="Setting: a shipped id (see `swpolicy settings`) or a setting YAML file.",
)
AT = typer.Option(None, "--at", help="Law date and projection start (YYYY-MM-DD); default today.")
YEARS = typer.Option(None, "--years", help="Projection horizon in years [default: 10].")
DRAWS = typer.Option(None, "--draws", help="Draws before calibration [default: 10000].")
SEED = typer.Option(None, "--seed", help="Random seed (same seed, same results) [default: 1].")
ASSUME = typer.Option(None, "--assume", help="Assumption file (YAML) overriding links or numbers.")
ASSUMPTIONS = typer.Option(
    None, "--assumptions", help="Assumption set: default, critics, or a YAML file."
)
WORKERS = typer.Option(None, "--workers", help="Run on a local Dask cluster of N worker processes.")
SCHEDULER = typer.Option(
    None, "--scheduler", help="Run on an existing Dask cluster (tcp://host:port)."
)
JSON = typer.Option(False, "--json", help="Print machine-readable JSON.")


def pick_assumptions(assumptions: str | None, assume: Path | None) -> str | None:
    if assumptions and assume:
        raise UsageError("give --assumptions or --assume, not both")
    return str(assume) if assume else assumptions


def build_spec(
    spec_file: Path | None,
    *,
    setting: str | None,
    laws: list[str],
    at: str | None,
    years: float | None,
    draws: int | None,
    seed: int | None,
    assumptions: str | None,
) -> RunSpec:
    """The run spec from a file (--spec) or from the options; not both."""
    if spec_file is not None:
        options = (setting, at, years, draws, seed, assumptions)
        if laws or any(v is not None for v in options):
            raise UsageError("give --spec or the run options (--setting, --law, ...), not both")
        return load_spec(spec_file)
    if setting is None:
        raise UsageError("give --setting (or --spec)")
    if not laws:
        raise UsageError("give at least one --law or --reform")
    fields: dict[str, object] = {"setting": setting, "laws": tuple(laws), "start": parse_at(at)}
    for key, value in (("years", years), ("draws", draws), ("seed", seed)):
        if value is not None:
            fields[key] = value
    if assumptions is not None:
        fields["assumptions"] = assumptions
    return spec_from_options(fields)


def simulate_cmd(
    setting: str | None = SETTING,
    law: list[str] = typer.Option([], "--law", help="Jurisdiction id or law/bill YAML (repeat)."),
    reform: Path | None = typer.Option(None, "--reform", help="A bill YAML to add as a law."),
    at: str | None = AT,
    years: float | None = YEARS,
    draws: int | None = DRAWS,
    seed: int | None = SEED,
    assume: Path | None = ASSUME,
    assumptions: str | None = ASSUMPTIONS,
    spec_file: Path | None = typer.Option(None, "--spec", help="Run a saved run spec (YAML)."),
    save_spec: Path | None = typer.Option(None, "--save-spec", help="Write the run spec here."),
    workers: int | None = WORKERS,
    scheduler: str | None = SCHEDULER,
    json: bool = JSON,
) -> None:
    """Project HIV, violence, arrests and ART coverage under each law, with 95% intervals.

    All laws run on the same draws (common random numbers); infections averted are counted
    against the setting's own current law, which is always included.
    """
    refs = [*law, *([str(reform)] if reform is not None else [])]
    spec = build_spec(
        spec_file,
        setting=setting,
        laws=refs,
        at=at,
        years=years,
        draws=draws,
        seed=seed,
        assumptions=pick_assumptions(assumptions, assume),
    )
    if save_spec is not None:
        spec.save(save_spec)
    with (
        executor(check_workers(workers), scheduler) as ex,
        progress(tasks_needed(spec, ex), "simulate") as tick,
    ):
        result = run(spec, executor=ex, tick=tick)
    if json:
        print_json(result.rows())
        return
    show_simulation(result)


def show_simulation(result: RunResult) -> None:
    table = Table(
        "outcome",
        *[r.name for r in result.results],
        title=(
            f"{result.label}: {result.start} + {result.years:g} years, median [95% interval] "
            f"(reference: {result.result(result.reference).name})"
        ),
    )
    for metric in result.metric_ids:
        cells = []
        for res in result.results:
            med, lo, hi = result.summary(res.law_id, metric)
            cells.append(f"{med:.1f} [{lo:.1f}, {hi:.1f}]")
        table.add_row(get(metric).short, *cells)
    console.print(table)
    console.print(f"[dim]Counts are {PER_1000}; intervals are 95%.[/]", highlight=False)
    a = result.assumptions
    console.print(
        f"Assumptions: [bold]{a['name']}[/] ({len(a['effects'])} links: "
        f"{', '.join(a['effects'])})" + (f"; overrides: {a['overrides']}" if a["overrides"] else "")
    )
    console.print(f"Calibration: {result.calibration}")


def sensitivity_cmd(
    setting: str = SETTING,
    law: list[str] = typer.Option(..., "--law", help="Law A then law B (ids or YAML paths)."),
    method: str = typer.Option("sobol", "--method", help="sobol (SALib) or prcc."),
    metric: str = typer.Option("hiv_infections", "--metric", help="Output compared (A - B)."),
    relative: bool = typer.Option(False, "--relative", help="Compare (A - B) as % of B."),
    samples: int = typer.Option(256, "--samples", help="Base sample size (Sobol' N)."),
    at: str | None = AT,
    years: float | None = YEARS,
    draws: int | None = DRAWS,
    seed: int | None = SEED,
    assume: Path | None = ASSUME,
    assumptions: str | None = ASSUMPTIONS,
    plot_file: Path | None = typer.Option(None, "--plot", help="Write a bar chart (PNG/SVG)."),
    workers: int | None = WORKERS,
    scheduler: str | None = SCHEDULER,
    json: bool = JSON,
) -> None:
    """Rank the assumptions by how much they move the difference between two laws."""
    from swpolicy.scenarios.sensitivity import Method, plot, sensitivity

    if len(law) != 2:
        raise UsageError("give exactly two laws: --law A --law B")
    spec = build_spec(
        None,
        setting=setting,
        laws=law,
        at=at,
        years=years,
        draws=draws,
        seed=seed,
        assumptions=pick_assumptions(assumptions, assume),
    )
    chosen = resolve_assumptions(spec.assumptions)
    law_a, law_b = (resolve(i) for i in law)
    if plot_file is not None and (plot_file.is_dir() or plot_file.suffix not in (".png", ".svg")):
        raise UsageError(f"--plot: expected a .png or .svg file name, not {plot_file}")
    chosen_method: Method
    if method == "sobol":
        chosen_method = "sobol"
    elif method == "prcc":
        chosen_method = "prcc"
    else:
        raise UsageError(f"unknown method {method!r}; expected sobol or prcc")
    with executor(check_workers(workers), scheduler) as ex, progress(1, "sensitivity"):
        result = sensitivity(
            spec.setting,
            law_a,
            law_b,
            method=chosen_method,
            samples=samples,
            metric=metric,
            relative=relative,
            at=spec.start,
            years=spec.years,
            draws=spec.draws,
            seed=spec.seed,
            assumptions=chosen,
            executor=ex,
        )
    if plot_file is not None:
        try:
            plot(result, plot_file)
        except (OSError, ValueError) as exc:
            raise UsageError(f"--plot: cannot write {plot_file}: {exc}") from None
    if json:
        print_json(result.as_dict())
        return
    key = "ST" if result.method == "sobol" else "PRCC"
    table = Table(
        "rank",
        "factor",
        key,
        "what it is",
        title=(
            f"{result.setting}: what drives {result.metric} under {result.law_a} minus "
            f"{result.law_b} ({result.method}, {result.runs} runs)"
        ),
    )
    for row in result.rows:
        style = "" if row["above_dummy"] else "dim"
        table.add_row(str(row["rank"]), row["factor"], f"{row[key]:.3f}", row["label"], style=style)
    console.print(table)
    console.print(
        "[dim]Dimmed rows are no larger than the dummy input's: not told apart from no effect.[/]"
    )
    console.print(f"Assumptions: [bold]{result.assumptions['name']}[/]")


def check_workers(workers: int | None) -> int | None:
    """--workers must be a small positive number of processes."""
    if workers is not None and not 1 <= workers <= 256:
        raise UsageError(f"--workers must be between 1 and 256, not {workers}")
    return workers


def register(app: typer.Typer) -> None:
    """Add `simulate` (and `sensitivity`) to the top-level app."""
    app.command("simulate")(guarded(simulate_cmd))
    app.command("sensitivity")(guarded(sensitivity_cmd))
