"""Desk panels on their own: the diff view, comments with @mentions, notifications and the tray,
the dashboard charts, queue filters and counts, correcting and withdrawing."""

from __future__ import annotations

from PySide6.QtCore import Qt

from app.core.clock import utcnow
from app.core.diffing import diff_snapshots
from app.core.domain import Status
from app.core.services.articles import ArticleQuery
from app.ui.desk.comments import CommentsWidget
from app.ui.desk.dashboard import BarChart, DashboardWidget
from app.ui.desk.history import HistoryWidget
from app.ui.desk.notifications import NotificationsWidget, TrayNotifier
from app.ui.desk.queue import ReviewQueueWidget
from app.ui.desk.review_panel import ReviewPanel
from tests.conftest import actor
from tests.ui.desk_helpers import script


def test_history_diff_by_character_and_by_field(qtbot, sqlite_demo):
    svc = sqlite_demo
    ed = actor(svc, "chushen")
    ch = {c.name: c.id for c in svc.admin.channels()}
    a = svc.articles.create(ed, title="静宁苹果喜获丰收", body="静宁县果农迎来苹果采摘季。", primary_channel_id=ch["静宁新闻"])
    svc.articles.save(ed, a.id, {"title": "静宁苹果再获丰收", "secondary_channel_ids": [ch["平凉新闻"]],
                                 "keywords": ["静宁苹果"]}, a.version)
    h = HistoryWidget(svc, ed)
    qtbot.addWidget(h)
    h.set_article(a.id)
    h.ops.drain()
    assert h.table.rowCount() == 2 and h.new.currentData() == 2 and h.old.currentData() == 1
    text = h.view.toPlainText()
    assert "主题" in text and "副栏目" in text and "平凉新闻" in text and "关键词" in text
    html = h.view.toHtml()
    assert "line-through" in html or "text-decoration" in html  # the removed 喜 is struck through
    # the changed character only, not the whole headline
    runs = [c for c in diff_snapshots(svc.articles.revision_snapshot(ed, a.id, 1),
                                      svc.articles.revision_snapshot(ed, a.id, 2)) if c.field == "title"][0].runs
    assert [(r.old, r.new) for r in runs if r.kind != "equal"] == [("喜", "再")]
    h.mode.setCurrentIndex(1)
    h.ops.drain()
    assert h.view.document().toPlainText().count("静宁苹果") >= 2  # both columns
    h.select(2, 2)
    h.ops.drain()
    assert "相同" in h.view.toPlainText() or "identical" in h.view.toPlainText()


def test_comments_thread_and_mentions(qtbot, sqlite_demo):
    svc = sqlite_demo
    ed = actor(svc, "chushen")
    wang = actor(svc, "wangzd")
    aid = svc.articles.list(ed, ArticleQuery(statuses=[Status.RETURNED])).rows[0].id
    c = CommentsWidget(svc, ed)
    qtbot.addWidget(c)
    c.set_article(aid)
    c.ops.drain()
    assert "请补充庙会的具体日期和主办单位。" in c.thread_view.toPlainText()  # the return note, marked
    c.input.setText("@王忠德 主办单位请写全称")
    c.send.click()
    c.ops.drain()
    assert c.input.text() == ""
    assert c.comments[-1].user_name == "刘初审" and "全称" in c.comments[-1].body
    n = NotificationsWidget(svc, wang)
    qtbot.addWidget(n)
    n.ops.drain()
    assert any(x.kind == "mentioned" and x.article_id == aid for x in n.items)
    before = n.unread()
    n.mark_all_read()
    n.ops.drain()
    assert before > 0 and n.unread() == 0
    # an empty comment is refused without a trip to the database
    c.input.setText("   ")
    c.send.click()
    c.ops.drain()
    assert len(c.comments) == len(svc.articles.comments(ed, aid))


def test_tray_shows_only_new_notifications(qtbot, sqlite_demo):
    svc = sqlite_demo
    wang = actor(svc, "wangzd")
    tray = TrayNotifier()
    tray.update(svc.notifications.list(wang))
    assert tray.shown == []  # the first load is not news
    ed = actor(svc, "chushen")
    aid = svc.articles.list(ed, ArticleQuery(statuses=[Status.RETURNED])).rows[0].id
    svc.articles.add_comment(ed, aid, "@wangzd 请今天改完")
    tray.update(svc.notifications.list(wang))
    assert len(tray.shown) == 1 and "刘初审" in tray.shown[0][1]
    tray.update(svc.notifications.list(wang))
    assert len(tray.shown) == 1


