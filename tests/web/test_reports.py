"""The offline report as a background job, and its download."""

from __future__ import annotations

from pathlib import Path

from fastapi.testclient import TestClient

from swpolicy.web.app import create_app
from tests.web.conftest import db_url, wait_for

# The report's own tests use the same shrunken options to stay fast.
TINY_REPORT = {
    "at": "2024-01-01",
    "settings": ["vancouver"],
    "draws": 300,
    "years": 3,
    "seed": 3,
    "samples": 16,
}


def test_report_job_builds_a_downloadable_offline_report(tmp_path: Path) -> None:
    app = create_app(db_url(tmp_path), allowed_hosts=["testserver"], reports_dir=tmp_path / "r")
    with TestClient(app) as client:
        started = client.post("/api/reports", json=TINY_REPORT)
        assert started.status_code == 202
        job_id = started.json()["id"]
        early = client.get(f"/api/reports/{job_id}/index.html")
        assert early.status_code in (200, 409)  # 409 while it is still running
        job = wait_for(client, job_id, timeout=120)
        assert job["status"] == "done", job
        assert job["report_url"] == f"/api/reports/{job_id}/index.html"
        report = client.get(job["report_url"])
        assert report.status_code == 200
        assert "attachment" in report.headers["content-disposition"]
        assert "<html" in report.text.lower()
        assert 'src="http' not in report.text  # self-contained: nothing loaded from elsewhere
        assert (tmp_path / "r" / job_id / "index.html").read_text(encoding="utf-8") == report.text
        page = client.get(f"/jobs/{job_id}")
        assert 'id="download-report"' in page.text
        assert client.get(f"/api/reports/{job_id}/report.pdf").status_code == 404


def test_bad_report_requests(client: TestClient) -> None:
    bad = client.post("/api/reports", json={**TINY_REPORT, "settings": ["atlantis"]})
    assert bad.status_code == 422
    assert bad.json()["issues"][0]["field"] == "body.settings.0"  # the wrong item itself
    assert "atlantis" in bad.json()["issues"][0]["message"]
    assert client.post("/api/reports", json={**TINY_REPORT, "samples": 4}).status_code == 422
    assert client.get("/api/reports/nope/index.html").status_code == 404
    form = client.post("/report", data={"settings": ["vancouver"], "draws": "5"})
    assert form.status_code == 422
    assert "draws" in form.text
    assert client.get("/report").status_code == 200
