"""The open dataset's Parquet form, its codebook and the crosswalk to NSWP's categories."""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from swpolicy.cli import app
from swpolicy.errors import InputError
from swpolicy.law.codebook import codebook, markdown
from swpolicy.law.crosswalk import Crosswalk, answers, crosswalk
from swpolicy.law.export import COLUMNS, encode, rows
from swpolicy.law.registry import load_all
from swpolicy.sourcefile import load_yaml
from tests.law.conftest import synthetic_law

runner = CliRunner()
DAY = date(2024, 1, 1)


def _answer(law_rows: list[dict[str, str]], category: str) -> str:
    return next(r["answer"] for r in law_rows if r["category"] == category)


def test_parquet_holds_the_same_rows_as_csv_and_states_the_licence() -> None:
    data = rows(load_all().values())
    table = pq.read_table(io.BytesIO(encode(data, "parquet")))
    assert table.column_names == list(COLUMNS)
    assert table.to_pylist() == data
    assert table.schema.metadata[b"licence"] == b"CC-BY-4.0"


def test_codebook_explains_every_column_and_every_value_the_data_use() -> None:
    text = markdown(codebook())
    data = rows(load_all().values())
    for column in data[0]:
        assert f"| `{column}` |" in text
    words = {r["value"] for r in data} - {"unrecorded"}
    undocumented = {w for w in words if not w.isdigit() and f"| `{w}` |" not in text}
    assert not undocumented
    assert "`unrecorded`:" in text


def test_crosswalk_answers_follow_the_provisions() -> None:
    nordic = answers([synthetic_law(buying="criminal", brothel_keeping="criminal")], DAY)
    assert _answer(nordic, "buying_criminalised") == "yes"
    assert _answer(nordic, "selling_criminalised") == "no"
    assert _answer(nordic, "third_parties_criminalised") == "yes"
    assert _answer(nordic, "decriminalised") == "no"
    decrim = answers([synthetic_law()], DAY)
    assert _answer(decrim, "decriminalised") == "yes"
    assert _answer(decrim, "q1_selling") == "no"


def test_an_unverifiable_provision_gives_no_answer_rather_than_a_guess() -> None:
    unsure = answers([synthetic_law(buying="unclear")], DAY)
    assert _answer(unsure, "buying_criminalised") == "unknown"
    assert _answer(unsure, "q2_buying") == "unknown"


def test_a_scheme_whose_categories_were_not_read_answers_nothing() -> None:
    lab = crosswalk().schemes["hiv_policy_lab"]
    assert lab.status == "unverified" and lab.question and not lab.categories
    assert not [r for r in answers(load_all().values(), DAY) if r["scheme"] == "hiv_policy_lab"]


def test_a_crosswalk_naming_an_unknown_provision_is_refused_where_it_is(tmp_path: Path) -> None:
    text = (
        "schemes:\n  x:\n    name: X\n    organisation: O\n    status: verified\n"
        "    source: {citation: c, url: u, locator: l}\n    categories:\n"
        "      c:\n        label: L\n        test: {any_penalised: [sellling]}\n"
    )
    with pytest.raises(InputError) as err:
        load_yaml(tmp_path / "crosswalk.yaml", text).require(Crosswalk)
    message = str(err.value)
    assert "sellling" in message and ":10:" in message


def test_cli_writes_codebook_crosswalk_and_parquet(tmp_path: Path) -> None:
    book = runner.invoke(app, ["law", "codebook", "--format", "json"])
    assert book.exit_code == 0, book.output
    assert set(json.loads(book.stdout)["columns"]) == set(COLUMNS)
    walk = runner.invoke(app, ["law", "crosswalk", "--at", "2024-01-01"])
    assert walk.exit_code == 0, walk.output
    parsed = list(csv.DictReader(io.StringIO(walk.stdout)))
    nz = {r["category"]: r["answer"] for r in parsed if r["jurisdiction"] == "nz"}
    se = {r["category"]: r["answer"] for r in parsed if r["jurisdiction"] == "se"}
    assert nz["decriminalised"] == "yes" and se["buying_criminalised"] == "yes"
    out = tmp_path / "law.parquet"
    wrote = runner.invoke(app, ["law", "export", "--format", "parquet", "--out", str(out)])
    assert wrote.exit_code == 0, wrote.output
    assert pq.read_table(out).num_rows == len(rows(load_all().values()))
    bad = runner.invoke(app, ["law", "codebook", "--format", "pdf"])
    assert bad.exit_code == 2


def test_the_docs_column_table_is_the_declared_one() -> None:
    from swpolicy.law.export import COLUMN_MEANINGS

    docs = (Path(__file__).parents[2] / "docs" / "law-data.md").read_text(encoding="utf-8")
    for column, meaning in COLUMN_MEANINGS.items():
        assert f"| `{column}` | {meaning.replace('|', chr(92) + '|')} |" in docs, column


def test_what_a_date_means_is_exported_and_a_seen_date_is_not_a_commencement() -> None:
    data = rows(load_all().values())
    assert {r["dated"] for r in data if r["value"] != "unrecorded"} <= {"in_force", "year", "seen"}
    seen = [r for r in data if r["dated"] == "seen"]
    # Any file may key a value by the day a source showed it in force; each such row keeps its
    # date, and a known one (Delaware's undated selling source) is not read as a commencement.
    assert seen and all(r["since"] for r in seen)
    assert any(r["jurisdiction"] == "us-de" and r["provision"] == "selling" for r in seen)


def test_an_unknown_date_meaning_is_refused(tmp_path: Path) -> None:
    from swpolicy.law.registry import JURISDICTIONS_DIR, load_law_file

    text = (JURISDICTIONS_DIR / "nz.yaml").read_text(encoding="utf-8")
    bad = tmp_path / "nz.yaml"
    bad.write_text(
        text.replace("        value: legal\n", "        value: legal\n        dated: guessed\n", 1)
    )
    with pytest.raises(InputError) as err:
        load_law_file(bad)
    assert "dated" in str(err.value)
