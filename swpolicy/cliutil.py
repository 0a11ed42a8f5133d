"""Shared plumbing for the command line: JSON output, rich console, and clean failures.

Every command is wrapped by `guarded`, which turns any `SwpolicyError` (bad input, unknown id)
into a message on stderr and exit code 2, so users never see a traceback for their own mistakes.
"""

from __future__ import annotations

import functools
import json
import math
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any, ParamSpec, TypeVar

import typer
from rich.console import Console
from rich.markup import escape
from rich.padding import Padding
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Column, Table
from rich.text import Text

from swpolicy.errors import InputError, SwpolicyError

console = Console()
err_console = Console(stderr=True)

P = ParamSpec("P")
R = TypeVar("R")


class NotFinite(SwpolicyError):
    """A result holds NaN or infinity: never printed as if it were an answer (or as JSON)."""


def json_text(data: Any, indent: int | None = 2) -> str:
    """Strict JSON text of `data`; raises NotFinite, naming the field, for NaN or infinity."""
    try:
        return json.dumps(data, indent=indent, ensure_ascii=False, allow_nan=False, default=_plain)
    except ValueError:
        where = _non_finite(data)
        raise NotFinite(
            f"the result is not a finite number at {where or 'some field'}; "
            "nothing was printed (check the inputs: a degenerate interval or distribution?)"
        ) from None


def require_finite(data: Any) -> None:
    """Refuse a result holding NaN or infinity (NotFinite, exit 2) before any output."""
    json_text(data, indent=None)


def print_json(data: Any) -> None:
    """Machine-readable output: stable keys, UTF-8, no colour or wrapping; never NaN."""
    sys.stdout.write(json_text(data) + "\n")


def _plain(value: Any) -> Any:
    # numpy scalars become Python numbers (so NaN is still caught); anything else its text.
    item = getattr(value, "item", None)
    return item() if callable(item) and not isinstance(value, str | bytes) else str(value)


def _non_finite(data: Any, path: str = "") -> str | None:
    """The dotted path of the first NaN or infinity in `data`, if any."""
    if isinstance(data, dict):
        children: Any = ((f"{path}.{k}" if path else str(k), v) for k, v in data.items())
    elif isinstance(data, list | tuple):
        children = ((f"{path}[{i}]", v) for i, v in enumerate(data))
    else:
        number = _plain(data) if hasattr(data, "item") else data
        bad = isinstance(number, float) and not math.isfinite(number)
        return (path or "(value)") if bad else None
    for child_path, value in children:
        found = _non_finite(value, child_path)
        if found:
            return found
    return None


def fail(message: str, code: int = 2) -> typer.Exit:
    """Print an error for a person and return the exit to raise."""
    err_console.print(f"[bold red]error:[/] {message}", highlight=False, soft_wrap=True)
    return typer.Exit(code)


def guarded(func: Callable[P, R]) -> Callable[P, R]:
    """Run a command; report SwpolicyError as a clean message with exit code 2."""

    @functools.wraps(func)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return func(*args, **kwargs)
        except InputError as exc:
            for issue in exc.issues:
                sys.stderr.write(f"{issue}\n")
            raise fail(f"{len(exc.issues)} problem(s) found") from None
        except SwpolicyError as exc:
            raise fail(str(exc)) from None

    return wrapper


@contextmanager
def progress(total: int, label: str) -> Iterator[Callable[[int], None]]:
    """A progress bar on stderr; yields `tick(k)` to advance it by k units of `total`."""
    with Progress(
        TextColumn(f"[bold]{label}"),
        BarColumn(),
        TextColumn("{task.percentage:>3.0f}%"),
        TimeElapsedColumn(),
        console=err_console,
        transient=True,
    ) as bar:
        task = bar.add_task(label, total=total)
        yield lambda k: bar.advance(task, k)


def word_table(*headers: str, title: str | None = None) -> Table:
    """A table whose cells wrap at spaces and fold long words, so no cell is cut short.

    Rich's default ellipsis made two different ids read alike at 80 columns; folding keeps every
    character, and words (from swpolicy.vocabulary) wrap at spaces.
    """
    columns = [Column(h, overflow="fold") for h in headers]
    return Table(*columns, title=title)


def natural_width(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> int:
    """The width a table needs to show every cell on one line (borders and padding included)."""
    widths = [
        max([len(h), *(len(line) for r in rows for line in str(r[i]).splitlines() or [""])])
        for i, h in enumerate(headers)
    ]
    return sum(widths) + 3 * len(widths) + 1


def print_table(
    headers: Sequence[str],
    rows: Sequence[Sequence[str]],
    *,
    title: str | None = None,
    dim: Sequence[bool] | None = None,
) -> None:
    """Print rows as a table when they fit the terminal, else stacked: a blank line, each row's
    first cell at the left edge, then one indented `header: value` line per other cell.

    At 80 columns a table of many columns must cut or fold its cells, so that two rows' first
    cells (metric or factor names) could read alike ("hiv_infections_a..."). Stacked, every
    cell keeps all its words and wraps at spaces; nothing is cut, whatever the width.
    """
    dim = dim or [False] * len(rows)
    if natural_width(headers, rows) <= console.width:
        table = word_table(*headers, title=title)
        for row, faint in zip(rows, dim, strict=True):
            table.add_row(*row, style="dim" if faint else "")
        console.print(table)
        return
    if title:
        console.print(f"[bold]{escape(title)}[/]", highlight=False)
    for row, faint in zip(rows, dim, strict=True):
        style = "dim" if faint else "bold"
        console.print()  # a blank line before each row: its first cell may wrap
        console.print(f"[{style}]{escape(str(row[0]))}[/]", highlight=False)
        for header, cell in zip(headers[1:], row[1:], strict=True):
            text = Text(f"{header}: {cell}", style="dim" if faint else "")
            console.print(
                Padding(text, (0, 0, 0, 2), expand=False), highlight=False
            )  # wrapped lines too
