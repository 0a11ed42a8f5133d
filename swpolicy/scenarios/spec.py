"""The run specification: one validated, serialisable object that says everything a run needs.

The CLI, the Python API, the web app and the report each build a :class:`RunSpec` and hand it to
:func:`swpolicy.scenarios.run.run`; results carry the spec they came from. A spec saves to YAML
(``swpolicy simulate --save-spec run.yaml``) and loads back with located errors
(``--spec run.yaml``); :meth:`RunSpec.digest` is a stable content hash of it.

Bounds come from :mod:`swpolicy.bounds` (declared once for the CLI, the web app and specs).
"""

from __future__ import annotations

import hashlib
import io
import json
from datetime import date
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from swpolicy import bounds
from swpolicy.sourcefile import Document, load_yaml

Calibration = Literal["smc", "accept", "weight"]
EngineName = Literal["compartmental"]

# Bounds are declared once, in swpolicy/bounds.py (the CLI, the web app and specs share them).
MIN_DRAWS, MAX_DRAWS = int(bounds.DRAWS.low), int(bounds.DRAWS.high)
MIN_YEARS, MAX_YEARS = bounds.YEARS.low, bounds.YEARS.high
LATEST_START = bounds.LATEST_START


class RunSpec(BaseModel):
    """Everything a run needs, and nothing else.

    ``laws`` are jurisdiction ids or paths of law or bill files (the setting's own law is always
    added as the reference); ``scenarios`` are counterfactual scenarios of the setting (the
    Lancet 2015 ones) run against the status quo instead of laws. ``assumptions`` is a named set
    (``default``, ``critics``) or an assumption file (a set plus overrides of its links and
    numbers).
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    setting: str = Field(min_length=1)
    laws: tuple[str, ...] = ()
    scenarios: tuple[str, ...] = ()
    assumptions: str = "default"
    start: date
    years: float = Field(10.0, ge=MIN_YEARS, le=MAX_YEARS, allow_inf_nan=False)
    draws: int = Field(10_000, ge=MIN_DRAWS, le=MAX_DRAWS)
    seed: int = Field(1, ge=int(bounds.SEED.low), le=int(bounds.SEED.high))
    engine: EngineName = "compartmental"
    calibration: Calibration = "smc"

    @model_validator(mode="after")
    def _check(self) -> RunSpec:
        if self.start > LATEST_START:
            raise ValueError(f"start must be on or before {LATEST_START.isoformat()}")
        if self.laws and self.scenarios:
            raise ValueError("give laws or scenarios, not both")
        for name, values in (("laws", self.laws), ("scenarios", self.scenarios)):
            if len(set(values)) != len(values):
                raise ValueError(f"{name} must not repeat")
        return self

    def digest(self) -> str:
        """A stable content hash of the spec (the same spec gives the same hash anywhere)."""
        text = json.dumps(self.model_dump(mode="json"), sort_keys=True, separators=(",", ":"))
        return hashlib.sha256(text.encode()).hexdigest()

    def to_yaml(self) -> str:
        """The spec as YAML text (what ``--save-spec`` writes)."""
        from ruamel.yaml import YAML

        yaml = YAML(typ="safe", pure=True)
        yaml.default_flow_style = False
        data = self.model_dump(mode="json")
        data["laws"], data["scenarios"] = list(self.laws), list(self.scenarios)
        buf = io.StringIO()
        yaml.dump(data, buf)
        return buf.getvalue()

    def save(self, path: Path) -> None:
        """Write the spec to ``path`` atomically (never a partial file)."""
        tmp = path.with_name(path.name + ".tmp")
        tmp.write_text(self.to_yaml(), encoding="utf-8")
        tmp.replace(path)


def load_spec(path: Path) -> RunSpec:
    """Read a spec file; problems are :class:`InputError` located as file:line:col."""
    doc: Document = load_yaml(path)
    return doc.require(RunSpec)


def spec_from_options(fields: dict[str, object]) -> RunSpec:
    """A spec from command-line or form values; bounds problems become a usage error."""
    from pydantic import ValidationError

    from swpolicy.errors import UsageError

    try:
        return RunSpec.model_validate(fields)
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in err['loc']) or 'spec'}: {err['msg']}"
            for err in exc.errors(include_url=False)
        )
        raise UsageError(problems) from None
