"""Shared plumbing for the command line: JSON output, rich console, and clean failures.

Every command is wrapped by `guarded`, which turns any `SwpolicyError` (bad input, unknown id)
into a message on stderr and exit code 2, so users never see a traceback for their own mistakes.
"""

from __future__ import annotations

import functools
import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, ParamSpec, TypeVar

import typer
from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Column, Table

from swpolicy.errors import InputError, SwpolicyError

console = Console()
err_console = Console(stderr=True)

P = ParamSpec("P")
R = TypeVar("R")


def print_json(data: Any) -> None:
    """Machine-readable output: stable keys, UTF-8, no colour or wrapping."""
    sys.stdout.write(json.dumps(data, indent=2, ensure_ascii=False, default=str) + "\n")


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
