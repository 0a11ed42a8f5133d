"""The `swpolicy` command line.

Start-up is kept fast (`swpolicy --help` well under half a second): the command modules import
only light libraries at the top, and SciPy, statsmodels, matplotlib and WeasyPrint are imported
inside the commands that use them (see benchmarks/cli_startup.py and tests/test_cli_startup.py).
"""

from __future__ import annotations

from typing import Any

import typer
from typer.core import TyperCommand, TyperGroup, TyperOption

from swpolicy.epi.cli import register as register_epi
from swpolicy.evidence.cli import app as evidence_app
from swpolicy.law.cli import app as law_app
from swpolicy.report.cli import register as register_report
from swpolicy.scenarios.cli import register as register_scenarios
from swpolicy.web.cli import register as register_web


def show_flags_as_flags(command: TyperCommand | TyperGroup) -> None:
    """Drop the `<bool>` type typer's rich help prints after every on/off flag, everywhere.

    A flag takes no value, so `--json <bool>` misleads: it reads as if `--json true` were
    expected. An empty metavar makes the rich help show the flag alone; parsing is unchanged.
    """
    # The help option is built on first use and cached; build it now to fix it too.
    help_option = command.get_help_option(command.context_class(command))
    for param in [*command.params, help_option]:
        if isinstance(param, TyperOption) and param.is_flag:
            param.metavar = ""
    if isinstance(command, TyperGroup):
        for sub in command.commands.values():
            if isinstance(sub, TyperCommand | TyperGroup):
                show_flags_as_flags(sub)


class SwpolicyGroup(TyperGroup):
    """The top-level group; fixes the help of every command once, when it is built."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        show_flags_as_flags(self)


app = typer.Typer(
    name="swpolicy",
    help="Adult sex-work law as code, HIV outcome models and law-to-outcome simulation.",
    no_args_is_help=True,
    add_completion=False,
    cls=SwpolicyGroup,
)

app.add_typer(law_app, name="law")
app.add_typer(evidence_app, name="evidence")
register_epi(app)
register_scenarios(app)
register_report(app)
register_web(app)


def main() -> None:
    """Entry point of the `swpolicy` console script."""
    app()
