"""编校质量 in the desk: the 差错率 page (by reporter, channel, step or month against 万分之三),
the chief editor's 工作量/稿费 statistics with .xlsx/.csv export, and the pre-sign checklist panel
that follows the open article (items, and an override with a reason for a failing one).

Every figure comes from the services (``QualityService``, ``WorkloadService``, ``PresignService``)
through the operation runner; the widgets only show them."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.core.domain import Actor, ArticleData, Role
from app.ui.desk.common import DeskPanel, run, tr
from app.ui.ops import OpRunner, ui_language

if TYPE_CHECKING:
    from app.core.services import Services

OVER = QColor("#cf222e")


def _item(value: Any, align_right: bool = False) -> QTableWidgetItem:
    it = QTableWidgetItem(str(value))
    it.setFlags(it.flags() & ~Qt.ItemFlag.ItemIsEditable)
    if align_right:
        it.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    return it


def _services(services: Services) -> tuple[Any, Any, Any]:
    from app.core.services.presign import PresignService
    from app.core.services.quality import QualityService
    from app.core.services.workload import WorkloadService

    return QualityService(services.db), WorkloadService(services.db), PresignService(services.db)


class ErrorRateWidget(DeskPanel):
    """差错率 grouped by reporter, channel, step or month; rows over 万分之三 in red."""

    GROUPS = (("reporter", "By reporter"), ("channel", "By channel"), ("step", "By review step"),
              ("month", "By month"))

    def __init__(self, services: Services, actor: Actor, ops: OpRunner | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(services, actor, ops, parent)
        self.quality = _services(services)[0]
        self.group = QComboBox()
        self.group.setObjectName("rateGroup")
        for key, label in self.GROUPS:
            self.group.addItem(tr(label), key)
        self.group.currentIndexChanged.connect(self.reload)
        self.line = QLabel(tr("Pass line: 3 errors per 10,000 characters (万分之三)"))
        self.table = QTableWidget(0, 5)
        self.table.setObjectName("rateTable")
        self.table.setHorizontalHeaderLabels([tr("Group"), tr("Errors"), tr("Characters"),
                                              tr("Per 10,000"), tr("Result")])
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().setVisible(False)
        refresh = QPushButton(tr("Refresh"))
        refresh.clicked.connect(self.reload)
        top = QHBoxLayout()
        top.addWidget(self.group)
        top.addWidget(self.line, 1)
        top.addWidget(refresh)
        lay = QVBoxLayout(self)
        lay.addLayout(top)
        lay.addWidget(self.table, 1)
        self.rows: list[Any] = []
        self.reload()

    def reload(self) -> None:
        by = self.group.currentData()
        run(self.ops, self.prompts, self.quality.rates, self.actor, by, on_done=self.show_rows, key="quality-rates")

    def show_rows(self, rows: list[Any]) -> None:
        self.rows = rows
        self.table.setRowCount(len(rows))
        for i, r in enumerate(rows):
            cells = [_item(r.key), _item(r.errors, True), _item(r.chars, True), _item(f"{r.rate:.2f}", True),
                     _item(tr("Over the line") if r.over_line else tr("Passes"))]
            for j, c in enumerate(cells):
                if r.over_line:
                    c.setForeground(QBrush(OVER))
                self.table.setItem(i, j, c)


class WorkloadWidget(DeskPanel):
    """工作量/稿费 per person per month; exports .xlsx and .csv (chief editor and admin)."""

    COLUMNS = ("Month", "Person", "Pieces", "Characters", "Original", "Reprint", "Score / fee")

    def __init__(self, services: Services, actor: Actor, ops: OpRunner | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(services, actor, ops, parent)
        self.workload = _services(services)[1]
        self.table = QTableWidget(0, len(self.COLUMNS))
        self.table.setObjectName("workloadTable")
        self.table.setHorizontalHeaderLabels([tr(c) for c in self.COLUMNS])
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().setVisible(False)
        self.xlsx = QPushButton(tr("Export .xlsx…"))
        self.xlsx.setObjectName("exportXlsx")
        self.csv = QPushButton(tr("Export .csv…"))
        self.csv.setObjectName("exportCsv")
        self.xlsx.clicked.connect(lambda: self.export("xlsx"))
        self.csv.clicked.connect(lambda: self.export("csv"))
        refresh = QPushButton(tr("Refresh"))
        refresh.clicked.connect(self.reload)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        for b in (refresh, self.csv, self.xlsx):
            buttons.addWidget(b)
        lay = QVBoxLayout(self)
        lay.addWidget(self.table, 1)
        lay.addLayout(buttons)
        self.save_path: Any = None  # tests set a path instead of the file dialog
        self.reload()

    def reload(self) -> None:
        run(self.ops, self.prompts, self.workload.statistics, self.actor, on_done=self.show_rows, key="workload")

    def show_rows(self, rows: list[Any]) -> None:
        self.table.setRowCount(len(rows))
        for i, r in enumerate(rows):
            for j, v in enumerate((r.month, r.person, r.pieces, r.chars, r.original, r.reprint, f"{r.score:g}")):
                self.table.setItem(i, j, _item(v, j >= 2))

    def export(self, fmt: str) -> None:
        path = self.save_path
        if path is None:
            name, _ = QFileDialog.getSaveFileName(self, tr("Export statistics"), f"工作量统计.{fmt}",
                                                  f"*.{fmt}")
            if not name:
                return
            path = Path(name)

        def write() -> str:
            data = self.workload.export(self.actor, fmt)
            Path(path).write_bytes(data)
            return str(path)

        run(self.ops, self.prompts, write, on_done=lambda p: self.prompts.info(
            tr("Export statistics"), tr("Saved to %1").replace("%1", p)), key="workload-export")


class QualityPage(QTabWidget):
    """The 编校质量 page: 差错率 for editors; 工作量/稿费 added for the chief editor and admin."""

    def __init__(self, services: Services, actor: Actor, ops: OpRunner | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("qualityPage")
        self.rates = ErrorRateWidget(services, actor, ops)
        self.addTab(self.rates, tr("Error rate"))
        self.workload: WorkloadWidget | None = None
        if actor.has(Role.CHIEF_EDITOR, Role.ADMIN):
            self.workload = WorkloadWidget(services, actor, ops)
            self.addTab(self.workload, tr("Workload and fees"))


class PresignPanel(DeskPanel):
    """签发前检查 for the open article: each item passed, failed or overridden, and an override."""

    def __init__(self, services: Services, actor: Actor, ops: OpRunner | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(services, actor, ops, parent)
        self.presign = _services(services)[2]
        self.article: ArticleData | None = None
        self.items: list[Any] = []
        self.list = QListWidget()
        self.list.setObjectName("presignItems")
        self.override_button = QPushButton(tr("Override with a reason…"))
        self.override_button.setObjectName("presignOverride")
        self.override_button.clicked.connect(self.override)
        self.override_button.setEnabled(False)
        self.list.currentRowChanged.connect(self._selected)
        self.status = QLabel(tr("No article open."))
        self.status.setWordWrap(True)
        lay = QVBoxLayout(self)
        lay.addWidget(self.status)
        lay.addWidget(self.list, 1)
        lay.addWidget(self.override_button)

    def set_article(self, a: ArticleData | None) -> None:
        self.article = a
        self.reload()

    def reload(self) -> None:
        if self.article is None:
            self.show_items([])
            self.status.setText(tr("No article open."))
            return
        run(self.ops, self.prompts, self.presign.evaluate, self.article.id, on_done=self.show_items,
            key="presign")

    def show_items(self, items: list[Any]) -> None:
        self.items = items
        self.list.clear()
        zh = ui_language().startswith("zh")
        for i in items:
            title = i.title_zh if zh else i.title_en
            detail = i.detail_zh if zh else i.detail_en
            mark = "✓" if i.ok else ("↷" if i.override_reason else "✗")
            text = f"{mark} {title}：{detail}" if zh else f"{mark} {title}: {detail}"
            if i.override_reason:
                text += "\n    " + tr("Overridden: %1").replace("%1", i.override_reason)
            it = QListWidgetItem(text)
            if not i.passes:
                it.setForeground(QBrush(OVER))
            self.list.addItem(it)
        if items:
            failing = sum(not i.passes for i in items)
            self.status.setText(tr("All checks pass.") if not failing
                                else tr("%1 check(s) fail; 签发 is refused until they pass or are overridden.")
                                .replace("%1", str(failing)))
        self._selected(self.list.currentRow())

    def _selected(self, row: int) -> None:
        ok = 0 <= row < len(self.items) and not self.items[row].passes and self.items[row].overridable
        self.override_button.setEnabled(bool(ok) and self.actor.has(Role.EDITOR, Role.CHIEF_EDITOR))

    def override(self) -> None:
        row = self.list.currentRow()
        if self.article is None or not 0 <= row < len(self.items):
            return
        item = self.items[row]
        reason = self.prompts.text(tr("Override a check"), tr("Why may this article be signed off anyway?"))
        if not reason or not reason.strip():
            return
        run(self.ops, self.prompts, self.presign.override, self.actor, self.article.id, item.id, reason,
            on_done=lambda _r: self.reload(), write=True, key="presign-override")
