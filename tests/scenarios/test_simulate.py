"""Law-to-outcome simulation: common random numbers, determinism, directions, assumptions."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

from swpolicy.cli import app
from swpolicy.errors import UsageError
from swpolicy.law import load
from swpolicy.scenarios.assumptions import from_file, named
from swpolicy.scenarios.simulate import METRICS, Simulation, simulate
from tests.law.conftest import synthetic_law

FAST = {"draws": 400, "seed": 3, "years": 5.0, "at": "2024-01-01"}


@cache
def run(*law_ids: str, assumptions: str = "default") -> Simulation:
    return simulate("vancouver", [load(i) for i in law_ids], assumptions=named(assumptions), **FAST)  # type: ignore[arg-type]


def test_rows_cover_every_law_and_metric() -> None:
    result = run("nz", "se")
    rows = result.rows()
    assert {r["law"] for r in rows} == {"ca", "nz", "se"}  # the setting's own law is included
    assert {r["metric"] for r in rows} == set(METRICS)
    assert all(r["lo"] <= r["median"] <= r["hi"] for r in rows)


def test_reference_law_averts_nothing_and_is_the_setting_law() -> None:
    result = run("nz")
    assert result.reference == "ca"
    np.testing.assert_array_equal(result.result("ca").metrics["hiv_infections_averted"], 0.0)


def test_common_random_numbers_across_laws_and_runs() -> None:
    alone, together = run("nz"), run("nz", "se")
    for metric in ("hiv_infections", "arrests"):
        np.testing.assert_array_equal(
            alone.result("nz").metrics[metric], together.result("nz").metrics[metric]
        )
    np.testing.assert_array_equal(alone.weights, together.weights)


def test_same_seed_same_result_other_seed_other_result() -> None:
    again = simulate("vancouver", [load("nz")], **FAST)  # type: ignore[arg-type]
    np.testing.assert_array_equal(
        again.result("nz").metrics["hiv_infections"],
        run("nz").result("nz").metrics["hiv_infections"],
    )
    other = simulate("vancouver", [load("nz")], **{**FAST, "seed": 4})  # type: ignore[arg-type]
    assert not np.array_equal(
        other.result("nz").metrics["hiv_infections"],
        run("nz").result("nz").metrics["hiv_infections"],
    )


def test_criminalising_selling_raises_arrests_in_every_draw_and_infections_on_average() -> None:
    lawful = synthetic_law("xa")
    criminal = synthetic_law("xb", selling="criminal")
    result = simulate("vancouver", [lawful, criminal], **FAST)  # type: ignore[arg-type]
    a, b = result.result("xa").metrics, result.result("xb").metrics
    # Arrests are higher in every draw where the sampled policing link exceeds 1 (its lognormal
    # lower tail can dip below 1 in an extreme draw).
    link = result.result("xb").multipliers["police"] / result.result("xa").multipliers["police"]
    assert np.array_equal(b["arrests"] > a["arrests"], link > 1)
    assert np.mean(link > 1) > 0.95
    assert np.all(b["art_coverage"] <= a["art_coverage"] + 1e-9)
    assert np.median(b["hiv_infections"] - a["hiv_infections"]) > 0


def test_critics_assumptions_change_market_and_trafficking_results() -> None:
    default, critics = run("nz"), run("nz", assumptions="critics")
    assert np.all(default.result("nz").metrics["trafficking_inflows"] == 0.0)
    # New Zealand's lawful brothels vs Canada's ban: the critics' claim is more trafficking.
    assert np.median(critics.result("nz").metrics["trafficking_inflows"]) > 0
    np.testing.assert_array_equal(critics.result("ca").metrics["trafficking_inflows"], 0.0)
    assert not np.array_equal(
        default.result("nz").metrics["hiv_infections"],
        critics.result("nz").metrics["hiv_infections"],
    )
    assert critics.assumptions["name"] == "critics"


def test_a_bill_that_starts_during_the_horizon_takes_effect_then() -> None:
    from swpolicy.law.bills import load_bill
    from swpolicy.law.registry import BILLS_DIR

    bill = load_bill(BILLS_DIR / "se-decriminalisation-example.yaml").apply()  # from 2027-07-01
    args = {**FAST, "at": "2026-01-01", "years": 4.0}
    result = simulate("vancouver", [load("se"), bill], **args)  # type: ignore[arg-type]
    base, reformed = result.result("se").metrics, result.result(bill.id).metrics
    assert np.median(reformed["arrests"]) < np.median(base["arrests"])
    # The same bill from the start of the horizon changes more than one that starts later.
    early = simulate("vancouver", [load("se"), bill], **{**args, "at": "2027-07-01"})  # type: ignore[arg-type]
    drop_late = np.median(base["arrests"] - reformed["arrests"])
    early_m = early.result("se").metrics["arrests"] - early.result(bill.id).metrics["arrests"]
    assert np.median(early_m) > drop_late


def test_two_laws_with_one_id_are_refused(tmp_path: Path) -> None:
    from swpolicy.law.registry import JURISDICTIONS_DIR, load_law_file

    copy = tmp_path / "nz.yaml"
    copy.write_text((JURISDICTIONS_DIR / "nz.yaml").read_text(encoding="utf-8"), "utf-8")
    with pytest.raises(UsageError, match="two laws share the id 'nz'"):
        simulate("vancouver", [load("nz"), load_law_file(copy)], **FAST)  # type: ignore[arg-type]
    ca_copy = tmp_path / "ca.yaml"
    ca_copy.write_text((JURISDICTIONS_DIR / "ca.yaml").read_text(encoding="utf-8"), "utf-8")
    with pytest.raises(UsageError, match="two laws share the id 'ca'"):
        simulate("vancouver", [load_law_file(ca_copy)], **FAST)  # type: ignore[arg-type]


def test_an_override_that_removes_a_link_removes_its_effect(tmp_path: Path) -> None:
    path = tmp_path / "no_policing_link.yaml"
    path.write_text(
        "evidence:\n  map_police_selling_penalised:\n"
        "    {estimate: 1.0, ci: [1.0, 1.0], distribution: fixed}\n",
        encoding="utf-8",
    )
    lawful, criminal = synthetic_law("xa"), synthetic_law("xb", selling="criminal")
    result = simulate("vancouver", [lawful, criminal], assumptions=from_file(path), **FAST)  # type: ignore[arg-type]
    # Equal up to the tiny knock-on of HIV deaths on who is in which stratum.
    np.testing.assert_allclose(
        result.result("xa").metrics["arrests"], result.result("xb").metrics["arrests"], rtol=1e-4
    )


def test_bad_requests_are_usage_errors() -> None:
    with pytest.raises(UsageError, match="unknown setting"):
        simulate("atlantis", [load("nz")])
    with pytest.raises(UsageError, match="years"):
        simulate("vancouver", [load("nz")], years=0.5)
    with pytest.raises(UsageError, match="start after"):
        simulate("vancouver", [load("nz")], at="1980-01-01")


def test_cli_json_rows_and_bad_input_exit_code() -> None:
    runner = CliRunner()
    args = [
        "simulate",
        "--setting",
        "vancouver",
        "--law",
        "nz",
        "--draws",
        "300",
        "--years",
        "3",
        "--at",
        "2024-01-01",
        "--json",
    ]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.stderr
    rows = json.loads(result.stdout)
    assert {"law", "setting", "metric", "median", "lo", "hi", "assumptions"} <= set(rows[0])
    for bad in (
        ["simulate", "--setting", "atlantis", "--law", "nz"],
        ["simulate", "--setting", "vancouver", "--law", "zz"],
        ["simulate", "--setting", "vancouver"],
        ["simulate", "--setting", "vancouver", "--law", "nz", "--assumptions", "sceptic"],
    ):
        out = runner.invoke(app, bad)
        assert out.exit_code == 2, bad
        assert "Traceback" not in out.stdout + out.stderr


def test_every_shipped_jurisdiction_runs_in_a_setting() -> None:
    from swpolicy.law import load_all

    laws = list(load_all().values())
    result = simulate("vancouver", laws, draws=300, seed=2, years=2.0, at="2024-01-01")
    assert {r.law_id for r in result.results} == {law.id for law in laws}
    for res in result.results:
        assert np.all(np.isfinite(res.metrics["hiv_infections"])), res.law_id
