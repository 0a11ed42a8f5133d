"""A bill's impact next to the bill: its outcomes against its own base law, as a background job.

A run compares every law with the setting's current law (its reference). A bill changes one base
law, so its impact is the bill against that base, paired on the same calibrated draws: the run is
the usual simulation of the base and the amended law, and the contrast is taken with the base as
the reference (`RunResult.difference`, `RunResult.probability_better`).

The setting is the bill's own when a shipped setting's law is the base (Kenya's bill in Mombasa);
otherwise the nearest one, chosen in this order and said in words on the page: a setting in the
same country (a state's bill in that country's setting), in the same world region, else the one
whose current law is most like the base law. The run is saved like any other, with the contrast
and a digest of the bill in its parameters, so an estimate made before an edit is marked stale.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

import numpy as np
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from swpolicy.epi.calibrate import weighted_quantiles
from swpolicy.epi.settings import load as load_setting
from swpolicy.epi.settings import shipped
from swpolicy.errors import UsageError
from swpolicy.law.model import Law
from swpolicy.law.provisions import UNDETERMINED
from swpolicy.law.registry import load
from swpolicy.maps import region_of
from swpolicy.scenarios.assumptions import named
from swpolicy.scenarios.executor import Executor, InProcess
from swpolicy.scenarios.metrics import get
from swpolicy.scenarios.results import RunResult
from swpolicy.scenarios.run import run as run_spec
from swpolicy.scenarios.run import tasks_needed
from swpolicy.scenarios.simulate import METRICS
from swpolicy.web.jobs import Job, Runner
from swpolicy.web.limits import MAX_DRAWS
from swpolicy.web.places import status_provisions
from swpolicy.web.services import BILL_PREFIX, JsonFloat, JsonInt
from swpolicy.web.simulation import Setting, SimulationRequest, check_laws, request_spec
from swpolicy.web.store import Store

KIND = "bill_impact"  # the job kind
# Outcomes shown beside the bill (the share of infections averted is the headline).
OUTCOMES = ("hiv_infections", "violence_incidents", "arrests", "art_coverage", "sex_workers_end")
HEADLINE = "hiv_infections"
NUMBERS = ("median", "lo", "hi")
# Precision choices: draws before calibration (more draws, more that fit the setting's data).
PRECISION = {"quick": 500, "standard": 2000, "thorough": 10_000}
PRECISION_WORDS = {  # what the bill page's choice reads
    "quick": "Quick, a first look",
    "standard": "Standard",
    "thorough": "Thorough, to rely on (minutes)",
}


@dataclass(frozen=True)
class SettingChoice:
    """The setting a bill is simulated in, and why, in words."""

    setting: str
    label: str
    own: bool  # the setting's current law is the bill's base
    reason: str


def _setting_law(setting: str) -> Law:
    return load(load_setting(setting).law.jurisdiction)


def _country(law_id: str, parent: str | None) -> str:
    return (parent or law_id).split("-")[0]


def _shared_provisions(a: Law, b: Law, on: date) -> int:
    """How many of the sex-work offence provisions (selling, buying, brothels...) two laws
    give the same known status; unknown values (unclear, varies, unrecorded) never count."""
    snap_a, snap_b = a.at(on), b.at(on)
    return sum(
        1
        for p in status_provisions()
        if p in snap_a
        and p in snap_b
        and snap_a[p].value == snap_b[p].value
        and snap_a[p].value not in UNDETERMINED
    )


def nearest_setting(base: Law, on: date) -> SettingChoice:
    """The bill's own setting, else the nearest one (same country, region, most similar law)."""
    laws = {s: _setting_law(s) for s in shipped()}
    labels = {s: load_setting(s).label for s in shipped()}
    for s, law in laws.items():
        if law.id == base.id:
            reason = f"{labels[s]} is under {base.name}'s law, the law this bill amends."
            return SettingChoice(s, labels[s], True, reason)
    none_in = f"No modelled setting is in {base.name}"
    country = _country(base.id, base.parent)
    for s, law in laws.items():
        if _country(law.id, law.parent) == country:
            reason = f"{none_in}; {labels[s]} is in the same country."
            return SettingChoice(s, labels[s], False, reason)
    region = region_of(base.id, base.parent)
    for s, law in laws.items():
        if region is not None and region_of(law.id, law.parent) == region:
            reason = f"{none_in}; {labels[s]} is in the same world region ({region})."
            return SettingChoice(s, labels[s], False, reason)
    shared = {s: _shared_provisions(base, law, on) for s, law in laws.items()}
    best = max(shared, key=lambda s: shared[s])
    reason = (
        f"{none_in} or its world region; {labels[best]} is used because its current law "
        f"({laws[best].name}) is the most like {base.name}'s ({shared[best]} of "
        f"{len(status_provisions())} offence provisions the same). The numbers describe "
        f"{labels[best]}'s epidemic under {base.name}'s law, not {base.name}'s epidemic."
    )
    return SettingChoice(best, labels[best], False, reason)


