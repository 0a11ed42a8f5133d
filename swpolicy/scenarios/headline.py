"""Which outcomes lead a headline: HIV, or violence and arrests where HIV is rare.

Where few sex workers live with HIV (Stockholm, Sydney, Auckland), a law's effect on HIV
infections is a small count with a wide interval, and what the decision turns on is violence
against sex workers and police harassment or arrest. The engine counts both for every law; here
they are put first when the status-quo HIV prevalence among female sex workers at the
projection start is under :data:`RARE_HIV_PCT`, and they are always said beside HIV.

The cut-off is ours (a presentation choice, not an estimate): 5% of FSW living with HIV. It
follows the idea of a "low-level" epidemic in UNAIDS/WHO surveillance terms (HIV not spread to
significant levels in any sub-population; UNAIDS HIV prevention toolkit, "What are the different
epidemiological scenarios?", hivpreventiontoolkit.unaids.org), but the number itself is a
choice; every outcome is shown whichever side of it a setting falls.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from swpolicy.epi.calibrate import weighted_quantiles
from swpolicy.scenarios.metrics import get
from swpolicy.scenarios.results import RunResult

RARE_HIV_PCT = 5.0  # FSW HIV prevalence (%) at the start under which HIV is "rare" (a choice)
HIV_METRIC = "hiv_infections"
RARE_LEADS = ("violence_incidents", "arrests")  # what leads where HIV is rare
KEY_ORDER = ("hiv_infections", "violence_incidents", "arrests", "art_coverage")
PREVALENCE_SERIES = "fsw_prevalence"  # the engine's yearly trajectory, in %


@dataclass(frozen=True)
class Prevalence:
    """Status-quo HIV prevalence among FSW at the projection start (%, median and 95%)."""

    median: float
    lo: float
    hi: float

    @property
    def rare(self) -> bool:
        return self.median < RARE_HIV_PCT

    def as_dict(self) -> dict[str, float | bool]:
        return {"median": self.median, "lo": self.lo, "hi": self.hi, "rare": self.rare}

    def text(self) -> str:
        """``HIV is rare here: 0.9% of sex workers live with HIV at the start (95% ...)``."""
        said = (
            f"{share_text(self.median)} of sex workers live with HIV at the start "
            f"(95% interval {self.lo:.1f}% to {self.hi:.1f}%)"
        )
        if self.rare:
            return (
                f"HIV is rare here: {said}, under the {RARE_HIV_PCT:g}% at which this tool "
                "leads with violence and police harassment or arrest."
            )
        return f"{said[:1].upper()}{said[1:]}."


def share_text(pct: float) -> str:
    """``4.2%``: one decimal, two when one would round a value under the cut-off up to it."""
    digits = 2 if pct < RARE_HIV_PCT <= round(pct, 1) else 1
    return f"{pct:.{digits}f}%"


def prevalence_at_start(sim: RunResult, law_id: str | None = None) -> Prevalence | None:
    """FSW HIV prevalence at the start of the projection under `law_id` (default the run's
    reference); None when the engine did not record the trajectory."""
    arm = sim.result(law_id or sim.reference)
    values = arm.trajectories.get(PREVALENCE_SERIES)
    if values is None or values.size == 0:
        return None
    first = np.asarray(values, dtype=np.float64)[:, 0]
    med, lo, hi = weighted_quantiles(first, sim.weights, [0.5, 0.025, 0.975])
    return Prevalence(float(med), float(lo), float(hi))


def key_order(prevalence: Prevalence | None, metrics: tuple[str, ...] = KEY_ORDER) -> list[str]:
    """The key outcomes in reading order: violence and arrests first where HIV is rare."""
    if prevalence is None or not prevalence.rare:
        return list(metrics)
    lead = [m for m in RARE_LEADS if m in metrics]
    return [*lead, *[m for m in metrics if m not in lead]]


def change_text(metric: str, median: float, lo: float, hi: float, p_better: float | None) -> str:
    """One outcome's paired change in words: ``sexual violence -12.0 per 1,000 sex workers at
    the start (95% interval -20.1 to -5.2; better in 80% of draws)``."""
    m = get(metric)
    unit = m.unit if m.unit.startswith("%") else f" {m.unit}"
    chance = "" if p_better is None else f"; better in {100 * p_better:.0f}% of draws"
    return f"{m.short} {median:+.1f}{unit} (95% interval {lo:+.1f} to {hi:+.1f}{chance})"
