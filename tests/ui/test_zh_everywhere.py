"""The Chinese interface has no English left: every main screen of every role (reporter, 初审
editor, chief editor, administrator), with an article open, every page, side tab, menu and admin
tab walked widget by widget (tests/ui/zh_walk.py); and Qt's own file dialog, in a fresh process
started the way the app starts (app.ui.app.create_application), with Qt's zh_CN catalogue, our
fixes for what it lacks and the system locale Qt formats dates and sizes with."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMenu

from app.ui import i18n
from tests.ui.conftest import reset_translations
from tests.ui.zh_walk import describe, leaks

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def chinese():
    app = QApplication.instance()
    i18n.install(app, "zh_CN")
    yield
    reset_translations(app)


def _walk_window(w) -> list:
    found = []
    aid = w.list_model.data(w.list_model.index(0, 0), Qt.ItemDataRole.UserRole)
    if aid is not None:
        w.open_article(int(aid))
        w.ops.drain()
        w.ops.drain()
    for key in list(w._pages):
        w.show_page(key)
        w.ops.drain()
        QApplication.processEvents()
        found += [(f"{w.actor.login}/{key}/{where}", text, words) for where, text, words in leaks(w)]
        w.show_page("articles")
    for i in range(w.side.count()):
        w.side.setCurrentIndex(i)
        w.ops.drain()
        QApplication.processEvents()
        found += [(f"{w.actor.login}/side{i}/{where}", text, words) for where, text, words in leaks(w.side)]
    for menu in w.menuBar().findChildren(QMenu):
        menu.aboutToShow.emit()
    found += [(f"{w.actor.login}/menus/{where}", text, words) for where, text, words in leaks(w)]
    return found


@pytest.mark.parametrize("login", ["wangzd", "chushen", "zongbian", "admin"])
def test_every_main_screen_is_chinese(make_window, chinese, login):
    w = make_window(login)
    found = _walk_window(w)
    if login == "admin":
        from app.ui.admin import AdminDialog

        dlg = AdminDialog(w.services, w.actor, w.ops, w)
        dlg.show()
        for i in range(dlg.tabs.count()):
            dlg.tabs.setCurrentIndex(i)
            w.ops.drain()
            QApplication.processEvents()
            found += [(f"admin/tab{i}/{where}", text, words) for where, text, words in leaks(dlg)]
        dlg.close()
    found = list(dict.fromkeys((a, b, tuple(c)) for a, b, c in found))
    assert not found, "English in the Chinese interface:\n" + describe(found)


CHILD = r"""
import json, sys, time
from pathlib import Path
from app.ui.app import create_application
app = create_application(lang="zh_CN")
from PySide6.QtWidgets import QFileDialog
from tests.ui.zh_walk import leaks
folder = Path(sys.argv[1])
d = QFileDialog(None, "导入稿件", str(folder), "文档 (*.docx *.txt);;所有文件 (*)")
d.setOption(QFileDialog.Option.DontUseNativeDialog)
d.setViewMode(QFileDialog.ViewMode.Detail)
d.show()
deadline = time.time() + 5
while time.time() < deadline:  # the file system model fills the view from a thread
    app.processEvents()
    time.sleep(0.02)
    view = d.findChild(__import__("PySide6.QtWidgets", fromlist=["QTreeView"]).QTreeView, "treeView")
    if view.model().rowCount(view.rootIndex()) >= 2:
        break
for _ in range(10):
    app.processEvents()
    time.sleep(0.02)
texts = [t for _w, t, _x in leaks(d)]
from tests.ui.zh_walk import visible_strings
print(json.dumps({"leaks": [[w, t, x] for w, t, x in leaks(d)], "all": [t for _w, t in visible_strings(d)]},
                 ensure_ascii=False))
"""


def test_qt_file_dialog_is_chinese_with_chinese_dates(tmp_path):
    folder = tmp_path / "稿件"
    (folder / "sub").mkdir(parents=True)
    (folder / "note.txt").write_text("x", "utf-8")
    env = {k: v for k, v in os.environ.items() if k not in ("LANG", "LC_ALL", "LC_TIME", "LANGUAGE")}
    env.update(QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(ROOT))
    out = subprocess.run([sys.executable, "-c", CHILD, str(folder)], env=env, capture_output=True, text=True,
                         timeout=120, cwd=ROOT)
    assert out.returncode == 0, out.stderr
    res = json.loads(out.stdout.strip().splitlines()[-1])
    names = {"sub", "note.txt", str(folder), folder.name}
    home_like = {str(Path.home()), Path.home().name}
    found = [(w, t, x) for w, t, x in res["leaks"] if t not in names | home_like and not t.startswith(str(tmp_path))]
    assert not found, "English in Qt's file dialog:\n" + describe(found)
    shown = res["all"]
    assert "查找范围(&L)：" in shown and "文件类型(&T)：" in shown and "文件夹" in shown
    assert any(t.endswith("字节") for t in shown)  # 1 字节, not 1 bytes
    dates = [t for t in shown if t[:4].isdigit() and "/" in t]
    assert dates and all(t.startswith(("20", "19")) for t in dates), shown  # 2026/12/5 09:30, not 5 12 2026