def choice_for(setting: str, base: Law, on: date) -> SettingChoice:
    """The setting a user picked, with the reason the page gives for it."""
    nearest = nearest_setting(base, on)
    if setting == nearest.setting:
        return nearest
    label = load_setting(setting).label
    reason = f"Chosen on this page; the nearest setting is {nearest.label}. {nearest.reason}"
    own = _setting_law(setting).id == base.id
    return SettingChoice(setting, label, own, reason)


def bill_digest(document: dict[str, Any]) -> str:
    """A stable hash of a saved bill's document, to tell whether an estimate predates an edit."""
    text = json.dumps(document, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def impact_request(
    slug: str, base_id: str, setting: str, start: date, draws: int, years: float = 10.0
) -> SimulationRequest:
    """The simulation of a bill beside its base law, from the bill's first day in force.

    A bound it breaks (a start after the latest projection date, too much work) is a
    UsageError naming the field, as for any simulation request.
    """
    fields = {
        "setting": setting,
        "laws": [base_id, f"{BILL_PREFIX}{slug}"],
        "at": start.isoformat(),
        "years": years,
        "draws": draws,
    }
    try:
        return SimulationRequest.model_validate(fields, context={"form": True})
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in e['loc']) or 'request'}: {e['msg']}"
            for e in exc.errors(include_url=False)
        )
        raise UsageError(problems) from None


class ImpactBody(BaseModel):
    """What `POST /api/bills/{id}/impact` accepts (every field optional)."""

    model_config = ConfigDict(extra="forbid")

    setting: Setting | None = Field(
        None, description="a shipped setting; default the bill's own, else the nearest"
    )
    draws: JsonInt = Field(PRECISION["quick"], ge=100, le=MAX_DRAWS)
    years: JsonFloat = Field(10.0, ge=1, le=50, allow_inf_nan=False)


def _summary(values: np.ndarray[Any, Any], weights: np.ndarray[Any, Any]) -> dict[str, float]:
    med, lo, hi = weighted_quantiles(values, weights, [0.5, 0.025, 0.975])
    return {"median": float(med), "lo": float(lo), "hi": float(hi)}


def contrast(sim: RunResult, base_id: str, law_id: str) -> dict[str, Any]:
    """The amended law against its base on the same draws: headline and each outcome."""
    paired = replace(sim, reference=base_id)
    own = sim.result(law_id).metrics[HEADLINE]
    base = sim.result(base_id).metrics[HEADLINE]
    averted = 100.0 * (1.0 - own / np.maximum(base, 1e-12))  # as metrics.derive computes it
    outcomes = []
    for metric in OUTCOMES:
        if metric not in sim.metric_ids:
            continue
        diff = paired.difference(law_id, metric)
        m = get(metric)
        outcomes.append(
            {
                "metric": metric,
                "label": m.label,
                "unit": m.unit,
                "better": m.better,
                "base": dict(
                    zip(("median", "lo", "hi"), sim.summary(base_id, metric), strict=True)
                ),
                "difference": {"median": diff.median, "lo": diff.lo, "hi": diff.hi},
                "p_better": paired.probability_better(law_id, metric),
            }
        )
    return {
        "averted_pct": _summary(averted, sim.weights),
        "p_better": paired.probability_better(law_id, HEADLINE),
        "outcomes": outcomes,
        "calibration": sim.calibration,
        "fallback": sim.fallback,
    }


def start_day(saved: dict[str, Any]) -> date:
    """A bill's projection start: today, or the day it comes into force if that is later."""
    return max(date.today(), date.fromisoformat(saved["effective"]))


