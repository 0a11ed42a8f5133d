"""Security: headers on every response, body size limit, host and origin checks."""

from __future__ import annotations

from fastapi.testclient import TestClient

from swpolicy.web.security import MAX_BODY


def test_security_headers_on_pages_api_and_errors(client: TestClient) -> None:
    for path in ("/", "/api/jurisdictions", "/api/jurisdictions/zz", "/static/style.css"):
        headers = client.get(path).headers
        csp = headers["content-security-policy"]
        assert "default-src 'self'" in csp
        assert "script-src 'self';" in csp  # no inline or external scripts
        assert "http" not in csp  # no external source of any kind
        assert headers["x-content-type-options"] == "nosniff"
        assert headers["x-frame-options"] == "DENY"
        assert headers["referrer-policy"] == "same-origin"


def test_pages_load_nothing_from_other_sites(client: TestClient) -> None:
    for path in ("/", "/jurisdictions", "/compare?a=nz&b=se", "/bills/new", "/simulate", "/docs"):
        text = client.get(path).text
        # External links in the law references are fine; loading anything from elsewhere is not.
        assert 'src="http' not in text, path
        assert 'href="http' not in text.split("</head>")[0], path


def test_body_over_the_limit_is_413(client: TestClient) -> None:
    big = b"a" * (MAX_BODY + 1)
    response = client.post("/api/bills", content=big, headers={"content-type": "text/plain"})
    assert response.status_code == 413
    assert "larger than" in response.json()["detail"]
    assert client.get("/api/bills").json() == []


def test_streamed_body_over_the_limit_is_refused(client: TestClient) -> None:
    def chunks() -> object:
        for _ in range(20):
            yield b"x" * 100_000

    response = client.post("/api/bills", content=chunks())  # chunked: no Content-Length
    assert response.status_code == 413


def test_other_host_names_are_refused(client: TestClient) -> None:
    response = client.get("/", headers={"host": "evil.example"})
    assert response.status_code == 400


def test_cross_site_posts_are_refused(client: TestClient) -> None:
    body = {"base": "nz", "id": "x", "title": "t", "effective": "2027-01-01"}
    response = client.post("/bills/new", data=body, headers={"origin": "http://evil.example"})
    assert response.status_code == 403
    same = client.post("/bills/new", data=body, headers={"origin": "http://testserver"})
    assert same.status_code == 422  # reaches validation: the bill changes nothing


def test_other_local_ports_and_opaque_origins_are_other_sites(client: TestClient) -> None:
    body = {"base": "nz", "id": "x", "title": "t", "effective": "2027-01-01"}
    for origin in ("http://testserver:3000", "null"):
        response = client.post("/bills/new", data=body, headers={"origin": origin})
        assert response.status_code == 403, origin


def test_user_text_is_escaped_on_pages(client: TestClient) -> None:
    bill = (
        '{"id": "xss", "title": "<script>alert(1)</script>", "base": "nz",'
        ' "effective": "2027-01-01", "changes": {"buying": "criminal"}}'
    )
    assert client.post("/api/bills", content=bill).status_code == 201
    for path in ("/bills", "/bills/xss"):
        text = client.get(path).text
        assert "<script>alert(1)</script>" not in text
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text


def test_odd_form_values_are_4xx(client: TestClient) -> None:
    form = {"base": "nz", "id": "odd", "title": "t", "effective": "2027-01-01"}
    for value in ("²", "9" * 1500, "-1", "criminal"):
        response = client.post("/bills/new", data={**form, "change_age_threshold": value})
        assert response.status_code == 422, value
    assert client.post("/bills/new", data={**form, "base": "zz"}).status_code == 404
    odd = client.post("/simulate", data={"setting": "vancouver", "laws": ["nz"], "years": "x"})
    assert odd.status_code == 422
