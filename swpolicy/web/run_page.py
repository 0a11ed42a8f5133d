"""What the simulation form and a run's page show: the assumptions panel, charts and sentences.

The form's per-link switches and numbers are read here into a request's `links` and `evidence`
overrides (only what the user changed); a run's page gets its charts (intervals per metric,
trajectories with 95% bands, "what drives this"), its rows in words, the assumptions it used and
the plain sentences about market size, all from what the run saved.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from swpolicy.evidence import load_registry
from swpolicy.scenarios.explain import market_sentences
from swpolicy.scenarios.metrics import BY_ID, METRICS
from swpolicy.vocabulary import explain, label
from swpolicy.web import assumption_panel as panel
from swpolicy.web.charts import drivers_chart, run_charts, trajectory_charts

Field = Callable[[Any, str], str]
NUMBER_PARTS = ("estimate", "low", "high")


def form_overrides(raw: Any, field: Field) -> tuple[dict[str, bool], dict[str, dict[str, str]]]:
    """The form's link switches (`link_<id>`: on, off or empty for "as the set says") and its
    numbers (`estimate_<entry>`, `low_<entry>`, `high_<entry>`), as typed."""
    links: dict[str, bool] = {}
    for link in panel.link_ids():
        choice = field(raw, f"link_{link}")
        if choice in ("on", "off"):
            links[link] = choice == "on"
    numbers = {
        eid: {part: field(raw, f"{part}_{eid}") for part in NUMBER_PARTS}
        for eid in panel.editable_ids()
    }
    return links, numbers


def _same(text: str, value: float) -> bool:
    """Whether a typed number is the shipped one (a blank field keeps it too)."""
    if text == "":
        return True
    try:
        return float(text) == value
    except ValueError:
        return False  # not a number: passed on, so that validation names the field


def changed_numbers(numbers: dict[str, dict[str, str]]) -> dict[str, dict[str, Any]]:
    """Only the entries whose typed numbers differ from the shipped ones, as overrides."""
    registry = load_registry()
    out: dict[str, dict[str, Any]] = {}
    for eid, typed in numbers.items():
        entry = registry.get(eid)
        change: dict[str, Any] = {}
        if not _same(typed.get("estimate", ""), float(entry.estimate)):
            change["estimate"] = typed["estimate"]
        low, high = typed.get("low", ""), typed.get("high", "")
        if not (_same(low, entry.low) and _same(high, entry.high)):
            change["ci"] = [low or entry.low, high or entry.high]
        if change:
            out[eid] = change
    return out


def panel_context(form: dict[str, Any], error: dict[str, Any] | None = None) -> dict[str, Any]:
    """The assumptions panel of the simulation form, with the user's choices kept and the
    numbers an error names marked."""
    fields = [str(i.get("field", "")) for i in (error or {}).get("issues", [])]
    invalid = {f.split(".")[1] for f in fields if f.startswith("evidence.") and "." in f[9:]}
    invalid |= {f.split(".")[2] for f in fields if f.startswith("body.evidence.")}
    return {
        "invalid_numbers": invalid,
        "assumption_sets": panel.set_choices(),
        "link_rows": panel.links(),
        "other_numbers": panel.others(),
        "link_choice": {k: ("on" if v else "off") for k, v in (form.get("links") or {}).items()},
        "typed": form.get("numbers") or {},
    }


def _names(run: dict[str, Any]) -> dict[str, str]:
    names: dict[str, str] = dict(run["params"].get("names", {}))
    return names


def result_rows(run: dict[str, Any]) -> list[dict[str, Any]]:
    """The run's rows with the law's name and the metric's words (ids kept for code)."""
    names = _names(run)
    out = []
    for row in run["rows"]:
        metric = BY_ID.get(row["metric"])
        out.append(
            {
                **row,
                "law_name": names.get(row["law"], row["law"]),
                "metric_label": metric.label if metric else row["metric"],
                "unit": metric.unit if metric else "",
            }
        )
    return out


def used_links(run: dict[str, Any]) -> list[panel.LinkRow]:
    """The links the run had in force, with the numbers it used (overrides marked)."""
    assumptions = run["assumptions"]
    on = set(assumptions.get("effects", []))
    rows = panel.links(on, assumptions.get("overrides") or {})
    return [r for r in rows if r.on]


def assumption_words(run: dict[str, Any]) -> str:
    """The run's assumption set in words, saying whether the user changed it."""
    name = str(run["assumptions"].get("name", "default"))
    base, _, changed = name.partition(", ")
    try:
        words = label("assumption_set", base)
    except KeyError:
        return name  # a run saved from an assumption file keeps the file's name
    return f"{words}, with your changes" if changed else words


def run_context(run: dict[str, Any]) -> dict[str, Any]:
    """Everything the run page shows."""
    params, names = run["params"], _names(run)
    metrics = {m.id: m.label for m in METRICS}
    reference = str(params.get("reference", ""))
    return {
        "run": run,
        "names": names,
        "setting_label": params.get("setting_label") or _setting_label(run["setting"]),
        "built": params.get("setting_kind") == "builder",
        "built_words": explain("setting_place", "built"),
        "lead_changes": params.get("lead_changes") or [],
        "prevalence_text": params.get("prevalence_text") or "",
        "hiv_rare": bool((params.get("fsw_prevalence") or {}).get("rare")),
        "reference_name": names.get(reference, reference),
        "assumption_words": assumption_words(run),
        "charts": run_charts(run["rows"], metrics, names),
        "trajectories": trajectory_charts(params.get("paths") or {}, names),
        "paths": params.get("paths") or {},
        "drivers": drivers_chart(params.get("drivers")),
        "driver_rows": (params.get("drivers") or {}).get("factors", []),
        "rows": result_rows(run),
        "has_totals": any(r["metric"].endswith("_total") for r in run["rows"]),
        "market": market_sentences(
            run["rows"], reference, run["assumptions"].get("effects", []), names
        ),
        "used_links": used_links(run),
        "other_numbers": panel.others(run["assumptions"].get("overrides") or {}),
    }


def _setting_label(setting: str) -> str:
    try:
        return label("setting", setting)
    except KeyError:
        return setting
