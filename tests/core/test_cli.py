"""The command line, run as a user runs it: a real `python -m app` process per call."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from tests.conftest import DEMO_PASSWORD


def run(env, *args, stdin=None):
    return subprocess.run([sys.executable, "-m", "app", *args], env=env, input=stdin, capture_output=True,
                          text=True, timeout=120)


@pytest.fixture
def cli_env(tmp_path, db_url):
    env = dict(os.environ, NEWSDESK_DATA_DIR=str(tmp_path / "home"), NEWSDESK_LANG="zh_CN")
    env["NEWSDESK_DATABASE_URL"] = db_url
    return env


def test_init_demo_users_and_audit(cli_env):
    r = run(cli_env, "init", "--password", "admin-pass-1")
    assert r.returncode == 0, r.stderr
    assert "管理员 / admin: admin" in r.stdout
    r = run(cli_env, "demo", "--password", DEMO_PASSWORD)
    assert r.returncode == 0, r.stderr
    assert "wangzd" in r.stdout and "zongbian" in r.stdout
    r = run(cli_env, "user", "add", "xiaoli", "--name", "小李", "--roles", "reporter", "--password-stdin",
            stdin="pass-word-9\n")
    assert r.returncode == 0, r.stderr
    r = run(cli_env, "user", "list", "--json")
    users = {u["login"]: u for u in json.loads(r.stdout)}
    assert users["xiaoli"]["real_name"] == "小李" and users["xiaoli"]["active"]
    assert run(cli_env, "user", "disable", "xiaoli").returncode == 0
    users = {u["login"]: u for u in json.loads(run(cli_env, "user", "list", "--json").stdout)}
    assert users["xiaoli"]["active"] is False
    r = run(cli_env, "user", "add", "xiaoli", "--name", "重名", "--password", "pass-word-9")
    assert r.returncode == 1 and "已存在" in r.stderr and "Traceback" not in r.stderr
    r = run(cli_env, "user", "add", "weak", "--name", "弱", "--password", "123")
    assert r.returncode == 1 and "密码至少" in r.stderr
    r = run(cli_env, "audit", "verify")
    assert r.returncode == 0 and "审计链完整" in r.stdout


def test_generated_password_is_printed_when_not_given(cli_env):
    run(cli_env, "init", "--password", "admin-pass-1")
    r = run(cli_env, "user", "add", "auto", "--name", "自动")
    assert r.returncode == 0
    pw = r.stdout.strip().rsplit(" ", 1)[-1]
    assert len(pw) >= 8


def test_english_messages(cli_env):
    cli_env["NEWSDESK_LANG"] = "en_US"
    r = run(cli_env, "user", "disable", "ghost")
    assert r.returncode == 1 and "No user" in r.stderr


def test_db_status_and_publish_due(cli_env):
    run(cli_env, "demo", "--password", DEMO_PASSWORD)
    r = run(cli_env, "db", "status")
    assert "state=ok" in r.stdout
    r = run(cli_env, "publish-due", "--as", "zongbian")
    assert r.returncode == 0, r.stderr  # the demo's scheduled article is hours away: nothing due
    assert "published" not in r.stdout
    r = run(cli_env, "publish-due", "--as", "wangzd")
    assert r.returncode == 1 and "编辑权限" in r.stderr


def test_backup_and_restore_sqlite(tmp_path):
    env = dict(os.environ, NEWSDESK_DATA_DIR=str(tmp_path / "home"), NEWSDESK_LANG="zh_CN")
    env.pop("NEWSDESK_DATABASE_URL", None)
    assert run(env, "demo", "--password", DEMO_PASSWORD).returncode == 0
    out = tmp_path / "b.db"
    r = run(env, "backup", "--out", str(out))
    assert r.returncode == 0 and out.exists()
    run(env, "user", "add", "later", "--name", "后来", "--password", "pass-word-9")
    r = run(env, "restore", str(out))
    assert r.returncode == 0, r.stderr
    logins = {u["login"] for u in json.loads(run(env, "user", "list", "--json").stdout)}
    assert "later" not in logins and "wangzd" in logins
    bad = tmp_path / "bad.db"
    bad.write_bytes(b"garbage" * 1000)
    r = run(env, "restore", str(bad))
    assert r.returncode == 1 and "备份文件损坏" in r.stderr and "Traceback" not in r.stderr
    assert "wangzd" in run(env, "user", "list").stdout  # the database was left alone
