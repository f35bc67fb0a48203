"""Two desktops on one database contend for one article: the lease shows who edits since when,
an editor takes over with a confirmation, the other desktop is told and cannot overwrite; live
updates reach the other desktop (LISTEN/NOTIFY on PostgreSQL, polling on SQLite)."""

from __future__ import annotations

import pytest

from app.core.db import Database
from app.core.errors import LeaseHeld
from app.core.services import Services
from app.ui.desk.live import LiveUpdates
from app.ui.desk.window import DeskWindow
from tests.conftest import actor
from tests.ui.desk_helpers import script


@pytest.fixture
def second(demo):
    """A second desktop: its own engine and services on the same database."""
    db = Database(demo.db.url)
    yield Services.create(db)
    db.dispose()


def test_take_over_lease_and_the_other_cannot_overwrite(qtbot, demo, second):
    # desktop A: the reporter is editing his draft
    wang_a = actor(demo, "wangzd")
    draft = demo.articles.create(wang_a, title="泾川县王母宫庙会筹备", body="泾川县王母宫庙会筹备工作启动。")
    demo.articles.acquire_lease(wang_a, draft.id)
    live_a = LiveUpdates(demo, wang_a, poll_ms=100000)
    live_a.start()
    qtbot.waitUntil(live_a.ready.is_set, timeout=10000)
    try:
        # desktop B: the chief editor opens it and sees who edits since when
        w = DeskWindow(second, actor(second, "zongbian"), live=False, due=False)
        qtbot.addWidget(w)
        w.ops.drain()
        w.open_article(draft.id)
        w.ops.drain()
        panel = w.desk.review
        assert "王忠德" in panel.lease.text()
        since = panel.lease.text().split()[-1]
        assert len(since) == 5 and since[2] == ":"
        assert panel.take_over_btn.isEnabled()

        # declining the confirmation keeps the lease where it is
        script(panel, confirm=False)
        panel.take_over_btn.click()
        w.ops.drain()
        assert demo.articles.lease(wang_a, draft.id).user_name == "王忠德"

        with qtbot.waitSignal(live_a.changed, timeout=8000):  # desktop A hears of it
            p = script(panel, confirm=True)
            panel.take_over_btn.click()
            w.ops.drain()
            if live_a.mode == "poll":  # SQLite: the cheap token poll notices the change
                live_a.poll()
        assert p.asked and "王忠德" in p.asked[0][1]
        assert "You are editing" in panel.lease.text() and not panel.take_over_btn.isEnabled()
        lease = demo.articles.lease(wang_a, draft.id)
        assert lease is not None and lease.user_name == "马总编" and not lease.mine

        # desktop A is told …
        notes = demo.notifications.list(wang_a)
        assert any(n.kind == "lease_taken" and n.article_id == draft.id for n in notes)
        # … and cannot overwrite
        cur = demo.articles.get(wang_a, draft.id)
        with pytest.raises(LeaseHeld):
            demo.articles.save(wang_a, draft.id, {"title": "被覆盖"}, cur.version)
        with pytest.raises(LeaseHeld):
            demo.articles.acquire_lease(wang_a, draft.id)
        # desktop B saves
        chief = actor(second, "zongbian")
        second.articles.save(chief, draft.id, {"title": "泾川县王母宫庙会筹备就绪"}, cur.version)
        assert demo.articles.get(wang_a, draft.id).title == "泾川县王母宫庙会筹备就绪"
    finally:
        live_a.stop()


def test_live_change_refreshes_the_other_queue(qtbot, demo, second):
    """A submission on desktop A appears in the queue of desktop B without a manual refresh."""
    ed = DeskWindow(second, actor(second, "chushen"), live=True, due=False)
    qtbot.addWidget(ed)
    ed.ops.drain()
    if ed.desk.live.mode == "poll":
        ed.desk.live.timer.setInterval(50)
    wang = actor(demo, "wangzd")
    a = demo.articles.create(wang, title="崆峒山红叶进入最佳观赏期", body="崆峒山红叶进入最佳观赏期。")
    demo.review.submit(wang, a.id)

    def arrived():
        ed.ops.drain()
        assert ed.desk.queue.row_of(a.id) is not None

    qtbot.waitUntil(arrived, timeout=10000)
    ed.desk.stop()


