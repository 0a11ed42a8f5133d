"""What the pages and the API show, computed from `swpolicy.law` with the CLI's checks.

Pages and JSON endpoints call the same functions, so a number on a page and in the API always
comes from one computation, and bad input gets the same message the CLI gives.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from datetime import date
from functools import lru_cache
from typing import Annotated, Any

from pydantic import AfterValidator, BeforeValidator, ValidationInfo, WithJsonSchema

from swpolicy.errors import UsageError
from swpolicy.law.assess import assess
from swpolicy.law.bills import Bill, bill_from_document
from swpolicy.law.classify import SCHEMES, classify
from swpolicy.law.diff import diff
from swpolicy.law.model import Law, as_date
from swpolicy.law.provisions import provisions
from swpolicy.law.registry import children, ids, load
from swpolicy.sourcefile import load_yaml
from swpolicy.web.limits import check_start
from swpolicy.web.store import NotFound, Store

BILL_PREFIX = "bill:"
# A law reference: a jurisdiction id (`nz`, `us-nv`) or a saved bill (`bill:<id>`).
LAW_REF = r"^([a-z]{2}(-[a-z0-9]{2,5})?|bill:[a-z0-9][a-z0-9_-]{0,63})$"


def parse_day(text: str | None, field: str = "at") -> date:
    """A date from a query or form field (default today); a bad one is a UsageError."""
    try:
        return as_date(text or None)
    except ValueError as exc:
        raise UsageError(f"{field}: {exc}") from None


def optional_iso(value: str | None) -> str | None:
    """Pydantic validator for an optional YYYY-MM-DD text field of a request model."""
    if value:
        try:
            date.fromisoformat(value)
        except ValueError:
            raise ValueError(f"{value!r} is not a date; expected YYYY-MM-DD") from None
    return value or None


DAY_PATTERN = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"


def optional_start(value: str | None) -> str | None:
    """Pydantic validator for a projection start: a date inside the documented range."""
    if value is None:
        return None
    if not re.match(DAY_PATTERN, value):
        raise ValueError(f"{value!r} is not a date; expected YYYY-MM-DD")
    check_start(date.fromisoformat(optional_iso(value) or ""))
    return value


# The schema states the form (YYYY-MM-DD, a real date); the range is checked as documented.
ProjectionStart = Annotated[
    str | None,
    AfterValidator(optional_start),
    WithJsonSchema(
        {"anyOf": [{"type": "string", "format": "date", "pattern": DAY_PATTERN}, {"type": "null"}]}
    ),
]


def json_typed(value: Any, info: ValidationInfo) -> Any:
    """Refuse text and booleans where the API schema promises a number (or a boolean).

    Pydantic would turn "10" into 10 and 0 into False; JSON clients must send the types the
    schema states. HTML forms, whose values are all text, validate with context {"form": True}.
    """
    if not (info.context or {}).get("form") and isinstance(value, str):
        raise ValueError("expected a JSON number or boolean, not text")
    return value


def json_number(value: Any, info: ValidationInfo) -> Any:
    """As `json_typed`, and a boolean is not a number either."""
    if isinstance(value, bool):
        raise ValueError("expected a JSON number, not a boolean")
    return json_typed(value, info)


def json_bool(value: Any, info: ValidationInfo) -> Any:
    """A JSON boolean only (not 0, 1 or "yes"), except from a form."""
    if not (info.context or {}).get("form") and not isinstance(value, bool):
        raise ValueError("expected a JSON boolean")
    return value


JsonInt = Annotated[int, BeforeValidator(json_number)]
JsonFloat = Annotated[float, BeforeValidator(json_number)]
JsonBool = Annotated[bool, BeforeValidator(json_bool)]


def law_choices() -> list[dict[str, str]]:
    """Every shipped jurisdiction's id and name, for a form's choice of law."""
    return [{"id": jid, "name": load(jid).name} for jid in ids()]


def jurisdiction(jid: str) -> Law:
    if jid not in ids():
        raise NotFound(f"unknown jurisdiction {jid!r}")
    return load(jid)


@lru_cache(maxsize=256)
def _classified(jid: str, scheme: str, on: date) -> dict[str, Any]:
    law = load(jid)
    return classify(law, scheme, on, children(jid)).as_dict()


def classification(jid: str, on: date) -> dict[str, dict[str, Any]]:
    """The law's regime in each scheme on `on`, with the provisions that decided it."""
    jurisdiction(jid)
    return {scheme: _classified(jid, scheme, on) for scheme in SCHEMES}


