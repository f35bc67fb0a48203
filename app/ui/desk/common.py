"""Small pieces every desk panel shares: the dialog seam (so tests script answers instead of
clicking modal boxes), time formatting in the newsroom's zone, and the operation runner."""

from __future__ import annotations

import functools
from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from PySide6.QtCore import QCoreApplication, QDate, QDateTime, QObject, QTime
from PySide6.QtWidgets import (
    QDateTimeEdit,
    QDialog,
    QDialogButtonBox,
    QInputDialog,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from app.core.errors import NewsdeskError
from app.ui.ops import OpRunner, ui_language

if TYPE_CHECKING:
    from app.core.services import Services


def tr(text: str) -> str:
    return QCoreApplication.translate("desk", text)


def required_text_dialog(parent: QWidget | None, title: str, label: str, default: str = "") -> QDialog:
    """A dialog asking for a required text: a wrapping question, a wrapping box, OK only when the
    box holds more than spaces."""
    dlg = QDialog(parent)
    dlg.setObjectName("requiredTextDialog")
    dlg.setWindowTitle(title)
    lay = QVBoxLayout(dlg)
    question = QLabel(label)
    question.setWordWrap(True)
    lay.addWidget(question)
    box = QPlainTextEdit(default)
    box.setObjectName("requiredText")
    box.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
    box.setTabChangesFocus(True)
    lay.addWidget(box, 1)
    hint = QLabel(tr("A reason is required."))
    hint.setObjectName("requiredHint")
    hint.setStyleSheet("color:#57606a")
    lay.addWidget(hint)
    bb = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
    ok = bb.button(QDialogButtonBox.StandardButton.Ok)

    def check() -> None:
        filled = bool(box.toPlainText().strip())
        ok.setEnabled(filled)
        hint.setVisible(not filled)

    box.textChanged.connect(check)
    check()
    bb.accepted.connect(dlg.accept)
    bb.rejected.connect(dlg.reject)
    lay.addWidget(bb)
    dlg.resize(460, 240)
    box.setFocus()
    return dlg


class Prompts:
    """Every question a desk panel asks the user. Tests replace it with a scripted one."""

    def __init__(self, parent: QWidget | None = None) -> None:
        self.parent = parent

    def confirm(self, title: str, text: str) -> bool:
        box = QMessageBox.question(self.parent, title, text,
                                   QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                                   QMessageBox.StandardButton.No)
        return box == QMessageBox.StandardButton.Yes

    def options(self, title: str, text: str, choices: list[str], default: int = 0) -> int | None:
        """One of ``choices`` (buttons, ``default`` answers Enter) or None for Cancel."""
        box = QMessageBox(QMessageBox.Icon.Question, title, text, QMessageBox.StandardButton.NoButton,
                          self.parent)
        buttons = [box.addButton(c, QMessageBox.ButtonRole.AcceptRole) for c in choices]
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(buttons[default])
        box.exec()
        clicked = box.clickedButton()
        return buttons.index(clicked) if clicked in buttons else None

    def text(self, title: str, label: str, default: str = "") -> str | None:
        """A required text (reason, note): None when cancelled. The question and the text wrap;
        OK stays disabled until something is written, so the dialog never closes on an empty one."""
        dlg = required_text_dialog(self.parent, title, label, default)
        if dlg.exec() != QDialog.DialogCode.Accepted:
            return None
        box = dlg.findChild(QPlainTextEdit, "requiredText")
        return box.toPlainText() if box is not None else None

    def choice(self, title: str, label: str, items: list[str]) -> int | None:
        value, ok = QInputDialog.getItem(self.parent, title, label, items, 0, False)
        return items.index(value) if ok and value in items else None

    def when(self, title: str, label: str, default: datetime) -> datetime | None:
        dlg = QDialog(self.parent)
        dlg.setWindowTitle(title)
        lay = QVBoxLayout(dlg)
        lay.addWidget(QLabel(label))
        # the wall-clock time in the newsroom's zone, whatever zone this computer is in
        edit = QDateTimeEdit(QDateTime(QDate(default.year, default.month, default.day),
                                       QTime(default.hour, default.minute)))
        edit.setCalendarPopup(True)
        edit.setDisplayFormat("yyyy-MM-dd HH:mm")
        lay.addWidget(edit)
        bb = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        bb.accepted.connect(dlg.accept)
        bb.rejected.connect(dlg.reject)
        lay.addWidget(bb)
        if dlg.exec() != QDialog.DialogCode.Accepted:
            return None
        d, t = edit.date(), edit.time()
        return datetime(d.year(), d.month(), d.day(), t.hour(), t.minute(), tzinfo=default.tzinfo)

    def info(self, title: str, text: str) -> None:
        QMessageBox.information(self.parent, title, text)

    def error(self, exc: BaseException) -> None:
        msg = exc.message(ui_language()) if isinstance(exc, NewsdeskError) else str(exc)
        QMessageBox.warning(self.parent, tr("NewsDesk"), msg)


def error_text(exc: BaseException) -> str:
    return exc.message(ui_language()) if isinstance(exc, NewsdeskError) else str(exc)


def newsroom_zone(services: Services) -> ZoneInfo:
    try:
        return ZoneInfo(services.admin.setting("timezone") or "Asia/Shanghai")
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("Asia/Shanghai")


def fmt_time(dt: datetime | None, zone: ZoneInfo | None = None, with_date: bool = True,
             short: bool = False) -> str:
    """Local time in the newsroom's zone; ``short`` drops the year when it is this year."""
    if dt is None:
        return ""
    local = dt.astimezone(zone) if zone else dt.astimezone()
    if not with_date:
        return local.strftime("%H:%M")
    if short and local.year == datetime.now(local.tzinfo).year:
        return local.strftime("%m-%d %H:%M")
    return local.strftime("%Y-%m-%d %H:%M")


def runner_for(owner: QObject, ops: OpRunner | None) -> OpRunner:
    """The main window's runner when given, else a private one (standalone widgets, tests)."""
    return ops if ops is not None else OpRunner(owner)


class DeskPanel(QWidget):
    """What every desk and admin panel holds: the services, who is acting, the operation
    runner (the window's, or a private one when standalone) and the dialog seam."""

    def __init__(self, services: Services, actor: Any, ops: OpRunner | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.actor = actor
        self.ops = runner_for(self, ops)
        self.prompts = Prompts(self)

    @functools.cached_property
    def zone(self) -> ZoneInfo:
        """The newsroom's time zone, read once when a panel first shows a time."""
        return newsroom_zone(self.services)


def run(ops: OpRunner, prompts: Prompts, fn: Callable[..., Any], *args: Any,
        on_done: Callable[[Any], None] | None = None, write: bool = False, change: str | None = None,
        key: str | None = None, on_error: Callable[[BaseException], None] | None = None, **kw: Any) -> None:
    """Run a service call off-thread; expected errors go to the prompts' error box."""

    def err(exc: BaseException) -> None:
        if isinstance(exc, NewsdeskError):
            (on_error or prompts.error)(exc)
        else:  # a bug: the crash handler
            from app.ui import ops as ops_mod

            if on_error is not None:
                on_error(exc)
            ops_mod.report_error(prompts.parent, exc)

    ops.run(fn, *args, on_done=on_done, on_error=err, write=write, change=change, key=key, **kw)
