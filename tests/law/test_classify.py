"""Classification rules: every rule of every scheme, the edge cases, and undetermined data."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from swpolicy.errors import UsageError
from swpolicy.law.classify import SCHEMES, classify
from swpolicy.law.model import Law

MakeLaw = Callable[..., Law]


def regimes(law: Law, units: list[Law] | None = None) -> dict[str, str]:
    return {s: classify(law, s, "2020-01-01", units or []).regime for s in SCHEMES}


CASES: list[tuple[str, dict[str, str], dict[str, str]]] = [
    # name, provisions changed from a fully decriminalised base, expected regimes
    (
        "decriminalised",
        {},
        {"wikipedia": "decriminalisation", "nswp": "decriminalisation", "procon": "legal"},
    ),
    (
        "full criminalisation",
        {"selling": "criminal", "buying": "criminal"},
        {"wikipedia": "prohibitionism", "nswp": "criminalisation", "procon": "illegal"},
    ),
    (
        "administrative-only prohibition (China, Russia)",
        {"selling": "administrative", "buying": "administrative", "brothel_keeping": "criminal"},
        {"wikipedia": "prohibitionism", "nswp": "criminalisation", "procon": "illegal"},
    ),
    (
        "Nordic model",
        {
            "buying": "criminal",
            "third_party_profit": "criminal",
            "brothel_keeping": "criminal",
            "working_together": "criminal",
        },
        {
            "wikipedia": "neo_abolitionism",
            "nswp": "partial_criminalisation",
            "procon": "limitedly_legal",
        },
    ),
    (
        "one worker alone legal, two together a brothel (Hong Kong)",
        {
            "working_together": "criminal",
            "brothel_keeping": "criminal",
            "third_party_profit": "criminal",
            "soliciting": "criminal",
        },
        {
            "wikipedia": "abolitionism",
            "nswp": "partial_criminalisation",
            "procon": "limitedly_legal",
        },
    ),
    (
        "third parties only (England and Wales style)",
        {"third_party_profit": "criminal", "brothel_keeping": "criminal"},
        {"wikipedia": "abolitionism", "nswp": "partial_criminalisation", "procon": "legal"},
    ),
    (
        "worker registration, unregistered work an offence (Germany)",
        {
            "selling": "regulated",
            "brothel_keeping": "regulated",
            "licensing": "both",
            "mandatory_testing": "counselling_only",
        },
        {"wikipedia": "legalisation", "nswp": "legalisation", "procon": "limitedly_legal"},
    ),
    (
        "licensed brothels only, workers elsewhere penalised (Nevada)",
        {
            "selling": "regulated",
            "buying": "regulated",
            "brothel_keeping": "regulated",
            "working_together": "regulated",
            "licensing": "both",
            "mandatory_testing": "yes",
            "third_party_profit": "criminal",
        },
        {"wikipedia": "legalisation", "nswp": "legalisation", "procon": "limitedly_legal"},
    ),
    (
        "licensed brothels, sole workers lawful, groups criminal (Queensland before 2024)",
        {"brothel_keeping": "regulated", "working_together": "criminal", "licensing": "operators"},
        {"wikipedia": "legalisation", "nswp": "legalisation", "procon": "limitedly_legal"},
    ),
    (
        "operator-only certificates, workers free to work together (New Zealand)",
        {
            "brothel_keeping": "regulated",
            "third_party_profit": "regulated",
            "licensing": "operators",
        },
        {"wikipedia": "decriminalisation", "nswp": "decriminalisation", "procon": "legal"},
    ),
    (
        "registration regime with buying unverified (Senegal)",
        {
            "selling": "regulated",
            "buying": "unclear",
            "licensing": "workers",
            "brothel_keeping": "criminal",
            "mandatory_testing": "yes",
        },
        {"wikipedia": "legalisation", "nswp": "legalisation", "procon": "limitedly_legal"},
    ),
    (
        "no licensing scheme, working together unverified, brothels criminal (Brazil)",
        {
            "working_together": "unclear",
            "brothel_keeping": "criminal",
            "third_party_profit": "criminal",
        },
        {"wikipedia": "abolitionism", "nswp": "partial_criminalisation", "procon": "unclear"},
    ),
    (
        "selling lawful with place restrictions",
        {"selling": "legal_restricted"},
        {
            "wikipedia": "decriminalisation",
            "nswp": "decriminalisation",
            "procon": "limitedly_legal",
        },
    ),
]


@pytest.mark.parametrize(("name", "changes", "expected"), CASES, ids=[c[0] for c in CASES])
def test_rules(
    make_law: MakeLaw, name: str, changes: dict[str, str], expected: dict[str, str]
) -> None:
    assert regimes(make_law(**changes)) == expected


def test_reasons_name_the_deciding_provisions(make_law: MakeLaw) -> None:
    result = classify(make_law(buying="criminal"), "wikipedia", "2020-01-01")
    assert result.rule == "buying_penalised"
    assert [r["provision"] for r in result.reasons] == ["buying", "selling"]
    assert result.reasons[0]["value"] == "criminal"
    assert result.reasons[0]["references"] == ["Synthetic Act 2000, s 2"]


def test_unclear_deciding_provision_is_never_guessed(make_law: MakeLaw) -> None:
    result = classify(make_law(buying="unclear"), "wikipedia", "2020-01-01")
    assert result.regime == "unclear"
    assert result.rule == "buying_penalised:undetermined"
    # An unclear provision that cannot change the answer does not block it.
    assert regimes(make_law(selling="criminal", buying="unclear"))["wikipedia"] == "prohibitionism"


def test_sub_national_variation_lists_the_units(make_law: MakeLaw) -> None:
    country = make_law("yy", selling="varies", buying="varies")
    units = [
        make_law("yy-aa", parent="yy", selling="criminal", buying="criminal"),
        make_law("yy-bb", parent="yy", selling="regulated", licensing="workers"),
    ]
    result = classify(country, "wikipedia", "2020-01-01", units)
    assert result.regime == "varies"
    assert dict(result.units) == {"yy-aa": "prohibitionism", "yy-bb": "legalisation"}


def test_before_any_record_the_regime_is_unclear(make_law: MakeLaw) -> None:
    assert classify(make_law(), "nswp", "1999-12-31").regime == "unclear"


def test_unknown_scheme_is_a_usage_error(make_law: MakeLaw) -> None:
    with pytest.raises(UsageError, match="unknown scheme"):
        classify(make_law(), "colour", "2020-01-01")
