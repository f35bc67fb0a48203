"""The newsroom's whole day in one process and one launch (issue 17): the reporter drafts and
submits, 初审 returns it, the reporter fixes and resubmits, 初审/复审/终审 sign, the chief editor
publishes, corrects and withdraws — each hand-over through File → 退出登录 / 切换用户 and the login
dialog. Every user action is counted (a click, a typed text, a key sequence, a menu choice, an
answer to a dialog) and printed; the issue's first run took about 47 clicks and 4 launches."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QApplication

from app.core.domain import Status
from app.core.services.articles import ArticleQuery
from app.core.settings import Settings
from app.ui.editor.dialogs import SubmitDialog
from tests.conftest import DEMO_PASSWORD
from tests.ui.conftest import type_text
from tests.ui.desk_helpers import script


class Actions:
    """Performs and counts what a person does."""

    def __init__(self, qtbot: Any) -> None:
        self.qtbot = qtbot
        self.log: list[str] = []

    def click(self, button: Any, what: str) -> None:
        self.log.append(f"click {what}")
        self.qtbot.mouseClick(button, Qt.MouseButton.LeftButton)

    def menu(self, action: Any, what: str) -> None:
        self.log.append(f"menu {what}")
        action.trigger()

    def type(self, widget: Any, text: str, what: str) -> None:
        self.log.append(f"type {what}")
        type_text(widget, text)

    def answered(self, prompts: Any, before: int) -> None:
        """Each question a desk dialog asked: one click for a confirmation, typing + OK for a text."""
        for kind, label in prompts.asked[before:]:
            self.log.append(f"answer {kind}: {label[:18]}")
            if kind == "text":
                self.log.append("click OK")


def test_a_newsroom_day_in_one_launch(qtbot, sqlite_demo, monkeypatch, evidence):
    from app.ui.session import Session

    svc = sqlite_demo
    monkeypatch.setattr(SubmitDialog, "exec", lambda self: SubmitDialog.DialogCode.Accepted)
    act = Actions(qtbot)
    settings = Settings()  # this computer's: the log-in remembers who used it (File → Switch user)
    session = Session(SimpleNamespace(services=svc, backup=None), settings, quit_when_cancelled=False)
    windows: list[Any] = []

    def log_in(login: str) -> Any:
        from app.ui.login import LoginDialog

        dlg = session.login
        if dlg is None:  # the launch: the first login dialog
            dlg = LoginDialog(settings, SimpleNamespace(services=svc, backup=None))
            qtbot.addWidget(dlg)
            dlg.accepted.connect(lambda: session.start(dlg.actor))
            dlg.show()
        if dlg.user.text() == login:  # chosen under File → Switch user: only the password is asked
            assert dlg.focusWidget() is dlg.password
        else:
            act.type(dlg.user, login, "user name")
        act.type(dlg.password, DEMO_PASSWORD, "password")
        with qtbot.waitSignal(session.windowChanged, timeout=10000):
            act.log.append("key Enter (log in)")
            qtbot.keyClick(dlg.password, Qt.Key.Key_Return)
        w = session.window
        qtbot.addWidget(w)
        windows.append(w)
        w.ops.drain()
        return w

    def log_out(w: Any, next_login: str) -> None:
        """The hand-over: File → Switch user → the next person when they used this computer
        before, else File → Log out / switch user."""
        who = w.switch_menu.findChild(QAction, f"switchTo_{next_login}")
        if who is not None and w.switch_menu.menuAction().isVisible():
            act.menu(who, f"File → 切换用户 → {who.text()}")
        else:
            act.menu(w.action("log_out"), "File → 退出登录 / 切换用户")
        w.ops.drain()
        assert session.login is not None and session.login.isVisible()

    def open_in_list(w: Any, article_id: int, nav: str) -> None:
        if w.current_nav() is None or w.current_nav().key != nav:
            act.log.append(f"click navigator ({nav})")
        w.select_navigator(nav)
        w.ops.drain()
        row = w.list_model.row_of(article_id)
        assert row >= 0, f"article not in {nav}"
        act.log.append(f"click list row ({nav})")
        w._row_activated(w.list_model.index(row, 0))
        w.ops.drain()
        w.ops.drain()
        assert w.editor.article is not None and w.editor.article.id == article_id

    def decide(w: Any, button: Any, what: str, **answers: Any) -> Any:
        panel = w.desk.review
        p = script(panel, **answers)
        w.ops.drain()
        assert button.isEnabled(), f"{what} is not enabled"
        before = len(p.asked)
        act.click(button, what)
        w.ops.drain()
        w.ops.drain()
        act.answered(p, before)
        assert not p.errors, f"{what}: {p.errors}"
        return svc.articles.get(w.actor, aid)

    # 08:30 the reporter writes and submits
    w = log_in("wangzd")
    act.menu(w.action("new"), "File → New article")
    w.ops.drain()
    w.ops.drain()
    ed = w.editor
    act.type(ed.title, "城关镇冬季供暖全面启动", "headline")
    act.type(ed.body, "本报讯 城关镇今冬供暖于11月15日全面启动，覆盖居民一万二千户。", "body")
    aid = ed.article.id
    # the 栏目 is the reporter's beat: the channel of their latest article, shown and saved
    earlier = svc.articles.list(w.actor, ArticleQuery(author_id=w.actor.id, sort="id")).rows
    beat = next(c for c in (svc.articles.get(w.actor, r.id).primary_channel_id for r in earlier if r.id != aid)
                if c is not None)
    assert ed.metadata.channel.currentData() == beat
    act.log.append("key Ctrl+Return (submit)")
    qtbot.keyClick(ed.body, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    act.log.append("click 提交 in the submit dialog")
    w.ops.drain()
    w.ops.drain()
    a = svc.articles.get(w.actor, aid)
    assert a.status == Status.SUBMITTED and a.primary_channel_id == beat
    assert "城关镇冬季供暖全面启动" not in w.windowTitle() or w.editor.read_only
    log_out(w, "chushen")

    # 09:00 初审 returns it with a reason
    w = log_in("chushen")
    open_in_list(w, aid, "review_queue")
    a = decide(w, w.desk.review.return_btn, "退回记者…", texts=["请补充供暖投入资金和负责单位。"])
    assert a.status == Status.RETURNED
    assert w.editor.article is None and "城关镇" not in w.windowTitle()  # nothing describes it now
    log_out(w, "wangzd")

    # 09:20 the reporter fixes it and resubmits
    w = log_in("wangzd")  # the story they left on screen opens again: it is theirs to edit now
    qtbot.waitUntil(lambda: w.editor.article is not None and w.editor.article.id == aid, timeout=10000)
    assert not w.editor.read_only and w.editor.article.status == Status.RETURNED
    w.editor.body.moveCursor(w.editor.body.textCursor().MoveOperation.End)
    act.type(w.editor.body, "供暖由县热力公司负责，总投入三百万元。", "the fix")
    act.menu(w.action("submit"), "File → Submit for review")
    act.log.append("click 提交 in the submit dialog")
    w.ops.drain()
    w.ops.drain()
    assert svc.articles.get(w.actor, aid).status == Status.SUBMITTED
    log_out(w, "chushen")

    # 10:00 初审, 复审 sign; 终审 signs off, publishes, corrects and withdraws
    for login in ("chushen", "fushen"):
        w = log_in(login)
        open_in_list(w, aid, "review_queue")
        a = decide(w, w.desk.review.sign_btn, f"签署 ({login})")
        assert a.signoffs and a.signoffs[-1].signer_name == w.actor.real_name
        log_out(w, "fushen" if login == "chushen" else "zongbian")
    w = log_in("zongbian")
    open_in_list(w, aid, "review_queue")
    a = decide(w, w.desk.review.sign_btn, "签发", options=[0])  # 签发并立即发布
    assert a.status == Status.PUBLISHED and a.signer_name == w.actor.real_name
    a = decide(w, w.desk.review.correct_btn, "更正重发…", texts=["供暖户数更正为一万两千户。"])
    assert a.status == Status.PUBLISHED and a.correction_note
    a = decide(w, w.desk.review.withdraw_btn, "撤稿…", texts=["供暖方案调整，稿件撤回。"])
    assert a.status == Status.WITHDRAWN

    # one launch: one login dialog at a time, one window at a time, every earlier one closed
    assert all(not x.isVisible() for x in windows[:-1]) and windows[-1].isVisible()
    assert len({x.actor.login for x in windows}) == 4
    typed = [x for x in act.log if x.startswith(("type ", "answer text"))]
    n = len(act.log) - len(typed)  # clicks, key sequences, menu choices: the measure
    evidence(f"newsroom day: {n} user actions (clicks, key sequences, menu choices; issue 17's target "
             f"at most 30) and {len(typed)} texts typed, in one launch, {len(windows)} log-ins "
             f"(issue 17: about 47 clicks and 4 launches)\n"
             + "\n".join(f"  {i:2}. {line}" for i, line in enumerate(act.log, 1)))
    QApplication.processEvents()
    assert n <= 30  # the target; the figure itself is printed above
