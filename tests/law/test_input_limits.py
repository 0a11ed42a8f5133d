"""Inputs refused by size, kind and value budget before they cost time or memory (issue 13)."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from swpolicy.bounds import MAX_INPUT_BYTES, MAX_VALUES
from swpolicy.cli import app
from swpolicy.errors import InputError
from swpolicy.law.registry import BILLS_DIR, JURISDICTIONS_DIR, load_all
from swpolicy.sourcefile import limited_to, load_yaml, read_bounded

# Refusals are timed: run alone (make test), so another test process does not share the core.
pytestmark = pytest.mark.timed

runner = CliRunner()


@pytest.fixture(autouse=True, scope="module")
def _registry_loaded() -> None:
    """The shipped registry is loaded once per process; the timings measure the refusal."""
    load_all()


def _long_list(base: str, size: int) -> str:
    """A valid file followed by a long top-level list, `size` bytes or a little more."""
    lines = [base, "extra:\n"]
    total = len(base)
    i = 0
    while total < size:
        line = f"  - item{i}\n"
        lines.append(line)
        total += len(line)
        i += 1
    return "".join(lines)


@pytest.fixture
def big_law(tmp_path: Path) -> Path:
    path = tmp_path / "nz.yaml"
    base = (JURISDICTIONS_DIR / "nz.yaml").read_text(encoding="utf-8")
    path.write_text(_long_list(base, 2_000_000), encoding="utf-8")
    return path


@pytest.fixture
def big_bill(tmp_path: Path) -> Path:
    path = tmp_path / "bill.yaml"
    base = next(iter(sorted(BILLS_DIR.glob("*.yaml")))).read_text(encoding="utf-8")
    path.write_text(_long_list(base, 1_200_000), encoding="utf-8")
    return path


def _timed(args: list[str]) -> tuple[float, str, int]:
    start = time.perf_counter()
    result = runner.invoke(app, args)
    return time.perf_counter() - start, result.stderr, result.exit_code


def test_a_2mb_law_file_is_refused_in_under_2_seconds(big_law: Path) -> None:
    elapsed, stderr, code = _timed(["law", "validate", str(big_law)])
    assert code == 2
    expected = f"{big_law}:1:1: (document): file is larger than the limit of {MAX_INPUT_BYTES}"
    assert expected in stderr
    assert elapsed < 2.0


def test_with_a_raised_limit_the_value_budget_stops_a_2mb_law_file_early(big_law: Path) -> None:
    # The budget applies while the document is composed, not after the whole file is parsed.
    elapsed, stderr, code = _timed(["--max-bytes", "5000000", "law", "validate", str(big_law)])
    assert code == 2
    assert f"document expands to more than {MAX_VALUES} values" in stderr
    line = int(stderr.split(f"{big_law}:")[1].split(":")[0])
    assert 1 < line < 20_000, "located where the budget ran out, far from the end of the file"
    assert elapsed < 2.0


@pytest.mark.parametrize("limit", [None, "5000000"])
def test_a_1_2mb_bill_is_refused_quickly(big_bill: Path, limit: str | None) -> None:
    prefix = ["--max-bytes", limit] if limit else []
    for args in (
        ["law", "validate", str(big_bill)],
        ["law", "show", str(big_bill)],
        ["law", "diff", "nz", "--reform", str(big_bill)],
    ):
        elapsed, stderr, code = _timed(prefix + args)
        assert code == 2, args
        assert "larger than the limit" in stderr or "expands to more than" in stderr
        assert "Traceback" not in stderr
        assert elapsed < 2.0, args


def test_devices_fifos_and_links_to_devices_are_refused_unopened(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.yaml"
    os.mkfifo(fifo)  # opening a FIFO with no writer would block forever
    link = tmp_path / "zero.yaml"
    link.symlink_to("/dev/zero")
    for path in (fifo, link, Path("/dev/zero")):
        with pytest.raises(InputError, match="not a regular file") as caught:
            load_yaml(path)
        assert caught.value.issues[0].file == str(path)
    result = runner.invoke(app, ["law", "validate", str(link)])
    assert result.exit_code == 2
    assert "not a regular file" in result.stderr


def test_the_limit_is_a_documented_default_and_can_be_raised(tmp_path: Path) -> None:
    path = tmp_path / "small.yaml"
    path.write_text("a: " + "x" * 200 + "\n", encoding="utf-8")
    with limited_to(100), pytest.raises(InputError, match="larger than the limit of 100 bytes"):
        read_bounded(path)
    assert read_bounded(path, limit=1000).startswith(b"a: x")
    assert load_yaml(path).data == {"a": "x" * 200}
    result = runner.invoke(app, ["--max-bytes", "0", "law", "validate", str(path)])
    assert result.exit_code == 2
    assert "max bytes must be a whole number from 1" in result.stderr


def test_a_directory_is_refused_with_its_name(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="is a directory"):
        read_bounded(tmp_path)


@pytest.mark.parametrize(
    ("text", "refused"),
    [
        ("a: " + "x" * 990_000 + "\n", False),  # one long plain scalar
        ('a: "' + "x" * 990_000 + '"\n', False),  # one long quoted scalar
        ("a: " + "x y" * 330_000 + "\n", False),  # a long scalar with spaces (slowest to scan)
        ("# " + "c" * 990_000 + "\na: 1\n", False),  # a long comment
        ("a: [" + "{}, " * 240_000 + "]\n", True),  # a long flow list: the value budget
        ("a: &x [" + "1, " * 9_000 + "]\n" + "".join(f"b{i}: *x\n" for i in range(20)), True),
    ],
)
def test_any_input_within_the_size_limit_answers_in_under_2_seconds(
    text: str, refused: bool
) -> None:
    assert len(text.encode()) <= MAX_INPUT_BYTES
    start = time.perf_counter()
    try:
        load_yaml("big.yaml", text=text)
        loaded = True
    except InputError as exc:
        assert "expands to more than" in str(exc)
        loaded = False
    assert loaded != refused
    assert time.perf_counter() - start < 2.0
