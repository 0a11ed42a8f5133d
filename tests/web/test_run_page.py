"""The assumptions panel, overrides, trajectories, "what drives this" and the market sentence."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from swpolicy.scenarios.explain import market_sentences
from swpolicy.scenarios.mapping import load_mapping
from swpolicy.vocabulary import label
from tests.web.conftest import TINY_RUN, wait_for


def _run(client: TestClient, **changes: Any) -> dict[str, Any]:
    started = client.post("/api/simulations", json={**TINY_RUN, **changes})
    assert started.status_code == 202, started.text
    job = wait_for(client, started.json()["id"], timeout=120)
    assert job["status"] == "done", job
    run: dict[str, Any] = client.get(f"/api/runs/{job['run_id']}").json()
    return run


def _median(run: dict[str, Any], law: str, metric: str) -> float:
    return next(r["median"] for r in run["rows"] if r["law"] == law and r["metric"] == metric)


@pytest.mark.parametrize(
    ("override", "field", "fragment"),
    [
        ({"estimate": 5.0, "ci": [0.1, 0.2]}, "evidence.map_art_selling_penalised.estimate",
         "outside its interval"),
        ({"ci": [0.9, 0.9]}, "evidence.map_art_selling_penalised.ci", "ci low < ci high"),
    ],
)  # fmt: skip
def test_invalid_overrides_are_422_naming_the_field(
    client: TestClient, override: dict[str, Any], field: str, fragment: str
) -> None:
    body = {**TINY_RUN, "evidence": {"map_art_selling_penalised": override}}
    answer = client.post("/api/simulations", json=body)
    assert answer.status_code == 422, answer.text
    issues = answer.json()["issues"]
    assert [i["field"] for i in issues] == [field]
    assert fragment in issues[0]["message"]
    assert client.get("/api/jobs").json() == []  # refused before any job was queued


def test_unknown_link_and_entry_ids_are_422(client: TestClient) -> None:
    answer = client.post("/api/simulations", json={**TINY_RUN, "links": {"no_such_link": True}})
    assert answer.status_code == 422
    assert "no_such_link" in answer.text and "body.links" in answer.text
    answer = client.post("/api/simulations", json={**TINY_RUN, "evidence": {"nope": {}}})
    assert answer.status_code == 422 and "body.evidence" in answer.text


def test_assumption_catalogue_lists_every_link_with_words_and_source(client: TestClient) -> None:
    body = client.get("/api/assumptions").json()
    mapping = load_mapping()
    assert [link["id"] for link in body["links"]] == [e.id for e in mapping.effects]
    assert body["links"][0]["label"] == label("link", mapping.effects[0].id)
    numbers = {n["id"]: n for n in body["numbers"]}
    for effect in mapping.effects:
        assert numbers[effect.evidence]["source"]["citation"]


def test_a_switched_link_and_a_changed_number_change_the_results(client: TestClient) -> None:
    plain = _run(client, driver_samples=0)
    # Vancouver's exposures were measured under Canada's law of 2012, when buying was legal, as
    # it is in New Zealand; Sweden penalises buying. The police link of buying therefore moves
    # Sweden's arrests and leaves New Zealand's results exactly as they were (same draws).
    off = _run(client, driver_samples=0, links={"police_buying": False})
    assert "police_buying" not in off["assumptions"]["effects"]
    assert _median(off, "se", "arrests") < _median(plain, "se", "arrests")
    assert _median(off, "nz", "arrests") == _median(plain, "nz", "arrests")
    bigger = {"map_police_buying_penalised": {"estimate": 2.5, "ci": [2.0, 3.0]}}
    changed = _run(client, driver_samples=0, evidence=bigger)
    assert changed["assumptions"]["overrides"] == bigger
    assert _median(changed, "se", "arrests") > _median(plain, "se", "arrests")
    page = client.get(f"/runs/{changed['id']}").text
    assert "changed by you" in page
    assert "Default assumptions, with your changes" in page


def test_the_form_keeps_choices_and_marks_a_bad_number(client: TestClient) -> None:
    form = {
        "setting": "vancouver",
        "laws": ["nz"],
        "draws": "300",
        "years": "3",
        "seed": "1",
        "assumptions": "default",
        "link_police_buying": "off",
        "estimate_map_art_selling_penalised": "not a number",
    }
    page = client.post("/simulate", data=form)
    assert page.status_code == 422
    assert "evidence.map_art_selling_penalised.estimate" in page.text
    assert 'id="estimate_map_art_selling_penalised" name="estimate_map_art_selling_penalised"' in (
        page.text
    )
    assert 'value="not a number" aria-invalid="true"' in page.text
    assert '<option value="off" selected>Off</option>' in page.text


def test_the_run_page_shows_paths_drivers_and_assumptions(
    finished_run: tuple[TestClient, int],
) -> None:
    client, run_id = finished_run
    run = client.get(f"/api/runs/{run_id}").json()
    paths = run["params"]["paths"]
    assert paths["times"][0] == pytest.approx(2024.0, abs=0.01)
    prevalence = paths["series"]["fsw_prevalence"]["laws"]
    assert set(prevalence) == set(run["laws"])
    for band in prevalence.values():
        assert all(
            lo <= m <= hi for lo, m, hi in zip(band["lo"], band["median"], band["hi"], strict=True)
        )
    infections = paths["series"]["hiv_infections"]["laws"]["nz"]["median"]
    assert infections[0] == 0 and infections[-1] > 0  # cumulative from the start
    for series in ("hiv_infections", "violence_incidents", "arrests"):
        for law, band in paths["series"][series]["laws"].items():
            # The last year of a path is the run's total, on the same scale and draws.
            assert band["median"][-1] == pytest.approx(_median(run, law, series), rel=1e-3)
    drivers = run["params"]["drivers"]
    assert drivers["law"] == "nz" and drivers["against"] == "ca"
    assert drivers["factors"][-1]["index"] <= drivers["factors"][0]["index"]  # ranked
    page = client.get(f"/runs/{run_id}").text
    assert "What drives this" in page and 'id="drivers-explained"' in page
    for factor in drivers["factors"]:  # factors in words, not evidence ids
        assert "_" not in factor["factor"] or factor["factor"] not in page
        assert factor["label"].split(";")[0] in page
    assert label("link", "police_selling") in page  # the links used, in words
    assert "The numbers, year by year" in page  # the trajectories' text alternative


def test_the_market_sentence_names_the_law_and_the_counts() -> None:
    rows = [
        {"law": law, "metric": metric, "median": value}
        for law, metric, value in [
            ("ca", "sex_workers_end", 700.0),
            ("nz", "sex_workers_end", 1200.0),
            ("se", "sex_workers_end", 710.0),
            ("ca", "arrests", 360.0),
            ("nz", "arrests", 430.0),
            ("se", "arrests", 300.0),
            ("ca", "violence_incidents", 480.0),
            ("nz", "violence_incidents", 470.0),
        ]
    ]
    names = {"ca": "Canada", "nz": "New Zealand", "se": "Sweden"}
    critics = [e.id for e in load_mapping().effects if "critics" in e.sets]
    default = [e.id for e in load_mapping().effects if "default" in e.sets]
    sentences = market_sentences(rows, "ca", critics, names)
    assert len(sentences) == 1  # Sweden's market is within 5% of Canada's
    assert "New Zealand" in sentences[0] and "1,200" in sentences[0] and "700" in sentences[0]
    assert "police harassment or arrest is higher" in sentences[0]
    assert "violence" not in sentences[0]  # it went down although the market grew
    assert market_sentences(rows, "ca", default, names) == []  # no market-size claim in force


def test_a_critics_run_explains_its_market_on_the_page(client: TestClient) -> None:
    run = _run(client, driver_samples=0, assumptions="critics")
    page = client.get(f"/runs/{run['id']}").text
    assert 'id="market-note"' in page
    assert "With the law of New Zealand" in page
    plain = _run(client, driver_samples=0)
    assert 'id="market-note"' not in client.get(f"/runs/{plain['id']}").text
