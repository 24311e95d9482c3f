"""Synthetic claim rows for linking benchmarks and property tests.

Incidents are drawn over a year and over real Syrian places (the bundled
gazetteer's towns and neighbourhoods); each incident is reported by one to five
claims whose dates, places (city or neighbourhood) and tolls vary as real
reports do.
"""
from __future__ import annotations

import csv
import datetime as dt
import random
from importlib import resources
from typing import Iterator

TYPES = [("Battles", "Armed clash"), ("Explosions/Remote violence", "Shelling/artillery/missile attack"),
         ("Explosions/Remote violence", "Air/drone strike"), ("Violence against civilians", "Attack"),
         ("Protests", "Peaceful protest"), ("Strategic developments", "Arrests")]


def _places() -> list[dict]:
    path = resources.files("eventsift") / "data" / "places.tsv"
    with path.open(encoding="utf-8") as f:
        rows = [r for r in csv.DictReader(f, delimiter="\t")
                if r["country"] == "Syria" and r["kind"] in ("neighbourhood", "town", "city", "village")]
    return rows


def claims(n: int, seed: int = 0) -> Iterator[dict]:
    rnd = random.Random(seed)
    places = _places()
    start = dt.date(2014, 1, 1).toordinal()
    made = 0
    incident = 0
    while made < n:
        incident += 1
        place = rnd.choice(places)
        etype, sub = rnd.choice(TYPES)
        day = start + rnd.randrange(365)
        toll = rnd.choice([0, 0, 1, 2, 3, 5, 8, 12, 20])
        for k in range(min(n - made, rnd.choice([1, 1, 1, 2, 2, 3, 5]))):
            low = day - (1 if rnd.random() < 0.2 else 0)
            figure = max(0, toll + rnd.choice([0, 0, 0, 1, -1, 3]))
            made += 1
            yield {
                "id": f"c{made:08d}", "incident": incident, "doc_id": f"d{made:08d}",
                "event_type": etype, "sub_event_type": sub,
                "event_date": dt.date.fromordinal(day).isoformat(),
                "date_low": dt.date.fromordinal(low).isoformat(),
                "date_high": dt.date.fromordinal(day).isoformat(), "time_precision": 1,
                "place_id": place["id"], "place_kind": place["kind"],
                "place_parent": place["parent"] or None, "location": place["name"],
                "country": "Syria", "admin1": place["admin1"], "latitude": float(place["lat"]),
                "longitude": float(place["lon"]), "geo_precision": 1,
                "inter1": rnd.choice([1, 1, 2, None]), "inter2": 7 if etype != "Battles" else 2,
                "fatalities_low": figure, "fatalities_best": figure, "fatalities_high": figure,
                "source_root": rnd.choice(["SOHR", "SANA", "LCC", "residents"]),
                "sentence": "", "data": "{}",
            }
