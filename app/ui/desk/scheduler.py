"""Scheduled publishing while the app runs: a timer asks ReviewService.publish_due through the
operation runner. A publish time that passed while no desk was running is published at once and
reported as missed, never silently skipped (``newsdesk publish-due`` does the same from cron)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QTimer, Signal

from app.core.domain import Actor
from app.core.workflow import EDITORIAL
from app.ui.ops import OpRunner

if TYPE_CHECKING:
    from app.core.services import Services

INTERVAL_MS = 30_000


class DuePublisher(QObject):
    published = Signal(list)  # article ids
    missed = Signal(list)  # [(article id, scheduled time)]
    failed = Signal(list)  # [(article id, message)]

    def __init__(self, services: Services, actor: Actor, ops: OpRunner | None = None,
                 parent: QObject | None = None, interval_ms: int = INTERVAL_MS) -> None:
        super().__init__(parent)
        self.services = services
        self.actor = actor
        self.ops = ops if ops is not None else OpRunner(self)
        self.enabled = actor.has(*EDITORIAL)  # publish_due is an editorial act
        self.timer = QTimer(self)
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self.tick)
        self._kick = QTimer(self)
        self._kick.setSingleShot(True)
        self._kick.setInterval(0)
        self._kick.timeout.connect(self.tick)
        self.last_report: Any = None
        self._busy = False

    def start(self) -> None:
        if self.enabled:
            self.timer.start()
            self._kick.start()  # catch up on times missed while no desk ran

    def stop(self) -> None:
        self.timer.stop()
        self._kick.stop()

    def tick(self) -> None:
        if not self.enabled or self._busy:
            return
        self._busy = True

        def done(report: Any) -> None:
            self._busy = False
            self.last_report = report
            if report.published:
                self.published.emit(list(report.published))
            if report.missed:
                self.missed.emit(list(report.missed))
            if report.failed:
                self.failed.emit(list(report.failed))

        def err(_exc: BaseException) -> None:
            self._busy = False

        self.ops.run(self.services.review.publish_due, self.actor, on_done=done, on_error=err, write=True,
                     change="article")
