"""outbox: when a job's current round of attempts began (the retry-time cap counts from it)

Revision ID: 0006
Revises: 0009
Create Date: 2026-12-05 09:30:00

``first_attempt_at`` is set when a job is first tried (and again after a manual retry); the
outbox stops retrying a job whose attempts have gone on longer than the target's
``max_retry_minutes``. Nullable: jobs queued before this revision start their window at their
next attempt.
"""
import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("outbox") as batch:
        batch.add_column(sa.Column("first_attempt_at", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("outbox") as batch:
        batch.drop_column("first_attempt_at")
