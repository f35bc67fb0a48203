"""Common base of the administration tabs: services, actor, the runner and the dialog seam."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

from app.core.domain import Actor, Role
from app.core.workflow import ROLE_LABELS
from app.ui.desk.common import DeskPanel, Prompts, run, tr
from app.ui.ops import OpRunner, ui_language

if TYPE_CHECKING:
    from app.core.services import Services


def role_label(r: Role) -> str:
    zh, en = ROLE_LABELS[r]
    return zh if ui_language() == "zh" else en


class AdminTab(DeskPanel):
    prompts: FormPrompts  # every admin tab asks through a form (tabs set it; tests script it)

    def __init__(self, services: Services, actor: Actor, ops: OpRunner | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(services, actor, ops, parent)

    def call(self, fn: Any, *args: Any, then: Any = None, write: bool = True, **kw: Any) -> None:
        if not write:  # reads: the newest request wins, an older result arriving late is dropped
            kw.setdefault("key", f"{type(self).__name__}.{getattr(fn, '__name__', 'read')}")
        run(self.ops, self.prompts, fn, *args, on_done=then, write=write, **kw)

    def button(self, name: str, label: str, slot: Any) -> QPushButton:
        b = QPushButton(tr(label))
        b.setObjectName(name)
        b.clicked.connect(lambda _=False: slot())
        return b


def table(columns: list[str], name: str) -> QTableWidget:
    t = QTableWidget(0, len(columns))
    t.setObjectName(name)
    t.setHorizontalHeaderLabels([tr(c) for c in columns])
    t.verticalHeader().hide()
    t.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    t.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    t.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    t.horizontalHeader().setStretchLastSection(True)
    return t


def fill(t: QTableWidget, rows: list[list[str]]) -> None:
    t.setRowCount(len(rows))
    for i, row in enumerate(rows):
        for j, text in enumerate(row):
            t.setItem(i, j, QTableWidgetItem(text))
    t.resizeColumnsToContents()
    t.horizontalHeader().setStretchLastSection(False)  # re-applied so the last column fills the width
    t.horizontalHeader().setStretchLastSection(True)


def selected_row(t: QTableWidget) -> int | None:
    rows = sorted({i.row() for i in t.selectedIndexes()})
    return rows[0] if rows else None


class FormDialog(QDialog):
    """A small form: ``fields`` are (key, label, kind) with kind text|password|check; ``values()``."""

    def __init__(self, title: str, fields: list[tuple[str, str, str]], parent: QWidget | None = None,
                 values: dict[str, Any] | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.widgets: dict[str, Any] = {}
        form = QFormLayout(self)
        for key, label, kind in fields:
            if kind == "check":
                w: Any = QCheckBox(tr(label))
                w.setChecked(bool((values or {}).get(key)))
                form.addRow("", w)
            else:
                w = QLineEdit(str((values or {}).get(key, "") or ""))
                if kind == "password":
                    w.setEchoMode(QLineEdit.EchoMode.Password)
                form.addRow(tr(label), w)
            w.setObjectName(key)
            self.widgets[key] = w
        bb = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        bb.accepted.connect(self.accept)
        bb.rejected.connect(self.reject)
        form.addRow(bb)

    def values(self) -> dict[str, Any]:
        return {k: (w.isChecked() if isinstance(w, QCheckBox) else w.text()) for k, w in self.widgets.items()}


class FormPrompts(Prompts):
    """Prompts plus a form; tests script ``form`` answers."""

    def form(self, title: str, fields: list[tuple[str, str, str]], values: dict[str, Any] | None = None
             ) -> dict[str, Any] | None:
        dlg = FormDialog(title, fields, self.parent, values)
        return dlg.values() if dlg.exec() == QDialog.DialogCode.Accepted else None
