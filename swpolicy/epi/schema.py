"""Data schemas and loaders for the epi model's parameter files.

Every number the model uses lives in ``swpolicy/epi/data/*.yaml``. Each parameter carries its
source, its uncertainty and its evidence type, so a reader can see which inputs are measured,
pooled, assumed or calibrated. Files are read with ruamel.yaml's safe loader and validated with
pydantic; any problem raises :class:`EpiDataError` naming the file and the field.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field, model_validator

from swpolicy.errors import SwpolicyError

DATA_DIR = Path(__file__).parent / "data"

M = TypeVar("M", bound="BaseModel")
EvidenceType = Literal["measured", "pooled", "assumed", "calibrated"]
Distribution = Literal["fixed", "uniform", "loguniform", "lognormal"]


class EpiDataError(SwpolicyError, ValueError):
    """A parameter file is missing, unreadable or invalid; the message names file and field."""


class Source(BaseModel):
    """Where a number comes from: a citation plus a DOI or URL and a locator (table, page)."""

    model_config = ConfigDict(extra="forbid")

    citation: str
    doi: str | None = None
    url: str | None = None
    locator: str

    @model_validator(mode="after")
    def _needs_link(self) -> Source:
        if not self.doi and not self.url:
            raise ValueError("a source needs a doi or a url")
        return self


class Param(BaseModel):
    """One model input with its uncertainty.

    ``dist`` says how Latin hypercube samples map to values: ``uniform``/``loguniform`` over
    [low, high]; ``lognormal`` treats [low, high] as a 95% interval around ``value`` (used for
    odds ratios); ``fixed`` always gives ``value``.
    """

    model_config = ConfigDict(extra="forbid")

    value: float
    low: float | None = None
    high: float | None = None
    dist: Distribution
    type: EvidenceType
    unit: str = ""
    source: Source
    note: str = ""
    evidence: str | None = None  # the evidence-registry entry the numbers come from

    @model_validator(mode="after")
    def _check_range(self) -> Param:
        if self.dist == "fixed":
            return self
        if self.low is None or self.high is None:
            raise ValueError(f"dist '{self.dist}' needs low and high")
        if not self.low <= self.value <= self.high:
            raise ValueError(f"value {self.value} outside [{self.low}, {self.high}]")
        if self.dist in ("loguniform", "lognormal") and self.low <= 0:
            raise ValueError(f"dist '{self.dist}' needs low > 0")
        if self.low == self.high:
            raise ValueError("low == high: use dist 'fixed'")
        return self


def _check_order(lo: float, value: float, hi: float, name: str) -> None:
    if not lo <= value <= hi:
        raise ValueError(f"need lo <= {name} <= hi")


class Target(BaseModel):
    """A calibration target: HIV prevalence in a population in a year, with its 95% interval."""

    model_config = ConfigDict(extra="forbid")

    population: Literal["fsw", "clients"]
    year: float
    value: float = Field(ge=0, le=1)
    lo: float = Field(ge=0, le=1)
    hi: float = Field(ge=0, le=1)
    source: Source
    note: str = ""

    @model_validator(mode="after")
    def _ordered(self) -> Target:
        _check_order(self.lo, self.value, self.hi, "value")
        return self


class SettingLaw(BaseModel):
    """The jurisdiction whose law the setting lives under, and when its exposures were measured.

    Law-to-outcome simulation scales the setting's exposures relative to this law on this date:
    the exposure prevalences in the file were measured under it.
    """

    model_config = ConfigDict(extra="forbid")

    jurisdiction: str
    exposures_measured: date


class Population(BaseModel):
    """An estimate of the number of sex workers in the setting, for totals (not for rates)."""

    model_config = ConfigDict(extra="forbid")

    estimate: float = Field(gt=0)
    lo: float = Field(gt=0)
    hi: float = Field(gt=0)
    year: int
    method: str
    source: Source
    note: str = ""

    @model_validator(mode="after")
    def _ordered(self) -> Population:
        _check_order(self.lo, self.estimate, self.hi, "estimate")
        return self


class Setting(BaseModel):
    """A city or district: its parameters, time line and calibration targets.

    One YAML file declares everything about a setting (see :mod:`swpolicy.epi.settings`): its
    name, the place (ISO 3166), the law its exposures were measured under and when, the
    epidemic inputs, the calibration targets and which counterfactual scenarios apply.
    """

    model_config = ConfigDict(extra="forbid")

    name: str = Field(pattern=r"^[a-z][a-z0-9_-]{0,63}$")
    place: str = Field(pattern=r"^[A-Z]{2}(-[A-Z0-9]{1,3})?$")
    label: str
    law: SettingLaw
    scenarios: list[str] = Field(default_factory=list)
    epidemic: Literal["generalised", "concentrated"]
    bridge: bool
    start_year: float
    condom_years: tuple[float, float]
    art_years: tuple[float, float]
    parameters: dict[str, Param]
    targets: list[Target] = Field(min_length=1)
    population: Population | None = None
    note: str = ""


class Common(BaseModel):
    """Parameters shared by all settings (natural history, per-act effects, effect sizes)."""

    model_config = ConfigDict(extra="forbid")

    parameters: dict[str, Param]


Exposure = Literal["violence", "police", "outdoor"]


class Scenario(BaseModel):
    """A counterfactual that starts in ``start_year`` on the same draws as the status quo."""

    model_config = ConfigDict(extra="forbid")

    label: str
    description: str
    eliminate: list[Exposure] = Field(default_factory=list)
    art_scaleup: bool = False
    outreach: bool = False


class Scenarios(BaseModel):
    """All scenarios and the projection window."""

    model_config = ConfigDict(extra="forbid")

    start_year: float
    years: float = Field(gt=0)
    scenarios: dict[str, Scenario]


class Published(BaseModel):
    """A result published by Shannon et al. 2015 (percent of infections averted)."""

    model_config = ConfigDict(extra="forbid")

    setting: str
    scenario: str
    value: float | None
    lo: float | None
    hi: float | None
    source: Source
    note: str = ""


class PublishedFile(BaseModel):
    """The published results file."""

    model_config = ConfigDict(extra="forbid")

    results: list[Published]


def _from_evidence(raw: dict[str, Any]) -> dict[str, Any]:
    """Fill a parameter that names an evidence entry (`evidence: ID`) from the registry.

    One source of truth: an effect size used by the model is written once, in the evidence
    registry, with its source and interval. `transform: inverse` turns an odds ratio of condom
    use into one of non-use. A parameter may still set its own `type`, `unit` and `note` (for
    example `assumed` when a measure is transferred to another setting or outcome).
    """
    from swpolicy.evidence import load_registry

    entry = load_registry().get(str(raw["evidence"]))
    inverse = raw.get("transform") == "inverse"
    if raw.get("transform") not in (None, "inverse"):
        raise ValueError(f"unknown transform {raw['transform']!r}; expected inverse")
    extra = set(raw) - {"evidence", "transform", "type", "unit", "note"}
    if extra:
        raise ValueError(f"{sorted(extra)} come from the evidence entry; remove them here")
    if inverse and (entry.distribution != "lognormal" or entry.low <= 0):
        raise ValueError("inverse needs a lognormal entry with a positive interval")
    dists = {"lognormal": "lognormal", "uniform": "uniform", "fixed": "fixed"}
    if entry.distribution not in dists:
        raise ValueError(f"evidence {entry.id} uses {entry.distribution!r}, not usable here")
    low, high, value = entry.low, entry.high, entry.estimate
    if inverse:
        low, high, value = 1.0 / high, 1.0 / low, 1.0 / value
    note = raw.get("note", "")
    return {
        "value": value,
        "low": low,
        "high": high,
        "dist": dists[entry.distribution],
        "type": raw.get("type", entry.type),
        "unit": raw.get("unit", ""),
        "source": {
            "citation": entry.source.citation,
            "doi": entry.source.doi,
            "url": entry.source.url,
            "locator": entry.source.locator or f"evidence entry {entry.id}",
        },
        "note": (note + " " if note else "")
        + f"Numbers from evidence entry {entry.id}"
        + (", inverted." if inverse else "."),
        "evidence": entry.id,
    }


def _validate(model: type[M], path: Path) -> M:
    """Load a data file safely and validate it; problems are located as file:line:col."""
    from swpolicy.errors import InputError
    from swpolicy.sourcefile import load_yaml

    if not path.is_file():
        raise EpiDataError(f"{path}: file not found")
    try:
        doc = load_yaml(path)
    except InputError as exc:
        raise EpiDataError(str(exc)) from exc
    raw = doc.data
    issues = []
    if isinstance(raw, dict) and isinstance(raw.get("parameters"), dict):
        params = dict(raw["parameters"])
        for name, spec in list(params.items()):
            if isinstance(spec, dict) and "evidence" in spec:
                try:
                    params[name] = _from_evidence(spec)
                except (ValueError, SwpolicyError) as exc:
                    issues.append(str(doc.issue(("parameters", name, "evidence"), str(exc))))
                    del params[name]  # reported; do not add "missing field" noise below
        raw = {**raw, "parameters": params}
    parsed, problems = doc.parse(model, raw)
    issues.extend(str(issue) for issue in problems)
    if parsed is None or issues:
        raise EpiDataError("\n".join(issues))
    return parsed


def load_common(data_dir: Path = DATA_DIR) -> Common:
    """Load the shared parameters (``common.yaml``)."""
    return _validate(Common, data_dir / "common.yaml")


def read_setting(path: Path) -> Setting:
    """Validate one setting file (any path); see :mod:`swpolicy.epi.settings` for lookup."""
    return _validate(Setting, path)


def load_scenarios(data_dir: Path = DATA_DIR) -> Scenarios:
    """Load the scenario definitions (``scenarios.yaml``)."""
    return _validate(Scenarios, data_dir / "scenarios.yaml")


def load_published(data_dir: Path = DATA_DIR) -> PublishedFile:
    """Load the published Lancet 2015 values (``published.yaml``)."""
    return _validate(PublishedFile, data_dir / "published.yaml")
