"""Saved bills: edit, rename, duplicate, delete (pages and API), templates, errors in words."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from swpolicy.law.bill_templates import draft, templates
from swpolicy.law.registry import load
from swpolicy.scenarios.lancet import lancet_settings
from swpolicy.scenarios.place import setting_for
from swpolicy.vocabulary import explain, label
from swpolicy.web import impact, reports
from swpolicy.web.app import create_app
from swpolicy.web.reports import ReportRequest, make_report_runner
from swpolicy.web.store import NotFound
from tests.web.conftest import db_url, wait_for

BILL = {
    "id": "ke-buying",
    "title": "Purchase Offence Bill",
    "base": "ke",
    "effective": "2027-01-01",
    "changes": {
        "buying": {
            "value": "criminal",
            "confidence": "high",
            "note": "A note the form cannot show.",
            "references": [{"instrument": "bill", "section": "cl 2"}],
        }
    },
}
FORM = {
    "base": "ke",
    "id": "ke-buying",
    "title": "Purchase Offence Bill",
    "effective": "2027-01-01",
    "change_buying": "criminal",
}


def save(client: TestClient, body: dict[str, Any] = BILL) -> dict[str, Any]:
    response = client.post("/api/bills", json=body)
    assert response.status_code == 201, response.text
    saved: dict[str, Any] = response.json()
    return saved


def test_editing_a_bill_keeps_notes_of_unchanged_values_and_renames(client: TestClient) -> None:
    save(client)
    page = client.get("/bills/ke-buying/edit")
    assert page.status_code == 200
    assert 'action="/bills/ke-buying/edit"' in page.text
    assert '<option value="criminal" data-explain' in page.text  # the saved value is chosen
    form = {**FORM, "title": "Amended title", "change_soliciting": "legal", "action": "save"}
    done = client.post("/bills/ke-buying/edit", data=form, follow_redirects=False)
    assert (done.status_code, done.headers["location"]) == (303, "/bills/ke-buying")
    saved = client.get("/api/bills/ke-buying").json()
    assert saved["document"]["title"] == "Amended title"
    assert saved["document"]["changes"]["buying"]["note"] == "A note the form cannot show."
    rows = {r["provision"]: r for r in saved["diff"]["provisions"]}
    assert (rows["soliciting"]["b"], rows["buying"]["b"]) == ("legal", "criminal")
    renamed = client.post(
        "/bills/ke-buying/edit", data={**form, "id": "ke-renamed"}, follow_redirects=False
    )
    assert renamed.headers["location"] == "/bills/ke-renamed"
    assert client.get("/api/bills/ke-buying").status_code == 404
    assert [b["id"] for b in client.get("/api/bills").json()] == ["ke-renamed"]


def test_duplicate_prefills_a_new_bill_and_a_taken_id_is_a_field_error(client: TestClient) -> None:
    save(client)
    page = client.get("/bills/new", params={"from": "ke-buying"})
    assert 'value="ke-buying-copy"' in page.text and "Copy of Purchase Offence Bill" in page.text
    assert 'action="/bills/new"' in page.text
    taken = client.post("/bills/new", data={**FORM, "action": "save"})
    assert taken.status_code == 409
    assert 'id="err-id"' in taken.text and "already saved" in taken.text
    copy = {**FORM, "id": "ke-buying-copy", "action": "save"}
    assert client.post("/bills/new", data=copy, follow_redirects=False).status_code == 303
    assert len(client.get("/api/bills").json()) == 2


def test_delete_asks_first_refuses_cross_site_posts_and_keeps_runs(client: TestClient) -> None:
    save(client)
    confirm = client.get("/bills/ke-buying/delete")
    assert confirm.status_code == 200 and 'id="confirm-delete"' in confirm.text
    assert client.get("/api/bills/ke-buying").status_code == 200  # asking deletes nothing
    forged = client.post("/bills/ke-buying/delete", headers={"Origin": "https://evil.example"})
    assert forged.status_code == 403
    assert client.get("/api/bills/ke-buying").status_code == 200
    gone = client.post("/bills/ke-buying/delete", follow_redirects=False)
    assert (gone.status_code, gone.headers["location"]) == (303, "/bills?deleted=ke-buying")
    assert "was deleted" in client.get(gone.headers["location"]).text
    missing = client.get("/api/bills/ke-buying")
    assert missing.status_code == 404
    assert "(Purchase Offence Bill) was deleted on" in missing.json()["detail"]
    assert "never saved" in client.get("/api/bills/never").json()["detail"]
    # A job queued before the deletion fails in the same words when it runs.
    store = client.app.state.store  # type: ignore[attr-defined]
    request = impact.impact_request("ke-buying", "ke", "mombasa", date(2027, 1, 1), 100)
    with pytest.raises(NotFound, match="was deleted on"):
        impact.make_impact_runner(store)(request.model_dump(), None)  # type: ignore[arg-type]
    # A simulation that names the deleted bill is refused in words, not queued.
    run = client.post(
        "/api/simulations", json={"setting": "mombasa", "laws": ["bill:ke-buying"], "draws": 100}
    )
    assert run.status_code == 404 and "deleted" in run.json()["detail"]
    save(client)  # the id is free again
    assert client.get("/api/bills/ke-buying").status_code == 200


def test_api_put_and_delete(client: TestClient) -> None:
    save(client)
    changed = {**BILL, "changes": {"buying": "criminal", "soliciting": "legal"}}
    put = client.put("/api/bills/ke-buying", json=changed)
    assert put.status_code == 200, put.text
    rows = {r["provision"]: r for r in put.json()["diff"]["provisions"]}
    assert rows["soliciting"]["changed"] and rows["soliciting"]["b"] == "legal"
    bad = client.put("/api/bills/ke-buying", content=b'{"id": "ke-buying"}')
    assert bad.status_code == 422 and bad.json()["issues"][0]["line"] == 1  # located in the body
    assert client.put("/api/bills/nope", json=changed).status_code == 404
    save(client, {**BILL, "id": "other"})
    clash = client.put("/api/bills/other", json=changed)
    assert clash.status_code == 409
    assert client.delete("/api/bills/ke-buying").status_code == 204
    assert client.delete("/api/bills/ke-buying").status_code == 404
    assert [b["id"] for b in client.get("/api/bills").json()] == ["other"]


@pytest.mark.parametrize("template_id", sorted(templates()))
def test_templates_copy_the_shipped_law(client: TestClient, template_id: str) -> None:
    base = load("ke")
    today = date.today()
    drafted = draft(template_id, base, today)
    source = load(drafted.template.source).at(today)
    assert drafted.changes, "a template that changes nothing in Kenya's law"
    for pid, value in drafted.changes.items():
        assert source[pid].value == value != base.at(today)[pid].value
    # Applied to its own source, a template changes nothing.
    assert draft(template_id, load(drafted.template.source), today).changes == {}
    page = client.get("/bills/new", params={"base": "ke", "template": template_id})
    assert page.status_code == 200 and 'id="template-notice"' in page.text
    for pid, value in drafted.changes.items():
        assert f'<option value="{value}" data-explain' in page.text.split(f'id="change_{pid}"')[1]
    listed = client.get("/api/bill-templates", params={"base": "ke"}).json()
    entry = next(t for t in listed if t["id"] == template_id)
    assert entry["label"] == label("bill_template", template_id)
    assert entry["changes"] == drafted.changes


def test_a_template_saves_as_a_valid_bill(client: TestClient) -> None:
    drafted = draft("licensing-like-de", load("ke"), date.today())
    form = {**FORM, "id": "ke-de", "title": "Licensing", "change_buying": "", "action": "save"}
    form |= {f"change_{pid}": str(value) for pid, value in drafted.changes.items()}
    saved = client.post("/bills/new", data=form, follow_redirects=False)
    assert saved.status_code == 303, saved.text
    assert client.get("/bills/new", params={"template": "nope"}).status_code == 422


def test_editor_explains_every_word_beside_its_control(client: TestClient) -> None:
    page = client.get("/bills/new", params={"base": "ke"}).text
    buying = page.split('id="row_buying"')[1].split('id="row_')[0]
    for word in ("criminal", "legal_restricted", "regulated"):
        assert label("status", word) in buying and explain("status", word) in buying
    assert "legal_restricted</option>" not in page  # options read as words, not ids


def test_licensing_error_is_attached_in_words(client: TestClient) -> None:
    form = {**FORM, "change_brothel_keeping": "regulated", "action": "preview"}
    page = client.post("/bills/new", data=form)
    assert page.status_code == 422
    error = page.text.split('id="err-brothel_keeping">')[1].split("</p>")[0]
    assert label("status", "regulated") in error and label("licensing", "none") in error
    assert "'regulated'" not in error


def test_report_for_a_bill_checks_it_and_hands_the_builder_its_file(
    client: TestClient, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    body = {"bill": "ke-buying", "draws": 100, "samples": 16, "settings": ["mombasa"]}
    assert client.post("/api/reports", json=body).status_code == 404
    save(client)
    early = client.post("/api/reports", json={**body, "at": "2026-06-01"})
    assert early.status_code == 422 and "comes into force on 2027-01-01" in early.text
    seen: dict[str, Any] = {}

    def fake_build(options: Any, out: Path, **_: Any) -> Any:
        seen["bill"] = json.loads(Path(options.bill).read_text(encoding="utf-8"))
        return type("Written", (), {"html": out / "index.html"})()

    monkeypatch.setattr(reports, "build", fake_build)
    store = client.app.state.store  # type: ignore[attr-defined]
    runner = make_report_runner(tmp_path, store=store)
    request = ReportRequest.model_validate({**body, "at": "2027-01-01"}).model_dump()
    job = type("J", (), {"id": "j1", "start_stage": None})()
    runner(request, job)  # type: ignore[arg-type]
    assert seen["bill"]["changes"]["buying"]["value"] == "criminal"


def test_report_button_queues_a_report_of_the_bill(tmp_path: Path) -> None:
    asked: list[dict[str, Any]] = []

    def fake_report(request: dict[str, Any], job: Any) -> Path:  # the real one takes minutes
        asked.append(request)
        return tmp_path / "index.html"

    app = create_app(
        db_url(tmp_path), allowed_hosts=["testserver"], runners={"report": fake_report}
    )
    with TestClient(app) as client:
        save(client)
        page = client.post("/bills/ke-buying/report", follow_redirects=False)
        assert page.status_code == 303 and page.headers["location"].startswith("/jobs/")
        job = wait_for(client, page.headers["location"].rsplit("/", 1)[1])
    assert job["status"] == "done"
    own = setting_for(load("ke"), date(2027, 1, 1)).setting  # the bill's own place first
    assert asked[0]["bill"] == "ke-buying" and asked[0]["settings"][0] == own
    assert sorted(asked[0]["settings"]) == sorted({own, *lancet_settings()})
    assert asked[0]["at"] >= "2027-01-01"  # not before the bill is in force


def test_an_uploaded_bill_file_keeps_its_line_and_column(client: TestClient) -> None:
    good = Path("swpolicy/law/data/bills/se-decriminalisation-example.yaml").read_bytes()
    bad = good.replace(b"working_together: legal", b"working_together: lawful")
    refused = client.post("/bills/upload", files={"file": ("mine.yaml", bad, "text/yaml")})
    assert refused.status_code == 422
    line = bad.decode().splitlines().index("  working_together: lawful") + 1
    assert f"mine.yaml, line {line}, column" in refused.text
    assert client.get("/api/bills").json() == []  # nothing saved
    saved = client.post(
        "/bills/upload", files={"file": ("se.yaml", good, "text/yaml")}, follow_redirects=False
    )
    assert saved.headers["location"] == "/bills/se-decriminalisation-example"
    not_text = client.post("/bills/upload", files={"file": ("x.yaml", b"\xff\xfe", "text/yaml")})
    assert not_text.status_code == 422 and "not UTF-8" in not_text.text
