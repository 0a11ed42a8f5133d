"""Build swpolicy/maps/data/world.json from Natural Earth GeoJSON (run once, not at run time).

Inputs (public domain, Natural Earth, https://www.naturalearthdata.com), as GeoJSON:
  ne_110m_admin_0_countries.json   countries, 1:110m
  ne_110m_admin_0_map_units.json   map units, 1:110m (England, Scotland, Wales, Northern Ireland)
  ne_50m_admin_1_states_provinces.json   first-order units, 1:50m (US and Australian states)

The copies used were those of the GeoJSON conversion in github.com/martynafford/
natural-earth-geojson (CC0), commit 0b9a6ceb0a7032713abd9460ac1e995a9c60cd1e (2024-01-24); see
swpolicy/maps/data/NOTICE.md. The script projects every ring with the Equal Earth projection
(Šavrič, Patterson and Jenny 2018), simplifies it (Douglas-Peucker in projected units), drops
Antarctica and islands too small to see, and writes SVG path data with one decimal, so the
package needs no geographic library at run time.

Usage: python scripts/build_world_map.py NE_DIR [--out swpolicy/maps/data/world.json]
"""

from __future__ import annotations

import argparse
import itertools
import json
import math
from pathlib import Path
from typing import Any

Point = tuple[float, float]

# Equal Earth constants (Šavrič et al. 2018, International Journal of Geographical Information
# Science 33(3), doi:10.1080/13658816.2018.1504949).
A1, A2, A3, A4 = 1.340264, -0.081106, 0.000893, 0.003796
M = math.sqrt(3) / 2
WIDTH = 1000.0
X_MAX = 2.7064  # |x| at longitude 180
SCALE = WIDTH / (2 * X_MAX)
NORTH, SOUTH = 84.0, -58.0  # latitudes kept (Antarctica is dropped)

# Natural Earth 1:110m leaves ISO_A2 at -99 for these; their ISO 3166-1 codes.
ISO_FIX = {"FRA": "FR", "NOR": "NO"}
# Map units that replace a country, and the swpolicy jurisdiction ids they belong to.
GB_UNITS = {"ENG": "gb-eaw", "WLS": "gb-eaw", "SCT": "gb-sct", "NIR": "gb-nir"}
GB_NAMES = {"gb-eaw": "England and Wales", "gb-sct": "Scotland", "gb-nir": "Northern Ireland"}
ADMIN1_COUNTRIES = ("US", "AU")


def project(lon: float, lat: float) -> Point:
    lam, phi = math.radians(lon), math.radians(lat)
    theta = math.asin(M * math.sin(phi))
    t2, t6 = theta * theta, theta**6
    x = (
        2
        * math.sqrt(3)
        * lam
        * math.cos(theta)
        / (3 * (A1 + 3 * A2 * t2 + t6 * (7 * A3 + 9 * A4 * t2)))
    )
    y = theta * (A1 + A2 * t2 + t6 * (A3 + A4 * t2))
    _, top = _raw(NORTH)
    return (x + X_MAX) * SCALE, (top - y) * SCALE


def _raw(lat: float) -> Point:
    theta = math.asin(M * math.sin(math.radians(lat)))
    t2, t6 = theta * theta, theta**6
    return 0.0, theta * (A1 + A2 * t2 + t6 * (A3 + A4 * t2))


def height() -> float:
    return (_raw(NORTH)[1] - _raw(SOUTH)[1]) * SCALE


def simplify(points: list[Point], tolerance: float) -> list[Point]:
    """Douglas-Peucker, iterative (rings can be long)."""
    if len(points) < 4:
        return points
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        (x1, y1), (x2, y2) = points[first], points[last]
        dx, dy = x2 - x1, y2 - y1
        norm = math.hypot(dx, dy)
        best, index = 0.0, -1
        for i in range(first + 1, last):
            px, py = points[i]
            # A closed ring starts and ends on the same point: use the distance to that point.
            dist = (
                abs(dy * (px - x1) - dx * (py - y1)) / norm
                if norm > 1e-9
                else math.hypot(px - x1, py - y1)
            )
            if dist > best:
                best, index = dist, i
        if best > tolerance and index > 0:
            keep[index] = True
            stack += [(first, index), (index, last)]
    return [p for p, k in zip(points, keep, strict=True) if k]


