"""link event repair: each link decision names the event its claim is in

Before this version, when a claim merged away an event that an earlier claim of
the same document had just joined, the earlier claim's link decision kept the
merged-away event's id. Claims were always right; their decisions follow them.

Revision ID: 0007_link_event_repair
Revises: 0006_claim_block
"""
from alembic import op

revision = "0007_link_event_repair"
down_revision = "0006_claim_block"
branch_labels = None
depends_on = None

_CLAIM_EVENT = "(SELECT claims.event_id FROM claims WHERE claims.id = links.claim_id)"


def upgrade() -> None:
    op.execute(f"UPDATE links SET event_id = {_CLAIM_EVENT} "
               f"WHERE {_CLAIM_EVENT} IS NOT NULL AND event_id <> {_CLAIM_EVENT}")


def downgrade() -> None:
    pass  # the stale ids were wrong; there is nothing to restore
