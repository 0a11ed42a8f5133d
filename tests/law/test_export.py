"""The flat dataset export: rows, formats, and the CLI's refusal of bad input."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from typer.testing import CliRunner

from swpolicy.cli import app
from swpolicy.law.export import COLUMNS, render, rows
from swpolicy.law.registry import load, load_all

runner = CliRunner()


def test_one_row_per_dated_value_with_references() -> None:
    data = rows([load("se")])
    buying = [r for r in data if r["provision"] == "buying"]
    history = load("se").history()["buying"]
    assert [r["since"] for r in buying] == [v.since.isoformat() for v in history if v.since]
    assert buying[-1]["value"] == "criminal"
    assert all(r["references"] for r in buying)


def test_unrecorded_provisions_give_one_row_without_dates() -> None:
    data = rows([load("se")])
    support = [r for r in data if r["provision"] == "support_services"]
    assert support == [{**support[0], "value": "unrecorded", "since": "", "confidence": ""}]
    assert support[0]["group"] == "obligations"


def test_at_gives_the_values_in_force_that_day() -> None:
    data = rows([load("il")], at=load("il").at("2024-01-01").on)
    assert {r["provision"]: r["value"] for r in data}["buying"] == "administrative"
    assert len(data) == len({r["provision"] for r in data})


def test_csv_round_trips_and_json_lists_the_columns() -> None:
    data = rows(load_all().values())
    parsed = list(csv.DictReader(io.StringIO(render(data, "csv"))))
    assert parsed == data
    doc = json.loads(render(data, "json"))
    assert doc["columns"] == list(COLUMNS)
    assert "unrecorded" in doc["unrecorded"]


def test_cli_writes_the_file_and_refuses_a_bad_format(tmp_path: Path) -> None:
    out = tmp_path / "law.csv"
    ok = runner.invoke(app, ["law", "export", "--format", "csv", "--out", str(out)])
    assert ok.exit_code == 0, ok.output
    assert out.read_text(encoding="utf-8").splitlines()[0] == ",".join(COLUMNS)
    bad = runner.invoke(app, ["law", "export", "--format", "xml"])
    assert bad.exit_code == 2
    assert "expected one of csv, json, parquet" in bad.output
    missing = tmp_path / "no" / "law.json"
    refused = runner.invoke(app, ["law", "export", "--format", "json", "--out", str(missing)])
    assert refused.exit_code == 2
    assert not missing.exists()
