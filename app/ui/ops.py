"""The operation runner: every user action that touches the database or the disk runs here.

Modelled on Anki's ``aqt.operations`` and novelWriter's one-shot runnables:

* ``ops.run(fn, *args, on_done=..., on_error=...)`` runs ``fn`` on a worker thread and delivers
  the result (or the exception) on the UI thread. ``fn`` must not touch any widget.
* ``write=True`` puts the job on the single-writer lane (one thread, jobs in order), so saves,
  leases and workflow transitions never race each other.
* ``key="preview"`` keeps one job in flight per key: a newer request replaces a waiting one, and a
  result is delivered only if no newer request for that key arrived meanwhile (stale results
  dropped).
* ``pass_job=True`` hands the function a :class:`Job` with ``progress(n, total, text)`` and
  ``cancelled``; ``progress="label"`` shows a cancellable progress dialog.
* ``change="article"`` makes the runner emit ``changed(str)`` after a successful job, so views
  decide whether to refresh (Anki's change sets).

Expected errors (:class:`app.core.errors.NewsdeskError`) go to ``on_error`` or, without one, to
:func:`report_error` (a message box in the user's language); anything else is a bug and goes to
the crash handler installed by :mod:`app.ui.app`.

Tests call ``ops.drain()`` to wait for every job and deliver its result.
"""

from __future__ import annotations

import logging
import threading
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import shiboken6
from PySide6.QtCore import QCoreApplication, QElapsedTimer, QObject, QRunnable, Qt, QThreadPool, Signal, Slot
from PySide6.QtWidgets import QMessageBox, QProgressDialog, QWidget

log = logging.getLogger(__name__)


class Cancelled(Exception):
    """Raised inside a job (by :meth:`Job.check`) when the user cancelled it."""


@dataclass
class Job:
    """A handle on one operation; the worker reports progress through it."""

    label: str = ""
    key: str | None = None
    write: bool = False
    _cancel: threading.Event = field(default_factory=threading.Event)
    _relay: Any = None  # the _Relay QObject that carries signals back to the UI thread
    serial: int = 0

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def cancel(self) -> None:
        self._cancel.set()

    def check(self) -> None:
        if self._cancel.is_set():
            raise Cancelled()

    def progress(self, value: int, total: int = 0, text: str = "") -> None:
        if self._relay is not None:
            self._relay.progress.emit(self.serial, value, total, text)


class _Relay(QObject):
    """The runner's messenger: workers emit from it, its signals arrive queued on the UI thread.

    One per runner, created after the runner's thread pools, so it is deleted after them: a
    pool's destructor waits for its jobs, and a job never emits from an object being deleted (Qt
    allows a receiver to go away while another thread emits, not the sender)."""

    finished = Signal(int, object, object)  # job serial, result, exception
    progress = Signal(int, int, int, str)  # job serial, value, total, text


class _Runnable(QRunnable):
    def __init__(self, fn: Callable[[], Any], relay: _Relay, serial: int) -> None:
        super().__init__()
        self.setAutoDelete(True)
        self.fn = fn
        self.relay = relay
        self.serial = serial

    def run(self) -> None:  # worker thread
        try:
            result, exc = self.fn(), None
        except BaseException as e:  # noqa: BLE001 - delivered to the UI thread
            e.__traceback_text__ = traceback.format_exc()  # type: ignore[attr-defined]
            result, exc = None, e
        self.relay.finished.emit(self.serial, result, exc)


def start_thread(name: str, relay: QObject, fn: Callable[..., None], *args: Any) -> threading.Thread:
    """Run ``fn(*args, relay)`` on a daemon thread of its own that emits only from ``relay`` — a
    QObject without a parent, made on the UI thread for this run and connected to its receivers —
    and hands it to ``deleteLater`` (thread-safe) as its last act. Nothing else deletes ``relay``,
    so the thread never emits from a sender being deleted (docs/ui.md, "Threads and Qt objects")."""

    def run() -> None:
        try:
            fn(*args, relay)
        finally:
            relay.deleteLater()  # deleted on the UI thread, after the last emit

    t = threading.Thread(target=run, name=name, daemon=True)
    t.start()
    return t


