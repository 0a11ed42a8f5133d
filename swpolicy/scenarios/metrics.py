"""Outcome metrics, declared once: id, words, unit, kind, scale, and which way is better.

Every table, chart, CSV header, API response and sensitivity check reads these declarations
(Starsim declares ``ss.Result`` with its label and scale; OpenFisca gives every variable a label
and unit). An engine produces the raw outputs named in ``Engine.outputs``; :func:`derive` turns
them into these metrics for every law, against the reference law, on the same draws.

Counts are per 1,000 sex workers in the setting at the projection start (under the setting's own
law), so that places of different size compare. Where a setting file gives its population size,
``*_total`` metrics give the same counts for the whole population, so that a law that changes the
size of the market is not hidden by the per-1,000 scale.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

import numpy as np
from numpy.typing import NDArray

FloatArray = NDArray[np.float64]
Kind = Literal["count", "rate", "percentage", "index"]
Scale = Literal["per_1000", "total", "none"]
Better = Literal["lower", "higher", "neither"]


@dataclass(frozen=True)
class Metric:
    """One outcome as people read it."""

    id: str
    label: str  # words, for headings and chart titles
    short: str  # for narrow tables and chart rows
    unit: str
    kind: Kind
    scale: Scale
    better: Better
    relative_to_reference: bool  # a comparison with the setting's own law
    description: str


PER_1000 = "per 1,000 sex workers at the start"

METRICS: tuple[Metric, ...] = (
    Metric(
        "hiv_infections",
        "New HIV infections among sex workers and clients",
        "HIV infections",
        PER_1000,
        "count",
        "per_1000",
        "lower",
        False,
        "New HIV infections among female sex workers and their clients over the horizon.",
    ),
    Metric(
        "hiv_infections_averted",
        "HIV infections averted compared with the current law",
        "infections averted",
        PER_1000,
        "count",
        "per_1000",
        "higher",
        True,
        "Infections under the setting's current law minus infections under this law, "
        "on the same draws (negative: more infections).",
    ),
    Metric(
        "hiv_infections_averted_pct",
        "Share of HIV infections averted compared with the current law",
        "infections averted, %",
        "%",
        "percentage",
        "none",
        "higher",
        True,
        "Infections averted as a percentage of infections under the setting's current law.",
    ),
    Metric(
        "violence_incidents",
        "Episodes of sexual violence against sex workers",
        "sexual violence",
        PER_1000,
        "count",
        "per_1000",
        "lower",
        False,
        "Episodes of entering the 'recent sexual violence' state over the horizon.",
    ),
    Metric(
        "arrests",
        "Episodes of police harassment or arrest of sex workers",
        "police harassment or arrest",
        PER_1000,
        "count",
        "per_1000",
        "lower",
        False,
        "Episodes of entering the 'recent police harassment or arrest' state over the horizon.",
    ),
    Metric(
        "art_coverage",
        "Sex workers living with HIV who are on treatment at the end",
        "on treatment, %",
        "%",
        "percentage",
        "none",
        "higher",
        False,
        "Female sex workers living with HIV who are on antiretroviral therapy at the end.",
    ),
    Metric(
        "sex_workers_end",
        "Sex workers at the end of the horizon",
        "sex workers at the end",
        PER_1000,
        "count",
        "per_1000",
        "neither",
        False,
        "Size of the sex-work market at the end, per 1,000 at the start: laws that change "
        "the market (an assumption) change every count.",
    ),
    Metric(
        "trafficking_inflows",
        "Change in trafficking inflows compared with the current law (assumption-driven index)",
        "trafficking index",
        "% change",
        "index",
        "none",
        "lower",
        True,
        "An index driven only by the assumption set in use; not part of the HIV dynamics.",
    ),
)
TOTALS: tuple[Metric, ...] = tuple(
    Metric(
        f"{m.id}_total",
        f"{m.label} (whole population)",
        f"{m.short} (total)",
        "people" if m.id == "sex_workers_end" else "episodes or infections",
        m.kind,
        "total",
        m.better,
        m.relative_to_reference,
        f"{m.description} For the setting's whole population (its size estimate).",
    )
    for m in METRICS
    if m.scale == "per_1000"
)
BY_ID: dict[str, Metric] = {m.id: m for m in (*METRICS, *TOTALS)}


def get(metric_id: str) -> Metric:
    """A declared metric by id (``KeyError`` names the known ids)."""
    try:
        return BY_ID[metric_id]
    except KeyError:
        raise KeyError(
            f"unknown metric {metric_id!r}; expected one of {', '.join(BY_ID)}"
        ) from None


def derive(
    raw: Mapping[str, FloatArray],
    reference: Mapping[str, FloatArray],
    trafficking: FloatArray,
    reference_trafficking: FloatArray,
    population: float | None,
) -> dict[str, FloatArray]:
    """Every declared metric for one law, from its engine outputs and the reference law's.

    ``raw`` needs ``hiv_infections``, ``violence_incidents``, ``arrests``, ``art_coverage``,
    ``fsw_start`` and ``fsw_end`` (counts in the engine's own units).
    """
    per_1000 = 1000.0 / reference["fsw_start"]
    own = raw["hiv_infections"] * per_1000
    base = reference["hiv_infections"] * per_1000
    out = {
        "hiv_infections": own,
        "hiv_infections_averted": base - own,
        "hiv_infections_averted_pct": 100.0 * (1.0 - own / np.maximum(base, 1e-12)),
        "violence_incidents": raw["violence_incidents"] * per_1000,
        "arrests": raw["arrests"] * per_1000,
        "art_coverage": np.asarray(raw["art_coverage"], dtype=np.float64),
        "sex_workers_end": raw["fsw_end"] * per_1000,
        # Like infections averted, the trafficking index compares with the setting's own law.
        "trafficking_inflows": 100.0 * (trafficking / reference_trafficking - 1.0),
    }
    if population is not None:
        for m in TOTALS:
            out[m.id] = out[m.id.removesuffix("_total")] * (population / 1000.0)
    return out
