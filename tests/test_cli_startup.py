"""The CLI starts fast: importing it loads no heavy library, and flags show as flags in --help.

Not timed (timing belongs to benchmarks/cli_startup.py); instead it checks the cause of a slow
start directly, in a fresh interpreter, so a stray top-level import anywhere fails here.
"""

from __future__ import annotations

import importlib
import inspect
import json
import subprocess
import sys

import typer
from typer.testing import CliRunner

from swpolicy.cli import COMMANDS, app, load_command

HEAVY = ("matplotlib", "weasyprint", "statsmodels", "scipy.stats", "SALib", "numba", "fastapi")


def imported_after(code: str) -> set[str]:
    """Module names loaded by a fresh Python after running `code`."""
    probe = f"{code}\nimport json, sys\nprint(json.dumps(sorted(sys.modules)))"
    out = subprocess.run(
        [sys.executable, "-c", probe], check=True, capture_output=True, text=True
    ).stdout
    return set(json.loads(out.splitlines()[-1]))


def test_importing_the_cli_loads_no_heavy_library() -> None:
    loaded = imported_after("import swpolicy.cli")
    assert "swpolicy.cli" in loaded and "typer" in loaded
    assert not [m for m in HEAVY if m in loaded]


def test_probe_sees_heavy_imports() -> None:
    # The checks here must be able to fail: the report command does load SALib (its charts no
    # longer need matplotlib at import).
    loaded = imported_after("from swpolicy.cli import load_command; load_command('report')")
    assert "SALib" in loaded


def test_a_law_command_loads_no_heavy_library() -> None:
    loaded = imported_after(
        "import contextlib\nfrom swpolicy.cli import app\n"
        "with contextlib.redirect_stdout(None):\n"
        "    app(['law', 'show', 'nz'], standalone_mode=False)"
    )
    assert "swpolicy.law.cli" in loaded
    assert not [m for m in HEAVY if m in loaded]


def first_paragraph(text: str | None) -> str:
    return " ".join(inspect.cleandoc(text or "").split("\n\n")[0].split())


def test_the_command_list_matches_the_commands_own_help() -> None:
    """`swpolicy --help` is built from COMMANDS without imports: it must say what they say."""
    for name, (_module, help_line) in COMMANDS.items():
        command = load_command(name)
        assert command.name == name
        assert first_paragraph(command.help) == help_line, name


def test_every_registered_command_is_listed() -> None:
    for module_name in {module for module, _ in COMMANDS.values()}:
        module = importlib.import_module(module_name)
        if not hasattr(module, "register"):
            continue
        scratch = typer.Typer()
        module.register(scratch)
        registered = {c.name for c in scratch.registered_commands}
        registered |= {g.name for g in scratch.registered_groups}
        assert registered <= COMMANDS.keys(), f"add {registered - COMMANDS.keys()} to COMMANDS"


def help_text(*args: str) -> str:
    result = CliRunner().invoke(app, [*args, "--help"], env={"COLUMNS": "80"})
    assert result.exit_code == 0, result.output
    return result.stdout


def test_flags_show_without_a_value_type() -> None:
    for command in (("law", "list"), ("evidence", "show"), ("report",), ("simulate",), ()):
        text = help_text(*command)
        assert "<bool>" not in text
        assert "--help" in text
    # Options that take a value still show their type.
    assert "<int>" in help_text("report")
