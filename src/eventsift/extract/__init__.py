"""Extract stage: claims (what, when, where, who, how many, says who) from a document."""
from __future__ import annotations

__all__ = ["extract_claims"]


def extract_claims(doc, gaz=None):
    from eventsift.extract.claims import extract_claims as run
    return run(doc, gaz)
