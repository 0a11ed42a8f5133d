"""One overall progress bar: the fraction only grows across stages and ends at 100%."""

from __future__ import annotations

import io

from rich.console import Console
from rich.progress import Progress

from swpolicy.report.progress import UNITS, Overall, expected_stages
from swpolicy.scenarios.assumptions import named
from tests.report.conftest import small_options


def test_expected_stages_count_the_builders_stages() -> None:
    # Lancet, 1 simulation, 1 comparison run (the other is the main run), 1 sensitivity, charts.
    assert expected_stages(small_options(), pdf=False) == 5
    assert expected_stages(small_options(settings=("vancouver", "mombasa")), pdf=True) == 8
    assert expected_stages(small_options(assumptions=named("critics")), pdf=False) == 5


def test_one_bar_whose_fraction_only_grows() -> None:
    bar = Progress(console=Console(file=io.StringIO()), auto_refresh=False)
    overall = Overall(bar, stages=3)
    seen = []
    tick = overall.on_stage("Lancet 2015 reproduction", 4)
    for _ in range(6):  # more steps than announced: capped at the stage's share
        tick(1)
        seen.append(bar.tasks[0].completed)
    tick = overall.on_stage("simulate vancouver", 2)
    seen.append(bar.tasks[0].completed)
    assert bar.tasks[0].description == "2/3 simulate vancouver"
    tick(2)
    seen.append(bar.tasks[0].completed)
    overall.on_stage("charts", 0)
    seen.append(bar.tasks[0].completed)
    overall.finish()
    seen.append(bar.tasks[0].completed)
    assert len(bar.tasks) == 1
    assert seen == sorted(seen)
    assert seen[5] == seen[6] == UNITS / 3 and seen[7] == seen[8] == 2 * UNITS / 3
    assert seen[-1] == UNITS
