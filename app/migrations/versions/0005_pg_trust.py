"""newsroom mode: each newsroom its own group roles; the audit log written by the server

Revision ID: 0005
Revises: 0006
Create Date: 2026-12-05 09:30:00

On PostgreSQL: the pinned, schema-qualified trigger and definer functions, the sign-off and
commit-time article rules, and the audit log's server side (``audit_pending``, ``audit_head``,
``newsdesk_audit_append()``/``newsdesk_audit_seal()``; see app/core/pgroles.py). Where newsroom
mode was on (an older `pg-setup`) and the migrating account may create roles, the newsroom moves
to its own per-database group roles: every mapped staff role gets the new groups for the app
roles it had and leaves the shared ``newsdesk_*`` groups, which lose every grant here. Without
CREATEROLE the old groups keep working until `newsdesk security pg-setup` does the move. No
user, article or audit entry is touched. SQLite: nothing (its chain is written by the app).
"""
import logging

from alembic import op

revision = "0005"
down_revision = "0006"
branch_labels = None
depends_on = None

log = logging.getLogger(__name__)


def upgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name != "postgresql":
        return
    from app.core import pgroles

    pgroles.install_local(bind)
    if pgroles.enabled(bind):
        if pgroles.can_create_roles(bind):
            pgroles.install(bind)
            pgroles.move_legacy_members(bind)
        else:
            log.warning("newsroom mode: run `newsdesk security pg-setup` with an account that may create "
                        "roles to move this newsroom to its own group roles")


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name != "postgresql":
        return
    op.execute("DROP FUNCTION IF EXISTS newsdesk_audit_append(text, integer, text, integer, text)")
    op.execute("DROP FUNCTION IF EXISTS newsdesk_audit_seal()")
    op.execute("DROP FUNCTION IF EXISTS newsdesk_audit_hash(integer, timestamptz, integer, text, text, integer, "
               "text, text)")
    op.execute("DROP TABLE IF EXISTS audit_pending")
    op.execute("DROP TABLE IF EXISTS audit_head")
