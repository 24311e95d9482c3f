"""Extract stage: claims (what, when, where, who, how many, says who) from a document."""
from __future__ import annotations

# The budget itself is eventsift.extract.budget.TIME_BUDGET_S (set it there to change it).
from eventsift.extract.budget import ExtractionTimeout

__all__ = ["ExtractionTimeout", "extract_claims"]


def extract_claims(doc, gaz=None, *, budget=None):
    """See :func:`eventsift.extract.claims.extract_claims`; raises ExtractionTimeout past the budget."""
    from eventsift.extract.claims import extract_claims as run
    return run(doc, gaz, budget=budget)
