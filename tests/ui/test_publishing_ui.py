"""The publishing UI (issue 6), driven through real widgets on the sample newsroom: the export
dialog writes the site and its Cancel stops the export with whole pages only; the publish queue
shows the jobs a publish wrote for a portal (a real HTTP server on 127.0.0.1), retries a failed
job to success and cancels a pending one; the background worker delivers while the window is
open and stops when it closes; no keyring is said once; a reporter sees none of it."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from app.publish import secrets
from app.publish.outbox import Outbox
from tests.conftest import actor
from tests.publish.portal_server import PortalServer, publish_new
from tests.publish.test_site_export import page_path, publish_article, reference_id

TOKEN = "ui-token"


@pytest.fixture(autouse=True)
def chinese(qapp):
    """The newsroom's default interface language, with every catalogue installed."""
    from PySide6.QtCore import QLocale

    from app.ui import i18n

    prev_lang, prev_locale = qapp.property("newsdesk_language"), QLocale()
    ts = i18n.install(qapp, "zh_CN")
    yield
    for t in ts:
        qapp.removeTranslator(t)
    qapp._newsdesk_translators = []
    qapp.setProperty("newsdesk_language", prev_lang)
    QLocale.setDefault(prev_locale)


@pytest.fixture
def portal(sqlite_demo, file_keyring):
    with PortalServer(TOKEN) as p:
        sqlite_demo.targets.add(actor(sqlite_demo, "admin"), "门户", "portal", p.url, options={"timeout": 3})
        secrets.set_secret("门户", TOKEN)
        yield p


def uuid_of(svc, article_id: int) -> str:
    return str(svc.articles.system_get(article_id).uuid)


def show_queue(qtbot, w):
    page = w.publishing.queue
    w.show_page("publish_queue")
    reload_queue(qtbot, w)
    return page


def reload_queue(qtbot, w):
    page = w.publishing.queue
    with qtbot.waitSignal(page.loaded, timeout=10000):
        page.refresh()
    w.ops.drain()
    return page


def row_of_article(page, article_id: int, action: str = "publish"):
    return next(r for r in page.model.rows if r.article_id == article_id and r.action == action)


def select(qtbot, page, job_id: int) -> None:
    assert page.select_job(job_id)
    qtbot.wait(1)


# ---- who sees what -------------------------------------------------------------------------------


def test_reporter_sees_neither_export_nor_queue(make_window):
    w = make_window("wangzd")
    names = [a.objectName() for a in w.menu("file").actions()]
    assert "action_export_site" not in names
    assert w.nav_item("publish_queue") is None
    assert w.publishing.queue is None and w.publishing.export_action is None and w.publishing.worker is None


def test_editor_sees_the_queue_chief_and_admin_export_and_deliver(make_window):
    ed = make_window("chushen")
    assert ed.nav_item("publish_queue") is not None and ed.publishing.export_action is None
    assert ed.publishing.worker is None  # an editor may not publish: no delivery from this desk
    assert not ed.publishing.queue.deliver_btn.isVisibleTo(ed)
    chief = make_window("zongbian")
    names = [a.objectName() for a in chief.menu("file").actions()]
    assert "action_export_site" in names
    assert names.index("action_export_site") < names.index("action_quit")
    assert chief.publishing.worker is not None and chief.publishing.worker.is_running()
    admin = make_window("admin")
    assert admin.publishing.export_action is not None and admin.nav_item("publish_queue") is not None


# ---- export ----------------------------------------------------------------------------------------


def run_export(qtbot, dlg):
    with qtbot.waitSignal(dlg.finished_export, timeout=120000) as sig:
        qtbot.mouseClick(dlg.export_btn, Qt.MouseButton.LeftButton)
    return sig.args[0]


