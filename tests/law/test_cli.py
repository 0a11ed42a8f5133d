"""The `swpolicy law` commands: output, JSON keys and exit codes, including for bad input."""

from __future__ import annotations

import json
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from swpolicy.cli import app
from swpolicy.law.registry import BILLS_DIR, JURISDICTIONS_DIR

runner = CliRunner()


def run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.stdout, result.stderr


def test_help_on_every_command() -> None:
    for command in ("list", "show", "history", "validate", "classify", "assess", "diff"):
        code, out, _ = run("law", command, "--help")
        assert code == 0
        assert "Usage" in out


def test_list_json() -> None:
    code, out, _ = run("law", "list", "--json")
    rows = json.loads(out)
    assert code == 0
    assert {"id", "name", "parent", "level"} <= set(rows[0])
    assert "nz" in {r["id"] for r in rows}


def test_show_at_date() -> None:
    code, out, _ = run("law", "show", "nz", "--at", "1995-01-01", "--json")
    data = json.loads(out)
    assert code == 0
    assert data["provisions"]["brothel_keeping"]["value"] == "criminal"
    assert data["provisions"]["brothel_keeping"]["references"][0]["url"].startswith("https://")


def test_history_table_mentions_both_periods() -> None:
    code, out, _ = run("law", "history", "nz")
    assert code == 0
    assert "2003-06-28" in out and "1962-01-01" in out


def test_classify_json_keys() -> None:
    code, out, _ = run("law", "classify", "nz", "--scheme", "wikipedia", "--json")
    data = json.loads(out)
    assert code == 0
    assert len(data) == 1
    assert {"id", "scheme", "regime", "reasons"} <= set(data[0])
    assert data[0]["regime"] == "decriminalisation"


def test_classify_all_covers_every_jurisdiction() -> None:
    code, out, _ = run("law", "classify", "--all", "--scheme", "nswp", "--json")
    listed = json.loads(run("law", "list", "--json")[1])
    assert code == 0
    assert {r["id"] for r in json.loads(out)} == {r["id"] for r in listed}


def test_assess_json_shape() -> None:
    code, out, _ = run("law", "assess", "nz", "--json")
    data = json.loads(out)
    assert code == 0
    assert set(data) >= {"id", "findings", "summary"}


def test_diff_two_jurisdictions_and_a_reform() -> None:
    code, out, _ = run("law", "diff", "nz", "se", "--at", "2020-01-01", "--json")
    data = json.loads(out)
    assert code == 0
    assert any(r["provision"] == "buying" and r["changed"] for r in data["provisions"])
    bill = str(BILLS_DIR / "nz-purchase-offence-example.yaml")
    code, out, _ = run("law", "diff", "nz", "--reform", bill, "--json")
    data = json.loads(out)
    assert code == 0
    assert [r["provision"] for r in data["provisions"] if r["changed"]] == ["buying", "advertising"]


def test_validate_shipped_data_exits_zero() -> None:
    code, _, _ = run("law", "validate", str(JURISDICTIONS_DIR), str(BILLS_DIR))
    assert code == 0


def test_usage_errors_exit_2_without_traceback() -> None:
    for args in (
        ("law", "show", "zz"),
        ("law", "show", "nz", "--at", "2003-02-30"),
        ("law", "classify", "nz", "--scheme", "colour"),
        ("law", "classify"),
        ("law", "diff", "nz"),
        ("law", "show", "missing-file.yaml"),
    ):
        code, out, err = run(*args)
        assert code == 2, args
        assert "Traceback" not in out + err


def test_validate_reports_file_line_col_field(tmp_path: Path) -> None:
    bad = tmp_path / "nz.yaml"
    text = (JURISDICTIONS_DIR / "nz.yaml").read_text(encoding="utf-8")
    bad.write_text(text.replace("name: New Zealand", "name: New Zealand\ncolour: blue"), "utf-8")
    code, _, err = run("law", "validate", str(bad))
    assert code == 2
    assert f"{bad}:5:1: colour: unknown field" in err


SNIPPETS = st.sampled_from(
    [
        "id: nz\n",
        "name: X\n",
        "provisions:\n",
        "  selling:\n",
        "    values:\n",
        "      2003-06-28:\n",
        "        value: legal\n",
        "        value: 7\n",
        "        value: [\n",
        "        references: []\n",
        "instruments: {a: {title: t}}\n",
        "- x\n",
        "base: nz\n",
        "changes:\n",
        "  buying: criminal\n",
        "  buying: {value: !!binary x}\n",
        ": :\n",
        "&a x\n",
        "*a\n",
        "\t\n",
        "'\n",
        "{\n",
        "effective: 2030-02-30\n",
        "level: country\n",
    ]
)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.lists(SNIPPETS, max_size=12), st.text(max_size=20))
def test_malformed_yaml_never_tracebacks(tmp_path: Path, parts: list[str], noise: str) -> None:
    path = tmp_path / "fuzz.yaml"
    path.write_text("".join(parts) + noise, encoding="utf-8")
    result = runner.invoke(app, ["law", "validate", str(path)])
    assert result.exit_code in (0, 2)
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "Traceback" not in result.stdout + result.stderr
