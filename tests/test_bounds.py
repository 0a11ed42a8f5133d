"""Every numeric CLI argument and date is bounded: exit 2 with a message, never a traceback."""

from __future__ import annotations

import math
import time
from datetime import date

import pytest
from typer.testing import CliRunner

from swpolicy import bounds
from swpolicy.cli import app

runner = CliRunner()

SIM = ["simulate", "--setting", "mombasa", "--law", "nz"]
SENS = ["sensitivity", "--setting", "mombasa", "--law", "nz", "--law", "se"]


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        # The reproducers: tracebacks or minutes of CPU before.
        ([*SIM, "--years", "nan"], "years must be a number from 1 to 50, not nan"),
        ([*SIM, "--years", "inf"], "years must be a number from 1 to 50, not inf"),
        ([*SIM, "--years", "-inf"], "years must be a number"),
        ([*SIM, "--years", "0.5"], "from 1 to 50"),
        ([*SIM, "--draws", "99999999999999999999"], "draws must be a whole number from 100"),
        ([*SIM, "--draws", "99"], "from 100 to 1,000,000, not 99"),
        ([*SIM, "--seed", "-1"], "seed must be a whole number"),
        ([*SIM, "--seed", "99999999999999999999"], "seed must be a whole number"),
        ([*SIM, "--at", "9999-06-01"], "projection start must be from 1986-01-01 to 2100-01-01"),
        ([*SIM, "--at", "1900-01-01"], "projection start must be from"),
        ([*SIM, "--at", "2024-02-30"], "is not a date"),
        ([*SENS, "--years", "nan"], "years must be a number"),
        ([*SENS, "--draws", "99999999999999999999"], "draws must be a whole number"),
        ([*SENS, "--samples", "99999999999"], "samples must be a whole number from 16 to 4,096"),
        ([*SENS, "--at", "9999-06-01"], "projection start must be from"),
        (["lancet", "--draws", "99999999999999999999"], "draws must be a whole number from 1"),
        (["lancet", "--seed", "-5"], "seed must be a whole number"),
        (["report", "--draws", "99999999999999999999"], "draws must be a whole number"),
        (["report", "--at", "9999-06-01"], "projection start must be from"),
        (["report", "--seed", "nan"], "valid integer"),
        (["law", "show", "nz", "--at", "9999-06-01"], "--at: date must be from 1800-01-01"),
    ],
)
def test_out_of_range_arguments_exit_2_at_once(args: list[str], fragment: str) -> None:
    start = time.perf_counter()
    result = runner.invoke(app, args)
    elapsed = time.perf_counter() - start
    assert result.exit_code == 2, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    text = " ".join((result.stdout + result.stderr).split()).replace("│", "").replace("  ", " ")
    assert "Traceback" not in text
    assert fragment in " ".join(text.split()), text
    assert elapsed < 5.0, "refused before any computation starts"


def test_bounds_are_finite_closed_ranges() -> None:
    assert bounds.YEARS.check(1) == 1 and bounds.YEARS.check(50.0) == 50.0
    for bad in (math.nan, math.inf, -math.inf, 0.99, 50.01, True, "10", None):
        with pytest.raises(bounds.OutOfBounds):
            bounds.YEARS.check(bad)
    assert bounds.DRAWS.check(bounds.MAX_DRAWS) == bounds.MAX_DRAWS
    for bad in (99, bounds.MAX_DRAWS + 1, 10**30, 1000.0):
        with pytest.raises(bounds.OutOfBounds, match="whole number"):
            bounds.DRAWS.check(bad)
    # An OutOfBounds is a ValueError, so a pydantic validator turns it into a located error.
    assert issubclass(bounds.OutOfBounds, ValueError)


def test_date_bounds_accept_text_dates_and_none() -> None:
    assert bounds.PROJECTION_START.check("2030-01-01") == date(2030, 1, 1)
    assert bounds.PROJECTION_START.check(None) == date.today()
    assert bounds.PROJECTION_START.check(bounds.LATEST_START) == bounds.LATEST_START
    with pytest.raises(bounds.OutOfBounds, match="not 2100-01-02"):
        bounds.PROJECTION_START.check("2100-01-02")
    with pytest.raises(bounds.OutOfBounds, match="is not a date"):
        bounds.LAW_DATE.check("someday")


def test_bounds_imports_nothing_heavy() -> None:
    import subprocess
    import sys

    code = (
        "import sys, swpolicy.bounds; "
        "print(sorted(m for m in ('numpy', 'typer', 'pydantic') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
