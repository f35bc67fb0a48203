"""选题 and assignments: plans, their people, their stories and their notes

Revision ID: 0011
Revises: 0003
"""
import sqlalchemy as sa
from alembic import op


revision = "0011"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "plans",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("title", sa.String(200), nullable=False),
        sa.Column("angle", sa.Text, nullable=False, server_default=""),
        sa.Column("channel_id", sa.Integer, sa.ForeignKey("channels.id"), nullable=True),
        sa.Column("planned_date", sa.String(10), nullable=False),
        sa.Column("deadline", sa.DateTime(timezone=True), nullable=True),
        sa.Column("expected_chars", sa.Integer, nullable=False, server_default="0"),
        sa.Column("priority", sa.Integer, nullable=False, server_default="0"),
        sa.Column("status", sa.String(16), nullable=False, server_default="proposed"),
        sa.Column("reason", sa.Text, nullable=False, server_default=""),
        sa.Column("proposer_id", sa.Integer, sa.ForeignKey("users.id"), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
    )
    op.create_index("ix_plans_planned_date", "plans", ["planned_date"])
    op.create_index("ix_plans_status", "plans", ["status"])
    op.create_table(
        "plan_assignments",
        sa.Column("plan_id", sa.Integer, sa.ForeignKey("plans.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("user_id", sa.Integer, sa.ForeignKey("users.id"), primary_key=True),
        sa.Column("role", sa.String(16), primary_key=True),
    )
    op.create_index("ix_plan_assignments_user_id", "plan_assignments", ["user_id"])
    op.create_table(
        "plan_articles",
        sa.Column("plan_id", sa.Integer, sa.ForeignKey("plans.id", ondelete="CASCADE"), nullable=False),
        sa.Column("article_id", sa.Integer, sa.ForeignKey("articles.id", ondelete="CASCADE"),
                  primary_key=True),
        sa.Column("kind", sa.String(16), nullable=False, server_default="文字稿"),
    )
    op.create_index("ix_plan_articles_plan_id", "plan_articles", ["plan_id"])
    op.create_table(
        "plan_notes",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("plan_id", sa.Integer, sa.ForeignKey("plans.id", ondelete="CASCADE"), nullable=False),
        sa.Column("author_id", sa.Integer, sa.ForeignKey("users.id"), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False, server_default="comment"),
        sa.Column("body", sa.Text, nullable=False, server_default=""),
        sa.Column("asset_id", sa.Integer, sa.ForeignKey("assets.id"), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_plan_notes_plan_id", "plan_notes", ["plan_id"])


def downgrade() -> None:
    for t in ("plan_notes", "plan_articles", "plan_assignments", "plans"):
        op.drop_table(t)
