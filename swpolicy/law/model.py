"""A jurisdiction's law as dated provisions, and its state on a given day.

`Law.at(date)` answers "what did the law say on that day": for each provision, the value in
force, since when, with which references and how confident we are.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import asdict, dataclass, field, replace
from datetime import date
from typing import Any

from swpolicy.law.provisions import UNCLEAR, UNRECORDED, provisions, unrecorded_meaning
from swpolicy.law.schema import Instrument, JurisdictionFile, ProvisionSeries, ValueEntry

Value = str | int


@dataclass(frozen=True)
class Citation:
    """A reference resolved against its file's instrument catalogue."""

    instrument: str
    title: str
    section: str | None
    url: str | None

    def as_dict(self) -> dict[str, str | None]:
        return asdict(self)

    def __str__(self) -> str:
        return self.title + (f", {self.section}" if self.section else "")


@dataclass(frozen=True)
class ProvisionValue:
    """The value of one provision over one period, with its evidence."""

    provision: str
    value: Value
    since: date | None
    until: date | None
    confidence: str
    citations: tuple[Citation, ...]
    note: str | None
    recorded: bool = True
    dated: str = "in_force"  # what `since` means: in_force, year or seen (schema.Dated)

    def as_dict(self) -> dict[str, Any]:
        return {
            "provision": self.provision,
            "value": self.value,
            "since": self.since.isoformat() if self.since else None,
            "dated": self.dated,
            "until": self.until.isoformat() if self.until else None,
            "confidence": self.confidence,
            "recorded": self.recorded,
            "references": [c.as_dict() for c in self.citations],
            "note": self.note,
        }


def _unrecorded(pid: str) -> ProvisionValue:
    """No value for this date although the file records the provision (before it, or a gap)."""
    return ProvisionValue(
        pid, UNCLEAR, None, None, "low", (), "no value recorded for this date", False
    )


def _not_in_file(pid: str) -> ProvisionValue:
    """The file does not record the provision at all (added after the file was researched)."""
    return ProvisionValue(pid, UNRECORDED, None, None, "low", (), unrecorded_meaning(), False)


@dataclass(frozen=True)
class Snapshot(Mapping[str, ProvisionValue]):
    """The law of one jurisdiction on one day: provision id -> value in force."""

    law_id: str
    name: str
    on: date
    entries: dict[str, ProvisionValue]
    parent: str | None = None

    def __getitem__(self, provision: str) -> ProvisionValue:
        return self.entries[provision]

    def __iter__(self) -> Iterator[str]:
        return iter(self.entries)

    def __len__(self) -> int:
        return len(self.entries)

    def value(self, provision: str) -> Value:
        return self.entries[provision].value

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.law_id,
            "name": self.name,
            "at": self.on.isoformat(),
            "provisions": {pid: pv.as_dict() for pid, pv in self.entries.items()},
        }


def as_date(when: date | str | None) -> date:
    """Accept a date, an ISO string or None (today)."""
    if when is None:
        return date.today()
    if isinstance(when, date):
        return when
    try:
        return date.fromisoformat(when)
    except ValueError as exc:
        raise ValueError(f"{when!r} is not a date; expected YYYY-MM-DD") from exc


@dataclass(frozen=True)
class Law:
    """One jurisdiction's provisions with their full history."""

    spec: JurisdictionFile
    source: str
    reforms: tuple[str, ...] = field(default=())

    @property
    def id(self) -> str:
        return self.spec.id

    @property
    def name(self) -> str:
        return self.spec.name

    @property
    def parent(self) -> str | None:
        return self.spec.parent

    def recorded(self) -> frozenset[str]:
        """The provisions this file records (the others read `unrecorded`)."""
        return frozenset(self.spec.provisions)

    def unrecorded(self) -> list[str]:
        """Provisions, in provisions.yaml order, that this file does not record."""
        return [pid for pid in provisions() if pid not in self.spec.provisions]

    def history(self) -> dict[str, list[ProvisionValue]]:
        """Every provision's values in date order, each with the period it covers."""
        result: dict[str, list[ProvisionValue]] = {}
        for pid in provisions():
            series = self.spec.provisions.get(pid)
            items = sorted(series.values.items()) if series else []
            periods = []
            for index, (start, entry) in enumerate(items):
                nxt = items[index + 1][0] if index + 1 < len(items) else None
                end = min(d for d in (entry.until, nxt) if d) if (entry.until or nxt) else None
                periods.append(self._value(pid, entry, start, end))
            result[pid] = periods
        return result

    def at(self, when: date | str | None = None) -> Snapshot:
        """The law in force on `when` (default: today)."""
        on = as_date(when)
        values = {}
        for pid, periods in self.history().items():
            current = [
                p
                for p in periods
                if p.since and p.since <= on and (p.until is None or on < p.until)
            ]
            if current:
                values[pid] = current[-1]
            else:
                values[pid] = _unrecorded(pid) if pid in self.recorded() else _not_in_file(pid)
        return Snapshot(self.id, self.name, on, values, self.parent)

    def changed(
        self,
        effective: date,
        changes: Mapping[str, ValueEntry],
        instruments: Mapping[str, Instrument],
        label: str,
        new_id: str,
        new_name: str,
    ) -> Law:
        """A copy of this law with `changes` in force from `effective` (later values dropped)."""
        merged = dict(self.spec.provisions)
        for pid, entry in changes.items():
            series = merged.get(pid)
            if series is None:  # a bill may set a provision the base file does not record
                merged[pid] = ProvisionSeries(values={effective: entry})
                continue
            kept = {d: e for d, e in series.values.items() if d < effective}
            kept = {
                d: (
                    e
                    if e.until is None or e.until <= effective
                    else e.model_copy(update={"until": effective})
                )
                for d, e in kept.items()
            }
            kept[effective] = entry
            merged[pid] = series.model_copy(update={"values": kept})
        spec = self.spec.model_copy(
            update={
                "id": new_id,
                "name": new_name,
                "provisions": merged,
                "instruments": {**self.spec.instruments, **instruments},
            }
        )
        return replace(self, spec=spec, reforms=(*self.reforms, label))

    def _value(self, pid: str, entry: ValueEntry, start: date, end: date | None) -> ProvisionValue:
        cites = []
        for ref in entry.references:
            inst = self.spec.instruments.get(ref.instrument)
            cites.append(
                Citation(
                    instrument=ref.instrument,
                    title=inst.title if inst else ref.instrument,
                    section=ref.section,
                    url=ref.url or (inst.url if inst else None),
                )
            )
        return ProvisionValue(
            pid,
            entry.value,
            start,
            end,
            entry.confidence,
            tuple(cites),
            entry.note,
            dated=entry.dated,
        )
