"""The report's first page: findings in plain language, generated from the results.

Every number here is read from a `RunResult` (paired differences on the same draws, the share of
draws in which a law does better than the current law) or from the Lancet reproduction; no
finding is typed in. The sentences name laws, settings and outcomes in words (law names, setting
labels and the metrics' declared labels), never by their ids.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from swpolicy.epi.lancet import Row
from swpolicy.scenarios.metrics import get
from swpolicy.scenarios.results import RunResult

# The outcomes the summary ranks laws on (the key outcomes), in reading order.
KEY_METRICS = ("hiv_infections", "violence_incidents", "arrests", "art_coverage")
# The share of infections averted is what flips under the critics' assumptions.
CRITICS_METRIC = "hiv_infections_averted_pct"
MARKET_METRIC = "sex_workers_end"


@dataclass(frozen=True)
class Contrast:
    """One law against the setting's current law on one outcome: paired median and interval."""

    law_id: str
    law: str  # its name
    median: float
    lo: float
    hi: float
    p_better: float | None  # share of draws in which it does better; None for the current law

    def text(self, unit: str) -> str:
        if self.p_better is None:
            return f"{self.law} (the current law)"
        said = f"{self.median:+.1f}{_unit(unit)} [95% interval {self.lo:+.1f} to {self.hi:+.1f}]"
        return (
            f"{self.law} ({said} vs the current law; better in {100 * self.p_better:.0f}% of draws)"
        )


@dataclass(frozen=True)
class Finding:
    """Which law does best and worst on one outcome in one setting."""

    metric: str
    label: str
    best: Contrast
    worst: Contrast

    def text(self) -> str:
        m = get(self.metric)
        best, worst = self.best.text(m.unit), self.worst.text(m.unit)
        return f"{m.short[:1].upper()}{m.short[1:]}: best under {best}; worst under {worst}."


def _contrast(sim: RunResult, law_id: str, names: Mapping[str, str], metric: str) -> Contrast:
    name = names.get(law_id, sim.result(law_id).name)
    if law_id == sim.reference:
        return Contrast(law_id, name, 0.0, 0.0, 0.0, None)
    d = sim.difference(law_id, metric)
    return Contrast(law_id, name, d.median, d.lo, d.hi, sim.probability_better(law_id, metric))


def _change(sim: RunResult, law_id: str, metric: str) -> float:
    return 0.0 if law_id == sim.reference else sim.difference(law_id, metric).median


def _unit(unit: str) -> str:
    return unit if unit.startswith("%") else f" {unit}"


def findings(sim: RunResult, names: Mapping[str, str]) -> list[Finding]:
    """Best and worst law by median on each key outcome the run has (violence and arrests
    first where HIV is rare among sex workers)."""
    from swpolicy.scenarios.headline import key_order, prevalence_at_start

    out = []
    for metric in key_order(prevalence_at_start(sim), KEY_METRICS):
        if metric not in sim.metric_ids:
            continue
        m = get(metric)
        # Ranked by the paired change from the current law (0 for the current law itself), so
        # "best" is never a law that does worse than the current one.
        ranked = sorted((a.law_id for a in sim.results), key=lambda law: _change(sim, law, metric))
        if m.better == "higher":
            ranked.reverse()
        best, worst = ranked[0], ranked[-1]
        out.append(
            Finding(
                metric,
                m.short,
                _contrast(sim, best, names, metric),
                _contrast(sim, worst, names, metric),
            )
        )
    return out


@dataclass(frozen=True)
class Shift:
    """One law's value of a metric under the default and under the critics' assumptions."""

    law_id: str
    law: str
    metric: str
    default: tuple[float, float, float]
    critics: tuple[float, float, float]

    @property
    def flips(self) -> bool:
        """The median changes sign (e.g. infections averted become more infections)."""
        return self.default[0] * self.critics[0] < 0

    def text(self) -> str:
        m = get(self.metric)
        d, c = self.default, self.critics
        u = _unit(m.unit)
        return (
            f"{self.law}: {d[0]:.1f}{u} [{d[1]:.1f}, {d[2]:.1f}] under the default assumptions, "
            f"{c[0]:.1f}{u} [{c[1]:.1f}, {c[2]:.1f}] under the critics'."
        )


def shifts(
    default: RunResult, critics: RunResult, names: Mapping[str, str], metric: str
) -> list[Shift]:
    """Every non-reference law's value of `metric` under both assumption sets, largest change
    first (the same laws and setting on the same draws, so only the assumptions differ)."""
    out = [
        Shift(
            a.law_id,
            names.get(a.law_id, a.name),
            metric,
            default.summary(a.law_id, metric),
            critics.summary(a.law_id, metric),
        )
        for a in default.results
        if a.law_id != default.reference and metric in default.metric_ids
    ]
    return sorted(out, key=lambda s: -abs(s.critics[0] - s.default[0]))


def market_text(shift: Shift) -> str:
    """Why counts per 1,000 at the start can rise when a law grows the market."""
    d, c = shift.default[0], shift.critics[0]
    return (
        f"Under the critics' assumptions the market's size changes: under {shift.law} there are "
        f"{c:.0f} sex workers at the end per 1,000 at the start, against {d:.0f} under the "
        "default assumptions. Counts are per 1,000 at the start, so they follow the market's size: "
        "a change in episodes can come from how many people work rather than from each one's risk."
    )


def lancet_text(rows: Sequence[Row]) -> str:
    """How well the model reproduces the published Lancet 2015 results."""
    compared = [r for r in rows if r.miss is not None]
    misses = [r for r in compared if r.miss]
    return (
        f"Against Shannon et al. (Lancet 2015), {len(compared) - len(misses)} of {len(compared)} "
        "published results are reproduced within their published interval"
        + (
            f"; {len(misses)} fall outside it (flagged in the reproduction section)."
            if misses
            else "."
        )
    )
