"""The `swpolicy` command line.

Start-up is kept fast (`swpolicy --help` well under half a second): a command's module is
imported only when that command runs, so `swpolicy law show nz` never loads SciPy, statsmodels,
matplotlib or WeasyPrint, and `swpolicy --help` loads none of the command modules. The list of
commands and their one-line help is therefore declared here, in `COMMANDS`;
tests/test_cli_startup.py checks that it matches the commands' own help, and that importing
this module loads no heavy library. benchmarks/cli_startup.py measures the start-up time.
"""

from __future__ import annotations

import importlib
from typing import Any

import typer
from typer.core import TyperCommand, TyperGroup, TyperOption

from swpolicy.bounds import INPUT_BYTES, MAX_INPUT_BYTES

# Command name -> (module, first paragraph of its help). A module either has `register(app)`,
# which adds its commands to a Typer app, or is a Typer `app` added as a group of that name.
COMMANDS: dict[str, tuple[str, str]] = {
    "lancet": (
        "swpolicy.epi.cli",
        "Reproduce the Lancet 2015 scenarios (Shannon et al.) and compare with published values.",
    ),
    "simulate": (
        "swpolicy.scenarios.cli",
        "Project HIV, violence, arrests and ART coverage under each law, with 95% intervals.",
    ),
    "sensitivity": (
        "swpolicy.scenarios.cli",
        "Rank the assumptions by how much they move the difference between two laws.",
    ),
    "calibrate": (
        "swpolicy.scenarios.cli",
        "Calibrate a setting (and cache it): each target beside the posterior predictive.",
    ),
    "settings": (
        "swpolicy.epi.settings_cli",
        "Settings: the places the model is calibrated to (shipped files or your own YAML).",
    ),
    "setting": (
        "swpolicy.epi.settings_cli",
        "Make a setting file for any country from its indicators and regional priors.",
    ),
    "report": (
        "swpolicy.report.cli",
        "Write a self-contained HTML report comparing regime families in each setting.",
    ),
    "serve": (
        "swpolicy.web.cli",
        "Serve the web app: laws, compare, bill editor, simulations and the JSON API (/docs).",
    ),
    "law": ("swpolicy.law.cli", "Law as code: jurisdictions' provisions as dated, cited data."),
    "evidence": (
        "swpolicy.evidence.cli",
        "Evidence registry: effect sizes with sources, uncertainty and whose claim each is.",
    ),
}


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


def load_command(name: str) -> TyperCommand | TyperGroup:
    """Import the module of command `name` and build that command."""
    module = importlib.import_module(COMMANDS[name][0])
    scratch = typer.Typer()
    if hasattr(module, "register"):
        module.register(scratch)
    else:
        scratch.add_typer(module.app, name=name)

    @scratch.callback()
    def _group() -> None:
        """A group, so that even a single command keeps its name."""

    built = typer.main.get_command(scratch)
    assert isinstance(built, TyperGroup)
    command = built.commands[name]
    assert isinstance(command, TyperCommand | TyperGroup)
    show_flags_as_flags(command)
    return command


class SwpolicyGroup(TyperGroup):
    """The top-level group: lists `COMMANDS` without importing them, loads one when it runs."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._listing = False
        show_flags_as_flags(self)

    def list_commands(self, ctx: Any) -> list[str]:
        return list(dict.fromkeys([*super().list_commands(ctx), *COMMANDS]))

    def get_command(self, ctx: Any, cmd_name: str) -> Any:
        command = super().get_command(ctx, cmd_name)
        if command is not None or cmd_name not in COMMANDS:
            return command
        if self._listing:  # `swpolicy --help`: the one-line help is enough
            return TyperCommand(name=cmd_name, help=COMMANDS[cmd_name][1])
        loaded = load_command(cmd_name)
        self.add_command(loaded, cmd_name)
        return loaded

    def format_help(self, ctx: Any, formatter: Any) -> None:
        self._listing = True
        try:
            super().format_help(ctx, formatter)
        finally:
            self._listing = False


app = typer.Typer(
    name="swpolicy",
    help="Adult sex-work law as code, HIV outcome models and law-to-outcome simulation.",
    no_args_is_help=True,
    add_completion=False,
    cls=SwpolicyGroup,
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


def main() -> None:
    """Entry point of the `swpolicy` console script."""
    app()
