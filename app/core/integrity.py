"""SQLite's integrity check (``PRAGMA quick_check``) on a thread of its own, started before the
database is opened: it reads the whole file (≈ 45 ms warm, ≈ 1 s from a cold disk at 10,000
articles, ten times that at 100,000) inside SQLite, which runs without the GIL, so it overlaps the
import of SQLAlchemy, the ORM models and the services instead of following them. Standard library
only: importing this module must not import SQLAlchemy. ``app.bootstrap.open_database`` takes the
verdict where it always took it (the same refusal, the same message)."""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

PREFIX = "sqlite:///"


def sqlite_file(url: str) -> Path | None:
    """The file of a plain ``sqlite:///path`` URL; None for anything else (PostgreSQL, an
    in-memory database, a URL with options): those are checked the usual way, or not at all."""
    if not url.startswith(PREFIX) or "?" in url:
        return None
    name = url[len(PREFIX):]
    return Path(name) if name and name != ":memory:" else None


class QuickCheck:
    """``PRAGMA quick_check`` of ``path`` on a daemon thread. ``result()`` waits for it: "ok", what
    SQLite reported, or the error that stopped the check; None when there was no file to check
    (a new database: nothing to verify yet)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._result: str | None = None
        self._thread = threading.Thread(target=self._run, name="newsdesk-quick-check", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        try:
            if not self.path.is_file() or self.path.stat().st_size == 0:
                return  # no database yet, or an empty file (Database.check_file refuses that)
            conn = sqlite3.connect(str(self.path), timeout=15)
            try:
                row = conn.execute("PRAGMA quick_check").fetchone()
                self._result = str(row[0]) if row else "ok"
            finally:
                conn.close()
        except (sqlite3.Error, OSError) as exc:  # a damaged page can make the check itself fail
            self._result = str(exc)

    def result(self) -> str | None:
        self._thread.join()
        return self._result


def start_quick_check(url: str) -> QuickCheck | None:
    """Start the check of the embedded database at ``url`` (None: not an embedded file)."""
    path = sqlite_file(url)
    return QuickCheck(path) if path is not None else None
