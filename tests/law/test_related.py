"""Related laws (HIV, same-sex relations, drugs) are recorded beside sex-work law, never in it."""

from __future__ import annotations

from swpolicy.law.assess import assess
from swpolicy.law.classify import SCHEMES, classify
from swpolicy.law.provisions import provisions
from swpolicy.law.registry import load
from tests.law.conftest import synthetic_law

RELATED = [p.id for p in provisions().values() if p.group == "related"]


def test_the_related_provisions_are_declared_in_their_own_group() -> None:
    assert set(RELATED) == {"hiv_criminalisation", "same_sex_relations", "drug_possession"}


def test_changing_a_related_law_changes_no_regime_and_no_finding() -> None:
    harsh = synthetic_law(
        buying="criminal",
        same_sex_relations="criminal",
        drug_possession="criminal",
        hiv_criminalisation="yes",
    )
    mild = synthetic_law(
        buying="criminal",
        same_sex_relations="legal",
        drug_possession="administrative",
        hiv_criminalisation="no",
    )
    for scheme in SCHEMES:
        assert classify(harsh, scheme).regime == classify(mild, scheme).regime
    a, b = assess(harsh), assess(mild)
    assert [f.status for f in a.findings] == [f.status for f in b.findings]


def test_recorded_related_values_follow_their_sources_dates() -> None:
    india = load("in")
    assert india.at("2018-09-05").value("same_sex_relations") == "criminal"
    assert india.at("2018-09-06").value("same_sex_relations") == "legal"
    kenya = load("ke")
    assert kenya.at("2012-01-01").value("hiv_criminalisation") == "yes"
    assert kenya.at("2016-01-01").value("hiv_criminalisation") == "unclear"
    assert kenya.at("2024-01-01").value("drug_possession") == "unrecorded"
