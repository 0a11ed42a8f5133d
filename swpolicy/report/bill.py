"""A report on a user's bill: the reformed law against its own base law, not the setting's.

A run's differences are taken against the setting's current law (its reference). A bill is a
change to one base law, so its report compares the two directly, on the same calibrated draws:
the per-draw difference of each key outcome (bill minus base) and the weighted share of draws in
which the bill does better. The setting is the one whose current law is the base (its own or one
built from indicators for it), else the first, which is then said to be borrowed; violence and
arrests come first where HIV is rare (`swpolicy.scenarios.headline`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from swpolicy.epi.calibrate import weighted_quantiles
from swpolicy.errors import UsageError
from swpolicy.law.bills import Bill, load_bill
from swpolicy.law.model import Law
from swpolicy.law.registry import load
from swpolicy.report.summary import KEY_METRICS, Contrast
from swpolicy.scenarios.headline import key_order, prevalence_at_start
from swpolicy.scenarios.metrics import get
from swpolicy.scenarios.results import RunResult


@dataclass(frozen=True)
class BillLaws:
    bill: Bill
    base: Law
    reformed: Law


def bill_laws(path: str, at: date) -> BillLaws:
    """Load a bill file and apply it to its base; refuse one not yet in force on `at`."""
    bill = load_bill(path)
    if bill.spec.effective > at:
        raise UsageError(
            f"--bill: {path} takes effect on {bill.spec.effective.isoformat()}, after --at "
            f"{at.isoformat()}; use --at {bill.spec.effective.isoformat()} or later"
        )
    base = load(bill.spec.base)
    return BillLaws(bill, base, bill.apply(base))


def paired(sim: RunResult, law_id: str, base_id: str, metric: str, name: str) -> Contrast:
    """`law_id` minus `base_id` on the same draws, and the share of draws where it is better."""
    diff = sim.result(law_id).metrics[metric] - sim.result(base_id).metrics[metric]
    med, lo, hi = weighted_quantiles(diff, sim.weights, [0.5, 0.025, 0.975])
    better = get(metric).better
    wins = diff < 0 if better == "lower" else diff > 0
    return Contrast(law_id, name, med, lo, hi, float(sim.weights[wins].sum()))


def pick_setting(sims: Mapping[str, RunResult], base_id: str) -> str:
    """The setting whose current law is the bill's base, else the first one."""
    return next((k for k, s in sims.items() if s.reference == base_id), next(iter(sims)))


def bill_findings(
    sim: RunResult, laws: BillLaws, metrics: Sequence[str] = KEY_METRICS
) -> list[tuple[str, str]]:
    """(metric id, sentence) per key outcome: the bill against its own base law."""
    out = []
    for metric in key_order(prevalence_at_start(sim, laws.base.id), tuple(metrics)):
        if metric not in sim.metric_ids:
            continue
        m = get(metric)
        c = paired(sim, laws.reformed.id, laws.base.id, metric, laws.bill.spec.title)
        unit = m.unit if m.unit.startswith("%") else f" {m.unit}"
        out.append(
            (
                metric,
                f"{m.short[:1].upper()}{m.short[1:]}: {c.median:+.1f}{unit} [95% interval "
                f"{c.lo:+.1f} to {c.hi:+.1f}] against {laws.base.name}; better in "
                f"{100 * (c.p_better or 0.0):.0f}% of draws.",
            )
        )
    return out
