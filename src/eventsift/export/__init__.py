"""Export stage: ACLED CSV, GeoJSON and JSON Lines."""
from eventsift.export.acled import ACLED_COLUMNS, EXTRA_COLUMNS, write_acled
from eventsift.export.deletions import DELETION_COLUMNS, write_deletions
from eventsift.export.geojson import write_geojson
from eventsift.export.jsonl import write_jsonl

FORMATS = ("acled", "geojson", "jsonl", "deletions", "html")  # html: eventsift.serve.page

__all__ = ["ACLED_COLUMNS", "EXTRA_COLUMNS", "DELETION_COLUMNS", "FORMATS", "write_acled",
           "write_deletions", "write_geojson", "write_jsonl"]
