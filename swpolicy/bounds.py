"""Documented limits on every number and date a user can ask for, declared once.

The command line, the web app and run specs all check their inputs against these ranges, so a
request is refused at once with a clear message (exit code 2, HTTP 4xx) instead of running for
minutes, overflowing or returning NaN. The ranges are deliberately generous for real use:

* input files: at most `MAX_INPUT_BYTES` bytes (the largest shipped file is about 22 kB), at
  most `MAX_VALUES` YAML values, keys included, after aliases are expanded (the largest
  shipped file has under 1,000), nested at most `MAX_DEPTH` deep;
* ensemble draws 100..1,000,000 (the default is 10,000); Lancet reproduction draws 1..1,000,000;
* projection horizon 1..50 years; Sobol' base samples 16..4,096; seeds 0..2**63 - 1;
* law dates 1800-01-01..2100-12-31; a projection starts no later than `LATEST_START`
  (the model runs from the setting's start year to the projection start, so a start in the far
  future would cost minutes of CPU for a projection no evidence supports).

This module imports nothing heavy (no numpy, no typer at import time) so that models and
services can use it freely.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

MAX_INPUT_BYTES = 1_000_000
MAX_VALUES = 10_000
MAX_DEPTH = 50
MAX_DRAWS = 1_000_000
LATEST_START = date(2100, 1, 1)


class OutOfBounds(ValueError):
    """A number or date outside its documented range (a ValueError, so pydantic reports it)."""


@dataclass(frozen=True)
class Bound:
    """A closed range [low, high] for one kind of number; `integer` refuses fractions."""

    label: str
    low: float
    high: float
    integer: bool = False

    def describe(self) -> str:
        kind = "a whole number" if self.integer else "a number"
        return f"{self.label} must be {kind} from {_shown(self.low)} to {_shown(self.high)}"

    def check(self, value: Any) -> Any:
        """Return `value` if it is a finite number inside the range; raise OutOfBounds if not."""
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise OutOfBounds(f"{self.describe()}, not {value!r}")
        if self.integer and not isinstance(value, int):
            raise OutOfBounds(f"{self.describe()}, not {value!r}")
        if isinstance(value, float) and not math.isfinite(value):
            raise OutOfBounds(f"{self.describe()}, not {value!r}")
        if not self.low <= value <= self.high:
            raise OutOfBounds(f"{self.describe()}, not {_shown(value)}")
        return value

    @property
    def callback(self) -> Callable[[Any], Any]:
        """A typer option callback: an out-of-range value is a usage error (exit code 2)."""
        return _callback(self.check)


@dataclass(frozen=True)
class DateBound:
    """A closed range of dates; None means today, which must also lie inside the range."""

    label: str
    low: date
    high: date

    def check(self, value: date | str | None) -> date:
        """The value as a date inside the range; raise OutOfBounds with the range if not."""
        if value is None:
            day = date.today()
        elif isinstance(value, date):
            day = value
        else:
            try:
                day = date.fromisoformat(str(value))
            except ValueError:
                msg = f"{self.label}: {value!r} is not a date; expected YYYY-MM-DD"
                raise OutOfBounds(msg) from None
        if not self.low <= day <= self.high:
            raise OutOfBounds(
                f"{self.label} must be from {self.low.isoformat()} to {self.high.isoformat()}, "
                f"not {day.isoformat()}"
            )
        return day

    @property
    def callback(self) -> Callable[[Any], Any]:
        """A typer callback that checks the date but passes the option's text on unchanged."""

        def check_text(value: Any) -> Any:
            if value is not None:
                self.check(value)
            return value

        return _callback(check_text)


def _shown(value: float) -> str:
    """A bound or value as people read it: 1,000,000 rather than 1e+06; huge values short."""
    if abs(value) >= 1e20:
        return f"{float(value):.3g}"
    return f"{int(value):,}" if float(value).is_integer() else f"{value:g}"


def _callback(check: Callable[[Any], Any]) -> Callable[[Any], Any]:
    def callback(value: Any) -> Any:
        import typer  # only the CLI needs typer

        try:
            return check(value)
        except OutOfBounds as exc:
            raise typer.BadParameter(str(exc)) from None

    return callback


DRAWS = Bound("draws", 100, MAX_DRAWS, integer=True)
LANCET_DRAWS = Bound("draws", 1, MAX_DRAWS, integer=True)
YEARS = Bound("years", 1, 50)
SAMPLES = Bound("samples", 16, 4096, integer=True)
SEED = Bound("seed", 0, 2**63 - 1, integer=True)
INPUT_BYTES = Bound("max bytes", 1, 100 * MAX_INPUT_BYTES, integer=True)
# A number a web request puts in place of an evidence entry's estimate or interval end: every
# unit's values fit (ratios are positive, relative changes at least -1, proportions 0-1); past
# 1,000 no link's multiplier means anything, and exp/log of it would overflow the model.
OVERRIDE = Bound("an overridden estimate or interval end", -1, 1000)
LAW_DATE = DateBound("date", date(1800, 1, 1), date(2100, 12, 31))
PROJECTION_START = DateBound("projection start", date(1986, 1, 1), LATEST_START)
