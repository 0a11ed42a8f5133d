"""`swpolicy simulate` in a law's own place, and a bill against its own base law."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

from typer.testing import CliRunner

from swpolicy.cli import app
from swpolicy.law.registry import BILLS_DIR, load
from swpolicy.scenarios.place import setting_for

TINY = ["--draws", "100", "--years", "1", "--seed", "2", "--json"]
KE_BILL = """\
id: ke-decrim
title: Decriminalisation Bill
base: ke
effective: 2027-01-01
changes:
  soliciting: legal
  working_together: legal
  brothel_keeping: legal
"""


def simulate(*args: str) -> list[dict[str, Any]]:
    result = CliRunner().invoke(app, ["simulate", *args, *TINY])
    assert result.exit_code == 0, result.stdout + result.stderr
    rows: list[dict[str, Any]] = json.loads(result.stdout)
    return rows


def test_other_laws_and_the_own_law_in_a_setting() -> None:
    rows = simulate("--setting", "mombasa", "--law", "nz", "--law", "se", "--law", "ke")
    assert sorted({r["law"] for r in rows}) == ["ke", "nz", "se"]  # the own law once
    averted = {r["law"]: r for r in rows if r["metric"] == "hiv_infections_averted"}
    assert averted["ke"]["median"] == 0.0 and averted["ke"]["lo"] == averted["ke"]["hi"] == 0.0
    assert not any("compared_with" in r for r in rows)  # no bill, no bill contrast


def test_a_bill_is_compared_with_its_own_base_not_the_settings_law() -> None:
    bill = str(BILLS_DIR / "se-decriminalisation-example.yaml")
    rows = simulate("--setting", "mombasa", "--law", "nz", "--reform", bill, "--at", "2027-07-01")
    bill_id = "se+se-decriminalisation-example"
    assert {r["law"] for r in rows} == {"ke", "nz", "se", bill_id}  # Sweden's law was added
    paired = [r for r in rows if "compared_with" in r]
    assert paired and {(r["law"], r["compared_with"]) for r in paired} == {(bill_id, "se")}
    assert {r["metric"] for r in paired} >= {"hiv_infections", "violence_incidents", "arrests"}
    for r in paired:
        assert r["lo"] <= r["median"] <= r["hi"] and 0.0 <= r["p_better"] <= 1.0
    # The run's own reference is still Mombasa's law (Kenya): its averted count is zero.
    ke = next(r for r in rows if r["law"] == "ke" and r["metric"] == "hiv_infections_averted")
    assert ke["median"] == 0.0


def test_without_a_setting_a_bill_runs_in_its_own_place(tmp_path: Path) -> None:
    bill = tmp_path / "ke-bill.yaml"
    bill.write_text(KE_BILL, encoding="utf-8")
    rows = simulate("--reform", str(bill), "--at", "2027-01-01")
    own = setting_for(load("ke"), date(2027, 1, 1))  # Kenya's own setting (of two)
    assert {r["setting"] for r in rows} == {own.setting}
    assert {r["law"] for r in rows if "compared_with" not in r} == {"ke", "ke+ke-decrim"}
    shown = CliRunner().invoke(
        app, ["simulate", "--reform", str(bill), "--at", "2027-01-01", *TINY[:-1]]
    )
    assert shown.exit_code == 0, shown.stdout
    assert f"In {own.label}: Kenya, as amended by Decriminalisation Bill" in " ".join(
        shown.stdout.split()
    )


def test_several_laws_without_a_setting_ask_for_one() -> None:
    result = CliRunner().invoke(app, ["simulate", "--law", "nz", "--law", "se"])
    assert result.exit_code == 2
    assert "give --setting, or one law or a bill" in result.stdout + result.stderr


def test_one_law_without_a_calibrated_setting_runs_in_its_built_setting() -> None:
    rows = simulate("--law", "gb-nir", "--law", "nz", "--setting", "built-gb-nir")
    assert {r["setting"] for r in rows} == {"built-gb-nir"}
    assert {r["law"] for r in rows} == {"gb-nir", "nz"}  # Northern Ireland's law is the reference
    shown = CliRunner(env={"COLUMNS": "200"}).invoke(
        app, ["simulate", "--law", "gb-nir", *TINY[:-1]]
    )
    assert shown.exit_code == 0, shown.stdout
    words = " ".join(shown.stdout.split())
    assert "Northern Ireland (built from" in words and "built from indicators." in words
