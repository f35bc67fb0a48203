"""Ten kinds of tampering with the audit log, on SQLite and on PostgreSQL, done as someone with
raw database access (the file's owner; a superuser with triggers off). Each must be found by
`audit verify` — with the anchor taken before (`audit head --out`) where the kind leaves a chain
that is consistent in itself. Prints detected / tried per engine.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import Text, cast, select, text

from app.core.audit_chain import Head, Row, hash_v1, hash_v2
from app.core.db import Database
from app.core.models import AuditEntry
from app.core.services import Services

ROOT = Path(__file__).resolve().parents[2]
KINDS = ("edit", "delete", "reorder", "truncate", "rehash_last", "rebuild_from_edit", "forged_append",
         "garbage_row", "all_deleted", "id_gap")


def _rows(svc: Services) -> list[Row]:
    cols = (AuditEntry.id, AuditEntry.at, AuditEntry.user_id, AuditEntry.user_login, AuditEntry.action,
            AuditEntry.article_id, cast(AuditEntry.detail, Text), AuditEntry.prev_hash, AuditEntry.hash)
    with svc.db.read() as s:
        return [Row(*r) for r in s.execute(select(*cols).order_by(AuditEntry.id))]


def _raw(svc: Services, *sql: str, params: list[dict] | None = None) -> None:
    with svc.db.engine.begin() as c:
        if svc.db.dialect == "postgresql":
            c.execute(text("SET LOCAL session_replication_role = replica"))  # triggers off: a superuser
        for n, stmt in enumerate(sql):
            c.execute(text(stmt), (params or [{}] * len(sql))[n])


def _rehash_from(svc: Services, start: int) -> None:
    """Recompute every hash from entry ``start`` on, as a forger who knows the formula would."""
    rows = _rows(svc)
    prev = next((r.hash for r in rows if r.id < start and r.id == max(x.id for x in rows if x.id < start)), "")
    stmts, params = [], []
    for r in rows:
        if r.id < start:
            continue
        h = hash_v2(r.id, r.at, r.user_id, r.user_login, r.action, r.article_id, r.detail_text, prev)
        stmts.append("UPDATE audit_log SET prev_hash = :p, hash = :h WHERE id = :i")
        params.append({"p": prev, "h": h, "i": r.id})
        prev = h
    _raw(svc, *stmts, params=params)


def tamper(svc: Services, kind: str) -> None:
    rows = _rows(svc)
    ids = [r.id for r in rows]
    mid, last = ids[len(ids) // 2], rows[-1]
    if kind == "edit":
        _raw(svc, f"UPDATE audit_log SET user_login = 'someone_else' WHERE id = {mid}")
    elif kind == "delete":
        _raw(svc, f"DELETE FROM audit_log WHERE id = {mid}")
    elif kind == "reorder":
        nxt = ids[ids.index(mid) + 1]
        _raw(svc, f"UPDATE audit_log SET id = -1 WHERE id = {mid}", f"UPDATE audit_log SET id = {mid} WHERE id = {nxt}",
             f"UPDATE audit_log SET id = {nxt} WHERE id = -1")
    elif kind == "truncate":
        _raw(svc, f"DELETE FROM audit_log WHERE id >= {ids[-3]}")
    elif kind == "rehash_last":
        h = hash_v2(last.id, last.at, last.user_id, last.user_login, "nothing_happened", last.article_id,
                    last.detail_text, last.prev_hash)
        _raw(svc, "UPDATE audit_log SET action = 'nothing_happened', hash = :h WHERE id = :i",
             params=[{"h": h, "i": last.id}])
    elif kind == "rebuild_from_edit":
        _raw(svc, f"UPDATE audit_log SET user_login = 'someone_else' WHERE id = {mid}")
        _rehash_from(svc, mid)
    elif kind == "forged_append":
        # the forgery: the next entry in zongbian's name, hashed with the published
        # (old-format) formula from the last hash
        forged = Row(last.id + 1, last.at, 1, "zongbian", "article_approve", None, "{}", last.hash, "")
        _raw(svc, "INSERT INTO audit_log (id, at, user_id, user_login, action, article_id, detail, prev_hash, hash) "
                  "VALUES (:i, :at, NULL, 'zongbian', 'article_approve', NULL, '{}', :p, :h)",
             params=[{"i": forged.id, "at": last.at, "p": last.hash,
                      "h": hash_v1(Row(forged.id, last.at, None, "zongbian", "article_approve", None, "{}",
                                       last.hash, ""))}])
    elif kind == "garbage_row":
        _raw(svc, "INSERT INTO audit_log (id, at, user_id, user_login, action, article_id, detail, prev_hash, hash) "
                  "VALUES (:i, :at, NULL, 'x', 'x', NULL, '{}', 'garbage', 'garbage')",
             params=[{"i": last.id + 1, "at": last.at}])
    elif kind == "all_deleted":
        _raw(svc, "DELETE FROM audit_log")
    elif kind == "id_gap":
        _raw(svc, f"UPDATE audit_log SET id = {last.id + 7} WHERE id = {last.id}")
    else:  # pragma: no cover
        raise AssertionError(kind)


def _fresh(templates, engine: str) -> str:
    return templates.pg_db("demo") if engine == "postgresql" else templates.sqlite_db("demo")


@pytest.mark.parametrize("engine", ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def test_ten_kinds_of_tampering_are_detected(templates, engine, tmp_path, evidence):
    from tests.conftest import PG_URL
    if engine == "postgresql" and not PG_URL:
        pytest.skip("NEWSDESK_TEST_POSTGRES_URL is not set")
    detected, report = 0, []
    for kind in KINDS:
        url = _fresh(templates, engine)
        db = Database(url)
        try:
            svc = Services.create(db)
            res = svc.audit.verify()
            assert res.ok and res.checked > 10, res.breaks
            anchor = res.head
            assert anchor is not None
            tamper(svc, kind)
            plain = svc.audit.verify()
            anchored = svc.audit.verify(anchor)
            found = not anchored.ok
            detected += found
            report.append(f"{kind:18} {'detected' if found else 'MISSED':9} without anchor: "
                          f"{'detected' if not plain.ok else 'not detected'}; "
                          + "; ".join(b.message("en") for b in anchored.breaks[:3]))
        finally:
            db.dispose()
            templates.drop(url)
    evidence(f"audit tamper, {engine}: detected / tried: {detected} / {len(KINDS)}\n  " + "\n  ".join(report))
    from tests.faults.metrics import record
    record("audit_tamper_kinds", engine=engine, tried=len(KINDS), detected=detected)
    assert detected == len(KINDS)


def test_verify_lists_every_break_and_the_anchor_cli(templates, tmp_path):
    """Two edits far apart: both are listed. Then the CLI: `audit head --out`, cut the end,
    `audit verify` (consistent in itself on SQLite) and `audit verify --anchor` (not)."""
    url = templates.sqlite_db("demo")
    db = Database(url)
    svc = Services.create(db)
    rows = _rows(svc)
    env = {**os.environ, "NEWSDESK_DATABASE_URL": url, "NEWSDESK_LANG": "zh_CN"}

    def nd(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "app", "audit", *args], cwd=ROOT, env=env,
                              capture_output=True, text=True, timeout=120)
    anchor = tmp_path / "anchor.json"
    r = nd("head", "--out", str(anchor))
    assert r.returncode == 0 and Head.load(anchor).count == len(rows), r.stdout + r.stderr
    _raw(svc, f"UPDATE audit_log SET action = 'x' WHERE id = {rows[2].id}",
         f"UPDATE audit_log SET action = 'y' WHERE id = {rows[-5].id}")
    res = svc.audit.verify()
    assert [b.id for b in res.breaks if b.kind == "hash"] == [rows[2].id, rows[-5].id]
    _raw(svc, f"UPDATE audit_log SET action = '{rows[2].action}' WHERE id = {rows[2].id}",
         f"UPDATE audit_log SET action = '{rows[-5].action}' WHERE id = {rows[-5].id}",
         f"DELETE FROM audit_log WHERE id >= {rows[-2].id}")
    db.dispose()
    assert nd("verify").returncode == 0  # a cut end is consistent in itself …
    r = nd("verify", "--anchor", str(anchor))  # … the anchor knows better
    assert r.returncode == 1 and "锚点" in r.stdout and "Traceback" not in r.stderr, r.stdout + r.stderr
    r = nd("verify", "--anchor", str(tmp_path / "missing.json"))
    assert r.returncode != 0 and "Traceback" not in r.stderr
