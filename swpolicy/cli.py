"""The `swpolicy` command line."""

from __future__ import annotations

import typer

from swpolicy.bounds import INPUT_BYTES, MAX_INPUT_BYTES
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


@app.callback()
def _root(
    ctx: typer.Context,
    max_bytes: int = typer.Option(
        MAX_INPUT_BYTES,
        "--max-bytes",
        callback=INPUT_BYTES.callback,
        help="Largest input file (law, bill, assumptions) accepted, in bytes.",
    ),
) -> None:
    """Options for every command: the input size limit, in force until the command ends."""
    from swpolicy.sourcefile import set_input_limit  # keeps `swpolicy --help` light

    ctx.call_on_close(set_input_limit(max_bytes))


app.add_typer(law_app, name="law")
app.add_typer(evidence_app, name="evidence")
register_epi(app)
register_scenarios(app)
register_report(app)
register_web(app)


def main() -> None:
    """Entry point of the `swpolicy` console script."""
    app()
