"""The Qt binding itself must be sound: PySide6-Essentials 6.12.0 on CPython 3.11 drops a
reference to ``None`` on every Qt method that returns nothing (``QWidget.resize``,
``processEvents`` …); after a few thousand such calls CPython aborts with "none_dealloc". The
project pins it out (pyproject.toml); this test catches a binding with that fault."""

from __future__ import annotations

import os
import subprocess
import sys


def test_void_qt_calls_keep_none_alive():
    code = (
        "import sys\n"
        "from PySide6.QtWidgets import QApplication, QWidget\n"
        "app = QApplication([])\n"
        "w = QWidget()\n"
        "before = sys.getrefcount(None)\n"
        "for _ in range(20000):\n"
        "    w.resize(10, 10)\n"
        "    w.setEnabled(True)\n"
        "for _ in range(2000):\n"
        "    app.processEvents()\n"
        "print(before - sys.getrefcount(None))\n"
    )
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=120)
    assert out.returncode == 0, out.stderr[-2000:]
    assert int(out.stdout.strip()) < 100  # a few references may move; 42,000 calls must not drop 42,000
