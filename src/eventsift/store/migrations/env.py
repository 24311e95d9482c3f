"""Alembic environment: runs on the connection the store hands over."""
from alembic import context

from eventsift.store.migrate import include_object
from eventsift.store.schema import metadata

connection = context.config.attributes["connection"]
context.configure(connection=connection, target_metadata=metadata,
                  transaction_per_migration=True, render_as_batch=True,
                  include_object=include_object)
with context.begin_transaction():
    context.run_migrations()
