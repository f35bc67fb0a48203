"""Local recovery files: the editor's unsaved state written atomically every second of typing,
so a crash or a kill loses at most a few seconds. Plain Python (runs on a worker thread)."""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from app.core.settings import data_dir


@dataclass
class Recovered:
    path: Path
    login: str
    article_id: int
    version: int
    title: str
    fields: dict[str, Any]
    saved_at: datetime


def recovery_dir() -> Path:
    return data_dir() / "recovery"


def _path(login: str, article_id: int) -> Path:
    safe = re.sub(r"[^A-Za-z0-9_.-]", "_", login)
    return recovery_dir() / f"{safe}-{article_id}.json"


def write(login: str, article_id: int, version: int, fields: dict[str, Any]) -> Path:
    """Atomically replace the recovery file (write a temp file, fsync, rename)."""
    p = _path(login, article_id)
    p.parent.mkdir(parents=True, exist_ok=True)
    data = {"login": login, "article_id": article_id, "version": version,
            "saved_at": datetime.now(UTC).isoformat(), "fields": fields}
    tmp = p.with_suffix(f".{os.getpid()}.tmp")
    with open(tmp, "w", encoding="utf-8") as f:
        json.dump(data, f, ensure_ascii=False)
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, p)
    return p


def discard(login: str, article_id: int) -> None:
    try:
        _path(login, article_id).unlink()
    except FileNotFoundError:
        pass


def pending(login: str) -> list[Recovered]:
    """Every recovery file this user left behind (damaged files are skipped)."""
    out: list[Recovered] = []
    d = recovery_dir()
    if not d.is_dir():
        return out
    for p in sorted(d.glob("*.json")):
        try:
            data = json.loads(p.read_text("utf-8"))
            if data.get("login") != login:
                continue
            out.append(Recovered(p, data["login"], int(data["article_id"]), int(data["version"]),
                                 str(data["fields"].get("title", "")), dict(data["fields"]),
                                 datetime.fromisoformat(data["saved_at"])))
        except (OSError, ValueError, KeyError, TypeError):
            continue
    return out