def test_export_dialog_writes_the_site(make_window, qtbot, tmp_path, sqlite_demo):
    w = make_window("zongbian")
    out = tmp_path / "站点 out"
    w.publishing.export_action.trigger()
    dlg = w.publishing.dialog
    assert dlg.isVisible() and not dlg.open_btn.isEnabled()
    dlg.folder.setText(str(out))
    res = run_export(qtbot, dlg)
    assert not isinstance(res, BaseException) and not res.cancelled
    assert (out / "index.html").is_file()
    ref = page_path(out, sqlite_demo, reference_id(sqlite_demo))
    assert ref.is_file() and "</html>" in ref.read_text("utf-8")
    assert str(res.written) in dlg.status.text() and "写入" in dlg.status.text()
    assert dlg.bar.value() == dlg.bar.maximum()
    assert dlg.open_btn.isEnabled() and dlg.open_in_browser()
    assert w.settings.extra["export_dir"] == str(out)  # remembered for the next time

    again = run_export(qtbot, dlg)  # incremental: nothing changed, nothing written
    assert again.written == 0 and again.unchanged == again.files

    dlg.close()
    w.publishing.dialog = None
    dlg2 = w.publishing.show_export_dialog()
    assert dlg2.folder.text() == str(out)


def test_export_cancel_stops_it_and_leaves_whole_pages(make_window, qtbot, tmp_path, sqlite_demo):
    ch = next(c.id for c in sqlite_demo.admin.channels() if c.name == "静宁新闻")
    for i in range(12):
        publish_article(sqlite_demo, title=f"取消测试{i}", body=f"第{i}篇。", primary_channel_id=ch)
    w = make_window("zongbian")
    dlg = w.publishing.show_export_dialog()
    out = tmp_path / "site"
    dlg.folder.setText(str(out))
    reached, gate = threading.Event(), threading.Event()

    def hook(done, total, what):  # the export thread holds here until the user pressed Cancel
        if done >= 5 and not reached.is_set():
            reached.set()
            gate.wait(30)
    dlg.progress_hook = hook
    with qtbot.waitSignal(dlg.finished_export, timeout=120000) as sig:
        qtbot.mouseClick(dlg.export_btn, Qt.MouseButton.LeftButton)
        assert dlg.cancel_btn.isEnabled() and not dlg.export_btn.isEnabled()
        qtbot.waitUntil(reached.is_set, timeout=60000)
        qtbot.mouseClick(dlg.cancel_btn, Qt.MouseButton.LeftButton)
        gate.set()
    res = sig.args[0]
    assert res.cancelled and res.written >= 5
    assert "取消" in dlg.status.text()
    assert not list(out.rglob("*.tmp"))
    for p in out.rglob("*.html"):
        assert p.read_text("utf-8").rstrip().endswith("</html>"), p
    dlg.progress_hook = None
    done = run_export(qtbot, dlg)  # the next export finishes the job
    assert not done.cancelled and (out / "index.html").is_file()
    assert res.written < done.files  # the cancel really stopped it early


def test_closing_the_window_cancels_a_running_export(make_window, qtbot, tmp_path, sqlite_demo):
    w = make_window("zongbian")
    dlg = w.publishing.show_export_dialog()
    out = tmp_path / "site"
    dlg.folder.setText(str(out))
    reached = threading.Event()
    holder: list[threading.Event] = []

    def hook(done, total, what):  # holds the export until someone cancels it
        if holder and not reached.is_set():
            reached.set()
            holder[0].wait(30)
    dlg.progress_hook = hook
    results = []
    dlg.finished_export.connect(results.append)
    assert dlg.start()
    holder.append(dlg._cancel)
    qtbot.waitUntil(reached.is_set, timeout=60000)
    w.close()  # the window waits for its operations: the export must stop, not run on
    assert not w.isVisible()
    assert results and results[0].cancelled
    assert not list(out.rglob("*.tmp"))


def test_export_error_is_shown_in_the_users_language(make_window, qtbot, tmp_path):
    w = make_window("admin")
    dlg = w.publishing.show_export_dialog()
    f = tmp_path / "a-file"
    f.write_text("x")
    dlg.folder.setText(str(f))
    res = run_export(qtbot, dlg)
    assert isinstance(res, BaseException)
    assert dlg.status.text().startswith("导出失败") and "Traceback" not in dlg.status.text()
    assert dlg.export_btn.isEnabled()  # the user can fix the folder and try again


def test_a_full_disk_is_told_in_chinese_and_the_next_export_works(make_window, qtbot, tmp_path, monkeypatch):
    from app.publish.site import export as export_mod

    w = make_window("zongbian")
    dlg = w.publishing.show_export_dialog()
    out = tmp_path / "site"
    dlg.folder.setText(str(out))
    real_replace = export_mod.os.replace

    def full_disk(src, dst):
        raise OSError(28, "No space left on device")
    monkeypatch.setattr(export_mod.os, "replace", full_disk)
    res = run_export(qtbot, dlg)
    assert isinstance(res, BaseException)
    assert dlg.status.text().startswith("导出失败") and "再次导出" in dlg.status.text()
    assert not list(out.rglob("*.tmp"))
    monkeypatch.setattr(export_mod.os, "replace", real_replace)
    res = run_export(qtbot, dlg)
    assert not isinstance(res, BaseException) and (out / "index.html").is_file()


