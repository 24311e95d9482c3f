"""Whether a claim describes the same happening as an existing event, and how surely.

Claims and events are compared as flat rows (the columns of the claims and
events tables), so the store can hand over candidates from a blocked query.
"""
from __future__ import annotations

from typing import Any, Mapping

__all__ = ["NAME", "VERSION", "THRESHOLD", "consistent", "score", "place_relation"]

NAME = "linker"
VERSION = "1"
THRESHOLD = 1.6

# Types a careful coder might give the same happening, depending on the report's words.
_COMPATIBLE_TYPES = {
    frozenset({"Violence against civilians", "Protests"}),
    frozenset({"Violence against civilians", "Explosions/Remote violence"}),
    frozenset({"Battles", "Riots"}),
    frozenset({"Battles", "Explosions/Remote violence"}),
}

Row = Mapping[str, Any]


def place_relation(a: Row, b: Row) -> str:
    """same | within (one is a neighbourhood of the other's city) | unknown | different."""
    if a.get("place_id") is None or b.get("place_id") is None:
        return "unknown"
    if a["place_id"] == b["place_id"]:
        return "same"
    for inner, outer in ((a, b), (b, a)):
        if (inner.get("place_kind") == "neighbourhood" and outer.get("place_kind") != "neighbourhood"
                and inner.get("place_parent") and inner["place_parent"] == outer.get("location")):
            return "within"
    return "different"


def _days_apart(a: Row, b: Row) -> int:
    """0 when the date ranges overlap, else the gap in days (ISO strings compare as dates)."""
    import datetime as dt

    if a["date_low"] <= b["date_high"] and b["date_low"] <= a["date_high"]:
        return 0
    lo, hi = sorted([(a["date_high"], b["date_low"]), (b["date_high"], a["date_low"])])[0]
    return (dt.date.fromisoformat(hi) - dt.date.fromisoformat(lo)).days


def consistent(a: Row, b: Row) -> bool:
    """Whether two claims may sit in one event: no other place, and a type their places allow.

    Used when a claim joins an event (or two events merge) so that single links
    cannot chain a neighbourhood's killing and the city's shelling into one event.
    """
    relation = place_relation(a, b)
    if relation == "different":
        return False
    if a["event_type"] == b["event_type"]:
        return True
    return relation == "same" and frozenset({a["event_type"], b["event_type"]}) in _COMPATIBLE_TYPES


def score(claim: Row, event: Row) -> tuple[float, dict[str, Any]] | None:
    """A match score (higher is surer) and the features behind it, or None if they cannot match."""
    if claim.get("country") and event.get("country") and claim["country"] != event["country"]:
        return None
    gap = _days_apart(claim, event)
    if gap > 0:
        return None
    relation = place_relation(claim, event)
    if relation == "different":
        return None
    if relation == "unknown" and claim.get("place_id") != event.get("place_id"):
        return None
    types = frozenset({claim["event_type"], event["event_type"]})
    if len(types) == 1:
        type_score = 1.0 + (0.25 if claim["sub_event_type"] == event["sub_event_type"] else 0.0)
    elif types in _COMPATIBLE_TYPES and relation == "same":
        type_score = 0.4
    else:
        return None
    place_score = {"same": 1.0, "within": 0.6, "unknown": 0.3}[relation]
    # A precise date on both sides that agrees is stronger evidence than overlapping ranges.
    date_score = 0.5 if claim["event_date"] == event["event_date"] else 0.2
    actor_score = 0.0
    inter_c = {claim.get("inter1"), claim.get("inter2")} - {None}
    inter_e = {event.get("inter1"), event.get("inter2")} - {None}
    if inter_c and inter_e:
        actor_score = 0.25 if inter_c & inter_e else -0.5
    total = type_score + place_score + date_score + actor_score
    features = {"type": round(type_score, 2), "place": relation, "date": round(date_score, 2),
                "actors": actor_score, "gap_days": gap}
    return round(total, 3), features
