"""PyInstaller runtime hook: runs inside the frozen app before any of its modules is imported."""

import os

# qtawesome goes through QtPy; tell it the binding instead of letting it probe PyQt5/PyQt6/PySide2
# (which are not in the bundle) — that probing costs start-up time and logs warnings.
os.environ.setdefault("QT_API", "pyside6")
