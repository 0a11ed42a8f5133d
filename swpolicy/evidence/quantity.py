"""One schema for a sourced, uncertain number, used by every number the package reads.

The evidence registry (`schema.Entry`), the epidemic model's parameters (`epi.schema.Param`) and
the law-to-model mapping all describe a number the same way: an estimate, an interval, the
distribution that draws are taken from, whose number it is (measured, pooled, assumed or
calibrated, and whose claim), its unit from a declared vocabulary, and a structured source. One
inverse CDF (`sampling.ppf`) turns uniform numbers into values for all of them.

Shape is checked by the pydantic model. Meaning (the estimate lies in its interval, the values
fit the unit, the source has a link, an assumption says so) is checked by `check_quantity` on
the raw data, so that every problem is located as ``file:line:col: field: message``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, StrictStr

from swpolicy.errors import Issue
from swpolicy.sourcefile import Document, FieldPath

Distribution = Literal["fixed", "uniform", "loguniform", "lognormal", "beta", "triangular"]
EvidenceType = Literal["measured", "pooled", "assumed", "calibrated"]
Interval = Literal["ci95", "range", "assumed_range"]
Claim = Literal[
    "mainstream",
    "critics",
    "sex_worker_organisations",
    "human_rights_organisations",
    "government_evaluation",
    "model_assumption",
]
Unit = Literal[
    "odds_ratio",
    "risk_ratio",
    "hazard_ratio",
    "rate_ratio",
    "ratio",
    "proportion",
    "probability_per_act",
    "rate_per_year",
    "relative_change",
    "count",
    "persons",
    "years",
    "acts_per_year",
]

_POSITIVE = (lambda v: v > 0, "positive")
_NOT_NEGATIVE = (lambda v: v >= 0, "zero or more")
_FRACTION = (lambda v: 0 <= v <= 1, "between 0 and 1")

# Each unit: the words shown to people, and the values it allows (a check and its wording).
UNITS: dict[str, tuple[str, tuple[Callable[[float], bool], str]]] = {
    "odds_ratio": ("odds ratio", _POSITIVE),
    "risk_ratio": ("risk ratio", _POSITIVE),
    "hazard_ratio": ("hazard ratio", _POSITIVE),
    "rate_ratio": ("rate ratio", _POSITIVE),
    "ratio": ("ratio", _POSITIVE),
    "proportion": ("proportion", _FRACTION),
    "probability_per_act": ("probability per sex act", _FRACTION),
    "rate_per_year": ("per year", _NOT_NEGATIVE),
    "relative_change": ("relative change", (lambda v: v >= -1, "at least -1 (a fall of 100%)")),
    "count": ("count", _NOT_NEGATIVE),
    "persons": ("persons", _NOT_NEGATIVE),
    "years": ("years", _NOT_NEGATIVE),
    "acts_per_year": ("sex acts per year", _NOT_NEGATIVE),
}
RATIO_UNITS: frozenset[str] = frozenset(
    {"odds_ratio", "risk_ratio", "hazard_ratio", "rate_ratio", "ratio"}
)


def unit_label(unit: str) -> str:
    """The words for a unit, as shown to people."""
    return UNITS[unit][0]


def _number(value: Any) -> float:
    """Accept YAML numbers only (not text, not true/false), as floats."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValueError(f"expected a number, got {value!r}")
    return float(value)


Number = Annotated[float, BeforeValidator(_number)]
Text = Annotated[StrictStr, Field(min_length=1)]
Bounds = Annotated[list[Number], Field(min_length=2, max_length=2)]
EntryId = Annotated[str, Field(pattern=r"^[a-z][a-z0-9]*(_[a-z0-9]+)*$", max_length=80)]


class Strict(BaseModel):
    """Unknown fields are refused and values never change once read."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class Source(Strict):
    """Where a number comes from: a citation, a DOI and/or URL, and where in it (table, page)."""

    citation: Text
    doi: Text | None = None
    url: Text | None = None
    locator: Text

    def link(self) -> str:
        """The most stable pointer to the source: the DOI as a URL, else the URL."""
        if self.doi:
            return f"https://doi.org/{self.doi}"
        return self.url or ""


class Quantity(Strict):
    """A sourced, uncertain number.

    ``ci`` is read according to ``distribution`` (see `sampling.ppf`): a central 95% interval
    for ``lognormal`` and ``beta``, the support for ``uniform``, ``loguniform`` and
    ``triangular``. ``interval`` says what the bounds are: a published 95% interval, a stated
    range, or an assumed range. A ``fixed`` number needs no interval.
    """

    quantity: Text | None = None  # what is measured, in words
    estimate: Number
    ci: Bounds | None = None
    interval: Interval | None = None
    distribution: Distribution
    unit: Unit
    type: EvidenceType
    claim: Claim | None = None
    source: Source
    note: Text | None = None

    @property
    def low(self) -> float:
        return float(self.ci[0]) if self.ci is not None else float(self.estimate)

    @property
    def high(self) -> float:
        return float(self.ci[1]) if self.ci is not None else float(self.estimate)


def num(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value)


def _bounds(value: Any) -> tuple[float, float] | None:
    if not isinstance(value, list) or len(value) != 2:
        return None
    low, high = num(value[0]), num(value[1])
    return None if low is None or high is None else (low, high)


def check_quantity(doc: Document, path: FieldPath, raw: dict[str, Any]) -> list[Issue]:
    """Meaning checks on one raw quantity (shape problems are left to the schema)."""
    issues = check_numbers(doc, path, raw.get("unit"), num(raw.get("estimate")), raw.get("ci"))
    issues.extend(check_source(doc, (*path, "source"), raw.get("source")))
    if raw.get("distribution") not in (None, "fixed"):
        for key in ("ci", "interval"):
            if key not in raw:
                issues.append(
                    doc.issue((*path, key), f"a {raw['distribution']} distribution needs `{key}`")
                )
    if raw.get("type") == "assumed" and "ci" in raw and raw.get("interval") != "assumed_range":
        issues.append(
            doc.issue(
                (*path, "interval"),
                "an `assumed` number with an interval must say so with `interval: assumed_range`",
            )
        )
    return issues


def check_numbers(
    doc: Document, path: FieldPath, unit: Any, estimate: float | None, ci: Any
) -> list[Issue]:
    """The estimate lies in its interval and every value is allowed by the unit."""
    issues: list[Issue] = []
    bounds = _bounds(ci)
    values = [v for v in (estimate, *(bounds or ())) if v is not None]
    if bounds is not None:
        low, high = bounds
        if low > high:
            issues.append(doc.issue((*path, "ci"), f"ci low {low:g} is above ci high {high:g}"))
        elif estimate is not None and not low <= estimate <= high:
            issues.append(
                doc.issue(
                    (*path, "estimate"),
                    f"estimate {estimate:g} lies outside its interval [{low:g}, {high:g}]",
                )
            )
    if isinstance(unit, str) and unit in UNITS:
        ok, message = UNITS[unit][1]
        bad = [v for v in values if not ok(v)]
        if bad:
            where = (*path, "estimate") if estimate in bad else (*path, "ci")
            issues.append(doc.issue(where, f"{unit} values must be {message} (got {bad[0]:g})"))
    return issues


def check_source(doc: Document, path: FieldPath, source: Any) -> list[Issue]:
    """A source needs a DOI or a URL, so a reader can find it."""
    if isinstance(source, dict) and not source.get("doi") and not source.get("url"):
        return [doc.issue(path, "a source needs a `doi` or a `url`")]
    return []
