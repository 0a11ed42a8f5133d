"""The `swpolicy` command line."""

from __future__ import annotations

import typer

from swpolicy.cliutil import input_options
from swpolicy.epi.cli import register as register_epi
from swpolicy.evidence.cli import app as evidence_app
from swpolicy.law.cli import app as law_app
from swpolicy.report.cli import register as register_report
from swpolicy.scenarios.cli import register as register_scenarios
from swpolicy.web.cli import register as register_web

app = typer.Typer(
    name="swpolicy",
    help="Adult sex-work law as code, HIV outcome models and law-to-outcome simulation.",
    no_args_is_help=True,
    add_completion=False,
)
app.callback()(input_options)

app.add_typer(law_app, name="law")
app.add_typer(evidence_app, name="evidence")
register_epi(app)
register_scenarios(app)
register_report(app)
register_web(app)


def main() -> None:
    """Entry point of the `swpolicy` console script."""
    app()
