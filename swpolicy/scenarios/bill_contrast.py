"""A bill against its own base law in a run, whatever the setting's law is.

A run counts every law against the setting's current law (its reference). A bill changes one
base law, so `swpolicy simulate` also gives, for each bill, the paired difference bill minus
base on the same draws and the share of draws in which the bill does better; the base is added
to the run when not listed. The setting is chosen for the bill's base when none is given
(:func:`swpolicy.scenarios.place.setting_for`: its own, else built from indicators).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from swpolicy.law.validate import is_bill
from swpolicy.scenarios.headline import KEY_ORDER, key_order, prevalence_at_start
from swpolicy.scenarios.metrics import get
from swpolicy.scenarios.results import RunResult
from swpolicy.sourcefile import load_yaml


def bill_bases(refs: Sequence[str]) -> dict[str, str]:
    """Base jurisdiction id of every bill file among `refs` (by ref); laws are left out."""
    out = {}
    for ref in refs:
        if ref.endswith((".yaml", ".yml")):
            data = load_yaml(ref).data
            if is_bill(data):
                out[ref] = str(data["base"])
    return out


def with_bases(refs: Sequence[str], bases: dict[str, str]) -> list[str]:
    """The refs with each bill's base law added before its first bill, when not listed."""
    out = list(refs)
    for ref, base in bases.items():
        if base not in out:
            out.insert(out.index(ref), base)
    return out


def bill_ids(result: RunResult, bases: dict[str, str]) -> list[tuple[str, str]]:
    """(bill law id, base id) of the run's bills: a bill's law id is ``<base>+<bill id>``."""
    wanted = set(bases.values())
    return [
        (arm.law_id, base)
        for arm in result.results
        for base in [arm.law_id.split("+", 1)[0]]
        if "+" in arm.law_id and base in wanted
    ]


def contrast_rows(result: RunResult, law_id: str, base_id: str) -> list[dict[str, Any]]:
    """Key outcomes of a bill minus its base on the same draws (violence and arrests first
    where HIV is rare), as rows: the JSON output's `compared_with` rows."""
    paired = replace(result, reference=base_id)
    order = key_order(prevalence_at_start(result, base_id), KEY_ORDER)
    rows = []
    for metric in order:
        if metric not in result.metric_ids:
            continue
        d = paired.difference(law_id, metric)
        m = get(metric)
        p = paired.probability_better(law_id, metric)
        rows.append(
            {
                "law": law_id,
                "setting": result.setting,
                "metric": metric,
                "label": m.label,
                "unit": m.unit,
                "median": round(d.median, 6),
                "lo": round(d.lo, 6),
                "hi": round(d.hi, 6),
                "assumptions": str(result.assumptions["name"]),
                "compared_with": base_id,
                "p_better": None if p is None else round(min(max(p, 0.0), 1.0), 6),
            }
        )
    return rows
