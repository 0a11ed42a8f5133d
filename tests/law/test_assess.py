"""Amnesty 2016 assessment: every obligation's rule, the summary and the shipped examples."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from swpolicy.law import assess, load
from swpolicy.law.assess import policy
from swpolicy.law.model import Law

MakeLaw = Callable[..., Law]

REQUIRED = {
    "decriminalise_selling",
    "decriminalise_buying",
    "decriminalise_organisation",
    "criminal_law_against_exploitation",
    "protect_children",
    "no_mandatory_testing",
    "protect_migrants",
    "regulation_rights_compliant",
}


def status(law: Law, obligation: str) -> str:
    return assess(law, "2020-01-01").finding(obligation).status


def test_policy_encodes_the_required_obligations_with_sections() -> None:
    obligations = policy().obligations
    assert {o.id for o in obligations} >= REQUIRED
    assert all(o.sections and o.sections[0].page >= 1 for o in obligations)
    assert policy().policy.index == "POL 30/4062/2016"


POSITIVE = {
    "support_and_exit_services": "support_services",
    "labour_and_health_rights": "labour_rights",
    "non_discrimination": "anti_discrimination",
    "access_to_justice": "access_to_justice",
    "participation_in_law_making": "participation",
}


def test_a_fully_decriminalised_law_complies_with_everything(make_law: MakeLaw) -> None:
    result = assess(make_law(), "2020-01-01")
    criminal_law = {f.status for f in result.findings if f.obligation in REQUIRED}
    assert criminal_law == {"compliant"}
    assert result.summary()["not_compliant"] == 0
    # The synthetic law records none of the positive obligations: not assessed, never guessed.
    positive = {f.obligation: f.status for f in result.findings if f.obligation in POSITIVE}
    assert positive == dict.fromkeys(POSITIVE, "not_assessed")
    summary = result.summary()
    assert summary["obligations"] == len(REQUIRED) + len(POSITIVE)
    assert summary["not_assessed"] == len(POSITIVE)
    assert summary["assessable"] == len(REQUIRED)


@pytest.mark.parametrize(("obligation", "pid"), sorted(POSITIVE.items()))
@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("yes", "compliant"),
        ("partial", "not_compliant"),
        ("no", "not_compliant"),
        ("unclear", "not_assessable"),
        ("varies", "not_assessable"),
    ],
)
def test_positive_obligations_are_judged_on_their_provision(
    make_law: MakeLaw, obligation: str, pid: str, word: str, expected: str
) -> None:
    assert status(make_law(**{pid: word}), obligation) == expected


def test_new_zealand_labour_rights_and_the_review_committee() -> None:
    early = assess(load("nz"), "2005-01-01")
    assert early.finding("labour_and_health_rights").status == "compliant"
    assert early.finding("participation_in_law_making").status == "compliant"
    assert any(
        "Prostitution Reform Act" in r for r in early.finding("labour_and_health_rights").references
    )
    assert assess(load("nz"), "2024-01-01").finding("participation_in_law_making").status == (
        "not_assessable"
    )
    assert early.finding("non_discrimination").status == "not_assessed"


@pytest.mark.parametrize(
    ("changes", "obligation", "expected"),
    [
        ({"selling": "criminal"}, "decriminalise_selling", "not_compliant"),
        ({"soliciting": "administrative"}, "decriminalise_selling", "not_compliant"),
        ({"selling": "regulated"}, "decriminalise_selling", "not_compliant"),
        ({"soliciting": "legal_restricted"}, "decriminalise_selling", "compliant"),
        ({"buying": "criminal"}, "decriminalise_buying", "not_compliant"),
        ({"buying": "unclear"}, "decriminalise_buying", "not_assessable"),
        ({"working_together": "criminal"}, "decriminalise_organisation", "not_compliant"),
        ({"working_together": "regulated"}, "decriminalise_organisation", "not_compliant"),
        ({"brothel_keeping": "regulated"}, "decriminalise_organisation", "compliant"),
        ({"renting_premises": "criminal"}, "decriminalise_organisation", "not_compliant"),
        ({"advertising": "varies"}, "decriminalise_organisation", "not_assessable"),
        ({"trafficking_offence": "no"}, "criminal_law_against_exploitation", "not_compliant"),
        (
            {"exploitation_offence": "unclear"},
            "criminal_law_against_exploitation",
            "not_assessable",
        ),
        ({"child_offence": "no"}, "protect_children", "not_compliant"),
        ({"age_threshold": 16}, "protect_children", "not_compliant"),
        ({"age_threshold": 21}, "protect_children", "compliant"),
        ({"age_threshold": "unclear"}, "protect_children", "not_assessable"),
        ({"mandatory_testing": "yes"}, "no_mandatory_testing", "not_compliant"),
        ({"mandatory_testing": "counselling_only"}, "no_mandatory_testing", "compliant"),
        ({"migrant_restrictions": "yes"}, "protect_migrants", "not_compliant"),
        ({"licensing": "workers"}, "regulation_rights_compliant", "not_compliant"),
        ({"licensing": "operators"}, "regulation_rights_compliant", "compliant"),
        ({"mandatory_testing": "yes"}, "regulation_rights_compliant", "not_compliant"),
        ({"licensing": "varies"}, "regulation_rights_compliant", "not_assessable"),
    ],
)
def test_obligation_rules(
    make_law: MakeLaw, changes: dict[str, str | int], obligation: str, expected: str
) -> None:
    assert status(make_law(**changes), obligation) == expected


def test_a_not_compliant_provision_outweighs_an_unclear_one(make_law: MakeLaw) -> None:
    law = make_law(working_together="criminal", advertising="unclear")
    finding = assess(law, "2020-01-01").finding("decriminalise_organisation")
    assert finding.status == "not_compliant"
    assert [p["provision"] for p in finding.provisions] == ["working_together"]
    assert finding.references == ("Synthetic Act 2000, s 4",)


def test_new_zealand_example_from_the_issue() -> None:
    result = assess(load("nz"), "2020-01-01")
    for ob in ("decriminalise_selling", "decriminalise_buying", "decriminalise_organisation"):
        assert result.finding(ob).status == "compliant", ob
    migrants = result.finding("protect_migrants")
    assert migrants.status == "not_compliant"
    assert any("s 19" in ref for ref in migrants.references)


def test_sweden_is_not_compliant_on_buying_and_organisation() -> None:
    result = assess(load("se"), "2020-01-01")
    assert result.finding("decriminalise_buying").status == "not_compliant"
    assert result.finding("decriminalise_organisation").status == "not_compliant"
    assert result.finding("decriminalise_selling").status == "compliant"


def test_json_shape() -> None:
    data = assess(load("nz"), "2020-01-01").as_dict()
    assert set(data) >= {"id", "findings", "summary"}
    assert set(data["findings"][0]) >= {
        "obligation",
        "status",
        "provisions",
        "references",
        "explanation",
    }


def test_belgian_employment_contracts_bring_sex_work_under_labour_law() -> None:
    after = assess(load("be"), "2025-06-01").finding("labour_and_health_rights")
    assert after.status == "compliant"
    assert any("3 mai 2024" in r for r in after.references)
    before = assess(load("be"), "2024-06-01").finding("labour_and_health_rights")
    assert before.status == "not_assessable"
