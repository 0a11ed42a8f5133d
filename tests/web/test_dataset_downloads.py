"""The jurisdictions page offers the open dataset; downloads equal the CLI's output."""

from __future__ import annotations

import io

import pyarrow.parquet as pq
from fastapi.testclient import TestClient

from swpolicy.law import codebook
from swpolicy.law.export import encode, rows
from swpolicy.law.model import as_date
from swpolicy.law.registry import load_all


def test_the_page_links_every_download_and_each_answers(client: TestClient) -> None:
    page = client.get("/jurisdictions").text
    for path in (
        "/api/dataset/law.csv",
        "/api/dataset/law.json",
        "/api/dataset/law.parquet",
        "/api/dataset/codebook.md",
        "/api/dataset/crosswalk.csv",
    ):
        assert f'href="{path}"' in page
        answer = client.get(path)
        assert answer.status_code == 200, path
        assert "attachment" in answer.headers["content-disposition"]


def test_downloads_are_the_cli_bytes(client: TestClient) -> None:
    day = as_date("2020-01-01")
    csv_body = client.get("/api/dataset/law.csv", params={"at": "2020-01-01"}).content
    assert csv_body == encode(rows(load_all().values(), day), "csv")
    book = client.get("/api/dataset/codebook.md")
    assert book.content == codebook.render("md").encode("utf-8")
    table = pq.read_table(io.BytesIO(client.get("/api/dataset/law.parquet").content))
    assert table.num_rows == len(rows(load_all().values()))


def test_bad_format_or_date_is_a_4xx(client: TestClient) -> None:
    assert client.get("/api/dataset/law.xml").status_code == 422
    assert client.get("/api/dataset/law.csv", params={"at": "2020-13-45"}).status_code in (
        400,
        422,
    )
