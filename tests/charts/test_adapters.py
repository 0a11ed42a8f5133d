"""The callers' adapters: Lancet rows, sensitivity results and run rows become chart records
labelled in words from the data, and the CLI plot writers pick the format by extension."""

from __future__ import annotations

from pathlib import Path

import pytest

from swpolicy.charts import PALETTE
from swpolicy.epi.lancet import Row
from swpolicy.epi.plots import averted_figure, plot_averted
from swpolicy.epi.schema import load_scenarios
from swpolicy.epi.settings import load as load_setting
from swpolicy.report.charts import sensitivity_chart, sensitivity_figure
from swpolicy.scenarios.sensitivity import FactorRow, SensitivityResult, plot
from tests.charts.svgcheck import NS, parse, row_label

LABEL = load_setting("vancouver").label
ROWS = [
    Row("vancouver", "violence", 2.0, -1.0, 6.0, 20.0, 3.0, 39.0, LABEL),
    Row("vancouver", "decriminalisation", 4.0, 1.0, 9.0, None, 33.0, 46.0, LABEL),
    Row("vancouver", "policing", 1.5, 0.5, 3.0, None, None, None, LABEL),
]


def test_lancet_rows_are_labelled_from_the_data_and_compared() -> None:
    doc = parse(averted_figure(ROWS).svg())
    texts = doc.texts()
    assert LABEL in texts
    scenarios = load_scenarios().scenarios
    rows = {row_label(g): g for g in doc.rows() if g.find(f"{NS}text") is not None}
    assert set(rows) == {scenarios[r.scenario].label for r in ROWS}
    violence = rows[scenarios["violence"].label]
    assert violence.find(f"{NS}circle") is not None and violence.find(f"{NS}rect") is not None
    decrim = rows[scenarios["decriminalisation"].label]
    assert decrim.find(f"{NS}rect") is None  # a published range has no point
    policing = rows[scenarios["policing"].label]
    assert len(list(policing.iter(NS + "line"))) == 1  # ours only: nothing published
    assert any(doc.tip(g).startswith("0:") for g in doc.rows())  # averted: a zero line


def result(method: str = "sobol") -> SensitivityResult:
    sobol = method == "sobol"
    rows = [
        FactorRow(factor, label, rank, value, conf if sobol else None, None, None, above)
        for rank, (factor, label, value, conf, above) in enumerate(
            [
                ("epidemic", "calibrated epidemic", 0.6, 0.1, True),
                ("x", "relative incidence of violence", 0.1, 0.03, True),
                ("dummy", "dummy input", 0.04, 0.02, False),
            ],
            start=1,
        )
    ]
    return SensitivityResult(
        "vancouver",
        "nz",
        "se",
        "hiv_infections",
        False,
        method,
        64,
        rows,
        {"name": "default"},  # type: ignore[arg-type]
    )


def test_sensitivity_ranking_in_words_with_the_dummy_level() -> None:
    chart = sensitivity_figure(result())
    doc = parse(chart.svg())
    bars = [g for g in doc.rows() if g.find(f"{NS}rect") is not None]
    assert [row_label(g) for g in bars] == [
        "calibrated epidemic",
        "relative incidence of violence",
        "dummy input",
    ]
    fills = [g.find(f"{NS}rect").attrib["fill"] for g in bars]  # type: ignore[union-attr]
    assert fills[:2] == [PALETTE[0]] * 2 and fills[2] != PALETTE[0]
    assert "total Sobol' index" in doc.texts()
    assert chart.desc.endswith("0.0400")  # the dummy's level, by the shared formatter
    prcc = parse(sensitivity_chart(result("prcc"), "s"))
    assert "partial rank correlation" in prcc.texts()
    assert prcc.root.attrib["aria-labelledby"] == "s-title s-desc"


def test_cli_plots_by_extension(tmp_path: Path) -> None:
    plot(result(), tmp_path / "ranking.svg")
    assert parse((tmp_path / "ranking.svg").read_text(encoding="utf-8")).texts()
    plot(result(), tmp_path / "ranking.png")
    assert (tmp_path / "ranking.png").read_bytes()[:4] == b"\x89PNG"
    assert plot_averted(ROWS, tmp_path / "averted.svg").stat().st_size > 1000
    with pytest.raises(ValueError, match="png"):
        plot(result(), tmp_path / "ranking.jpg")


def test_the_report_draws_the_top_of_the_ranking_and_always_the_dummy() -> None:
    full = sensitivity_figure(result())
    top = sensitivity_figure(result(), top=1)
    assert len(top.svg("t").split("<rect")) < len(full.svg("f").split("<rect"))
    assert "dummy" in top.svg("t").lower()
