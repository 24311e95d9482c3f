"""Store stage: SQLAlchemy tables, Alembic migrations and the Store object."""
from eventsift.store.database import DocumentConflict, Store, claim_row
from eventsift.store.review import REVIEW_GRADES, ReviewError

__all__ = ["Store", "DocumentConflict", "ReviewError", "REVIEW_GRADES", "claim_row"]
