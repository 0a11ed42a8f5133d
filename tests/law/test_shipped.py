"""The shipped data, classified by the rules, agrees with the standard published readings.

Expected regimes come from outside swpolicy (the Wikipedia map legend's usual reading of each
country, and the reforms' own stated aims), so a wrong value in the data or a wrong rule shows up
here.
"""

from __future__ import annotations

import pytest

from swpolicy.law import children, classify, ids, load

REQUIRED = [
    "nz",
    "au-nsw",
    "au-nt",
    "au-vic",
    "au-qld",
    "be",
    "se",
    "no",
    "is",
    "ca",
    "gb-nir",
    "ie",
    "fr",
    "il",
    "de",
    "nl",
    "ch",
    "at",
    "dk",
    "es",
    "it",
    "gb-eaw",
    "gb-sct",
    "us",
    "us-nv",
    "us-ny",
    "in",
    "ke",
    "za",
    "th",
    "sn",
    "tr",
    "cn",
    "ru",
    "br",
    "ar",
    "mx",
    "uy",
    "hk",
    "pg",
]


def wiki(jid: str, on: str) -> str:
    law = load(jid)
    return classify(law, "wikipedia", on, children(jid)).regime


def test_the_forty_required_jurisdictions_are_shipped() -> None:
    assert set(REQUIRED) <= set(ids())


def test_every_sub_national_unit_has_a_shipped_parent() -> None:
    for jid in ids():
        parent = load(jid).parent
        assert parent is None or parent in ids(), jid


@pytest.mark.parametrize("jid", ["se", "no", "is", "fr", "ie", "gb-nir", "ca", "il"])
def test_nordic_model_jurisdictions(jid: str) -> None:
    assert wiki(jid, "2024-01-01") == "neo_abolitionism"


@pytest.mark.parametrize(
    ("jid", "before", "after", "regimes"),
    [
        ("se", "1998-12-31", "1999-01-01", ("abolitionism", "neo_abolitionism")),
        ("ca", "2014-12-05", "2014-12-06", ("abolitionism", "neo_abolitionism")),
        ("nz", "2003-06-27", "2003-06-28", ("abolitionism", "decriminalisation")),
        ("be", "2022-05-31", "2022-06-01", ("abolitionism", "decriminalisation")),
        ("au-qld", "2024-08-01", "2024-08-02", ("legalisation", "decriminalisation")),
    ],
)
def test_reforms_change_the_regime_on_their_commencement_date(
    jid: str, before: str, after: str, regimes: tuple[str, str]
) -> None:
    assert (wiki(jid, before), wiki(jid, after)) == regimes


def test_hong_kong_one_worker_alone_is_lawful_two_together_a_brothel() -> None:
    result = classify(load("hk"), "wikipedia", "2024-01-01")
    assert load("hk").at("2024-01-01").value("selling") == "legal"
    assert result.regime == "abolitionism"
    assert "working_together" in [r["provision"] for r in result.reasons]


def test_operator_certificates_versus_worker_registration() -> None:
    assert wiki("nz", "2024-01-01") == "decriminalisation"
    assert wiki("de", "2024-01-01") == "legalisation"
    assert load("nz").at("2024-01-01").value("licensing") == "operators"
    assert load("de").at("2024-01-01").value("selling") == "regulated"


def test_licensing_regimes_where_unlicensed_work_is_an_offence() -> None:
    for jid in ("us-nv", "uy", "tr"):
        assert load(jid).at("2024-01-01").value("selling") == "regulated", jid
        assert wiki(jid, "2024-01-01") == "legalisation", jid


def test_administrative_only_prohibitions() -> None:
    for jid in ("cn", "ru"):
        assert load(jid).at("2024-01-01").value("selling") == "administrative", jid
        assert wiki(jid, "2024-01-01") == "prohibitionism", jid
        assert classify(load(jid), "nswp", "2024-01-01").regime == "criminalisation", jid


def test_sub_national_variation_in_the_united_states() -> None:
    result = classify(load("us"), "wikipedia", "2024-01-01", children("us"))
    assert result.regime == "varies"
    assert dict(result.units) == {"us-nv": "legalisation", "us-ny": "prohibitionism"}
