"""Model commands' tables at 80 columns: nothing cut, and no two rows that read alike."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from swpolicy.cli import app
from swpolicy.cliutil import console, print_table
from swpolicy.scenarios.metrics import get

TINY = ["--setting", "vancouver", "--at", "2024-01-01", "--years", "3", "--draws", "300"]


def first_cells(out: str) -> list[str]:
    """The first cell of each row. A table is printed only when every cell fits on one line,
    so each of its rows is one line; stacked, a row is a blank line, then its first cell at the
    left edge (however many lines it wraps onto), then its other cells indented under it."""
    if "┃" in out:
        return [line.split("│")[1].strip() for line in out.splitlines() if line.startswith("│")]
    cells = []
    for block in out.split("\n\n")[1:]:  # the first block is the title
        lead = []
        for line in block.splitlines():
            if line.startswith(" "):
                break
            lead.append(line.strip())
        cells.append(" ".join(lead))
    return cells


def run80(*args: str) -> str:
    result = CliRunner().invoke(app, list(args), env={"COLUMNS": "80"})
    assert result.exit_code == 0, result.output
    return result.stdout


@pytest.fixture(scope="module")
def simulate_out() -> str:
    return run80("simulate", *TINY, "--law", "nz", "--law", "se", "--assumptions", "critics")


def test_simulate_fits_80_columns_with_every_metric_named_once(simulate_out: str) -> None:
    assert max(len(line) for line in simulate_out.splitlines()) <= 80
    assert "…" not in simulate_out
    names = first_cells(simulate_out.split("Counts are")[0])
    expected = [
        get(m).short
        for m in ("hiv_infections", "hiv_infections_averted", "hiv_infections_averted_pct")
    ]
    assert names[:3] == expected
    assert len(set(names)) == len(names) == 8  # every metric, each once, all different
    assert simulate_out.count("New Zealand: ") == len(names)  # each row's cell for each law


def test_simulate_says_when_the_market_size_drives_a_difference(simulate_out: str) -> None:
    flat = " ".join(simulate_out.split())
    assert "With the law of New Zealand, the critics' market-size assumption makes the market" in (
        flat
    )
    assert "Critics' assumptions" in flat  # the set in words, not its id


@pytest.mark.parametrize("width", [40, 80])
def test_print_table_never_makes_two_rows_read_alike(
    width: int, capsys: pytest.CaptureFixture[str]
) -> None:
    # Two names that differ only at the end: a cut table shows both as "HIV infections a…".
    rows = [
        ["HIV infections averted compared with the current law", "1.0 [0.5, 2.0]"],
        ["HIV infections averted compared with the current law, %", "10.0 [5.0, 20.0]"],
    ]
    old = console.width
    console.width = width
    try:
        print_table(["outcome", "New Zealand"], rows, title="Vancouver")
    finally:
        console.width = old
    out = capsys.readouterr().out
    assert max(len(line) for line in out.splitlines()) <= width
    assert first_cells(out) == [name for name, _ in rows]
    assert all(value in out for _, value in rows)


def test_print_table_is_a_table_when_it_fits(capsys: pytest.CaptureFixture[str]) -> None:
    print_table(["outcome", "New Zealand"], [["HIV infections", "1.0 [0.5, 2.0]"]])
    out = capsys.readouterr().out
    assert "┃ outcome" in out and "│ HIV infections │ 1.0 [0.5, 2.0]" in out


def test_evidence_list_at_80_columns_keeps_every_id_and_quantity_whole() -> None:
    from swpolicy.evidence import load_registry

    out = run80("evidence", "list", "--claim", "critics")
    assert "…" not in out and max(len(line) for line in out.splitlines()) <= 80
    entries = load_registry().filter(claim="critics")
    assert first_cells(out) == [e.id for e in entries]
    flat = " ".join(out.split())
    for entry in entries:
        assert " ".join(entry.quantity.split()) in flat
