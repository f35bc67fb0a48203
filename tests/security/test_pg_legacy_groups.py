"""Upgrading a newsroom set up before migration 0005: its staff roles were members of the old
cluster-wide groups (newsdesk_reporter …), which every newsroom on the server shared, so a policy
one newsroom gave them let its staff in wherever another newsroom did the same. On the real
server: a reporter role in a legacy group reads another reporter's draft through a legacy policy;
after `move_legacy_members` (what the 0005 upgrade and `newsdesk security pg-setup` run) the role
is in this newsroom's own group only, the legacy group holds no grant or policy here, and the same
plain SQL sees only what the rulebook lets a reporter see."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from app.core import pgroles
from tests.conftest import PG_URL
from tests.security.test_pg_attacks import _room, attempt

pytestmark = [pytest.mark.postgres,
              pytest.mark.skipif(not PG_URL, reason="NEWSDESK_TEST_POSTGRES_URL is not set")]

LEGACY = pgroles.LEGACY_GROUPS["reporter"]


def _member(s, role: str, group: str) -> bool:  # type: ignore[no-untyped-def]
    return bool(s.execute(text("SELECT pg_has_role(:r, :g, 'MEMBER')"), {"r": role, "g": group}).scalar())


def test_staff_leave_the_shared_legacy_groups_on_upgrade(templates):  # type: ignore[no-untyped-def]
    room = _room(templates)
    role = room.roles["wangzd"]
    other_draft = room.ids["other_draft"]
    created = False
    try:
        with room.db.session() as s:
            own = pgroles.groups(s).of("reporter")
            assert own and _member(s, role, own)
            if not s.execute(text("SELECT 1 FROM pg_roles WHERE rolname = :r"), {"r": LEGACY}).first():
                s.execute(text(f'CREATE ROLE "{LEGACY}" NOLOGIN'))
                created = True
            # the pre-0005 shape: the reporter in the shared group, which a policy lets read everything
            s.execute(text(f'REVOKE "{own}" FROM "{role}"'))
            s.execute(text(f'GRANT "{LEGACY}" TO "{role}"'))
            s.execute(text(f'GRANT USAGE ON SCHEMA public TO "{LEGACY}"'))
            s.execute(text(f'GRANT SELECT ON articles TO "{LEGACY}"'))
            s.execute(text(f'CREATE POLICY legacy_read_all ON articles FOR SELECT TO "{LEGACY}" USING (true)'))
        with room.connect(role) as conn:
            before = attempt(conn, f"SELECT title FROM articles WHERE id = {other_draft}")
        assert before.startswith("ALLOWED"), before  # the hole the upgrade closes

        with room.db.session() as s:
            moved = pgroles.move_legacy_members(s)
        assert role in moved

        with room.db.session() as s:
            assert _member(s, role, own) and not _member(s, role, LEGACY)
            assert not s.execute(text("SELECT has_table_privilege(:g, 'articles', 'SELECT')"), {"g": LEGACY}).scalar()
            assert not s.execute(text("SELECT count(*) FROM pg_policies WHERE :g = ANY(roles)"), {"g": LEGACY}).scalar()
        with room.connect(role) as conn:
            after = attempt(conn, f"SELECT title FROM articles WHERE id = {other_draft}")
            own_rows = conn.execute("SELECT count(*) FROM articles WHERE status = 'published'").fetchone()
        assert not after.startswith("ALLOWED"), after
        assert own_rows is not None and own_rows[0] > 0  # and the reporter still works: published stories
    finally:
        with room.db.session() as s:
            for (_r, login) in pgroles.staff_roles(s):
                pgroles.drop_staff_role(s, login)
            s.execute(text("DROP POLICY IF EXISTS legacy_read_all ON articles"))
            if created:
                s.execute(text(f'DROP OWNED BY "{LEGACY}"'))
                s.execute(text(f'DROP ROLE IF EXISTS "{LEGACY}"'))
            pgroles.drop_groups(s)
        room.db.dispose()
        templates.drop(room.url)
