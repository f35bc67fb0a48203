"""render cache in the database (issue #21)

Revision ID: 0009
Revises: 0007
Create Date: 2026-12-05 09:20:00

- render_cache: per article (and variant) the sanitised HTML of its body, rendered when an
  editor saves or signs it (app/publish/render_store.py), so a cold export finds bodies
  rendered instead of writing 10,000 small files. A row is valid while ``source`` equals the
  article's body and ``renderer`` equals the renderer's version: any change to the body, by
  whatever writer, makes it stale; nothing has to delete it. Kept out of the ORM metadata.
"""
import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "render_cache",
        sa.Column("article_id", sa.Integer(), primary_key=True, autoincrement=False),
        sa.Column("variant", sa.String(16), primary_key=True),
        sa.Column("renderer", sa.String(16), nullable=False),
        sa.Column("source", sa.Text(), nullable=False),
        sa.Column("html", sa.Text(), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("render_cache")
