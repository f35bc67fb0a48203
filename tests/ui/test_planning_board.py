"""The planning board in real windows (pytest-qt): a reporter proposes, the chief approves and
assigns two people with a deadline, the reporter writes the story from the assignment and it
carries the plan's channel and byline; the board follows the story to 已发布; an overdue plan is
flagged; dragging a plan to another day or person moves it; buttons follow the rulebook."""

from __future__ import annotations

from datetime import timedelta

from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt
from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import QApplication, QDialog

from app.core.clock import utcnow
from app.core.planning import PlanStatus, plan_actions
from app.ui.desk.common import tr
from app.ui.planning.board import status_text
from tests.conftest import actor
from tests.ui.desk_helpers import script
from tests.ui.test_desk_i18n import chinese  # noqa: F401 - the fixture


def _today(svc):
    """The newsroom's date, as the board counts days (from 16:00 UTC on, Beijing is a day ahead)."""
    from zoneinfo import ZoneInfo

    return utcnow().astimezone(ZoneInfo(svc.admin.setting("timezone") or "Asia/Shanghai")).date()


def _board(make_window, login):
    w = make_window(login)
    board = w.planning
    w.show_page("planning")
    w.ops.drain()
    w.ops.drain()
    return w, board


def _accept_with(fill):
    def run(dlg: QDialog) -> bool:
        fill(dlg)
        return True
    return run


def _drop(widget, plan_id, pos=QPointF(5, 5)):
    mime = QMimeData()
    mime.setData("application/x-newsdesk-plan", str(plan_id).encode())
    ev = QDropEvent(pos, Qt.DropAction.MoveAction, mime, Qt.MouseButton.LeftButton,
                    Qt.KeyboardModifier.NoModifier)
    widget.dropEvent(ev)


def test_plan_to_published_story_in_the_board(make_window, sqlite_demo, qtbot):
    svc = sqlite_demo
    wang, li, zong = (actor(svc, x) for x in ("wangzd", "liyouan", "zongbian"))
    w, board = _board(make_window, "wangzd")
    assert w.nav_item("planning") is not None
    assert not any(b.isEnabled() for b in board.buttons.values())  # nothing selected

    def fill(dlg):
        dlg.title.setText("泾川县苹果节开幕")
        dlg.channel.setCurrentIndex(dlg.channel.findData({c.name: c.id for c in svc.admin.channels()}["泾川新闻"]))
        dlg.angle.setPlainText("游客人数、果农收入")
    board.prompts_exec = _accept_with(fill)
    qtbot.mouseClick(board.propose_btn, Qt.MouseButton.LeftButton)
    w.ops.drain()
    w.ops.drain()
    pid = board.selected
    p = board.plans[pid]
    assert p.status == PlanStatus.PROPOSED and p.proposer_id == wang.id
    lines = [t for d in board.days for t in d.texts()]
    assert any("泾川县苹果节开幕" in t and status_text(PlanStatus.PROPOSED) in t for t in lines)
    # the reporter cannot approve their own proposal: the button says so by being disabled
    assert not board.buttons["approve"].isEnabled() and board.buttons["cancel"].isEnabled()

    # the chief, on another desktop
    w2, chief = _board(make_window, "zongbian")
    chief.select(pid)
    assert chief.buttons["approve"].isEnabled() and chief.buttons["reject"].isEnabled()
    qtbot.mouseClick(chief.buttons["approve"], Qt.MouseButton.LeftButton)
    w2.ops.drain()
    w2.ops.drain()
    assert chief.plans[pid].status == PlanStatus.APPROVED

    def pick(dlg):
        for it, role, uid in dlg.rows:
            if uid in (wang.id, li.id):
                it.setCheckState(0, Qt.CheckState.Checked)
                role.setCurrentText("记者" if uid == wang.id else "摄影")
    chief.prompts_exec = _accept_with(pick)
    qtbot.mouseClick(chief.buttons["assign"], Qt.MouseButton.LeftButton)
    w2.ops.drain()
    w2.ops.drain()
    assert {(a.user_id, a.role) for a in chief.plans[pid].assignees} == {(wang.id, "记者"), (li.id, "摄影")}
    svc.plans.assign(zong, pid, [(wang.id, "记者"), (li.id, "摄影")], deadline=utcnow() + timedelta(days=1))

    # the reporter writes it from the assignment
    board.reload()
    w.ops.drain()
    board.select(pid)
    assert board.buttons["start_story"].isEnabled()
    qtbot.mouseClick(board.buttons["start_story"], Qt.MouseButton.LeftButton)
    w.ops.drain()
    w.ops.drain()
    w.ops.drain()
    art = w.editor.article
    assert art is not None and art.title == "泾川县苹果节开幕"
    assert art.primary_channel_id == {c.name: c.id for c in svc.admin.channels()}["泾川新闻"]
    assert {(c.role, c.name) for c in art.contributors} == {("记者", wang.real_name), ("摄影", li.real_name)}
    board.reload()
    w.ops.drain()
    assert board.plans[pid].status == PlanStatus.IN_PROGRESS
    assert any(status_text(PlanStatus.IN_PROGRESS) in t for d in board.days for t in d.texts())

    # through 三审 to publication (services: the desks have their own tests), the board follows
    svc.articles.save(wang, art.id, {"body": "【本报讯】苹果节开幕。"}, svc.articles.get(wang, art.id).version)
    w.editor.close_article()
    w.ops.drain()
    svc.review.submit(wang, art.id)
    for login in ("chushen", "fushen", "zongbian"):
        svc.review.sign(actor(svc, login), art.id, "ok")
    svc.review.publish_now(zong, art.id)
    chief.reload()
    w2.ops.drain()
    assert chief.plans[pid].status == PlanStatus.PUBLISHED
    chief.select(pid)
    assert status_text(PlanStatus.PUBLISHED) in chief.detail.text()


