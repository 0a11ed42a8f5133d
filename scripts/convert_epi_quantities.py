"""One-off: rewrite the epi parameter blocks (value/low/high/dist/free-text unit) as Quantities.

Kept for the record of how `swpolicy/epi/data/*.yaml` moved to the one schema of a sourced,
uncertain number (`swpolicy.evidence.Quantity`); running it again on converted files changes
nothing. It edits text, not parsed YAML, so comments, numbers as written, sources and notes stay
exactly as they were:

* ``value: X`` -> ``estimate: X``; ``low: A`` and ``high: B`` -> ``ci: [A, B]``;
* ``dist: D`` -> ``distribution: D``, with ``interval: range`` (uniform, loguniform),
  ``ci95`` (lognormal), or ``assumed_range`` when the parameter is ``type: assumed`` or its
  note says the range is assumed;
* ``unit: <free text>`` -> ``unit: <vocabulary id>``, and the text, unless it is only the unit's
  own words, is kept as ``quantity: <text>`` (what the number measures).

Usage: python scripts/convert_epi_quantities.py swpolicy/epi/data/*.yaml
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

# Every free-text unit found on main (36 strings) -> the unit vocabulary of swpolicy.evidence.
UNIT_OF = {
    "years": "years",
    "per year": "rate_per_year",
    "persons": "persons",
    "relative infectiousness": "ratio",
    "ratio F->M / M->F per act": "ratio",
    "clients per FSW": "ratio",
    "other partners per client": "ratio",
    "per-act probability, male to female": "probability_per_act",
    "per-act reduction": "proportion",
    "sex acts with clients per FSW per year": "acts_per_year",
    "acts per year with a client": "acts_per_year",
    "rate ratio, ART initiation": "rate_ratio",
    "HIV prevalence among FSW and clients at start_year": "proportion",
}
PREFIXES = {
    "odds ratio": "odds_ratio",
    "per year": "rate_per_year",
    "fraction of": "proportion",
}
ASSUMED_RANGE = re.compile(r"range (is )?assumed|range widened \(assumed\)", re.IGNORECASE)
PURE = {"years", "per year", "persons"}  # the unit's own words: nothing else to keep
KEY = re.compile(r"^    ([a-z_]+): ?(.*)$")
PARAM = re.compile(r"^  ([a-z_0-9]+):\s*$")


def unit_id(text: str) -> str:
    if text in UNIT_OF:
        return UNIT_OF[text]
    for prefix, unit in PREFIXES.items():
        if text.startswith(prefix):
            return unit
    raise SystemExit(f"no unit for {text!r}: add it to UNIT_OF")


def _text(raw: str) -> str:
    raw = raw.strip()
    return str(json.loads(raw)) if raw.startswith('"') else raw


def convert_block(lines: list[str]) -> list[str]:
    """One parameter's lines (after its name line), rewritten."""
    keys: dict[str, tuple[int, str]] = {}
    for i, line in enumerate(lines):
        m = KEY.match(line)
        if m:
            keys[m.group(1)] = (i, m.group(2))
    done = "unit" not in keys or _text(keys["unit"][1]) in {*UNIT_OF.values(), "odds_ratio"}
    if "value" not in keys and done:
        return lines  # already converted (or nothing to convert)
    drop = {keys[k][0] for k in ("value", "low", "high", "dist", "unit") if k in keys}
    new: list[str] = []
    unit = _text(keys["unit"][1]) if "unit" in keys else None
    if unit is not None and unit not in PURE:
        new.append(f"    quantity: {json.dumps(unit, ensure_ascii=False)}")
    if "value" in keys:
        new.append(f"    estimate: {keys['value'][1]}")
        dist = keys["dist"][1].strip()
        if "low" in keys:
            new.append(f"    ci: [{keys['low'][1]}, {keys['high'][1]}]")
            assumed = "type" in keys and keys["type"][1].strip() == "assumed"
            assumed = assumed or bool(ASSUMED_RANGE.search(" ".join(lines)))
            kind = "assumed_range" if assumed else "ci95" if dist == "lognormal" else "range"
            new.append(f"    interval: {kind}")
        new.append(f"    distribution: {dist}")
    if unit is not None:
        new.append(f"    unit: {unit_id(unit)}")
    first = min(drop) if drop else len(lines)
    kept = [line for i, line in enumerate(lines) if i not in drop]
    at = sum(1 for i in range(first) if i not in drop)
    if "evidence" in keys:  # a reference: what it says about itself follows the id
        at = next(j for j, line in enumerate(kept) if line.startswith("    evidence:")) + 1
        if "transform" in keys:
            at += 1
    return kept[:at] + new + kept[at:]


def convert(text: str) -> str:
    out: list[str] = []
    lines = text.split("\n")
    i, in_params = 0, False
    while i < len(lines):
        line = lines[i]
        if line.startswith("parameters:"):
            in_params = True
        elif line and not line.startswith((" ", "#")):
            in_params = False
        if in_params and PARAM.match(line):
            j = i + 1
            while j < len(lines) and (lines[j].startswith("    ") or not lines[j].strip()):
                j += 1
            out.append(line)
            out.extend(convert_block(lines[i + 1 : j]))
            i = j
            continue
        out.append(line)
        i += 1
    return "\n".join(out)


if __name__ == "__main__":
    for name in sys.argv[1:]:
        path = Path(name)
        path.write_text(convert(path.read_text(encoding="utf-8")), encoding="utf-8")
