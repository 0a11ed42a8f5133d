"""Simulate any law or bill in any setting, on common random numbers, with uncertainty.

A convenience over :func:`swpolicy.scenarios.run.run` for callers that hold law objects: it
builds the :class:`RunSpec` and runs it. See ``run.py`` for the step order and ``metrics.py``
for what is reported; counts are per 1,000 sex workers at the start of the projection.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from typing import TypedDict, Unpack

from swpolicy.law.model import Law, as_date
from swpolicy.scenarios.assumptions import Assumptions, named
from swpolicy.scenarios.executor import Executor
from swpolicy.scenarios.metrics import METRICS as DECLARED
from swpolicy.scenarios.results import LawResult, RunResult, Simulation
from swpolicy.scenarios.run import change_dates, fractional_year, run
from swpolicy.scenarios.spec import RunSpec, spec_from_options

__all__ = [
    "METRICS",
    "LawResult",
    "Simulation",
    "change_dates",
    "fractional_year",
    "simulate",
    "spec_for",
]

Tick = Callable[[int], None]
# Metric id -> its description, derived from the declarations (for older callers and the API).
METRICS = {m.id: m.label for m in DECLARED}


class SpecOptions(TypedDict, total=False):
    """The run options a caller holding law objects may set (the rest take RunSpec defaults)."""

    at: date | str | None
    years: float
    draws: int
    seed: int


def spec_for(
    setting: str,
    laws: Sequence[Law],
    *,
    assumptions: Assumptions | None = None,
    **options: Unpack[SpecOptions],
) -> RunSpec:
    """The spec of a run of these laws (their ids or files recorded as references)."""
    refs = tuple(law.source if law.source.endswith((".yaml", ".yml")) else law.id for law in laws)
    fields: dict[str, object] = {k: v for k, v in options.items() if k != "at"}
    fields |= {"setting": setting, "laws": tuple(dict.fromkeys(refs))}
    fields["assumptions"] = (assumptions or named("default")).name
    fields["start"] = as_date(options.get("at"))
    return spec_from_options(fields)


def simulate(
    setting_name: str,
    laws: Sequence[Law],
    *,
    assumptions: Assumptions | None = None,
    tick: Tick | None = None,
    executor: Executor | None = None,
    **options: Unpack[SpecOptions],
) -> RunResult:
    """Project every law in `laws` (and the setting's current law) in one setting."""
    from swpolicy.errors import UsageError

    if not laws:
        raise UsageError("give at least one law")
    spec = spec_for(setting_name, laws, assumptions=assumptions, **options)
    return run(spec, laws=laws, assumptions=assumptions, executor=executor, tick=tick)
