"""Model variants for the Lancet 2015 comparison, declared as data (``data/variants.yaml``).

A variant is a set of parameter overrides per setting, applied on top of the setting file and
the common parameters before sampling. Parameters are drawn from named streams keyed by the
setting and the parameter name, so a variant changes only the parameters it overrides: every
other input takes the same value in every draw of every variant (common random numbers).

``evidence`` is the best model (no overrides). ``replication`` adds the structural
assumptions the published figures appear to need; each override must be ``type: assumed`` and
carry a note saying that it is inferred from the published output and which data contradict it.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from swpolicy.epi.schema import DATA_DIR, EpiDataError, Param, Setting, _parameter
from swpolicy.errors import InputError, Issue
from swpolicy.sourcefile import Document, load_yaml

VARIANTS_FILE = DATA_DIR / "variants.yaml"
EVIDENCE = "evidence"


class Variant(BaseModel):
    """One variant: its words and its overrides (setting -> parameter -> quantity)."""

    model_config = ConfigDict(extra="forbid")

    label: str
    description: str
    overrides: dict[str, dict[str, Param]] = Field(default_factory=dict)

    def assumptions(self, setting: str) -> dict[str, Param]:
        """The overrides this variant makes in one setting."""
        return dict(self.overrides.get(setting, {}))


class Variants(BaseModel):
    """All variants, in the order they are reported."""

    model_config = ConfigDict(extra="forbid")

    variants: dict[str, Variant]


def _resolve(doc: Document, raw: Any) -> tuple[Any, list[Issue]]:
    """Check every override like a setting's parameter; overrides are assumptions."""
    issues: list[Issue] = []
    variants = raw.get("variants") if isinstance(raw, dict) else None
    if not isinstance(variants, dict):
        return raw, issues
    out: dict[str, Any] = {}
    for name, spec in variants.items():
        overrides = spec.get("overrides") if isinstance(spec, dict) else None
        if not isinstance(overrides, dict):
            out[name] = spec
            continue
        resolved: dict[str, Any] = {}
        for setting, params in overrides.items():
            if not isinstance(params, dict):
                resolved[setting] = params
                continue
            resolved[setting] = {}
            for pname, praw in params.items():
                path = ("variants", name, "overrides", setting, pname)
                value, found = _parameter(doc, path, praw)
                issues.extend(found)
                if isinstance(value, dict) and value.get("type") != "assumed":
                    message = "a variant's override is an assumption: set `type: assumed`"
                    issues.append(doc.issue((*path, "type"), message))
                if isinstance(value, dict) and not value.get("note"):
                    message = "say what the assumption is inferred from and what data say"
                    issues.append(doc.issue((*path, "note"), message))
                if value is not None:
                    resolved[setting][pname] = value
        out[name] = {**spec, "overrides": resolved}
    return {**raw, "variants": out}, issues


def read_variants(path: Path = VARIANTS_FILE) -> Variants:
    """Load and validate a variants file; every problem is located as file:line:col."""
    try:
        doc = load_yaml(path)
    except InputError as exc:
        raise EpiDataError(exc.issues) from exc
    raw, issues = _resolve(doc, doc.data)
    parsed, problems = doc.parse(Variants, raw)
    issues.extend(problems)
    evidence = parsed.variants.get(EVIDENCE) if parsed is not None else None
    if evidence is not None and evidence.overrides:
        where = ("variants", EVIDENCE, "overrides")
        issues.append(doc.issue(where, "the evidence variant is the model as it is"))
    if parsed is None or issues:
        raise EpiDataError(issues)
    return parsed


@lru_cache(maxsize=1)
def load_variants() -> Variants:
    """The shipped variants (cached)."""
    return read_variants()


def only(variant: Variant, setting: str, name: str) -> Variant:
    """The variant reduced to one of its assumptions (to see which figure it moves)."""
    param = variant.assumptions(setting)[name]
    return variant.model_copy(update={"overrides": {setting: {name: param}}})


def apply(setting: Setting, variant: Variant, known: set[str]) -> Setting:
    """The setting with the variant's overrides for it; unknown parameter names are errors."""
    extra = variant.assumptions(setting.name)
    unknown = sorted(set(extra) - known)
    if unknown:
        where = f"{VARIANTS_FILE.name}: overrides.{setting.name}"
        message = f"unknown parameter(s): {', '.join(unknown)}"
        raise EpiDataError([Issue(where, 1, 1, "overrides", message)])
    if not extra:
        return setting
    return setting.model_copy(update={"parameters": {**setting.parameters, **extra}})
