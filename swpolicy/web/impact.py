"""A bill's impact next to the bill: its outcomes against its own base law, as a background job.

A run compares every law with the setting's current law (its reference). A bill changes one base
law, so its impact is the bill against that base, paired on the same calibrated draws: the run is
the usual simulation of the base and the amended law, and the contrast is taken with the base as
the reference (`RunResult.difference`, `RunResult.probability_better`).

The setting is the bill's own when a shipped setting's law is the base (Kenya's bill in Mombasa);
otherwise the setting built for the base jurisdiction from its indicators (`built-<id>`), and a
setting borrowed from another country only when the user picks it (`swpolicy.scenarios.place`).
The headline says which, plainly. Where HIV is rare among sex workers (under
`headline.RARE_HIV_PCT` at the start), violence and police harassment or arrest lead the headline;
they are said beside HIV everywhere. The run is saved like any other, with the contrast and a
digest of the bill in its parameters, so an estimate made before an edit is marked stale.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import replace
from datetime import date
from typing import Any

import numpy as np
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from swpolicy.epi.calibrate import weighted_quantiles
from swpolicy.errors import UsageError
from swpolicy.law.model import Law
from swpolicy.law.registry import load
from swpolicy.scenarios import place
from swpolicy.scenarios.assumptions import named
from swpolicy.scenarios.executor import Executor, InProcess
from swpolicy.scenarios.headline import (
    change_text,
    key_order,
    prevalence_at_start,
    share_text,
)
from swpolicy.scenarios.metrics import get
from swpolicy.scenarios.place import SettingChoice
from swpolicy.scenarios.results import RunResult
from swpolicy.scenarios.run import run as run_spec
from swpolicy.scenarios.run import tasks_needed
from swpolicy.scenarios.simulate import METRICS
from swpolicy.web.jobs import Job, Runner
from swpolicy.web.limits import MAX_DRAWS
from swpolicy.web.services import BILL_PREFIX, JsonFloat, JsonInt
from swpolicy.web.simulation import (
    Setting,
    SimulationRequest,
    check_laws,
    lead_outcomes,
    request_spec,
)
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


def nearest_setting(base: Law, on: date) -> SettingChoice:
    """The setting a bill on `base` runs in by default: its own, else built for it (else the
    nearest shipped one, borrowed); see :mod:`swpolicy.scenarios.place`."""
    return place.setting_for(base, on)


def choice_for(setting: str, base: Law, on: date) -> SettingChoice:
    """The setting a user picked, with the reason the page gives for it."""
    return place.choice_for(setting, base, on)


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
    prevalence = prevalence_at_start(sim, base_id)
    own = sim.result(law_id).metrics[HEADLINE]
    base = sim.result(base_id).metrics[HEADLINE]
    averted = 100.0 * (1.0 - own / np.maximum(base, 1e-12))  # as metrics.derive computes it
    outcomes = []
    for metric in key_order(prevalence, OUTCOMES):  # violence and arrests first if HIV is rare
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
        "fsw_prevalence": None if prevalence is None else prevalence.as_dict(),
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
            "kind": choice.kind,
            "country": choice.country,
            "reason": choice.reason,
        }
        params = {
            **request.model_dump(),
            "at": sim.start.isoformat(),
            "reference": sim.reference,
            "names": {res.law_id: res.name for res in sim.results},
            "metrics": METRICS,
            "impact": impact,
            **lead_outcomes(sim, {res.law_id: res.name for res in sim.results}),
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


def _hiv_change(a: dict[str, float]) -> str:
    if a["median"] >= 0:
        return (
            f"avert {a['median']:.1f}% of HIV infections among sex workers and clients "
            f"(95% interval {a['lo']:.1f}% to {a['hi']:.1f}%)"
        )
    # the same interval, read as an increase
    return (
        f"increase HIV infections among sex workers and clients by {-a['median']:.1f}% "
        f"(95% interval {-a['hi']:.1f}% to {-a['lo']:.1f}%)"
    )


def _others(estimate: dict[str, Any]) -> list[str]:
    """Violence and arrests in words (paired changes), in the order they lead."""
    by_id = {o["metric"]: o for o in estimate["outcomes"]}
    return [
        change_text(m, d["median"], d["lo"], d["hi"], by_id[m]["p_better"])
        for m in ("violence_incidents", "arrests")
        if m in by_id
        for d in [by_id[m]["difference"]]
    ]


def headline(estimate: dict[str, Any]) -> str:
    """The estimate in plain sentences: where (own, built or borrowed setting), how much, how
    sure, against which law; violence and arrests lead where HIV is rare, else follow HIV."""
    a = estimate["averted_pct"]
    setting, base = estimate["setting_label"], estimate["base_name"]
    kind = estimate.get("kind") or ("own" if estimate["own"] else "borrowed")
    where = place.phrase(kind, setting, str(estimate.get("country") or "another country"))
    against = f"{base}'s current law" + ("" if kind != "borrowed" else f" applied in {setting}")
    p = estimate["p_better"]
    chance = "" if p is None else f"; probability it is better: {100 * p:.0f}%"
    over = years_text(float(estimate["years"]))
    others = _others(estimate)
    prev = estimate.get("fsw_prevalence")
    if prev and prev.get("rare") and others:
        return (
            f"{where}, where HIV is rare ({share_text(prev['median'])} of sex workers live with "
            f"HIV at the start), this bill would change {'; '.join(others)} over {over} "
            f"compared with {against}. HIV: it would {_hiv_change(a)}{chance}."
        )
    tail = f" Beside HIV: {'; '.join(others)}." if others else ""
    return (
        f"{where}, this bill would {_hiv_change(a)} over {over} compared with {against}"
        f"{chance}.{tail}"
    )


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
        "kind": found.get("kind") or ("own" if found["own"] else "borrowed"),
        "fsw_prevalence": found.get("fsw_prevalence"),
        "stale": found["digest"] != bill_digest(saved["document"]),
    }
