"""The shipped registry: required entries, sources on every number, both sides represented."""

from __future__ import annotations

from pathlib import Path

import pytest

from swpolicy.errors import UsageError
from swpolicy.evidence import load_registry


def test_platt_pooled_odds_ratios_are_recorded_exactly() -> None:
    registry = load_registry()
    expected = {
        "platt2018_policing_violence": (2.99, [1.96, 4.57]),
        "platt2018_policing_hiv_sti": (1.87, [1.60, 2.19]),
        "platt2018_policing_condomless_sex": (1.42, [1.03, 1.94]),
    }
    for key, (estimate, ci) in expected.items():
        e = registry.get(key)
        assert (e.estimate, list(e.ci), e.type, e.scale) == (estimate, ci, "pooled", "odds_ratio")
        assert e.source.doi == "10.1371/journal.pmed.1002680"


@pytest.mark.parametrize(
    "key",
    [
        "beattie2010_violence_condom_use",
        "shannon2009_policing_displacement_pressured_unprotected",
        "walker2024_end_homelessness_and_displacement",
        "argento2020_pcepa_health_access",
        "kavanagh2021_sw_criminalisation_viral_suppression",
        "nz_plrc2008_more_able_to_refuse",
        "kerrigan2015_empowerment_hiv",
        "cho2013_legalisation_trafficking_inflows",
        "jakobsson2013_criminalisation_trafficking",
        "sou2010_street_sex_work_change",
        "client_criminalisation_market_size_assumed",
        "amnesty2016_norway_market_size",
    ],
)
def test_issue_entries_exist(key: str) -> None:
    assert load_registry().get(key).id == key


def test_every_entry_has_a_link_and_a_locator() -> None:
    for e in load_registry().all():
        assert e.source.link().startswith(("https://", "http://")), e.id
        assert e.source.locator, e.id
        for study in e.studies or []:
            assert study.source.link(), (e.id, study.label)


def test_assumptions_are_labelled_as_such() -> None:
    registry = load_registry()
    assumed = registry.filter(type="assumed")
    assert assumed
    for e in assumed:
        assert e.interval == "assumed_range"
        assert "assumption" in e.note.lower(), e.id


def test_critics_claims_are_explicit_assumptions_with_counter_evidence() -> None:
    registry = load_registry()
    critics = registry.filter(claim="critics")
    assert {e.id for e in critics} >= {
        "cho2013_legalisation_trafficking_inflows",
        "jakobsson2013_criminalisation_trafficking",
        "client_criminalisation_market_size_assumed",
    }
    assert all(e.type == "assumed" for e in critics)
    market = registry.get("client_criminalisation_market_size_assumed")
    counter = registry.get("amnesty2016_norway_market_size")
    assert market.high <= 0 and counter.low < 0 < counter.high
    assert registry.get("sou2010_street_sex_work_change").claim == "government_evaluation"


def test_claim_and_type_filters() -> None:
    registry = load_registry()
    every = registry.all()
    assert len(every) == len(registry) >= 40
    claims = {e.claim for e in every}
    assert claims >= {"mainstream", "critics", "government_evaluation"}
    both = registry.filter(claim="government_evaluation", type="assumed")
    assert [e.id for e in both] == ["nz_plrc2008_market_size_change"]
    assert [e.id for e in every] == sorted(e.id for e in every)


def test_directions_of_key_effects() -> None:
    registry = load_registry()
    harmful = [
        "platt2018_policing_violence",
        "beattie2015_arrest_hiv",
        "walker2024_displacement_violence",
    ]
    protective = ["beattie2010_violence_condom_use", "argento2020_pcepa_health_access"]
    assert all(registry.get(k).estimate > 1 for k in harmful)
    assert all(registry.get(k).estimate < 1 for k in protective)


def test_unknown_id_is_a_usage_error_with_suggestions() -> None:
    with pytest.raises(UsageError, match="unknown evidence id 'platt2018'; did you mean"):
        load_registry().get("platt2018")


def test_registry_is_cached() -> None:
    assert load_registry() is load_registry()


def test_docs_list_every_entry() -> None:
    docs = (Path(__file__).parents[2] / "docs" / "evidence.md").read_text(encoding="utf-8")
    missing = [e.id for e in load_registry().all() if f"`{e.id}`" not in docs]
    assert missing == []
