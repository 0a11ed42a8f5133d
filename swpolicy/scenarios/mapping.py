"""From a law's provisions to multipliers on the epidemic model's structural determinants.

The links are data (`data/mapping.yaml`); their numbers are evidence entries. For a law on a
date and a set of draws, `determinants` returns, per determinant, a multiplier per draw relative
to a law with every provision lawful. `relative` divides by the setting's own law, which is what
the calibrated model needs: the setting's exposures were measured under its own law.

Licensing regimes split sex workers in two sectors: the licensed sector treats `regulated`
provisions as lawful, the unlicensed sector as criminal. Rates mix linearly, so the population
multiplier is (1 - u) * licensed + u * unlicensed, with u the unlicensed share.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Literal

import numpy as np
from numpy.typing import NDArray
from pydantic import BaseModel, ConfigDict, Field

from swpolicy.errors import InputError, Issue
from swpolicy.evidence import Entry, Registry, load_registry, ppf
from swpolicy.evidence.quantity import RATIO_UNITS
from swpolicy.law.model import Snapshot
from swpolicy.law.provisions import REGULATED, UNDETERMINED, provisions
from swpolicy.sourcefile import Document, load_yaml
from swpolicy.streams import IndexArray, uniforms

FloatArray = NDArray[np.float64]
DATA = Path(__file__).parent / "data" / "mapping.yaml"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Determinant(_Strict):
    label: str
    acts_on: str


class Effect(_Strict):
    id: str
    provision: str
    when: Literal["penalised", "lawful"]
    determinant: str
    evidence: str
    direction: Literal["up", "down", "none"]
    sets: list[str] = Field(min_length=1)


class UnlicensedShare(_Strict):
    default: str
    by_jurisdiction: dict[str, str] = Field(default_factory=dict)


class Mapping_(_Strict):
    determinants: dict[str, Determinant]
    status_weights: dict[str, float | str]
    unlicensed_share: UnlicensedShare
    assumption_sets: dict[str, str]
    effects: list[Effect] = Field(min_length=1)

    def effect(self, effect_id: str) -> Effect:
        return next(e for e in self.effects if e.id == effect_id)


def _check(doc: Document, spec: Mapping_, registry: Registry) -> list[Issue]:
    """Meaning checks: every name used exists, and each effect's direction matches its entry."""
    issues = []
    known_evidence = {e.id for e in registry.all()}
    for word, weight in spec.status_weights.items():
        if isinstance(weight, str) and weight not in known_evidence:
            issues.append(doc.issue(("status_weights", word), f"unknown evidence {weight!r}"))
    shares = {"default": spec.unlicensed_share.default, **spec.unlicensed_share.by_jurisdiction}
    for key, entry_id in shares.items():
        if entry_id not in known_evidence:
            issues.append(doc.issue(("unlicensed_share", key), f"unknown evidence {entry_id!r}"))
    seen: set[str] = set()
    for i, eff in enumerate(spec.effects):
        path = ("effects", i)
        if eff.id in seen:
            issues.append(doc.issue((*path, "id"), f"duplicate effect id {eff.id!r}"))
        seen.add(eff.id)
        if eff.provision not in provisions():
            issues.append(doc.issue((*path, "provision"), f"unknown provision {eff.provision!r}"))
        if eff.determinant not in spec.determinants:
            issues.append(doc.issue((*path, "determinant"), "unknown determinant"))
        for s in eff.sets:
            if s not in spec.assumption_sets:
                issues.append(doc.issue((*path, "sets"), f"unknown assumption set {s!r}"))
        if eff.evidence not in known_evidence:
            issues.append(doc.issue((*path, "evidence"), f"unknown evidence {eff.evidence!r}"))
        elif (sign := _sign(registry.get(eff.evidence))) != eff.direction:
            issues.append(
                doc.issue((*path, "direction"), f"the evidence's estimate points {sign!r}")
            )
    return issues


def _sign(entry: Entry) -> str:
    mult = multiplier(entry, np.array([entry.estimate]))[0]
    return "up" if mult > 1 else "down" if mult < 1 else "none"


@cache
def load_mapping(path: Path = DATA) -> Mapping_:
    """The validated mapping (every reference checked against the evidence registry)."""
    doc = load_yaml(path)
    spec = doc.require(Mapping_)
    issues = _check(doc, spec, load_registry())
    if issues:
        raise InputError(issues)
    return spec


def multiplier(entry: Entry, values: FloatArray) -> FloatArray:
    """An entry's sampled values as multipliers: ratios as they are, relative changes as 1 + x."""
    if entry.scale == "relative_change":
        return np.asarray(1.0 + values, dtype=np.float64)
    if entry.scale in RATIO_UNITS:
        return np.asarray(values, dtype=np.float64)
    raise ValueError(f"evidence {entry.id} ({entry.scale}) cannot act as a multiplier")


