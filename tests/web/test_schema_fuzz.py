"""The OpenAPI schema is true to the app: schemathesis over every operation, every check.

Bounded and deterministic (derandomized, a fixed number of examples per operation), so it runs
in `make test`. Background jobs use an instant runner: this test is about the HTTP contract;
the model's results are tested in test_simulation.py.
"""

from __future__ import annotations

import re
import tempfile
from datetime import date
from pathlib import Path
from typing import Any

import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.specs.openapi.checks import positive_data_acceptance

from swpolicy.web.app import create_app
from swpolicy.web.jobs import Job
from swpolicy.web.limits import EARLIEST_START, LATEST_START, MAX_WORK
from swpolicy.web.simulation import work_of

FOLDER = Path(tempfile.mkdtemp(prefix="swpolicy-fuzz-"))


def instant(request: dict[str, Any], job: Job) -> int:
    return 1


APP = create_app(
    f"sqlite:///{FOLDER / 'fuzz.db'}",
    allowed_hosts=None,
    runners={"simulation": instant, "report": instant, "bill_impact": instant},
    reports_dir=FOLDER / "reports",
)
schema = schemathesis.openapi.from_asgi("/openapi.json", APP)


DAY = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
BILLS = ("/api/bills", "/api/bills/preview")


def beyond_limits(case: schemathesis.Case) -> str | None:
    """The limit a schema-valid body exceeds, if it is one JSON Schema cannot express.

    Bills: the schema says "an object" (JSON) or "a string" (YAML); what a valid bill is (a
    known base, provisions and their words, dates in order) is the law validator's, which
    answers 422 with every issue located at its line and column. A simulation's `evidence`
    overrides: the schema bounds each number; whether they still make a valid entry (the
    estimate inside its interval, the values its unit allows, a distribution that can be
    sampled) is the evidence validator's, which answers 422 naming the entry's field.
    """
    if case.operation.path in BILLS:
        return '"line":'
    body = case.body if isinstance(case.body, dict) else {}
    if case.operation.path not in ("/api/simulations", "/api/reports"):
        return None
    at = body.get("at")
    if isinstance(at, str) and DAY.match(at):
        try:
            day = date.fromisoformat(at)
        except ValueError:
            return None  # not a real date: the schema's format says so, a 422 is right
        if not EARLIEST_START <= day <= LATEST_START:
            return str(LATEST_START)
    laws, draws, years = body.get("laws"), body.get("draws", 2000), body.get("years", 10.0)
    numbers = all(isinstance(x, int | float) and not isinstance(x, bool) for x in (draws, years))
    if isinstance(laws, list) and numbers and work_of(draws, len(laws), years) > MAX_WORK:
        return f"{MAX_WORK:,}"
    if case.operation.path == "/api/simulations" and body.get("evidence"):
        return '"field":"evidence.'
    return None


@schema.parametrize()
@settings(
    max_examples=250,
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=list(HealthCheck),
)
def test_every_operation_conforms_to_the_schema(case: schemathesis.Case) -> None:
    response = case.call()
    positive = case.meta is not None and case.meta.generation.mode.is_positive
    limit = beyond_limits(case) if positive else None
    if limit is not None and response.status_code == 422:
        # A documented limit the schema cannot state (a product, a date range): 422 naming it.
        assert limit in response.text, response.text
        case.validate_response(response, excluded_checks=[positive_data_acceptance])
    else:
        case.validate_response(response)