def rings(geometry: dict[str, Any]) -> list[list[list[float]]]:
    if geometry["type"] == "Polygon":
        return list(geometry["coordinates"])
    return [ring for polygon in geometry["coordinates"] for ring in polygon]


def path(geometries: list[dict[str, Any]], tolerance: float, min_size: float) -> str:
    """SVG path data (relative moves, one decimal) for all rings of the geometries."""
    parts: list[str] = []
    candidates = []
    for geometry in geometries:
        for ring in rings(geometry):
            pts = [project(lon, max(min(lat, NORTH), SOUTH)) for lon, lat in ring]
            xs, ys = [p[0] for p in pts], [p[1] for p in pts]
            size = max(max(xs) - min(xs), max(ys) - min(ys))
            candidates.append((size, pts))
    biggest = max(size for size, _ in candidates)
    for size, pts in candidates:
        if size < min_size and size < biggest:  # keep at least the largest ring of each unit
            continue
        simple = simplify(pts, tolerance)
        rounded = [(round(x * 10), round(y * 10)) for x, y in simple]
        deduped = [p for i, p in enumerate(rounded) if i == 0 or p != rounded[i - 1]]
        if len(deduped) < 3:
            continue
        x0, y0 = deduped[0]
        steps = [f"M{x0 / 10:g} {y0 / 10:g}"]
        for (xa, ya), (xb, yb) in itertools.pairwise(deduped):
            steps.append(f"l{(xb - xa) / 10:g} {(yb - ya) / 10:g}")
        parts.append("".join(steps) + "z")
    return "".join(parts).replace(" -", "-")


def load(folder: Path, name: str) -> list[dict[str, Any]]:
    features: list[dict[str, Any]] = json.loads((folder / name).read_text("utf-8"))["features"]
    return features


def build(folder: Path) -> dict[str, Any]:
    out: list[dict[str, Any]] = []
    for f in load(folder, "ne_110m_admin_0_countries.json"):
        p = f["properties"]
        a3 = p["ADM0_A3"]
        if a3 in ("ATA", "GBR"):
            continue
        iso = ISO_FIX.get(a3, p["ISO_A2"])
        fid = iso.lower() if iso != "-99" else f"x-{a3.lower()}"
        out.append(
            {
                "id": fid,
                "name": p["NAME"],
                "region": p["REGION_UN"],
                "subregion": p["SUBREGION"],
                "d": path([f["geometry"]], 0.2, 1.0),
            }
        )
    gb: dict[str, list[dict[str, Any]]] = {}
    for f in load(folder, "ne_110m_admin_0_map_units.json"):
        unit = GB_UNITS.get(f["properties"]["GU_A3"])
        if unit:
            gb.setdefault(unit, []).append(f["geometry"])
    for unit, geometries in gb.items():
        out.append(
            {
                "id": unit,
                "name": GB_NAMES[unit],
                "region": "Europe",
                "subregion": "Northern Europe",
                "parent": "gb",
                "d": path(geometries, 0.2, 1.0),
            }
        )
    regions = {f["id"]: (f["region"], f["subregion"]) for f in out}
    for f in load(folder, "ne_50m_admin_1_states_provinces.json"):
        p = f["properties"]
        code = str(p["iso_3166_2"])
        if p["iso_a2"] not in ADMIN1_COUNTRIES or "~" in code:
            continue
        parent = p["iso_a2"].lower()
        region, subregion = regions[parent]
        out.append(
            {
                "id": code.lower(),
                "name": p["name"],
                "region": region,
                "subregion": subregion,
                "parent": parent,
                "d": path([f["geometry"]], 0.25, 0.8),
            }
        )
    return {
        "source": (
            "Natural Earth (public domain): 1:110m countries and map units; 1:50m states of "
            "the United States and Australia. Projection: Equal Earth."
        ),
        "width": WIDTH,
        "height": round(height(), 1),
        "features": out,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path, help="folder with the Natural Earth GeoJSON files")
    parser.add_argument("--out", type=Path, default=Path("swpolicy/maps/data/world.json"))
    args = parser.parse_args()
    data = build(args.folder)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(data, separators=(",", ":"), ensure_ascii=False) + "\n", "utf-8")
    print(f"{len(data['features'])} units, {args.out.stat().st_size / 1024:.0f} KiB -> {args.out}")


if __name__ == "__main__":
    main()
