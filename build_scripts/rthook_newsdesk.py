"""PyInstaller runtime hook: runs inside the frozen app before any of its modules is imported."""

import os

# qtawesome goes through QtPy; tell it the binding instead of letting it probe PyQt5/PyQt6/PySide2
# (which are not in the bundle) — that probing costs start-up time and logs warnings.
os.environ.setdefault("QT_API", "pyside6")

# Windows: _internal/ on the DLL search path of extension modules (LoadLibraryEx with the
# LOAD_LIBRARY_SEARCH_* flags ignores the bootloader's SetDllDirectory). psycopg_binary's libpq (in
# psycopg_binary.libs/) finds the one OpenSSL the spec ships, _internal/libssl-3.dll, this way.
if os.name == "nt":
    import sys

    os.add_dll_directory(getattr(sys, "_MEIPASS", os.path.dirname(sys.executable)))
