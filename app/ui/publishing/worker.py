"""The background delivery worker: while the app runs, a thread delivers due outbox jobs
(app.publish.outbox.Outbox) every few seconds, reports counts for the status bar and each
failure, and stops cleanly when the window closes.

It runs on a plain Python thread (not the operation runner: it lives as long as the window and
must never hold up a user's operation); signals carry its news to the UI thread. Stopping sets
an event the outbox checks between jobs; a request in flight is finished or times out, and a
job left claimed is claimed again when its lease ends (nothing is lost)."""

from __future__ import annotations

import logging
import threading
from datetime import UTC
from typing import TYPE_CHECKING, Any

import shiboken6
from PySide6.QtCore import QObject, Signal

if TYPE_CHECKING:
    from app.core.services import Services

log = logging.getLogger(__name__)

DEFAULT_INTERVAL = 5.0  # seconds between looks at the queue
JOIN_TIMEOUT = 5.0
FIRST_LOOK = 2.0  # seconds after start-up before the first look  # seconds stop() waits for the thread


class DeliveryWorker(QObject):
    """``start()`` / ``stop()``; ``wake()`` looks at the queue at once (after a publish)."""

    status = Signal(dict, int)  # job state → count, delivering now
    jobFailed = Signal(object)  # JobEvent of a job that failed for good
    delivered = Signal(object)  # JobEvent of a delivered job
    targetError = Signal(str, str)  # (code, message in the user's language): no keyring, no secret …
    passDone = Signal(object)  # RunReport of each pass that handled something

    def __init__(self, services: Services, *, interval: float = DEFAULT_INTERVAL, outbox: Any = None,
                 lang: str = "zh", parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.interval = interval
        self.lang = lang
        self._outbox = outbox
        self._stop = threading.Event()
        self._wake = threading.Event()
        self._thread: threading.Thread | None = None
        self.passes = 0  # passes that delivered something
        self.loops = 0  # looks at the queue
        self.delivering = 0

    # ---- control (UI thread) ----------------------------------------------------------------
    def is_running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def start(self) -> None:
        if self.is_running():
            return
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, args=(self._stop,), name="newsdesk-delivery",
                                        daemon=True)
        self._thread.start()

    def wake(self) -> None:
        self._wake.set()

    def stop(self, timeout: float = JOIN_TIMEOUT) -> bool:
        """Stop and wait for the thread; True when it ended within ``timeout``."""
        self._stop.set()
        self._wake.set()
        t = self._thread
        if t is None:
            return True
        t.join(timeout)
        if t.is_alive():
            log.warning("delivery worker still busy after %.1f s; left to finish on its own", timeout)
            return False
        self._thread = None
        return True

    # ---- the thread ---------------------------------------------------------------------
    def _emit(self, signal_name: str, *args: Any) -> None:
        if not shiboken6.isValid(self):  # the window (and this object) went away
            return
        try:
            getattr(self, signal_name).emit(*args)
        except RuntimeError:  # deleted between the check and the emit
            pass

    def outbox(self) -> Any:
        if self._outbox is None:
            from app.publish.outbox import Outbox

            self._outbox = Outbox(self.services)
        return self._outbox

    def _run(self, stop: threading.Event) -> None:
        told: set[str] = set()
        # let the window paint first (the outbox imports httpx); a wake() starts at once
        self._wake.wait(min(self.interval, FIRST_LOOK))
        self._wake.clear()
        while not stop.is_set():
            try:
                self._one_pass(stop, told)
            except Exception as exc:  # noqa: BLE001 - a database hiccup must not end the worker
                from app.core.errors import NewsdeskError

                if isinstance(exc, NewsdeskError):
                    msg = exc.message(self.lang)
                    if msg not in told:
                        told.add(msg)
                        self._emit("targetError", getattr(exc, "code", "error"), msg)
                else:
                    log.exception("delivery pass failed")
            self.loops += 1
            self._wake.wait(self.interval)
            self._wake.clear()

    def _one_pass(self, stop: threading.Event, told: set[str]) -> None:
        from app.core.clock import utcnow

        outbox = self.outbox()
        due = outbox.next_due()
        if due is not None and _aware(due) <= utcnow():
            from app.publish.secrets import SecretStoreUnavailable, get_secret

            try:
                get_secret("NewsDesk keyring check")  # raises when the machine has no keyring
            except SecretStoreUnavailable as exc:
                if "no_keyring" not in told:  # once, not at every pass; the jobs wait
                    told.add("no_keyring")
                    self._emit("targetError", "no_keyring", exc.message(self.lang))
            else:
                now = utcnow()
                self.delivering = sum(1 for j in self.services.targets.jobs(states=("pending",), limit=1000)
                                      if j.next_attempt_at is None or _aware(j.next_attempt_at) <= now)
                self._emit("status", self.services.targets.job_counts(), self.delivering)
                report = outbox.run_once(stop_event=stop, progress=self._progress)
                self.passes += 1
                self.delivering = 0
                for err in report.errors:
                    if err not in told:
                        told.add(err)
                        self._emit("targetError", "target", err)
                if report.handled:
                    self._emit("passDone", report)
        counts = self.services.targets.job_counts()
        self._emit("status", counts, self.delivering)

    def _progress(self, ev: Any) -> None:  # worker thread
        if ev.outcome == "delivered":
            self._emit("delivered", ev)
        elif ev.outcome == "failed":
            self._emit("jobFailed", ev)


def _aware(when: Any) -> Any:
    return when.replace(tzinfo=UTC) if when.tzinfo is None else when
