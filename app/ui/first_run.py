"""First start on an empty database: load the sample newsroom (and show its accounts) or create
the first administrator."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.core.errors import NewsdeskError
from app.ui.ops import ui_language

if TYPE_CHECKING:
    from app.core.services import Services


class FirstRunDialog(QDialog):
    """Accepts with ``self.login`` set to the account to log in with."""

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.login = ""
        self.accounts: list[Any] = []
        self.setWindowTitle(self.tr("Welcome to NewsDesk"))
        self.setObjectName("FirstRunDialog")
        lay = QVBoxLayout(self)
        lay.addWidget(QLabel(self.tr("<h3>This database has no users yet.</h3>"
                                     "Start with the sample newsroom to see NewsDesk at work, "
                                     "or create the first administrator.")))
        demo = QGroupBox(self.tr("Sample newsroom"))
        dl = QVBoxLayout(demo)
        dl.addWidget(QLabel(self.tr("Reporters, editors for every review step and a dozen articles.")))
        self.demo_btn = QPushButton(self.tr("Load the sample newsroom"))
        self.demo_btn.setObjectName("loadDemo")
        self.demo_btn.clicked.connect(self.load_demo)
        dl.addWidget(self.demo_btn)
        self.table = QTableWidget(0, 4)
        self.table.setObjectName("demoAccounts")
        self.table.setHorizontalHeaderLabels([self.tr("Login"), self.tr("Name"), self.tr("Roles"),
                                              self.tr("Password")])
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.verticalHeader().setVisible(False)
        self.table.setMinimumHeight(self.fontMetrics().height() * 14)
        self.table.hide()
        dl.addWidget(self.table)
        self.demo_note = QLabel()
        self.demo_note.setWordWrap(True)
        dl.addWidget(self.demo_note)
        lay.addWidget(demo)

        adm = self.adm_box = QGroupBox(self.tr("First administrator"))
        form = QFormLayout(adm)
        self.adm_login = QLineEdit("admin")
        self.adm_name = QLineEdit()
        self.adm_pw = QLineEdit()
        self.adm_pw.setEchoMode(QLineEdit.EchoMode.Password)
        self.adm_pw2 = QLineEdit()
        self.adm_pw2.setEchoMode(QLineEdit.EchoMode.Password)
        self.adm_writes = QCheckBox(self.tr("This person also writes and edits articles"))
        self.adm_writes.setChecked(True)
        form.addRow(self.tr("Login"), self.adm_login)
        form.addRow(self.tr("Real name"), self.adm_name)
        form.addRow(self.tr("Password"), self.adm_pw)
        form.addRow(self.tr("Repeat password"), self.adm_pw2)
        form.addRow("", self.adm_writes)
        self.adm_btn = QPushButton(self.tr("Create administrator"))
        self.adm_btn.clicked.connect(self.create_admin)
        form.addRow("", self.adm_btn)
        lay.addWidget(adm)
        self.error = QLabel()
        self.error.setStyleSheet("color:#c62828")
        self.error.setWordWrap(True)
        lay.addWidget(self.error)
        self.box = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.box.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Continue to log in"))
        self.box.button(QDialogButtonBox.StandardButton.Ok).setEnabled(False)
        self.box.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Cancel"))
        self.box.accepted.connect(self.accept)
        self.box.rejected.connect(self.reject)
        lay.addWidget(self.box)
        self.resize(620, 0)

    def load_demo(self) -> None:
        from app.core.seed import load_demo

        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            self.accounts = load_demo(self.services)
        except NewsdeskError as exc:
            self.error.setText(exc.message(ui_language()))
            return
        finally:
            QGuiApplication.restoreOverrideCursor()
        self.table.setRowCount(len(self.accounts))
        for r, u in enumerate(self.accounts):
            for c, v in enumerate((u.login, u.real_name, "、".join(self.role_label(r) for r in u.roles),
                                   u.password)):
                item = QTableWidgetItem(v)
                item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
                self.table.setItem(r, c, item)
        self.table.resizeColumnsToContents()
        self.table.show()
        self.demo_note.setText(self.tr("Note these passwords now: they are shown only once. "
                                       "Log in as wangzd to write as a reporter."))
        self.demo_btn.setEnabled(False)
        self.adm_box.hide()
        self.adjustSize()
        self.login = "wangzd"
        self.box.button(QDialogButtonBox.StandardButton.Ok).setEnabled(True)

    def role_label(self, role: str) -> str:
        return {"reporter": self.tr("Reporter"), "editor": self.tr("Editor"),
                "chief_editor": self.tr("Chief editor"), "admin": self.tr("Administrator")}.get(role, role)

    def create_admin(self) -> None:
        if self.adm_pw.text() != self.adm_pw2.text():
            self.error.setText(self.tr("The passwords differ."))
            return
        roles = ["admin"] + (["reporter", "editor", "chief_editor"] if self.adm_writes.isChecked() else [])
        try:
            self.services.users.add(None, self.adm_login.text(), self.adm_name.text(), self.adm_pw.text(), roles)
        except NewsdeskError as exc:
            self.error.setText(exc.message(ui_language()))
            return
        self.login = self.adm_login.text().strip()
        self.accept()


def run_first_run(opened: Any, parent: QWidget | None) -> str | None:
    """Show the dialog; the login to use next, or None."""
    dlg = FirstRunDialog(opened.services, parent)
    if dlg.exec() == QDialog.DialogCode.Accepted and dlg.login:
        return dlg.login
    return None
