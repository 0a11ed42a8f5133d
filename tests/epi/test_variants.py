"""Model variants are data: validated overrides, applied on the same draws of every input."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from swpolicy.epi.engine import draw_parameters, parameters
from swpolicy.epi.schema import EpiDataError
from swpolicy.epi.settings import load
from swpolicy.epi.variants import apply, load_variants, read_variants
from swpolicy.scenarios.lancet import variant_setting
from swpolicy.streams import draw_range


def test_every_replication_assumption_is_labelled_and_explained() -> None:
    variants = load_variants().variants
    assert not variants["evidence"].overrides
    replication = variants["replication"]
    assert replication.overrides
    for params in replication.overrides.values():
        for param in params.values():
            assert param.type == "assumed"
            assert param.note


@pytest.mark.parametrize("name", ["vancouver", "mombasa", "bellary"])
def test_variants_share_the_draws_of_every_input_they_do_not_override(name: str) -> None:
    draws = draw_range(0, 50)
    evidence = draw_parameters(variant_setting(name, "evidence"), 11, draws)
    replication = draw_parameters(variant_setting(name, "replication"), 11, draws)
    changed = set(load_variants().variants["replication"].assumptions(name))
    assert changed
    for key, values in evidence.items():
        if key not in changed:
            assert np.array_equal(values, replication[key]), key
    # Determinism: the same variant and seed give the same draws.
    again = draw_parameters(variant_setting(name, "replication"), 11, draws)
    assert all(np.array_equal(replication[k], again[k]) for k in replication)


def test_replication_removes_the_routes_outside_commercial_sex_in_vancouver() -> None:
    x = draw_parameters(variant_setting("vancouver", "replication"), 3, draw_range(0, 20))
    assert np.all(x["p_inject"] == 0) and np.all(x["external_foi"] == 0)
    ev = draw_parameters(variant_setting("vancouver", "evidence"), 3, draw_range(0, 20))
    assert np.all(ev["p_inject"] > 0.3)


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "variants.yaml"
    path.write_text(text)
    return path


OVERRIDE = """variants:
  evidence: {label: e, description: e}
  other:
    label: o
    description: o
    overrides:
      mombasa:
        rr_art:
          estimate: 0.12
          distribution: fixed
          unit: ratio
          type: %s
          source: {citation: "c", url: "https://example.org", locator: "l"}
%s"""


def test_an_override_must_be_an_explained_assumption(tmp_path: Path) -> None:
    good = read_variants(_write(tmp_path, OVERRIDE % ("assumed", "          note: inferred")))
    assert "rr_art" in good.variants["other"].assumptions("mombasa")
    with pytest.raises(EpiDataError) as err:
        read_variants(_write(tmp_path, OVERRIDE % ("measured", "          note: inferred")))
    assert "type" in str(err.value) and "variants.yaml:" in str(err.value)
    with pytest.raises(EpiDataError) as err:
        read_variants(_write(tmp_path, OVERRIDE % ("assumed", "")))
    assert "note" in str(err.value)


def test_an_override_of_an_unknown_parameter_is_refused(tmp_path: Path) -> None:
    text = (OVERRIDE % ("assumed", "          note: inferred")).replace("rr_art", "rr_artt")
    variant = read_variants(_write(tmp_path, text)).variants["other"]
    setting = load("mombasa")
    with pytest.raises(EpiDataError, match="rr_artt"):
        apply(setting, variant, set(parameters(setting)))


def test_one_assumption_alone_changes_only_that_input() -> None:
    from swpolicy.epi.variants import only

    replication = load_variants().variants["replication"]
    alone = only(replication, "vancouver", "p_inject")
    assert alone.overrides == {
        "vancouver": {"p_inject": replication.overrides["vancouver"]["p_inject"]}
    }
    one = draw_parameters(
        variant_setting("vancouver", "replication", "p_inject"), 5, draw_range(0, 9)
    )
    ev = draw_parameters(variant_setting("vancouver", "evidence"), 5, draw_range(0, 9))
    assert np.all(one["p_inject"] == 0)
    assert all(np.array_equal(one[k], ev[k]) for k in ev if k != "p_inject")


def test_attribution_runs_each_assumption_alone_on_the_same_draws() -> None:
    from swpolicy.epi.lancet import compare
    from swpolicy.scenarios.lancet import attribution_runs, run_setting

    rows = attribution_runs(200, 4, "replication", settings=["bellary"])
    assert {r.variant for r in rows} == {"replication:p_violence"}
    # Bellary's replication variant is that one assumption, so both give the same numbers.
    full = compare([run_setting("bellary", 200, 4, variant="replication")])
    assert [(r.scenario, r.averted_median) for r in rows] == [
        (r.scenario, r.averted_median) for r in full
    ]
    evidence = compare([run_setting("bellary", 200, 4)])
    moved = {r.scenario: r.averted_median for r in rows}
    assert moved["violence"] != next(r.averted_median for r in evidence if r.scenario == "violence")