def report_error(parent: QWidget | None, exc: BaseException) -> None:
    """Tell the user about an expected error, in their language (a bug goes to the crash handler)."""
    from app.core.errors import NewsdeskError

    if isinstance(exc, NewsdeskError):
        QMessageBox.warning(parent, QCoreApplication.translate("ops", "NewsDesk"), exc.message(ui_language()))
        return
    handler = crash_handler
    if handler is not None:
        handler(exc)
    else:  # pragma: no cover - before app.ui.app installs one
        log.error("unhandled error in an operation: %s", getattr(exc, "__traceback_text__", exc))


crash_handler: Callable[[BaseException], None] | None = None


def _closed(w: QWidget | None) -> bool:
    """The widget was deleted, or shown and then closed or hidden (never shown is not closed)."""
    if w is None:
        return False
    if not shiboken6.isValid(w):
        return True
    return w.isHidden() and w.testAttribute(Qt.WidgetAttribute.WA_WState_ExplicitShowHide)


def _is_bug(exc: BaseException) -> bool:
    from app.core.errors import NewsdeskError

    return not isinstance(exc, NewsdeskError)


def ui_language() -> str:
    """'zh' or 'en': the language of the installed translation."""
    app = QCoreApplication.instance()
    lang = str(app.property("newsdesk_language") or "zh_CN") if app is not None else "zh_CN"
    return "en" if lang.startswith("en") else "zh"