# ---- the publish queue -------------------------------------------------------------------------------


def test_queue_shows_jobs_retries_a_failed_one_and_cancels_a_pending_one(make_window, qtbot, sqlite_demo,
                                                                        portal):
    svc = sqlite_demo
    a = publish_new(svc, "推送队列稿件", "门户推送的正文。")
    w = make_window("chushen")  # an editor: the queue, no background delivery
    page = show_queue(qtbot, w)
    job = row_of_article(page, a.id)
    row = page.model.row_of(job.id)
    assert page.model.data(page.model.index(row, 0)) == "门户"
    assert page.model.data(page.model.index(row, 1)) == "推送队列稿件"
    assert page.model.data(page.model.index(row, 4)) == "等待发送"
    assert "待推送 1" in page.summary.text() and "(1)" in w.nav_item("publish_queue").text()

    # the portal refuses the article (413): the job fails with the portal's message
    portal.state.faults.append("413")
    Outbox(svc).run_once()
    page = reload_queue(qtbot, w)
    job = row_of_article(page, a.id)
    assert job.state == "failed" and job.last_error
    row = page.model.row_of(job.id)
    assert page.model.data(page.model.index(row, 4)) == "失败"
    assert page.model.data(page.model.index(row, 7))
    assert "失败 1" in page.summary.text()
    select(qtbot, page, job.id)
    assert page.retry_btn.isEnabled() and not page.cancel_btn.isEnabled()
    assert job.error("zh") in page.detail.text() and "失败" in page.detail.text()  # the whole message, in Chinese
    assert "[en]" not in page.detail.text() and "[en]" in job.last_error  # stored in both languages

    # the state filter
    page.state_filter.setCurrentIndex(page.state_filter.findData("done"))
    reload_queue(qtbot, w)
    assert page.model.rowCount() == 0 and page.empty.isVisible()
    page.state_filter.setCurrentIndex(page.state_filter.findData("failed"))
    reload_queue(qtbot, w)
    assert [r.id for r in page.model.rows] == [job.id]
    page.state_filter.setCurrentIndex(0)
    reload_queue(qtbot, w)

    select(qtbot, page, job.id)
    qtbot.mouseClick(page.retry_btn, Qt.MouseButton.LeftButton)
    w.ops.drain()
    assert svc.targets.job(job.id).state == "pending"
    report = Outbox(svc).run_once()
    assert report.delivered == 1
    page = reload_queue(qtbot, w)
    assert row_of_article(page, a.id).state == "done"
    assert portal.state.applied[uuid_of(svc, a.id)] == [("publish", a.version)]

    # a 500 is retried later; "Retry" on the waiting job tries it again at once
    b = publish_new(svc, "服务器出错稿件", "正文。")
    portal.state.faults.append("500")
    assert Outbox(svc).run_once().retried == 1
    page = reload_queue(qtbot, w)
    jb = row_of_article(page, b.id)
    assert jb.state == "pending" and jb.attempts == 1 and jb.next_attempt_at is not None
    select(qtbot, page, jb.id)
    assert page.retry_btn.isEnabled()
    qtbot.mouseClick(page.retry_btn, Qt.MouseButton.LeftButton)
    w.ops.drain()
    assert Outbox(svc).run_once().delivered == 1
    assert uuid_of(svc, b.id) in portal.state.articles

    # cancel a pending job: it is never delivered
    c = publish_new(svc, "取消推送稿件", "正文。")
    page = reload_queue(qtbot, w)
    jc = row_of_article(page, c.id)
    select(qtbot, page, jc.id)
    assert page.cancel_btn.isEnabled()
    qtbot.mouseClick(page.cancel_btn, Qt.MouseButton.LeftButton)
    w.ops.drain()
    page = reload_queue(qtbot, w)
    assert row_of_article(page, c.id).state == "cancelled"
    assert Outbox(svc).run_once().handled == 0
    assert uuid_of(svc, c.id) not in portal.state.articles

    # the target filter: a second portal's jobs are left out when the first is chosen
    svc.targets.add(actor(svc, "admin"), "备用门户", "portal", "http://127.0.0.1:9/")
    d = publish_new(svc, "两个门户的稿件", "正文。")
    page = reload_queue(qtbot, w)
    assert {r.target_name for r in page.model.rows if r.article_id == d.id} == {"门户", "备用门户"}
    page.target_filter.setCurrentIndex(page.target_filter.findText("门户"))
    page = reload_queue(qtbot, w)
    assert page.model.rows and {r.target_name for r in page.model.rows} == {"门户"}


