"""``swpolicy settings list|show`` and ``swpolicy setting new``: the places the model runs in.

``settings list`` gives every setting (the shipped calibrated files and the builder-made
``built-<jurisdiction>`` of every registry jurisdiction) with its calibration status and
effective draws, read from the cached posterior at the given draws and seed (``calibrate``'s
defaults) without computing anything unless ``--calibrate`` is given. ``setting new`` writes
the builder's document for a country (or one of its sub-national units) as a YAML file that
loads and calibrates unchanged, for the user to edit with local data.
"""

from __future__ import annotations

import os
import tempfile
from io import StringIO
from pathlib import Path
from typing import Any

import typer
from rich.console import Console
from rich.table import Table

from swpolicy.cliutil import guarded, json_text, progress
from swpolicy.epi.schema import Setting
from swpolicy.errors import UsageError

DEFAULT_DRAWS = 10_000  # `swpolicy calibrate`'s defaults: the cached posterior they make
DEFAULT_SEED = 1
KINDS = ("calibrated", "builder", "all")
NOT_CALIBRATED = "not calibrated"

settings_app = typer.Typer(
    help="Settings: the places the model is calibrated to (shipped files or your own YAML).",
    no_args_is_help=True,
)
setting_app = typer.Typer(
    help="Make a setting file for any country from its indicators and regional priors.",
    no_args_is_help=True,
)


def register(app: typer.Typer) -> None:
    """Add the ``settings`` and ``setting`` groups to ``app``."""
    app.add_typer(settings_app, name="settings")
    app.add_typer(setting_app, name="setting")


def describe(s: Setting) -> dict[str, Any]:
    """A setting's main facts, as ``settings show --json`` prints them."""
    return {
        "id": s.name,
        "label": s.label,
        "place": s.place,
        "jurisdiction": s.law.jurisdiction,
        "exposures_measured": s.law.exposures_measured.isoformat(),
        "epidemic": s.epidemic,
        "start_year": s.start_year,
        "targets": len(s.targets),
        "scenarios": list(s.scenarios),
        "population": None if s.population is None else s.population.estimate,
        "parameters": len(s.parameters),
    }


def _ids(kind: str) -> list[str]:
    from swpolicy.epi import settings

    if kind not in KINDS:
        raise UsageError(f"--kind must be one of {', '.join(KINDS)}, not {kind!r}")
    chosen = []
    if kind in ("calibrated", "all"):
        chosen += list(settings.shipped())
    if kind in ("builder", "all"):
        chosen += list(settings.builder_ids())
    return chosen


def status_rows(
    ids: list[str], *, draws: int, seed: int, calibrate: bool = False
) -> list[dict[str, Any]]:
    """One object per setting: id, name, jurisdiction, kind, status, ess and its facts.

    Status and ESS come from the cached SMC posterior at ``draws`` and ``seed``; without one
    the status is "not calibrated" and ESS null, unless ``calibrate`` computes it.
    """
    from swpolicy.epi import settings
    from swpolicy.scenarios.calibrated import Fitted, cached, fit_tasks, fitted
    from swpolicy.scenarios.executor import executor
    from swpolicy.scenarios.run import engine_for
    from swpolicy.vocabulary import label

    engine = engine_for("compartmental")
    rows = []
    with executor(None, None) as ex:
        for ref in ids:
            s = settings.load(ref)
            fit: Fitted | None
            if calibrate:
                with progress(fit_tasks(draws, ex), f"calibrate {ref}") as tick:
                    fit = fitted(
                        engine, s, seed=seed, draws=draws, method="smc", executor=ex, tick=tick
                    )
            else:
                fit = cached(engine, s, seed=seed, draws=draws, method="smc")
            kind = settings.kind_of(ref)
            status = NOT_CALIBRATED if fit is None else fit.status
            rows.append(
                {
                    "id": ref,
                    "name": s.label,
                    "jurisdiction": s.law.jurisdiction,
                    "kind": kind,
                    "kind_label": label("setting_kind", kind),
                    "status": status,
                    "status_label": label("calibration_status", status.replace(" ", "_")),
                    "ess": None if fit is None else round(fit.ess, 1),
                    "draws": draws,
                    "seed": seed,
                    **{k: v for k, v in describe(s).items() if k not in ("id", "jurisdiction")},
                }
            )
    return rows


