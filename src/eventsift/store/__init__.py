"""Store stage: SQLAlchemy tables, Alembic migrations and the Store object."""
from eventsift.store.database import DocumentConflict, Store, claim_row

__all__ = ["Store", "DocumentConflict", "claim_row"]
