"""newsroom mode: server-enforced permissions (PostgreSQL only; nothing on SQLite)

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-27 06:20:00

On PostgreSQL: the pg_staff_roles table (login role → user), the append-only trigger on
audit_log, the workflow trigger on articles, and — when the migrating account may create roles
(or the group roles exist already) — the group roles newsdesk_reporter/editor/chief/admin with
their grants and row-level-security policies. Otherwise `newsdesk security pg-setup`, run by an
account with CREATEROLE, completes it. The owner account is not subject to the policies, so
single-account installations behave as before. SQLite (single desk) has no server to enforce
anything: see docs/security.md.
"""
import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name != "postgresql":
        return
    from app.core import pgroles

    # tables, functions and triggers only (since 0005 the group roles are per newsroom and made
    # by `newsdesk security pg-setup`, never as a side effect of migrating)
    pgroles.install_local(bind)


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name != "postgresql":
        return
    from app.core import pgroles

    for table, name in bind.execute(sa.text("SELECT tablename, policyname FROM pg_policies "
                                            "WHERE schemaname = 'public'")).all():
        op.execute(f'DROP POLICY IF EXISTS "{name}" ON "{table}"')
    for (table,) in bind.execute(sa.text("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")).all():
        op.execute(f'ALTER TABLE "{table}" DISABLE ROW LEVEL SECURITY')
    op.execute("DROP TRIGGER IF EXISTS newsdesk_audit_no_change ON audit_log")
    op.execute("DROP TRIGGER IF EXISTS newsdesk_audit_no_truncate ON audit_log")
    op.execute("DROP TRIGGER IF EXISTS newsdesk_article_rules ON articles")
    op.execute("DROP TRIGGER IF EXISTS newsdesk_article_commit_rules ON articles")
    op.execute("DROP TRIGGER IF EXISTS newsdesk_signoff_rules ON signoffs")
    for f in ("newsdesk_article_commit_rules()", "newsdesk_signoff_rules()", "newsdesk_in_group(text)",
              "newsdesk_is_owner()"):
        op.execute(f"DROP FUNCTION IF EXISTS {f}")
    op.execute("DROP FUNCTION IF EXISTS newsdesk_article_rules()")
    op.execute("DROP FUNCTION IF EXISTS newsdesk_audit_append_only()")
    op.execute("DROP FUNCTION IF EXISTS newsdesk_uid()")
    op.execute("DROP TABLE IF EXISTS pg_staff_roles")
