"""The Lancet 2015 scenarios on the run platform: determinism, direction, progress."""

from __future__ import annotations

import numpy as np

from swpolicy.epi import settings
from swpolicy.scenarios.lancet import lancet_spec, lancet_tasks, run_setting
from swpolicy.scenarios.run import tasks_needed


def test_same_seed_same_results_and_seed_matters() -> None:
    a = run_setting("bellary", 120, 5)
    b = run_setting("bellary", 120, 5)
    c = run_setting("bellary", 120, 6)
    assert np.array_equal(a.fsw_prev, b.fsw_prev)
    assert all(np.array_equal(a.averted[k], b.averted[k]) for k in a.averted)
    assert not np.array_equal(a.fsw_prev, c.fsw_prev)


def test_structural_scenarios_avert_infections() -> None:
    run = run_setting("mombasa", 120, 11)
    assert set(run.averted) == set(settings.load("mombasa").scenarios)
    for key, values in run.averted.items():
        assert np.all(values > 0), key
    # Decriminalisation removes every exposure, so it averts at least as much as any one of them.
    for key in ("violence", "policing", "work_environment"):
        assert np.all(run.averted["decriminalisation"] >= run.averted[key] - 1e-9)


def test_each_setting_runs_the_scenarios_it_declares() -> None:
    run = run_setting("vancouver", 120, 2)
    assert set(run.averted) == set(settings.load("vancouver").scenarios)
    assert "art" not in run.averted  # declared only by Mombasa


def test_ticks_add_up_to_the_tasks_announced() -> None:
    ticks: list[int] = []
    run_setting("vancouver", 120, 1, tick=ticks.append)
    assert sum(ticks) == tasks_needed(lancet_spec("vancouver", 120, 1))
    assert lancet_tasks(120, ["vancouver"]) == sum(ticks)


def test_the_reproduction_runs_only_the_published_settings() -> None:
    # New settings may declare the Lancet scenarios, but only the three Shannon et al. 2015
    # modelled are compared with its figures (and run by default in the report).
    from swpolicy.epi.schema import load_published
    from swpolicy.scenarios.lancet import lancet_settings

    published = {r.setting for r in load_published().results}
    chosen = lancet_settings()
    assert set(chosen) == published <= set(settings.shipped())