def test_two_main_windows_contend_for_one_article(qtbot, demo, second, boxes):
    """The reporter edits in his window; the chief editor's window (another connection) sees who
    edits since when, takes over, and the reporter's window cannot save over it."""
    from app.ui.main_window import MainWindow
    from tests.ui.conftest import type_text

    wang = actor(demo, "wangzd")
    draft = demo.articles.create(wang, title="灵台县冬季防火演练", body="灵台县消防救援大队开展冬季防火演练。")
    rep = MainWindow(demo, wang)
    qtbot.addWidget(rep)
    rep.show()
    rep.ops.drain()
    rep.open_article(draft.id)
    rep.ops.drain()
    rep.ops.drain()
    # opening takes no lease (issue #13: leases follow intent); the first keystroke does
    assert not rep.editor.read_only and not rep.editor.lease_mine
    assert demo.articles.lease(wang, draft.id) is None
    type_text(rep.editor.body, "（现场）")
    rep.ops.drain()
    assert rep.editor.lease_mine and demo.articles.lease(wang, draft.id) is not None

    chief_w = MainWindow(second, actor(second, "zongbian"))
    qtbot.addWidget(chief_w)
    chief_w.show()
    chief_w.ops.drain()
    chief_w.open_article(draft.id)
    chief_w.ops.drain()
    chief_w.ops.drain()
    assert chief_w.editor.read_only  # the reporter holds the lease
    panel = chief_w.editor_panel("review")
    assert "王忠德" in panel.lease.text() and panel.take_over_btn.isEnabled()

    p = script(panel, confirm=True)
    panel.take_over_btn.click()
    for _ in range(3):
        chief_w.ops.drain()
    assert p.asked and not chief_w.editor.read_only
    lease = second.articles.lease(actor(second, "zongbian"), draft.id)
    assert lease is not None and lease.mine

    # the reporter's desktop is told (live notice; the test does not wait for the timer)
    rep.desk.on_remote_change("lease", draft.id)
    rep.ops.drain()
    assert rep.editor.read_only and "马总编" in rep.editor.read_only_reason
    # even if his editor tried to save, nothing of the chief's is overwritten
    rep.editor.set_read_only(False)
    type_text(rep.editor.body, "（补充）")
    rep.editor.save_now()
    rep.ops.drain()
    stored = demo.articles.get(wang, draft.id)
    assert "（补充）" not in stored.body
    assert any(n.kind == "lease_taken" for n in demo.notifications.list(wang))
    for w in (rep, chief_w):
        w.desk.stop()
        w.ops.drain()



@pytest.mark.parametrize("engine_name", ["postgresql"], indirect=True)  # SQLite polls: no thread
def test_a_listener_deleted_unstopped_ends_its_thread(qtbot, demo):
    """The listener thread holds none of the desk's objects and emits from a messenger of its own
    (app.ui.desk.live._Relay). Deleted without stop() — a window deleted unclosed — it ends."""
    import shiboken6
    from PySide6.QtCore import QCoreApplication, QEvent, QObject

    parent = QObject()
    live = LiveUpdates(demo, actor(demo, "wangzd"), parent=parent, poll_ms=100000)
    heard: list[tuple[str, int]] = []
    live.changed.connect(lambda what, ident: heard.append((what, ident)))
    live.start()
    qtbot.waitUntil(live.ready.is_set, timeout=10000)
    draft = demo.articles.create(actor(demo, "wangzd"), title="监听线程", body="正文。")
    qtbot.waitUntil(lambda: any(ident == draft.id for _w, ident in heard), timeout=10000)
    thread = live._thread
    shiboken6.delete(parent)
    thread.join(5)
    assert not thread.is_alive()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)  # its messenger
