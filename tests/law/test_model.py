"""Dated look-ups and history."""

from __future__ import annotations

import itertools
from datetime import date

import pytest

from swpolicy.law import load
from swpolicy.law.provisions import provisions


def test_nz_before_and_after_the_prostitution_reform_act() -> None:
    nz = load("nz")
    before, after = nz.at("2003-06-27"), nz.at("2003-06-28")
    assert before.value("brothel_keeping") == "criminal"
    assert before.value("soliciting") == "criminal"
    assert after.value("brothel_keeping") == "regulated"
    assert after.value("soliciting") == "legal"
    assert after["soliciting"].since == date(2003, 6, 28)
    assert after["migrant_restrictions"].citations[0].title.startswith("Prostitution Reform Act")


def test_every_provision_is_present_in_a_snapshot() -> None:
    snap = load("nz").at("2010-01-01")
    assert list(snap) == list(provisions())


def test_before_the_first_record_is_unclear_and_unrecorded() -> None:
    snap = load("nz").at("1900-01-01")
    assert snap.value("selling") == "unclear"
    assert snap["selling"].recorded is False


def test_history_periods_are_contiguous_and_ordered() -> None:
    law = load("nz")
    hist = law.history()
    assert {pid for pid, values in hist.items() if not values} == set(law.unrecorded())
    for values in (v for v in hist.values() if v):
        for earlier, later in itertools.pairwise(values):
            assert earlier.since is not None and later.since is not None
            assert earlier.since < later.since
            assert earlier.until == later.since
        assert values[-1].until is None


def test_bad_date_is_a_value_error() -> None:
    with pytest.raises(ValueError, match="YYYY-MM-DD"):
        load("nz").at("28/06/2003")
