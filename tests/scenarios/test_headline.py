"""Violence and arrests lead the headline where HIV is rare, and follow HIV elsewhere."""

from __future__ import annotations

from datetime import date
from typing import Any

import numpy as np
import pytest

from swpolicy.scenarios.headline import RARE_HIV_PCT, key_order, prevalence_at_start, share_text
from swpolicy.scenarios.results import Arm, RunResult
from swpolicy.scenarios.spec import RunSpec
from swpolicy.web.impact import contrast, headline


def fake_run(prevalence_pct: float, n: int = 400, seed: int = 3) -> RunResult:
    """A run of the base law `ke` and a bill on it, with per-draw metrics and trajectories."""
    rng = np.random.default_rng(seed)
    times = np.arange(3.0)

    def arm(law_id: str, scale: float) -> Arm:
        metrics = {
            "hiv_infections": rng.uniform(8, 12, n) * scale,
            "hiv_infections_averted_pct": rng.normal(0, 1, n),
            "violence_incidents": rng.uniform(100, 140, n) * scale,
            "arrests": rng.uniform(50, 70, n) * scale,
            "art_coverage": rng.uniform(40, 60, n),
            "sex_workers_end": np.full(n, 1000.0),
        }
        paths = {"fsw_prevalence": np.full((n, 3), prevalence_pct) + rng.normal(0, 0.1, (n, 3))}
        return Arm(law_id, law_id, "law", {}, metrics, times, paths)

    spec = RunSpec(setting="mombasa", laws=("ke+bill",), start=date(2027, 1, 1), draws=400)
    return RunResult(
        spec=spec,
        setting="mombasa",
        label="Mombasa, Kenya",
        start=spec.start,
        years=10,
        reference="ke",
        results=[arm("ke", 1.0), arm("ke+bill", 0.5)],
        weights=np.full(n, 1.0 / n),
        draw_ids=np.arange(n, dtype=np.int64),
        assumptions={"name": "default", "effects": [], "overrides": []},
        calibration="test",
        n_within=n,
        fallback=False,
        status_quo_times=times,
        status_quo_paths={},
    )


def estimate(sim: RunResult, kind: str = "own") -> dict[str, Any]:
    return {
        **contrast(sim, "ke", "ke+bill"),
        "setting_label": sim.label,
        "base_name": "Kenya",
        "own": kind != "borrowed",
        "kind": kind,
        "country": "Kenya",
        "years": 10.0,
    }


def test_prevalence_at_start_is_the_first_year_of_the_base_law() -> None:
    sim = fake_run(2.0)
    found = prevalence_at_start(sim)
    assert found is not None
    first = sim.result("ke").trajectories["fsw_prevalence"][:, 0]
    assert found.median == pytest.approx(float(np.median(first)), abs=0.02)
    assert found.lo < found.median < found.hi and found.rare
    assert not prevalence_at_start(fake_run(RARE_HIV_PCT + 10)).rare  # type: ignore[union-attr]


def test_a_share_just_under_the_cut_off_is_not_rounded_up_to_it() -> None:
    assert (
        share_text(4.97) == "4.97%" and share_text(4.2) == "4.2%" and share_text(11.43) == "11.4%"
    )


def test_where_hiv_is_rare_violence_and_arrests_lead() -> None:
    sim = fake_run(1.0)
    found = prevalence_at_start(sim)
    assert key_order(found)[:2] == ["violence_incidents", "arrests"]
    est = estimate(sim)
    assert [o["metric"] for o in est["outcomes"]][:2] == ["violence_incidents", "arrests"]
    text = headline(est)
    assert text.startswith("In Mombasa, Kenya, where HIV is rare (1.0% of sex workers")
    assert text.index("sexual violence") < text.index("police harassment") < text.index("HIV:")
    violence = next(o for o in est["outcomes"] if o["metric"] == "violence_incidents")
    assert f"{violence['difference']['median']:+.1f} per 1,000" in text


def test_elsewhere_hiv_leads_and_violence_and_arrests_follow() -> None:
    sim = fake_run(20.0)
    assert key_order(prevalence_at_start(sim))[0] == "hiv_infections"
    text = headline(estimate(sim))
    assert text.startswith("In Mombasa, Kenya, this bill would avert ")
    assert text.index("HIV infections") < text.index("Beside HIV: sexual violence")
    assert "police harassment or arrest" in text


def test_the_headline_says_when_the_setting_is_built_or_borrowed() -> None:
    sim = fake_run(20.0)
    built = headline({**estimate(sim, "built"), "setting_label": "Kenya (built from indicators)"})
    assert built.startswith("In Kenya (built from indicators), a setting built from indicators,")
    borrowed = headline({**estimate(sim, "borrowed"), "base_name": "South Africa"})
    assert borrowed.startswith("Modelled in Mombasa, Kenya, a setting borrowed from Kenya,")
    assert "compared with South Africa's current law applied in Mombasa, Kenya" in borrowed
