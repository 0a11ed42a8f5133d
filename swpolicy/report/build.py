"""Build the report: run every analysis, then render one self-contained HTML file (and a PDF).

Stages (each reports progress through `on_stage`, so the CLI can draw bars and tests can stay
silent): law summaries (instant), the Lancet 2015 reproduction, one simulation per setting,
the default-vs-critics comparison in one setting, one sensitivity analysis per setting.

The HTML inlines its CSS and SVG charts and loads nothing; the PDF is the same HTML through
WeasyPrint with a URL fetcher that refuses every request, so neither output needs a network.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from swpolicy.epi.lancet import Row
from swpolicy.epi.settings import load as load_setting
from swpolicy.errors import UsageError
from swpolicy.law.model import Law
from swpolicy.law.registry import load
from swpolicy.report import charts
from swpolicy.report.bill import BillLaws, bill_findings, bill_laws, pick_setting
from swpolicy.report.laws import FAMILY_ORDER, LawSummary, family_key, summarise
from swpolicy.report.render import render_html, write_pdf
from swpolicy.report.sections import (
    built_text,
    glossary,
    rare_text,
    sensitivity_output,
    sensitivity_sentence,
    world_map,
)
from swpolicy.report.sources import assumptions_section, references
from swpolicy.report.summary import (
    CRITICS_METRIC,
    MARKET_METRIC,
    findings,
    lancet_text,
    market_text,
    shifts,
)
from swpolicy.scenarios.assumptions import Assumptions, named
from swpolicy.scenarios.executor import Executor, InProcess
from swpolicy.scenarios.explain import market_sentences
from swpolicy.scenarios.headline import prevalence_at_start
from swpolicy.scenarios.lancet import lancet_settings, lancet_tasks, run_lancet
from swpolicy.scenarios.metrics import METRICS
from swpolicy.scenarios.place import choice_for, place_phrase
from swpolicy.scenarios.results import RunResult as Simulation
from swpolicy.scenarios.run import fractional_year, run, tasks_needed
from swpolicy.scenarios.sensitivity import SensitivityResult, sensitivity
from swpolicy.scenarios.simulate import spec_for
from swpolicy.scenarios.spec import RunSpec

Tick = Callable[[int], None]
OnStage = Callable[[str, int], Tick]

# One or two laws of each family in the literature, plus each setting's own law (added below).
REPRESENTATIVES = ("nz", "se", "de", "gb-eaw", "ke")
# 10,000 draws (the simulate and lancet default) keeps the whole default run near 2-3 minutes on
# a 2-core machine; see docs/report.md for measured timings.
DEFAULT_DRAWS = 10_000
DEFAULT_SAMPLES = 256


@dataclass(frozen=True)
class Options:
    """What to compute. Defaults are the full report; tests shrink draws, settings and years."""

    at: date
    assumptions: Assumptions
    draws: int = DEFAULT_DRAWS
    seed: int = 1
    years: float = 10.0
    # ids or setting files; by default the Lancet 2015 settings (`swpolicy settings list` has all)
    settings: tuple[str, ...] = field(default_factory=lambda: tuple(lancet_settings()))
    representatives: tuple[str, ...] = REPRESENTATIVES
    samples: int = DEFAULT_SAMPLES
    compare_setting: str | None = None  # default: the first setting
    bill: str | None = None  # a bill file: reported against its own base law
    executor: Executor = field(default_factory=InProcess)

    def spec(self, setting: str, laws: Sequence[Law], assumptions: Assumptions) -> RunSpec:
        """The run spec of one section: these laws in one setting, with these options."""
        return spec_for(
            setting,
            laws,
            at=self.at,
            years=self.years,
            draws=self.draws,
            seed=self.seed,
            assumptions=assumptions,
        )


@dataclass(frozen=True)
class Written:
    html: Path
    pdf: Path | None
    html_bytes: int
    pages: int = 0  # of the PDF (0 without one)
    before_appendices: int = 0  # PDF pages before the first appendix (target: at most 15)


def _silent(_label: str, _total: int) -> Tick:
    return lambda _k: None


def check_out_dir(out: Path) -> None:
    """Refuse an output path that is a file or cannot be created, before any long computation."""
    if out.exists() and not out.is_dir():
        raise UsageError(f"--out: {out} exists and is not a directory")
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UsageError(f"--out: cannot create {out}: {exc.strerror or exc}") from None


def _laws(opts: Options, extra: Sequence[Law] = ()) -> list[LawSummary]:
    ids = list(dict.fromkeys([*opts.representatives, *_setting_laws(opts.settings)]))
    objs = {i: load(i) for i in ids} | {law.id: law for law in extra}
    return sorted((summarise(law, opts.at) for law in objs.values()), key=family_key)


def _setting_laws(settings: Sequence[str]) -> list[str]:
    return [load_setting(s).law.jurisdiction for s in settings]


def _sensitivity_pair(laws: Sequence[LawSummary], setting: str) -> tuple[str, str]:
    """The least penalising family's first law against the setting's own law."""
    own = load_setting(setting).law.jurisdiction
    candidates = [s for s in laws if s.id != own]
    least = max(candidates, key=lambda s: family_key(s)[0])
    return least.id, own


def compute(opts: Options, on_stage: OnStage = _silent) -> dict[str, Any]:
    """Run every analysis and return the template context."""
    # Check every request before the first long stage, so bad input fails at once.
    for name in opts.settings:
        first = load_setting(name).start_year
        if fractional_year(opts.at) <= first:
            raise UsageError(f"--at: the projection in {name} must start after {first:g}")
    if not 1 <= opts.years <= 50:
        raise UsageError(f"years must be between 1 and 50, not {opts.years:g}")
    reform = bill_laws(opts.bill, opts.at) if opts.bill else None
    laws = _laws(opts, (reform.base, reform.reformed) if reform else ())
    law_objs = [s.law for s in laws]
    by_id = {s.id: s.law for s in laws}
    ex = opts.executor
    with_scenarios = [s for s in opts.settings if load_setting(s).scenarios]
    tick = on_stage("Lancet 2015 reproduction", lancet_tasks(opts.draws, with_scenarios, ex))
    lancet_runs, lancet_rows = run_lancet(
        opts.draws, opts.seed, settings=with_scenarios, executor=ex, tick=tick
    )
    sims: dict[str, Simulation] = {}
    for name in opts.settings:
        spec = opts.spec(name, law_objs, opts.assumptions)
        tick = on_stage(f"simulate {name}", tasks_needed(spec, ex))
        sims[name] = run(spec, laws=law_objs, assumptions=opts.assumptions, executor=ex, tick=tick)
    compare = _compare(opts, law_objs, sims, on_stage)
    sens: dict[str, SensitivityResult] = {}
    for name in opts.settings:
        pair = tuple(by_id[i] for i in _sensitivity_pair(laws, name))
        # The calibrated burn-in is reused from the simulation above (same cache key).
        tick = on_stage(f"sensitivity {name}", 1 + 2 * max(1, 2 * ex.workers))
        sens[name] = sensitivity(
            opts.spec(name, pair, opts.assumptions),
            laws=(pair[0], pair[1]),
            assumptions=opts.assumptions,
            samples=opts.samples,
            relative=True,
            tick=tick,
            executor=ex,
        )
    on_stage("charts", 0)
    context = _context(opts, laws, lancet_rows, sims, compare, sens)
    context["bill"] = _bill(reform, sims, context["names"])
    # Settings in words (a user's setting file has its own name, not a vocabulary entry).
    context["setting_labels"] = {s.setting: s.label for s in [*sims.values(), *compare]}
    context["calibration_chart"] = charts.calibration_chart(lancet_runs, "calibration")
    return context


def _compare(
    opts: Options, laws: Sequence[Law], sims: dict[str, Simulation], on_stage: OnStage
) -> list[Simulation]:
    """Default and critics' assumptions in one setting, reusing the main run where it is one."""
    setting = opts.compare_setting or opts.settings[0]
    out = []
    for name in ("default", "critics"):
        if opts.assumptions.name == name and setting in sims:
            out.append(sims[setting])
            continue
        chosen = named(name)
        spec = opts.spec(setting, laws, chosen)
        tick = on_stage(f"{name} assumptions, {setting}", tasks_needed(spec, opts.executor))
        out.append(run(spec, laws=laws, assumptions=chosen, executor=opts.executor, tick=tick))
    return out


