"""Law-to-determinant mapping: directions, the licensed/unlicensed split, assumption sets."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from swpolicy.errors import InputError
from swpolicy.scenarios.assumptions import from_file, named
from swpolicy.scenarios.mapping import (
    DATA,
    determinants,
    load_mapping,
    make_draws,
    relative,
)
from tests.law.conftest import synthetic_law

N = 300


def median_ratio(changes: dict[str, str], determinant: str, assumption: str = "default") -> float:
    a = named(assumption)
    draws = make_draws(np.arange(N), 11, a.registry)
    base = determinants(synthetic_law().at("2020-01-01"), a.effects, draws)
    law = determinants(synthetic_law(**changes).at("2020-01-01"), a.effects, draws)
    return float(np.median(relative(law, base)[determinant]))


DIRECTED = [e for e in load_mapping().effects if e.direction != "none"]


@pytest.mark.parametrize("effect", DIRECTED, ids=lambda e: e.id)
def test_each_effect_moves_its_determinant_in_its_declared_direction(effect) -> None:  # type: ignore[no-untyped-def]
    status = "criminal" if effect.when == "penalised" else "legal"
    lawful_or_penalised = "legal" if effect.when == "penalised" else "criminal"
    assumption = effect.sets[0]
    before = {effect.provision: lawful_or_penalised}
    after = {effect.provision: status}
    a = named(assumption)
    draws = make_draws(np.arange(N), 3, a.registry)
    only = [effect]
    m_before = determinants(synthetic_law(**before).at("2020-01-01"), only, draws)
    m_after = determinants(synthetic_law(**after).at("2020-01-01"), only, draws)
    ratio = float(np.median(m_after[effect.determinant] / m_before[effect.determinant]))
    assert (ratio > 1) if effect.direction == "up" else (ratio < 1), (effect.id, ratio)


def test_a_fully_lawful_law_is_the_reference_for_penalty_links() -> None:
    a = named("default")
    draws = make_draws(np.arange(N), 1, a.registry)
    penalised_only = [e for e in a.effects if e.when == "penalised"]
    m = determinants(synthetic_law().at("2020-01-01"), penalised_only, draws)
    for values in m.values():
        np.testing.assert_allclose(values, 1.0)


def test_criminalising_selling_raises_policing_and_lowers_treatment() -> None:
    assert median_ratio({"selling": "criminal"}, "police") > 1.5
    assert median_ratio({"selling": "criminal"}, "art") < 1.0
    # An administrative penalty does less than a criminal one, more than none.
    admin = median_ratio({"selling": "administrative"}, "police")
    assert 1.0 < admin < median_ratio({"selling": "criminal"}, "police")


def test_licensed_and_unlicensed_sectors_mix_by_the_unlicensed_share() -> None:
    a = named("default")
    draws = make_draws(np.arange(N), 5, a.registry)

    def police(**changes: str) -> np.ndarray:  # type: ignore[type-arg]
        law = synthetic_law(licensing="workers", **changes)
        return determinants(law.at("2020-01-01"), a.effects, draws)["police"]

    lawful, regulated, criminal = police(), police(selling="regulated"), police(selling="criminal")
    share = draws.value("map_unlicensed_share_default")
    np.testing.assert_allclose(regulated, (1 - share) * lawful + share * criminal)
    assert np.all((lawful <= regulated) & (regulated <= criminal))


def test_jurisdiction_registration_data_is_used_for_its_unlicensed_share() -> None:
    from swpolicy.scenarios.mapping import unlicensed_share_entry

    spec = load_mapping()
    assert unlicensed_share_entry(spec, "de", None) == "de_unregistered_share"
    assert unlicensed_share_entry(spec, "de+some-bill", None) == "de_unregistered_share"
    assert unlicensed_share_entry(spec, "at", None) == "map_unlicensed_share_default"


def test_operator_only_licensing_does_not_split_sex_workers() -> None:
    a = named("default")
    draws = make_draws(np.arange(N), 5, a.registry)
    nz_like = synthetic_law(brothel_keeping="regulated", licensing="operators")
    m = determinants(nz_like.at("2020-01-01"), a.effects, draws)
    np.testing.assert_allclose(m["police"], 1.0)


def test_unclear_provisions_carry_uncertainty_not_a_guess() -> None:
    a = named("default")
    draws = make_draws(np.arange(N), 5, a.registry)
    known = determinants(synthetic_law(buying="legal").at("2020-01-01"), a.effects, draws)
    unclear = determinants(synthetic_law(buying="unclear").at("2020-01-01"), a.effects, draws)
    crim = determinants(synthetic_law(buying="criminal").at("2020-01-01"), a.effects, draws)
    low = np.minimum(known["police"], crim["police"])
    high = np.maximum(known["police"], crim["police"])
    assert np.all((low - 1e-12 <= unclear["police"]) & (unclear["police"] <= high + 1e-12))
    assert np.std(np.log(unclear["police"])) > np.std(np.log(known["police"]))


def test_common_random_numbers_and_determinism() -> None:
    a = named("default")
    d1, d2 = make_draws(np.arange(N), 9, a.registry), make_draws(np.arange(N), 9, a.registry)
    law = synthetic_law(selling="criminal").at("2020-01-01")
    m1, m2 = determinants(law, a.effects, d1), determinants(law, a.effects, d2)
    for key in m1:
        np.testing.assert_array_equal(m1[key], m2[key])
    assert not np.array_equal(
        make_draws(np.arange(N), 10, a.registry).u["unknown:buying"], d1.u["unknown:buying"]
    )


def test_critics_assumptions_change_market_size() -> None:
    default = median_ratio({"buying": "criminal"}, "market", "default")
    critics = median_ratio({"buying": "criminal"}, "market", "critics")
    assert abs(default - 1.0) < 0.1
    assert critics < 0.9
    assert median_ratio({"buying": "criminal"}, "trafficking", "critics") < 1.0
    assert median_ratio({}, "trafficking", "default") == 1.0


def test_assumption_file_overrides_and_switches(tmp_path: Path) -> None:
    path = tmp_path / "mine.yaml"
    path.write_text(
        "base: critics\ndisable: [police_buying]\nevidence:\n"
        "  map_police_selling_penalised: {estimate: 10.0, ci: [9.0, 11.0]}\n",
        encoding="utf-8",
    )
    mine = from_file(path)
    assert "police_buying" not in [e.id for e in mine.effects]
    assert "market_buying_shrinks" in [e.id for e in mine.effects]
    draws = make_draws(np.arange(N), 2, mine.registry)
    m = determinants(synthetic_law(selling="criminal").at("2020-01-01"), mine.effects, draws)
    assert 8.0 < float(np.median(m["police"])) < 12.0
    assert mine.describe()["overrides"] == {
        "map_police_selling_penalised": {"estimate": 10.0, "ci": [9.0, 11.0]}
    }


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("base: sceptics\n", "base: unknown assumption set"),
        ("disable: [nope]\n", "disable.0: unknown effect 'nope'"),
        ("evidence:\n  nope: {estimate: 1}\n", "evidence.nope: unknown evidence id"),
        (
            "evidence:\n  map_police_selling_penalised: {estimate: 9.0}\n",
            "evidence.map_police_selling_penalised",
        ),
        ("colour: blue\n", "colour: unknown field"),
    ],
)
def test_bad_assumption_files_are_located(tmp_path: Path, text: str, fragment: str) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as caught:
        from_file(path)
    assert any(fragment in str(i) for i in caught.value.issues), caught.value.issues


def test_mapping_with_a_wrong_direction_is_rejected(tmp_path: Path) -> None:
    text = DATA.read_text(encoding="utf-8").replace(
        "evidence: map_police_selling_penalised, direction: up",
        "evidence: map_police_selling_penalised, direction: down",
    )
    path = tmp_path / "mapping.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError, match="the evidence's estimate points 'up'"):
        load_mapping(path)


@pytest.mark.parametrize(
    ("override", "fragment"),
    [
        (
            "map_police_selling_penalised: {unit: proportion, estimate: 0.5, ci: [0.2, 0.8], "
            "distribution: uniform}",
            "a link's entry must be a ratio",
        ),
        (
            "map_unlicensed_share_default: {unit: rate_per_year, estimate: 5, ci: [2, 9]}",
            "proportion in [0, 1]",
        ),
        ("map_weight_administrative: {estimate: 2.0, ci: [1.5, 2.5]}", "between 0 and 1"),
    ],
)
def test_overrides_must_still_fit_where_they_are_used(
    tmp_path: Path, override: str, fragment: str
) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text("evidence:\n  " + override + "\n", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        from_file(path)
    assert any(fragment in str(i) for i in caught.value.issues), caught.value.issues
