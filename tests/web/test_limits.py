"""Out-of-range ids, numbers and dates are 4xx naming the limit; non-finite results are errors."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from swpolicy.web.limits import LATEST_START, MAX_WORK
from swpolicy.web.store import NonFinite, Store

from .conftest import TINY_RUN

HUGE_IDS = ("9223372036854775808", "99999999999999999999999", "-1", "0", "1e3", "abc")


@pytest.mark.parametrize("run_id", HUGE_IDS)
def test_run_ids_out_of_range_are_4xx_on_every_route(client: TestClient, run_id: str) -> None:
    for path in (
        f"/api/runs/{run_id}",
        f"/api/runs/{run_id}/results.json",
        f"/api/runs/{run_id}/results.csv",
        f"/runs/{run_id}",
    ):
        response = client.get(path)
        assert response.status_code in (404, 422), (path, response.status_code)
    assert client.get("/api/runs/9223372036854775807").status_code == 404  # largest id: absent


def test_unknown_job_and_bill_ids_are_404(client: TestClient) -> None:
    for path in ("/api/jobs/" + "f" * 32, "/jobs/" + "0" * 32, "/api/bills/x" * 3, "/bills/zz"):
        assert client.get(path).status_code in (404, 422), path


@pytest.mark.parametrize(
    ("change", "needle"),
    [
        ({"years": "nan"}, "years"),
        ({"years": "inf"}, "years"),
        ({"years": 1e308}, "years"),
        ({"draws": 99999999999999999999}, "draws"),
        ({"at": "9999-06-01"}, str(LATEST_START)),
        ({"at": "1900-01-01"}, "between"),
        ({"draws": 20_000, "years": 50}, f"{MAX_WORK:,}"),
    ],
)
def test_numbers_and_dates_are_bounded_with_the_limit_named(
    client: TestClient, change: dict[str, object], needle: str
) -> None:
    response = client.post("/api/simulations", json={**TINY_RUN, **change})
    assert response.status_code == 422, response.text
    assert needle in response.text
    assert client.get("/api/jobs").json() == []


def test_form_refuses_a_far_future_start(client: TestClient) -> None:
    form = {**TINY_RUN, "laws": "nz", "at": "9999-12-31"}
    response = client.post("/simulate", data=form, headers={"origin": "http://testserver"})
    assert response.status_code == 422
    assert str(LATEST_START) in response.text


def test_a_non_finite_result_is_an_error_and_nothing_is_saved(client: TestClient) -> None:
    store: Store = client.app.state.store  # type: ignore[attr-defined]
    rows = [
        {"law": "nz", "metric": "arrests", "median": 1.0, "lo": 0.5, "hi": 2.0},
        {"law": "se", "metric": "arrests", "median": float("nan"), "lo": 0.0, "hi": 1.0},
    ]
    with pytest.raises(NonFinite, match="NaN or infinite"):
        store.save_run("vancouver", ["nz", "se"], {}, {}, "", rows)
    assert store.counts() == {"bills": 0, "runs": 0, "rows": 0}
