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


@pytest.mark.parametrize("jid", ["se", "no", "is", "fr", "ie", "gb-nir", "ca"])
def test_nordic_model_jurisdictions(jid: str) -> None:
    assert wiki(jid, "2024-01-01") == "neo_abolitionism"
    if jid == "fr":
        assert wiki("il", "2024-01-01") == "neo_abolitionism"


def test_israel_temporary_order_is_unclear_after_its_five_years() -> None:
    """The 2019 purchase offence was a five-year temporary order; its extension is unverified."""
    il = load("il")
    assert il.at("2025-07-09").value("buying") == "administrative"
    assert il.at("2025-07-10").value("buying") == "unclear"
    assert wiki("il", "2026-01-01") == "unclear"
    assert any("temporary order" in q for q in il.spec.unverified)


def test_kenya_by_law_offences_restrict_but_do_not_criminalise_selling() -> None:
    ke = load("ke").at("2024-01-01")
    assert ke.value("selling") == "legal_restricted"
    assert ke.value("soliciting") == "criminal"
    assert wiki("ke", "2024-01-01") == "abolitionism"
    assert classify(load("ke"), "nswp", "2024-01-01").regime == "partial_criminalisation"


def test_audit_readings() -> None:
    assert load("be").at("2000-01-01").value("renting_premises") == "legal_restricted"
    assert load("de").at("2024-01-01").value("buying") == "legal_restricted"
    assert load("de").at("2016-01-01").value("buying") == "legal"
    assert load("ru").at("2024-01-01").value("buying") == "legal"
    assert load("hk").at("2024-01-01").value("advertising") == "legal_restricted"
    assert load("th").at("2024-01-01").value("selling") == "legal_restricted"
    assert load("nl").at("2024-01-01").value("age_threshold") == "varies"
    assert load("nl").at("2010-01-01").value("age_threshold") == 18


def test_argentina_brothel_authorisation_under_the_1954_decree() -> None:
    assert wiki("ar", "1950-01-01") == "abolitionism"
    assert load("ar").at("1955-06-01").value("brothel_keeping") == "varies"
    assert load("ar").at("1980-01-01").value("brothel_keeping") == "unclear"
    assert wiki("ar", "2020-01-01") == "abolitionism"


def test_netherlands_varies_by_municipality() -> None:
    assert wiki("nl", "2024-01-01") == "varies"


@pytest.mark.parametrize(
    ("jid", "day", "kind"),
    [
        ("fr", "2024-07-25", "court_ruling"),
        ("gb-sct", "2026-02-03", "bill_defeated"),
        ("gb-eaw", "2025-06-18", "bill_pending"),
        ("es", "2024-03-19", "bill_introduced"),
        ("th", "2023-03-17", "bill_pending"),
    ],
)
def test_dated_events_are_recorded_with_sources(jid: str, day: str, kind: str) -> None:
    events = {e.date.isoformat(): e for e in load(jid).spec.events}
    assert events[day].kind == kind
    assert all(src.url for src in events[day].sources)


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
    units = dict(result.units)
    # Every shipped state file is classified (the list is derived from the data, not typed here).
    assert set(units) == {law.id for law in children("us")}
    assert units["us-nv"] == "legalisation" and units["us-ny"] == "prohibitionism"
    # Maine's 2023 law (LD 1435) made only buying an offence: the Nordic model.
    assert units["us-me"] == "neo_abolitionism"
    assert wiki("us-me", "2023-01-01") == "prohibitionism"


def test_rhode_island_indoor_gap_closed_in_2009() -> None:
    assert load("us-ri").at("2005-01-01").value("selling") == "legal"
    assert load("us-ri").at("2005-01-01").value("soliciting") == "criminal"
    assert wiki("us-ri", "2010-01-01") == "prohibitionism"
