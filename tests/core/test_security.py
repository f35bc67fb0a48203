"""Passwords and the audit chain, on both engines: argon2id, rehash on parameter change,
lockout with back-off, no secret in logs/tracebacks/files, tamper-evident audit log."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
import traceback
from datetime import timedelta
from pathlib import Path

import pytest
from argon2 import PasswordHasher
from sqlalchemy import select, text

from app.core import security
from app.core.clock import utcnow
from app.core.errors import AuthError
from app.core.models import AuditEntry, User
from tests.conftest import DEMO_PASSWORD, actor

ROOT = Path(__file__).resolve().parents[2]


def _hash_of(svc, login: str) -> str:
    with svc.db.read() as s:
        return s.scalar(select(User.password_hash).where(User.login == login))


def test_passwords_are_argon2id(demo):
    h = _hash_of(demo, "wangzd")
    assert h.startswith("$argon2id$")
    assert DEMO_PASSWORD not in h


def test_the_program_hashes_with_rfc_9106_parameters_and_only_the_suite_with_cheap_ones():
    """The suite's processes hash at argon2-cffi's test profile (tests/conftest.py); the program,
    started without NEWSDESK_TEST_CHEAP_PASSWORD_HASH, at 64 MiB, three passes, four lanes."""
    code = ("from app.core import security; h = security.hash_password('pass-word-9'); "
            "print(h.split('$')[3]); print(security.verify_password(h, 'pass-word-9'))")
    plain = {k: v for k, v in os.environ.items() if k != "NEWSDESK_TEST_CHEAP_PASSWORD_HASH"}
    for env in (plain, {**plain, "NEWSDESK_TEST_CHEAP_PASSWORD_HASH": "0"}):  # only "1" lowers the cost
        out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True,
                             timeout=120, check=True).stdout.split()
        assert out == ["m=65536,t=3,p=4", "True"]
    # this process (the suite): the test profile, and a program-strength hash counts as one to redo
    cheap = security.hash_password("pass-word-9")
    assert cheap.split("$")[3] == "m=8,t=1,p=1" and security.verify_password(cheap, "pass-word-9")
    assert security.needs_rehash(PasswordHasher().hash("pass-word-9"))


def test_rehash_on_parameter_change(demo):
    weak = PasswordHasher(time_cost=1, memory_cost=8 * 1024, parallelism=1).hash(DEMO_PASSWORD)
    assert security.needs_rehash(weak)
    with demo.db.session() as s:
        s.execute(text("UPDATE users SET password_hash = :h WHERE login = 'wangzd'"), {"h": weak})
    demo.users.authenticate("wangzd", DEMO_PASSWORD)
    new = _hash_of(demo, "wangzd")
    assert new != weak and new.startswith("$argon2id$") and not security.needs_rehash(new)
    assert "m=8192" in weak and "m=8192" not in new
    demo.users.authenticate("wangzd", DEMO_PASSWORD)  # the new hash verifies
    assert _hash_of(demo, "wangzd") == new  # and is not rehashed again needlessly


def test_wrong_password_does_not_rehash(demo):
    weak = PasswordHasher(time_cost=1, memory_cost=8 * 1024, parallelism=1).hash(DEMO_PASSWORD)
    with demo.db.session() as s:
        s.execute(text("UPDATE users SET password_hash = :h WHERE login = 'wangzd'"), {"h": weak})
    with pytest.raises(AuthError):
        demo.users.authenticate("wangzd", "not-the-password")
    assert _hash_of(demo, "wangzd") == weak


def test_lockout_backs_off_and_resets(demo):
    """After LOCK_AFTER_FAILURES wrong passwords the account locks; each further failure (after
    the lock expired) doubles the lock; even the right password is refused while locked."""
    n = security.LOCK_AFTER_FAILURES
    for _ in range(n):
        with pytest.raises(AuthError):
            demo.users.authenticate("liyouan", "wrong-password")
    with pytest.raises(AuthError) as exc:
        demo.users.authenticate("liyouan", DEMO_PASSWORD)
    assert "秒后再试" in exc.value.message_zh and "try again" in exc.value.message_en
    with demo.db.read() as s:
        u = s.scalar(select(User).where(User.login == "liyouan"))
        first = u.locked_until - utcnow()
    assert timedelta(seconds=20) < first <= security.LOCK_BASE
    # pretend the lock ran out, fail again: the next lock is twice as long
    with demo.db.session() as s:
        s.execute(text("UPDATE users SET locked_until = :t WHERE login = 'liyouan'"),
                  {"t": utcnow() - timedelta(seconds=1)})
    with pytest.raises(AuthError):
        demo.users.authenticate("liyouan", "wrong-again")
    with demo.db.read() as s:
        u = s.scalar(select(User).where(User.login == "liyouan"))
        second = u.locked_until - utcnow()
        assert u.failed_logins == n + 1
    assert second > first * 1.5
    # a long attack keeps the account locked instead of crashing the login (timedelta overflow)
    assert security.lock_duration(100) == security.lock_duration(10**6) == security.LOCK_MAX
    # the lock expires; the right password works and resets the counter
    with demo.db.session() as s:
        s.execute(text("UPDATE users SET locked_until = :t WHERE login = 'liyouan'"),
                  {"t": utcnow() - timedelta(seconds=1)})
    demo.users.authenticate("liyouan", DEMO_PASSWORD)
    with demo.db.read() as s:
        u = s.scalar(select(User).where(User.login == "liyouan"))
        assert u.failed_logins == 0 and u.locked_until is None
    # failures were audited without the tried password
    with demo.db.read() as s:
        details = [str(d) for d in s.scalars(select(AuditEntry.detail).where(AuditEntry.action == "login_failed"))]
    assert len(details) == n + 1 and not any("wrong" in d for d in details)


def test_unknown_login_and_wrong_password_look_the_same(demo):
    with pytest.raises(AuthError) as a:
        demo.users.authenticate("nobody-here", "whatever-123")
    with pytest.raises(AuthError) as b:
        demo.users.authenticate("wangzd", "whatever-123")
    assert a.value.message_zh == b.value.message_zh


def test_no_password_or_token_in_logs_tracebacks_or_files(demo, caplog, tmp_path, monkeypatch,
                                                          _isolated_config):
    """Log everything (SQL with parameters included) while logging in wrongly, adding users,
    changing passwords and storing a target secret; no clear secret may appear anywhere."""
    import keyring
    from keyrings.alt.file import PlaintextKeyring

    secret_pw = "Sekrit-Pass-4711"
    wrong_pw = "Wrong-Guess-0815"
    token = "tok_ABCDEF_9876543210"
    kr = PlaintextKeyring()
    kr.file_path = str(tmp_path / "keyring.cfg")  # type: ignore[misc]
    previous = keyring.get_keyring()
    keyring.set_keyring(kr)
    caplog.set_level(logging.DEBUG)
    logging.getLogger("sqlalchemy.engine").setLevel(logging.INFO)  # statements and parameters
    texts: list[str] = []
    try:
        admin = actor(demo, "admin")
        demo.users.add(admin, "newbie", "新同事", secret_pw, ["reporter"])
        for _ in range(3):
            try:
                demo.users.authenticate("newbie", wrong_pw)
            except AuthError:
                texts.append(traceback.format_exc())
        try:
            demo.users.set_password(admin, "newbie", "short")
        except Exception:
            texts.append(traceback.format_exc())
        demo.users.set_password(admin, "newbie", secret_pw + "2")
        demo.users.authenticate("newbie", secret_pw + "2")
        from app.publish import secrets as target_secrets

        target_secrets.set_secret("门户网站", token)
        assert target_secrets.get_secret("门户网站") == token
        from app.core.settings import Settings, save_settings

        save_settings(Settings(last_login="newbie"))
    finally:
        keyring.set_keyring(previous)
        logging.getLogger("sqlalchemy.engine").setLevel(logging.WARNING)
    texts += [r.getMessage() + " " + str(r.args) for r in caplog.records]
    assert any("INSERT INTO users" in t for t in texts), "SQL logging was not captured"
    for f in Path(_isolated_config).rglob("*"):
        if f.is_file():
            texts.append(f.read_bytes().decode("utf-8", "replace"))
    url = demo.db.url
    if url.startswith("sqlite"):
        db_file = Path(url.removeprefix("sqlite:///"))
        for f in db_file.parent.glob(db_file.name + "*"):
            texts.append(f.read_bytes().decode("utf-8", "replace"))
    blob = "\n".join(texts)
    for secret in (secret_pw, wrong_pw, token):
        assert secret not in blob, f"{secret!r} leaked"


def _tamper(svc, sql: str) -> None:
    """Change the audit log behind the app's back, as someone with raw database access would.
    On PostgreSQL the append-only trigger refuses even the owner; a superuser switches
    triggers off for the session first."""
    with svc.db.engine.begin() as c:
        if svc.db.dialect == "postgresql":
            with pytest.raises(Exception, match="append-only"), c.begin_nested():
                c.execute(text(sql))
            c.execute(text("SET LOCAL session_replication_role = replica"))
        c.execute(text(sql))


def _newsdesk(url: str, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "NEWSDESK_DATABASE_URL": url, "NEWSDESK_LANG": "zh_CN"}
    return subprocess.run([sys.executable, "-m", "app", *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=120)


@pytest.mark.parametrize("how", ["edit_detail", "delete_entry", "rehash_forgery"])
def test_audit_tampering_is_named_by_verify(demo, how):
    with demo.db.read() as s:
        ids = list(s.scalars(select(AuditEntry.id).order_by(AuditEntry.id)))
    assert len(ids) > 10 and demo.audit.verify().ok
    victim = ids[len(ids) // 2]
    if how == "edit_detail":
        _tamper(demo, f"UPDATE audit_log SET user_login = 'someone_else' WHERE id = {victim}")
        expected = victim
    elif how == "delete_entry":
        _tamper(demo, f"DELETE FROM audit_log WHERE id = {victim}")
        expected = ids[ids.index(victim) + 1]  # the successor no longer links
    else:
        # rewrite an entry and recompute its own hash: the next entry's link breaks
        from sqlalchemy import Text, cast

        from app.core.audit_chain import hash_v2
        with demo.db.read() as s:
            e = s.get(AuditEntry, victim)
            raw = s.scalar(select(cast(AuditEntry.detail, Text)).where(AuditEntry.id == victim))
        forged = hash_v2(e.id, e.at, e.user_id, e.user_login, "forged", e.article_id, raw, e.prev_hash)
        _tamper(demo, f"UPDATE audit_log SET action = 'forged', hash = '{forged}' WHERE id = {victim}")
        expected = ids[ids.index(victim) + 1]
    res = demo.audit.verify()
    assert not res.ok and res.first_broken_id == expected
    demo.db.dispose()
    out = _newsdesk(demo.db.url, "audit", "verify")
    assert out.returncode == 1
    assert f"第 {expected} 条" in out.stdout, out.stdout + out.stderr
    from tests.faults.metrics import record
    record("audit_tamper", engine=demo.db.dialect, how=how, detected=True)


def test_audit_log_is_append_only_for_the_owner_on_postgres(demo):
    if demo.db.dialect != "postgresql":
        pytest.skip("a trigger on the server; the embedded file is the desk's own (docs/security.md)")
    for sql in ("UPDATE audit_log SET action = 'x'", "DELETE FROM audit_log", "TRUNCATE audit_log"):
        with pytest.raises(Exception, match="append-only"), demo.db.engine.begin() as c:
            c.execute(text(sql))
    assert demo.audit.verify().ok
