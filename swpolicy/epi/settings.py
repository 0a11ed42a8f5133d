"""Settings are data: one YAML file each, discovered from a folder or given as a path.

The shipped settings are the files in ``swpolicy/epi/data/settings/`` (their file name is their
id); a user's own file is accepted wherever a setting id is (``--setting ./my-city.yaml``, the
Python API, run specifications). Nothing else in the package lists settings: the CLI help, the
web app's choices, the report and the Lancet runner read :func:`shipped`.

Besides the files, every registry jurisdiction has a virtual, builder-made setting
``built-<jurisdiction>`` (``built-gb-sct``), made from its indicators and regional priors by
:mod:`swpolicy.epi.builder`: :func:`builder_ids` lists them, :func:`kind_of` tells the two kinds
apart. :func:`shipped` stays the calibrated files.

A setting file declares its name, place (ISO 3166), the jurisdiction whose law its exposures
were measured under and when, its epidemic inputs, calibration targets and the counterfactual
scenarios that apply (format: ``docs/settings.md``).
"""

from __future__ import annotations

import hashlib
from functools import lru_cache
from pathlib import Path
from typing import Literal

from swpolicy.epi.schema import DATA_DIR, EpiDataError, Setting, load_common, read_setting
from swpolicy.errors import UsageError
from swpolicy.sourcefile import load_yaml

SETTINGS_DIR = DATA_DIR / "settings"
BUILT = "built-"
Kind = Literal["calibrated", "builder"]


def shipped() -> tuple[str, ...]:
    """Ids of the shipped settings, sorted (the files' stems)."""
    return tuple(sorted(p.stem for p in SETTINGS_DIR.glob("*.yaml")))


def builder_ids() -> tuple[str, ...]:
    """Ids of the builder-made settings: ``built-<id>`` for every registry jurisdiction."""
    from swpolicy.law.registry import ids

    return tuple(BUILT + jid for jid in ids())


def kind_of(ref: str | Path) -> Kind:
    """``builder`` for a builder-made setting id (``built-...``), else ``calibrated`` (a shipped
    file or a user's own file)."""
    if is_path(ref) or str(ref) in shipped():
        return "calibrated"
    return "builder" if str(ref).startswith(BUILT) else "calibrated"


def is_path(ref: str | Path) -> bool:
    """Whether a setting reference names a file rather than a shipped id."""
    text = str(ref)
    return isinstance(ref, Path) or text.endswith((".yaml", ".yml")) or "/" in text


@lru_cache(maxsize=64)
def _read(path: Path, mtime_ns: int) -> Setting:
    # Keyed by modification time too, so an edited file is read again in a long-lived process.
    return read_setting(path)


def _check_place(setting: Setting, path: Path) -> None:
    import pycountry

    code = setting.place
    found = (
        pycountry.subdivisions.get(code=code)  # type: ignore[no-untyped-call]
        if "-" in code
        else pycountry.countries.get(alpha_2=code)
    )
    if found is None:
        message = f"{code!r} is not an ISO 3166-1 country or ISO 3166-2 subdivision code"
        raise EpiDataError([load_yaml(path).issue(("place",), message)])


def load(ref: str | Path) -> Setting:
    """A setting by shipped id or by the path of a setting file (validated, cached).

    Unknown ids and malformed files raise errors that name the file, line and field.
    """
    if is_path(ref):
        path = Path(ref).expanduser()
    elif kind_of(ref) == "builder":
        from swpolicy.epi.builder import build_setting, check_jurisdiction

        return build_setting(check_jurisdiction(str(ref)[len(BUILT) :]))
    else:
        path = SETTINGS_DIR / f"{ref}.yaml"
        if not path.is_file():
            raise UsageError(
                f"unknown setting {str(ref)!r}; expected one of {', '.join(shipped())}, "
                "built-<jurisdiction> (a builder-made setting) or the path of a setting file"
            )
    if not path.is_file():
        raise UsageError(f"{path}: setting file not found")
    setting = _read(path.resolve(), path.stat().st_mtime_ns)
    if not is_path(ref) and setting.name != ref:
        message = f"expected {str(ref)!r} (the file's name)"
        raise EpiDataError([load_yaml(path).issue(("name",), message)])
    _check_place(setting, path)
    return setting


def digest(setting: Setting) -> str:
    """Content hash of everything the epidemic inputs of a setting depend on.

    The setting itself and the shared parameters it is combined with; used to key caches, so
    editing either file invalidates what was computed from it.
    """
    h = hashlib.sha256()
    h.update(setting.model_dump_json().encode())
    h.update(_common_json(_mtime(DATA_DIR / "common.yaml")).encode())
    return h.hexdigest()


def _mtime(path: Path) -> int:
    return path.stat().st_mtime_ns


@lru_cache(maxsize=4)
def _common_json(mtime_ns: int) -> str:
    # Keyed by the file's modification time: read once, again only after an edit.
    return load_common().model_dump_json()