def _sim_rows(sim: Simulation) -> list[dict[str, Any]]:
    """One row per metric with each law's median and interval, formatted for the table."""
    return [
        {
            "metric": m.id,
            "text": f"{m.label} ({m.unit})",
            "cells": [
                "{:.1f} [{:.1f}, {:.1f}]".format(*sim.summary(r.law_id, m.id)) for r in sim.results
            ],
        }
        for m in METRICS
        if m.id in sim.metric_ids
    ]


def _lancet_rows(rows: Sequence[Row]) -> list[dict[str, Any]]:
    out = []
    for r in rows:
        if r.published_lo is None or r.published_hi is None:
            published = "not published"
        elif r.published is None:
            published = f"range {r.published_lo:g}–{r.published_hi:g}"
        else:
            published = f"{r.published:g} [{r.published_lo:g}, {r.published_hi:g}]"
        out.append(
            {
                "setting": r.setting,
                "label": r.label,
                "scenario": r.scenario,
                "ours": f"{r.averted_median:.1f} [{r.averted_lo:.1f}, {r.averted_hi:.1f}]",
                "published": published,
                "gap": "–" if r.gap is None else f"{r.gap:+.1f}",
                "status": "no comparison" if r.miss is None else "MISS" if r.miss else "within",
            }
        )
    return out