def request_for(
    saved: dict[str, Any], setting: str | None, draws: int, years: float = 10.0
) -> SimulationRequest:
    """The impact simulation of a saved bill, in `setting` or the nearest one."""
    base = load(saved["base"])
    start = start_day(saved)
    chosen = setting or nearest_setting(base, start).setting
    return impact_request(saved["id"], base.id, chosen, start, draws, years)


def make_impact_runner(store: Store, executor: Executor | None = None) -> Runner:
    """The job runner: simulate the bill and its base, save the run with the paired contrast.

    The run's tasks go to `executor` (the server's; in-process by default), as for simulations.
    """
    where = executor or InProcess()

    def run(request_data: dict[str, Any], job: Job) -> int:
        request = SimulationRequest.model_validate(request_data)
        slug = request.laws[-1].removeprefix(BILL_PREFIX)
        saved = store.bill(slug)  # a bill deleted since the job was queued fails in words
        laws = check_laws(request, store)
        spec = request_spec(request)
        job.total = tasks_needed(spec, where)  # the task count depends on the executor's size
        assumptions = named(request.assumptions)
        sim = run_spec(spec, laws=laws, assumptions=assumptions, executor=where, tick=job.tick)
        base, amended = laws[0], laws[-1]
        start = date.fromisoformat(request.at) if request.at else sim.start
        choice = choice_for(request.setting, base, start)
        impact = {
            **contrast(sim, base.id, amended.id),
            "bill": slug,
            "digest": bill_digest(saved["document"]),
            "base": base.id,
            "base_name": base.name,
            "law": amended.id,
            "setting_label": sim.label,
            "own": choice.own,
            "reason": choice.reason,
        }
        params = {
            **request.model_dump(),
            "at": sim.start.isoformat(),
            "reference": sim.reference,
            "names": {res.law_id: res.name for res in sim.results},
            "metrics": METRICS,
            "impact": impact,
        }
        rows = sim.rows()
        laws_run = [res.law_id for res in sim.results]
        return store.save_run(sim.setting, laws_run, params, sim.assumptions, sim.calibration, rows)

    return run


def latest(store: Store, slug: str) -> dict[str, Any] | None:
    """The newest saved impact run of a bill (its id and contrast), if any."""
    for run in store.runs():  # newest first, without rows
        impact = run["params"].get("impact")
        if impact and impact.get("bill") == slug:
            return {"run_id": run["id"], "years": run["params"]["years"], **run, **impact}
    return None


def headline(estimate: dict[str, Any]) -> str:
    """The estimate in one plain sentence: where, how much, how sure, against which law."""
    a = estimate["averted_pct"]
    place, base = estimate["setting_label"], estimate["base_name"]
    if a["median"] >= 0:
        change = (
            f"avert {a['median']:.1f}% of HIV infections among sex workers and clients "
            f"(95% interval {a['lo']:.1f}% to {a['hi']:.1f}%)"
        )
    else:  # the same interval, read as an increase
        change = (
            f"increase HIV infections among sex workers and clients by {-a['median']:.1f}% "
            f"(95% interval {-a['hi']:.1f}% to {-a['lo']:.1f}%)"
        )
    where = f"In {place}" if estimate["own"] else f"Modelled in {place}"
    against = f"{base}'s current law" + ("" if estimate["own"] else f" applied in {place}")
    p = estimate["p_better"]
    chance = "" if p is None else f"; probability it is better: {100 * p:.0f}%"
    over = years_text(float(estimate["years"]))
    return f"{where}, this bill would {change} over {over} compared with {against}{chance}."


def years_text(years: float) -> str:
    """`1 year`, `2.5 years`, `10 years`."""
    return f"{years:g} year" + ("" if years == 1 else "s")


def summary(store: Store, saved: dict[str, Any]) -> dict[str, Any] | None:
    """The newest estimate of a saved bill in brief (for the API), or None if never estimated."""
    found = latest(store, saved["id"])
    if found is None:
        return None
    return {
        "run_id": found["run_id"],
        "setting": found["setting"],
        "headline": headline(found),
        "averted_pct": found["averted_pct"],
        "p_better": found["p_better"],
        "reason": found["reason"],
        "stale": found["digest"] != bill_digest(saved["document"]),
    }