class OpRunner(QObject):
    """Runs operations off the UI thread. One per main window (``window.ops``)."""

    changed = Signal(str)  # a change set: "article", "lease", "comment", …
    busyChanged = Signal(bool)
    failed = Signal(object)  # every error, after it was handled (for status bars, tests)

    def __init__(self, parent: QObject | None = None, *, max_readers: int = 2) -> None:
        super().__init__(parent)
        self._readers = QThreadPool(self)
        self._readers.setMaxThreadCount(max_readers)
        self._writer = QThreadPool(self)
        self._writer.setMaxThreadCount(1)  # the single-writer lane
        self._active = 0
        self._serial = 0
        self._latest: dict[str, int] = {}  # key → serial of the newest request
        self._inflight: dict[str, int] = {}  # key → serial of the job running for that key
        self._waiting: dict[str, Callable[[], None]] = {}  # key → start function of the newest request
        self._relay = _Relay(self)  # after the pools: see _Relay
        self._relay.finished.connect(self._finished, Qt.ConnectionType.QueuedConnection)
        self._relay.progress.connect(self._progress, Qt.ConnectionType.QueuedConnection)
        self._jobs: dict[int, tuple[Callable[[Any, BaseException | None], None],
                                    Callable[[int, int, str], None] | None]] = {}  # serial → delivery
        self.error_parent: QWidget | None = None

    # ---- public API ----------------------------------------------------------------
    def run(self, fn: Callable[..., Any], *args: Any, on_done: Callable[[Any], None] | None = None,
            on_error: Callable[[BaseException], None] | None = None, write: bool = False,
            key: str | None = None, change: str | None = None, pass_job: bool = False,
            progress: str | None = None, parent: QWidget | None = None, label: str = "",
            **kwargs: Any) -> Job:
        self._serial += 1
        job = Job(label=label or progress or str(getattr(fn, "__name__", "op")), key=key, write=write,
                  serial=self._serial)
        if pass_job:
            kwargs["job"] = job

        def start() -> None:
            self._start(job, fn, args, kwargs, on_done, on_error, change, progress, parent)

        if key is not None:
            self._latest[key] = job.serial
            if key in self._inflight:
                self._waiting[key] = start  # replaces an older waiting request
                return job
            self._inflight[key] = job.serial
        start()
        return job

    def busy(self) -> bool:
        return self._active > 0

    def drain(self, timeout_ms: int = 20000) -> None:
        """Wait until every job has finished and its result was delivered (tests, shutdown)."""
        timer = QElapsedTimer()
        timer.start()
        while self._active > 0 or self._waiting:
            self._readers.waitForDone(5)
            self._writer.waitForDone(5)
            QCoreApplication.processEvents()
            if timer.elapsed() > timeout_ms:
                raise TimeoutError(f"operations still running after {timeout_ms} ms")
        QCoreApplication.processEvents()

    def shutdown(self, timeout_ms: int = 10000) -> None:
        """Let running jobs finish (a save in flight must land) without delivering to widgets."""
        self._writer.waitForDone(timeout_ms)
        self._readers.waitForDone(timeout_ms)

    # ---- internals -----------------------------------------------------------------
    def _start(self, job: Job, fn: Callable[..., Any], args: tuple, kwargs: dict,
               on_done: Callable[[Any], None] | None, on_error: Callable[[BaseException], None] | None,
               change: str | None, progress: str | None, parent: QWidget | None) -> None:
        job._relay = self._relay
        dialog: QProgressDialog | None = None
        show_progress: Callable[[int, int, str], None] | None = None
        if progress:
            dialog = QProgressDialog(progress, QCoreApplication.translate("ops", "Cancel"), 0, 0,
                                     parent or self.error_parent)
            dialog.setWindowModality(Qt.WindowModality.WindowModal)
            dialog.setMinimumDuration(400)
            dialog.canceled.connect(job.cancel)

            def on_progress(value: int, total: int, text: str) -> None:
                dialog.setMaximum(total)
                dialog.setValue(value)
                if text:
                    dialog.setLabelText(text)

            show_progress = on_progress

        def finished(result: Any, exc: BaseException | None) -> None:
            if dialog is not None:
                dialog.reset()
                dialog.deleteLater()
            self._active -= 1
            if self._active == 0:
                self.busyChanged.emit(False)
            stale = False
            if job.key is not None:
                self._inflight.pop(job.key, None)
                stale = self._latest.get(job.key) != job.serial
                nxt = self._waiting.pop(job.key, None)
                if nxt is not None:
                    self._inflight[job.key] = self._latest[job.key]
                    nxt()
            if stale and exc is None:
                return  # a newer request for this key supersedes the result
            self._deliver(result, exc, on_done, on_error, change)

        self._jobs[job.serial] = (finished, show_progress)
        if self._active == 0:
            self.busyChanged.emit(True)
        self._active += 1
        pool = self._writer if job.write else self._readers
        pool.start(_Runnable(lambda: fn(*args, **kwargs), self._relay, job.serial))

    @Slot(int, object, object)
    def _finished(self, serial: int, result: Any, exc: BaseException | None) -> None:  # UI thread
        finished, _progress = self._jobs.pop(serial)  # (Qt drops it once the runner is deleted)
        finished(result, exc)

    @Slot(int, int, int, str)
    def _progress(self, serial: int, value: int, total: int, text: str) -> None:  # UI thread
        entry = self._jobs.get(serial)
        if entry is not None and entry[1] is not None:
            entry[1](value, total, text)

    def _deliver(self, result: Any, exc: BaseException | None, on_done: Callable[[Any], None] | None,
                 on_error: Callable[[BaseException], None] | None, change: str | None) -> None:
        if exc is not None:
            if isinstance(exc, Cancelled):
                return
            if on_error is not None:
                on_error(exc)
            elif _closed(self.error_parent) and not _is_bug(exc):
                # the window that asked was closed (log out, quit) while the job ran: a message box
                # parented to it would open over whatever came next, and one whose parent is being
                # deleted dies inside its own event loop (a crash). Nobody is left to tell.
                log.warning("an operation of a closed window failed: %s", exc)
            else:
                report_error(self.error_parent, exc)
            self.failed.emit(exc)
            return
        if on_done is not None:
            on_done(result)
        if change:
            self.changed.emit(change)
