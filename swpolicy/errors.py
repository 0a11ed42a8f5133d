"""Errors swpolicy reports to people: located input problems and bad requests.

The CLI turns any `SwpolicyError` into a message on stderr and exit code 2; the web app turns it
into an HTTP 4xx. Anything else is a bug.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass


@dataclass(frozen=True, order=True)
class Issue:
    """One problem in one input, located as precisely as the input allows."""

    file: str
    line: int
    col: int
    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.col}: {self.field or '(document)'}: {self.message}"

    def as_dict(self) -> dict[str, str | int]:
        return asdict(self)


class SwpolicyError(Exception):
    """Base class of errors caused by what the user asked for or supplied."""


class InputError(SwpolicyError):
    """An input file or document has problems; carries every problem found, not just the first."""

    def __init__(self, issues: Sequence[Issue]) -> None:
        self.issues = sorted(issues)
        super().__init__("\n".join(str(i) for i in self.issues))


class UsageError(SwpolicyError):
    """A request that cannot be answered as asked (unknown id, bad date, missing option)."""
