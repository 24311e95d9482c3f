"""claim reported_at: when the claim's document (or liveblog entry) was published

Tolls take a source's latest figure, so a claim needs the time it was reported.

Revision ID: 0003_claim_reported_at
Revises: 0002_review
"""
import sqlalchemy as sa
from alembic import op

revision = "0003_claim_reported_at"
down_revision = "0002_review"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("claims") as batch:
        batch.add_column(sa.Column("reported_at", sa.String))


def downgrade() -> None:
    with op.batch_alter_table("claims") as batch:
        batch.drop_column("reported_at")
