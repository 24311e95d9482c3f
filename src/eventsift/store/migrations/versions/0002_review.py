"""review: human decisions on events (merge, split, confirm, discount)

Revision ID: 0002_review
Revises: 0001_initial
"""
import sqlalchemy as sa
from alembic import op

revision = "0002_review"
down_revision = "0001_initial"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("events") as batch:
        batch.add_column(sa.Column("review", sa.String))  # confirmed | discounted, set by a person
        batch.add_column(sa.Column("review_reason", sa.Text))
    op.create_table(
        "decisions",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("action", sa.String, nullable=False),  # merge | split | confirm | discount
        sa.Column("event_id", sa.String, nullable=False, index=True),
        sa.Column("other_event_id", sa.String),
        sa.Column("claim_ids", sa.Text, nullable=False),  # JSON list
        sa.Column("reason", sa.Text),
        sa.Column("decided_by", sa.String),
        sa.Column("decided_at", sa.String, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("decisions")
    with op.batch_alter_table("events") as batch:
        batch.drop_column("review_reason")
        batch.drop_column("review")
