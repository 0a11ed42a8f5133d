"""Evidence files: every kind of problem is found and located as file:line:col: field: message."""

from __future__ import annotations

from pathlib import Path

import pytest

from swpolicy.errors import InputError
from swpolicy.evidence import DATA_DIR, build_registry

from .conftest import VALID, Writer, issues


def test_valid_file_loads(write: Writer) -> None:
    registry = build_registry([write()])
    assert [e.id for e in registry.all()] == ["example_ratio"]
    assert registry.themes["example_ratio"] == "test"


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (
            ("    note: synthetic", "    colour: blue\n    note: synthetic"),
            "21:5: entries.0.colour: unknown field",
        ),
        (("    design: cohort\n", ""), "4:5: entries.0.design: required field is missing"),
        (("unit: odds_ratio", "unit: odds"), "6:5: entries.0.unit: unknown value 'odds'"),
        (("estimate: 2.0", "estimate: 3.0"), "7:5: entries.0.estimate: estimate 3 lies outside"),
        (
            ("ci: [1.5, 2.67]", "ci: [2.67, 1.5]"),
            "8:5: entries.0.ci: ci low 2.67 is above ci high 1.5",
        ),
        (("ci: [1.5, 2.67]", "ci: [1.5]"), "8:5: entries.0.ci: List should have at least 2 items"),
        (
            ("estimate: 2.0\n    ci: [1.5, 2.67]", "estimate: -1\n    ci: [-2, 2.67]"),
            "7:5: entries.0.estimate: odds_ratio values must be positive (got -1)",
        ),
        (
            ("      doi: 10.1000/example\n", ""),
            "15:5: entries.0.source: a source needs a `doi` or a `url`",
        ),
        (
            ("id: example_ratio", "id: Example-Ratio"),
            "4:5: entries.0.id: String should match pattern",
        ),
        (
            ("type: measured", "type: assumed"),
            "9:5: entries.0.interval: an `assumed` number with an interval must say so",
        ),
        (
            ("claim: mainstream", "claim: everyone"),
            "19:5: entries.0.claim: unknown value 'everyone'",
        ),
        (
            ("estimate: 2.0", "estimate: two"),
            "7:5: entries.0.estimate: Value error, expected a number, got 'two'",
        ),
    ],
)
def test_problem_is_located(write: Writer, change: tuple[str, str], expected: str) -> None:
    found = issues(write(change))
    assert any(line.startswith(expected) for line in found), found


def test_proportion_must_lie_in_unit_interval(write: Writer) -> None:
    path = write(
        ("unit: odds_ratio", "unit: proportion"),
        ("estimate: 2.0", "estimate: 0.5"),
        ("ci: [1.5, 2.67]", "ci: [0.2, 1.2]"),
        ("distribution: lognormal", "distribution: uniform"),
    )
    assert issues(path) == [
        "8:5: entries.0.ci: proportion values must be between 0 and 1 (got 1.2)"
    ]


def test_beta_that_cannot_fit_is_refused(write: Writer) -> None:
    path = write(
        ("unit: odds_ratio", "unit: proportion"),
        ("estimate: 2.0", "estimate: 0.05"),
        ("ci: [1.5, 2.67]", "ci: [0.0, 0.9]"),
        ("distribution: lognormal", "distribution: beta"),
    )
    [problem] = issues(path)
    assert problem.startswith("10:5: entries.0.distribution: no beta distribution has mean 0.05")


def test_studies_need_a_ratio_scale_and_valid_intervals(write: Writer) -> None:
    studies = (
        "    studies:\n"
        "      - label: one\n"
        "        estimate: 5.0\n"
        "        ci: [1.0, 2.0]\n"
        "        source: {citation: A., url: 'https://example.org'}\n"
    )
    path = write(
        ("note: synthetic entry for tests\n", "note: synthetic entry for tests\n" + studies)
    )
    found = issues(path)
    assert "22:5: entries.0.studies: pooling needs at least two studies" in found
    assert any(
        f.startswith("24:9: entries.0.studies.0.estimate: estimate 5 lies outside") for f in found
    )


def test_several_problems_reported_together(write: Writer) -> None:
    path = write(("estimate: 2.0", "estimate: 9.0"), ("claim: mainstream", "claim: nobody"))
    assert len(issues(path)) == 2


def test_duplicate_ids_across_files(write: Writer) -> None:
    first = write(name="a.yaml")
    second = write(name="b.yaml")
    found = issues(first, second)
    assert len(found) == 1
    assert found[0].startswith("4:5: entries.0.id: duplicate id 'example_ratio' (also in ")


def test_yaml_syntax_error_is_located(write: Writer) -> None:
    path = write(("ci: [1.5, 2.67]", "ci: [1.5, 2.67"))
    [problem] = issues(path)
    assert "YAML syntax error" in problem


def test_error_message_names_the_file(write: Writer) -> None:
    path = write(("estimate: 2.0", "estimate: 9.0"))
    with pytest.raises(InputError) as info:
        build_registry([path])
    assert str(info.value).startswith(f"{path}:7:5: entries.0.estimate:")


def test_shipped_files_are_valid_and_each_is_read() -> None:
    files = sorted(DATA_DIR.glob("*.yaml"))
    assert len(files) >= 7
    registry = build_registry(files)
    assert {Path(f).name for f in registry.files.values()} == {f.name for f in files}


def test_valid_text_is_what_the_tests_mutate() -> None:
    assert VALID.count("\n") == 21
