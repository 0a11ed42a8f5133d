"""Standard indicators per jurisdiction: the sourced numbers the setting builder starts from.

One file per jurisdiction, ``swpolicy/epi/data/indicators/<jurisdiction>.yaml`` (the file stem
is the law registry id: ``ke``, ``us``, ``gb-sct``), holding only values read in a source::

    jurisdiction: ke
    country: KE                       # ISO 3166-1 alpha-2
    indicators:
      fsw_hiv_prevalence: {value: 0.293, year: 2015, lo: 0.25, hi: 0.33, n: 1234,
                           area: "national, 16 sites", source: {...}, note: ""}
      violence: {..., recall: "past 12 months"}
    unclear: ["questions that could not be answered, with where looked"]

Every indicator is optional. Fractions are 0-1; ``fsw_size_estimate`` is a number of persons.
Files are read with the safe loader of :mod:`swpolicy.sourcefile` and validated here; every
problem is reported at once, located as ``file:line:col: field: message``
(:class:`IndicatorError`).
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import Field, model_validator

from swpolicy.epi.schema import DATA_DIR, EpiDataError
from swpolicy.errors import InputError, Issue
from swpolicy.evidence.quantity import Number, Source, Strict, Text, check_source
from swpolicy.sourcefile import Document, load_yaml

INDICATORS_DIR = DATA_DIR / "indicators"

IndicatorName = Literal[
    "fsw_hiv_prevalence",
    "fsw_size_estimate",
    "condom_last_paid_sex",
    "art_coverage",
    "violence",
    "police",
]
# What each indicator measures, in words (for notes and the builder's labels).
MEANING: dict[str, str] = {
    "fsw_hiv_prevalence": "fraction of female sex workers living with HIV",
    "fsw_size_estimate": "number of female sex workers",
    "condom_last_paid_sex": "fraction of female sex workers using a condom with their last client",
    "art_coverage": "fraction of female sex workers living with HIV who are on ART",
    "violence": "fraction of female sex workers experiencing physical or sexual violence",
    "police": "fraction of female sex workers arrested, detained or abused by police",
}
COUNTS = frozenset({"fsw_size_estimate"})  # indicators that are persons, not fractions


class IndicatorError(EpiDataError):
    """An indicators file is unreadable or invalid; every issue names file, line and field."""


class Indicator(Strict):
    """One reported value: the number, its survey year, interval and sample, where and source."""

    value: Annotated[Number, Field(ge=0)]
    year: int = Field(ge=1980, le=2100)
    lo: Annotated[Number, Field(ge=0)] | None = None
    hi: Annotated[Number, Field(ge=0)] | None = None
    n: int | None = Field(None, gt=0)
    area: Text
    recall: Text | None = None
    source: Source
    note: str = ""

    @model_validator(mode="after")
    def _interval(self) -> Indicator:
        if (self.lo is None) != (self.hi is None):
            raise ValueError("give both lo and hi, or neither")
        if self.lo is not None and self.hi is not None and not self.lo <= self.value <= self.hi:
            raise ValueError("need lo <= value <= hi")
        return self


class Indicators(Strict):
    """A jurisdiction's indicators file."""

    jurisdiction: str = Field(pattern=r"^[a-z]{2}(-[a-z0-9]{1,4})?$")
    country: str = Field(pattern=r"^[A-Z]{2}$")
    indicators: dict[IndicatorName, Indicator] = Field(default_factory=dict)
    unclear: list[Text] = Field(default_factory=list)

    def get(self, name: str) -> Indicator | None:
        """The indicator ``name`` if the file reports it."""
        found: Indicator | None = self.indicators.get(name)  # type: ignore[call-overload]
        return found


def _meaning(doc: Document, raw: Any) -> list[Issue]:
    """Checks the schema cannot express: fractions within 0-1, sources with a link."""
    issues: list[Issue] = []
    items = raw.get("indicators") if isinstance(raw, dict) else None
    if not isinstance(items, dict):
        return issues
    for name, item in items.items():
        if not isinstance(item, dict):
            continue
        path = ("indicators", name)
        issues.extend(check_source(doc, (*path, "source"), item.get("source")))
        if name in COUNTS:
            continue
        for key in ("value", "lo", "hi"):
            v = item.get(key)
            if isinstance(v, int | float) and not isinstance(v, bool) and v > 1:
                message = f"{name} is a fraction (0-1), got {v:g}; write 29.3% as 0.293"
                issues.append(doc.issue((*path, key), message))
    return issues


def read_indicators(path: str | Path) -> Indicators:
    """Validate one indicators file (any path); every problem located as file:line:col."""
    path = Path(path)
    if not path.is_file():
        raise IndicatorError([Issue(str(path), 1, 1, "", "file not found")])
    try:
        doc = load_yaml(path)
    except InputError as exc:
        raise IndicatorError(exc.issues) from exc
    issues = _meaning(doc, doc.data)
    parsed, problems = doc.parse(Indicators, doc.data)
    issues.extend(problems)
    shipped = path.resolve().parent == INDICATORS_DIR.resolve()
    if parsed is not None and shipped and parsed.jurisdiction != path.stem:
        message = f"expected {path.stem!r} (the file's name)"
        issues.append(doc.issue(("jurisdiction",), message))
    if parsed is not None and not parsed.jurisdiction.startswith(parsed.country.lower()):
        message = f"country {parsed.country} does not match jurisdiction {parsed.jurisdiction}"
        issues.append(doc.issue(("country",), message))
    if parsed is None or issues:
        raise IndicatorError(issues)
    return parsed


@lru_cache(maxsize=512)
def _cached(path: Path, mtime_ns: int) -> Indicators:
    # Keyed by modification time, so an edited file is read again in a long-lived process.
    return read_indicators(path)


def indicators_folder() -> Path:
    """The folder indicators are read from (the shipped one; tests point it elsewhere)."""
    return INDICATORS_DIR


def indicators_path(jurisdiction: str, folder: Path | None = None) -> Path:
    """Where the indicators of a jurisdiction live (the file may not exist)."""
    return (folder or indicators_folder()) / f"{jurisdiction}.yaml"


def load_indicators(jurisdiction: str, folder: Path | None = None) -> Indicators | None:
    """The jurisdiction's own indicators file, validated, or None when there is none."""
    path = indicators_path(jurisdiction, folder)
    if not path.is_file():
        return None
    return _cached(path.resolve(), path.stat().st_mtime_ns)


def shipped_indicators(folder: Path | None = None) -> tuple[str, ...]:
    """Jurisdictions with an indicators file, sorted."""
    return tuple(sorted(p.stem for p in (folder or indicators_folder()).glob("*.yaml")))
