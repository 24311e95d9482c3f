"""An event's fields from the claims behind it: type, date, place, actors, tolls, grade."""
from __future__ import annotations

import json
from collections import Counter
from typing import Any, Iterable, Mapping

__all__ = ["build_event", "reconcile_tolls", "grade", "CONTESTED_RATIO", "CONTESTED_MIN_GAP"]

# Two independent sources whose tolls differ by more than this ratio and gap make an event contested.
CONTESTED_RATIO = 1.5
CONTESTED_MIN_GAP = 3

Row = Mapping[str, Any]


def reconcile_tolls(claims: Iterable[Row]) -> tuple[int, int, int]:
    """low / best / high over the claims that state a figure.

    Each source's figure is the one in its latest report (a source revising its
    own toll replaces it; within one report, its lowest figure). best is then the
    lowest credible figure among sources (ACLED's conservative rule); low and high
    span every figure any claim allows. Claims without a figure do not count as zero.
    """
    stated = [c for c in claims if c.get("fatalities_best") is not None]
    if not stated:
        return 0, 0, 0
    low = min(c["fatalities_low"] for c in stated)
    high = max(c["fatalities_high"] for c in stated)
    latest: dict[str, tuple[str, int]] = {}
    for c in stated:
        when = c.get("reported_at") or ""
        seen = latest.get(_root(c))
        if seen is None or when > seen[0] or (when == seen[0] and c["fatalities_best"] < seen[1]):
            latest[_root(c)] = (when, c["fatalities_best"])
    best = min(figure for _, figure in latest.values())
    return low, max(low, best), max(high, best)


def _root(c: Row) -> str:
    return (c.get("source_root") or "").strip().lower() or "unattributed"


def grade(claims: list[Row]) -> tuple[str, str]:
    """The corroboration grade and the reason for it."""
    roots = sorted({_root(c) for c in claims})
    figures = {}
    for c in claims:
        if c.get("fatalities_best") is not None:
            figures.setdefault(_root(c), []).append(c["fatalities_best"])
    if len(figures) >= 2:
        per_source = {r: min(v) for r, v in figures.items()}
        lo, hi = min(per_source.values()), max(per_source.values())
        if hi > CONTESTED_RATIO * lo and hi - lo >= CONTESTED_MIN_GAP:
            return "contested", f"tolls differ between sources: {lo} to {hi}"
    perpetrators = {}
    for c in claims:
        if c.get("inter1") is not None:
            perpetrators.setdefault(_root(c), set()).add(c["inter1"])
    if len(perpetrators) >= 2 and not set.intersection(*perpetrators.values()):
        return "contested", "sources disagree on who did it"
    if len(roots) >= 2:
        return "fair", f"{len(roots)} independent sources: " + "; ".join(roots)
    return "weak", f"one independent source: {roots[0]}"


def _most_common(values: list[Any]) -> Any:
    values = [v for v in values if v not in (None, "")]
    return Counter(values).most_common(1)[0][0] if values else None


def build_event(claims: list[Row]) -> dict[str, Any]:
    """Event columns (all but id and timestamp) reconciled from its claims, oldest first."""
    etype = _most_common([c["event_type"] for c in claims])
    sub = _most_common([c["sub_event_type"] for c in claims if c["event_type"] == etype])
    # The most precise date wins; among equals the narrowest range.
    dated = min(claims, key=lambda c: (c["time_precision"], c["date_high"] > c["date_low"]))
    lows = max(c["date_low"] for c in claims)
    highs = min(c["date_high"] for c in claims)
    date_low, date_high = (lows, highs) if lows <= highs else (dated["date_low"], dated["date_high"])
    event_date = dated["event_date"] if date_low <= dated["event_date"] <= date_high else date_low
    placed = min(claims, key=lambda c: (c["geo_precision"], c.get("place_kind") != "neighbourhood",
                                        c.get("latitude") is None))
    actor_claim = max(claims, key=lambda c: (c.get("inter1") is not None) + (c.get("inter2") is not None))
    low, best, high = reconcile_tolls(claims)
    corroboration, reason = grade(claims)
    return {
        "event_date": event_date, "date_low": date_low, "date_high": date_high,
        "time_precision": dated["time_precision"] if date_low == dated["date_low"] else 2,
        "event_type": etype, "sub_event_type": sub,
        "actor1": actor_claim.get("actor1"), "inter1": actor_claim.get("inter1"),
        "actor2": actor_claim.get("actor2"), "inter2": actor_claim.get("inter2"),
        "country": placed.get("country"), "admin1": placed.get("admin1"), "admin2": None,
        "location": placed.get("location"), "place_id": placed.get("place_id"),
        "place_kind": placed.get("place_kind"), "place_parent": placed.get("place_parent"),
        "latitude": placed.get("latitude"), "longitude": placed.get("longitude"),
        "geo_precision": placed["geo_precision"],
        "fatalities_low": low, "fatalities_best": best, "fatalities_high": high,
        "corroboration": corroboration, "corroboration_reason": reason,
        "notes": _notes(claims),
    }


def _notes(claims: list[Row]) -> str:
    """The first claim's sentence, and the hedges any source put on the event."""
    hedges: list[str] = []
    for c in claims:
        if c.get("hedged") and c.get("data"):
            data = json.loads(c["data"]) if isinstance(c["data"], str) else c["data"]
            hedges += [h["text"].lower() for h in data.get("hedges", []) if h["text"].lower() not in hedges]
    note = claims[0]["sentence"][:500]
    return f"{note} [hedged: {'; '.join(hedges)}]" if hedges else note