def test_queue_refreshes_by_itself_while_visible(make_window, qtbot, sqlite_demo, portal):
    w = make_window("chushen")
    page = show_queue(qtbot, w)
    page.timer.setInterval(100)
    page.timer.start()
    n = page.model.rowCount()
    publish_new(sqlite_demo, "自动刷新稿件", "正文。")  # another desktop publishes
    qtbot.waitUntil(lambda: page.model.rowCount() == n + 1, timeout=10000)
    w.show_page("articles")
    assert not page.timer.isActive()  # no polling while hidden


# ---- background delivery -------------------------------------------------------------------------


def test_background_worker_delivers_reports_failures_and_stops_on_close(make_window, qtbot, sqlite_demo,
                                                                       portal):
    svc = sqlite_demo
    w = make_window("zongbian")
    pub = w.publishing
    assert pub.worker.stop()  # stopped: only "Deliver now" sends anything
    pub.worker.interval = 600
    a = publish_new(svc, "后台推送稿件", "后台推送的正文。")
    page = show_queue(qtbot, w)
    assert page.deliver_btn.isVisible()
    qtbot.mouseClick(page.deliver_btn, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: svc.targets.jobs(article_id=a.id)[0].state == "done", timeout=20000)
    pub.worker.interval = 0.2
    assert portal.state.applied[uuid_of(svc, a.id)] == [("publish", a.version)]

    portal.state.faults.append("413")
    b = publish_new(svc, "后台失败稿件", "正文。")
    pub.worker.wake()
    qtbot.waitUntil(lambda: len(pub.failures) == 1, timeout=20000)
    assert pub.failures[0].article_id == b.id
    qtbot.waitUntil(lambda: "失败 1" in pub.status_text(), timeout=10000)
    assert "推送中 0" in pub.status_text() and "待推送 0" in pub.status_text()
    assert "门户" in w.statusBar().currentMessage()
    assert any(n.kind == "publish_failed" for n in svc.notifications.list(actor(svc, "zongbian")))

    worker = pub.worker
    w.close()
    assert not worker.is_running()  # stopped and joined, no hang
    assert portal.state.created[uuid_of(svc, a.id)] == 1


def test_background_worker_on_each_engine(make_window, qtbot, demo, file_keyring):
    """The same delivery against the sample newsroom on SQLite and on PostgreSQL."""
    with PortalServer(TOKEN) as portal:
        demo.targets.add(actor(demo, "admin"), "门户", "portal", portal.url, options={"timeout": 3})
        secrets.set_secret("门户", TOKEN)
        w = make_window("zongbian", services=demo)
        w.publishing.worker.interval = 0.2
        a = publish_new(demo, "两种数据库的推送", "正文。")
        w.dataChanged.emit("workflow")  # what the desk emits after its own publish: deliver now
        qtbot.waitUntil(lambda: demo.targets.jobs(article_id=a.id)[0].state == "done", timeout=20000)
        assert portal.state.created[uuid_of(demo, a.id)] == 1
        worker = w.publishing.worker
        w.close()
        assert not worker.is_running()


