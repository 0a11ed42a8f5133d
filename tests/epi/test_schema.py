from __future__ import annotations

from pathlib import Path

import pytest

from swpolicy.epi.build import required_names
from swpolicy.epi.schema import (
    EpiDataError,
    load_common,
    load_published,
    load_scenarios,
    read_setting,
)
from swpolicy.epi.settings import load as load_setting
from swpolicy.epi.settings import shipped

SETTINGS = shipped()


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
    value: 5
    low: 1
    high: 2
    dist: uniform
    type: measured
    source: {citation: x, doi: "10.1/x", locator: p. 1}
"""
    with pytest.raises(EpiDataError) as info:
        load_common(_write(tmp_path, "common.yaml", text))
    msg = str(info.value)
    assert "common.yaml" in msg and "parameters.beta" in msg and "outside" in msg


def test_source_needs_a_link(tmp_path: Path) -> None:
    text = """
parameters:
  beta:
    value: 1
    dist: fixed
    type: assumed
    source: {citation: x, locator: y}
"""
    with pytest.raises(EpiDataError, match="doi or a url"):
        load_common(_write(tmp_path, "common.yaml", text))


def test_unknown_evidence_type_and_bad_yaml(tmp_path: Path) -> None:
    text = (
        "parameters:\n"
        "  b: {value: 1, dist: fixed, type: guessed, source: {citation: x, url: u, locator: l}}\n"
    )
    with pytest.raises(EpiDataError, match=r"parameters\.b\.type"):
        load_common(_write(tmp_path, "common.yaml", text))
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
    assert param.evidence == "beattie2010_violence_condom_use"
    assert param.value == pytest.approx(1 / 0.4)
    assert (param.low, param.high) == (pytest.approx(1 / 0.5), pytest.approx(1 / 0.3))


def test_evidence_parameters_refuse_contradictions(tmp_path: Path) -> None:
    cases = {
        "  or_x:\n    evidence: map_weight_legal_restricted\n    transform: inverse\n": "inverse",
        "  or_x:\n    evidence: platt2018_policing_violence\n    value: 9\n": "come from the",
    }
    for body, message in cases.items():
        with pytest.raises(EpiDataError, match=message):
            load_common(_write(tmp_path, "common.yaml", "parameters:\n" + body))
