"""full-text search index (bigram FTS5 on SQLite, bigram tsvector + GIN on PostgreSQL)

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-27 06:00:00

Tables (not in the ORM metadata: app/core/search/schema.py describes them):
- search_docs: one narrow row per indexed article — the filter/sort fields (status, author,
  channel, updated_at), so a search never reads the wide article rows.
- search_text: the normalised text that was indexed (zlib), which SQLite needs to remove an
  article from its contentless FTS5 table and which confirms terms with punctuation.
- search_queue: articles whose index entry is out of date. Triggers on ``articles`` (and on
  ``sources.name``) append to it in the writer's own transaction, whoever the writer is; the
  search service brings the index up to date from it before it answers.
- search_state: the tokenizer version the index was built with.
- SQLite: article_fts, a contentless FTS5 table (head, rest), rowid = article id.
- PostgreSQL: search_terms — per article the set of its bigrams and characters (text[], GIN
  indexed; containment is exact, so 1- and 2-character terms need no recheck), and its
  normalised text, which confirms longer terms with strpos on the few candidates.
"""
import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

WATCHED = ("pretitle, title, subtitle, summary, body, keywords, contributors, source_id, "
           "status, author_id, primary_channel_id, updated_at")


def upgrade() -> None:
    dialect = op.get_bind().dialect.name
    op.create_table(
        "search_docs",
        sa.Column("article_id", sa.Integer(), primary_key=True, autoincrement=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=False),
        sa.Column("channel_id", sa.Integer(), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "search_text",
        sa.Column("article_id", sa.Integer(), primary_key=True, autoincrement=False),
        sa.Column("doc", sa.LargeBinary(), nullable=False),
    )
    op.create_index("ix_search_docs_updated", "search_docs", ["updated_at"])
    op.create_index("ix_search_docs_status_updated", "search_docs", ["status", "updated_at"])
    op.create_index("ix_search_docs_author_updated", "search_docs", ["author_id", "updated_at"])
    op.create_table(
        "search_queue",
        sa.Column("seq", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("article_id", sa.Integer(), nullable=False),
    )
    op.create_table(
        "search_state",
        sa.Column("key", sa.String(32), primary_key=True),
        sa.Column("value", sa.Text(), nullable=False),
    )
    if dialect == "sqlite":
        op.execute("CREATE VIRTUAL TABLE article_fts USING fts5(head, rest, content='', "
                   "columnsize=0, tokenize='unicode61 remove_diacritics 0')")
        op.execute("CREATE TRIGGER search_article_ins AFTER INSERT ON articles BEGIN "
                   "INSERT INTO search_queue(article_id) VALUES (NEW.id); END")
        op.execute(f"CREATE TRIGGER search_article_upd AFTER UPDATE OF {WATCHED} ON articles BEGIN "
                   "INSERT INTO search_queue(article_id) VALUES (NEW.id); END")
        op.execute("CREATE TRIGGER search_article_del AFTER DELETE ON articles BEGIN "
                   "INSERT INTO search_queue(article_id) VALUES (OLD.id); END")
        op.execute("CREATE TRIGGER search_source_upd AFTER UPDATE OF name ON sources BEGIN "
                   "INSERT INTO search_queue(article_id) SELECT id FROM articles "
                   "WHERE source_id = NEW.id; END")
    elif dialect == "postgresql":
        op.create_table(
            "search_terms",
            sa.Column("article_id", sa.Integer(), primary_key=True, autoincrement=False),
            sa.Column("head", postgresql.ARRAY(sa.Text()), nullable=False),
            sa.Column("toks", postgresql.ARRAY(sa.Text()), nullable=False),
            sa.Column("head_doc", sa.Text(), nullable=False),
            sa.Column("doc", sa.Text(), nullable=False),
        )
        op.execute("CREATE INDEX ix_search_terms_toks ON search_terms USING gin (toks)")
        op.execute("CREATE INDEX ix_search_terms_head ON search_terms USING gin (head)")
        # SECURITY DEFINER: whoever saves an article (a staff role with no rights on the
        # search tables, in newsroom mode) still queues it for the index
        op.execute("""
            CREATE FUNCTION search_enqueue() RETURNS trigger LANGUAGE plpgsql
            SECURITY DEFINER SET search_path = public, pg_temp AS $$
            BEGIN
              IF TG_OP = 'DELETE' THEN
                INSERT INTO search_queue(article_id) VALUES (OLD.id);
              ELSE
                INSERT INTO search_queue(article_id) VALUES (NEW.id);
              END IF;
              RETURN NULL;
            END $$""")
        op.execute(f"CREATE TRIGGER search_article AFTER INSERT OR DELETE OR UPDATE OF {WATCHED} "
                   "ON articles FOR EACH ROW EXECUTE FUNCTION search_enqueue()")
        op.execute("""
            CREATE FUNCTION search_enqueue_source() RETURNS trigger LANGUAGE plpgsql
            SECURITY DEFINER SET search_path = public, pg_temp AS $$
            BEGIN
              INSERT INTO search_queue(article_id) SELECT id FROM articles WHERE source_id = NEW.id;
              RETURN NULL;
            END $$""")
        op.execute("CREATE TRIGGER search_source AFTER UPDATE OF name ON sources "
                   "FOR EACH ROW EXECUTE FUNCTION search_enqueue_source()")
    # everything already in the database waits to be indexed (done on first search or
    # `newsdesk reindex`)
    op.execute("INSERT INTO search_queue(article_id) SELECT id FROM articles ORDER BY id")
    op.execute("INSERT INTO search_state(key, value) VALUES ('tokenizer', 'bigram-2')")


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        for t in ("search_article_ins", "search_article_upd", "search_article_del", "search_source_upd"):
            op.execute(f"DROP TRIGGER IF EXISTS {t}")
        op.execute("DROP TABLE IF EXISTS article_fts")
    elif dialect == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS search_article ON articles")
        op.execute("DROP TRIGGER IF EXISTS search_source ON sources")
        op.execute("DROP FUNCTION IF EXISTS search_enqueue()")
        op.execute("DROP FUNCTION IF EXISTS search_enqueue_source()")
        op.drop_table("search_terms")
    op.drop_table("search_state")
    op.drop_table("search_queue")
    op.drop_index("ix_search_docs_author_updated", "search_docs")
    op.drop_index("ix_search_docs_status_updated", "search_docs")
    op.drop_index("ix_search_docs_updated", "search_docs")
    op.drop_table("search_text")
    op.drop_table("search_docs")
