"""The report opens with findings generated from the results, then its limitations."""

from __future__ import annotations

import html as html_lib
import re
from typing import Any

from swpolicy.report.summary import KEY_METRICS, findings
from swpolicy.scenarios.results import RunResult
from tests.report.htmlcheck import parse


def _section(html: str, section: str) -> str:
    return html.split(f'id="{section}"', 1)[1].split("</section>", 1)[0]


def test_first_section_after_the_contents_is_the_summary(small_html: str) -> None:
    h2 = [text for level, text in parse(small_html).headings if level == 2]
    assert h2[0] == "Contents"
    assert h2[1] == "Summary of findings"
    assert h2[2] == "Limitations"


def test_summary_numbers_are_the_paired_results(
    small_context: dict[str, Any], small_html: str
) -> None:
    """The best law's change in HIV infections and its share of better draws, as computed by
    RunResult.difference and probability_better, appear in the summary text."""
    sim: RunResult = small_context["settings"][0]["sim"]
    names = small_context["names"]
    found = {f.metric: f for f in findings(sim, names)}
    assert set(found) == set(KEY_METRICS)
    text = html_lib.unescape(_section(small_html, "summary"))
    for f in found.values():
        for c in (f.best, f.worst):
            if c.p_better is None:
                assert c.law_id == sim.reference
                continue
            d = sim.difference(c.law_id, f.metric)
            p = sim.probability_better(c.law_id, f.metric)
            assert p is not None
            assert f"{d.median:+.1f}" in text
            assert f"[95% interval {d.lo:+.1f} to {d.hi:+.1f}]" in text
            assert f"better in {100 * p:.0f}% of draws" in text
            assert c.law in text


def test_best_and_worst_follow_the_metric_direction(small_context: dict[str, Any]) -> None:
    sim: RunResult = small_context["settings"][0]["sim"]
    for f in findings(sim, small_context["names"]):

        def change(law: str, metric: str = f.metric) -> float:
            return 0.0 if law == sim.reference else sim.difference(law, metric).median

        medians = [change(a.law_id) for a in sim.results]
        best, worst = change(f.best.law_id), change(f.worst.law_id)
        if f.metric == "art_coverage":  # higher is better
            assert (best, worst) == (max(medians), min(medians))
        else:
            assert (best, worst) == (min(medians), max(medians))


def test_critics_changes_are_the_comparison_runs(
    small_context: dict[str, Any], small_html: str
) -> None:
    default, critics = small_context["compare"]["sims"]
    text = html_lib.unescape(_section(small_html, "summary"))
    for shift in small_context["summary"]["critics"]:
        med = critics.summary(shift.law_id, "hiv_infections_averted_pct")[0]
        assert shift.critics[0] == med
        assert shift.default[0] == default.summary(shift.law_id, "hiv_infections_averted_pct")[0]
        assert f"{med:.1f}% [" in text
        assert shift.flips == (shift.default[0] * shift.critics[0] < 0)
    # The market-size sentence comes from sex_workers_end under both sets.
    assert "sex workers at the end per 1,000 at the start" in text
    assert small_context["settings"][0]["sim"].calibration in text
    # Under the critics' market claims, each law whose market differs gets the run page's
    # sentence; none would be written if no market-size link were in force.
    laws = small_context["summary"]["market_laws"]
    assert critics.assumptions["effects"] and all(s in text for s in laws)
    grown = [
        a.law_id
        for a in critics.results
        if a.law_id != critics.reference
        and abs(
            critics.summary(a.law_id, "sex_workers_end")[0]
            / critics.summary(critics.reference, "sex_workers_end")[0]
            - 1
        )
        >= 0.05
    ]
    assert len(laws) == len(grown)


def test_limitations_count_the_lancet_misses(
    small_context: dict[str, Any], small_html: str
) -> None:
    section = html_lib.unescape(_section(small_html, "limitations"))
    misses = len(small_context["summary"]["lancet_misses"])
    assert re.search(rf"\b{misses}\s+published result", section)
    assert "2014 guidelines" in section
    assert f"{len(small_context['summary']['unclear'])} provision" in section
