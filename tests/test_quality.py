"""The lint and type gates run with the suite, so the README's one test command covers them."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
# mypy's cache outside the checkout (read here, before the tests' own HOME): a clean clone on the
# same machine then re-checks only what changed — mypy compares each file's hash, not its path or
# time — instead of analysing SQLAlchemy's and PySide6's stubs again (≈ 50 s of CPU on a slow
# machine, every CI run)
MYPY_CACHE = (Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "newsdesk"
              / f"mypy-{sys.version_info.major}.{sys.version_info.minor}")


def _run(*cmd: str) -> subprocess.CompletedProcess:
    return subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=300)


def test_ruff_is_clean():
    # the ruff of this interpreter's environment (its scripts folder), whether or not it is on PATH
    here = Path(sys.executable).parent
    ruff = next((str(p) for p in (here / "ruff", here / "ruff.exe") if p.exists()), None) or shutil.which("ruff")
    if ruff is None:
        pytest.fail("ruff is not installed: pip install -e '.[test]'")
    r = _run(ruff, "check", "--output-format", "concise", ".")
    assert r.returncode == 0, r.stdout[-4000:] + r.stderr[-2000:]


def test_mypy_app_is_clean():
    """Types across the seam: core, publish, the commands and the Qt desks (the services and the
    operation runner as the UI calls them) all pass mypy."""
    r = _run(sys.executable, "-m", "mypy", "--cache-dir", str(MYPY_CACHE), "app")
    assert r.returncode == 0, r.stdout[-4000:] + r.stderr[-2000:]


def test_core_and_publish_import_no_qt():
    """The layers stay visible: app.core and app.publish load without PySide6."""
    code = ("import sys, pkgutil, importlib, app.core, app.publish\n"
            "for pkg in (app.core, app.publish):\n"
            "    for m in pkgutil.walk_packages(pkg.__path__, pkg.__name__ + '.'):\n"
            "        importlib.import_module(m.name)\n"
            "bad = [m for m in sys.modules if m.startswith(('PySide6', 'qtawesome'))]\n"
            "assert not bad, bad\n")
    r = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr[-3000:]


def test_the_program_is_byte_compiled_for_the_suite():
    """tests/conftest.py compiles app/ before the workers start (PYTHONDONTWRITEBYTECODE=1 would
    have every process the suite starts compile it again): each module's cached code is there and
    made from the source as it is now."""
    import importlib.util

    stale = []
    for src in sorted((ROOT / "app").rglob("*.py")):
        pyc = Path(importlib.util.cache_from_source(str(src)))
        if not pyc.is_file():
            stale.append(f"{src.relative_to(ROOT)}: none")
            continue
        header = pyc.read_bytes()[:16]  # magic, flags, then the source's mtime and size (PEP 552)
        if header[:4] != importlib.util.MAGIC_NUMBER:
            stale.append(f"{src.relative_to(ROOT)}: another Python's")
        elif int.from_bytes(header[4:8], "little") & 1:
            continue  # hash-based (SOURCE_DATE_EPOCH set): Python checks the hash itself
        elif int.from_bytes(header[8:12], "little") != int(src.stat().st_mtime) & 0xFFFFFFFF:
            stale.append(f"{src.relative_to(ROOT)}: older than its source")
    assert not stale, stale[:20]
