"""The JSON API: laws, classification, assessment, diff, bills and their validation errors."""

from __future__ import annotations

import json

from fastapi.testclient import TestClient

from swpolicy.law import assess, classify, load
from swpolicy.law.registry import ids

BILL = {
    "id": "nz-purchase-offence",
    "title": "Purchase Offence Bill",
    "base": "nz",
    "effective": "2027-07-01",
    "changes": {"buying": "criminal"},
}


def post_bill(client: TestClient, body: str, kind: str = "application/json") -> object:
    return client.post("/api/bills", content=body.encode(), headers={"content-type": kind})


def test_jurisdiction_list_has_every_law_with_its_regimes(client: TestClient) -> None:
    rows = client.get("/api/jurisdictions", params={"at": "2020-01-01"}).json()
    assert [r["id"] for r in rows] == ids()
    se = next(r for r in rows if r["id"] == "se")
    assert se["regimes"]["wikipedia"] == classify(load("se"), "wikipedia", "2020-01-01").regime


def test_jurisdiction_detail_has_references_history_classification_assessment(
    client: TestClient,
) -> None:
    data = client.get("/api/jurisdictions/nz", params={"at": "2010-01-01"}).json()
    assert data["snapshot"]["provisions"]["buying"]["value"] == "legal"
    assert data["snapshot"]["provisions"]["buying"]["references"]
    assert data["history"]["buying"][0]["since"]
    assert set(data["classification"]) == {"wikipedia", "nswp", "procon"}
    expected = assess(load("nz"), "2010-01-01").summary()["text"]
    assert data["assessment"]["summary"]["text"] == expected


def test_classification_and_assessment_endpoints(client: TestClient) -> None:
    one = client.get("/api/jurisdictions/se/classification", params={"scheme": "nswp"}).json()
    assert list(one) == ["nswp"]
    assert one["nswp"]["regime"] == classify(load("se"), "nswp").regime
    assessment = client.get("/api/jurisdictions/se/assessment").json()
    assert {f["obligation"] for f in assessment["findings"]} == {
        f.obligation for f in assess(load("se")).findings
    }


def test_diff_of_two_jurisdictions(client: TestClient) -> None:
    data = client.get("/api/diff", params={"a": "nz", "b": "se", "at": "2020-01-01"}).json()
    buying = next(r for r in data["provisions"] if r["provision"] == "buying")
    assert (buying["a"], buying["b"], buying["changed"]) == ("legal", "criminal", True)


def test_bad_requests_are_4xx_with_the_cli_message(client: TestClient) -> None:
    missing = client.get("/api/jurisdictions/zz")
    assert missing.status_code == 404
    assert "unknown jurisdiction 'zz'" in missing.json()["detail"]
    bad_date = client.get("/api/jurisdictions", params={"at": "2020-02-30"})
    assert bad_date.status_code == 422
    assert "at:" in bad_date.json()["detail"]
    bad_scheme = client.get("/api/jurisdictions/nz/classification", params={"scheme": "x"})
    assert bad_scheme.status_code == 422
    bad_ref = client.get("/api/diff", params={"a": "nz", "b": "'; drop table bills"})
    assert bad_ref.status_code == 422
    assert bad_ref.json()["issues"][0]["field"] == "query.b"
    assert client.get("/api/runs/abc").status_code == 422
    assert client.get("/api/runs/99").status_code == 404


def test_bill_validation_errors_are_located_in_the_body(client: TestClient) -> None:
    body = json.dumps({"base": "nz", "changes": {"buying": "crimnal", "foo": "legal"}}, indent=2)
    response = post_bill(client, body)
    assert response.status_code == 422
    issues = {i["field"]: i for i in response.json()["issues"]}
    assert set(issues) == {"id", "title", "effective", "changes.buying.value", "changes.foo"}
    assert issues["changes.buying.value"]["message"].startswith(
        "'crimnal' is not a status word for buying"
    )
    assert (issues["changes.buying.value"]["line"], issues["changes.foo"]["line"]) == (4, 5)
    assert issues["changes.foo"]["message"].startswith("unknown provision")
    assert client.get("/api/bills").json() == []


def test_malformed_bodies_are_422_not_500(client: TestClient) -> None:
    for body in ("", "{", "[1, 2]", "!!python/object:os.system x", "a: &x 1\nb: *x"):
        response = post_bill(client, body)
        assert response.status_code == 422, (body, response.text)
        assert response.json()["issues"], body
    raw = client.post("/api/bills", content=b"\xff\xfe", headers={"content-type": "text/plain"})
    assert raw.status_code == 422
    assert raw.json()["issues"][0]["message"] == "body is not valid UTF-8"


def test_unknown_base_is_reported_on_the_base_field(client: TestClient) -> None:
    response = post_bill(client, json.dumps({**BILL, "base": "zz"}))
    assert response.status_code == 422
    assert [i["field"] for i in response.json()["issues"]] == ["base"]


def test_bill_save_list_get_and_conflict(client: TestClient) -> None:
    saved = post_bill(client, json.dumps(BILL))
    assert saved.status_code == 201, saved.text
    classification = {r["scheme"]: r for r in saved.json()["diff"]["classification"]}
    assert classification["wikipedia"]["a"] != classification["wikipedia"]["b"]
    assert [b["id"] for b in client.get("/api/bills").json()] == ["nz-purchase-offence"]
    one = client.get("/api/bills/nz-purchase-offence").json()
    assert one["document"]["changes"] == {"buying": "criminal"}
    again = post_bill(client, json.dumps(BILL))
    assert again.status_code == 409
    assert "already saved" in again.json()["detail"]
    assert client.get("/api/bills/nope").status_code == 404


def test_bill_as_yaml_and_preview_without_saving(client: TestClient) -> None:
    yaml = (
        "id: se-decrim\ntitle: Decriminalisation\nbase: se\neffective: 2027-01-01\n"
        "changes:\n  buying: legal\n"
    )
    preview = client.post(
        "/api/bills/preview", content=yaml, headers={"content-type": "application/yaml"}
    )
    assert preview.status_code == 200
    rows = {r["provision"]: r for r in preview.json()["diff"]["provisions"]}
    assert (rows["buying"]["a"], rows["buying"]["b"]) == ("criminal", "legal")
    assert client.get("/api/bills").json() == []


def test_diff_accepts_a_saved_bill(client: TestClient) -> None:
    post_bill(client, json.dumps(BILL))
    data = client.get("/api/diff", params={"a": "nz", "b": "bill:nz-purchase-offence"}).json()
    assert data["b"]["id"] == "nz+nz-purchase-offence"


def test_openapi_docs_served_without_a_cdn(client: TestClient) -> None:
    page = client.get("/docs")
    assert page.status_code == 200
    assert "/static-offline-docs/swagger-ui-bundle.js" in page.text
    assert "cdn" not in page.text.lower()
    assert client.get("/static-offline-docs/swagger-ui-bundle.js").status_code == 200
    paths = client.get("/openapi.json").json()["paths"]
    assert {"/api/bills", "/api/simulations", "/api/jobs/{job_id}"} <= set(paths)
