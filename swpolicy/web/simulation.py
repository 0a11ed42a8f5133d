"""Simulation requests: their validation, the background runner and result downloads."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from dataclasses import replace
from typing import Annotated, Any, Literal

from annotated_types import Ge, Le
from pydantic import (
    AfterValidator,
    AllowInfNan,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
    WithJsonSchema,
    field_validator,
    model_validator,
)

from swpolicy import bounds
from swpolicy.epi.settings import builder_ids, shipped
from swpolicy.errors import UsageError
from swpolicy.law.model import Law
from swpolicy.scenarios.assumptions import Assumptions, from_data, named
from swpolicy.scenarios.executor import Executor, InProcess
from swpolicy.scenarios.headline import change_text, key_order, prevalence_at_start
from swpolicy.scenarios.place import known_setting, setting_kind
from swpolicy.scenarios.results import RunResult
from swpolicy.scenarios.run import run as run_spec
from swpolicy.scenarios.run import tasks_needed
from swpolicy.scenarios.simulate import METRICS
from swpolicy.scenarios.spec import RunSpec
from swpolicy.web.assumption_panel import editable_ids, link_ids
from swpolicy.web.jobs import Job, Runner
from swpolicy.web.limits import EARLIEST_START, LATEST_START, MAX_DRAWS, MAX_WORK
from swpolicy.web.run_extras import driver_tasks, run_extras
from swpolicy.web.services import (
    LAW_REF,
    JsonBool,
    JsonFloat,
    JsonInt,
    ProjectionStart,
    json_number,
    parse_day,
    resolve_ref,
)
from swpolicy.web.store import Store


def _known_setting(value: str) -> str:
    if not known_setting(value):
        raise ValueError(
            f"unknown setting {value!r}; expected one of {', '.join(shipped())} "
            "or built-<jurisdiction id> (a setting built from indicators)"
        )
    return value


# A setting's name: a shipped one (the schema lists them, so a generated valid request uses a
# real one) or a builder-made `built-<jurisdiction>`.
Setting = Annotated[
    str,
    AfterValidator(_known_setting),
    WithJsonSchema({"type": "string", "enum": [*shipped(), *builder_ids()]}),
]
CSV_FIELDS = ("law", "setting", "metric", "median", "lo", "hi")


def _one_of(kind: str, known: tuple[str, ...]) -> Callable[[str], str]:
    """A check that a value is an id of `kind` from `known`."""

    def check(value: str) -> str:
        if value not in known:
            raise ValueError(f"unknown {kind} {value!r}; expected one of {', '.join(known)}")
        return value

    return check


# Ids of links and of overridable evidence entries; the schema lists them (dictionary keys).
LinkId = Annotated[
    str,
    AfterValidator(_one_of("link", link_ids())),
    WithJsonSchema({"type": "string", "enum": list(link_ids())}),
]
EntryId = Annotated[
    str,
    AfterValidator(_one_of("evidence entry", editable_ids())),
    WithJsonSchema({"type": "string", "enum": list(editable_ids())}),
]
# The constraints come before the validator: after it, pydantic's schema would not state them.
OverrideValue = Annotated[
    float,
    Ge(bounds.OVERRIDE.low),
    Le(bounds.OVERRIDE.high),
    AllowInfNan(False),
    BeforeValidator(json_number),
]


class NumberOverride(BaseModel):
    """New numbers for one evidence entry: its estimate and/or its interval [low, high]."""

    model_config = ConfigDict(extra="forbid")

    estimate: OverrideValue | None = None
    ci: Annotated[list[OverrideValue], Field(min_length=2, max_length=2)] | None = None

    def changes(self) -> dict[str, Any]:
        return self.model_dump(exclude_none=True)


class SimulationRequest(BaseModel):
    """What `POST /api/simulations` (and the simulation form) accepts."""

    model_config = ConfigDict(extra="forbid")

    setting: Setting = Field(description="a shipped setting (GET /api/settings lists them)")
    laws: list[Annotated[str, StringConstraints(pattern=LAW_REF)]] = Field(
        min_length=1,
        max_length=8,
        description="jurisdiction ids or bill:<saved bill id>, each once",
        json_schema_extra={"uniqueItems": True},
    )
    at: ProjectionStart = Field(
        None,
        description=f"law date and projection start (YYYY-MM-DD), {EARLIEST_START} to "
        f"{LATEST_START}; default today",
    )
    years: JsonFloat = Field(10.0, ge=1, le=50, allow_inf_nan=False)
    draws: JsonInt = Field(2000, ge=100, le=MAX_DRAWS)
    seed: JsonInt = Field(1, ge=0, le=2**31 - 1)
    assumptions: Literal["default", "critics"] = "default"
    driver_samples: Literal[0, 16, 32, 64, 128, 256] = Field(
        32,
        description="size of the 'what drives this' analysis (Sobol' base samples) of the first "
        "law against the setting's own law; 0 skips it",
    )
    links: dict[LinkId, JsonBool] = Field(
        default_factory=dict,
        description="links switched on (true) or off (false) against the assumption set "
        "(GET /api/assumptions lists them)",
    )
    evidence: dict[EntryId, NumberOverride] = Field(
        default_factory=dict,
        description="new numbers for the links' evidence entries; each must still be a valid "
        "entry (the estimate inside its interval, values its unit allows), else 422 naming it",
    )

    @field_validator("laws")
    @classmethod
    def _once(cls, value: list[str]) -> list[str]:
        if len(set(value)) != len(value):
            raise ValueError("the same law is listed twice")
        return value

    @model_validator(mode="after")
    def _bounded_work(self) -> SimulationRequest:
        work = work_of(self.draws, len(self.laws), self.years)
        if work > MAX_WORK:
            raise ValueError(
                f"draws x laws x years is {work:,.0f} (the setting's own law counts as one), "
                f"more than the limit of {MAX_WORK:,}; use fewer draws, laws or years"
            )
        return self


def work_of(draws: int, n_laws: int, years: float) -> float:
    """The work of a request: draws x laws (with the setting's own law) x years."""
    return draws * (n_laws + 1) * years


def check_laws(request: SimulationRequest, store: Store) -> list[Law]:
    """Resolve every law now, so an unknown id or bill is a 4xx, not a failed job."""
    laws = [resolve_ref(ref, store) for ref in request.laws]
    if len({law.id for law in laws}) != len(laws):
        raise UsageError("laws: the same law is listed twice")
    return laws


def request_assumptions(request: SimulationRequest) -> Assumptions:
    """The assumptions a request asks for: a shipped set, with its links switched and numbers
    replaced as asked. Invalid numbers are an InputError naming the field (HTTP 422)."""
    if not request.links and not request.evidence:
        return named(request.assumptions)
    data = {
        "base": request.assumptions,
        "enable": [link for link, on in request.links.items() if on],
        "disable": [link for link, on in request.links.items() if not on],
        "evidence": {eid: o.changes() for eid, o in request.evidence.items() if o.changes()},
    }
    found = from_data("request", data)
    return replace(found, name=f"{request.assumptions}, changed")


def request_spec(request: SimulationRequest) -> RunSpec:
    """The run spec of a simulation request (its laws as the request names them)."""
    fields = request.model_dump(include={"setting", "years", "draws", "seed", "assumptions"})
    return RunSpec(**fields, laws=tuple(request.laws), start=parse_day(request.at))


def total_steps(request: SimulationRequest, n_laws: int) -> int:
    """Progress units of the run (tasks of the run platform, then the drivers' analysis)."""
    drivers = driver_tasks(request.draws) if request.driver_samples else 0
    return tasks_needed(request_spec(request)) + drivers


def make_runner(store: Store, executor: Executor | None = None) -> Runner:
    """The app's runner: simulate, then save the run and its rows in one transaction.

    The run's tasks go to `executor` (the server's `--workers` / `--scheduler`; in-process by
    default); the result is the same wherever they run.
    """
    where = executor or InProcess()

    def run(request_data: dict[str, Any], job: Job) -> int:
        request = SimulationRequest.model_validate(request_data)
        laws = check_laws(request, store)
        spec = request_spec(request)
        job.total = tasks_needed(spec, where) + (  # the task count depends on the executor
            driver_tasks(request.draws, where) if request.driver_samples else 0
        )
        assumptions = request_assumptions(request)
        sim = run_spec(spec, laws=laws, assumptions=assumptions, executor=where, tick=job.tick)
        names = {res.law_id: res.name for res in sim.results}
        extras = run_extras(
            sim, spec, laws, assumptions, request.driver_samples, job.tick, executor=where
        )
        params = {
            **request.model_dump(),
            **extras,
            "at": sim.start.isoformat(),
            "reference": sim.reference,
            "names": names,
            "metrics": METRICS,
            # A missed calibration is said at the top of the run page (a failed one never
            # reaches here: the run refuses).
            "calibration_status": sim.calibration_status,
            "calibration_warning": sim.calibration_warning,
            **lead_outcomes(sim, names),
        }
        return store.save_run(
            sim.setting,
            [res.law_id for res in sim.results],
            params,
            sim.assumptions,
            sim.calibration,
            sim.rows(),
        )

    return run


def lead_outcomes(sim: RunResult, names: dict[str, str]) -> dict[str, Any]:
    """What the run page says first: the setting in words and whether it was built from
    indicators, FSW HIV prevalence at the start (rare or not), and per law its paired change
    from the setting's law on the key outcomes (violence and arrests first where HIV is rare)."""
    prevalence = prevalence_at_start(sim)
    order = key_order(prevalence)
    changes = []
    for arm in sim.results:
        if arm.law_id == sim.reference:
            continue
        parts = []
        for metric in order:
            if metric in sim.metric_ids:
                d = sim.difference(arm.law_id, metric)
                p = sim.probability_better(arm.law_id, metric)
                parts.append(change_text(metric, d.median, d.lo, d.hi, p))
        changes.append({"law": arm.law_id, "name": names.get(arm.law_id, arm.name), "parts": parts})
    return {
        "setting_label": sim.label,
        "setting_kind": setting_kind(sim.setting),
        "fsw_prevalence": None if prevalence is None else prevalence.as_dict(),
        "prevalence_text": "" if prevalence is None else prevalence.text(),
        "lead_changes": changes,
    }


def rows_csv(rows: list[dict[str, Any]]) -> str:
    """Rows as CSV with a header (the same columns as `swpolicy simulate --json`)."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=CSV_FIELDS, extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()
