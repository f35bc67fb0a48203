"""Kill-and-recover: a real NewsDesk editor process is killed with SIGKILL while the reporter
types; the next start offers the unsaved text."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from app.ui.editor import recovery
from tests.conftest import actor

CHILD = textwrap.dedent('''
    import os, sys, time
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    from PySide6.QtWidgets import QApplication, QMessageBox
    from PySide6.QtGui import QInputMethodEvent
    from app.core.db import Database
    from app.core.services import Services
    from app.ui.app import create_application
    from app.ui.main_window import MainWindow

    url, login, article_id, text = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
    app = create_application()
    QMessageBox.question = staticmethod(lambda *a, **k: QMessageBox.StandardButton.No)
    svc = Services.create(Database(url))
    w = MainWindow(svc, svc.users.actor_by_login(login))
    w.show()
    w.open_article(article_id)
    w.ops.drain(); w.ops.drain()
    ed = w.editor
    ed._autosave.setInterval(10 ** 8)  # the kill lands between two autosaves
    ed.body.setFocus()
    ed.body.moveCursor(ed.body.textCursor().MoveOperation.End)
    ev = QInputMethodEvent("", [])
    ev.setCommitString(text)
    QApplication.sendEvent(ed.body, ev)
    from app.ui.editor import recovery
    while not any(text in r.fields.get("body", "") for r in recovery.pending(login)):
        app.processEvents()
        time.sleep(0.02)
    print("READY", flush=True)
    while True:  # keep "typing": the process is killed here
        app.processEvents()
        time.sleep(0.02)
''')


def _run_child(url: str, login: str, article_id: int, text: str) -> None:
    env = dict(os.environ, PYTHONPATH=str(Path(__file__).resolve().parents[2]))
    with subprocess.Popen([sys.executable, "-c", CHILD, url, login, str(article_id), text], env=env,
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) as p:  # closes its pipes
        try:
            line = p.stdout.readline()  # blocks until the child wrote its recovery file (or died)
            assert line.strip() == "READY", p.stderr.read()
            p.send_signal(signal.SIGKILL)
            assert p.wait(timeout=60) == -signal.SIGKILL
        finally:
            if p.poll() is None:
                p.kill()
                p.wait()


@pytest.fixture
def draft(sqlite_demo):
    me = actor(sqlite_demo, "wangzd")
    return sqlite_demo.articles.create(me, title="恢复测试", body="已保存的开头。")


def test_sigkill_then_the_next_start_offers_the_unsaved_text(make_window, sqlite_demo, draft, boxes):
    me = actor(sqlite_demo, "wangzd")
    _run_child(sqlite_demo.db.url, "wangzd", draft.id, "被强行关闭前输入的文字")
    assert sqlite_demo.articles.get(me, draft.id).body == "已保存的开头。"  # nothing saved by the child

    w = make_window()  # offers recovery after the first paint
    w.ops.drain()
    w.ops.drain()
    assert any("恢复测试" in t for t in boxes.texts())
    ed = w.editor
    assert ed.article is not None and ed.article.id == draft.id
    assert ed.body.toPlainText() == "已保存的开头。被强行关闭前输入的文字"
    assert ed.is_dirty()
    ed.save_now()
    w.ops.drain()
    assert sqlite_demo.articles.get(me, draft.id).body == "已保存的开头。被强行关闭前输入的文字"
    w.ops.drain()
    assert recovery.pending("wangzd") == []


def test_declining_recovery_discards_the_file(make_window, sqlite_demo, draft, boxes):
    from PySide6.QtWidgets import QMessageBox

    recovery.write("wangzd", draft.id, draft.version, {"title": "恢复测试", "body": "不要了"})
    boxes.answers.append(QMessageBox.StandardButton.No)
    w = make_window()
    w.ops.drain()
    assert recovery.pending("wangzd") == []
    assert w.editor.article is None


def test_recovery_files_are_per_user_and_survive_damage(tmp_path):
    recovery.write("wangzd", 1, 1, {"title": "甲", "body": "x"})
    recovery.write("liyouan", 2, 1, {"title": "乙", "body": "y"})
    (recovery.recovery_dir() / "garbage.json").write_text("{not json", "utf-8")
    assert [r.article_id for r in recovery.pending("wangzd")] == [1]
    assert [r.fields["body"] for r in recovery.pending("liyouan")] == ["y"]
