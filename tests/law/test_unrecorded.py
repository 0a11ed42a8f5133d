"""Provisions a file does not record read `unrecorded`: rules treat them as undetermined."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import numpy as np
from typer.testing import CliRunner

from swpolicy.cli import app
from swpolicy.law.assess import assess
from swpolicy.law.classify import classify
from swpolicy.law.model import Law
from swpolicy.law.provisions import UNRECORDED, provisions
from swpolicy.law.registry import load_law_file
from swpolicy.scenarios.assumptions import named
from swpolicy.scenarios.mapping import determinants, make_draws
from tests.law.conftest import synthetic_law

Mutator = Callable[[Callable[[str], str]], Path]


def without(law: Law, *pids: str) -> Law:
    kept = {p: s for p, s in law.spec.provisions.items() if p not in pids}
    return Law(law.spec.model_copy(update={"provisions": kept}), law.source)


def test_a_provision_missing_from_the_file_reads_unrecorded_not_unclear() -> None:
    law = without(synthetic_law(), "buying")
    snap = law.at("2020-01-01")
    assert snap.value("buying") == UNRECORDED
    assert snap["buying"].recorded is False
    assert "not researched" in (snap["buying"].note or "")
    # Before the first date of a recorded provision the reading stays `unclear`.
    assert law.at("1990-01-01").value("selling") == "unclear"
    assert "buying" in law.unrecorded()
    assert "selling" not in law.unrecorded()


def test_unrecorded_is_never_a_word_a_file_may_write() -> None:
    assert all(UNRECORDED not in p.kind.words for p in provisions().values())


def test_classification_is_unclear_and_says_the_provision_is_not_recorded() -> None:
    law = without(synthetic_law(selling="legal", brothel_keeping="legal"), "buying")
    result = classify(law, "wikipedia", "2020-01-01")
    assert result.regime == "unclear"
    assert "not recorded" in result.explanation
    assert [r["provision"] for r in result.reasons] == ["buying"]


def test_assessment_reports_not_assessed_with_its_denominator() -> None:
    law = without(synthetic_law(), "buying")
    result = assess(law, "2020-01-01")
    assert result.finding("decriminalise_buying").status == "not_assessed"
    assert "Buying sexual services" in result.finding("decriminalise_buying").explanation
    summary = result.summary()
    assert summary["not_assessed"] >= 1
    assert f"out of {summary['obligations']}" in summary["text"]


def test_simulation_treats_unrecorded_like_unclear() -> None:
    a = named("default")
    draws = make_draws(np.arange(50), 3, a.registry)
    unclear = determinants(synthetic_law(buying="unclear").at("2020-01-01"), a.effects, draws)
    missing = without(synthetic_law(), "buying").at("2020-01-01")
    unrecorded = determinants(missing, a.effects, draws)
    for name, values in unclear.items():
        np.testing.assert_allclose(unrecorded[name], values)


def test_validate_coverage_lists_gaps_without_failing(nz_copy: Mutator) -> None:
    def drop(text: str) -> str:
        return text[: text.index("  child_offence:")] + text[text.index("unverified:") :]

    path = nz_copy(drop)
    assert load_law_file(path).at("2020-01-01").value("child_offence") == UNRECORDED
    out = CliRunner().invoke(app, ["law", "validate", "--coverage", "--json", str(path)])
    assert out.exit_code == 0, out.output
    data = json.loads(out.output)
    assert data["ok"] is True
    [gap] = data["unrecorded"]
    assert (gap["file"], gap["id"]) == (str(path), "nz")
    assert "child_offence" in gap["missing"]
    assert "selling" not in gap["missing"]


def test_shipped_ids_are_iso_3166_codes_or_listed_exceptions() -> None:
    from swpolicy.law.coverage import NOT_ISO, iso_name, non_iso_ids
    from swpolicy.law.registry import ids

    assert non_iso_ids(ids()) == []
    assert non_iso_ids(["xx", "nz", "au-zz"]) == ["au-zz", "xx"]
    assert iso_name("nz") == "New Zealand"
    assert iso_name("au-nsw") == "New South Wales"
    assert set(NOT_ISO) <= set(ids())
