"""`swpolicy evidence ...`: list and show the effect sizes the simulator uses, with sources."""

from __future__ import annotations

from pathlib import Path
from typing import Any, get_args

import typer
from rich.table import Table

from swpolicy.cliutil import console, guarded, print_json, print_table
from swpolicy.errors import UsageError
from swpolicy.evidence.pooling import pool
from swpolicy.evidence.registry import Registry, load_registry
from swpolicy.evidence.schema import Claim, Entry, EvidenceType

app = typer.Typer(
    help="Evidence registry: effect sizes with sources, uncertainty and whose claim each is.",
    no_args_is_help=True,
)

JSON = typer.Option(False, "--json", help="Print machine-readable JSON.")
CLAIMS = ", ".join(get_args(Claim))
TYPES = ", ".join(get_args(EvidenceType))


def _check_choice(name: str, value: str | None, allowed: tuple[str, ...]) -> None:
    if value is not None and value not in allowed:
        raise UsageError(f"{name}: unknown value {value!r}; expected one of {', '.join(allowed)}")


def summary_row(entry: Entry, registry: Registry) -> dict[str, Any]:
    """The `list --json` row of one entry (keys are stable)."""
    return {
        "id": entry.id,
        "theme": registry.themes.get(entry.id, ""),
        "quantity": entry.quantity,
        "unit": entry.unit,
        "estimate": entry.estimate,
        "ci": list(entry.ci),
        "interval": entry.interval,
        "distribution": entry.distribution,
        "type": entry.type,
        "claim": entry.claim,
        "citation": entry.source.citation,
        "link": entry.source.link(),
    }


def detail(entry: Entry, registry: Registry) -> dict[str, Any]:
    """The `show --json` document: every field, the file, and the pooled result if any."""
    data: dict[str, Any] = entry.model_dump(mode="json")
    data["theme"] = registry.themes.get(entry.id, "")
    data["file"] = Path(registry.files.get(entry.id, "")).name
    data["pooled"] = pool(entry).as_dict() if entry.studies else None
    return data


@app.command("list")
@guarded
def list_cmd(
    json: bool = JSON,
    claim: str | None = typer.Option(None, "--claim", help=f"Only this claim: {CLAIMS}."),
    type: str | None = typer.Option(None, "--type", help=f"Only this type: {TYPES}."),
) -> None:
    """List the effect sizes, optionally only one claim or type."""
    _check_choice("--claim", claim, get_args(Claim))
    _check_choice("--type", type, get_args(EvidenceType))
    registry = load_registry()
    rows = [summary_row(e, registry) for e in registry.filter(claim=claim, type=type)]
    if json:
        print_json(rows)
        return
    cells = []
    for row in rows:
        low, high = row["ci"]
        interval = f"{row['estimate']:g} [{low:g}, {high:g}] {row['interval']}"
        cells.append([row["id"], interval, row["type"], row["claim"], row["quantity"]])
    # Stacked when the terminal is narrow: a table of five columns at 80 cut every cell but the
    # id to a few letters.
    headers = ["id", "estimate [interval]", "type", "claim", "quantity"]
    print_table(headers, cells, title=_title(rows))


def _title(rows: list[dict[str, Any]]) -> str:
    return f"{len(rows)} evidence entr{'y' if len(rows) == 1 else 'ies'}"


@app.command()
@guarded
def show(
    entry_id: str = typer.Argument(..., metavar="ID", help="Evidence id (see `list`)."),
    json: bool = JSON,
) -> None:
    """Show one entry in full: numbers, distribution, population, design, source, claim."""
    registry = load_registry()
    data = detail(registry.get(entry_id), registry)
    if json:
        print_json(data)
        return
    table = Table("field", "value", title=f"{data['id']} ({data['file']})", show_header=False)
    for key in ("quantity", "unit", "estimate", "ci", "interval", "distribution", "type"):
        table.add_row(key, str(data[key]))
    for key in ("claim", "population", "setting", "design", "direction", "note"):
        table.add_row(key, str(data[key]))
    source = data["source"]
    table.add_row("source", source["citation"])
    table.add_row("doi / url", " ".join(filter(None, (source["doi"], source["url"]))))
    table.add_row("locator", source["locator"] or "")
    for study in data["studies"] or []:
        low, high = study["ci"]
        table.add_row("study", f"{study['label']}: {study['estimate']:g} [{low:g}, {high:g}]")
    pooled = data["pooled"]
    if pooled:
        table.add_row(
            "pooled here",
            f"{pooled['estimate']:.2f} [{pooled['ci_low']:.2f}, {pooled['ci_high']:.2f}], "
            f"tau2={pooled['tau2']:.3f}, I2={pooled['i2']:.0%}, k={pooled['k']}, "
            f"{pooled['method']}",
        )
    console.print(table)
