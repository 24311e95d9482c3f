"""Link claims into events: candidate scoring, then reconciling each event's fields."""
from eventsift.link.cluster import block_keys, city_key, cluster
from eventsift.link.matching import NAME, THRESHOLD, VERSION, consistent, place_relation, score
from eventsift.link.reconcile import build_event, grade, reconcile_tolls

__all__ = ["NAME", "VERSION", "THRESHOLD", "score", "place_relation", "build_event", "grade",
           "reconcile_tolls", "cluster", "block_keys", "city_key", "consistent"]