@settings_app.command("list")
@guarded
def settings_list(
    as_json: bool = typer.Option(False, "--json", help="Print machine-readable JSON."),
    kind: str = typer.Option("all", "--kind", help="calibrated, builder or all."),
    calibrate: bool = typer.Option(
        False, "--calibrate", help="Calibrate those not cached yet (slow: minutes each)."
    ),
    draws: int = typer.Option(DEFAULT_DRAWS, "--draws", help="Calibration draws to look up."),
    seed: int = typer.Option(DEFAULT_SEED, "--seed", help="Calibration seed to look up."),
) -> None:
    """List the settings with their calibration status and effective draws (ESS)."""
    from swpolicy.law.registry import load as load_law

    rows = status_rows(_ids(kind), draws=draws, seed=seed, calibrate=calibrate)
    if as_json:
        print(json_text(rows))
        return
    table = Table(title="Settings (use the id, or the path of your own setting file)")
    for col in ("id", "name", "law", "kind", "calibration", "ESS"):
        table.add_column(col, overflow="fold")
    for r in rows:
        ess = "-" if r["ess"] is None else f"{r['ess']:.0f}"
        law = f"{load_law(r['jurisdiction']).name}, {r['exposures_measured']}"
        table.add_row(r["id"], r["name"], law, r["kind_label"], r["status_label"], ess)
    Console().print(table)
    Console(stderr=True).print(
        f"Status and ESS of the calibration at --draws {draws} --seed {seed} (cached); "
        "`swpolicy calibrate --setting ID` computes one."
    )


@settings_app.command("show")
@guarded
def settings_show(
    setting: str = typer.Argument(..., help="A setting id (also built-<id>) or a setting file."),
    as_json: bool = typer.Option(False, "--json", help="Print machine-readable JSON."),
) -> None:
    """Validate and describe one setting (errors are located as file:line:col)."""
    from swpolicy.epi import settings

    row = describe(settings.load(setting))
    if as_json:
        print(json_text(row))
        return
    out = Console()
    for key, value in row.items():
        out.print(f"[bold]{key}[/]: {value}", highlight=False)


def _jurisdiction(country: str, jurisdiction: str | None) -> str:
    """The registry id to build: the country, or one of its sub-national units."""
    from swpolicy.law.registry import ids, load

    code = country.strip().lower()
    known = ids()
    if code not in known or "-" in code:
        raise UsageError(
            f"unknown country {country!r}: expected an ISO 3166-1 alpha-2 code with a "
            "jurisdiction file in the law registry (`swpolicy law list` shows them)"
        )
    if jurisdiction is None:
        return code
    jid = jurisdiction.strip().lower()
    if jid not in known:
        raise UsageError(f"unknown jurisdiction {jurisdiction!r} (`swpolicy law list`)")
    if jid != code and load(jid).parent != code:
        raise UsageError(f"jurisdiction {jid!r} is not part of {code.upper()}")
    return jid


def document_yaml(jurisdiction: str) -> str:
    """The builder's document of a jurisdiction as YAML text (deterministic), after checking
    that it validates as a setting."""
    from ruamel.yaml import YAML

    from swpolicy.epi.builder import build_document, build_setting

    build_setting(jurisdiction)  # the same document, validated (located errors)
    yaml = YAML(typ="rt", pure=True)
    yaml.default_flow_style = False
    yaml.width = 100
    yaml.indent(mapping=2, sequence=4, offset=2)
    stream = StringIO()
    yaml.dump(build_document(jurisdiction), stream)
    head = (
        f"# Setting made by `swpolicy setting new` for {jurisdiction} from its indicators and\n"
        "# regional priors (swpolicy/epi/data/indicators, regional_priors.yaml). Edit it with\n"
        "# local data, then: swpolicy calibrate --setting THIS-FILE\n"
    )
    return head + stream.getvalue()


def write_new(path: Path, text: str, force: bool) -> None:
    """Write atomically (a reader sees the old file or the whole new one); refuse to replace
    an existing file unless ``force``."""
    if path.is_dir():
        raise UsageError(f"--out: {path} is a folder")
    if path.exists() and not force:
        raise UsageError(f"{path} exists; use --force to overwrite it")
    folder = path.parent if str(path.parent) else Path(".")
    try:
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{path.name}.", suffix=".tmp")
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
        os.replace(tmp, path)
    except OSError as exc:
        raise UsageError(f"cannot write {path}: {exc}") from None


@setting_app.command("new")
@guarded
def setting_new(
    country: str = typer.Option(..., "--country", help="ISO 3166-1 alpha-2 code (ZA, GB, US)."),
    jurisdiction: str | None = typer.Option(
        None, "--jurisdiction", help="A sub-national unit of the country (gb-sct, us-ny)."
    ),
    out: Path | None = typer.Option(
        None, "--out", help="File to write (default: built-<jurisdiction>.yaml here)."
    ),
    force: bool = typer.Option(False, "--force", help="Overwrite the file if it exists."),
) -> None:
    """Write a setting file for a country from its indicators and wide regional priors."""
    from swpolicy.epi.builder import setting_id

    jid = _jurisdiction(country, jurisdiction)
    path = out if out is not None else Path(f"{setting_id(jid)}.yaml")
    write_new(path, document_yaml(jid), force)
    Console(stderr=True).print(
        f"wrote {path}; check it with `swpolicy settings show {path}` and calibrate it with "
        f"`swpolicy calibrate --setting {path}`",
        highlight=False,
    )
