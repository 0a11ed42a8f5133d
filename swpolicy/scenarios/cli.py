"""`swpolicy simulate` and `swpolicy sensitivity`: laws and bills through the epidemic model."""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import Any, get_type_hints

import typer
from rich.markup import escape

from swpolicy import bounds
from swpolicy.cliutil import (
    console,
    guarded,
    print_json,
    print_table,
    progress,
    require_finite,
)
from swpolicy.errors import UsageError
from swpolicy.law.cli import parse_at
from swpolicy.law.registry import load as load_law
from swpolicy.scenarios.bill_contrast import bill_bases, bill_ids, contrast_rows, with_bases
from swpolicy.scenarios.executor import Executor, executor
from swpolicy.scenarios.headline import key_order, prevalence_at_start
from swpolicy.scenarios.metrics import PER_1000, get
from swpolicy.scenarios.place import (
    SettingChoice,
    choice_for,
    place_phrase,
    setting_for,
    setting_kind,
)
from swpolicy.scenarios.results import RunResult
from swpolicy.scenarios.run import resolve_laws, run, tasks_needed
from swpolicy.scenarios.spec import RunSpec, load_spec, spec_from_options
from swpolicy.vocabulary import explain, label


@dataclass(frozen=True)
class RunOptions:
    """The run options every model command shares (declared once, in :data:`OPTIONS`)."""

    setting: str | None
    at: str | None
    years: float | None
    draws: int | None
    seed: int | None
    assume: Path | None
    assumptions: str | None
    workers: int | None
    scheduler: str | None
    json: bool

    def spec(self, laws: list[str], spec_file: Path | None = None) -> RunSpec:
        """The run spec from a file (--spec) or from the options; not both."""
        if self.assumptions and self.assume:
            raise UsageError("give --assumptions or --assume, not both")
        chosen = str(self.assume) if self.assume else self.assumptions
        given = (self.setting, self.at, self.years, self.draws, self.seed, chosen)
        if spec_file is not None:
            if laws or any(v is not None for v in given):
                raise UsageError("give --spec or the run options (--setting, --law, ...), not both")
            return load_spec(spec_file)
        if self.setting is None:
            raise UsageError("give --setting (or --spec)")
        if not laws:
            raise UsageError("give at least one --law or --reform")
        fields: dict[str, object] = {"setting": self.setting, "laws": tuple(laws)}
        fields["start"] = parse_at(self.at)
        optional = {"years": self.years, "draws": self.draws, "seed": self.seed}
        fields |= {k: v for k, v in {**optional, "assumptions": chosen}.items() if v is not None}
        return spec_from_options(fields)

    def executor(self) -> AbstractContextManager[Executor]:
        """Where the tasks run (--workers, --scheduler; default in-process)."""
        return executor(check_workers(self.workers), self.scheduler)


# Option name -> (type, help, range). Every option defaults to unset (None; off for --json), so
# that a spec file and the options cannot both be given and RunSpec keeps the defaults; a value
# given is checked against its range in swpolicy/bounds.py at once (exit 2).
OPTIONS: dict[str, tuple[Any, str] | tuple[Any, str, Any]] = {
    "setting": (
        str | None,
        "Setting: a shipped id (`swpolicy settings`), built-<jurisdiction> or a YAML file; "
        "default for one law or a bill: its own place.",
    ),
    "at": (
        str | None,
        f"Law date and projection start (YYYY-MM-DD, until {bounds.LATEST_START}); today.",
        bounds.PROJECTION_START,
    ),
    "years": (float | None, "Horizon in years, 1-50 [10].", bounds.YEARS),
    "draws": (int | None, "Posterior draws (SMC particles, at most 1,600) [10000].", bounds.DRAWS),
    "seed": (int | None, "Random seed [1].", bounds.SEED),
    "assume": (Path | None, "Assumption file (YAML) overriding links or numbers."),
    "assumptions": (str | None, "Assumption set: default, critics, or a file."),
    "workers": (int | None, "Run on a local Dask cluster of N processes."),
    "scheduler": (str | None, "Run on a Dask cluster (tcp://host:port)."),
    "json": (bool, "Print machine-readable JSON."),
}


def _unless_unset(check: Callable[[Any], Any]) -> Callable[[Any], Any]:
    """A bounds callback for an option that may be left unset (None keeps RunSpec's default)."""
    return lambda value: value if value is None else check(value)