def test_overdue_flagged_drag_to_day_and_person(make_window, sqlite_demo, qtbot):
    svc = sqlite_demo
    wang, li, zong = (actor(svc, x) for x in ("wangzd", "liyouan", "zongbian"))
    w, board = _board(make_window, "zongbian")
    today = board.today
    p = svc.plans.propose(zong, "崆峒区冬季供暖检查", today)
    svc.plans.approve(zong, p.id)
    svc.plans.assign(zong, p.id, [(wang.id, "记者")], deadline=utcnow() - timedelta(hours=1))
    board.reload()
    w.ops.drain()
    col = board.days[today.weekday()]
    row = col.plan_ids().index(p.id)
    assert col.texts()[row].startswith("⚠") and col.colour(row) == "#b00020"
    assert "崆峒区冬季供暖检查" in col.model().index(row).data(Qt.ItemDataRole.ToolTipRole)
    assert tr("Overdue: %1").split("%1")[0] in board.summary.text() and wang.real_name in board.summary.text()

    # drag to another day of the week
    target = 0 if today.weekday() else 1
    _drop(board.days[target], p.id)
    w.ops.drain()
    w.ops.drain()
    assert svc.plans.get(zong, p.id).planned_date == board.week_start + timedelta(days=target)

    # the list by person: drop it on 李有安
    board.view.setCurrentIndex(1)
    board.reload()
    w.ops.drain()
    tree = board.people
    group = next(tree.topLevelItem(i) for i in range(tree.topLevelItemCount())
                 if tree.topLevelItem(i).data(0, Qt.ItemDataRole.UserRole + 1) == li.id)
    rect = tree.visualItemRect(group)
    _drop(tree.viewport() and tree, p.id, QPointF(rect.center()))
    w.ops.drain()
    w.ops.drain()
    assert [(a.user_id, a.role) for a in svc.plans.get(zong, p.id).assignees] == [(li.id, "记者")]
    assert QPoint  # (imported for readers of the drop helper)


