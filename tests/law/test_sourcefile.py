"""Safe YAML loading with positions."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from swpolicy.errors import InputError
from swpolicy.sourcefile import load_yaml


def test_positions_are_one_based_and_point_at_keys() -> None:
    doc = load_yaml("x.yaml", text="a: 1\nb:\n  c: [x, y]\n")
    assert doc.data == {"a": 1, "b": {"c": ["x", "y"]}}
    assert doc.where(("a",)) == (1, 1)
    assert doc.where(("b", "c")) == (3, 3)
    assert doc.where(("b", "c", 1)) == (3, 10)
    # A path that does not exist falls back to its longest existing prefix.
    assert doc.where(("b", "c", "missing")) == (3, 3)


def test_dates_stay_text_so_the_schema_can_locate_bad_ones() -> None:
    doc = load_yaml("x.yaml", text="2003-06-28: {value: legal}\n2003-02-30: x\n")
    assert list(doc.data) == ["2003-06-28", "2003-02-30"]


@pytest.mark.parametrize(
    ("text", "line", "fragment"),
    [
        ("a: [1, 2\n", 2, "YAML syntax error"),
        ("a: 1\na: 2\n", 2, "duplicate key 'a'"),
        ("a: !!python/object:os.system x\n", 1, "unsupported YAML tag"),
        ("a: !custom x\n", 1, "unsupported YAML tag"),
        ("", 1, "file is empty"),
        ("? [a, b]\n: 1\n", 1, "keys must be plain scalars"),
    ],
)
def test_bad_yaml_is_a_located_input_error(text: str, line: int, fragment: str) -> None:
    with pytest.raises(InputError) as caught:
        load_yaml("bad.yaml", text=text)
    first = caught.value.issues[0]
    assert first.file == "bad.yaml"
    assert first.line == line
    assert fragment in first.message


def test_missing_and_non_utf8_files(tmp_path) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(InputError, match="cannot read file"):
        load_yaml(tmp_path / "nope.yaml")
    bad = tmp_path / "latin1.yaml"
    bad.write_bytes("name: caf\xe9\n".encode("latin-1"))
    with pytest.raises(InputError, match="not valid UTF-8"):
        load_yaml(bad)


def test_deep_nesting_is_reported_not_crashed() -> None:
    with pytest.raises(InputError):
        load_yaml("deep.yaml", text="[" * 5000 + "]" * 5000)


@settings(max_examples=300, deadline=None)
@given(
    st.text(alphabet=st.sampled_from(list("ab:-[]{},'\"&*!?|>#%@` \n\t0123456789.")), max_size=80)
)
def test_any_text_either_loads_or_raises_input_error(text: str) -> None:
    try:
        load_yaml("fuzz.yaml", text=text)
    except InputError as exc:
        assert exc.issues, "an InputError always carries at least one issue"


def test_aliases_expand_but_a_billion_laughs_is_refused() -> None:
    doc = load_yaml("x.yaml", text="a: &x {k: 1}\nb: *x\n")
    assert doc.data == {"a": {"k": 1}, "b": {"k": 1}}
    lines = ["a: &a [x, x, x, x, x, x, x, x, x, x]"]
    for i in range(1, 8):
        prev = chr(ord("a") + i - 1)
        cur = chr(ord("a") + i)
        lines.append(f"{cur}: &{cur} [" + ", ".join([f"*{prev}"] * 10) + "]")
    with pytest.raises(InputError, match="expands to more than"):
        load_yaml("bomb.yaml", text="\n".join(lines) + "\n")


@pytest.mark.parametrize(
    ("text", "where", "fragment"),
    [
        # The reader reports an offset, not a mark: these used to be located at 1:1.
        ("a: 1\nb: x\x07y\n", (2, 5), "character #x0007 is not allowed"),
        ("a: 1\nbb: [1, \x00]\n", (2, 9), "character #x0000 is not allowed"),
        # Python and other non-core tags on mappings and sequences are refused, not ignored.
        ("a: 1\nb: !!python/object:os.system {x: 1}\n", (2, 1), "unsupported YAML tag"),
        ("a: 1\nb: !!python/tuple [1, 2]\n", (2, 1), "unsupported YAML tag"),
        ("b: !!set {x: null}\n", (1, 1), "unsupported YAML tag"),
        ("b: !!omap [x: 1]\n", (1, 1), "unsupported YAML tag"),
        ("b: !custom {x: 1}\n", (1, 1), "unsupported YAML tag"),
        ("b: !!binary aGVsbG8=\n", (1, 1), "unsupported YAML tag"),
        # Numbers that are not finite, and explicit tags that do not fit the text.
        ("a: 1\nb: .nan\n", (2, 1), "not a finite number"),
        ("a: 1\nb: -.inf\n", (2, 1), "not a finite number"),
        ("b: 1e999\n", (1, 1), "not a finite number"),
        ("b: !!int twelve\n", (1, 1), "not a finite number"),
        ("b: !!bool maybe\n", (1, 1), "unsupported YAML tag"),
        ("a: 1\n---\nb: 2\n", (2, 1), "another document"),
        ("a:\n  b: [" + "[" * 60 + "]" * 60 + "]\n", (2, 54), "nested more than 50 levels"),
    ],
)
def test_every_yaml_error_is_located_where_it_is(
    text: str, where: tuple[int, int], fragment: str
) -> None:
    with pytest.raises(InputError) as caught:
        load_yaml("bad.yaml", text=text)
    first = caught.value.issues[0]
    assert (first.line, first.col) == where, str(first)
    assert fragment in first.message


def test_non_utf8_bytes_are_located(tmp_path) -> None:  # type: ignore[no-untyped-def]
    bad = tmp_path / "latin1.yaml"
    bad.write_bytes("a: 1\nname: caf\xe9\n".encode("latin-1"))
    with pytest.raises(InputError) as caught:
        load_yaml(bad)
    assert (caught.value.issues[0].line, caught.value.issues[0].col) == (2, 10)


def test_numbers_in_yaml_forms_still_load() -> None:
    doc = load_yaml("x.yaml", text="a: 0x1f\nb: 018\nc: 1_000\nd: 2.5e-3\ne: !!str 12\nf: ~\n")
    assert doc.data == {"a": 31, "b": 18, "c": 1000, "d": 0.0025, "e": "12", "f": None}


def test_the_value_budget_is_located_where_it_ran_out() -> None:
    text = "a: [" + ", ".join(["1"] * 30_000) + "]\n"
    with pytest.raises(InputError, match="expands to more than") as caught:
        load_yaml("long.yaml", text=text)
    assert caught.value.issues[0].line == 1 and caught.value.issues[0].col > 1000


@pytest.mark.parametrize("text", ["a: &x\n  - b\n  - *x\n", "id: nz\nx: &a {k: *a}\n"])
def test_an_anchor_used_inside_itself_is_a_located_error(text: str) -> None:
    # Found by the mutation fuzzer: expanding it recursed until Python's limit (a traceback).
    with pytest.raises(InputError) as err:
        load_yaml("cycle.yaml", text)
    (issue,) = err.value.issues
    assert "recursive alias" in issue.message and issue.line in (1, 2)


def test_the_same_anchor_used_twice_side_by_side_is_fine() -> None:
    doc = load_yaml("twice.yaml", "a: &x [1, 2]\nb: *x\nc: *x\n")
    assert doc.data == {"a": [1, 2], "b": [1, 2], "c": [1, 2]}
