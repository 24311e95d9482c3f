"""ACLED-style CSV: ACLED's column names in ACLED's order, then eventsift's own columns."""
from __future__ import annotations

import csv
from typing import Any, Iterable, TextIO

__all__ = ["ACLED_COLUMNS", "EXTRA_COLUMNS", "write_acled", "acled_row"]

ACLED_COLUMNS = [
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type",
    "sub_event_type", "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2",
    "interaction", "civilian_targeting", "iso", "region", "country", "admin1", "admin2", "admin3",
    "location", "latitude", "longitude", "geo_precision", "source", "source_scale", "notes",
    "fatalities", "tags", "timestamp",
]
EXTRA_COLUMNS = ["fatalities_low", "fatalities_high", "corroboration", "doc_ids"]

# ISO 3166 numeric codes and ACLED regions of the countries the gazetteer most often meets.
_COUNTRIES = {
    "Syria": (760, "Middle East"), "Iraq": (368, "Middle East"), "Lebanon": (422, "Middle East"),
    "Jordan": (400, "Middle East"), "Turkey": (792, "Middle East"), "Israel": (376, "Middle East"),
    "Palestine": (275, "Middle East"), "Bahrain": (48, "Middle East"), "Yemen": (887, "Middle East"),
    "Saudi Arabia": (682, "Middle East"), "Iran": (364, "Middle East"), "Kuwait": (414, "Middle East"),
    "Qatar": (634, "Middle East"), "Oman": (512, "Middle East"),
    "United Arab Emirates": (784, "Middle East"), "Egypt": (818, "Northern Africa"),
    "Libya": (434, "Northern Africa"), "Tunisia": (788, "Northern Africa"),
    "Russia": (643, "Europe"), "Ukraine": (804, "Europe"),
}


def _disorder(event_type: str, sub: str) -> str:
    if event_type in ("Protests", "Riots"):
        return ("Political violence; Demonstrations" if sub == "Excessive force against protesters"
                else "Demonstrations")
    if event_type == "Strategic developments":
        return "Strategic developments"
    return "Political violence"


def acled_row(e: dict[str, Any]) -> dict[str, Any]:
    iso, region = _COUNTRIES.get(e.get("country") or "", ("", ""))
    civ = "Civilian targeting" if 7 in (e.get("inter1"), e.get("inter2")) and e["event_type"] in (
        "Violence against civilians", "Explosions/Remote violence") else ""
    codes = sorted(c for c in (e.get("inter1"), e.get("inter2")) if c)
    interaction = (codes[0] * 10 + codes[1]) if len(codes) == 2 else (codes[0] * 10 if codes else "")
    return {
        "event_id_cnty": e["id"], "event_date": e["event_date"], "year": e["event_date"][:4],
        "time_precision": e["time_precision"],
        "disorder_type": _disorder(e["event_type"], e["sub_event_type"]),
        "event_type": e["event_type"], "sub_event_type": e["sub_event_type"],
        "actor1": e.get("actor1") or "", "assoc_actor_1": "", "inter1": e.get("inter1") or "",
        "actor2": e.get("actor2") or "", "assoc_actor_2": "", "inter2": e.get("inter2") or "",
        "interaction": interaction, "civilian_targeting": civ, "iso": iso, "region": region,
        "country": e.get("country") or "", "admin1": e.get("admin1") or "",
        "admin2": e.get("admin2") or "", "admin3": "", "location": e.get("location") or "",
        "latitude": "" if e.get("latitude") is None else f"{e['latitude']:.4f}",
        "longitude": "" if e.get("longitude") is None else f"{e['longitude']:.4f}",
        "geo_precision": e["geo_precision"], "source": "; ".join(e.get("sources", [])),
        "source_scale": "", "notes": e.get("notes") or "", "fatalities": e["fatalities_best"],
        "tags": "", "timestamp": e["timestamp"],
        "fatalities_low": e["fatalities_low"], "fatalities_high": e["fatalities_high"],
        "corroboration": e["corroboration"], "doc_ids": ";".join(e.get("doc_ids", [])),
    }


def write_acled(events: Iterable[dict[str, Any]], out: TextIO) -> int:
    writer = csv.DictWriter(out, fieldnames=ACLED_COLUMNS + EXTRA_COLUMNS, lineterminator="\n")
    writer.writeheader()
    n = 0
    for e in events:
        writer.writerow(acled_row(e))
        n += 1
    return n
