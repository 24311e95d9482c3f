"""GeoJSON FeatureCollection of events; events without coordinates have a null geometry."""
from __future__ import annotations

import json
from typing import Any, Iterable, TextIO

__all__ = ["write_geojson", "feature"]

_SKIP = {"latitude", "longitude"}


def feature(e: dict[str, Any]) -> dict[str, Any]:
    geometry = None
    if e.get("latitude") is not None and e.get("longitude") is not None:
        geometry = {"type": "Point", "coordinates": [e["longitude"], e["latitude"]]}
    props = {k: v for k, v in e.items() if k not in _SKIP}
    return {"type": "Feature", "id": e["id"], "geometry": geometry, "properties": props}


def write_geojson(events: Iterable[dict[str, Any]], out: TextIO) -> int:
    # Streamed feature by feature so a large export never sits in memory whole.
    out.write('{"type": "FeatureCollection", "features": [\n')
    n = 0
    for e in events:
        out.write((",\n" if n else "") + json.dumps(feature(e), ensure_ascii=False, default=str))
        n += 1
    out.write("\n]}\n")
    return n
