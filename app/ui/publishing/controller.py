"""Wires the export dialog, the publish-queue page and the delivery worker into a main window."""

from __future__ import annotations

import logging
from typing import Any

import shiboken6
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QLabel, QMessageBox, QSystemTrayIcon

from app.ui.ops import ui_language
from app.ui.publishing.common import tr

log = logging.getLogger(__name__)

WATCHED = ("outbox", "workflow", "article", "articles", "targets")


class Publishing(QObject):
    """The publishing desk of one window. Members: ``export_action`` (or None), ``queue``
    (PublishQueuePage or None), ``worker`` (DeliveryWorker or None), ``status_label``."""

    def __init__(self, window: Any, *, interval: float | None = None) -> None:
        super().__init__(window)
        self.window = window
        self.services, self.actor, self.ops = window.services, window.actor, window.ops
        self.interval = interval
        self.export_action: QAction | None = None
        self.dialog: Any = None
        self.queue: Any = None
        self.worker: Any = None
        self.status_label: QLabel | None = None
        self.failures: list[Any] = []  # JobEvents of failed jobs this session
        self.messages: list[str] = []  # target-level messages shown (no keyring …)
        self._tray: QSystemTrayIcon | None = None
        self._counts: dict[str, int] = {}
        self._delivering = 0

    # ---- installation -------------------------------------------------------------------
    def install(self, *, start_worker: bool = True) -> None:
        from app.ui.publishing import can_deliver, can_export, can_see_queue

        w = self.window
        if can_export(self.actor):
            self._add_export_action()
        if can_see_queue(self.actor):
            from app.ui.publishing.queue import PublishQueuePage

            self.queue = PublishQueuePage(self.services, self.actor, self.ops, w)
            self.queue.openArticle = getattr(w, "open_article", None)
            w.add_page("publish_queue", tr("Publish queue"), self.queue)
            self.queue.countsChanged.connect(lambda c: self._show_counts(c, self.queue.delivering))
            self._ensure_status_label()
            self.queue.refresh()  # counts in the navigator from the start
            if hasattr(w, "after_icons"):  # once the window has imported qtawesome off the UI thread
                w.after_icons(self._decorate)
            else:
                QTimer.singleShot(0, self._decorate)  # after the first paint: qtawesome is slow to import
        if can_deliver(self.actor):
            from app.ui.publishing.worker import DEFAULT_INTERVAL, DeliveryWorker

            self.worker = DeliveryWorker(self.services, interval=self.interval or DEFAULT_INTERVAL,
                                         lang=ui_language(), parent=self)
            self.worker.status.connect(self._show_counts)
            self.worker.jobFailed.connect(self._job_failed)
            self.worker.targetError.connect(self._target_error)
            self.worker.passDone.connect(lambda _r: self._changed())
            self._ensure_status_label()
            if self.queue is not None:
                self.queue.deliverNow = self.deliver_now
                self.queue.deliver_btn.setVisible(True)
            if start_worker:
                self.worker.start()
        changed = getattr(w, "dataChanged", None)
        if changed is not None:
            changed.connect(self.on_change)
        w.installEventFilter(self)
        if self.worker is not None:
            from PySide6.QtCore import QCoreApplication

            app = QCoreApplication.instance()
            worker = self.worker
            if app is not None:
                app.aboutToQuit.connect(lambda: worker.stop() if shiboken6.isValid(worker) else None)

    def _decorate(self) -> None:
        if not shiboken6.isValid(self.window) or not hasattr(self.window, "nav_item"):
            return
        from app.ui import icons

        item = self.window.nav_item("publish_queue")
        if item is not None:
            item.setIcon(icons.icon("mdi6.cloud-upload-outline"))
        if self.export_action is not None:
            self.export_action.setIcon(icons.icon("mdi6.web"))

    def _add_export_action(self) -> None:
        w = self.window
        act = QAction(tr("E&xport site…"), w)
        act.setObjectName("action_export_site")
        act.setStatusTip(tr("Write the published articles as a static HTML site"))
        act.triggered.connect(lambda _c=False: self.show_export_dialog())
        file_menu = w.menu("file")
        quit_action = w._actions.get("quit") if hasattr(w, "_actions") else None
        if quit_action is not None and quit_action in file_menu.actions():
            file_menu.insertAction(quit_action, act)
            file_menu.insertSeparator(quit_action)
        else:
            file_menu.addAction(act)
        self.export_action = act

    def _ensure_status_label(self) -> None:
        if self.status_label is None:
            self.status_label = QLabel()
            self.status_label.setObjectName("publishStatus")
            self.window.statusBar().addPermanentWidget(self.status_label)

    # ---- export -------------------------------------------------------------------------
    def show_export_dialog(self) -> Any:
        from app.ui.publishing.export_dialog import ExportDialog

        if self.dialog is None:
            self.dialog = ExportDialog(self.services, self.ops, getattr(self.window, "settings", None),
                                       self.window)
        self.dialog.show()
        self.dialog.raise_()
        self.dialog.activateWindow()
        return self.dialog

    def deliver_now(self) -> None:
        """Look at the queue at once (the worker runs again if it was stopped)."""
        if self.worker is None:
            return
        if not self.worker.is_running():
            self.worker.start()
        self.worker.wake()
        self.window.statusBar().showMessage(tr("Delivering the queued jobs…"), 3000)

    # ---- counts, failures -----------------------------------------------------------------
    def _show_counts(self, counts: dict, delivering: int = 0) -> None:
        from app.ui.publishing.queue import counts_text

        self._counts, self._delivering = dict(counts), delivering
        text = counts_text(counts, delivering)
        if self.status_label is not None:
            self.status_label.setText(text if (counts.get("pending") or counts.get("failed")) else "")
            self.status_label.setToolTip(text)
        item = self.window.nav_item("publish_queue") if hasattr(self.window, "nav_item") else None
        if item is not None:
            waiting, failed = counts.get("pending", 0), counts.get("failed", 0)
            extra = []
            if waiting:
                extra.append(str(waiting))
            if failed:
                extra.append(tr("%1 failed").replace("%1", str(failed)))
            item.setText(tr("Publish queue") + (f"  ({' · '.join(extra)})" if extra else ""))

    def status_text(self) -> str:
        return self.status_label.text() if self.status_label is not None else ""

    def _job_failed(self, ev: Any) -> None:
        self.failures.append(ev)
        text = (tr("Publishing to %1 failed: %2").replace("%1", ev.target)
                .replace("%2", ev.message or tr("see the publish queue")))
        self.window.statusBar().showMessage(text, 15000)
        if QSystemTrayIcon.isSystemTrayAvailable():
            if self._tray is None:
                self._tray = QSystemTrayIcon(self.window.windowIcon(), self)
            self._tray.show()
            self._tray.showMessage(tr("NewsDesk publishing"), text, QSystemTrayIcon.MessageIcon.Warning, 10000)
        self._changed()

    def _target_error(self, code: str, message: str) -> None:
        if message in self.messages:
            return
        self.messages.append(message)
        self.window.statusBar().showMessage(message, 20000)
        if code == "no_keyring":  # once per session: the jobs wait, nothing is lost
            QMessageBox.warning(self.window, tr("Publishing"),
                                message + "\n\n" + tr("Queued jobs wait until the keyring is available."))

    def _changed(self) -> None:
        if self.queue is not None and self.queue.isVisible():
            self.queue.refresh()

    def on_change(self, what: str) -> None:
        if what not in WATCHED and what not in ("poll", "reconnected"):
            return
        if self.queue is not None:
            self.queue.on_change(what)
        if self.worker is not None and what in ("workflow", "article", "outbox"):
            self.worker.wake()  # a publish wrote jobs: deliver now, not at the next tick

    # ---- life cycle -------------------------------------------------------------------------
    def stop(self) -> None:
        if self.queue is not None:
            self.queue.stop()
        if self.dialog is not None:
            self.dialog.cancel()
        if self.worker is not None:
            self.worker.stop()
        if self._tray is not None:
            self._tray.hide()

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        """Stop when the window is hidden for good (a close that was accepted; a close refused
        for unsaved text leaves it running), start again when it is shown."""
        if obj is self.window:
            if event.type() == QEvent.Type.Close and self.dialog is not None:
                self.dialog.cancel()  # before the window waits for its operations: whole pages stay
            elif event.type() == QEvent.Type.Hide and not event.spontaneous():  # minimising is spontaneous
                self.stop()
            elif event.type() == QEvent.Type.Show and self.worker is not None and not self.worker.is_running():
                self.worker.start()
        return False
