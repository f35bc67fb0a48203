"""Live updates across desktops. On PostgreSQL a listener thread turns LISTEN/NOTIFY notices into
a Qt signal within about a second; on SQLite a timer polls the cheap change token."""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QTimer, Signal

from app.core.domain import Actor
from app.core.live import listen, supports_listen
from app.ui.ops import OpRunner, start_thread

if TYPE_CHECKING:
    from app.core.services import Services

POLL_MS = 2000


class _Relay(QObject):
    """One listener run's messenger: only that thread emits from it, and it deletes it as its
    last act (app.ui.ops.start_thread), so a desk deleted while the thread still runs (stop()
    waits 5 s at most) is never a sender being deleted under an emit — Qt allows that of a
    receiver only. The same rule as app.ui.publishing.worker."""

    notice = Signal(str, int)  # delivered queued on the UI thread


class LiveUpdates(QObject):
    """``changed(what, id)``: something changed elsewhere (id 0 when unknown)."""

    changed = Signal(str, int)

    def __init__(self, services: Services, actor: Actor, ops: OpRunner | None = None,
                 parent: QObject | None = None, poll_ms: int = POLL_MS) -> None:
        super().__init__(parent)
        self.services = services
        self.actor = actor
        self.ops = ops if ops is not None else OpRunner(self)
        self.mode = "listen" if supports_listen(services.db.url) else "poll"
        self._stops: list[threading.Event] = []  # one per listener run; plain Python
        self.ready = threading.Event()  # listening (or the first token is known)
        self._thread: threading.Thread | None = None
        self._token: Any = None
        self._polling = False
        self.timer = QTimer(self)
        self.timer.setInterval(poll_ms)
        self.timer.timeout.connect(self.poll)
        # deleted with a listener running (the window went, stop() not called or gave up): it
        # ends; ``self`` is being deleted and is not used
        self.destroyed.connect(lambda *_a, stops=self._stops: _stop_all(stops))

    def start(self) -> None:
        if self.mode == "listen":
            if self._thread is None:
                stop = threading.Event()  # a run of its own: one that stop() gave up on stays stopped
                self._stops.append(stop)
                relay = _Relay()  # no parent: the thread deletes it
                relay.notice.connect(self.changed)
                self._thread = start_thread("newsdesk-listen", relay, _listen, self.services.db.url, stop,
                                            self.ready)
        else:
            self.timer.start()
            self.poll()

    def stop(self) -> None:
        self.timer.stop()
        _stop_all(self._stops)
        if self._thread is not None:
            self._thread.join(5)
            self._thread = None

    def poll(self) -> None:
        if self._polling:
            return
        self._polling = True

        def done(token: Any) -> None:
            self._polling = False
            if self._token is not None and token != self._token:
                self.changed.emit("poll", 0)
            self._token = token
            self.ready.set()

        def failed(_exc: BaseException) -> None:  # the database is away: try again next tick
            self._polling = False

        self.ops.run(self.services.notifications.change_token, self.actor, on_done=done, on_error=failed)


def _stop_all(stops: list[threading.Event]) -> None:
    for stop in stops:
        stop.set()
    stops.clear()


def _listen(url: Any, stop: threading.Event, ready: threading.Event, relay: _Relay) -> None:
    """The listener thread (app.ui.ops.start_thread): its arguments only, nothing of the desk's."""
    for batch in listen(url, timeout=0.5, stop=stop):
        if stop.is_set():
            return
        ready.set()
        seen = set()
        for n in batch:
            key = (n.what, n.ident or 0)
            if key not in seen:
                seen.add(key)
                relay.notice.emit(n.what, n.ident or 0)
