"""A report on a bill compares it with its own base law, on the same draws."""

from __future__ import annotations

import html as html_lib
from datetime import date
from pathlib import Path

import pytest

from swpolicy.errors import UsageError
from swpolicy.report.bill import bill_laws, paired
from swpolicy.report.build import compute
from swpolicy.report.cli import report_settings
from swpolicy.report.render import render_html
from swpolicy.scenarios.lancet import lancet_settings
from swpolicy.scenarios.metrics import get
from swpolicy.scenarios.place import setting_for
from tests.report.conftest import small_options

BILL = Path("swpolicy/law/data/bills/nz-purchase-offence-example.yaml")
AFTER = date(2028, 1, 1)


def test_a_bill_not_yet_in_force_is_refused_before_running() -> None:
    with pytest.raises(UsageError, match="takes effect on 2027-07-01"):
        compute(small_options(bill=str(BILL)))


def test_bill_against_its_base_law() -> None:
    opts = small_options(bill=str(BILL), at=AFTER)
    context = compute(opts)
    laws = bill_laws(str(BILL), AFTER)
    sim = context["settings"][0]["sim"]
    # The base (New Zealand) and the bill both ran; the run's reference is Vancouver's own law.
    assert {laws.base.id, laws.reformed.id} <= {a.law_id for a in sim.results}
    assert sim.reference != laws.base.id
    c = paired(sim, laws.reformed.id, laws.base.id, "arrests", laws.bill.spec.title)
    diff = sim.result(laws.reformed.id).metrics["arrests"] - sim.result("nz").metrics["arrests"]
    assert get("arrests").better == "lower"
    assert c.p_better == pytest.approx(float(sim.weights[diff < 0].sum()))
    text = html_lib.unescape(render_html(context).split('id="summary-bill"', 1)[1])
    assert f"{c.median:+.1f} per 1,000" in text
    assert f"better in {100 * (c.p_better or 0):.0f}% of draws" in text
    assert "against New Zealand" in text
    # Vancouver is not New Zealand's own place: the report says the setting is borrowed.
    where = text.split('id="bill-where">', 1)[1].split("</p>", 1)[0]
    assert "Modelled in Vancouver" in where and "a setting borrowed from Canada" in where
    assert context["bill"]["kind"] == "borrowed"


def test_a_bill_reports_in_its_own_place_first() -> None:
    laws = bill_laws(str(BILL), AFTER)
    own = report_settings((), laws, AFTER)
    assert own[0] == setting_for(laws.base, AFTER).setting
    assert sorted(own[1:]) == sorted(s for s in lancet_settings() if s != own[0])
    assert report_settings(("vancouver",), laws, AFTER) == ("vancouver",)  # as given
    assert report_settings((), None, AFTER) == tuple(lancet_settings())


def test_cli_passes_the_bill_and_refuses_a_bad_one(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from tests.report.test_cli import _app

    bad = tmp_path / "bill.yaml"
    bad.write_text("id: x\n", encoding="utf-8")
    result = CliRunner().invoke(_app(), ["report", "--bill", str(bad), "--out", str(tmp_path)])
    assert result.exit_code == 2
    assert "bill.yaml" in result.stderr
    early = ["report", "--bill", str(BILL), "--at", "2024-01-01", "--out", str(tmp_path)]
    result = CliRunner().invoke(_app(), early)
    assert result.exit_code == 2 and "takes effect on 2027-07-01" in result.stderr
