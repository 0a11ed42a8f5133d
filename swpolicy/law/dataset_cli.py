"""`swpolicy law export|codebook|crosswalk`: the open law dataset, its codebook and crosswalk.

Every command writes to standard output or, with `--out`, to a file written beside the target
and renamed into place, so a failed write never leaves a partial file.
"""

from __future__ import annotations

import sys
from pathlib import Path

import typer

from swpolicy.cliutil import console, guarded
from swpolicy.errors import UsageError
from swpolicy.law import codebook as codebook_doc
from swpolicy.law.cli import app, parse_at
from swpolicy.law.crosswalk import answers
from swpolicy.law.export import FORMATS, encode, render
from swpolicy.law.export import rows as export_rows
from swpolicy.law.registry import load_all

OUT = typer.Option(None, "--out", help="File to write; default standard output.")


def _emit(data: bytes, out: Path | None, *, binary: bool = False) -> None:
    if out is None:
        if binary and sys.stdout.isatty():
            raise UsageError("--out: a binary format needs a file (or a pipe), not a terminal")
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
        return
    tmp = out.with_name(f".{out.name}.tmp")
    try:
        tmp.write_bytes(data)
        tmp.replace(out)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise UsageError(f"--out: cannot write {out}: {exc.strerror or exc}") from None
    console.print(f"wrote {out}")


@app.command("export")
@guarded
def export_cmd(
    fmt: str = typer.Option("csv", "--format", help=f"Output format: {', '.join(FORMATS)}."),
    at: str | None = typer.Option(None, "--at", help="Only the values in force on this date."),
    out: Path | None = OUT,
) -> None:
    """Write the shipped law data as a flat dataset (one row per value, with references)."""
    if fmt not in FORMATS:
        raise UsageError(f"--format: {fmt!r}; expected one of {', '.join(FORMATS)}")
    data = export_rows(load_all().values(), parse_at(at) if at else None)
    _emit(encode(data, fmt), out, binary=fmt == "parquet")


@app.command("codebook")
@guarded
def codebook_cmd(
    fmt: str = typer.Option("md", "--format", help="md (Markdown) or json."),
    out: Path | None = OUT,
) -> None:
    """Explain every column, provision, word and regime of the dataset, and the crosswalk."""
    if fmt not in codebook_doc.FORMATS:
        raise UsageError(f"--format: {fmt!r}; expected one of {', '.join(codebook_doc.FORMATS)}")
    _emit(codebook_doc.render(fmt).encode("utf-8"), out)


@app.command("crosswalk")
@guarded
def crosswalk_cmd(
    fmt: str = typer.Option("csv", "--format", help="csv or json."),
    at: str | None = typer.Option(None, "--at", help="Date of the law; default today."),
    out: Path | None = OUT,
) -> None:
    """Answer other organisations' categories (NSWP) for every jurisdiction, from its provisions."""
    if fmt not in ("csv", "json"):
        raise UsageError(f"--format: {fmt!r}; expected csv or json")
    rows = answers(load_all().values(), parse_at(at))
    _emit(render_rows(rows, fmt).encode("utf-8"), out)


def render_rows(rows: list[dict[str, str]], fmt: str) -> str:
    """Crosswalk answers as CSV or JSON (the export's text writers, other columns)."""
    columns = list(rows[0]) if rows else []
    return render(rows, fmt, columns=columns)
