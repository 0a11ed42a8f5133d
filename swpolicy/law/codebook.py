"""The codebook of the open law dataset: every column, provision, word and regime explained.

Everything here is read from the one place each fact is declared (the export's columns,
`provisions.yaml`, the vocabulary, the classifier's schemes and the crosswalk), so the codebook
cannot drift from the data it describes. `swpolicy law codebook` prints it as Markdown or JSON.
"""

from __future__ import annotations

import json
from typing import Any

from swpolicy.law.classify import SCHEMES
from swpolicy.law.crosswalk import crosswalk
from swpolicy.law.export import COLUMN_MEANINGS, LICENCE
from swpolicy.law.provisions import UNRECORDED, provisions, unrecorded_meaning
from swpolicy.vocabulary import explain, label

FORMATS = ("md", "json")


def codebook() -> dict[str, Any]:
    """The codebook as a plain document (JSON-serialisable)."""
    provs = [
        {
            "id": p.id,
            "label": p.label,
            "description": p.description,
            "group": p.group,
            "kind": p.kind.name,
            "values": dict(p.kind.words),
            **(
                {"minimum": p.kind.minimum, "maximum": p.kind.maximum}
                if p.kind.minimum is not None
                else {}
            ),
        }
        for p in provisions().values()
    ]
    schemes = {
        sid: {
            "label": label("scheme", sid),
            "explain": explain("scheme", sid),
            "regimes": {
                regime: {"label": label("regime", regime), "explain": explain("regime", regime)}
                for regime in dict.fromkeys([*(rule.regime for rule in rules), "varies", "unclear"])
            },
        }
        for sid, rules in SCHEMES.items()
    }
    return {
        "dataset": "swpolicy law dataset (swpolicy law export)",
        "licence": LICENCE,
        "citation": "Cite swpolicy as in CITATION.cff and, for the law itself, the primary "
        "sources in references",
        "columns": dict(COLUMN_MEANINGS),
        "unrecorded": {UNRECORDED: unrecorded_meaning()},
        "provisions": provs,
        "schemes": schemes,
        "crosswalk": crosswalk().model_dump(exclude_none=True),
    }


def _cell(text: object) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def markdown(doc: dict[str, Any]) -> str:
    """The codebook as Markdown: columns, provisions with their words, regimes, crosswalk."""
    out = [f"# Codebook: {doc['dataset']}", "", f"Licence: {doc['licence']}. {doc['citation']}."]
    out += ["", "## Columns", "", "| column | meaning |", "|---|---|"]
    out += [f"| `{col}` | {_cell(meaning)} |" for col, meaning in doc["columns"].items()]
    out += ["", f"`{UNRECORDED}`: {doc['unrecorded'][UNRECORDED]}", "", "## Provisions"]
    for prov in doc["provisions"]:
        out += ["", f"### `{prov['id']}`: {prov['label']}", "", prov["description"], ""]
        if "minimum" in prov:
            out.append(f"A whole number of years from {prov['minimum']} to {prov['maximum']}, or:")
            out.append("")
        out += ["| value | meaning |", "|---|---|"]
        out += [f"| `{w}` | {_cell(m)} |" for w, m in prov["values"].items()]
    out += ["", "## Regimes (derived by rules, never stored)"]
    for sid, scheme in doc["schemes"].items():
        out += ["", f"### {scheme['label']} (`{sid}`)", "", scheme["explain"], ""]
        out += ["| regime | label | meaning |", "|---|---|---|"]
        out += [
            f"| `{rid}` | {_cell(r['label'])} | {_cell(r['explain'])} |"
            for rid, r in scheme["regimes"].items()
        ]
    out += ["", "## Crosswalk to other organisations' categories"]
    for sid, ext in doc["crosswalk"]["schemes"].items():
        src = ext["source"]
        out += ["", f"### {ext['name']} (`{sid}`)", ""]
        out.append(f"{ext['organisation']}. Status: {ext['status']}. Source: {src['citation']}, ")
        out[-1] += f"<{src['url']}> ({src['locator']})."
        for key in ("note", "question"):
            if ext.get(key):
                out += ["", f"{key.capitalize()}: {ext[key]}"]
        if ext["categories"]:
            out += ["", "| category | label | answered from | status |", "|---|---|---|---|"]
            for cid, cat in ext["categories"].items():
                out.append(
                    f"| `{cid}` | {_cell(cat['label'])} | {_cell(_test_words(cat['test']))} "
                    f"| {cat.get('status', ext['status'])} |"
                )
    return "\n".join(out) + "\n"


def _test_words(test: dict[str, Any]) -> str:
    if "any_penalised" in test:
        return "penalised (criminal or administrative): " + ", ".join(test["any_penalised"])
    if "any_value" in test:
        return "; ".join(f"{pid} is {' or '.join(ws)}" for pid, ws in test["any_value"].items())
    reg = test["regime"]
    return f"{reg['scheme']} regime is {' or '.join(reg['regimes'])}"


def render(fmt: str) -> str:
    """The codebook in one of FORMATS."""
    doc = codebook()
    if fmt == "json":
        return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"
    if fmt == "md":
        return markdown(doc)
    raise ValueError(f"unknown codebook format {fmt!r}; expected one of {', '.join(FORMATS)}")
