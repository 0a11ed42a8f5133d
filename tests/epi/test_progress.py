"""Progress accounting used by the rich progress bar."""

from __future__ import annotations

from swpolicy.epi.ensemble import run_setting, steps_needed
from swpolicy.epi.schema import load_scenarios, load_setting


def test_ticks_add_up_to_steps_needed() -> None:
    ticks: list[int] = []
    run_setting("vancouver", 8, 1, min_accepted=2, tick=ticks.append)
    assert sum(ticks) == steps_needed(load_setting("vancouver"), load_scenarios(), 1 / 12)
