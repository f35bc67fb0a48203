"""The background delivery worker: while the app runs, a thread delivers due outbox jobs
(app.publish.outbox.Outbox) every few seconds, reports counts for the status bar and each
failure, and stops cleanly when the window closes.

It runs on a plain Python thread (not the operation runner: it lives as long as the window and
must never hold up a user's operation); signals carry its news to the UI thread. Stopping sets
an event the outbox checks between jobs; a request in flight is finished or times out, and a
job left claimed is claimed again when its lease ends (nothing is lost).

Lifetimes. ``stop()`` waits a few seconds for the thread; a request to a server that hangs can
outlast that, and the window is then deleted (a switch of user, a quit) while the thread still
runs. Qt lets the *receiver* of a queued signal be deleted while another thread emits; it does
not let the *sender* be. So the thread never emits from the window's objects: each run of the
thread gets its own :class:`_Relay`, which only that thread emits from and which it hands back
for deletion as its last act (``app.ui.ops.start_thread``), and the thread holds none of the
window's objects, only :class:`_State` (plain Python). When the worker is destroyed the run is told to
stop, and what it still reports goes nowhere."""

from __future__ import annotations

import logging
import threading
from datetime import UTC
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal

from app.ui.ops import start_thread

if TYPE_CHECKING:
    from app.core.services import Services

log = logging.getLogger(__name__)

DEFAULT_INTERVAL = 5.0  # seconds between looks at the queue
JOIN_TIMEOUT = 5.0  # seconds stop() waits for the thread
FIRST_LOOK = 2.0  # seconds after start-up before the first look

SIGNALS = ("status", "jobFailed", "delivered", "targetError", "passDone")


class _Relay(QObject):
    """One run's messenger (see the module's notes); the same signals as DeliveryWorker."""

    status = Signal(dict, int)
    jobFailed = Signal(object)
    delivered = Signal(object)
    targetError = Signal(str, str)
    passDone = Signal(object)


class _State:
    """What the delivery thread shares with the window: plain Python, safe to outlive it."""

    def __init__(self, services: Services, interval: float, lang: str, outbox: Any) -> None:
        self.services = services
        self.interval = interval
        self.lang = lang
        self.outbox = outbox
        self.wake = threading.Event()
        self.stop = threading.Event()  # the current run's
        self.passes = 0  # passes that delivered something
        self.loops = 0  # looks at the queue
        self.delivering = 0

    def get_outbox(self) -> Any:
        if self.outbox is None:
            from app.publish.outbox import Outbox

            self.outbox = Outbox(self.services)
        return self.outbox


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
        self._state = state = _State(services, interval, lang, outbox)
        self._thread: threading.Thread | None = None
        # deleted with its thread still running (stop() gave up on a hung request, or the window
        # was deleted unclosed): the run ends after its pass. ``self`` is being deleted: not used
        self.destroyed.connect(lambda *_a, s=state: _tell_to_stop(s))

    # the thread's settings and counters live in _State; these read and set them
    services = property(lambda self: self._state.services)
    interval = property(lambda self: self._state.interval,
                        lambda self, v: setattr(self._state, "interval", v))
    lang = property(lambda self: self._state.lang, lambda self, v: setattr(self._state, "lang", v))
    passes = property(lambda self: self._state.passes)
    loops = property(lambda self: self._state.loops)
    delivering = property(lambda self: self._state.delivering)

    # ---- control (UI thread) ----------------------------------------------------------------
    def is_running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def start(self) -> None:
        if self.is_running():
            return
        state = self._state
        state.stop = stop = threading.Event()
        relay = _Relay()  # no parent: only the thread deletes it (deleteLater, at its end)
        for name in SIGNALS:  # queued to this object's thread; dropped by Qt once it is deleted
            getattr(relay, name).connect(getattr(self, name))
        self._thread = start_thread("newsdesk-delivery", relay, _loop, state, stop)

    def wake(self) -> None:
        self._state.wake.set()

    def stop(self, timeout: float | None = None) -> bool:
        """Stop and wait for the thread (``JOIN_TIMEOUT`` by default); True when it ended."""
        _tell_to_stop(self._state)
        t = self._thread
        if t is None:
            return True
        wait = JOIN_TIMEOUT if timeout is None else timeout
        t.join(wait)
        if t.is_alive():
            log.warning("delivery worker still busy after %.1f s; left to finish on its own", wait)
            return False
        self._thread = None
        return True

    def outbox(self) -> Any:
        return self._state.get_outbox()


def _tell_to_stop(state: _State) -> None:
    state.stop.set()
    state.wake.set()


# ---- the thread: _State and its own _Relay only ----------------------------------------------
def _loop(state: _State, stop: threading.Event, relay: _Relay) -> None:
    told: set[str] = set()
    # let the window paint first (the outbox imports httpx); a wake() starts at once
    state.wake.wait(min(state.interval, FIRST_LOOK))
    state.wake.clear()
    while not stop.is_set():
        try:
            _one_pass(state, stop, relay, told)
        except Exception as exc:  # noqa: BLE001 - a database hiccup must not end the worker
            from app.core.errors import NewsdeskError

            if isinstance(exc, NewsdeskError):
                msg = exc.message(state.lang)
                if msg not in told:
                    told.add(msg)
                    relay.targetError.emit(getattr(exc, "code", "error"), msg)
            else:
                log.exception("delivery pass failed")
        state.loops += 1
        state.wake.wait(state.interval)
        state.wake.clear()


def _one_pass(state: _State, stop: threading.Event, relay: _Relay, told: set[str]) -> None:
    from app.core.clock import utcnow

    outbox = state.get_outbox()
    targets = state.services.targets
    due = outbox.next_due()
    if due is not None and _aware(due) <= utcnow():
        from app.publish.secrets import SecretStoreUnavailable, get_secret

        try:
            get_secret("NewsDesk keyring check")  # raises when the machine has no keyring
        except SecretStoreUnavailable as exc:
            if "no_keyring" not in told:  # once, not at every pass; the jobs wait
                told.add("no_keyring")
                relay.targetError.emit("no_keyring", exc.message(state.lang))
        else:
            now = utcnow()
            state.delivering = sum(1 for j in targets.jobs(states=("pending",), limit=1000)
                                   if j.next_attempt_at is None or _aware(j.next_attempt_at) <= now)
            relay.status.emit(targets.job_counts(), state.delivering)

            def progress(ev: Any) -> None:
                if ev.outcome == "delivered":
                    relay.delivered.emit(ev)
                elif ev.outcome == "failed":
                    relay.jobFailed.emit(ev)

            report = outbox.run_once(stop_event=stop, progress=progress)
            state.passes += 1
            state.delivering = 0
            for err in report.errors:
                if err not in told:
                    told.add(err)
                    relay.targetError.emit("target", err)
            if report.handled:
                relay.passDone.emit(report)
    relay.status.emit(targets.job_counts(), state.delivering)


def _aware(when: Any) -> Any:
    return when.replace(tzinfo=UTC) if when.tzinfo is None else when
