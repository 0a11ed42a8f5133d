"""Pydantic models of the evidence files: the shape of an effect size (`validate` adds meaning).

Each effect size is data so that every number the simulator uses carries its source, its
uncertainty and whose claim it is. The file format is documented in docs/evidence.md.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, StrictStr

Scale = Literal[
    "odds_ratio",
    "risk_ratio",
    "hazard_ratio",
    "proportion",
    "rate_per_year",
    "relative_change",
    "count",
    "ratio",
]
RATIO_SCALES: frozenset[str] = frozenset({"odds_ratio", "risk_ratio", "hazard_ratio", "ratio"})

Interval = Literal["ci95", "range", "assumed_range"]
Distribution = Literal["lognormal", "beta", "uniform", "triangular", "fixed"]
EvidenceType = Literal["measured", "pooled", "assumed", "calibrated"]
Claim = Literal[
    "mainstream",
    "critics",
    "sex_worker_organisations",
    "human_rights_organisations",
    "government_evaluation",
    "model_assumption",
]


def _number(value: Any) -> float:
    """Accept YAML numbers only (not text, not true/false), as floats."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValueError(f"expected a number, got {value!r}")
    return float(value)


Number = Annotated[float, BeforeValidator(_number)]
EntryId = Annotated[str, Field(pattern=r"^[a-z][a-z0-9]*(_[a-z0-9]+)*$", max_length=80)]
Text = Annotated[StrictStr, Field(min_length=1)]
Bounds = Annotated[list[Number], Field(min_length=2, max_length=2)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Source(_Strict):
    """Where a number comes from: a citation plus a DOI and/or URL, and where in the text."""

    citation: Text
    doi: Text | None = None
    url: Text | None = None
    locator: Text | None = None

    def link(self) -> str:
        """The most stable pointer to the source: the DOI as a URL, else the URL."""
        if self.doi:
            return f"https://doi.org/{self.doi}"
        return self.url or ""


class Study(_Strict):
    """One study's estimate, for pooling (`swpolicy.evidence.pool`)."""

    label: Text
    estimate: Number
    ci: Bounds
    source: Source


class Entry(_Strict):
    """One effect size or parameter, with its uncertainty, distribution and source."""

    id: EntryId
    quantity: Text
    scale: Scale
    estimate: Number
    ci: Bounds
    interval: Interval
    distribution: Distribution
    population: Text
    setting: Text
    design: Text
    type: EvidenceType
    source: Source
    claim: Claim
    direction: Text
    note: Text
    studies: list[Study] | None = None

    @property
    def low(self) -> float:
        return float(self.ci[0])

    @property
    def high(self) -> float:
        return float(self.ci[1])


class EvidenceFile(_Strict):
    """One themed file of entries (e.g. policing.yaml)."""

    theme: Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$")]
    title: Text
    entries: list[Entry] = Field(min_length=1)
