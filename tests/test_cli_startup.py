"""The CLI starts fast: importing it loads no heavy library, and flags show as flags in --help.

Not timed (timing belongs to benchmarks/cli_startup.py); instead it checks the cause of a slow
start directly, in a fresh interpreter, so a stray top-level import anywhere fails here.
"""

from __future__ import annotations

import json
import subprocess
import sys

from typer.testing import CliRunner

from swpolicy.cli import app

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
    # The check above must be able to fail: the report builder does load matplotlib.
    loaded = imported_after("import swpolicy.report.build")
    assert "matplotlib" in loaded


def test_packages_still_export_their_api_lazily() -> None:
    import swpolicy.epi
    import swpolicy.evidence
    import swpolicy.report

    assert callable(swpolicy.epi.run_setting)
    assert callable(swpolicy.evidence.load_registry)
    assert swpolicy.report.DEFAULT_DRAWS >= 100
    assert "run_setting" in dir(swpolicy.epi)
    try:
        swpolicy.epi.no_such_name  # noqa: B018 - the attribute access is what is tested
    except AttributeError as exc:
        assert "no_such_name" in str(exc)
    else:
        raise AssertionError("unknown attribute did not raise")


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
    assert "<int range>" in help_text("report")
