"""What the jurisdiction list, the profiles and the glossary show: words, filters, map, summary.

Kept apart from the route handlers (pages.py) so the pages stay thin: the list is searched,
filtered and sorted here on the server, so it works without JavaScript, and the map and the table
below it (its text alternative) come from the same rows.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from markupsafe import Markup

from swpolicy.errors import UsageError
from swpolicy.law.classify import SCHEMES, classify
from swpolicy.law.provisions import provisions
from swpolicy.law.registry import load_all
from swpolicy.maps import Drawing, WorldMap, provision_map, regime_map, region_of, regions
from swpolicy.summary import summary
from swpolicy.vocabulary import explain, label, terms, value_label

SORTS = {"name": "Name", "region": "Region", "regime": "Regime"}
MAX_QUERY = 100  # characters of a search


@dataclass(frozen=True)
class Filters:
    """The list's query: search text, filters and sort, each checked against the known ids."""

    scheme: str = "wikipedia"
    q: str = ""
    region: str = ""
    regime: str = ""
    provision: str = ""
    status: str = ""
    sort: str = "name"

    def check(self) -> Filters:
        if self.scheme not in SCHEMES:
            raise UsageError(f"scheme: unknown {self.scheme!r}; expected one of {list(SCHEMES)}")
        _choice("region", self.region, regions())
        _choice("regime", self.regime, list(terms()["regime"]))
        _choice("provision", self.provision, status_provisions())
        if self.status:
            _choice("status", self.status, list(terms()["status"]))
        _choice("sort", self.sort, list(SORTS))
        if len(self.q) > MAX_QUERY:
            raise UsageError(f"q: at most {MAX_QUERY} characters")
        return self


def _choice(name: str, value: str, allowed: list[str]) -> None:
    if value and value not in allowed:
        raise UsageError(f"{name}: unknown value {value!r}; expected one of {', '.join(allowed)}")


def status_provisions() -> list[str]:
    """The provisions a status filter or map applies to (selling, buying, brothels...)."""
    return [pid for pid, p in provisions().items() if p.kind.name == "status"]


def list_context(on: date, filters: Filters) -> dict[str, Any]:
    """The jurisdiction list page: map, filter options and the matching rows."""
    f = filters.check()
    laws = load_all()

    def href(jid: str) -> str:
        return f"/jurisdictions/{jid}?at={on.isoformat()}"

    world: WorldMap = (
        provision_map(f.provision, on, Drawing(laws, href, legend=False))
        if f.provision
        else regime_map(f.scheme, on, Drawing(laws, href, legend=False))
    )
    drawn = {p.id: p.drawn for p in world.places}
    rows = []
    for jid, law in laws.items():
        regime = classify(law, f.scheme, on).regime
        value = str(law.at(on).value(f.provision)) if f.provision else ""
        rows.append(
            {
                "id": jid,
                "name": law.name,
                "parent": laws[law.parent].name if law.parent in laws else "",
                "level": label("level", law.spec.level),
                "region": region_of(jid, law.parent) or "",
                "regime": regime,
                "regime_label": label("regime", regime),
                "value": value,
                "value_label": value_label(f.provision, value) if value else "",
                "drawn": drawn.get(jid, False),
            }
        )
    shown = [r for r in rows if _matches(r, f)]
    key = {"name": ("name",), "region": ("region", "name"), "regime": ("regime_label", "name")}
    shown.sort(key=lambda r: tuple(str(r[k]).casefold() for k in key[f.sort]))
    return {
        "filters": f,
        "rows": shown,
        "total": len(rows),
        "map": Markup(world.svg),  # built from escaped parts in swpolicy.maps
        "map_title": world.title,
        "label_provision": label("provision", f.provision) if f.provision else "",
        "legend": world.legend,
        "not_drawn": [r for r in rows if not r["drawn"]],
        "options": {
            "schemes": [(s, label("scheme", s)) for s in SCHEMES],
            "regions": [(r, r) for r in regions()],
            "regimes": _regimes(f.scheme),
            "provisions": [(p, label("provision", p)) for p in status_provisions()],
            "statuses": [(w, t.label) for w, t in terms()["status"].items()],
            "sorts": list(SORTS.items()),
        },
    }


def _regimes(scheme: str) -> list[tuple[str, str]]:
    ids = [rule.regime for rule in SCHEMES[scheme]] + ["varies", "unclear"]
    return [(r, label("regime", r)) for r in dict.fromkeys(ids)]


def _matches(row: dict[str, Any], f: Filters) -> bool:
    text = f.q.casefold().strip()
    if text and text not in f"{row['name']} {row['parent']} {row['id']}".casefold():
        return False
    if f.region and row["region"] != f.region:
        return False
    if f.regime and row["regime"] != f.regime:
        return False
    return not (f.provision and f.status and row["value"] != f.status)


def profile_context(jid: str, on: date) -> dict[str, Any]:
    """What the profile adds to the shared detail: its summary sentence and the word helpers."""
    law = load_all()[jid]
    return {
        "summary": summary(law, on),
        "region": region_of(jid, law.parent) or "",
        "level": label("level", law.spec.level),
        "label": label,
        "explain": explain,
        "value_label": value_label,
        "name_of": lambda uid: load_all()[uid].name,
    }


def glossary_context() -> dict[str, Any]:
    """Every kind of term with its words, ids and explanations, for the glossary page."""
    table = terms()
    sections = [
        ("schemes", "Classification schemes", [table["scheme"][s] for s in SCHEMES]),
        ("regimes", "Regimes", list(table["regime"].values())),
        ("provisions", "Provisions", list(table["provision"].values())),
        ("statuses", "Status of a provision", list(table["status"].values())),
        ("findings", "Amnesty 2016: findings", list(table["finding"].values())),
        (
            "obligations",
            "Amnesty International 2016: obligations",
            list(table["obligation"].values()),
        ),
        ("levels", "Levels of jurisdiction", list(table["level"].values())),
        ("settings", "Settings of the HIV model", list(table["setting"].values())),
        ("assumptions", "Assumption sets", list(table["assumption_set"].values())),
        ("determinants", "What the law acts on in the model", list(table["determinant"].values())),
        ("links", "Links from the law to the model", list(table["link"].values())),
    ]
    schemes = {s: [table["regime"][r] for r, _ in _regimes(s)] for s in SCHEMES}
    return {"sections": sections, "scheme_regimes": schemes}
