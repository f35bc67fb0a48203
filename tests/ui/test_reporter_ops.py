"""The operation runner every window uses: results on the UI thread, one writer, latest-only
keys, error routing, progress and cancel."""

from __future__ import annotations

import threading
import time

import pytest
from PySide6.QtCore import QThread

from app.core.errors import NewsdeskError
from app.ui.ops import Cancelled, OpRunner


@pytest.fixture
def ops(qtbot):
    r = OpRunner()
    yield r
    r.drain()


def test_work_runs_off_the_ui_thread_and_results_arrive_on_it(ops):
    ui = QThread.currentThread()
    seen = {}

    def work():
        seen["worker"] = QThread.currentThread() is not ui
        return 42

    ops.run(work, on_done=lambda r: seen.update(result=r, ui=QThread.currentThread() is ui))
    ops.drain()
    assert seen == {"worker": True, "result": 42, "ui": True}


def test_the_writer_lane_runs_jobs_one_at_a_time_in_order(ops):
    order, active, peak = [], [0], [0]
    lock = threading.Lock()

    def write(i):
        with lock:
            active[0] += 1
            peak[0] = max(peak[0], active[0])
        time.sleep(0.005)
        with lock:
            active[0] -= 1
        order.append(i)

    for i in range(8):
        ops.run(write, i, write=True)
    ops.drain()
    assert order == list(range(8)) and peak[0] == 1


def test_a_key_keeps_one_job_in_flight_and_drops_stale_results(ops):
    gate = threading.Event()
    started, delivered = [], []

    def render(i):
        started.append(i)
        if i == 0:
            gate.wait(5)
        return i

    for i in range(5):
        ops.run(render, i, key="preview", on_done=delivered.append)
    gate.set()
    ops.drain()
    assert started == [0, 4]  # 1–3 were replaced while 0 ran
    assert delivered == [4]  # 0's result was stale when it arrived


def test_expected_errors_go_to_on_error_and_bugs_to_the_crash_handler(ops, monkeypatch, no_crash_dialog):
    got = []

    def fail():
        raise NewsdeskError("出错了", "failed")

    ops.run(fail, on_error=got.append)
    ops.drain()
    assert isinstance(got[0], NewsdeskError)

    def bug():
        raise KeyError("bug")

    ops.run(bug)
    ops.drain()
    assert isinstance(no_crash_dialog.pop(), KeyError)


def test_change_sets_are_announced_after_success(ops):
    changes = []
    ops.changed.connect(changes.append)
    ops.run(lambda: None, change="article")
    ops.run(lambda: 1 / 0, change="article", on_error=lambda e: None)
    ops.drain()
    assert changes == ["article"]


def test_progress_and_cancel(ops):
    seen, cancelled = [], []

    def long_job(job):
        for i in range(1000):
            job.progress(i, 1000, "step")
            if i == 3:
                job.cancel()  # the user pressed Cancel
            job.check()
            time.sleep(0.001)
        return "finished"

    job = ops.run(long_job, pass_job=True, on_done=seen.append, on_error=cancelled.append)
    ops.drain()
    assert job.cancelled and seen == [] and cancelled == []  # a cancel is neither result nor error
    assert Cancelled.__name__ == "Cancelled"


def test_an_error_after_its_window_closed_opens_no_box_over_what_came_next(qtbot, boxes, caplog):
    """Log out while a job runs, the job then fails: no message box parented to the closed window
    (it would open over the next screen, or — its parent being deleted — die in its own event
    loop, which crashed a test run). A window never shown yet, and a visible one, still get it."""
    from PySide6.QtWidgets import QWidget

    def fails(gate: threading.Event):
        gate.wait(5)
        raise NewsdeskError("数据库连接已断开。", "The database connection was lost.")

    for shown, closed, boxed in ((True, True, False), (True, False, True), (False, False, True)):
        w = QWidget()
        qtbot.addWidget(w)
        r = OpRunner(w)
        r.error_parent = w
        if shown:
            w.show()
        gate = threading.Event()
        before = len(boxes.calls)
        r.run(fails, gate)
        if closed:
            w.close()
        gate.set()
        r.drain()
        assert (len(boxes.calls) > before) is boxed, (shown, closed)
    assert "closed window failed" in caplog.text


def test_every_job_emits_from_a_messenger_that_outlives_it(ops):
    """A job's last act, on a pool thread, is to emit its result, and the UI thread may take the
    result and run on before that emit has returned. A messenger per job, deleted once its result
    arrived, could be deleted while its job was still inside the emit: emitting from a deleted
    sender, a crash. The runner has one messenger, which lives as long as the runner."""
    import shiboken6
    from PySide6.QtCore import QCoreApplication, QEvent

    jobs = [ops.run(lambda i=i: i) for i in range(50)]
    ops.drain()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    assert len({id(j._relay) for j in jobs}) == 1
    assert shiboken6.isValid(jobs[0]._relay)


def test_a_runner_deleted_while_its_jobs_run_waits_for_them_and_delivers_nothing(qtbot):
    """A window deleted with operations in flight (its runner goes with it): every job still runs
    to its end — a save in flight must land — and no result is delivered to the deleted window."""
    import shiboken6
    from PySide6.QtCore import QCoreApplication
    from PySide6.QtWidgets import QWidget

    w = QWidget()
    r = OpRunner(w)
    gate, ran, got = threading.Event(), [], []

    def job(i):
        gate.wait(5)
        ran.append(i)
        return i

    for i in range(4):
        r.run(job, i, on_done=got.append, write=i % 2 == 0)
    threading.Timer(0.3, gate.set).start()
    shiboken6.delete(w)  # the pools wait for their jobs; the messenger is deleted after them
    QCoreApplication.processEvents()
    assert sorted(ran) == [0, 1, 2, 3] and got == []
