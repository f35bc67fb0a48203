"""Live change notices from PostgreSQL (LISTEN/NOTIFY), Qt-free.

The services send ``pg_notify('newsdesk', '<what>:<id>')`` inside their transactions, so a notice
arrives when the change commits. ``Listener`` holds one dedicated autocommit connection and hands
out payloads; the desktop wraps it in a thread. SQLite has no such thing: desks poll
``NotificationService.change_token`` instead (``supports_listen`` tells which)."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass

from sqlalchemy.engine import make_url

CHANNEL = "newsdesk"


@dataclass(frozen=True)
class Notice:
    what: str  # article | lease | comment | channels | users …
    ident: int | None

    @classmethod
    def parse(cls, payload: str) -> Notice:
        what, _, ident = (payload or "").partition(":")
        try:
            return cls(what, int(ident) if ident else None)
        except ValueError:
            return cls(what, None)


def supports_listen(url: str) -> bool:
    return make_url(url).get_backend_name() == "postgresql"


def libpq_url(url: str) -> str:
    """A SQLAlchemy URL (postgresql+psycopg://…) as a libpq connection string."""
    u = make_url(url)
    return u.set(drivername="postgresql").render_as_string(hide_password=False)


class Listener:
    """``with Listener(url) as l: for notices in l.batches(timeout=1.0, stop=event): …``"""

    def __init__(self, url: str, channel: str = CHANNEL, connect_timeout: int = 10) -> None:
        import psycopg

        if not supports_listen(url):
            raise ValueError("LISTEN/NOTIFY needs PostgreSQL")
        self.channel = channel
        self.conn = psycopg.connect(libpq_url(url), autocommit=True, connect_timeout=connect_timeout)
        self.conn.execute(f'LISTEN "{channel}"')

    def __enter__(self) -> Listener:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        try:
            self.conn.close()
        except Exception:  # closing a broken connection is fine
            pass

    def wait(self, timeout: float = 1.0) -> list[Notice]:
        """Every notice that arrives within ``timeout`` seconds (returns as soon as one came and
        the burst that came with it is drained); empty when nothing happened."""
        out: list[Notice] = []
        for n in self.conn.notifies(timeout=timeout, stop_after=1):
            out.append(Notice.parse(n.payload))
        if out:  # collect the rest of a burst without waiting further
            for n in self.conn.notifies(timeout=0.05):
                out.append(Notice.parse(n.payload))
        return out

    def batches(self, timeout: float = 1.0, stop: threading.Event | None = None) -> Iterator[list[Notice]]:
        """A blocking iterator: yields a (possibly empty) batch at least every ``timeout``
        seconds until ``stop`` is set. Raises psycopg.OperationalError if the connection drops."""
        while stop is None or not stop.is_set():
            yield self.wait(timeout)


def listen(url: str, timeout: float = 1.0, stop: threading.Event | None = None,
           retry_after: float = 5.0) -> Iterator[list[Notice]]:
    """Batches of notices for as long as ``stop`` is unset, reconnecting after a dropped
    connection (yielding a ``[Notice('reconnected', None)]`` batch so the caller refreshes what it
    may have missed)."""
    import psycopg

    first = True
    while stop is None or not stop.is_set():
        try:
            with Listener(url) as lst:
                if not first:
                    yield [Notice("reconnected", None)]
                first = False
                yield from lst.batches(timeout, stop)
        except psycopg.Error:  # the server went away or refused us: try again later
            first = False
            if stop is not None:
                if stop.wait(retry_after):
                    return
            else:
                time.sleep(retry_after)