def test_dashboard_charts_and_due_today(qtbot, sqlite_demo):
    svc = sqlite_demo
    d = DashboardWidget(svc, actor(svc, "zongbian"))
    qtbot.addWidget(d)
    d.resize(900, 700)
    d.show()
    d.ops.drain()
    labels = [b[0] for b in d.by_status.bars]
    assert len(labels) == len(svc.articles.stats()["by_status"]) and sum(b[1] for b in d.by_status.bars) == 14
    assert {b[0] for b in d.by_reporter.bars} >= {"王忠德", "李有安", "张敏"}
    assert sum(b[1] for b in d.by_week.bars) >= 14
    # the demo's scheduled article publishes six hours from now: due today unless that is tomorrow
    sched = svc.articles.list(actor(svc, "zongbian"), ArticleQuery(statuses=[Status.SCHEDULED])).rows[0]
    local = sched.scheduled_at.astimezone(d.zone).date()
    today = utcnow().astimezone(d.zone).date()
    assert (d.due_list.count() == 1) == (local == today)
    img = d.by_status.grab()
    assert img.width() > 100 and not img.isNull()
    empty = BarChart("空")
    qtbot.addWidget(empty)
    empty.set_bars([])
    assert not empty.grab().isNull()


def test_queue_filters_sort_and_counts(qtbot, sqlite_demo):
    svc = sqlite_demo
    chief = actor(svc, "zongbian")
    q = ReviewQueueWidget(svc, chief)
    qtbot.addWidget(q)
    q.ops.drain()
    # what to act on: the three waiting at review steps, then the approved and the scheduled one
    assert [r.status for r in q.model.rows][3:] == [Status.APPROVED, Status.SCHEDULED]
    assert {r.status for r in q.model.rows[:3]} <= {Status.SUBMITTED, Status.IN_REVIEW}
    q.select_view("mine")
    q.ops.drain()
    assert q.counts["queue"] == len(q.model.rows) == 3  # a chief editor may sign every step
    q.select_view("all")
    q.ops.drain()
    assert q.model.total == 14
    q.channel.setCurrentIndex(q.channel.findText("泾川新闻", flags=Qt.MatchFlag.MatchEndsWith))
    q.ops.drain()
    assert {r.channel_name for r in q.model.rows} == {"泾川新闻"} and q.model.total == 4
    q.reporter.setCurrentIndex(q.reporter.findText("李有安"))
    q.ops.drain()
    assert [r.title for r in q.model.rows] == ["省博珍藏佛舍利移交泾川"]
    q.channel.setCurrentIndex(0)
    q.reporter.setCurrentIndex(0)
    q.source.setCurrentIndex(q.source.findText("陇东报"))
    q.ops.drain()
    assert q.model.total == 1 and "安宁" in q.model.rows[0].title
    q.source.setCurrentIndex(0)
    q.sort.setCurrentIndex(2)  # headline
    q.dates.setCurrentIndex(1)  # today
    q.ops.drain()
    titles = [r.title for r in q.model.rows]
    assert titles == sorted(titles) and q.model.total == 14
    assert "14" in q.summary.text()


def test_correct_and_withdraw_published(qtbot, sqlite_demo):
    svc = sqlite_demo
    chief = actor(svc, "zongbian")
    row = next(r for r in svc.articles.list(chief, ArticleQuery(statuses=[Status.PUBLISHED])).rows
               if "崆峒山" in r.title)
    p = ReviewPanel(svc, chief)
    qtbot.addWidget(p)
    p.set_article(svc.articles.get(chief, row.id))
    assert p.correct_btn.isEnabled() and p.withdraw_btn.isEnabled() and not p.sign_btn.isEnabled()
    first = p.article.first_published_at
    script(p, texts=["更正：游客人数为12万人次。"])
    p.correct_btn.click()
    p.ops.drain()
    a = svc.articles.get(chief, row.id)
    assert a.first_published_at == first and a.updated_published_at is not None
    assert a.correction_note.startswith("更正")
    # withdrawing asks once, for the reason, in a dialog that says what happens; Cancel changes nothing
    s = script(p, confirm=True, texts=[])
    p.withdraw_btn.click()
    p.ops.drain()
    assert svc.articles.get(chief, row.id).status == Status.PUBLISHED
    assert [k for k, _ in s.asked] == ["text"] and row.title in s.asked[0][1]
    script(p, confirm=True, texts=["内容需要重新核实。"])
    p.withdraw_btn.click()
    p.ops.drain()
    assert svc.articles.get(chief, row.id).status == Status.WITHDRAWN
    assert not p.withdraw_btn.isEnabled()


