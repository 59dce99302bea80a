"""Build `data/geometry.json`, the outlines `hedge map` draws, from Natural Earth (1:110m).

Only what the map needs: per country (ISO 3166 alpha-3, joined on Natural Earth's ADM0_A3,
since ISO_A3 is "-99" for France and Norway) its outer rings, simplified (Douglas-Peucker,
0.05 degree) and rounded to 0.01 degree with repeated points dropped; every country of the world but Antarctica, so that the
covered ones sit among their uncovered neighbours. Malta and Singapore are no polygons at this
scale: they are points (their capitals). Holes (Lesotho in South Africa) are left out: the map
draws the smaller country on top.
"""

from __future__ import annotations

import json
from pathlib import Path

from ..errors import HedgeError

SOURCE = Path("natural-earth-110m") / "ne_110m_admin_0_countries.geojson"
FORMAT = "hedge-geometry/1"
LEFT_OUT = {"ATA"}  # Antarctica: no ally there, and half the height of a world map
# Valletta, Singapore; Manama as the CIA World Factbook gives it (26 13 N, 50 35 E)
POINTS = {"MLT": [14.51, 35.9], "SGP": [103.85, 1.29], "BHR": [50.58, 26.22]}
CREDIT = {
    "title": "Natural Earth, Admin 0 - Countries, 1:110m (v4)",
    "publisher": "Natural Earth",
    "url": "https://www.naturalearthdata.com/",
    "licence": "public domain",
    "credit": "Made with Natural Earth",
    "note": "Borders follow Natural Earth's de facto policy. Outer rings only, simplified to 0.05 degree and "
            "rounded to 0.01 degree.",
}


TOLERANCE = 0.05  # degrees: Douglas-Peucker simplification, below what a page-width map shows


def _simplify(points: list[list[float]], tolerance: float) -> list[list[float]]:
    """Ramer-Douglas-Peucker on an open line: the points farther than `tolerance` from the
    chord of their stretch, and the ends (iterative, deterministic)."""
    if len(points) < 3:
        return points
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        a, b = stack.pop()
        (ax, ay), (bx, by) = points[a], points[b]
        dx, dy = bx - ax, by - ay
        norm = (dx * dx + dy * dy) ** 0.5
        far, index = -1.0, None
        for i in range(a + 1, b):
            px, py = points[i]
            d = abs(dy * (px - ax) - dx * (py - ay)) / norm if norm else ((px - ax) ** 2 + (py - ay) ** 2) ** 0.5
            if d > far:
                far, index = d, i
        if index is not None and far > tolerance:
            keep[index] = True
            stack += [(a, index), (index, b)]
    return [p for p, k in zip(points, keep) if k]


def _ring(coords: list) -> list[list[float]]:
    """An outer ring, simplified, rounded to 0.01 degree, repeated points dropped, left open."""
    line = _simplify([[float(x), float(y)] for x, y in coords], TOLERANCE)
    out: list[list[float]] = []
    for x, y in line:
        point = [round(x, 2) + 0.0, round(y, 2) + 0.0]
        if not out or point != out[-1]:
            out.append(point)
    if len(out) > 1 and out[0] == out[-1]:
        out.pop()  # implicitly closed
    return out


def build_geometry(raw: Path) -> dict:
    path = Path(raw) / SOURCE
    try:
        features = json.loads(path.read_text(encoding="utf-8"))["features"]
    except (OSError, ValueError, KeyError) as exc:
        raise HedgeError(f"cannot read {path}: {exc}") from None
    countries: dict[str, dict] = {}
    for feature in features:
        props, geometry = feature["properties"], feature["geometry"]
        code = props["ADM0_A3"]
        if code in LEFT_OUT or geometry is None:
            continue
        polygons = geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
        rings = [r for r in (_ring(p[0]) for p in polygons) if len(r) >= 3]
        if code in countries:
            raise HedgeError(f"{path}: {code} appears twice")
        countries[code] = {"name": props["NAME"], "rings": rings}
    return {"format": FORMAT, "source": CREDIT, "points": POINTS,
            "countries": {k: countries[k] for k in sorted(countries)}}


def serialise(geometry: dict) -> bytes:
    """Compact JSON, a country a line (a diff shows which outline changed)."""
    head = {k: v for k, v in geometry.items() if k != "countries"}
    lines = [json.dumps(head, ensure_ascii=False, separators=(",", ":"))[:-1] + ',"countries":{']
    items = list(geometry["countries"].items())
    for i, (code, entry) in enumerate(items):
        comma = "," if i < len(items) - 1 else ""
        lines.append(json.dumps(code) + ":" + json.dumps(entry, ensure_ascii=False, separators=(",", ":")) + comma)
    lines.append("}}")
    return ("\n".join(lines) + "\n").encode("utf-8")
