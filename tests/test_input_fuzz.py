"""Property tests (bounded): mutated law files, bills and assumption overrides fed to the CLI.

Whatever the input, a command exits 0 or 2, never with a traceback; every refusal is located as
``file:line:col:`` in the file; `law validate` accepts a bill exactly when `law diff` and
`load_bill` do (one validator); and an accepted assumption override samples finite numbers.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from tempfile import TemporaryDirectory
from typing import Any

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from swpolicy.cli import app
from swpolicy.errors import InputError
from swpolicy.evidence import load_registry
from swpolicy.evidence.sampling import ppf
from swpolicy.law.bills import load_bill
from swpolicy.law.provisions import provisions
from swpolicy.law.registry import JURISDICTIONS_DIR
from swpolicy.scenarios.assumptions import from_file

runner = CliRunner()
FUZZ = settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
NZ = (JURISDICTIONS_DIR / "nz.yaml").read_text(encoding="utf-8")

# Scalars an attacker or a typo might put anywhere: tags, bad dates, non-finite numbers, huge ints.
NASTY = st.sampled_from(
    [
        "!!python/object:os.system {x: 1}",
        "!!python/name:os.system",
        "!!set {a: null}",
        "!!binary aGk=",
        "!custom x",
        "2003-02-30",
        "9999-12-31",
        "1799-12-31",
        ".nan",
        "-.inf",
        "1e999",
        "99999999999999999999999",
        "[]",
        "{}",
        "~",
        "&a [*a]",
        "*undefined",
        "'unterminated",
        "\x07",
        "regulated",
        "criminal",
        "none",
    ]
)


def _run(args: list[str]) -> tuple[int, str, str]:
    result = runner.invoke(app, args)
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception  # a traceback: the property fails with it
    assert result.exit_code in (0, 2), (args, result.output)
    assert "Traceback" not in result.stderr
    return result.exit_code, result.stdout, result.stderr


def _located(stderr: str, path: Path) -> None:
    """Every problem line names the file with a 1-based line and column."""
    lines = [x for x in stderr.splitlines() if x.startswith(str(path))]
    assert lines, stderr
    for line in lines:
        assert re.match(re.escape(str(path)) + r":[1-9]\d*:[1-9]\d*: ", line), line


SYNTAX = list("[]{}:-&*!|>'\"\t#%@`")


@st.composite
def mutated_law(draw: st.DrawFn) -> str:
    lines = NZ.splitlines(keepends=True)
    for _ in range(draw(st.integers(1, 3))):
        index = draw(st.integers(0, len(lines) - 1))
        kind = draw(st.sampled_from(["value", "insert", "delete", "duplicate"]))
        line = lines[index]
        if kind == "value" and ":" in line:
            key = line.split(":", 1)[0]
            lines[index] = f"{key}: {draw(NASTY)}\n"
        elif kind == "insert":
            at = draw(st.integers(0, len(line)))
            lines[index] = (
                line[:at] + draw(st.sampled_from(list("[]{}:-&*!|>'\"\t#%@`"))) + line[at:]
            )
        elif kind == "delete":
            del lines[index]
        else:
            lines.insert(index, line)
    return "".join(lines)


@FUZZ
@given(text=mutated_law())
def test_mutated_law_files_are_accepted_or_refused_with_located_errors(text: str) -> None:
    with TemporaryDirectory() as tmp:
        path = Path(tmp) / "nz.yaml"
        path.write_text(text, encoding="utf-8")
        code, _, stderr = _run(["law", "validate", str(path)])
        show_code, stdout, _ = _run(["law", "show", str(path), "--json"])
        if code == 2:
            _located(stderr, path)
        assert show_code == code, "law show loads exactly the files law validate accepts"
        if show_code == 0:
            json.loads(stdout)  # strict JSON


DATES = st.sampled_from(
    ["2020-01-01", "2030-01-01", "2030-06-30", "2029-12-31", "2030-02-30", "3000-01-01", "x"]
)


@st.composite
def bill(draw: st.DrawFn) -> dict[str, Any]:
    table = provisions()
    changes: dict[str, Any] = {}
    for pid in draw(st.lists(st.sampled_from([*table, "colour"]), min_size=1, max_size=4)):
        word = draw(
            st.sampled_from([*(table[pid].kind.words if pid in table else ()), "regulated", 18])
        )
        if draw(st.booleans()):
            changes[pid] = word
        else:
            entry: dict[str, Any] = {"value": word, "confidence": "high"}
            entry["references"] = draw(
                st.sampled_from([[{"instrument": "bill"}], [], [{"instrument": "nope"}]])
            )
            if draw(st.booleans()):
                entry["until"] = draw(DATES)
            changes[pid] = entry
    return {
        "id": draw(st.sampled_from(["fuzz-bill", "Bad Id"])),
        "title": "Fuzzed bill",
        "base": draw(st.sampled_from(["nz", "se", "nl", "de", "zz"])),
        "effective": draw(DATES),
        "changes": changes,
    }


@FUZZ
@given(data=bill())
def test_law_validate_accepts_a_bill_exactly_when_diff_and_load_bill_do(
    data: dict[str, Any],
) -> None:
    with TemporaryDirectory() as tmp:
        path = Path(tmp) / "bill.yaml"
        path.write_text(json.dumps(data), encoding="utf-8")  # JSON is YAML
        code, _, stderr = _run(["law", "validate", str(path)])
        diff_args = ["law", "diff", str(data["base"]), "--reform", str(path), "--json"]
        diff_code, stdout, _ = _run(diff_args)
        try:
            load_bill(path)
            loaded = True
        except InputError as exc:
            loaded = False
            assert all(i.file == str(path) and i.line >= 1 for i in exc.issues)
        assert loaded == (code == 0), stderr
        assert (diff_code == 0) == loaded
        if code == 2:
            _located(stderr, path)
        else:
            assert json.loads(stdout)["b"]["id"].endswith("+fuzz-bill")


REGISTRY = load_registry()
EVIDENCE = sorted(REGISTRY.entries)[:40]
NUMBER = st.one_of(
    st.floats(allow_nan=False, allow_infinity=False, min_value=-5, max_value=5),
    st.sampled_from([0, 1, 0.5, 1e-9, 1e9]),
)


@st.composite
def override(draw: st.DrawFn) -> dict[str, Any]:
    found: dict[str, Any] = {}
    if draw(st.booleans()):
        found["estimate"] = draw(NUMBER)
    if draw(st.booleans()):
        low, high = draw(NUMBER), draw(NUMBER)
        found["ci"] = draw(st.sampled_from([[low, high], [low, low], [low], "wide"]))
    if draw(st.booleans()):
        found["distribution"] = draw(
            st.sampled_from(["lognormal", "beta", "uniform", "triangular", "normal", "cauchy"])
        )
    if draw(st.booleans()):
        found["scale"] = draw(st.sampled_from(["ratio", "proportion", "count", "relative_change"]))
    return found


@FUZZ
@given(
    base=st.sampled_from(["default", "critics", "sceptics"]),
    evidence=st.dictionaries(
        st.sampled_from([*EVIDENCE, "not_an_entry"]), override(), min_size=1, max_size=3
    ),
)
def test_assumption_overrides_are_refused_with_located_errors_or_sample_finite_numbers(
    base: str, evidence: dict[str, Any]
) -> None:
    with TemporaryDirectory() as tmp:
        path = Path(tmp) / "assume.yaml"
        path.write_text(json.dumps({"base": base, "evidence": evidence}), encoding="utf-8")
        try:
            assumptions = from_file(path)
        except InputError as exc:
            assert exc.issues
            assert all(i.file == str(path) and i.line >= 1 for i in exc.issues)
            accepted = False
        else:
            accepted = True
            u = np.linspace(0.001, 0.999, 101)
            for eid in evidence:
                values = ppf(assumptions.registry.entries[eid], u)
                assert np.isfinite(values).all(), (eid, evidence[eid])
        # Through the CLI: never a traceback; a refused file is located, before any work.
        code, _, stderr = _run(
            ["simulate", "--setting", "nowhere", "--law", "nz", "--assume", str(path)]
        )
        assert code == 2
        if not accepted and "setting" not in stderr:
            _located(stderr, path)


def test_refused_inputs_write_nothing(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("evidence:\n  map_art_selling_penalised: {ci: [0.8, 0.8]}\n", encoding="utf-8")
    out = tmp_path / "report"
    code, _, _ = _run(["report", "--out", str(out), "--assumptions", str(bad)])
    assert code == 2 and not out.exists()
    plot = tmp_path / "ranking.png"
    args = ["sensitivity", "--setting", "mombasa", "--law", "nz", "--law", str(bad)]
    code, _, _ = _run([*args, "--plot", str(plot)])
    assert code == 2 and not plot.exists()
