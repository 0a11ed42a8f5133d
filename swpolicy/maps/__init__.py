"""World maps of the law: SVG drawn offline from shipped Natural Earth boundaries.

Public API: `regime_map(scheme, on)`, `provision_map(provision, on)` (both return a `WorldMap`
with the SVG, the legend in words and rows for a text alternative), `regions()`, `region_of(id)`.
"""

from swpolicy.maps.world import (
    Place,
    Shade,
    WorldMap,
    provision_map,
    regime_map,
    region_of,
    regions,
)

__all__ = ["Place", "Shade", "WorldMap", "provision_map", "regime_map", "region_of", "regions"]
