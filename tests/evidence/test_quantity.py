"""The one schema for a sourced, uncertain number, and its one inverse CDF."""

from __future__ import annotations

import numpy as np
import pytest
from pydantic import ValidationError

from swpolicy.epi.schema import load_common
from swpolicy.evidence import Entry, Quantity, check_distribution, load_registry, ppf
from swpolicy.sourcefile import load_yaml

SOURCE = {"citation": "c", "doi": "10.1/x", "locator": "Table 1"}


def quantity(**fields: object) -> Quantity:
    base: dict[str, object] = {
        "estimate": 2.0,
        "ci": [1.0, 4.0],
        "interval": "range",
        "distribution": "loguniform",
        "unit": "ratio",
        "type": "measured",
        "source": SOURCE,
    }
    return Quantity.model_validate({**base, **fields})


def test_registry_entries_and_model_parameters_are_quantities() -> None:
    entry = load_registry().get("platt2018_policing_violence")
    param = load_common().parameters["or_violence_police"]
    assert isinstance(entry, Quantity) and isinstance(param, Quantity)
    u = np.linspace(0.01, 0.99, 9)
    assert np.array_equal(ppf(entry, u), ppf(param, u))  # a reference samples as its entry
    assert param.source == entry.source and param.evidence == entry.id


def test_loguniform_is_uniform_on_the_log_scale() -> None:
    q = quantity()
    assert ppf(q, np.array([0.0, 0.5, 1.0])).tolist() == pytest.approx([1.0, 2.0, 4.0])
    assert check_distribution(quantity(ci=[0.0, 4.0])) is not None


def test_a_fixed_quantity_needs_no_interval_or_claim() -> None:
    q = quantity(ci=None, interval=None, distribution="fixed")
    assert (q.low, q.high, q.claim) == (2.0, 2.0, None)
    assert ppf(q, np.array([0.1, 0.9])).tolist() == [2.0, 2.0]


def test_a_registry_entry_must_say_more_than_a_bare_quantity() -> None:
    bare = quantity().model_dump(exclude_none=True)
    with pytest.raises(ValidationError) as info:
        Entry.model_validate({**bare, "id": "x"})
    missing = {e["loc"][0] for e in info.value.errors() if e["type"] == "missing"}
    assert {"quantity", "claim", "note", "population", "direction"} <= missing


def test_a_source_needs_a_locator() -> None:
    with pytest.raises(ValidationError, match="locator"):
        quantity(source={"citation": "c", "url": "https://example.org"})


def test_unit_words_come_from_the_vocabulary() -> None:
    from swpolicy.evidence import UNITS, check_quantity, unit_label

    assert unit_label("rate_per_year") == "per year"
    doc = load_yaml("q.yaml", "q: {estimate: 1.5, unit: proportion}\n")
    [issue] = check_quantity(doc, ("q",), doc.data["q"])
    assert issue.message == "proportion values must be between 0 and 1 (got 1.5)"
    assert all(label and "_" not in label for label, _ in UNITS.values())
