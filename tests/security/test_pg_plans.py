"""Story plans (选题) on the real server, as plain SQL from each staff role (no app code): the
status moves only as the rulebook's PLAN_ACTIONS allow (the trigger is generated from them), a
reporter changes only their own open proposal, assignments are the chief editor's, and nobody
writes in another's name. Each forbidden statement must be refused; the allowed ones must work,
so the test would fail on a server that refuses everything as well as on one that refuses nothing.
"""

from __future__ import annotations

from datetime import date

import psycopg
import pytest

from app.core.rulebook import PLAN_ACTIONS
from tests.conftest import PG_URL
from tests.security.test_pg_attacks import attempt, rooms  # noqa: F401  (the two-newsroom fixture)

pytestmark = [pytest.mark.postgres,
              pytest.mark.skipif(not PG_URL, reason="NEWSDESK_TEST_POSTGRES_URL is not set")]


def _plans(room) -> dict[str, int]:
    svc = room.svc
    rep, ed = svc.users.actor_by_login("wangzd"), svc.users.actor_by_login("chushen")
    chief = svc.users.actor_by_login("zongbian")
    today = date.today().isoformat()
    own = svc.plans.propose(rep, "泾川县城区供暖管网改造进展", today).id
    other = svc.plans.propose(ed, "王母宫庙会筹备情况", today).id
    live = svc.plans.propose(rep, "平凉果品出口走访", today).id
    second = svc.plans.propose(rep, "崆峒山景区冬季游客量", today).id
    svc.plans.approve(chief, live)
    return {"own": own, "other": other, "live": live, "second": second}


def test_plan_rules_hold_on_the_server_for_each_role(rooms, evidence):  # noqa: F811
    (r1, r2), _extra = rooms
    p1, p2 = _plans(r1), _plans(r2)
    uid = r1.ids
    refused: list[tuple[str, str, str]] = []
    allowed_wrongly: list[tuple[str, str, str]] = []

    def forbid(who: str, conn: psycopg.Connection, sql: str) -> None:
        how = attempt(conn, sql)
        (allowed_wrongly if how.startswith("ALLOWED") else refused).append((who, sql, how))

    def allow(conn: psycopg.Connection, sql: str) -> None:
        with conn.transaction():
            assert conn.execute(sql).rowcount == 1, sql

    with r1.connect(r1.roles["wangzd"]) as rep:
        # the reporter: no approving, no moving someone else's plan, no forged proposer or assignment
        for st in ("approved", "pending", "rejected", "in_progress", "published"):  # 撤销 own is allowed
            forbid("reporter", rep, f"UPDATE plans SET status = '{st}' WHERE id = {p1['own']}")
        forbid("reporter", rep, f"UPDATE plans SET title = '改别人的' WHERE id = {p1['other']}")
        forbid("reporter", rep, f"UPDATE plans SET title = '改已采用的' WHERE id = {p1['live']}")
        forbid("reporter", rep, f"UPDATE plans SET proposer_id = {uid['uid_chushen']} WHERE id = {p1['own']}")
        forbid("reporter", rep, f"UPDATE plans SET planned_date = '2030-01-01' WHERE id = {p1['live']}")
        forbid("reporter", rep, "INSERT INTO plans (title, planned_date, status, proposer_id, created_at, updated_at,"
                                f" version) VALUES ('直接采用', '2026-12-06', 'approved', {uid['uid_wangzd']},"
                                " now(), now(), 1)")
        forbid("reporter", rep, "INSERT INTO plans (title, planned_date, status, proposer_id, created_at, updated_at,"
                                f" version) VALUES ('冒名报题', '2026-12-06', 'proposed', {uid['uid_chushen']},"
                                " now(), now(), 1)")
        forbid("reporter", rep, f"INSERT INTO plan_assignments (plan_id, user_id, role) "
                                f"VALUES ({p1['live']}, {uid['uid_wangzd']}, 'reporter')")
        forbid("reporter", rep, f"DELETE FROM plans WHERE id = {p1['own']}")
        forbid("reporter", rep, f"INSERT INTO plan_notes (plan_id, author_id, kind, body, created_at) "
                                f"VALUES ({p1['own']}, {uid['uid_zongbian']}, 'comment', '冒名', now())")
        # what the rulebook lets a reporter do, works
        allow(rep, f"UPDATE plans SET title = '泾川县供暖管网改造（修改）' WHERE id = {p1['own']}")
        allow(rep, "INSERT INTO plans (title, planned_date, status, proposer_id, created_at, updated_at, version) "
                   f"VALUES ('报个新题', '2026-12-07', 'proposed', {uid['uid_wangzd']}, now(), now(), 1)")
        allow(rep, f"UPDATE plans SET status = 'cancelled', reason = '线索不实' WHERE id = {p1['own']}")
        forbid("reporter", rep, f"UPDATE plans SET status = 'proposed' WHERE id = {p1['own']}")  # cancelled is final

    with r1.connect(r1.roles["chushen"]) as ed:
        for st in ("approved", "rejected", "cancelled"):  # the chief's
            forbid("editor", ed, f"UPDATE plans SET status = '{st}' WHERE id = {p1['second']}")
        forbid("editor", ed, f"UPDATE plans SET status = 'cancelled' WHERE id = {p1['live']}")
        forbid("editor", ed, f"UPDATE plans SET planned_date = '2030-01-01' WHERE id = {p1['live']}")
        forbid("editor", ed, f"INSERT INTO plan_assignments (plan_id, user_id, role) "
                             f"VALUES ({p1['live']}, {uid['uid_chushen']}, 'reporter')")
        allow(ed, f"UPDATE plans SET status = 'pending' WHERE id = {p1['second']}")  # 待定

    with r1.connect(r1.roles["zongbian"]) as chief:
        forbid("chief", chief, f"UPDATE plans SET status = 'in_progress' WHERE id = {p1['live']}")  # derived
        forbid("chief", chief, f"UPDATE plans SET status = 'proposed' WHERE id = {p1['live']}")  # no way back
        forbid("chief", chief, f"UPDATE plans SET id = 99999 WHERE id = {p1['live']}")
        allow(chief, f"UPDATE plans SET status = 'approved' WHERE id = {p1['second']}")
        allow(chief, f"INSERT INTO plan_assignments (plan_id, user_id, role) "
                     f"VALUES ({p1['live']}, {uid['uid_wangzd']}, 'reporter')")

    with r1.connect(r1.roles["admin"]) as adm:  # the administrator runs the system, not the desk
        forbid("admin", adm, f"UPDATE plans SET status = 'rejected' WHERE id = {p1['other']}")

    # the other newsroom's plans are untouched by all of it, and its own roles cannot reach this one
    with r2.connect(r2.roles["zongbian"]) as other_chief:
        rows = other_chief.execute(f"SELECT id, status FROM plans WHERE id IN ({p2['own']}, {p2['live']}) "
                                   "ORDER BY id").fetchall()
        assert rows == [(p2["own"], "proposed"), (p2["live"], "approved")]  # nothing above touched them
    with pytest.raises(psycopg.OperationalError):
        psycopg.connect(host="127.0.0.1", dbname=r1.dbname, user=r2.roles["zongbian"], connect_timeout=5).close()

    evidence(f"plan statements refused / tried: {len(refused)} / {len(refused) + len(allowed_wrongly)}")
    assert len(refused) >= 20
    assert not allowed_wrongly, allowed_wrongly
    assert {a.name for a in PLAN_ACTIONS if a.to_state} >= {"approve", "reject", "cancel", "shortlist"}