def test_buttons_follow_the_rulebook_for_every_role(make_window, sqlite_demo):
    """Each role's window enables exactly the actions plan_actions allows, per plan state."""
    svc = sqlite_demo
    zong, wang = actor(svc, "zongbian"), actor(svc, "wangzd")
    today = _today(svc)
    plans = []
    for step in ("proposed", "pending", "approved", "in_progress", "rejected"):
        p = svc.plans.propose(wang, f"选题 {step}", today)
        if step == "pending":
            svc.plans.shortlist(zong, p.id)
        elif step == "approved":
            svc.plans.approve(zong, p.id)
        elif step == "in_progress":
            svc.plans.approve(zong, p.id)
            svc.plans.assign(zong, p.id, [(wang.id, "记者")])
            svc.plans.start_story(wang, p.id)
        elif step == "rejected":
            svc.plans.reject(zong, p.id, "重复")
        plans.append(p.id)
    checked = 0
    for login in ("wangzd", "liyouan", "chushen", "zongbian"):
        w, board = _board(make_window, login)
        me = actor(svc, login)
        for pid in plans:
            board.select(pid)
            p = board.plans[pid]
            allowed = set(plan_actions(me, p.status, p.proposer_id, p.assignee_ids))
            enabled = {n for n, b in board.buttons.items() if b.isEnabled()}
            assert enabled == allowed & set(board.buttons), (login, p.status)
            checked += len(board.buttons)
        w.close()
    print(f"{checked} (role × plan state × button) combinations checked")
    QApplication.processEvents()


def test_reject_asks_for_a_reason(make_window, sqlite_demo):
    svc = sqlite_demo
    p = svc.plans.propose(actor(svc, "liyouan"), "静宁苹果出口", _today(svc))
    w, board = _board(make_window, "zongbian")
    board.select(p.id)
    prompts = script(board, texts=["  "])
    board.act("reject")
    w.ops.drain()
    assert prompts.infos and svc.plans.get(actor(svc, "zongbian"), p.id).status == PlanStatus.PROPOSED
    script(board, texts=["与昨日稿件重复"])
    board.act("reject")
    w.ops.drain()
    w.ops.drain()
    assert svc.plans.get(actor(svc, "zongbian"), p.id).status == PlanStatus.REJECTED


def test_the_board_speaks_chinese(make_window, sqlite_demo, qtbot, chinese):  # noqa: F811
    from app.ui.planning.board import AssignDialog, ProposeDialog
    from tests.ui.test_desk_i18n import english, texts

    svc = sqlite_demo
    zong, wang = actor(svc, "zongbian"), actor(svc, "wangzd")
    p = svc.plans.propose(wang, "静宁苹果出口", _today(svc), expected_chars=1500)
    svc.plans.approve(zong, p.id)
    svc.plans.assign(zong, p.id, [(wang.id, "记者")], deadline=utcnow() - timedelta(hours=1))
    w, board = _board(make_window, "zongbian")
    board.select(p.id)
    shown = texts(board) + [board.detail.text(), board.summary.text()]
    shown += [t for d in board.days for t in d.texts()]
    assert english(shown) == [], english(shown)
    assert "报题…" in shown and "采用" in board.detail.text()
    for dlg in (ProposeDialog(board._channels, board.zone, board.today, board), AssignDialog(board._staff, {}, board)):
        qtbot.addWidget(dlg)
        assert english(texts(dlg)) == []



def test_dashboard_has_the_planning_panel(qtbot, sqlite_demo):
    from app.ui.desk.dashboard import DashboardWidget

    svc = sqlite_demo
    zong, wang = actor(svc, "zongbian"), actor(svc, "wangzd")
    p = svc.plans.propose(wang, "华亭煤矿安全", _today(svc))
    svc.plans.approve(zong, p.id)
    svc.plans.assign(zong, p.id, [(wang.id, "记者")], deadline=utcnow() - timedelta(hours=3))
    svc.plans.propose(wang, "庄浪梯田", _today(svc))
    d = DashboardWidget(svc, zong)
    qtbot.addWidget(d)
    d.ops.drain()
    assert {(label, n) for label, n, _c in d.plans_week.bars} >= {
        (status_text(PlanStatus.APPROVED), 1), (status_text(PlanStatus.PROPOSED), 1)}
    assert [(label, n) for label, n, _c in d.plans_overdue.bars] == [(wang.real_name, 1)]
