"""World maps of the law: SVG drawn offline from shipped Natural Earth boundaries.

Public API: `regime_map(scheme, on[, drawing])`, `provision_map(provision, on[, drawing])`
(both return a `WorldMap` with the SVG, the legend in words and rows for a text alternative;
a `Drawing` says which laws, links and legend), `regions()`, `region_of(id)`.
"""

from swpolicy.maps.world import (
    Drawing,
    Place,
    Shade,
    WorldMap,
    provision_map,
    regime_map,
    region_of,
    regions,
)

__all__ = [
    "Drawing",
    "Place",
    "Shade",
    "WorldMap",
    "provision_map",
    "regime_map",
    "region_of",
    "regions",
]
