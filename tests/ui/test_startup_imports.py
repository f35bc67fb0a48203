"""Start-up (issue #21): PySide6's scan of every later-imported module's source for "PySide6"
(its __feature__ bookkeeping) skips the standard library's and NON_QT_PACKAGES' modules, with the
answer the scan itself would give; the modules that use PySide6 are still scanned and marked."""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
from pathlib import Path

from app.ui.app import NON_QT_PACKAGES


def _sources(package: str) -> list[Path]:
    spec = importlib.util.find_spec(package)
    if spec is None or spec.origin is None:
        return []
    if spec.submodule_search_locations:
        return [p for d in spec.submodule_search_locations for p in Path(d).rglob("*.py")]
    return [Path(spec.origin)] if spec.origin.endswith(".py") else []


def test_the_packages_answered_without_reading_never_mention_pyside6():
    for package in sorted(NON_QT_PACKAGES):
        for f in _sources(package):
            assert "PySide6" not in f.read_text("utf-8", errors="replace"), f


def test_skipped_modules_get_the_scans_answer_and_ours_are_still_scanned():
    code = r'''
import linecache, sys
from app.ui.app import create_application
app = create_application(lang="zh_CN")
import app.bootstrap, app.ui.main_window
feature = sys.modules["PySide6.support.feature"]
marks = feature.pyside_feature_dict
assert marks["sqlalchemy.orm"] == -1 and marks["asyncio"] == -1, "not using PySide6"
assert marks["app.ui.ops"] == 0 and marks["app.core.db"] == -1, "scanned as before"
assert not any(f.endswith(".py") and "sqlalchemy" in f for f in linecache.cache), "SQLAlchemy's sources were read"
assert any(f.endswith(".py") and "app/ui/ops" in f.replace("\\", "/") for f in linecache.cache), "ours were read"
# the standard library modules loaded so far never mention PySide6 either (the scan's answer)
for name, m in list(sys.modules.items()):
    f = getattr(m, "__file__", None) or ""
    if name.partition(".")[0] in sys.stdlib_module_names and f.endswith(".py"):
        assert "PySide6" not in open(f, encoding="utf-8", errors="replace").read(), f
print("ok")
'''
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=120)
    assert out.returncode == 0 and out.stdout.strip().endswith("ok"), out.stderr[-3000:]
