"""Live updates across desktops. On PostgreSQL a listener thread turns LISTEN/NOTIFY notices into
a Qt signal within about a second; on SQLite a timer polls the cheap change token."""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QTimer, Signal

from app.core.domain import Actor
from app.core.live import listen, supports_listen
from app.ui.ops import OpRunner

if TYPE_CHECKING:
    from app.core.services import Services

POLL_MS = 2000


class LiveUpdates(QObject):
    """``changed(what, id)``: something changed elsewhere (id 0 when unknown)."""

    changed = Signal(str, int)
    _notice = Signal(str, int)  # emitted on the listener thread, delivered queued on the UI thread

    def __init__(self, services: Services, actor: Actor, ops: OpRunner | None = None,
                 parent: QObject | None = None, poll_ms: int = POLL_MS) -> None:
        super().__init__(parent)
        self.services = services
        self.actor = actor
        self.ops = ops if ops is not None else OpRunner(self)
        self.mode = "listen" if supports_listen(services.db.url) else "poll"
        self._stop = threading.Event()
        self.ready = threading.Event()  # listening (or the first token is known)
        self._thread: threading.Thread | None = None
        self._token: Any = None
        self._polling = False
        self.timer = QTimer(self)
        self.timer.setInterval(poll_ms)
        self.timer.timeout.connect(self.poll)
        self._notice.connect(self.changed)

    def start(self) -> None:
        if self.mode == "listen":
            if self._thread is None:
                self._stop.clear()
                self._thread = threading.Thread(target=self._listen, name="newsdesk-listen", daemon=True)
                self._thread.start()
        else:
            self.timer.start()
            self.poll()

    def stop(self) -> None:
        self.timer.stop()
        self._stop.set()
        if self._thread is not None:
            self._thread.join(5)
            self._thread = None

    def _listen(self) -> None:  # listener thread: no widgets here
        for batch in listen(self.services.db.url, timeout=0.5, stop=self._stop):
            if self._stop.is_set():
                return
            self.ready.set()
            seen = set()
            for n in batch:
                key = (n.what, n.ident or 0)
                if key not in seen:
                    seen.add(key)
                    try:
                        self._notice.emit(n.what, n.ident or 0)
                    except RuntimeError:  # the desk was deleted under us: stop listening
                        return

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
