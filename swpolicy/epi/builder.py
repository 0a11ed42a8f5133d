"""The setting builder: a setting document for any registry jurisdiction, from indicators.

:func:`build_document` turns a jurisdiction's standard indicators
(:mod:`swpolicy.epi.indicators`: FSW HIV prevalence, size estimate, condom use at last paid
sex, ART coverage, violence and police exposure) and wide regional priors
(:mod:`swpolicy.epi.priors`) for everything they do not report into a setting document of the
shape of the shipped ones (mombasa, vancouver, bellary; ``docs/settings.md``):

* every parameter is a Quantity whose source is the indicator or the regional prior;
* reported prevalence, ART coverage, violence and police exposure become calibration targets;
  the inputs ``p_violence`` / ``p_police`` then get wide *calibrated* priors (DESIGN section A:
  one survey is never both a measured input and a fitted target);
* without a reported prevalence the setting still needs a target: the regional prior's
  prevalence, with its very wide interval, ``interval: assumed``, and the label says
  "built from regional priors only".

A sub-national unit uses its own indicators file if there is one, else its country's, and
always its own law. :func:`build_setting` validates the document like a file (located errors)
and caches it per version of its inputs; ``swpolicy.epi.settings.load("built-<id>")`` calls it.
The calibration cache keys on the setting's content (``settings.digest``), so an edited
indicators or priors file gives a new key.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import swpolicy.epi.indicators as indicator_files
from swpolicy.epi.indicators import (
    MEANING,
    Indicator,
    Indicators,
    indicators_path,
    load_indicators,
)
from swpolicy.epi.priors import PRIORS_FILE, Place, load_priors, place_of, prior
from swpolicy.epi.schema import Param, Setting, validate_document
from swpolicy.errors import UsageError
from swpolicy.sourcefile import Document

PREFIX = "built-"
# The structural scenarios of scenarios.yaml: every built setting has the three exposures.
SCENARIOS = ["violence", "policing", "work_environment", "decriminalisation"]
CALIBRATED_EXPOSURE = (0.02, 0.8)  # wide prior of an exposure that is a fitted target
# indicator, model input, target kind
EXPOSURES = (("violence", "p_violence", "violence"), ("police", "p_police", "police"))
N_FSW = {
    "estimate": 1000,
    "distribution": "fixed",
    "unit": "persons",
    "type": "assumed",
    "source": {
        "citation": "Scale only: outputs are prevalences and fractions averted, which do not "
        "depend on it",
        "url": "https://github.com/mishra-lab/sr-heterogeneity-hiv-models",
        "locator": "n/a",
    },
}
OR_COND_VIOLENCE = {
    "evidence": "beattie2010_violence_condom_use",
    "transform": "inverse",
    "quantity": "odds ratio, condom non-use",
    "unit": "odds_ratio",
    "type": "assumed",
    "note": "Measured in Karnataka; transfer to this place assumed (setting builder).",
}


def setting_id(jurisdiction: str) -> str:
    """The id of the builder-made setting of a jurisdiction (``built-gb-sct``)."""
    return PREFIX + jurisdiction


def _law(jurisdiction: str) -> Any:
    from swpolicy.law.registry import load

    return load(jurisdiction)


def sources_of(jurisdiction: str) -> tuple[Indicators | None, str]:
    """The indicators a jurisdiction's setting is built from, and whose they are: ``own``,
    ``national`` (a sub-national unit using its country's file) or ``none``."""
    law = _law(jurisdiction)
    own = load_indicators(jurisdiction)
    if own is not None:
        return own, "own"
    if law.parent:
        national = load_indicators(law.parent)
        if national is not None:
            return national, "national"
    return None, "none"


def _place_code(jurisdiction: str, parent: str | None) -> str:
    """ISO 3166 code of the place: the subdivision's if ISO has it, else the country's."""
    import pycountry

    code = jurisdiction.upper()
    if "-" not in code:
        return code
    found = pycountry.subdivisions.get(code=code)  # type: ignore[no-untyped-call]
    return code if found is not None else (parent or jurisdiction.split("-")[0]).upper()


def _quantity(param: Param, note: str) -> dict[str, Any]:
    """A prior as document data, with where it came from appended to its note."""
    data = param.model_dump(exclude_none=True, exclude={"evidence"})
    data["note"] = f"{data['note']} {note}" if data.get("note") else note
    return data


def _source(ind: Indicator) -> dict[str, Any]:
    return ind.source.model_dump(exclude_none=True)


def _about(name: str, ind: Indicator) -> str:
    recall = f", {ind.recall}" if ind.recall else ""
    return f"{MEANING[name]}{recall}: {ind.value:g} in {ind.year} ({ind.area})"


def _fraction_target(name: str, kind: str, key: str, ind: Indicator, extra: str) -> dict[str, Any]:
    """A target of a fraction among FSW from an indicator: the reported interval on the logit
    scale, else a binomial on the sample size, else an assumed interval around the value."""
    value = ind.value
    target: dict[str, Any] = {
        "name": f"{key}_{ind.year}",
        "kind": kind,
        "population": "fsw",
        "year": ind.year + 0.5,
    }
    reported = ind.lo is not None and ind.hi is not None and ind.lo < ind.hi
    if reported and ind.lo and ind.hi and ind.hi < 1:
        lo, hi = ind.lo, ind.hi
        how, interval, lik = "the 95% interval as reported", "sampling", "logit_normal"
    elif ind.n is not None and 0 <= value < 1:
        # None of n positive is data too: the binomial of 0 of n; the interval shown has the
        # rule-of-three upper end 3/n (a one-sided 95% bound).
        half = 1.96 * (value * (1 - value) / ind.n) ** 0.5
        lo, hi = max(0.0, value - half), min(1.0, value + half if value else 3 / ind.n)
        how, interval, lik = f"binomial on n={ind.n}", "sampling", "binomial"
        target["n"] = ind.n
    elif reported and 0 < value < 1 and ind.hi is not None:
        lo, hi = ind.lo or value / 4, max(min(ind.hi, 0.99), value)
        how = "the reported interval with its end at 0 or 1 moved in for the logit scale"
        interval, lik = "widened", "logit_normal"
    else:
        value = min(max(value, 2e-4), 0.95)
        lo, hi = max(value * 0.5, 1e-4), min(0.97, max(value * 1.5, value + 0.05))
        how = "no interval or sample size reported: half to 1.5 times the value (assumed)"
        interval, lik = "assumed", "logit_normal"
    target.update(
        value=round(value, 6), lo=round(lo, 6), hi=round(hi, 6), likelihood=lik, interval=interval
    )
    target["source"] = _source(ind)
    note = f"Built from indicators: {_about(name, ind)}; likelihood {how}."
    target["note"] = " ".join(p for p in (note, extra, ind.note) if p)
    return target


def _prior_target(place: Place) -> dict[str, Any]:
    """The target of a setting without a reported prevalence: the regional prior, very wide."""
    param, level = prior("fsw_hiv_prevalence", place)
    lo, hi = param.low, param.high
    year = load_priors().prevalence_year
    return {
        "name": f"fsw_prevalence_regional_prior_{int(year)}",
        "kind": "prevalence",
        "population": "fsw",
        "year": year,
        "value": param.estimate,
        "lo": lo,
        "hi": hi,
        "likelihood": "logit_normal",
        "interval": "assumed",
        "source": param.source.model_dump(exclude_none=True),
        "note": (
            f"Not a measurement of this place: no FSW HIV prevalence is reported for it, so the "
            f"regional prior ({level}) is the target, with its very wide interval (assumed). "
            "It only keeps the epidemic within that range; replace it with a local survey."
        ),
    }


def _exposure(
    name: str, param: str, kind: str, indicators: Indicators | None, place: Place
) -> tuple[dict[str, Any], dict[str, Any] | None]:
    """An exposure input and, when the indicators report it, its fitted target."""
    ind = indicators.get(name) if indicators else None
    if ind is None:
        found, level = prior(param, place)
        return _quantity(found, f"Regional prior ({level}), setting builder."), None
    lo, hi = CALIBRATED_EXPOSURE
    quantity = {
        "quantity": f"{MEANING[name]} (calibrated to target {kind}_{ind.year})",
        "estimate": min(max(ind.value, lo), hi),
        "ci": [lo, hi],
        "interval": "assumed_range",
        "distribution": "uniform",
        "unit": "proportion",
        "type": "calibrated",
        "source": _source(ind),
        "note": f"Wide prior, calibrated to the survey it cites (target {kind}_{ind.year}).",
    }
    recall = f"recall: {ind.recall}" if ind.recall else "recall period not recorded"
    return quantity, _fraction_target(name, kind, f"fsw_{kind}", ind, recall + ".")


def _condom(indicators: Indicators | None, place: Place) -> tuple[dict[str, Any], int | None]:
    """Condom use in client acts at the end of the ramp, and the survey year if reported."""
    ind = indicators.get("condom_last_paid_sex") if indicators else None
    if ind is None:
        found, level = prior("condom_late", place)
        return _quantity(found, f"Regional prior ({level}), setting builder."), None
    top = min(0.99, ind.hi if ind.hi is not None else ind.value)
    low = max(0.02, min(ind.lo if ind.lo is not None else ind.value, top) - 0.1)
    return {
        "quantity": "fraction of client acts protected (latest survey)",
        "estimate": round(min(max(ind.value, low), top), 6),
        "ci": [round(low, 6), round(top, 6)],
        "interval": "assumed_range",
        "distribution": "uniform",
        "unit": "proportion",
        "type": "measured",
        "source": _source(ind),
        "note": (
            f"Built from indicators: {_about('condom_last_paid_sex', ind)}. Use at the last "
            "paid sex overstates use in all acts, so the range reaches 0.1 below it (assumed)."
        ),
    }, ind.year


def _population(ind: Indicator | None) -> dict[str, Any] | None:
    if ind is None:
        return None
    out: dict[str, Any] = {
        "quantity": f"female sex workers ({ind.area})",
        "estimate": ind.value,
        "distribution": "fixed",
        "unit": "persons",
        "type": "measured",
        "year": ind.year,
        "method": "as reported by the source (see source and note)",
        "source": _source(ind),
        "note": "Built from indicators. Totals use the point estimate."
        + (f" {ind.note}" if ind.note else ""),
    }
    if ind.lo is not None and ind.hi is not None and ind.lo < ind.hi:
        out.update(ci=[ind.lo, ind.hi], interval="range", distribution="uniform")
    return out


def _label(name: str, whose: str, with_prevalence: bool) -> str:
    if whose == "none":
        return f"{name} (built from regional priors only)"
    kind = "national indicators" if whose == "national" else "indicators"
    suffix = "" if with_prevalence else "; no prevalence reported"
    return f"{name} (built from {kind}{suffix})"


def build_document(jurisdiction: str) -> dict[str, Any]:
    """The setting document of a registry jurisdiction (plain data, as a YAML file holds).

    Raises `UsageError` for an unknown jurisdiction.
    """
    law = _law(jurisdiction)
    indicators, whose = sources_of(jurisdiction)
    place = place_of(jurisdiction, law.parent)
    priors = load_priors()
    params: dict[str, Any] = {"n_fsw": dict(N_FSW)}
    for name in ("client_ratio", "fsw_acts", "dur_fsw", "dur_client"):
        found, level = prior(name, place)
        params[name] = _quantity(found, f"Regional prior ({level}), setting builder.")
    targets: list[dict[str, Any]] = []
    prevalence = indicators.get("fsw_hiv_prevalence") if indicators else None
    if prevalence is not None:
        targets.append(
            _fraction_target("fsw_hiv_prevalence", "prevalence", "fsw_prevalence", prevalence, "")
        )
    else:
        targets.append(_prior_target(place))
    art = indicators.get("art_coverage") if indicators else None
    if art is not None:
        targets.append(
            _fraction_target("art_coverage", "art_coverage", "fsw_art_coverage", art, "")
        )
    for name, param, kind in EXPOSURES:
        params[param], target = _exposure(name, param, kind, indicators, place)
        if target is not None:
            targets.append(target)
    found, level = prior("p_outdoor", place)
    params["p_outdoor"] = _quantity(found, f"Regional prior ({level}), setting builder.")
    params["or_cond_violence"] = dict(OR_COND_VIOLENCE)
    found, level = prior("condom_early", place)
    params["condom_early"] = _quantity(found, f"Regional prior ({level}), setting builder.")
    params["condom_late"], condom_year = _condom(indicators, place)
    for name in ("beta_mf", "seed_prev", "external_foi", "art_rate_max"):
        found, level = prior(name, place)
        params[name] = _quantity(found, f"Regional prior ({level}), setting builder.")
    years = [i.year for i in (indicators.indicators.values() if indicators else [])]
    latest = max(years) if years else priors.exposures_year
    exposure_years = [
        i.year for n in ("violence", "police") if indicators and (i := indicators.get(n))
    ]
    measured = max(exposure_years) if exposure_years else latest
    line = priors.timeline
    end = max(int(line.condom_years[0]) + 1, condom_year or latest)
    art_end = max(int(line.art_years[0]) + 1, latest)
    level_value = prevalence.value if prevalence else prior("fsw_hiv_prevalence", place)[0].estimate
    epidemic = (
        "generalised" if level_value >= priors.generalised_threshold.estimate else "concentrated"
    )
    doc: dict[str, Any] = {
        "name": setting_id(jurisdiction),
        "place": _place_code(jurisdiction, law.parent),
        "label": _label(law.name, whose, prevalence is not None),
        "law": {"jurisdiction": jurisdiction, "exposures_measured": f"{measured}-01-01"},
        "scenarios": list(SCENARIOS),
        "epidemic": epidemic,
        "bridge": False,
        "start_year": line.start_year,
        "condom_years": [line.condom_years[0], float(end)],
        "art_years": [line.art_years[0], float(art_end)],
    }
    population = _population(indicators.get("fsw_size_estimate") if indicators else None)
    if population is not None:
        doc["population"] = population
    doc["note"] = _note(law.name, whose, indicators, place, prevalence is not None, line.note)
    doc["parameters"] = params
    doc["targets"] = targets
    return doc


def _note(
    name: str,
    whose: str,
    indicators: Indicators | None,
    place: Place,
    with_prevalence: bool,
    timeline: str,
) -> str:
    parts = [f"Made by the setting builder (swpolicy setting new) for {name}; not a calibrated "]
    parts[0] += "city setting: edit it with local data and calibrate it."
    if whose == "national" and indicators is not None:
        parts.append(
            f"No indicators of its own: built from the national indicators of "
            f"{indicators.jurisdiction} ({indicators.country}); the law is its own."
        )
    if whose == "none":
        parts.append("No indicators file: built from regional priors only.")
    if not with_prevalence:
        parts.append(
            "No FSW HIV prevalence reported: the only prevalence target is the regional prior "
            "(interval assumed, very wide)."
        )
    parts.append(f"Priors for what is not reported: {place.words} (regional_priors.yaml).")
    if indicators is not None and indicators.unclear:
        parts.append("Unclear in the indicators file: " + "; ".join(indicators.unclear))
    parts.append(timeline.strip())
    return " ".join(parts)


def _versions(jurisdiction: str, parent: str | None) -> tuple[int, ...]:
    """Modification times of every file the document depends on (0 for a missing file)."""
    paths = [indicators_path(jurisdiction), PRIORS_FILE]
    if parent:
        paths.append(indicators_path(parent))
    return tuple(p.stat().st_mtime_ns if p.is_file() else 0 for p in paths)


def _key(jurisdiction: str, parent: str | None) -> tuple[str, tuple[int, ...]]:
    return str(indicator_files.indicators_folder()), _versions(jurisdiction, parent)


def build_setting(jurisdiction: str) -> Setting:
    """The validated builder-made setting of a jurisdiction (cached per version of its inputs).

    Raises `UsageError` for an unknown jurisdiction and `EpiDataError` (located) when the
    document does not validate.
    """
    law = _law(jurisdiction)
    return _built(jurisdiction, _key(jurisdiction, law.parent))


@lru_cache(maxsize=512)
def _built(jurisdiction: str, key: tuple[str, tuple[int, ...]]) -> Setting:
    doc = Document(f"<{setting_id(jurisdiction)}>", build_document(jurisdiction))
    return validate_document(Setting, doc)


def check_jurisdiction(jurisdiction: str) -> str:
    """The registry id, or a `UsageError` naming how to list them."""
    from swpolicy.law.registry import ids

    if jurisdiction not in ids():
        raise UsageError(
            f"unknown jurisdiction {jurisdiction!r}; `swpolicy law list` shows the registry ids"
        )
    return jurisdiction
