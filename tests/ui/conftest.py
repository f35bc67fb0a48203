"""GUI fixtures: offscreen Qt, modal boxes recorded instead of shown, a main window on the
sample newsroom, helpers to type Chinese the way an input method does."""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QT_API", "pyside6")
os.environ["NEWSDESK_NO_BROWSER"] = "1"

from PySide6.QtCore import QEvent, Qt  # noqa: E402
from PySide6.QtGui import QInputMethodEvent, QKeyEvent  # noqa: E402
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget  # noqa: E402

from tests.conftest import actor  # noqa: E402


class Boxes:
    """Every QMessageBox call, with the answer the test chose (default: the box's default)."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, str, str]] = []
        self.answers: list[Any] = []

    def texts(self) -> list[str]:
        return [c[2] for c in self.calls]

    def _make(self, kind: str, default_ret: Any):
        def fn(parent: Any, title: str, text: str, *a: Any, **k: Any) -> Any:
            self.calls.append((kind, title, text))
            if self.answers:
                return self.answers.pop(0)
            return default_ret
        return fn


@pytest.fixture(autouse=True)
def boxes(monkeypatch) -> Boxes:
    b = Boxes()
    S = QMessageBox.StandardButton
    monkeypatch.setattr(QMessageBox, "question", staticmethod(b._make("question", S.Yes)))
    monkeypatch.setattr(QMessageBox, "warning", staticmethod(b._make("warning", S.Ok)))
    monkeypatch.setattr(QMessageBox, "information", staticmethod(b._make("information", S.Ok)))
    monkeypatch.setattr(QMessageBox, "critical", staticmethod(b._make("critical", S.Ok)))
    monkeypatch.setattr(QMessageBox, "about", staticmethod(b._make("about", None)))
    return b


@pytest.fixture(autouse=True)
def no_crash_dialog(monkeypatch):
    """A bug inside an operation fails the test instead of opening the crash dialog."""
    from app.ui import ops

    errors: list[BaseException] = []
    monkeypatch.setattr(ops, "crash_handler", errors.append)
    yield errors
    if errors:
        raise AssertionError(f"unexpected error in an operation: "
                             f"{getattr(errors[0], '__traceback_text__', errors[0])}")


@pytest.fixture(autouse=True)
def _translations_back_to_the_test_default():
    """A test that logs in through the Session (or installs a language) leaves no translator for
    the next one: with the suite in two processes, the file that runs next differs from run to run."""
    from PySide6.QtCore import QLocale

    locale = QLocale()
    yield
    app = QApplication.instance()
    if app is not None and getattr(app, "_newsdesk_translators", None):
        reset_translations(app)
    QLocale.setDefault(locale)


def reset_translations(app: Any) -> None:
    """Back to the test default: no translators installed, messages in Chinese."""
    for t in getattr(app, "_newsdesk_translators", []):
        app.removeTranslator(t)
    app._newsdesk_translators = []
    app.setProperty("newsdesk_language", "zh_CN")


def type_text(widget: QWidget, text: str) -> None:
    """Type (also Chinese) into ``widget`` as an input method commits it."""
    widget.setFocus()
    ev = QInputMethodEvent("", [])
    ev.setCommitString(text)
    QApplication.sendEvent(widget, ev)


def key_text(widget: QWidget, text: str) -> None:
    """One key press carrying ``text`` (e.g. full-width punctuation)."""
    for ch in text:
        QApplication.sendEvent(widget, QKeyEvent(QEvent.Type.KeyPress, 0, Qt.KeyboardModifier.NoModifier, ch))


@pytest.fixture
def reporter(sqlite_demo):
    return actor(sqlite_demo, "wangzd")


@pytest.fixture
def make_window(qtbot, sqlite_demo) -> Iterator[Any]:
    from app.ui.main_window import MainWindow

    made: list[Any] = []

    def make(login: str = "wangzd", services: Any = None) -> Any:
        svc = services or sqlite_demo
        w = MainWindow(svc, actor(svc, login))
        qtbot.addWidget(w)
        w.show()
        w.ops.drain()
        made.append(w)
        return w

    yield make
    for w in made:
        w.ops.drain()
        if w.editor.article is not None and not w.editor.is_dirty():
            w.editor.close_article()
        w.ops.drain()


@pytest.fixture
def window(make_window) -> Any:
    return make_window()


def open_new(window: Any, **fields: Any) -> Any:
    """Create a draft through the window and wait until it is open in the editor."""
    window.new_article(**fields)
    window.ops.drain()
    window.ops.drain()
    assert window.editor.article is not None
    return window.editor
