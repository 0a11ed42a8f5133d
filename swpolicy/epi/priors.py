"""Wide, sourced priors by world region, for what a jurisdiction's indicators do not report.

``swpolicy/epi/data/regional_priors.yaml`` holds, per UN region (``swpolicy.maps.region_of``)
and optionally per subregion, a `Quantity` for each model input the setting builder may need
(and ``fsw_hiv_prevalence`` for a prior-only calibration target), over a ``default`` used where
a region has no estimate of its own. :func:`prior` looks one up: subregion, region, default.
Every entry passes the checks of any quantity; problems are located as file:line:col.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from swpolicy.epi.schema import DATA_DIR, EpiDataError, Param
from swpolicy.errors import InputError, Issue
from swpolicy.evidence.quantity import Quantity, Text, check_quantity
from swpolicy.sourcefile import Document, load_yaml

PRIORS_FILE = DATA_DIR / "regional_priors.yaml"


class Timeline(BaseModel):
    """The assumed time line of a place with none of its own."""

    model_config = ConfigDict(extra="forbid")

    start_year: float
    condom_years: tuple[float, float]
    art_years: tuple[float, float]
    note: Text


class RegionalPriors(BaseModel):
    """The whole priors file."""

    model_config = ConfigDict(extra="forbid")

    exposures_year: int = Field(ge=1980, le=2100)
    prevalence_year: float = Field(ge=1980, le=2100)
    timeline: Timeline
    generalised_threshold: Quantity
    fallback_regions: dict[str, str]
    default: dict[str, Param]
    regions: dict[str, dict[str, Param]]
    subregions: dict[str, dict[str, Param]] = Field(default_factory=dict)


@dataclass(frozen=True)
class Place:
    """Where a jurisdiction is, for the lookup of its priors."""

    region: str | None
    subregion: str | None

    @property
    def words(self) -> str:
        """The place in words, for notes ("Northern Africa, Africa")."""
        parts = [p for p in (self.subregion, self.region) if p]
        return ", ".join(parts) or "no region"


def _checks(doc: Document, raw: Any) -> list[Issue]:
    """Meaning checks of every quantity in the file (estimate inside its interval, sources)."""
    issues: list[Issue] = []
    if not isinstance(raw, dict):
        return issues
    if isinstance(raw.get("generalised_threshold"), dict):
        issues.extend(check_quantity(doc, ("generalised_threshold",), raw["generalised_threshold"]))
    groups: list[tuple[tuple[str, ...], Any]] = [(("default",), raw.get("default"))]
    for key in ("regions", "subregions"):
        if isinstance(raw.get(key), dict):
            groups.extend(((key, name), spec) for name, spec in raw[key].items())
    for path, spec in groups:
        if isinstance(spec, dict):
            for name, q in spec.items():
                if isinstance(q, dict):
                    issues.extend(check_quantity(doc, (*path, name), q))
    return issues


def read_priors(path: Path = PRIORS_FILE) -> RegionalPriors:
    """Validate the regional priors file; every problem located as file:line:col."""
    if not path.is_file():
        raise EpiDataError([Issue(str(path), 1, 1, "", "file not found")])
    try:
        doc = load_yaml(path)
    except InputError as exc:
        raise EpiDataError(exc.issues) from exc
    issues = _checks(doc, doc.data)
    parsed, problems = doc.parse(RegionalPriors, doc.data)
    issues.extend(problems)
    if parsed is not None:
        issues.extend(
            doc.issue(("default",), f"missing prior {name!r}")
            for name in REQUIRED
            if name not in parsed.default
        )
    if parsed is None or issues:
        raise EpiDataError(issues)
    return parsed


@lru_cache(maxsize=4)
def _cached(path: Path, mtime_ns: int) -> RegionalPriors:
    return read_priors(path)


def load_priors(path: Path = PRIORS_FILE) -> RegionalPriors:
    """The regional priors (validated once per edit of the file)."""
    return _cached(path.resolve(), path.stat().st_mtime_ns)


def place_of(jurisdiction: str, parent: str | None = None) -> Place:
    """A jurisdiction's UN region and subregion (from the world map, else the fallback list)."""
    from swpolicy.maps.world import region_of, units

    region = region_of(jurisdiction, parent)
    country = parent or jurisdiction.split("-")[0]
    by_id = {u.id: u for u in units()}
    unit = by_id.get(jurisdiction) or by_id.get(country)
    if region is None:
        region = load_priors().fallback_regions.get(country)
    return Place(region, unit.subregion if unit is not None else None)


# Every input the builder may take from the priors (the model's setting inputs it does not
# fix itself, and the prevalence of a prior-only target).
REQUIRED = (
    "fsw_hiv_prevalence",
    "client_ratio",
    "fsw_acts",
    "dur_fsw",
    "dur_client",
    "p_violence",
    "p_police",
    "p_outdoor",
    "condom_early",
    "condom_late",
    "beta_mf",
    "seed_prev",
    "external_foi",
    "art_rate_max",
)


def prior(name: str, place: Place) -> tuple[Param, str]:
    """The prior for ``name`` at ``place`` and which level it came from (subregion, region or
    "default", in words)."""
    priors = load_priors()
    if place.subregion and name in priors.subregions.get(place.subregion, {}):
        return priors.subregions[place.subregion][name], place.subregion
    if place.region and name in priors.regions.get(place.region, {}):
        return priors.regions[place.region][name], place.region
    return priors.default[name], "default (no regional estimate)"
