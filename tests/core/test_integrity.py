"""The embedded file's integrity check starts before SQLAlchemy is imported (app.core.integrity,
issue #21) and runs beside the imports; a damaged file is still refused at opening, with the same
message in both languages, and an intact one still opens."""

from __future__ import annotations

import subprocess
import sys

import pytest

from app.bootstrap import open_database
from app.core.errors import DatabaseError
from app.core.integrity import sqlite_file, start_quick_check
from app.core.settings import Settings
from tests.faults.test_storage import _damage


def test_a_damaged_file_is_refused_with_the_check_started_early(templates):
    url = templates.sqlite_db("demo")
    _damage(sqlite_file(url), "articles")
    check = start_quick_check(url)
    assert check is not None and check.result() not in (None, "ok")
    with pytest.raises(DatabaseError) as e:
        open_database(Settings(database_url=url), precheck=start_quick_check(url))
    assert "损坏" in e.value.message_zh and "newsdesk restore" in e.value.message_zh
    assert "damaged" in e.value.message_en
    # what the login dialog shows (app.ui.app opens it this way)
    from app.ui.login import open_or_error

    opened, msg = open_or_error(Settings(database_url=url),
                                lambda st: open_database(st, precheck=start_quick_check(url)))
    assert opened is None and "损坏" in msg and "newsdesk restore" in msg
    # and the same refusal as without the early check
    with pytest.raises(DatabaseError) as plain:
        open_database(Settings(database_url=url))
    assert plain.value.message_zh == e.value.message_zh


def test_an_intact_file_opens_and_a_check_of_another_file_is_not_taken(templates):
    url, other = templates.sqlite_db("demo"), templates.sqlite_db("demo")
    o = open_database(Settings(database_url=url), precheck=start_quick_check(url))
    assert o.services.users.count() > 0
    o.services.db.dispose()
    _damage(sqlite_file(other), "articles")
    # the early check of `other` (damaged) must not pass for `url`, nor the reverse
    o = open_database(Settings(database_url=url), precheck=start_quick_check(other))
    o.services.db.dispose()
    with pytest.raises(DatabaseError):
        open_database(Settings(database_url=other), precheck=start_quick_check(url))


def test_no_file_no_check_and_other_urls_are_not_checked_early(tmp_path):
    assert sqlite_file("postgresql://u@h/db") is None and sqlite_file("sqlite://") is None
    assert start_quick_check("sqlite:///:memory:") is None
    missing = tmp_path / "new.db"
    check = start_quick_check(f"sqlite:///{missing}")
    assert check is not None and check.result() is None and not missing.exists()  # not created by it
    o = open_database(Settings(database_url=f"sqlite:///{missing}"), precheck=start_quick_check(f"sqlite:///{missing}"))
    assert o.created
    o.services.db.dispose()


def test_the_check_imports_no_sqlalchemy():
    code = "import sys, app.core.integrity; assert 'sqlalchemy' not in sys.modules; print('ok')"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert out.stdout.strip() == "ok", out.stderr[-2000:]
