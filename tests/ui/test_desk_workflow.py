"""The editor's desk driven end to end: submit → queue → diff → return with a note → the
reporter sees it, edits, resubmits → channels and the place check → approve through the chain →
schedule → due publishing (and a missed time reported)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import update

from app.core.clock import utcnow
from app.core.domain import Status
from app.core.models import Article
from app.core.services.articles import ArticleQuery
from app.ui.desk.notifications import NotificationsWidget
from app.ui.desk.scheduler import DuePublisher
from app.ui.desk.window import DeskWindow
from tests.conftest import actor
from tests.ui.desk_helpers import script

BODY_V1 = "本报讯 安宁区在高规格加强社区阵地设施建设的基础上，倾力打造社区居民温馨家园。"
BODY_V2 = "本报讯 安宁区在高规格加强社区阵地设施建设的基础上，全力打造社区居民幸福家园。"


def desk(qtbot, svc, login):
    w = DeskWindow(svc, actor(svc, login), live=False, due=False)
    qtbot.addWidget(w)
    w.ops.drain()
    return w


def open_in(w, article_id):
    w.open_article(article_id)
    w.ops.drain()
    assert w.desk.article is not None and w.desk.article.id == article_id


@pytest.fixture
def svc(sqlite_demo):
    return sqlite_demo


def test_full_review_round_trip(qtbot, svc):
    wang = actor(svc, "wangzd")
    jc = next(c for c in svc.admin.channels() if c.name == "泾川新闻")
    gansu = next(c for c in svc.admin.channels() if c.name == "甘肃")

    # the reporter writes, fixes a word and submits
    a = svc.articles.create(wang, title="安宁倾力打造社区居民温馨家园", body=BODY_V1, dateline="本报讯")
    a = svc.articles.save(wang, a.id, {"body": BODY_V2}, a.version).article
    svc.review.submit(wang, a.id, "请审阅")

    # 初审 sees it in the queue, first in line for their step
    ed = desk(qtbot, svc, "chushen")
    q = ed.desk.queue
    assert q.view.currentData() == "act"  # review steps first, then publication decisions
    row = q.row_of(a.id)
    assert row is not None
    assert "初审" in q.model.data(q.model.index(row, 1))
    assert "(" in q.view.currentText()  # the count is shown on the view
    q.search.setText("温馨")
    q.refresh()
    q.ops.drain()
    assert [r.id for r in q.model.rows] == [a.id]

    # opening it shows the revision diff: by character
    q.table.doubleClicked.emit(q.model.index(0, 0))
    ed.ops.drain()
    assert ed.desk.article.id == a.id
    hist = ed.desk.history
    numbers = [r.number for r in hist.revisions]
    hist.select(numbers[0], numbers[1])  # create → the reporter's fix
    hist.ops.drain()
    text = hist.view.toPlainText()
    assert "正文" in text and "倾" in text and "全" in text
    hist.mode.setCurrentIndex(1)  # side by side
    hist.ops.drain()
    assert "<table" in hist.view.toHtml() or hist.view.document().rootFrame().childFrames()

    # return to the reporter with a note (a note is required: an empty one is refused)
    panel = ed.desk.review
    p = script(panel, texts=["", "请补充社区服务的具体数据。"])
    panel.return_btn.click()
    ed.ops.drain()
    assert p.infos  # "a reason is required" for the empty one
    assert svc.articles.get(wang, a.id).status == Status.RETURNED
    assert ed.desk.article is None and panel.article is None  # it left the desk: nothing describes it
    assert q.row_of(a.id) is None  # left the queue

    # the reporter sees it returned, with the note, prominently
    rep_notes = NotificationsWidget(svc, wang)
    qtbot.addWidget(rep_notes)
    rep_notes.ops.drain()
    returned = [n for n in rep_notes.items if n.kind == "returned" and n.article_id == a.id]
    assert returned and "请补充社区服务的具体数据。" in returned[0].message
    mine_returned = svc.articles.list(wang, ArticleQuery(statuses=[Status.RETURNED], author_id=wang.id)).rows
    assert a.id in [r.id for r in mine_returned]
    comments = svc.articles.comments(wang, a.id)
    assert comments[-1].kind == "return" and comments[-1].user_name == "刘初审"
    got = []
    rep_notes.openArticle.connect(got.append)
    rep_notes.list.itemActivated.emit(rep_notes.list.item(0))
    rep_notes.ops.drain()
    assert got == [a.id]

    # … edits and resubmits
    cur = svc.articles.get(wang, a.id)
    svc.articles.save(wang, a.id, {"body": BODY_V2 + "\n\n全区共建成社区服务站32个。"}, cur.version)
    svc.review.submit(wang, a.id)
    q.refresh()
    q.ops.drain()
    q.search.clear()
    q.refresh()
    q.ops.drain()
    assert q.row_of(a.id) is not None

    # the editor files it under 泾川新闻: the place check warns and suggests 甘肃
    open_in(ed, a.id)
    ch = ed.desk.channels
    ch.select_primary(jc.id)
    assert "⚠" in ch.check.text() and "安宁区" in ch.check.text() and "甘肃" in ch.check.text()
    cp = script(ch, confirm=True)
    ch.hot.setChecked(True)
    ch.apply_btn.click()
    ed.ops.drain()
    assert cp.asked and "安宁区" in cp.asked[0][1]
    assert ed.desk.article.primary_channel_id == jc.id and ed.desk.article.is_hot

    # signing warns before approval; declining changes nothing
    p = script(panel, confirm=False)
    panel.sign_btn.click()
    ed.ops.drain()
    assert p.asked[0][0] == "confirm" and "甘肃" in p.asked[0][1]
    assert svc.articles.get(wang, a.id).review_step == 0

    # take the suggestion, then sign 初审
    assert panel.use_suggested_btn.isEnabled()
    panel.use_suggested_btn.click()
    ed.ops.drain()
    assert ed.desk.article.primary_channel_id == gansu.id
    assert "✔" in panel.places.text() or "⚠" not in panel.places.text()
    p = script(panel, confirm=True)
    assert panel.sign_btn.isEnabled() and "初审" in panel.sign_btn.text()
    panel.opinion.setText("事实核对无误")
    panel.sign_btn.click()  # one click: the place check fits now, nothing to ask
    ed.ops.drain()
    assert p.asked == []
    a2 = svc.articles.get(wang, a.id)
    assert a2.status == Status.IN_REVIEW and a2.review_step == 1
    assert [(s.signer_name, s.comment) for s in a2.signoffs] == [("刘初审", "事实核对无误")]
    assert panel.opinion.text() == ""
    assert "复审" in panel.sign_btn.text()  # the panel now offers the next step

    # 复审 and 终审签发 on their own desks
    ed2 = desk(qtbot, svc, "fushen")
    open_in(ed2, a.id)
    script(ed2.desk.review, confirm=True, texts=["同意"])
    ed2.desk.review.sign_btn.click()
    ed2.ops.drain()
    chief = desk(qtbot, svc, "zongbian")
    open_in(chief, a.id)
    cpanel = chief.desk.review
    assert "签发" in cpanel.sign_btn.text()
    cp = script(cpanel, confirm=True, texts=["签发"])
    cpanel.sign_btn.click()
    chief.ops.drain()
    done = svc.articles.get(wang, a.id)
    assert done.status == Status.APPROVED and done.signer_name == "马总编"
    assert [s.signer_name for s in done.signoffs] == ["刘初审", "陈复审", "马总编"]
    assert any("马总编" in t for k, t in cp.asked if k == "options")  # 仅签发: the default

    # schedule, then let the time come: the running desk publishes it
    when = (utcnow() + timedelta(hours=2)).astimezone(chief.desk.review.zone)
    script(cpanel, when=when)
    assert cpanel.schedule_btn.isEnabled()
    cpanel.schedule_btn.click()
    chief.ops.drain()
    assert svc.articles.get(wang, a.id).status == Status.SCHEDULED
    with svc.db.session() as s:  # the clock moves on: the time is now due (within the grace)
        s.execute(update(Article).where(Article.id == a.id).values(scheduled_at=utcnow() - timedelta(seconds=30)))
    pub = DuePublisher(svc, actor(svc, "zongbian"), chief.ops)
    with qtbot.waitSignal(pub.published, timeout=10000) as sig:
        pub.tick()
        chief.ops.drain()
    assert a.id in sig.args[0]
    final = svc.articles.get(wang, a.id)
    assert final.status == Status.PUBLISHED and final.first_published_at is not None
    assert not pub.last_report.missed


def test_missed_schedule_is_published_and_reported(qtbot, svc):
    chief = actor(svc, "zongbian")
    row = svc.articles.list(chief, ArticleQuery(statuses=[Status.SCHEDULED])).rows[0]
    with svc.db.session() as s:  # the desk was closed over the publish time
        s.execute(update(Article).where(Article.id == row.id).values(scheduled_at=utcnow() - timedelta(hours=3)))
    w = desk(qtbot, svc, "zongbian")
    pub = w.desk.due
    pub.enabled = True
    with qtbot.waitSignal(pub.missed, timeout=10000) as sig:
        pub.tick()
        w.ops.drain()
    assert [aid for aid, _when in sig.args[0]] == [row.id]
    assert svc.articles.get(chief, row.id).status == Status.PUBLISHED
    w.desk.notifications.reload()
    w.ops.drain()
    assert any(n.kind == "schedule_missed" and n.article_id == row.id for n in w.desk.notifications.items)
    # the tray got a message for it (kept in .shown where the platform has no tray)
    assert any("定时" in msg for _t, msg in w.desk.tray.shown)
