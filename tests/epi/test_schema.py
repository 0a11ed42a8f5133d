from __future__ import annotations

import json
from pathlib import Path
from typing import get_args

import pytest

from swpolicy.epi.build import required_names
from swpolicy.epi.schema import (
    EpiDataError,
    Param,
    load_common,
    load_published,
    load_scenarios,
    read_setting,
)
from swpolicy.epi.settings import load as load_setting
from swpolicy.epi.settings import shipped
from swpolicy.errors import InputError
from swpolicy.evidence import UNITS, load_registry, unit_label
from swpolicy.evidence.quantity import Unit

SETTINGS = shipped()
MAIN = Path(__file__).parent / "data" / "parameters_main.json"


def _loaded() -> dict[str, Param]:
    files = {"common": load_common()} | {name: load_setting(name) for name in SETTINGS}
    return {f"{f}/{n}": p for f, spec in files.items() for n, p in spec.parameters.items()}


def test_all_data_files_load_and_cover_the_model() -> None:
    common = load_common()
    for name in SETTINGS:
        setting = load_setting(name)
        names = set(common.parameters) | set(setting.parameters)
        assert set(required_names(setting)) <= names
    scenarios = load_scenarios()
    assert {
        "violence",
        "policing",
        "work_environment",
        "decriminalisation",
        "art",
        "outreach",
    } == set(scenarios.scenarios)
    assert load_published().results


def test_fitted_parameters_are_labelled_calibrated() -> None:
    for name in SETTINGS:
        params = load_setting(name).parameters
        for key in ("beta_mf", "seed_prev", "external_foi", "fsw_acts"):
            assert params[key].type == "calibrated", (name, key)


def test_structural_effect_sizes_are_not_calibrated() -> None:
    common = load_common().parameters
    for key in ("or_cond_police", "or_violence_police", "or_cond_outdoor", "or_cond_outreach"):
        assert common[key].type != "calibrated"
    for name in SETTINGS:
        assert load_setting(name).parameters["or_cond_violence"].type != "calibrated"


def _write(tmp_path: Path, name: str, text: str) -> Path:
    (tmp_path / name).write_text(text, encoding="utf-8")
    return tmp_path


def test_invalid_parameter_error_names_file_and_field(tmp_path: Path) -> None:
    text = """
parameters:
  beta:
    estimate: 5
    ci: [1, 2]
    interval: range
    distribution: uniform
    unit: ratio
    type: measured
    source: {citation: x, doi: "10.1/x", locator: p. 1}
"""
    with pytest.raises(EpiDataError) as info:
        load_common(_write(tmp_path, "common.yaml", text))
    assert isinstance(info.value, InputError)
    [issue] = info.value.issues
    assert (Path(issue.file).name, issue.line, issue.col) == ("common.yaml", 4, 5)
    assert issue.field == "parameters.beta.estimate" and "outside" in issue.message


def test_source_needs_a_link(tmp_path: Path) -> None:
    text = """
parameters:
  beta:
    estimate: 1
    distribution: fixed
    unit: ratio
    type: assumed
    source: {citation: x, locator: y}
targets:
  - {population: fsw, year: 2000, value: 0.1, lo: 0.05, hi: 0.2, source: {citation: x, locator: y}}
"""
    with pytest.raises(EpiDataError) as info:
        load_common(_write(tmp_path, "common.yaml", text))
    fields = [i.field for i in info.value.issues if "needs a `doi` or a `url`" in i.message]
    assert fields == ["parameters.beta.source", "targets.0.source"]


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ({"type": "guessed"}, r"parameters\.b\.type: unknown value 'guessed'"),
        ({"unit": "per year"}, r"parameters\.b\.unit: unknown value 'per year'"),
        ({"distribution": "uniform"}, r"parameters\.b\.ci: a uniform distribution needs `ci`"),
        (
            {"ci": "[1, 1]", "interval": "range", "distribution": "uniform"},
            r"parameters\.b\.distribution: a uniform distribution needs ci low < ci high",
        ),
        (
            {"ci": "[0, 2]", "interval": "range", "distribution": "loguniform", "unit": "years"},
            r"parameters\.b\.distribution: a loguniform needs 0 < ci low",
        ),
        (
            {"ci": "[0.5, 2]", "interval": "range", "distribution": "uniform", "type": "assumed"},
            r"parameters\.b\.interval: an `assumed` number with an interval must say so",
        ),
    ],
)
def test_a_parameter_is_checked_as_a_quantity(
    tmp_path: Path, fields: dict[str, str], expected: str
) -> None:
    base = {"estimate": "1", "distribution": "fixed", "unit": "ratio", "type": "measured"}
    body = ", ".join(f"{k}: {v}" for k, v in {**base, **fields}.items())
    text = f"parameters:\n  b: {{{body}, source: {{citation: x, url: u, locator: l}}}}\n"
    with pytest.raises(EpiDataError, match=r"common\.yaml:2:\d+: " + expected):
        load_common(_write(tmp_path, "common.yaml", text))


