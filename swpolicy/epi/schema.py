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


TargetKind = Literal["prevalence", "incidence", "art_coverage", "violence", "police", "outdoor"]
# Target kinds that observe an exposure of FSW rather than HIV (the structural determinants).
EXPOSURE_KINDS = ("violence", "police", "outdoor")
Likelihood = Literal["binomial", "beta_binomial", "poisson", "logit_normal", "log_normal"]
TargetInterval = Literal["sampling", "widened", "assumed"]

# Units of a target's value, interval and model prediction, by kind.
TARGET_UNITS: dict[str, str] = {
    "prevalence": "fraction of the population living with HIV (0-1)",
    "incidence": "new HIV infections per person-year at risk (HIV-negative person-years)",
    "art_coverage": "fraction of people living with HIV who are on ART (0-1)",
    "violence": "fraction of FSW who experienced violence in the recall period (0-1)",
    "police": "fraction of FSW with police contact (harassment, arrest) in the recall period (0-1)",
    "outdoor": "fraction of FSW who work mainly outdoors or in public places (0-1)",
}


class Target(BaseModel):
    """A calibration target: one observed quantity of the epidemic, its interval and likelihood.

    ``kind`` says what is observed (units in :data:`TARGET_UNITS`): HIV prevalence at ``year``,
    HIV incidence over the period ``year`` = [start, end] (or the year around a single
    ``year``), ART coverage among people living with HIV at ``year``, or the share of FSW in an
    exposure state at ``year`` (``violence``, ``police``, ``outdoor``: the model's status-quo
    stratum prevalence, which the setting's ``p_violence``/``p_police``/``p_outdoor`` inputs
    anchor, so such a target constrains those inputs; its recall period must be the input's).
    The likelihood of a
    model prediction uses the survey's own counts where they are known (``binomial`` from ``n``;
    ``beta_binomial`` from ``n`` and a ``design_effect`` for clustered or district-varying
    samples; ``poisson`` from ``events`` and ``person_years``), otherwise a normal on the logit
    (``logit_normal``, fractions) or log scale (``log_normal``, rates) whose 95% interval is
    [lo, hi]. ``interval`` says how [lo, hi] was obtained: from sampling error alone, widened
    beyond it (for example for district variation, an assumption), or assumed outright. A
    target with ``used_in_fit: false`` is shown beside the posterior but does not weight it.
    """

    model_config = ConfigDict(extra="forbid")

    name: str = Field(pattern=r"^[a-z][a-z0-9_]{0,63}$")
    kind: TargetKind = "prevalence"
    population: Literal["fsw", "clients"]
    year: float | tuple[float, float]
    value: float = Field(ge=0)
    lo: float = Field(ge=0)
    hi: float = Field(ge=0)
    likelihood: Likelihood
    interval: TargetInterval
    n: int | None = Field(None, gt=0)
    design_effect: float | None = Field(None, gt=1)
    events: int | None = Field(None, ge=0)
    person_years: float | None = Field(None, gt=0)
    used_in_fit: bool = True
    source: Source
    note: str = ""

    @property
    def period(self) -> tuple[float, float]:
        """The years the target covers (a single year's incidence is the year around it)."""
        if isinstance(self.year, tuple):
            return self.year
        if self.kind == "incidence":
            return (self.year - 0.5, self.year + 0.5)
        return (self.year, self.year)

    @property
    def last_year(self) -> float:
        """The latest time the model must reach to predict this target."""
        return self.period[1]

    @model_validator(mode="after")
    def _consistent(self) -> Target:
        if not self.lo <= self.value <= self.hi:
            raise ValueError("need lo <= value <= hi")
        if self.kind in EXPOSURE_KINDS and self.population != "fsw":
            raise ValueError(f"a {self.kind} target observes FSW: need population fsw")
        if self.kind != "incidence" and self.hi > 1:
            raise ValueError(f"a {self.kind} target is a fraction: need hi <= 1")
        if isinstance(self.year, tuple):
            if self.kind != "incidence":
                raise ValueError("a year range [start, end] is for incidence targets only")
            if not self.year[0] < self.year[1]:
                raise ValueError("year range: need start < end")
        needs = {
            "binomial": ("n",),
            "beta_binomial": ("n", "design_effect"),
            "poisson": ("events", "person_years"),
        }.get(self.likelihood, ())
        missing = [f for f in needs if getattr(self, f) is None]
        if missing:
            raise ValueError(f"likelihood {self.likelihood} needs {', '.join(missing)}")
        if self.likelihood == "poisson" and self.kind != "incidence":
            raise ValueError("a poisson likelihood is for incidence targets (events/person-years)")
        if self.likelihood in ("binomial", "beta_binomial", "logit_normal") and (
            self.kind == "incidence"
        ):
            raise ValueError(f"{self.likelihood} is for fractions; use poisson or log_normal")
        if self.likelihood in ("logit_normal", "log_normal") and not 0 < self.lo < self.hi:
            raise ValueError(f"{self.likelihood} needs 0 < lo < hi")
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
    if not path.is_file():
        raise EpiDataError([Issue(str(path), 1, 1, "", "file not found")])
    try:
        doc = load_yaml(path)
    except InputError as exc:
        raise EpiDataError(exc.issues) from exc
    return validate_document(model, doc)


def validate_document(model: type[M], doc: Document) -> M:
    """Validate loaded data (a file's, or a document built in memory such as the setting
    builder's): parameters checked and registry references resolved, every problem located."""
    from swpolicy.evidence.sampling import check_distribution

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
