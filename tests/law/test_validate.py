"""Validation of law files: each kind of problem is found, located and reported together."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from swpolicy.law.coverage import coverage
from swpolicy.law.registry import JURISDICTIONS_DIR, ids
from swpolicy.law.validate import validate_paths

Mutator = Callable[[Callable[[str], str]], Path]


def problems(path: Path) -> list[str]:
    return [f"{i.line}:{i.field}: {i.message}" for i in validate_paths([path], set(ids()))]


def test_shipped_data_is_valid() -> None:
    assert validate_paths([JURISDICTIONS_DIR], set()) == []


def test_unchanged_copy_is_valid(nz_copy: Mutator) -> None:
    assert problems(nz_copy(lambda t: t + "\n# trailing comment\n")) == []


@pytest.mark.parametrize(
    ("old", "new", "field", "message"),
    [
        ("name: New Zealand", "name: New Zealand\ncolour: blue", "colour", "unknown field"),
        (
            (
                "value: criminal\n"
                "        confidence: high\n"
                "        references:\n"
                "          - instrument: soa1981"
            ),
            (
                "value: illegal\n"
                "        confidence: high\n"
                "        references:\n"
                "          - instrument: soa1981"
            ),
            "provisions.soliciting.values.1982-02-01.value",
            "'illegal' is not a status word for soliciting",
        ),
        (
            (
                "      2003-06-28:\n"
                "        value: legal\n"
                "        confidence: high\n"
                "        references:\n"
                "          - instrument: pra2003\n"
                "            section: s 3"
            ),
            (
                "      2003-02-30:\n"
                "        value: legal\n"
                "        confidence: high\n"
                "        references:\n"
                "          - instrument: pra2003\n"
                "            section: s 3"
            ),
            "provisions.selling.values.2003-02-30",
            "not a real calendar date",
        ),
        (
            "      2002-05-18:",
            "      2999-05-18:",
            "provisions.trafficking_offence.values.2999-05-18",
            "is in the future",
        ),
        (
            (
                "      1962-01-01:\n"
                "        value: legal\n"
                "        confidence: medium\n"
                "        references:\n"
                "          - instrument: crimes1961\n"
                "            section: ss 147-149 (offences aimed at brothel keepers, "
                "living on earnings and procurers; selling itself was not an offence)"
            ),
            "      1962-01-01:\n        value: legal\n        confidence: medium",
            "provisions.selling.values.1962-01-01.references",
            "missing references",
        ),
        (
            "instrument: pra2003\n            section: s 19",
            "instrument: pra2030\n            section: s 19",
            "provisions.migrant_restrictions.values.2003-06-28.references.0.instrument",
            "unknown instrument 'pra2030'",
        ),
        ("  child_offence:", "  child_offences:", "provisions.child_offences", "unknown provision"),
        ("id: nz", "id: se", "id", "does not match the file name"),
        ("parent: null", "parent: zz", "parent", "unknown parent jurisdiction 'zz'"),
        (
            "value: 18",
            "value: 9",
            "provisions.age_threshold.values.2003-06-28.value",
            "expected a whole number from 12 to 30",
        ),
        (
            "confidence: high\n        note: Holders of temporary visas",
            "confidence: certain\n        note: Holders of temporary visas",
            "provisions.migrant_restrictions.values.2003-06-28.confidence",
            "unknown value 'certain'",
        ),
    ],
)
def test_each_problem_is_located(
    nz_copy: Mutator, old: str, new: str, field: str, message: str
) -> None:
    path = nz_copy(lambda t: t.replace(old, new, 1))
    found = problems(path)
    assert any(f":{field}: " in p and message in p for p in found), found


def test_missing_provision_is_a_coverage_gap_not_an_error(nz_copy: Mutator) -> None:
    def drop_child_offence(text: str) -> str:
        return text[: text.index("  child_offence:")] + text[text.index("unverified:") :]

    path = nz_copy(drop_child_offence)
    assert problems(path) == []
    [gap] = [g for g in coverage([path]) if g.missing]
    assert "child_offence" in gap.missing


def test_overlapping_ranges_are_reported(nz_copy: Mutator) -> None:
    path = nz_copy(
        lambda t: t.replace(
            (
                "value: criminal\n"
                "        confidence: high\n"
                "        references:\n"
                "          - instrument: soa1981"
            ),
            (
                "value: criminal\n"
                "        until: 2005-01-01\n"
                "        confidence: high\n"
                "        references:\n"
                "          - instrument: soa1981"
            ),
            1,
        )
    )
    found = problems(path)
    assert any("overlaps the value from 2003-06-28" in p for p in found), found


def test_all_problems_are_reported_in_one_run(nz_copy: Mutator) -> None:
    path = nz_copy(
        lambda t: t.replace("name: New Zealand", "name: New Zealand\ncolour: blue").replace(
            "value: 18", "value: 99"
        )
    )
    found = problems(path)
    assert len(found) >= 2
    assert any("unknown field" in p for p in found)
    assert any("age_threshold" in p for p in found)


def test_duplicate_ids_across_files(tmp_path: Path) -> None:
    text = (JURISDICTIONS_DIR / "nz.yaml").read_text(encoding="utf-8")
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    (tmp_path / "a" / "nz.yaml").write_text(text, encoding="utf-8")
    (tmp_path / "b" / "nz.yaml").write_text(text, encoding="utf-8")
    found = validate_paths([tmp_path / "a", tmp_path / "b"], set())
    assert [i.message for i in found if "duplicate id" in i.message]


def test_regulated_without_a_licensing_scheme_is_a_contradiction(nz_copy: Mutator) -> None:
    path = nz_copy(
        lambda t: t.replace(
            "      2003-06-28:\n        value: operators", "      2003-06-28:\n        value: none"
        )
    )
    found = problems(path)
    assert any(
        ":provisions.brothel_keeping.values.2003-06-28.value: 'regulated' needs a licensing" in p
        for p in found
    ), found


def test_a_bill_is_checked_against_a_base_validated_in_the_same_run(tmp_path: Path) -> None:
    # A private copy of nz under another id: the bill's base is not shipped, only in this run.
    text = (JURISDICTIONS_DIR / "nz.yaml").read_text(encoding="utf-8")
    (tmp_path / "xx.yaml").write_text(text.replace("id: nz", "id: xx", 1), encoding="utf-8")
    bill = tmp_path / "bill.yaml"
    bill.write_text(
        "id: t\ntitle: T\nbase: xx\neffective: 2030-01-01\nchanges:\n  licensing: none\n",
        encoding="utf-8",
    )
    found = validate_paths([tmp_path], set())
    # One issue per regulated provision of the base, each blamed on the bill's licensing change.
    assert found
    assert {(i.file, i.line, i.field) for i in found} == {(str(bill), 6, "changes.licensing")}
    assert all("'regulated' needs a licensing scheme" in i.message for i in found)


@pytest.mark.parametrize("until", ["2003-06-28", "2003-01-01"])
def test_a_value_ending_on_or_before_its_start_is_refused(nz_copy: Mutator, until: str) -> None:
    path = nz_copy(
        lambda t: t.replace(
            "      2003-06-28:\n        value: legal\n",
            f"      2003-06-28:\n        value: legal\n        until: {until}\n",
            1,
        )
    )
    lines = path.read_text(encoding="utf-8").splitlines()
    line = next(i for i, text in enumerate(lines, 1) if text.strip() == f"until: {until}")
    expected = f"{line}:provisions.selling.values.2003-06-28.until: ends on or before it starts"
    assert f"{expected} (2003-06-28)" in problems(path), problems(path)
