"""PostgreSQL search sets as integer codes of characters and bigrams; the text in a table of its own

Revision ID: 0012
Revises: 0005
Create Date: 2026-12-07 01:00:00

Issue #21: the trigram sets were 18× the text (their GIN index alone 12×). ``search_terms``
now holds per article the codes of its characters and bigrams (``bigint[]``, see
app/core/search/tokens.py ``code``) and its normalised headline; the normalised rest moves to
``search_plain``, kept in the row (``STORAGE MAIN``) and LZ4-compressed where the server has
LZ4, so confirming a longer term on the text costs a few µs instead of a TOAST fetch, while
``search_terms`` stays narrow for the GIN scans' visits. The old sets cannot be converted: the
index is emptied and rebuilt (run ``newsdesk reindex``; otherwise the first searches queue every
article). Newsroom mode: the new table gets the grants and policies of the other index tables.
SQLite: nothing (its FTS5 index is unchanged).
"""
import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0005"
branch_labels = None
depends_on = None


def _lz4(bind: sa.engine.Connection) -> bool:
    return bool(bind.execute(sa.text(
        "SELECT 'lz4' = ANY(enumvals) FROM pg_settings WHERE name = 'default_toast_compression'")).scalar())


def _retype(kind: str) -> None:
    op.execute("DROP INDEX IF EXISTS ix_search_terms_toks")
    op.execute("DROP INDEX IF EXISTS ix_search_terms_head")
    op.execute("TRUNCATE search_terms")
    op.execute(f"ALTER TABLE search_terms ALTER COLUMN head TYPE {kind}[] USING '{{}}', "
               f"ALTER COLUMN toks TYPE {kind}[] USING '{{}}'")
    op.execute("CREATE INDEX ix_search_terms_toks ON search_terms USING gin (toks)")
    op.execute("CREATE INDEX ix_search_terms_head ON search_terms USING gin (head)")
    # the sets no longer answer: `newsdesk reindex` (or the first search) rebuilds them
    op.execute("DELETE FROM search_state WHERE key = 'tokenizer'")


def _regrant(bind: sa.engine.Connection) -> None:
    from app.core import pgroles

    pgroles.reinstall(bind)


def upgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name != "postgresql":
        return
    _retype("bigint")
    op.execute("ALTER TABLE search_terms DROP COLUMN doc")
    op.create_table(
        "search_plain",
        sa.Column("article_id", sa.Integer(), primary_key=True, autoincrement=False),
        sa.Column("doc", sa.Text(), nullable=False),
    )
    op.execute("ALTER TABLE search_plain ALTER COLUMN doc SET STORAGE MAIN")
    if _lz4(bind):
        op.execute("ALTER TABLE search_plain ALTER COLUMN doc SET COMPRESSION lz4")
    _regrant(bind)


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name != "postgresql":
        return
    op.drop_table("search_plain")
    _retype("text")
    op.execute("ALTER TABLE search_terms ADD COLUMN doc text NOT NULL DEFAULT ''")
    op.execute("ALTER TABLE search_terms ALTER COLUMN doc DROP DEFAULT")
    _regrant(bind)
