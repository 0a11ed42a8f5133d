"""Pydantic models of the law and bill files (the shape; `validate` adds the meaning checks).

The file format is documented in docs/law-data.md. Dates are parsed from text by `IsoDate` so
that a mistyped or impossible date is reported at the line where it was written.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, StrictInt, StrictStr

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _parse_iso_date(value: Any) -> date:
    if isinstance(value, date):
        return value
    if not isinstance(value, str) or not _DATE.match(value):
        raise ValueError(f"{value!r} is not a date; expected YYYY-MM-DD")
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise ValueError(f"{value!r} is not a real calendar date ({exc})") from exc


IsoDate = Annotated[date, BeforeValidator(_parse_iso_date)]
Confidence = Literal["high", "medium", "low"]
JurisdictionId = Annotated[str, Field(pattern=r"^[a-z]{2}(-[a-z0-9]{2,5})?$")]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Instrument(_Strict):
    """A statute, regulation, case or other instrument cited by a file."""

    title: StrictStr = Field(min_length=1)
    url: StrictStr | None = None
    in_force: IsoDate | None = None
    note: StrictStr | None = None


class Reference(_Strict):
    """A pointer into an instrument: which one (a key of `instruments`) and where."""

    instrument: StrictStr
    section: StrictStr | None = None
    url: StrictStr | None = None


# What the date a value is keyed by means (docs/law-data.md, "Dates"):
#   in_force - the day the value came into force (the default);
#   year     - only a year is known (of commencement, or of the source showing the value in
#              force; the notes say which): the key is 1 January of that year;
#   seen     - the day a source without a date was read showing the value in force; when it
#              came into force is unknown, and earlier history is not recorded.
Dated = Literal["in_force", "year", "seen"]


class ValueEntry(_Strict):
    """One dated value of a provision, with its evidence."""

    value: StrictStr | StrictInt
    confidence: Confidence
    references: list[Reference] = Field(min_length=1)
    note: StrictStr | None = None
    until: IsoDate | None = None
    dated: Dated = "in_force"


EventKind = Literal[
    "court_ruling",
    "bill_introduced",
    "bill_defeated",
    "bill_lapsed",
    "bill_pending",
    "review_published",
]


class Source(_Strict):
    """A document an event is read from (a judgment, a parliamentary record, a report)."""

    title: StrictStr = Field(min_length=1)
    url: StrictStr | None = None
    section: StrictStr | None = None


class Event(_Strict):
    """A dated event that shaped or tested the law without changing a value by itself.

    Court rulings that upheld a law, bills introduced or defeated and published reviews belong
    here: they matter to users and to the history, but the law in force is still read from
    `provisions` (a bill that passed changes values there, with its own date).
    """

    date: IsoDate
    kind: EventKind
    title: StrictStr = Field(min_length=1)
    outcome: StrictStr | None = None
    sources: list[Source] = Field(min_length=1)
    note: StrictStr | None = None


class ProvisionSeries(_Strict):
    """The history of one provision: values keyed by the date they came into force."""

    values: dict[IsoDate, ValueEntry] = Field(min_length=1)
    note: StrictStr | None = None


class JurisdictionFile(_Strict):
    """One jurisdiction's law file."""

    id: JurisdictionId
    name: StrictStr = Field(min_length=1)
    parent: JurisdictionId | None = None
    level: Literal["country", "subnational", "territory"]
    instruments: dict[StrictStr, Instrument] = Field(min_length=1)
    provisions: dict[StrictStr, ProvisionSeries]
    unverified: list[StrictStr] = Field(default_factory=list)
    notes: StrictStr | None = None
    verified: IsoDate | None = None
    events: list[Event] = Field(default_factory=list)


class BillFile(_Strict):
    """A bill: changes to a base jurisdiction's provisions from an effective date."""

    id: Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9_-]{0,63}$")]
    title: StrictStr = Field(min_length=1)
    base: JurisdictionId
    effective: IsoDate
    status: Literal["hypothetical", "introduced", "passed", "enacted"] = "hypothetical"
    description: StrictStr | None = None
    instruments: dict[StrictStr, Instrument] = Field(default_factory=dict)
    changes: dict[StrictStr, ValueEntry] = Field(min_length=1)