def _context(
    opts: Options,
    laws: list[LawSummary],
    lancet_rows: list[Row],
    sims: dict[str, Simulation],
    compare: list[Simulation],
    sens: dict[str, SensitivityResult],
) -> dict[str, Any]:
    families = [f for f in FAMILY_ORDER if any(s.family == f for s in laws)]
    families += sorted({s.family for s in laws} - set(families))
    names = {s.id: s.name for s in laws}
    colour_of = charts.colours([s.id for s in laws])
    return {
        "opts": opts,
        "laws": laws,
        "families": families,
        "names": names,
        "settings": [
            {
                "name": name,
                "label": load_setting(name).label,
                "own_law": load_setting(name).law.jurisdiction,
                "sim": sims[name],
                "rows": _sim_rows(sims[name]),
                "differences": charts.difference_chart(
                    sims[name], names, colour_of, f"differences-{name}"
                ),
                "trajectories": charts.trajectory_chart(sims[name], names, f"paths-{name}"),
            }
            for name in opts.settings
        ],
        "compare": {
            "setting": compare[0].setting,
            "label": compare[0].label,
            "sims": compare,
            "rows": _compare_rows(compare),
            "chart": charts.compare_chart(
                compare,
                ("hiv_infections", "trafficking_inflows"),
                f"compare-{compare[0].setting}",
            ),
        },
        "lancet": {
            "rows": _lancet_rows(lancet_rows),
            "misses": sum(1 for r in lancet_rows if r.miss),
            "compared": sum(1 for r in lancet_rows if r.miss is not None),
            "chart": charts.lancet_chart(lancet_rows, "lancet"),
        },
        "top_factors": charts.REPORT_TOP_FACTORS,
        "sensitivity": [
            {
                "result": res,
                "chart": charts.sensitivity_chart(
                    res,
                    f"sensitivity-{name}",
                    f"{load_setting(name).label}: what drives {sensitivity_output(res, names)}",
                ),
                "sentence": sensitivity_sentence(res, names),
                "output": sensitivity_output(res, names),
            }
            for name, res in sens.items()
        ],
        "metrics": METRICS,
        "map": world_map(laws, opts.at),
        "glossary": glossary(laws, [m.id for m in METRICS]),
        "summary": {
            **_summary(sims, compare, names),
            "lancet": lancet_text(lancet_rows),
            "lancet_misses": [r for r in lancet_rows if r.miss],
            "unclear": _unclear(laws),
        },
        "assumptions": assumptions_section(opts.assumptions),
        "references": references(laws, opts.assumptions, opts.settings),
    }