def test_a_window_deleted_while_a_delivery_hangs_leaves_the_thread_to_end_on_its_own(
        qtbot, sqlite_demo, portal, monkeypatch):
    """Switch user while the portal is slow: closing stops the worker but gives up waiting after
    JOIN_TIMEOUT, and the window is deleted with the request still in flight. The request then
    completes (nothing lost) and the thread ends, emitting nothing from the deleted window's
    objects: emitting from a sender that the UI thread deletes is a crash (a CI run died of one)."""
    import shiboken6
    from PySide6.QtCore import QCoreApplication, QEvent

    from app.ui.main_window import MainWindow
    from app.ui.publishing import worker as worker_mod

    monkeypatch.setattr(worker_mod, "JOIN_TIMEOUT", 0.2)
    svc = sqlite_demo
    w = MainWindow(svc, actor(svc, "zongbian"))  # as the session makes it: not qtbot's to close
    w.show()
    w.ops.drain()
    w.publishing.worker.interval = 0.2
    portal.state.hang_seconds = 2.0  # within the target's 3 s timeout: the request succeeds
    portal.state.faults.append("hang")
    a = publish_new(svc, "慢速门户稿件", "正文。")
    w.publishing.worker.wake()
    qtbot.waitUntil(lambda: not portal.state.faults, timeout=10000)  # the portal holds the request
    thread = w.publishing.worker._thread
    w.close()
    assert thread.is_alive()  # stop() gave up: the request is still in flight
    w.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    assert not shiboken6.isValid(w)
    thread.join(10)
    assert not thread.is_alive()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)  # the run's messenger
    assert svc.targets.jobs(article_id=a.id)[0].state == "done"
    assert portal.state.created[uuid_of(svc, a.id)] == 1


def test_workers_deleted_unstopped_while_they_emit_end_their_threads(qtbot, sqlite_demo):
    """A worker deleted with its thread running (above, or a window deleted unclosed): the run is
    told to stop and ends. Thirty workers, each deleted while its thread emits without pause."""
    import shiboken6
    from PySide6.QtCore import QCoreApplication, QEvent, QObject

    from app.ui.publishing.worker import DeliveryWorker

    threads = []
    for _ in range(30):
        parent = QObject()
        wk = DeliveryWorker(sqlite_demo, interval=0, parent=parent)
        heard: list[object] = []
        wk.status.connect(lambda *args, heard=heard: heard.append(args))
        wk.start()
        qtbot.waitUntil(lambda heard=heard: len(heard) >= 2, timeout=5000)  # emitting now
        threads.append(wk._thread)
        shiboken6.delete(parent)
    for t in threads:
        t.join(5)
    assert not [t for t in threads if t.is_alive()]
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


def test_no_keyring_is_said_once_and_jobs_wait(make_window, qtbot, sqlite_demo, no_keyring, boxes):
    svc = sqlite_demo
    svc.targets.add(actor(svc, "admin"), "门户", "portal", "http://127.0.0.1:9/")
    a = publish_new(svc, "无密钥环稿件", "正文。")
    w = make_window("zongbian")
    w.publishing.worker.interval = 0.05
    w.publishing.worker.wake()
    qtbot.waitUntil(lambda: any("密钥环" in t for t in boxes.texts()), timeout=10000)
    loops = w.publishing.worker.loops
    qtbot.waitUntil(lambda: w.publishing.worker.loops >= loops + 3, timeout=10000)
    assert sum("密钥环" in t for t in boxes.texts()) == 1
    assert all("Traceback" not in t for t in boxes.texts())
    assert svc.targets.jobs(article_id=a.id)[0].state == "pending"  # nothing lost


# ---- translations -------------------------------------------------------------------------------


def test_catalogue_is_complete_and_compiled():
    import xml.etree.ElementTree as ET

    base = Path(__file__).resolve().parents[2] / "resources" / "translations"
    ts, qm = base / "publishing_zh_CN.ts", base / "publishing_zh_CN.qm"
    root = ET.parse(ts).getroot()
    messages = root.findall(".//message")
    assert messages
    untranslated = [m.findtext("source") for m in messages
                    if not (m.findtext("translation") or "").strip()
                    or m.find("translation").get("type") in ("unfinished", "obsolete", "vanished")]
    assert not untranslated
    assert qm.is_file() and qm.stat().st_mtime >= ts.stat().st_mtime - 1
    # every tr("…") in the package is in the catalogue (ast: implicit concatenation included)
    import ast

    src = Path(__file__).resolve().parents[2] / "app" / "ui" / "publishing"
    used = set()
    for f in src.glob("*.py"):
        for node in ast.walk(ast.parse(f.read_text("utf-8"))):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "tr"
                    and node.args and isinstance(node.args[0], ast.Constant)):
                used.add(node.args[0].value)
    assert len(used) > 40
    assert used <= {m.findtext("source") for m in messages}