def jurisdiction_rows(on: date) -> list[dict[str, Any]]:
    """One row per shipped jurisdiction with its regime in each scheme."""
    rows = []
    for jid in ids():
        law = load(jid)
        rows.append(
            {
                "id": jid,
                "name": law.name,
                "level": law.spec.level,
                "parent": law.parent,
                "regimes": {s: _classified(jid, s, on)["regime"] for s in SCHEMES},
            }
        )
    return rows


def regime_counts(on: date, scheme: str = "wikipedia") -> list[tuple[str, int]]:
    """How many jurisdictions fall in each regime of `scheme`, most common first."""
    counts = Counter(row["regimes"][scheme] for row in jurisdiction_rows(on))
    return counts.most_common()


def detail(jid: str, on: date) -> dict[str, Any]:
    """Everything the jurisdiction page shows: provisions, history, classification, assessment."""
    law = jurisdiction(jid)
    history = law.history()
    return {
        "snapshot": law.at(on).as_dict(),
        "history": {pid: [v.as_dict() for v in vals] for pid, vals in history.items()},
        "classification": classification(jid, on),
        "assessment": assess(law, on).as_dict(),
        "labels": {pid: p.label for pid, p in provisions().items()},
    }


def vocabulary() -> list[dict[str, Any]]:
    """Each provision with the words (or range) it may take, for the bill editor."""
    return [
        {
            "id": p.id,
            "label": p.label,
            "words": list(p.kind.words),
            "minimum": p.kind.minimum,
            "maximum": p.kind.maximum,
        }
        for p in provisions().values()
    ]


def bill_from_text(text: str, name: str = "request") -> tuple[Bill, dict[str, Any]]:
    """Validate a bill sent as JSON or YAML exactly as `swpolicy law validate` would.

    JSON is parsed by the same safe YAML loader (JSON is YAML), so issues carry the line and
    column in the request body. Returns the bill and the plain document to store.
    """
    doc = load_yaml(name, text=text)
    bill = bill_from_document(doc)
    return bill, doc.data if isinstance(doc.data, dict) else {}


def bill_from_data(data: dict[str, Any], name: str = "form") -> tuple[Bill, dict[str, Any]]:
    """Validate a bill built from form fields (serialised to JSON, then parsed as above)."""
    return bill_from_text(json.dumps(data, indent=2, ensure_ascii=False), name)


def preview_day(bill: Bill) -> date:
    """The day a bill is compared on: today, or its effective date if that is later (as the CLI)."""
    return max(as_date(None), bill.spec.effective)


def bill_preview(bill: Bill) -> dict[str, Any]:
    """The diff of a bill against its base: provisions, classification and assessment."""
    base = load(bill.spec.base)
    result = diff(base, bill.apply(base), preview_day(bill))
    return result.as_dict()


def resolve_ref(ref: str, store: Store) -> Law:
    """A law from a jurisdiction id or `bill:<id>` of a saved bill (applied to its base)."""
    if ref.startswith(BILL_PREFIX):
        saved = store.bill(ref.removeprefix(BILL_PREFIX))
        bill, _ = bill_from_data(saved["document"], name=ref)
        return bill.apply()
    return jurisdiction(ref)


def compare(a: str, b: str, on: date) -> dict[str, Any]:
    """Two jurisdictions side by side on one day."""
    result = diff(jurisdiction(a), jurisdiction(b), on).as_dict()
    result["labels"] = {pid: p.label for pid, p in provisions().items()}
    return result
