"""Data schemas and loaders for the epi model's parameter files.

Every number the model uses lives in ``swpolicy/epi/data/*.yaml``, and each is a
`swpolicy.evidence.Quantity`, the one schema for a sourced, uncertain number: written inline
(estimate, interval, distribution, unit, type, source, note), or as a reference to an entry of
the evidence registry (``evidence: ID``), which is resolved to the entry's quantity by the same
code. Files are read with the safe loader of `swpolicy.sourcefile` and validated with pydantic;
every problem is reported at once as an :class:`EpiDataError` (an `InputError` whose issues are
located as ``file:line:col: field: message``).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field, model_validator

from swpolicy.errors import InputError, Issue, SwpolicyError
from swpolicy.evidence.quantity import (
    EntryId,
    EvidenceType,
    Quantity,
    Source,
    Strict,
    Text,
    Unit,
    check_quantity,
    check_source,
)
from swpolicy.sourcefile import Document, FieldPath, load_yaml

DATA_DIR = Path(__file__).parent / "data"

M = TypeVar("M", bound="BaseModel")


class EpiDataError(InputError):
    """A parameter file is missing, unreadable or invalid; every issue names file and field."""


class Param(Quantity):
    """One model input: a `Quantity`, plus the evidence entry its numbers were read from."""

    evidence: EntryId | None = None


class EvidenceRef(Strict):
    """A parameter whose numbers are an evidence-registry entry (one source of truth).

    `transform: inverse` turns an odds ratio of condom use into one of non-use. A parameter may
    still say what it measures here and set its own `type`, `unit` and `note` (for example
    `assumed` when a measure is transferred to another setting or outcome).
    """

    evidence: EntryId
    transform: Literal["inverse"] | None = None
    quantity: Text | None = None
    type: EvidenceType | None = None
    unit: Unit | None = None
    note: Text | None = None


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
        if not self.lo <= self.value <= self.hi:
            raise ValueError("need lo <= value <= hi")
        return self


class SettingLaw(BaseModel):
    """The jurisdiction whose law the setting lives under, and when its exposures were measured.

    Law-to-outcome simulation scales the setting's exposures relative to this law on this date:
    the exposure prevalences in the file were measured under it.
    """

    model_config = ConfigDict(extra="forbid")

    jurisdiction: str
    exposures_measured: date


class Population(Quantity):
    """An estimate of the number of sex workers in the setting, for totals (not for rates):
    a sourced, uncertain number like any other, with the year and method of the estimate."""

    year: int
    method: Text


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


def resolve(ref: EvidenceRef) -> Param:
    """The quantity a reference stands for: the registry entry's numbers, source and claim.

    Raises ValueError (or a `UsageError` for an unknown id) when the entry cannot be used.
    """
    from swpolicy.evidence import load_registry

    entry = load_registry().get(ref.evidence)
    low, high, estimate = entry.low, entry.high, float(entry.estimate)
    if ref.transform == "inverse":
        if entry.distribution != "lognormal" or low <= 0:
            raise ValueError("inverse needs a lognormal entry with a positive interval")
        low, high, estimate = 1.0 / high, 1.0 / low, 1.0 / estimate
    done = ", inverted." if ref.transform == "inverse" else "."
    return Param(
        quantity=ref.quantity or entry.quantity,
        estimate=estimate,
        ci=[low, high],
        interval=entry.interval,
        distribution=entry.distribution,
        unit=ref.unit or entry.unit,
        type=ref.type or entry.type,
        claim=entry.claim,
        source=entry.source,
        note=(ref.note + " " if ref.note else "") + f"Numbers from evidence entry {entry.id}{done}",
        evidence=entry.id,
    )


def _parameter(doc: Document, path: FieldPath, raw: Any) -> tuple[Any, list[Issue]]:
    """One raw parameter, checked and (for a registry reference) resolved to a quantity.

    Returns what the file's model should validate in its place (None when it was reported).
    """
    if not isinstance(raw, dict):
        return raw, []  # the schema reports the wrong shape
    if "evidence" not in raw:
        return raw, check_quantity(doc, path, raw)
    numbers = sorted(set(raw) - set(EvidenceRef.model_fields))
    if numbers:
        message = f"{numbers} come from the evidence entry; remove them here"
        return None, [doc.issue((*path, numbers[0]), message)]
    ref, issues = doc.parse(EvidenceRef, raw, path)
    if ref is None:
        return None, issues
    try:
        return resolve(ref).model_dump(), []
    except (ValueError, SwpolicyError) as exc:
        return None, [doc.issue((*path, "evidence"), str(exc))]


def _parameters(doc: Document, raw: Any) -> tuple[Any, list[Issue]]:
    """The file's raw data with every parameter checked and registry references resolved."""
    if not isinstance(raw, dict) or not isinstance(raw.get("parameters"), dict):
        return raw, []
    params: dict[str, Any] = {}
    issues: list[Issue] = []
    for name, spec in raw["parameters"].items():
        value, found = _parameter(doc, ("parameters", name), spec)
        issues.extend(found)
        if value is not None:  # a reported parameter adds no "missing field" noise below
            params[name] = value
    return {**raw, "parameters": params}, issues


def _sources(doc: Document, raw: Any) -> list[Issue]:
    """Every calibration target and published result names a source with a link; a population
    estimate passes the checks of every quantity."""
    issues: list[Issue] = []
    if isinstance(raw, dict) and isinstance(raw.get("population"), dict):
        issues.extend(check_quantity(doc, ("population",), raw["population"]))
    if isinstance(raw, dict):
        for key in ("targets", "results"):
            items = raw.get(key)
            for i, item in enumerate(items if isinstance(items, list) else []):
                if isinstance(item, dict):
                    issues.extend(check_source(doc, (key, i, "source"), item.get("source")))
    return issues


def _validate(model: type[M], path: Path) -> M:
    """Load a data file safely and validate it; every problem is located as file:line:col."""
    from swpolicy.evidence.sampling import check_distribution

    if not path.is_file():
        raise EpiDataError([Issue(str(path), 1, 1, "", "file not found")])
    try:
        doc = load_yaml(path)
    except InputError as exc:
        raise EpiDataError(exc.issues) from exc
    raw, issues = _parameters(doc, doc.data)
    issues.extend(_sources(doc, raw))
    parsed, problems = doc.parse(model, raw)
    issues.extend(problems)
    if parsed is not None and not issues:
        for name, param in getattr(parsed, "parameters", {}).items():
            if problem := check_distribution(param):
                issues.append(doc.issue(("parameters", name, "distribution"), problem))
    if parsed is None or issues:
        raise EpiDataError(issues)
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
