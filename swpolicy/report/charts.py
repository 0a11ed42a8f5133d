"""The report's inline SVG charts: its results turned into `swpolicy.charts` records.

Inline SVG needs no JavaScript and no network, prints sharply in the PDF and keeps its text
selectable. The drawing, palette and number formatting are `swpolicy.charts`'s (one module for
the report, the web app and the CLI); this module only says what each chart shows. Each chart's
ids get the given prefix because several charts share one HTML document.
"""

from __future__ import annotations

from collections.abc import Sequence

from swpolicy.charts import (
    PALETTE,
    Bar,
    Chart,
    Group,
    Interval,
    Panel,
    Series,
    colour,
    interval_chart,
    ranked_bars,
    time_series,
)
from swpolicy.epi.lancet import Row, SettingRun
from swpolicy.epi.plots import averted_figure, prevalence_figure
from swpolicy.scenarios.metrics import BY_ID
from swpolicy.scenarios.sensitivity import SensitivityResult
from swpolicy.scenarios.simulate import Simulation

__all__ = ["CHART_METRICS", "PALETTE", "colours", "heading", "relative"]

# Metrics charted per setting; the rest are in the tables.
CHART_METRICS = ("hiv_infections", "violence_incidents", "arrests", "art_coverage")


def heading(metric: str) -> str:
    """A chart group's heading, from the metric's declaration."""
    m = BY_ID.get(metric)
    if m is None:
        return metric
    return m.short if m.unit in m.short or m.unit.startswith("%") else f"{m.short}, {m.unit}"


def relative(metric: str) -> bool:
    """Whether a metric compares with the current law (charted with a line at 0)."""
    declared = BY_ID.get(metric)  # runs saved by an older version may name other metrics
    return declared is not None and declared.relative_to_reference


def colours(law_ids: Sequence[str]) -> dict[str, str]:
    """One colour per law, the same in every chart (laws beyond the palette reuse it)."""
    return {law_id: colour(i) for i, law_id in enumerate(law_ids)}


def metric_group(sim: Simulation, metric: str, labels: dict[str, str], series: str = "") -> Group:
    """One metric's medians and 95% intervals for every law of `sim`, rows labelled in words."""
    rows = []
    for res in sim.results:
        med, lo, hi = sim.summary(res.law_id, metric)
        rows.append(Interval(labels.get(res.law_id, res.name), med, lo, hi, series))
    return Group(heading(metric), tuple(rows), relative(metric))


def compare_chart(sims: Sequence[Simulation], metrics: Sequence[str], prefix: str) -> str:
    """The same laws and setting under different assumption sets, side by side per metric."""
    groups = [
        Group(
            heading(m),
            tuple(
                iv for s in sims for iv in metric_group(s, m, {}, s.assumptions["name"]).intervals
            ),
            relative(m),
        )
        for m in metrics
    ]
    names = " vs ".join(s.assumptions["name"] for s in sims)
    title = f"{sims[0].label}: {names} assumptions"
    return interval_chart(title, groups, columns=2).svg(prefix)


def lancet_chart(rows: Sequence[Row], prefix: str) -> str:
    """Percent of infections averted per scenario: ours (median, 95% UI) beside published."""
    return averted_figure(rows).svg(prefix)


def sensitivity_figure(
    result: SensitivityResult, title: str | None = None, top: int | None = None
) -> Chart:
    """The ranking as bars, most influential at the top, with the dummy input's level marked
    as the 'no effect' line (an index not above it is no evidence of an effect). With `top`,
    only the `top` highest-ranked factors are drawn (the dummy always is)."""
    rows = list(result.rows)
    if top is not None:
        rows = [r for i, r in enumerate(rows) if i < top or r.factor == "dummy"]
    bars = [Bar(r.label, r.index, r.spread, r.above_dummy) for r in rows]
    floor = next(abs(r.index) for r in result.rows if r.factor == "dummy")
    return ranked_bars(
        title or f"{result.setting}: what drives {result.output()}",
        bars,
        axis_label=result.index_name,
        reference=floor,
        reference_label="dummy input's level (no effect)",
        legend_names=("above the dummy's level", "not distinguishable from the dummy"),
    )


# Factors drawn per setting in the report (the whole ranking is in its Appendix A table);
# eight keep each chart compact (the report proper is 16 pages with its contents page).
REPORT_TOP_FACTORS = 8


def sensitivity_chart(result: SensitivityResult, prefix: str, title: str | None = None) -> str:
    """The top of the sensitivity ranking as an inline SVG for the report (`title` in words)."""
    return sensitivity_figure(result, title, top=REPORT_TOP_FACTORS).svg(prefix)


def difference_chart(
    sim: Simulation, labels: dict[str, str], colour_of: dict[str, str], prefix: str
) -> str:
    """Each law's paired change from the current law (same draws), median and 95% interval,
    with a line at zero: the comparison every finding rests on."""
    others = [r for r in sim.results if r.law_id != sim.reference]
    groups = []
    for metric in CHART_METRICS:
        rows = []
        for res in others:
            d = sim.difference(res.law_id, metric)
            rows.append(Interval(labels.get(res.law_id, res.name), d.median, d.lo, d.hi))
        groups.append(Group(f"change in {heading(metric)}", tuple(rows), True))
    paint = {labels.get(r.law_id, r.name): colour_of.get(r.law_id, PALETTE[-1]) for r in others}
    current = labels.get(sim.reference, sim.reference)
    title = f"{sim.label}: change under each law compared with the current law ({current})"
    return interval_chart(title, groups, colours=paint, columns=2).svg(prefix)


def trajectory_chart(sim: Simulation, labels: dict[str, str], prefix: str) -> str:
    """HIV prevalence among sex workers per year under each law: median and 95% band."""
    series = []
    for res in sim.results:
        times, med, lo, hi = sim.band(res.law_id, "fsw_prevalence")
        series.append(
            Series(
                labels.get(res.law_id, res.name),
                tuple(float(t) for t in times),
                tuple(float(v) for v in med),
                tuple(float(v) for v in lo),
                tuple(float(v) for v in hi),
            )
        )
    panel = Panel("HIV prevalence among sex workers under each law", tuple(series))
    title = f"{sim.label}: HIV prevalence among sex workers over time"
    return time_series(title, [panel], axes=("year", "%")).svg(prefix)


def calibration_chart(runs: Sequence[SettingRun], prefix: str) -> str:
    """The calibrated epidemic's prevalence path with its calibration targets, per setting."""
    return prevalence_figure(runs).svg(prefix)
