"""Link claims into events: candidate scoring, then reconciling each event's fields."""
from eventsift.link.matching import NAME, THRESHOLD, VERSION, place_relation, score
from eventsift.link.reconcile import build_event, grade, reconcile_tolls

__all__ = ["NAME", "VERSION", "THRESHOLD", "score", "place_relation", "build_event", "grade",
           "reconcile_tolls"]
