"""PostgreSQL search: pg_trgm's GIN indexes for terms of three characters and more (issue #21)

Revision ID: 0012
Revises: 0005

Installs the pg_trgm extension (a trusted extension: the database's owner may create it; it
comes with PostgreSQL's contrib package, part of Debian's ``postgresql``) and indexes the
normalised headline and text of ``search_terms`` with it. Where the extension cannot be
installed, or reads no Chinese (a database whose LC_CTYPE is plain ``C``), nothing changes and
the token sets keep their trigrams. An archive indexed already is rebuilt for the new design on
its next check (``search.index.check``: the tokenizer version differs; ``newsdesk reindex``), which
also builds pg_trgm's indexes; the articles themselves are untouched.
SQLite: nothing.
"""
import logging

from alembic import op

revision = "0012"
down_revision = "0005"
branch_labels = None
depends_on = None

log = logging.getLogger(__name__)


def upgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name != "postgresql":
        return
    from sqlalchemy import text

    from app.core.search import index

    try:
        with bind.begin_nested():
            bind.execute(text("CREATE EXTENSION IF NOT EXISTS pg_trgm"))
    except Exception as exc:  # noqa: BLE001 - not available or not allowed: the token sets alone
        log.warning("pg_trgm could not be installed (%s); search keeps its trigram sets", exc)
        return
    # its functions (similarity, show_trgm, …) are nobody's business but its index's, which
    # calls them without an EXECUTE check: not PUBLIC's, as newsroom mode has it for schema
    # public (pgroles._harden_database, which ran before this migration on a newsroom upgraded)
    for (proc,) in bind.execute(text(
            "SELECT p.oid::regprocedure::text FROM pg_depend d JOIN pg_proc p ON p.oid = d.objid "
            "JOIN pg_extension e ON e.oid = d.refobjid WHERE d.classid = 'pg_proc'::regclass "
            "AND d.deptype = 'e' AND e.extname = 'pg_trgm'")):
        bind.execute(text(f"REVOKE EXECUTE ON FUNCTION {proc} FROM PUBLIC"))
    if not index.pg_trgm_ready(bind):
        log.warning("pg_trgm reads no Chinese in this database (LC_CTYPE); search keeps its trigram sets")
        return
    if bind.execute(text("SELECT EXISTS (SELECT 1 FROM search_terms)")).scalar():
        # an archive already indexed with the trigram sets: its next rebuild (`newsdesk reindex`,
        # or the first search, which finds the tokenizer changed) builds pg_trgm's indexes with
        # the new sets, rather than this upgrade over text about to be re-indexed
        log.warning("search: run `newsdesk reindex` once to rebuild the index for pg_trgm")
        return
    for sql in index.TRGM_INDEXES.values():
        bind.execute(text(sql))


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name != "postgresql":
        return
    from app.core.search import index

    for name in index.TRGM_INDEXES:
        op.execute(f"DROP INDEX IF EXISTS {name}")
    op.execute("DROP EXTENSION IF EXISTS pg_trgm")
