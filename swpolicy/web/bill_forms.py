"""The bill editor's form: controls in words, a saved bill as form values, errors per field.

The editor is for people who never see the bill as YAML, so everything here speaks in the
vocabulary's words (`swpolicy.vocabulary`): each provision's control lists its words with their
one-sentence explanations, and a validation issue is attached to the control it concerns, with
quoted identifiers in its message replaced by their words and without the line and column of the
JSON the form was turned into (the API keeps those for documents people did write).
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from swpolicy.law.bill_templates import Drafted
from swpolicy.law.model import Law
from swpolicy.law.provisions import provision, provisions
from swpolicy.vocabulary import VocabularyError, explain, label, value_explain, value_label

# Fields of the bill document that have their own control; any other issue is shown at the top.
FORM_FIELDS = {
    "id": "Bill id",
    "title": "Title",
    "effective": "In force from",
    "description": "Description",
    "base": "Base law",
    "changes": "Changes",
    "": "The bill",
}
_QUOTED = re.compile(r"'([a-z_]+)'")
NO_CHANGES = "The bill changes nothing yet: choose a new value for at least one provision."


def controls(base: Law, on: date, form: dict[str, Any]) -> list[dict[str, Any]]:
    """One control per provision: its words, what they mean, the base's value and the choice."""
    current = base.at(on)
    out = []
    for pid, prov in provisions().items():
        kind = prov.kind.name
        chosen = str(form["changes"].get(pid, ""))
        now = current[pid].value if pid in current else "unrecorded"
        words = [
            {"id": w, "label": label(kind, w), "explain": explain(kind, w)} for w in prov.kind.words
        ]
        out.append(
            {
                "id": pid,
                "label": label("provision", pid),
                "explain": explain("provision", pid),
                "numeric": prov.kind.minimum is not None,
                "minimum": prov.kind.minimum,
                "maximum": prov.kind.maximum,
                "words": words,
                "chosen": chosen,
                "now": value_label(pid, now),
                "now_explain": value_explain(pid, now),
                "chosen_explain": _chosen_explain(pid, chosen),
            }
        )
    return out


def _chosen_explain(pid: str, chosen: str) -> str:
    if not chosen:
        return ""
    value: str | int = int(chosen) if chosen.isascii() and chosen.isdigit() else chosen
    try:
        return value_explain(pid, value)
    except VocabularyError:  # a word the validator will reject; its error says so
        return ""


def form_of(saved: dict[str, Any]) -> dict[str, Any]:
    """A saved bill's document as the editor's form values (each change reduced to its value)."""
    doc = saved["document"]
    changes = {
        pid: entry["value"] if isinstance(entry, dict) else entry
        for pid, entry in (doc.get("changes") or {}).items()
    }
    return {
        "id": doc.get("id", ""),
        "title": doc.get("title", ""),
        "effective": str(doc.get("effective", "")),
        "description": doc.get("description", ""),
        "changes": changes,
    }


def document_of(
    form: dict[str, Any], base: str, saved: dict[str, Any] | None = None
) -> dict[str, Any]:
    """The bill document to validate from form values.

    Editing a saved bill keeps what the form cannot show (instruments, status, and the notes and
    references of each change whose value the form left as it was); a changed value replaces
    its entry, so no note can describe a value the bill no longer has.
    """
    old = dict(saved["document"]) if saved else {}
    old_changes = old.get("changes") or {}
    changes = {}
    for pid, value in form["changes"].items():
        entry = old_changes.get(pid)
        kept = isinstance(entry, dict) and str(entry.get("value")) == str(value)
        changes[pid] = entry if kept else value
    data = {**old, **{k: form[k] for k in ("id", "title", "effective")}, "base": base}
    data["changes"] = changes
    if form.get("description"):
        data["description"] = form["description"]
    else:
        data.pop("description", None)
    return data


def from_template(drafted: Drafted, effective: str) -> dict[str, Any]:
    """Form values of a new bill started from a template."""
    source = drafted.template.source
    return {
        "id": "",
        "title": "",
        "effective": effective,
        "description": explain("bill_template", drafted.template.id),
        "changes": dict(drafted.changes),
        "template": drafted.template.id,
        "skipped": [label("provision", p) for p in drafted.skipped],
        "source": source,
    }


def field_of(issue_field: str) -> str:
    """The control an issue belongs to: a provision id for `changes.<id>...`, else the field."""
    parts = issue_field.split(".")
    if parts[0] == "changes" and len(parts) > 1 and parts[1] in provisions():
        return parts[1]
    return parts[0] if parts[0] in FORM_FIELDS else ""


def in_words(issue_field: str, message: str) -> str:
    """The message with quoted status and licensing words written as the vocabulary's labels."""
    control = field_of(issue_field)
    kinds = [provision(control).kind.name] if control in provisions() else []
    kinds += ["status", "licensing"]

    def word(match: re.Match[str]) -> str:
        for kind in kinds:
            try:
                return f"“{label(kind, match.group(1))}”"
            except VocabularyError:
                continue
        return match.group(0)

    if control == "changes" and "at least 1 item" in message:  # pydantic's words for an empty map
        return NO_CHANGES
    return _QUOTED.sub(word, message)


def _anchor(control: str) -> str:
    """The id of the control's element on the editor page ("" for a bill-wide issue)."""
    if control in provisions():
        return f"change_{control}"
    return {"": "", "changes": "changes", "base": "choose-base"}.get(control, f"bill-{control}")


def field_errors(issues: list[dict[str, Any]]) -> dict[str, Any]:
    """Issues grouped by the control they concern (key "" for the rest), in words, unlocated."""
    by_field: dict[str, list[str]] = {}
    summary = []
    for issue in issues:
        control = field_of(str(issue.get("field", "")))
        message = in_words(str(issue.get("field", "")), str(issue["message"]))
        by_field.setdefault(control, []).append(message)
        name = label("provision", control) if control in provisions() else FORM_FIELDS[control]
        summary.append({"anchor": _anchor(control), "name": name, "message": message})
    return {"by_field": by_field, "summary": summary}
