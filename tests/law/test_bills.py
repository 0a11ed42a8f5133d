"""Bills as reforms: application, shorthand, diff and validation."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from swpolicy.cli import app
from swpolicy.errors import InputError
from swpolicy.law import diff, load, load_bill, shipped_bills
from swpolicy.law.classify import classify
from swpolicy.law.registry import BILLS_DIR

runner = CliRunner()


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "bill.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_shipped_bills_load() -> None:
    assert {"nz-purchase-offence-example", "se-decriminalisation-example"} <= set(shipped_bills())


def test_purchase_offence_bill_changes_nz_from_its_effective_date() -> None:
    bill = load_bill(BILLS_DIR / "nz-purchase-offence-example.yaml")
    reformed = bill.apply()
    assert reformed.at("2027-06-30").value("buying") == "legal"
    assert reformed.at("2027-07-01").value("buying") == "criminal"
    assert classify(reformed, "wikipedia", "2028-01-01").regime == "neo_abolitionism"
    assert classify(load("nz"), "wikipedia", "2028-01-01").regime == "decriminalisation"
    # The base law's history before the bill is untouched.
    assert reformed.at("1990-01-01").value("brothel_keeping") == "criminal"


def test_decriminalisation_bill_moves_sweden_out_of_the_nordic_model() -> None:
    bill = load_bill(BILLS_DIR / "se-decriminalisation-example.yaml")
    result = diff(load("se"), bill.apply(), "2028-01-01")
    schemes = {r.key: (r.a, r.b) for r in result.classification}
    assert schemes["wikipedia"][0] == "neo_abolitionism"
    assert schemes["wikipedia"][1] == "decriminalisation"
    obligations = {r.key: (r.a, r.b) for r in result.assessment}
    assert obligations["decriminalise_buying"] == ("not_compliant", "compliant")


def test_shorthand_change_cites_the_bill_itself(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "id: t\ntitle: Test Bill\nbase: nz\neffective: 2030-01-01\nchanges:\n  buying: criminal\n",
    )
    snap = load_bill(path).apply().at("2030-01-01")
    assert snap.value("buying") == "criminal"
    assert snap["buying"].citations[0].title == "Test Bill"


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        (
            "id: t\ntitle: T\nbase: zz\neffective: 2030-01-01\nchanges:\n  buying: criminal\n",
            "base: unknown jurisdiction 'zz'",
        ),
        (
            "id: t\ntitle: T\nbase: nz\neffective: 2030-01-01\nchanges:\n  purchasing: criminal\n",
            "changes.purchasing: unknown provision",
        ),
        (
            "id: t\ntitle: T\nbase: nz\neffective: 2030-01-01\nchanges:\n  buying: banned\n",
            "changes.buying.value: 'banned' is not a status word",
        ),
        (
            "id: t\ntitle: T\nbase: nz\neffective: 2030-13-01\nchanges:\n  buying: criminal\n",
            "effective: ",
        ),
        ("id: t\ntitle: T\nbase: nz\neffective: 2030-01-01\nchanges: {}\n", "changes: "),
        (
            "id: t\ntitle: T\nbase: nz\neffective: 2030-01-01\nchanges:\n  buying:\n"
            "    value: criminal\n    confidence: high\n    references:\n"
            "      - instrument: act\n",
            "unknown instrument 'act'",
        ),
    ],
)
def test_bad_bills_are_located(tmp_path: Path, text: str, fragment: str) -> None:
    with pytest.raises(InputError) as caught:
        load_bill(write(tmp_path, text))
    messages = [str(i) for i in caught.value.issues]
    assert any(fragment in m for m in messages), messages
    assert all(m.startswith(str(tmp_path / "bill.yaml") + ":") for m in messages)


def test_a_bill_that_makes_something_regulated_without_licensing_is_refused(
    tmp_path: Path,
) -> None:
    text = (
        "id: t\ntitle: T\nbase: se\neffective: 2030-01-01\nchanges:\n  brothel_keeping: regulated\n"
    )
    with pytest.raises(InputError, match="'regulated' needs a licensing scheme"):
        load_bill(write(tmp_path, text))
    ok = text + "  licensing: operators\n"
    assert load_bill(write(tmp_path, ok)).apply().at("2030-01-01").value("licensing") == "operators"


REGULATED_WITHOUT_LICENSING = (
    "id: t\ntitle: T\nbase: se\neffective: 2030-01-01\nchanges:\n  brothel_keeping: regulated\n"
)
UNTIL_BEFORE_EFFECTIVE = (
    "id: t\ntitle: T\nbase: nz\neffective: 2030-01-01\nchanges:\n"
    "  buying:\n    value: criminal\n    until: {until}\n"
    "    confidence: high\n    references: [{{instrument: bill}}]\n"
)


@pytest.mark.parametrize(
    ("text", "where", "fragment"),
    [
        (REGULATED_WITHOUT_LICENSING, (6, 3), "'regulated' needs a licensing scheme"),
        (UNTIL_BEFORE_EFFECTIVE.format(until="2030-01-01"), (8, 5), "ends on or before the bill"),
        (UNTIL_BEFORE_EFFECTIVE.format(until="2029-06-30"), (8, 5), "ends on or before the bill"),
    ],
)
def test_law_validate_refuses_what_diff_and_simulate_refuse(
    tmp_path: Path, text: str, where: tuple[int, int], fragment: str
) -> None:
    """One validator: `law validate` used to pass these bills (issue 13 reproducers)."""
    path = write(tmp_path, text)
    for args in (["law", "validate", str(path)], ["law", "diff", "nz", "--reform", str(path)]):
        result = runner.invoke(app, args)
        assert result.exit_code == 2, (args, result.output)
        line = next(x for x in result.stderr.splitlines() if fragment in x)
        assert line.startswith(f"{path}:{where[0]}:{where[1]}:"), line
    with pytest.raises(InputError, match=fragment):
        load_bill(path)


def test_a_bill_may_end_a_change_after_it_takes_effect(tmp_path: Path) -> None:
    path = write(tmp_path, UNTIL_BEFORE_EFFECTIVE.format(until="2031-01-01"))
    law = load_bill(path).apply()
    assert law.at("2030-06-01").value("buying") == "criminal"
    assert runner.invoke(app, ["law", "validate", str(path)]).exit_code == 0


def test_a_bill_switching_licensing_off_is_blamed_on_its_licensing_change(tmp_path: Path) -> None:
    # Base with a licensing scheme and a regulated provision; the bill removes the scheme.
    text = "id: t\ntitle: T\nbase: nl\neffective: 2030-01-01\nchanges:\n  licensing: none\n"
    base = load("nl").at("2029-12-31")
    if base.value("licensing") == "none" or "regulated" not in {v.value for _, v in base.items()}:
        pytest.skip("the shipped nl data no longer has a regulated provision under licensing")
    result = runner.invoke(app, ["law", "validate", str(write(tmp_path, text))])
    assert result.exit_code == 2
    assert ":6:3: changes.licensing: 'regulated' needs a licensing scheme" in result.stderr


@pytest.mark.parametrize("field", ["effective", "until"])
def test_bill_dates_past_the_documented_range_are_refused(tmp_path: Path, field: str) -> None:
    text = UNTIL_BEFORE_EFFECTIVE.format(until="2031-01-01")
    text = text.replace("2030-01-01" if field == "effective" else "2031-01-01", "9999-12-31")
    path = write(tmp_path, text)
    result = runner.invoke(app, ["law", "validate", str(path)])
    assert result.exit_code == 2
    assert "9999-12-31 is implausibly late (after 2100-12-31)" in result.stderr
