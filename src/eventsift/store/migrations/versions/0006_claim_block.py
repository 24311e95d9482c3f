"""claim block: the linking block key (the city, or the place) indexed with the date

Linking looks up the claims of one block (country, city, overlapping dates);
an index on exactly that keeps the lookup small however many claims are stored.

Revision ID: 0006_claim_block
Revises: 0005_search
"""
import sqlalchemy as sa
from alembic import op

revision = "0006_claim_block"
down_revision = "0005_search"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("claims") as batch:
        batch.add_column(sa.Column("block", sa.String))
    # Existing rows: neighbourhoods block with their city, everything else with its own place.
    op.execute("UPDATE claims SET block = CASE WHEN place_kind = 'neighbourhood' AND place_parent IS NOT NULL "
               "THEN place_parent ELSE COALESCE(location, place_id) END WHERE place_id IS NOT NULL")
    op.create_index("ix_claims_link_block", "claims", ["country", "block", "date_low"])


def downgrade() -> None:
    op.drop_index("ix_claims_link_block", "claims")
    with op.batch_alter_table("claims") as batch:
        batch.drop_column("block")