def with_run_options(func: Callable[..., None]) -> Callable[..., None]:
    """Add the shared run options to a command; the command receives them as ``opts``."""
    names = list(OPTIONS)
    own = [p for p in inspect.signature(func).parameters.values() if p.name != "opts"]
    hints = get_type_hints(func)
    own = [p.replace(annotation=hints[p.name]) for p in own]
    shared = [
        inspect.Parameter(
            name,
            inspect.Parameter.KEYWORD_ONLY,
            default=typer.Option(
                False if entry[0] is bool else None,
                f"--{name}",
                help=entry[1],
                callback=_unless_unset(entry[2].callback) if len(entry) > 2 else None,
            ),
            annotation=entry[0],
        )
        for name, entry in OPTIONS.items()
    ]

    @functools.wraps(func)
    def command(**kwargs: Any) -> None:
        opts = RunOptions(**{n: kwargs.pop(n) for n in names})
        func(opts=opts, **kwargs)

    command.__signature__ = inspect.Signature([*own, *shared])  # type: ignore[attr-defined]
    del command.__wrapped__  # typer must read the new signature, not the original one
    return command


def simulate_cmd(
    opts: RunOptions,
    law: list[str] = typer.Option([], "--law", help="Jurisdiction id or law/bill YAML (repeat)."),
    reform: Path | None = typer.Option(None, "--reform", help="A bill YAML to add as a law."),
    spec_file: Path | None = typer.Option(None, "--spec", help="Run a saved run spec (YAML)."),
    save_spec: Path | None = typer.Option(None, "--save-spec", help="Write the run spec here."),
) -> None:
    """Project HIV, violence, arrests and ART coverage under each law, with 95% intervals.

    All laws run on the same draws (common random numbers); infections averted are counted
    against the setting's own current law, which is always included. A bill is also compared
    with its own base law (added when not listed). Without --setting, one law or a bill runs
    in its own place: its jurisdiction's calibrated setting, else one built from indicators.
    """
    refs = [*law, *([str(reform)] if reform is not None else [])]
    bases = bill_bases(refs)
    refs = with_bases(refs, bases)
    if spec_file is None and opts.setting is None and refs:
        opts = replace(opts, setting=own_place(refs, bases, parse_at(opts.at)).setting)
    spec = opts.spec(refs, spec_file)
    if spec_file is not None:
        bases = bill_bases(spec.laws)
        spec = spec.model_copy(update={"laws": tuple(with_bases(spec.laws, bases))})
    if save_spec is not None:
        spec.save(save_spec)
    with opts.executor() as ex, progress(tasks_needed(spec, ex), "simulate") as tick:
        result = run(spec, executor=ex, tick=tick)
    require_finite(result.rows())
    bills = bill_ids(result, bases)
    if opts.json:
        print_json(result.rows() + [r for b in bills for r in contrast_rows(result, *b)])
        return
    show_simulation(result, bills)


def own_place(refs: list[str], bases: dict[str, str], on: date) -> SettingChoice:
    """The setting a bill (or a single law) runs in when no --setting is given."""
    if bases:
        base = load_law(next(iter(bases.values())))
    elif len(refs) == 1:
        base = resolve_laws(refs)[0]
    else:
        raise UsageError("give --setting, or one law or a bill to run it in its own place")
    return setting_for(base, on)


def _metric_order(result: RunResult) -> list[str]:
    """The run's metrics, violence and arrests first where HIV is rare among sex workers."""
    order = key_order(prevalence_at_start(result), tuple(result.metric_ids))
    return order


def show_simulation(result: RunResult, bills: Sequence[tuple[str, str]] = ()) -> None:
    """The run as a table (stacked when the terminal is narrow), then what a reader must know:
    where (a setting built from indicators is said first), units, the market-size sentence when
    it applies, assumptions and calibration; then each bill against its own base law."""
    rows = []
    if result.calibration_warning:  # the headline: said before any number
        console.print(f"[bold red]{result.calibration_warning}[/]")
    if setting_kind(result.setting) == "builder":
        console.print(
            f"[bold]{escape(result.label)}: {label('setting_place', 'built').lower()}.[/] "
            f"{explain('setting_place', 'built')}",
            highlight=False,
        )
    prevalence = prevalence_at_start(result)
    if prevalence is not None and prevalence.rare:
        console.print(f"[bold]{prevalence.text()}[/]", highlight=False)
    for metric in _metric_order(result):
        cells = [get(metric).short]
        for res in result.results:
            med, lo, hi = result.summary(res.law_id, metric)
            cells.append(f"{med:,.1f} [{lo:,.1f}, {hi:,.1f}]")
        rows.append(cells)
    title = (
        f"{result.label}: {result.start} + {result.years:g} years, median [95% interval] "
        f"(reference: {result.result(result.reference).name})"
    )
    print_table(["outcome", *[r.name for r in result.results]], rows, title=title)
    totals = any(m.endswith("_total") for m in result.metric_ids)
    console.print(
        f"[dim]Counts are {PER_1000}"
        + ("; rows marked (total) are for the whole population" if totals else "")
        + "; intervals are 95%.[/]",
        highlight=False,
    )
    from swpolicy.scenarios.explain import market_sentences

    a = result.assumptions
    names = {r.law_id: r.name for r in result.results}
    for sentence in market_sentences(result.rows(), result.reference, a["effects"], names):
        console.print(sentence, highlight=False)
    console.print(
        f"Assumptions: [bold]{escape(assumption_name(str(a['name'])))}[/] "
        f"({len(a['effects'])} links in force; `swpolicy evidence list` shows their numbers)"
        + (f"; overrides: {', '.join(a['overrides'])}" if a["overrides"] else ""),
        highlight=False,
    )
    console.print(f"Calibration: {result.calibration}", highlight=False)
    for law_id, base_id in bills:
        show_bill(result, law_id, base_id)