def test_missing_and_unreadable_files_are_located(tmp_path: Path) -> None:
    with pytest.raises(EpiDataError, match=r"common\.yaml:1:\d+: .*YAML syntax error"):
        load_common(_write(tmp_path, "common.yaml", "parameters: [unclosed"))
    with pytest.raises(EpiDataError, match="not found"):
        read_setting(tmp_path / "nowhere.yaml")


def test_a_parameter_can_take_its_numbers_from_the_evidence_registry(tmp_path: Path) -> None:
    text = (
        "parameters:\n"
        "  or_x:\n    evidence: beattie2010_violence_condom_use\n    transform: inverse\n"
        "  or_y:\n    evidence: no_such_entry\n"
    )
    with pytest.raises(EpiDataError, match=r"common\.yaml:6:5: parameters\.or_y\.evidence"):
        load_common(_write(tmp_path, "common.yaml", text))
    ok = load_common(_write(tmp_path, "common.yaml", text.split("  or_y")[0]))
    param = ok.parameters["or_x"]
    entry = load_registry().get("beattie2010_violence_condom_use")
    assert param.evidence == entry.id
    assert param.estimate == pytest.approx(1 / 0.4)
    assert (param.low, param.high) == (pytest.approx(1 / 0.5), pytest.approx(1 / 0.3))
    assert (param.source, param.claim, param.unit) == (entry.source, entry.claim, entry.unit)


def test_evidence_parameters_refuse_contradictions(tmp_path: Path) -> None:
    cases = {
        "  or_x:\n    evidence: map_weight_legal_restricted\n    transform: inverse\n": "inverse",
        "  or_x:\n    evidence: platt2018_policing_violence\n    estimate: 9\n": "come from the",
        "  or_x:\n    evidence: platt2018_policing_violence\n    transform: log\n": "unknown",
    }
    for body, message in cases.items():
        with pytest.raises(EpiDataError, match=message):
            load_common(_write(tmp_path, "common.yaml", "parameters:\n" + body))


def test_every_shipped_unit_is_in_the_vocabulary() -> None:
    units = {p.unit for p in _loaded().values()} | {e.unit for e in load_registry().all()}
    assert units <= set(UNITS)
    assert set(get_args(Unit)) == set(UNITS)  # the schema and the words declare the same units


def test_nothing_is_lost_from_main() -> None:
    """Every parameter keeps the source, note, type, evidence id and unit text it had on main,
    unless issue 9 corrected it from its source (new inputs are checked by the schema)."""
    from .test_sampling import CHANGED_IN_ISSUE_9

    frozen = json.loads(MAIN.read_text(encoding="utf-8"))["parameters"]
    params = _loaded()
    assert set(frozen) <= set(params) and len(frozen) == 73
    for key, old in frozen.items():
        if key in CHANGED_IN_ISSUE_9:
            continue
        new = params[key]
        assert new.source.model_dump() == old["source"], key
        assert (new.note or "") == old["note"], key
        assert (new.type, new.evidence) == (old["type"], old["evidence"]), key
        assert new.quantity == old["unit"] or (
            new.quantity is None and unit_label(new.unit) == old["unit"]
        ), key
    # Counted over main's inputs: new settings may reference the registry too.
    assert sum(1 for key in frozen if params[key].evidence) == 8
