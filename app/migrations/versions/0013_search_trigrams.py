"""PostgreSQL search: the list of trigrams indexed beside characters and bigrams

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-07 04:00:00

Issue #21: three-character terms were confirmed on the text, ≈ 10 µs an article; a common one
(hundreds of articles) cost the count of matches most of a search's time. ``search_trigrams``
lists the trigrams a rebuild found in many articles (app/core/search/index.py
``choose_trigrams``); their codes are added to the articles' sets, so such a term is answered by
the GIN index alone. The table starts empty: the sets as 0012 left them stay exact, and the
next ``newsdesk reindex`` chooses the list. ``search_text`` is no longer written on PostgreSQL
(what changed is seen from ``search_terms.head_doc`` and ``search_plain``, which hold the same
text): its rows are removed. Newsroom mode: editors read and maintain it, like
the other index tables. SQLite: nothing.
"""
import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def _regrant(bind: sa.engine.Connection) -> None:
    from app.core import pgroles

    pgroles.reinstall(bind)


def upgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name != "postgresql":
        return
    op.create_table(
        "search_trigrams",
        sa.Column("code", sa.BigInteger(), primary_key=True, autoincrement=False),
    )
    op.execute("TRUNCATE search_text")
    _regrant(bind)


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name != "postgresql":
        return
    # the sets may hold trigram codes no query will ask for without the list: harmless, but
    # they are dead weight until the next rebuild
    op.drop_table("search_trigrams")
    # 0012's code sees what changed in search_text, empty here: it would insert every article's
    # entries again over the existing ones. Empty the index; its first search queues everything.
    op.execute("TRUNCATE search_terms, search_plain, search_docs, search_text")
    op.execute("DELETE FROM search_state WHERE key = 'tokenizer'")
    _regrant(bind)
