#!/usr/bin/env python3
"""Write data/geo/world-110m.json, the country outlines the web UI's map draws.

Input: countries-110m.json (TopoJSON) from the npm package world-atlas 2.0.2, which is built from
Natural Earth 1:110m Admin 0 countries (public domain). Fetch it with the ordinary npm client:

    cd /tmp && npm pack world-atlas@2.0.2 && tar xzf world-atlas-2.0.2.tgz
    python3 scripts/data/gen_world.py /tmp/package/countries-110m.json data/geo/world-110m.json

Output: a compact GeoJSON FeatureCollection (lon/lat rounded to 0.01 degree), one feature per
country with `id` (ISO 3166-1 numeric) and `properties.name`. Deterministic: the same input gives
the same bytes.
"""
import json
import sys


def decode_arcs(topo):
    """Absolute coordinates of every arc (TopoJSON arcs are delta-encoded and quantized)."""
    t = topo.get("transform")
    arcs = []
    for arc in topo["arcs"]:
        x = y = 0
        out = []
        for p in arc:
            if t:
                x += p[0]
                y += p[1]
                out.append([x * t["scale"][0] + t["translate"][0], y * t["scale"][1] + t["translate"][1]])
            else:
                out.append([p[0], p[1]])
        arcs.append(out)
    return arcs


def ring(arcs, indexes):
    pts = []
    for i in indexes:
        a = arcs[i] if i >= 0 else list(reversed(arcs[~i]))
        # Consecutive arcs share their joining point.
        pts.extend(a if not pts else a[1:])
    return pts


def rounded(ring_pts):
    out = []
    for x, y in ring_pts:
        p = [round(x, 2), round(y, 2)]
        if not out or out[-1] != p:
            out.append(p)
    if len(out) >= 2 and out[0] != out[-1]:
        out.append(out[0])
    return out


def unwrap(ring_pts):
    """Rings that cross the antimeridian jump from +180 to -180: make their longitudes
    continuous (some beyond ±180) and add a copy shifted by 360 degrees, so a plain
    equirectangular drawing clipped to -180..180 shows both halves without a stripe across
    the map."""
    out = [list(ring_pts[0])]
    for x, y in ring_pts[1:]:
        px = out[-1][0]
        while x - px > 180:
            x -= 360
        while px - x > 180:
            x += 360
        out.append([x, y])
    lo = min(p[0] for p in out)
    hi = max(p[0] for p in out)
    if hi > 180:
        return [out, [[x - 360, y] for x, y in out]]
    if lo < -180:
        return [out, [[x + 360, y] for x, y in out]]
    return [out]


def main(src, dst):
    with open(src, encoding="utf-8") as f:
        topo = json.load(f)
    arcs = decode_arcs(topo)
    features = []
    for g in topo["objects"]["countries"]["geometries"]:
        if g["type"] == "Polygon":
            polys = [g["arcs"]]
        elif g["type"] == "MultiPolygon":
            polys = g["arcs"]
        else:
            continue
        coords = []
        for poly in polys:
            rings = [rounded(ring(arcs, r)) for r in poly]
            rings = [r for r in rings if len(r) >= 4]
            if not rings:
                continue
            # Split the polygon into one copy per side of the antimeridian when its outer
            # ring crosses it (holes follow their outer ring).
            copies = [unwrap(r) for r in rings]
            for i in range(max(len(c) for c in copies)):
                coords.append([c[i] if i < len(c) else c[0] for c in copies])
        if not coords:
            continue
        features.append({
            "type": "Feature",
            "id": g.get("id"),
            "properties": {"name": g.get("properties", {}).get("name")},
            "geometry": {"type": "MultiPolygon", "coordinates": coords},
        })
    features.sort(key=lambda f: (f["id"] or "", f["properties"]["name"] or ""))
    doc = {
        "type": "FeatureCollection",
        "source": "Natural Earth 1:110m Admin 0 countries (public domain), via world-atlas 2.0.2",
        "features": features,
    }
    with open(dst, "w", encoding="utf-8") as f:
        json.dump(doc, f, separators=(",", ":"), ensure_ascii=False)
        f.write("\n")
    print(f"{dst}: {len(features)} countries")


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit("usage: gen_world.py countries-110m.json data/geo/world-110m.json")
    main(sys.argv[1], sys.argv[2])
