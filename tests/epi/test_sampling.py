from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from swpolicy.epi.sampling import point_values, sample
from swpolicy.epi.schema import Param, load_common
from swpolicy.epi.settings import load as load_setting
from swpolicy.epi.settings import shipped
from swpolicy.evidence import Source, ppf
from swpolicy.streams import uniforms

SRC = Source(citation="c", url="u", locator="l")
MAIN = Path(__file__).parent / "data" / "parameters_main.json"


def param(**fields: object) -> Param:
    base: dict[str, object] = {"unit": "ratio", "type": "assumed", "source": SRC}
    return Param.model_validate({**base, **fields})


def test_sample_is_deterministic_and_seed_dependent() -> None:
    params = {
        "a": param(estimate=1, ci=[0.5, 2], distribution="uniform"),
        "b": param(estimate=2, ci=[1, 4], distribution="lognormal", type="pooled"),
    }
    idx = np.arange(20)
    x1, x2, x3 = (sample(params, idx, s, "p") for s in (1, 1, 2))
    assert all(np.array_equal(x1[k], x2[k]) for k in params)
    assert not np.array_equal(x1["a"], x3["a"])
    reordered = sample(dict(reversed(list(params.items()))), idx, 1, "p")
    assert np.array_equal(reordered["a"], x1["a"])
    assert point_values(params, 3)["b"].tolist() == [2.0, 2.0, 2.0]
    # Named streams: dropping an input leaves the others' draws unchanged, and a range of draws
    # equals the same draws of a longer run.
    alone = sample({"a": params["a"]}, idx, 1, "p")
    assert np.array_equal(alone["a"], x1["a"])
    assert np.array_equal(sample(params, idx[5:9], 1, "p")["b"], x1["b"][5:9])


def test_lognormal_interval_maps_to_ci() -> None:
    p = param(estimate=2.99, ci=[1.96, 4.57], distribution="lognormal", type="pooled")
    q = ppf(p, np.array([0.025, 0.5, 0.975]))
    ratio = np.sqrt(4.57 / 1.96)
    assert np.allclose(q, [2.99 / ratio, 2.99, 2.99 * ratio], rtol=1e-6)


def test_uniform_loguniform_fixed_ranges() -> None:
    u = np.linspace(0.001, 0.999, 101)
    uni = param(estimate=1, ci=[0.5, 2], distribution="uniform")
    log = param(estimate=1, ci=[0.1, 10], distribution="loguniform")
    fix = param(estimate=3, distribution="fixed")
    assert ppf(uni, u).min() >= 0.5 and ppf(uni, u).max() <= 2
    assert np.isclose(ppf(log, np.array([0.5]))[0], 1.0)
    assert np.all(ppf(fix, u) == 3)


def _loaded() -> dict[str, Param]:
    files = {"common": load_common()} | {name: load_setting(name) for name in shipped()}
    return {f"{f}/{n}": p for f, spec in files.items() for n, p in spec.parameters.items()}


# Inputs whose numbers issue 9 corrected from their sources (the rest must sample as before).
CHANGED_IN_ISSUE_9 = {
    "common/condom_efficacy",
    "vancouver/p_violence",
    "vancouver/p_police",
    "vancouver/p_outdoor",
    "vancouver/external_foi",
    "mombasa/dur_fsw",
    "mombasa/condom_late",
    "mombasa/art_rate_max",
}


def test_every_parameter_samples_exactly_as_on_main() -> None:
    """ppf(quantity, u) gives bit for bit what main's transform(param, u) gave (frozen), for
    every input whose numbers have not been corrected since."""
    frozen = json.loads(MAIN.read_text(encoding="utf-8"))
    u = np.array([float.fromhex(x) for x in frozen["u"]])
    params = _loaded()
    assert set(frozen["parameters"]) <= set(params)
    for key, old in frozen["parameters"].items():
        if key in CHANGED_IN_ISSUE_9:
            continue
        expected = np.array([float.fromhex(x) for x in old["ppf"]])
        assert np.array_equal(ppf(params[key], u), expected), key


@pytest.mark.parametrize("seed", [0, 11])
def test_stream_draws_follow_the_same_inverse_cdf(seed: int) -> None:
    """A sample is each parameter's named stream through `ppf`, nothing else."""
    params = {**load_common().parameters, **load_setting("mombasa").parameters}
    idx = np.arange(16)
    drawn = sample(params, idx, seed, "p")
    for name, param in params.items():
        assert np.array_equal(drawn[name], ppf(param, uniforms(seed, f"p/{name}", idx))), name
