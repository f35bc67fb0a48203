"""the photo desk: library metadata on assets, 图集 (gallery) photos of an article

Revision ID: 0007
Revises: 0011
Create Date: 2026-12-05 09:20:00

- assets gains what the media library keeps of a photo: caption (图说), credit (摄影/来源), alt,
  keywords, date taken, place, rights (原创/转载 + source), camera, crops per output, the hash of
  the file as it was given (so the same photo imported twice is stored once, even though what we
  store is the cleaned file), a small JPEG thumbnail (the UI never decodes an original), updated_at.
- article_media: the ordered photos of a gallery article, each with its caption for that story.
- PostgreSQL newsroom mode (when the group roles exist): reporters and editors may update the
  library's descriptive columns of any asset and manage gallery rows.
"""
import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0011"
branch_labels = None
depends_on = None

UTC = sa.DateTime(timezone=True)
META_COLUMNS = ("caption", "credit", "alt", "keywords", "taken_at", "place", "rights", "rights_source",
                "camera", "crops", "updated_at")


def upgrade() -> None:
    with op.batch_alter_table("assets") as b:
        b.add_column(sa.Column("caption", sa.Text(), nullable=False, server_default=""))
        b.add_column(sa.Column("credit", sa.String(200), nullable=False, server_default=""))
        b.add_column(sa.Column("alt", sa.String(500), nullable=False, server_default=""))
        b.add_column(sa.Column("keywords", sa.JSON(), nullable=True))
        b.add_column(sa.Column("taken_at", UTC, nullable=True))
        b.add_column(sa.Column("place", sa.String(200), nullable=False, server_default=""))
        b.add_column(sa.Column("rights", sa.String(16), nullable=False, server_default="original"))
        b.add_column(sa.Column("rights_source", sa.String(200), nullable=False, server_default=""))
        b.add_column(sa.Column("camera", sa.String(200), nullable=False, server_default=""))
        b.add_column(sa.Column("crops", sa.JSON(), nullable=True))
        b.add_column(sa.Column("source_sha256", sa.String(64), nullable=False, server_default=""))
        b.add_column(sa.Column("thumb", sa.LargeBinary(), nullable=True))
        b.add_column(sa.Column("updated_at", UTC, nullable=True))
        b.create_index("ix_assets_source_sha256", ["source_sha256"])
    op.create_table(
        "article_media",
        sa.Column("article_id", sa.Integer(), sa.ForeignKey("articles.id", ondelete="CASCADE"), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("asset_id", sa.Integer(), sa.ForeignKey("assets.id"), nullable=False),
        sa.Column("caption", sa.Text(), nullable=False, server_default=""),
        sa.PrimaryKeyConstraint("article_id", "position"),
    )
    op.create_index("ix_article_media_asset_id", "article_media", ["asset_id"])
    # newsroom mode: the staff grants and policies for these are pgroles' (`newsdesk security pg-setup`)


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "postgresql":
        op.execute("DROP POLICY IF EXISTS nd_assets_describe ON assets")
    op.drop_index("ix_article_media_asset_id", "article_media")
    op.drop_table("article_media")
    with op.batch_alter_table("assets") as b:
        b.drop_index("ix_assets_source_sha256")
        for c in ("caption", "credit", "alt", "keywords", "taken_at", "place", "rights", "rights_source",
                  "camera", "crops", "source_sha256", "thumb", "updated_at"):
            b.drop_column(c)
