"""Temporary files a killed export left in the published folder.

``write_atomic`` writes ``.<name>.<pid>.<thread>.tmp`` beside each page and renames it over the
page. A SIGKILL (or a power cut) between the two leaves the temporary file behind, and a sync
of the folder to the web server would publish it. Every export starts by removing the ones
whose writer is gone: its process no longer runs, or the file has not been touched for an hour
(a running export renames each temporary file within milliseconds; the hour also covers a
recycled process id). Temporary files of a live export running beside this one are left alone.
"""

from __future__ import annotations

import os
import re
import sys
import time
from pathlib import Path

TEMP_NAME = re.compile(r"^\..+\.(\d+)\.(\d+)\.tmp$")
STALE_AFTER = 3600.0  # seconds


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    if sys.platform == "win32":  # os.kill(pid, 0) would send CTRL_C_EVENT there: rely on age
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's live process
        return True
    except OSError:
        return False
    return True


def remove_leftovers(out: Path, *, now: float | None = None) -> list[str]:
    """Remove stale export temporary files under ``out``; → their paths, relative to ``out``."""
    now = time.time() if now is None else now
    removed: list[str] = []
    stack = [str(out)]
    while stack:
        folder = stack.pop()
        try:
            entries = list(os.scandir(folder))
        except OSError:
            continue
        for e in entries:
            if e.is_dir(follow_symlinks=False):
                stack.append(e.path)
                continue
            m = TEMP_NAME.match(e.name)
            if m is None:
                continue
            try:
                age = now - e.stat(follow_symlinks=False).st_mtime
            except OSError:
                continue
            if age < STALE_AFTER and _alive(int(m.group(1))):
                continue
            try:
                os.unlink(e.path)
            except OSError:
                continue
            removed.append(Path(e.path).relative_to(out).as_posix())
    return sorted(removed)
