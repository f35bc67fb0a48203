"""The lint and type gates run with the suite, so the README's one test command covers them."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


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
    r = _run(sys.executable, "-m", "mypy", "app")
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
