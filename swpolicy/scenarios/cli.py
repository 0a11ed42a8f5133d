"""`swpolicy simulate` and `swpolicy sensitivity`: laws and bills through the epidemic model."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.table import Table

from swpolicy import bounds
from swpolicy.cliutil import console, guarded, print_json, progress, require_finite
from swpolicy.errors import UsageError
from swpolicy.law.bills import load_bill
from swpolicy.law.cli import parse_at, resolve
from swpolicy.law.model import Law
from swpolicy.scenarios.assumptions import Assumptions
from swpolicy.scenarios.assumptions import resolve as resolve_assumptions
from swpolicy.scenarios.simulate import METRICS, Simulation, simulate, steps

SETTING = typer.Option(..., "--setting", help="Setting: mombasa, vancouver or bellary.")
AT = typer.Option(
    None,
    "--at",
    callback=bounds.PROJECTION_START.callback,
    help=f"Law date and projection start (YYYY-MM-DD, until {bounds.LATEST_START}); default today.",
)
YEARS = typer.Option(
    10.0, "--years", callback=bounds.YEARS.callback, help="Projection horizon in years (1-50)."
)
DRAWS = typer.Option(
    10_000,
    "--draws",
    callback=bounds.DRAWS.callback,
    help=f"Latin hypercube draws before calibration (100-{bounds.MAX_DRAWS}).",
)
SEED = typer.Option(
    1, "--seed", callback=bounds.SEED.callback, help="Random seed (same seed, same results)."
)
ASSUME = typer.Option(None, "--assume", help="Assumption file (YAML) overriding links or numbers.")
ASSUMPTIONS = typer.Option(
    None, "--assumptions", help="Assumption set: default, critics, or a YAML file."
)
JSON = typer.Option(False, "--json", help="Print machine-readable JSON.")


def pick_assumptions(assumptions: str | None, assume: Path | None) -> Assumptions:
    if assumptions and assume:
        raise UsageError("give --assumptions or --assume, not both")
    return resolve_assumptions(str(assume) if assume else assumptions)


def gather_laws(ids: list[str], reform: Path | None) -> list[Law]:
    laws = [resolve(i) for i in ids]
    if reform is not None:
        laws.append(load_bill(reform).apply())
    if not laws:
        raise UsageError("give at least one --law or --reform")
    return laws


def simulate_cmd(
    setting: str = SETTING,
    law: list[str] = typer.Option([], "--law", help="Jurisdiction id or law/bill YAML (repeat)."),
    reform: Path | None = typer.Option(None, "--reform", help="A bill YAML to add as a law."),
    at: str | None = AT,
    years: float = YEARS,
    draws: int = DRAWS,
    seed: int = SEED,
    assume: Path | None = ASSUME,
    assumptions: str | None = ASSUMPTIONS,
    json: bool = JSON,
) -> None:
    """Project HIV, violence, arrests and ART coverage under each law, with 95% intervals.

    All laws run on the same draws (common random numbers); infections averted are counted
    against the setting's own current law, which is always included.
    """
    chosen = pick_assumptions(assumptions, assume)
    laws = gather_laws(law, reform)
    on = parse_at(at)
    total = (
        steps(len(laws), setting, at, years)
        if setting in ("mombasa", "vancouver", "bellary")
        else 1
    )
    with progress(total, "simulate") as tick:
        result = simulate(
            setting,
            laws,
            at=on,
            years=years,
            draws=draws,
            seed=seed,
            assumptions=chosen,
            tick=tick,
        )
    require_finite(result.rows())
    if json:
        name = result.assumptions["name"]
        print_json([{**row, "assumptions": name} for row in result.rows()])
        return
    show_simulation(result)


def show_simulation(result: Simulation) -> None:
    table = Table(
        "metric",
        *[r.law_id for r in result.results],
        title=(
            f"{result.setting}: {result.start} + {result.years:g} years, median [95% interval] "
            f"(reference law {result.reference})"
        ),
    )
    for metric in METRICS:
        cells = []
        for res in result.results:
            med, lo, hi = result.summary(res.law_id, metric)
            cells.append(f"{med:.1f} [{lo:.1f}, {hi:.1f}]")
        table.add_row(metric, *cells)
    console.print(table)
    for metric, text in METRICS.items():
        console.print(f"  [dim]{metric}: {text}[/]", highlight=False)
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
    samples: int = typer.Option(
        256, "--samples", callback=bounds.SAMPLES.callback, help="Base sample size (Sobol' N)."
    ),
    at: str | None = AT,
    years: float = YEARS,
    draws: int = DRAWS,
    seed: int = SEED,
    assume: Path | None = ASSUME,
    assumptions: str | None = ASSUMPTIONS,
    plot_file: Path | None = typer.Option(None, "--plot", help="Write a bar chart (PNG/SVG)."),
    json: bool = JSON,
) -> None:
    """Rank the assumptions by how much they move the difference between two laws."""
    from swpolicy.scenarios.sensitivity import Method, plot, sensitivity

    if len(law) != 2:
        raise UsageError("give exactly two laws: --law A --law B")
    chosen = pick_assumptions(assumptions, assume)
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
    with progress(1, "sensitivity"):
        result = sensitivity(
            setting,
            law_a,
            law_b,
            method=chosen_method,
            samples=samples,
            metric=metric,
            relative=relative,
            at=parse_at(at),
            years=years,
            draws=draws,
            seed=seed,
            assumptions=chosen,
        )
    require_finite(result.as_dict())
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


def register(app: typer.Typer) -> None:
    """Add `simulate` (and `sensitivity`) to the top-level app."""
    app.command("simulate")(guarded(simulate_cmd))
    app.command("sensitivity")(guarded(sensitivity_cmd))