@dataclass(frozen=True)
class Draws:
    """Uniform draws (common random numbers) for every uncertain input of the mapping.

    `u[name]` has shape (draws,). The same Draws are used for every law compared, so laws differ
    only by their provisions.
    """

    u: Mapping[str, FloatArray]
    registry: Registry

    @property
    def n(self) -> int:
        return len(next(iter(self.u.values())))

    def value(self, entry_id: str) -> FloatArray:
        return ppf(self.registry.get(entry_id), self.u[entry_id])


def make_draws(draws: IndexArray, seed: int, registry: Registry | None = None) -> Draws:
    """Draws of every input of the mapping at the given global draw indices, each from its own
    named stream (all effects, so that switching an assumption set on or off leaves every other
    input's draws unchanged; adding an input leaves the others' draws unchanged too)."""
    spec = load_mapping()
    names = draw_names(spec, spec.effects)
    u = {name: uniforms(seed, f"link/{name}", draws) for name in names}
    return Draws(u, registry or load_registry())


def draw_names(spec: Mapping_, effects: list[Effect]) -> list[str]:
    """Names of every uncertain input, in a stable order (so a seed means the same draws)."""
    names = {e.evidence for e in effects}
    names |= {w for w in spec.status_weights.values() if isinstance(w, str)}
    names.add(spec.unlicensed_share.default)
    names |= set(spec.unlicensed_share.by_jurisdiction.values())
    # Only the sex-work-law provisions can carry an effect; the Amnesty positive obligations
    # (group "obligations") are not drawn, so adding one leaves every seed's draws unchanged.
    names |= {f"unknown:{pid}" for pid, p in provisions().items() if p.group == "law"}
    return sorted(names)


def _status_weight(
    status: object, pid: str, sector: str, spec: Mapping_, draws: Draws
) -> FloatArray:
    if status == REGULATED:
        # Licensed work is lawful; unlicensed work is an offence.
        return np.full(draws.n, 0.0 if sector == "licensed" else 1.0)
    if status in UNDETERMINED:
        return np.asarray(draws.u[f"unknown:{pid}"], dtype=np.float64)
    weight = spec.status_weights.get(str(status))
    if weight is None:
        raise ValueError(f"{pid}: no status weight for {status!r}")
    if isinstance(weight, str):
        return draws.value(weight)
    return np.full(draws.n, float(weight))


def unlicensed_share_entry(spec: Mapping_, law_id: str, parent: str | None) -> str:
    """Registration-data entry for a jurisdiction (bills use their base's), else the default."""
    by = spec.unlicensed_share.by_jurisdiction
    base = law_id.split("+", 1)[0]
    return by.get(base) or (by.get(parent, "") if parent else "") or spec.unlicensed_share.default


def binds_workers(snap: Snapshot) -> bool:
    """Whether licensing decides if sex workers themselves work lawfully."""
    return REGULATED in (snap.value("selling"), snap.value("working_together"))


def determinants(
    snap: Snapshot, effects: list[Effect], draws: Draws, spec: Mapping_ | None = None
) -> dict[str, FloatArray]:
    """Multiplier per determinant and draw, relative to a law with every provision lawful."""
    spec = spec or load_mapping()
    sectors = ("licensed", "unlicensed")
    log_m = {s: {d: np.zeros(draws.n) for d in spec.determinants} for s in sectors}
    for eff in effects:
        coef = np.log(multiplier(draws.registry.get(eff.evidence), draws.value(eff.evidence)))
        for sector in sectors:
            w = _status_weight(snap.value(eff.provision), eff.provision, sector, spec, draws)
            log_m[sector][eff.determinant] += coef * (w if eff.when == "penalised" else 1.0 - w)
    if binds_workers(snap):
        share = draws.value(unlicensed_share_entry(spec, snap.law_id, snap.parent))
    else:
        # Operator-only licensing (New Zealand) leaves sex workers lawful whether or not their
        # workplace is licensed: one sector, with `regulated` business provisions lawful.
        share = np.zeros(draws.n)
    return {
        d: (1.0 - share) * np.exp(log_m["licensed"][d]) + share * np.exp(log_m["unlicensed"][d])
        for d in spec.determinants
    }


def relative(
    law: Mapping[str, FloatArray], baseline: Mapping[str, FloatArray]
) -> dict[str, FloatArray]:
    """Multipliers of `law` relative to `baseline` (the setting's own law), per determinant."""
    return {d: law[d] / baseline[d] for d in law}
