"""The `evidence` commands, mounted on a local app: output, JSON keys and exit codes."""

from __future__ import annotations

import json

import typer
from typer.testing import CliRunner

from swpolicy.evidence.cli import app as evidence_app

root = typer.Typer()
root.add_typer(evidence_app, name="evidence")
runner = CliRunner()

LIST_KEYS = [
    "id",
    "theme",
    "quantity",
    "unit",
    "estimate",
    "ci",
    "interval",
    "distribution",
    "type",
    "claim",
    "citation",
    "link",
]


def run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(root, ["evidence", *args])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.stdout, result.stderr


def test_help() -> None:
    for command in ("list", "show"):
        code, out, _ = run(command, "--help")
        assert code == 0 and "Usage" in out


def test_list_json_keys_and_order() -> None:
    code, out, _ = run("list", "--json")
    rows = json.loads(out)
    assert code == 0
    assert all(list(row) == LIST_KEYS for row in rows)
    assert "platt2018_policing_violence" in {row["id"] for row in rows}


def test_list_filters() -> None:
    code, out, _ = run("list", "--json", "--claim", "critics", "--type", "assumed")
    rows = json.loads(out)
    assert code == 0 and rows
    assert {(r["claim"], r["type"]) for r in rows} == {("critics", "assumed")}


def test_list_table() -> None:
    code, out, _ = run("list", "--claim", "government_evaluation")
    assert code == 0
    assert "sou2010_street_sex_work_change" in out
    assert "evidence entries" in out


def test_show_json_has_every_field_and_the_pool() -> None:
    code, out, _ = run("show", "policing_hiv_sti_verified_pool", "--json")
    data = json.loads(out)
    assert code == 0
    assert {"id", "estimate", "ci", "source", "claim", "studies", "file", "pooled"} <= set(data)
    assert data["file"] == "policing.yaml"
    assert set(data["pooled"]) == {"estimate", "ci_low", "ci_high", "tau2", "i2", "k", "method"}
    assert round(data["pooled"]["estimate"], 2) == data["estimate"]


def test_show_json_without_studies() -> None:
    code, out, _ = run("show", "platt2018_policing_violence", "--json")
    data = json.loads(out)
    assert code == 0
    assert data["pooled"] is None and data["studies"] is None
    assert data["source"]["doi"] == "10.1371/journal.pmed.1002680"


def test_show_table() -> None:
    code, out, _ = run("show", "policing_hiv_sti_verified_pool")
    assert code == 0
    assert "pooled here" in out and "Beattie 2015" in out


def test_unknown_id_exits_2_without_traceback() -> None:
    code, out, err = run("show", "no_such_entry")
    assert code == 2
    assert "unknown evidence id 'no_such_entry'" in err
    assert "Traceback" not in out + err


def test_bad_filter_exits_2() -> None:
    code, _, err = run("list", "--type", "guessed")
    assert code == 2
    assert "--type: unknown value 'guessed'" in err
