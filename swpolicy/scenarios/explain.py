"""Plain sentences about a run's results that a table of numbers would hide.

Counts are per 1,000 sex workers at the projection start, so when an assumption changes the
size of the market (the critics' claims that a purchase ban shrinks it and lawful brothels grow
it), a law can show more arrests or more violence only because more people sell sex. The
sentence that says so is written here, once, from a run's summary rows (the CLI's `simulate`,
the web app's run page and the report read the same rows).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from swpolicy.scenarios.mapping import load_mapping
from swpolicy.scenarios.metrics import get

MARKET = "sex_workers_end"
# Counts that grow with the number of people in the market.
COUNTS = ("arrests", "violence_incidents", "hiv_infections")
# A market within 5% of the current law's is "unchanged" (the default set's evaluations found
# no change within about 10% either way).
SAME_SIZE = 0.05


def market_links(effects: Iterable[str]) -> list[str]:
    """The links in force that change the market's size (the critics' claims)."""
    on = set(effects)
    return [
        e.id
        for e in load_mapping().effects
        if e.id in on and e.determinant == "market" and e.direction != "none"
    ]


def _medians(rows: Iterable[Mapping[str, Any]]) -> dict[tuple[str, str], float]:
    return {(str(r["law"]), str(r["metric"])): float(r["median"]) for r in rows}


def _n(value: float) -> str:
    return f"{value:,.0f}" if abs(value) >= 10 else f"{value:.1f}"


def market_sentences(
    rows: Sequence[Mapping[str, Any]],
    reference: str,
    effects: Iterable[str],
    names: Mapping[str, str],
) -> list[str]:
    """One sentence per law whose market differs in size from the current law's because of a
    market-size assumption in force, saying which counts that difference pushes up or down."""
    if not market_links(effects):
        return []
    median = _medians(rows)
    ref_size = median.get((reference, MARKET))
    if not ref_size:
        return []
    ref_name = names.get(reference, reference)
    laws = list(dict.fromkeys(str(r["law"]) for r in rows if r["law"] != reference))
    out = []
    for law in laws:
        size = median.get((law, MARKET))
        if size is None or abs(size / ref_size - 1.0) < SAME_SIZE:
            continue
        grows = size > ref_size
        name = names.get(law, law)
        moved = [
            get(m).short
            for m in COUNTS
            if (law, m) in median
            and (median[(law, m)] > median[(reference, m)]) == grows
            and median[(law, m)] != median[(reference, m)]
        ]
        text = (
            f"With the law of {name}, the critics' market-size assumption makes the market "
            f"{'grow' if grows else 'shrink'}: {_n(size)} sex workers at the end for every "
            f"1,000 at the start, against {_n(ref_size)} under the current law ({ref_name})."
        )
        if moved:
            more = "more" if grows else "fewer"
            text += (
                f" So {_join(moved)} {'are' if len(moved) > 1 else 'is'} "
                f"{'higher' if grows else 'lower'} partly because {more} people sell sex, "
                "not only because of what the law does to each person's risk."
            )
        out.append(text)
    return out


def _join(words: Sequence[str]) -> str:
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]