def show_bill(result: RunResult, law_id: str, base_id: str) -> None:
    """One bill against its own base law: where (own, built or borrowed), then the changes."""
    base = load_law(base_id)
    choice = choice_for(result.setting, base, result.start)
    bill_name = result.result(law_id).name
    rows = [
        [
            get(r["metric"]).short,
            f"{r['median']:+,.1f} [{r['lo']:+,.1f}, {r['hi']:+,.1f}]",
            "-" if r["p_better"] is None else f"{100 * r['p_better']:.0f}%",
        ]
        for r in contrast_rows(result, law_id, base_id)
    ]
    title = (
        f"{place_phrase(choice)}: {bill_name} against its own base law, {base.name}'s current "
        "law, on the same draws"
    )
    print_table(["outcome", "change with the bill", "probability better"], rows, title=title)
    console.print(escape(choice.reason), highlight=False)


def assumption_name(name: str) -> str:
    """A shipped set's words, or the assumption file's name as given."""
    from swpolicy.vocabulary import VocabularyError, label

    try:
        return label("assumption_set", name)
    except VocabularyError:
        return name


def sensitivity_cmd(
    opts: RunOptions,
    law: list[str] = typer.Option(..., "--law", help="Law A then law B (ids or YAML paths)."),
    method: str = typer.Option("sobol", "--method", help="sobol (SALib) or prcc."),
    metric: str = typer.Option("hiv_infections", "--metric", help="Output compared (A - B)."),
    relative: bool = typer.Option(False, "--relative", help="Compare (A - B) as % of B."),
    samples: int = typer.Option(
        256, "--samples", callback=bounds.SAMPLES.callback, help="Base sample size (Sobol' N)."
    ),
    plot_file: Path | None = typer.Option(None, "--plot", help="Write a bar chart (PNG/SVG)."),
) -> None:
    """Rank the assumptions by how much they move the difference between two laws."""
    from swpolicy.scenarios.sensitivity import Method, plot, sensitivity

    if len(law) != 2:
        raise UsageError("give exactly two laws: --law A --law B")
    spec = opts.spec(law)
    if plot_file is not None and (plot_file.is_dir() or plot_file.suffix not in (".png", ".svg")):
        raise UsageError(f"--plot: expected a .png or .svg file name, not {plot_file}")
    chosen_method: Method
    if method == "sobol":
        chosen_method = "sobol"
    elif method == "prcc":
        chosen_method = "prcc"
    else:
        raise UsageError(f"unknown method {method!r}; expected sobol or prcc")
    with opts.executor() as ex, progress(1, "sensitivity"):
        result = sensitivity(
            spec,
            method=chosen_method,
            samples=samples,
            metric=metric,
            relative=relative,
            executor=ex,
        )
    require_finite(result.as_dict())
    if plot_file is not None:
        try:
            plot(result, plot_file)
        except (OSError, ValueError) as exc:
            raise UsageError(f"--plot: cannot write {plot_file}: {exc}") from None
    if opts.json:
        print_json(result.as_dict())
        return
    print_table(
        ["rank", "factor", result.index_name, "what it is"],
        [[str(r.rank), r.factor, f"{r.index:.3f}", r.label] for r in result.rows],
        title=(
            f"{result.setting}: what drives {result.metric} under {result.law_a} minus "
            f"{result.law_b} ({result.method}, {result.runs} runs)"
        ),
        dim=[not r.above_dummy for r in result.rows],
    )
    console.print(
        "[dim]Dimmed rows are no larger than the dummy input's: not told apart from no effect.[/]"
    )
    console.print(
        f"Assumptions: [bold]{escape(assumption_name(str(result.assumptions['name'])))}[/]"
    )


def check_workers(workers: int | None) -> int | None:
    """--workers must be a small positive number of processes."""
    if workers is not None and not 1 <= workers <= 256:
        raise UsageError(f"--workers must be between 1 and 256, not {workers}")
    return workers


def register(app: typer.Typer) -> None:
    """Add `simulate` (and `sensitivity`) to the top-level app."""
    app.command("simulate")(guarded(with_run_options(simulate_cmd)))
    app.command("sensitivity")(guarded(with_run_options(sensitivity_cmd)))
    from swpolicy.scenarios.calibrate_cli import calibrate_cmd

    app.command("calibrate")(guarded(calibrate_cmd))
