"""Without libpq (the Linux bundle uses the system's libpq5 through psycopg's pure-Python layer), a
PostgreSQL URL gives a clear message in both languages; the embedded SQLite mode never needs it.

Each case runs in a child Python where psycopg may use only its pure-Python layer
(PSYCOPG_IMPL=python) and ctypes cannot find libpq: the real import failure, not a stand-in."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

CHILD = r"""
import ctypes.util, json, sys
real = ctypes.util.find_library
ctypes.util.find_library = lambda name: None if name == "pq" else real(name)  # no libpq here
from app.core.db import Database
from app.core.errors import DatabaseError
url = sys.argv[1]
try:
    db = Database(url)
    with db.read() as s:
        s.connection().exec_driver_sql("select 1")
    print(json.dumps({"ok": True, "psycopg": "psycopg" in sys.modules}))
except DatabaseError as exc:
    print(json.dumps({"ok": False, "zh": exc.message("zh"), "en": exc.message("en"),
                      "detail": exc.data.get("detail", "")}, ensure_ascii=False))
"""


def _child(url: str) -> dict:
    env = dict(os.environ, PSYCOPG_IMPL="python")
    p = subprocess.run([sys.executable, "-c", CHILD, url], cwd=ROOT, env=env, capture_output=True,
                       text=True, encoding="utf-8", timeout=120)
    assert p.returncode == 0, p.stderr[-3000:]
    return json.loads(p.stdout.strip().splitlines()[-1])


def test_postgresql_without_libpq_says_what_to_install():
    for url in ("postgresql://newsdesk@db.newsroom.invalid:5432/newsdesk",
                "postgresql+psycopg://newsdesk@db.newsroom.invalid/newsdesk"):
        out = _child(url)
        assert out["ok"] is False
        assert "libpq5" in out["zh"] and "apt-get install libpq5" in out["zh"] and "SQLite" in out["zh"]
        assert "libpq5" in out["en"] and "apt-get install libpq5" in out["en"] and "SQLite" in out["en"]
        assert "libpq library not found" in out["detail"]  # psycopg's own reason, for the log


def test_embedded_sqlite_never_needs_libpq(tmp_path):
    out = _child(f"sqlite:///{tmp_path / 'newsdesk.db'}")
    assert out == {"ok": True, "psycopg": False}