def _bill(
    reform: BillLaws | None, sims: dict[str, Simulation], names: dict[str, str]
) -> dict[str, Any] | None:
    """The bill against its own base law, in the setting whose law is the base (or the first)."""
    if reform is None:
        return None
    setting = pick_setting(sims, reform.base.id)
    sim = sims[setting]
    choice = choice_for(setting, reform.base, sim.start)
    prevalence = prevalence_at_start(sim, reform.base.id)
    return {
        "title": reform.bill.spec.title,
        "base": names[reform.base.id],
        "reformed": reform.reformed.id,
        "effective": reform.bill.spec.effective.isoformat(),
        "setting": sim.label,
        "kind": choice.kind,
        "where": place_phrase(choice),
        "reason": choice.reason,
        "prevalence": prevalence.text() if prevalence is not None and prevalence.rare else "",
        "findings": bill_findings(sim, reform),
    }


def _unclear(laws: Sequence[LawSummary]) -> list[tuple[str, str]]:
    """Provisions recorded as unclear or with low confidence (law, provision), for limitations."""
    return [
        (s.name, row["label"])
        for s in laws
        for row in s.provision_rows()
        if row["value"] == "unclear" or row["confidence"] == "low"
    ]


def _summary(
    sims: dict[str, Simulation], compare: Sequence[Simulation], names: dict[str, str]
) -> dict[str, Any]:
    """The executive summary: findings per setting, and what the critics' assumptions change."""
    default, critics = compare[0], compare[-1]
    flips = [s for s in shifts(default, critics, names, CRITICS_METRIC) if s.flips]
    market = shifts(default, critics, names, MARKET_METRIC)
    return {
        "settings": [
            {
                "name": name,
                "label": sim.label,
                "reference": names.get(sim.reference, sim.reference),
                "findings": findings(sim, names),
                "prevalence": rare_text(sim),
                "built": built_text(sim),
                "calibration": sim.calibration,
                "warning": sim.calibration_warning,
            }
            for name, sim in sims.items()
        ],
        "compare_label": default.label,
        "critics": shifts(default, critics, names, CRITICS_METRIC),
        "flips": flips,
        "market": market_text(market[0]) if market else "",
        # Per law under the critics' assumptions: which counts a larger or smaller market moves
        # (the sentence the CLI and the web app's run page print, written in one place).
        "market_laws": market_sentences(
            critics.rows(),
            critics.reference,
            critics.assumptions["effects"],
            {r.law_id: names.get(r.law_id, r.name) for r in critics.results},
        ),
    }


def _compare_rows(sims: Sequence[Simulation]) -> list[dict[str, Any]]:
    laws = [r.law_id for r in sims[0].results]
    return [
        {
            "law": law_id,
            "metric": metric,
            "cells": [
                "{:.1f} [{:.1f}, {:.1f}]".format(*sim.summary(law_id, metric)) for sim in sims
            ],
        }
        for law_id in laws
        for metric in ("hiv_infections", "hiv_infections_averted_pct", "trafficking_inflows")
    ]


def build(opts: Options, out: Path, *, pdf: bool = False, on_stage: OnStage = _silent) -> Written:
    """Compute, render and write `out/index.html` (and `out/report.pdf` with `pdf`)."""
    check_out_dir(out)
    return write(compute(opts, on_stage), out, pdf=pdf, on_stage=on_stage)


def write(
    context: dict[str, Any], out: Path, *, pdf: bool = False, on_stage: OnStage = _silent
) -> Written:
    """Render a computed context and write `out/index.html` (and `out/report.pdf`)."""
    check_out_dir(out)
    html = render_html(context)
    path = out / "index.html"
    path.write_text(html, encoding="utf-8")
    if not pdf:
        return Written(path, None, len(html.encode("utf-8")))
    on_stage("PDF", 0)
    made = write_pdf(html, out / "report.pdf")
    return Written(path, made.path, len(html.encode("utf-8")), made.pages, made.before_appendices)
