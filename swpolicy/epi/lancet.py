"""Shannon et al. Lancet 2015: our averted fractions beside the published ones, per variant.

Every figure is reported for each model variant (``data/variants.yaml``): ``evidence``, the
model as sourced, and ``replication``, which adds the assumptions the published figures appear
to need. Both run on the same draws of every input they share.

A result "misses" when our median lies outside the published 95% UI (or, for
decriminalisation, outside the published 33-46% range across settings). The gap is the
distance from our median to the published value, or to the nearest end of the published
interval when there is no point value.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass

import numpy as np
from numpy.typing import NDArray

from swpolicy.epi.calibrate import Calibration, weighted_quantiles
from swpolicy.epi.schema import Published, Setting, load_published

FloatArray = NDArray[np.float64]


@dataclass(frozen=True)
class SettingRun:
    """One setting's calibrated ensemble and its scenarios (made by
    :func:`swpolicy.scenarios.lancet.run_setting`); arrays are over the calibrated draws."""

    setting: Setting
    calibration: Calibration  # weights over the calibrated draws
    draws: int  # draws before calibration
    times: FloatArray  # status-quo record times, start year to the last target
    fsw_prev: FloatArray  # (n_used, n_times)
    client_prev: FloatArray  # (n_used, n_times)
    infections: dict[str, FloatArray]  # scenario -> infections in the window, per draw
    averted: dict[str, FloatArray]  # scenario -> percent averted vs the status quo, per draw
    variant: str = "evidence"  # the model variant (data/variants.yaml)

    @property
    def weights(self) -> FloatArray:
        """Calibration weights of the projected draws."""
        return self.calibration.weights


JSON_KEYS = (
    "variant",
    "setting",
    "scenario",
    "averted_median",
    "averted_lo",
    "averted_hi",
    "published",
    "published_lo",
    "published_hi",
)


@dataclass(frozen=True)
class Row:
    """One setting x scenario: our median and 95% UI (percent averted) beside the paper's."""

    setting: str
    scenario: str
    averted_median: float
    averted_lo: float
    averted_hi: float
    published: float | None
    published_lo: float | None
    published_hi: float | None
    label: str = ""  # the setting's name in words
    variant: str = "evidence"

    @property
    def comparable(self) -> bool:
        """Whether the paper reports anything to compare with."""
        return self.published_lo is not None and self.published_hi is not None

    @property
    def miss(self) -> bool | None:
        """True if our median is outside the published interval; None if nothing published."""
        if self.published_lo is None or self.published_hi is None:
            return None
        return not self.published_lo <= self.averted_median <= self.published_hi

    @property
    def gap(self) -> float | None:
        """Our median minus the published value (or the nearest end of the published range)."""
        if self.published is not None:
            return self.averted_median - self.published
        if self.published_lo is None or self.published_hi is None:
            return None
        if self.averted_median < self.published_lo:
            return self.averted_median - self.published_lo
        if self.averted_median > self.published_hi:
            return self.averted_median - self.published_hi
        return 0.0

    def to_json(self) -> dict[str, object]:
        """The machine-readable record (fractions in percent)."""
        d = asdict(self)
        return {k: d[k] for k in JSON_KEYS}


def _published_index(items: Sequence[Published]) -> dict[tuple[str, str], Published]:
    return {(p.setting, p.scenario): p for p in items}


def compare(runs: Sequence[SettingRun]) -> list[Row]:
    """Rows of ours vs published for every setting and scenario that was run."""
    pub = _published_index(load_published().results)
    rows = []
    for run in runs:
        for scenario, values in run.averted.items():
            med, lo, hi = weighted_quantiles(values, run.weights, [0.5, 0.025, 0.975])
            p = pub.get((run.setting.name, scenario))
            rows.append(
                Row(
                    setting=run.setting.name,
                    scenario=scenario,
                    averted_median=round(med, 2),
                    averted_lo=round(lo, 2),
                    averted_hi=round(hi, 2),
                    published=None if p is None else p.value,
                    published_lo=None if p is None else p.lo,
                    published_hi=None if p is None else p.hi,
                    label=run.setting.label,
                    variant=run.variant,
                )
            )
    return rows