def test_reprint_compliance_blocks_sign_off(qtbot, sqlite_demo):
    svc = sqlite_demo
    wang = actor(svc, "wangzd")
    chief = actor(svc, "zongbian")
    ch = {c.name: c.id for c in svc.admin.channels()}
    a = svc.articles.create(wang, title="转载：平凉市区新增公交线路", body="平凉市新开通三条公交线路。",
                            origin="reprint", primary_channel_id=ch["平凉新闻"])
    svc.review.submit(wang, a.id)
    for login in ("chushen", "fushen"):
        svc.review.sign(actor(svc, login), a.id)
    p = ReviewPanel(svc, chief)
    qtbot.addWidget(p)
    p.set_article(svc.articles.get(chief, a.id))
    assert "⚠" in p.reprint.text() and "原作者" in p.reprint.text() or "original author" in p.reprint.text()
    s = script(p, confirm=True, texts=["签发"])
    p.sign_btn.click()
    p.ops.drain()
    assert s.infos and svc.articles.get(chief, a.id).status == Status.IN_REVIEW
    src = svc.admin.ensure_source(None, "平凉日报")
    cur = svc.articles.get(chief, a.id)
    svc.articles.save(chief, a.id, {"source_id": src.id, "original_author": "张三", "original_title": "新增公交线路",
                                    "source_url": "https://example.cn/a"}, cur.version)
    p.set_article(svc.articles.get(chief, a.id))
    assert "✔" in p.reprint.text()
    p.sign_btn.click()
    p.ops.drain()
    done = svc.articles.get(chief, a.id)
    assert done.status == Status.APPROVED and done.signer_name == "马总编"


def test_schedule_prompt_keeps_the_newsroom_wall_clock(qtbot, monkeypatch):
    """The time picker shows and returns Beijing wall-clock time whatever this computer's zone."""
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from PySide6.QtWidgets import QDialog

    from app.ui.desk.common import Prompts

    monkeypatch.setattr(QDialog, "exec", lambda self: QDialog.DialogCode.Accepted)
    when = datetime(2026, 11, 28, 9, 30, tzinfo=ZoneInfo("Asia/Shanghai"))
    got = Prompts(None).when("定时发布", "发布时间", when)
    assert got == when and got.tzinfo == when.tzinfo


def test_hidden_dashboard_waits_until_shown(qtbot, sqlite_demo):
    svc = sqlite_demo
    d = DashboardWidget(svc, actor(svc, "zongbian"))
    qtbot.addWidget(d)
    d.ops.drain()
    before = sum(b[1] for b in d.by_status.bars)
    wang = actor(svc, "wangzd")
    svc.articles.create(wang, title="新稿", body="正文")
    d.refresh_if_visible()  # hidden: nothing read yet
    d.ops.drain()
    assert sum(b[1] for b in d.by_status.bars) == before
    d.show()
    d.ops.drain()
    assert sum(b[1] for b in d.by_status.bars) == before + 1


def test_channel_edits_reach_the_open_desk(qtbot, sqlite_demo):
    from app.ui.desk.window import DeskWindow

    svc = sqlite_demo
    w = DeskWindow(svc, actor(svc, "zongbian"), live=False, due=False)
    qtbot.addWidget(w)
    w.ops.drain()
    root = next(c for c in svc.admin.channels() if c.parent_id is None)
    new = svc.admin.add_channel(actor(svc, "admin"), "兰州新闻", "lanzhou", root.id, places=["安宁区", "兰州"])
    w.desk.on_remote_change("channels", 0)
    w.ops.drain()
    assert new.id in w.desk.channels.items and any(c.id == new.id for c in w.desk.review.channels)


def test_channel_tree_primary_and_secondary(qtbot, sqlite_demo):
    from app.ui.desk.channels import ChannelAssignWidget

    svc = sqlite_demo
    ed = actor(svc, "chushen")
    ch = {c.name: c.id for c in svc.admin.channels()}
    a = svc.articles.create(ed, title="大云寺迎来游客高峰", body="泾川大云寺迎来游客高峰。", primary_channel_id=ch["平凉新闻"])
    w = ChannelAssignWidget(svc, ed)
    qtbot.addWidget(w)
    w.set_article(a)
    assert w.items[ch["平凉新闻"]].text(0).startswith("★")
    w.tree.itemDoubleClicked.emit(w.items[ch["泾川新闻"]], 0)  # double-click: primary
    w.set_checked(ch["平凉新闻"], True)
    w.set_checked(ch["灵台新闻"], True)
    w.set_checked(ch["灵台新闻"], False)
    assert w.primary_id() == ch["泾川新闻"] and w.items[ch["泾川新闻"]].text(0).startswith("★")
    assert w.secondary_ids() == [ch["平凉新闻"]]
    assert "✔" in w.check.text() and "大云寺" in w.check.text()
    w.level.setCurrentIndex(1)
    w.apply_btn.click()
    w.ops.drain()
    saved = svc.articles.get(ed, a.id)
    assert saved.primary_channel_id == ch["泾川新闻"] and saved.secondary_channel_ids == [ch["平凉新闻"]]
    assert saved.level == 1
