"""Shared fixtures: synthetic laws built from provision values, and a copy of a shipped file."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest

from swpolicy.law.model import Law
from swpolicy.law.provisions import provisions
from swpolicy.law.registry import JURISDICTIONS_DIR
from swpolicy.law.schema import JurisdictionFile

# A neutral starting point: a fully decriminalised law with every other provision determined.
BASE_VALUES: dict[str, str | int] = {
    "selling": "legal",
    "buying": "legal",
    "soliciting": "legal",
    "working_together": "legal",
    "brothel_keeping": "legal",
    "third_party_profit": "legal",
    "advertising": "legal",
    "renting_premises": "legal",
    "licensing": "none",
    "mandatory_testing": "no",
    "migrant_restrictions": "no",
    "age_threshold": 18,
    "trafficking_offence": "yes",
    "exploitation_offence": "yes",
    "child_offence": "yes",
}

SINCE = date(2000, 1, 1)


def synthetic_law(jid: str = "xx", parent: str | None = None, **values: str | int) -> Law:
    """A valid law whose provisions are BASE_VALUES overridden by `values`, in force from 2000."""
    assert set(values) <= set(provisions()), set(values) - set(provisions())
    merged = {**BASE_VALUES, **values}
    spec = JurisdictionFile.model_validate(
        {
            "id": jid,
            "name": f"Synthetic {jid}",
            "parent": parent,
            "level": "subnational" if parent else "country",
            "instruments": {"act": {"title": "Synthetic Act 2000"}},
            "provisions": {
                pid: {
                    "values": {
                        SINCE.isoformat(): {
                            "value": value,
                            "confidence": "high",
                            "references": [{"instrument": "act", "section": f"s {i}"}],
                        }
                    }
                }
                for i, (pid, value) in enumerate(merged.items(), start=1)
            },
        }
    )
    return Law(spec, "<synthetic>")


@pytest.fixture
def make_law() -> Callable[..., Law]:
    return synthetic_law


@pytest.fixture
def nz_copy(tmp_path: Path) -> Callable[[Callable[[str], str]], Path]:
    """Write a mutated copy of the shipped nz.yaml to tmp_path/nz.yaml and return its path."""

    def write(mutate: Callable[[str], str]) -> Path:
        text = (JURISDICTIONS_DIR / "nz.yaml").read_text(encoding="utf-8")
        target = tmp_path / "nz.yaml"
        new = mutate(text)
        assert new != text, "the mutation did not change the file"
        target.write_text(new, encoding="utf-8")
        return target

    return write
