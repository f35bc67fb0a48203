"""The dashboard: articles per state, per channel and per reporter over recent weeks as small
painted bar charts (QtCharts is not in PySide6-Essentials), and what publishes today."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter
from PySide6.QtWidgets import (
    QGridLayout,
    QGroupBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from app.core.clock import utcnow
from app.core.domain import Actor, Status
from app.core.services.articles import ArticleQuery
from app.ui.desk.common import DeskPanel, fmt_time, run, tr
from app.ui.desk.queue import STATUS_COLOURS, status_text
from app.ui.ops import OpRunner

if TYPE_CHECKING:
    from app.core.services import Services

PALETTE = ["#0969da", "#1a7f37", "#bf8700", "#8250df", "#cf222e", "#1b7c83", "#953800", "#6e7781"]


class BarChart(QWidget):
    """Horizontal bars with labels and values; painted, no chart library."""

    def __init__(self, title: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = title
        self.bars: list[tuple[str, int, str]] = []
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.setMinimumHeight(120)

    def set_bars(self, bars: list[tuple[str, int, str]]) -> None:
        self.bars = bars
        self.setMinimumHeight(self._height())
        self.updateGeometry()
        self.update()

    def _row(self) -> int:
        return max(QFontMetrics(self.font()).height() + 8, 22)

    def _height(self) -> int:
        return 28 + self._row() * max(len(self.bars), 1) + 8

    def sizeHint(self) -> QSize:
        return QSize(360, self._height())

    def paintEvent(self, _event: Any) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        fm = QFontMetrics(self.font())
        title_font = QFont(self.font())
        title_font.setBold(True)
        p.setFont(title_font)
        p.setPen(QColor("#24292f"))
        p.drawText(QRectF(0, 0, self.width(), 22), Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                   self.title)
        p.setFont(self.font())
        if not self.bars:
            p.setPen(QColor("#6e7781"))
            p.drawText(QRectF(0, 28, self.width(), self._row()), Qt.AlignmentFlag.AlignLeft, tr("No data yet."))
            return
        label_w = min(max(fm.horizontalAdvance(b[0]) for b in self.bars) + 10, self.width() // 3)
        value_w = max(fm.horizontalAdvance(str(b[1])) for b in self.bars) + 12
        top = max(b[1] for b in self.bars) or 1
        avail = max(self.width() - label_w - value_w - 4, 10)
        row = self._row()
        for i, (label, value, colour) in enumerate(self.bars):
            y = 28 + i * row
            p.setPen(QColor("#24292f"))
            p.drawText(QRectF(0, y, label_w - 6, row), Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                       fm.elidedText(label, Qt.TextElideMode.ElideRight, label_w - 6))
            w = avail * value / top
            p.setPen(Qt.PenStyle.NoPen)
            p.setBrush(QColor(colour))
            p.drawRoundedRect(QRectF(label_w, y + 4, max(w, 2), row - 8), 3, 3)
            p.setPen(QColor("#57606a"))
            p.drawText(QRectF(label_w + w + 4, y, value_w, row), Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                       str(value))


class DashboardWidget(DeskPanel):
    openArticle = Signal(int)

    def __init__(self, services: Services, actor: Actor, ops: OpRunner | None = None,
                 parent: QWidget | None = None, days: int = 28) -> None:
        super().__init__(services, actor, ops, parent)
        self.days = days
        self.stats: dict[str, Any] = {}
        self.due: list[Any] = []
        self.by_status = BarChart(tr("Articles by state"))
        self.by_status.setObjectName("chartStatus")
        self.by_channel = BarChart(tr("Per channel, last %1 days").replace("%1", str(days)))
        self.by_channel.setObjectName("chartChannel")
        self.by_reporter = BarChart(tr("Per reporter, last %1 days").replace("%1", str(days)))
        self.by_reporter.setObjectName("chartReporter")
        self.by_week = BarChart(tr("Articles changed per week"))
        self.by_week.setObjectName("chartWeek")
        self.plans_week = BarChart(tr("Story plans this week"))
        self.plans_week.setObjectName("chartPlans")
        self.plans_overdue = BarChart(tr("Overdue plans by person"))
        self.plans_overdue.setObjectName("chartPlansOverdue")
        self.due_list = QListWidget()
        self.due_list.setObjectName("dueToday")
        self.due_list.itemActivated.connect(self._open)
        self.due_list.itemDoubleClicked.connect(self._open)
        self.due_label = QLabel()
        refresh = QPushButton(tr("Refresh"))
        refresh.clicked.connect(self.reload)
        due_box = QGroupBox(tr("Due to publish today"))
        dl = QVBoxLayout(due_box)
        dl.addWidget(self.due_label)
        dl.addWidget(self.due_list, 1)
        grid = QGridLayout(self)
        grid.addWidget(self.by_status, 0, 0)
        grid.addWidget(self.by_week, 0, 1)
        grid.addWidget(self.by_channel, 1, 0)
        grid.addWidget(self.by_reporter, 1, 1)
        grid.addWidget(self.plans_week, 0, 2)  # a third column: the page keeps its height (1366×768)
        grid.addWidget(self.plans_overdue, 1, 2)
        grid.addWidget(due_box, 2, 0, 1, 3)
        grid.addWidget(refresh, 3, 2, alignment=Qt.AlignmentFlag.AlignRight)
        self.due_list.setMaximumHeight(180)
        grid.setRowStretch(0, 1)
        grid.setRowStretch(1, 1)
        self.reload()

    def refresh_if_visible(self) -> None:
        """After a change: re-read now when shown, else when next shown (the figures scan the
        whole article table; hidden dashboards need not)."""
        if self.isVisible():
            self.reload()
        else:
            self._stale = True

    def showEvent(self, event: Any) -> None:
        super().showEvent(event)
        if getattr(self, "_stale", False):
            self.reload()

    def reload(self) -> None:
        self._stale = False
        svc, actor, days, zone = self.services, self.actor, self.days, self.zone

        def load() -> tuple[dict[str, Any], list[Any], dict[str, int], dict[str, Any]]:
            stats = svc.articles.stats(days)
            end = utcnow().astimezone(zone).replace(hour=0, minute=0, second=0, microsecond=0) + timedelta(days=1)
            page = svc.articles.list(actor, ArticleQuery(statuses=[Status.SCHEDULED], sort="scheduled_at",
                                                         descending=False, limit=200))
            due = [r for r in page.rows if r.scheduled_at is not None and r.scheduled_at < end]
            weeks: dict[str, int] = {}
            if hasattr(svc.articles, "weekly"):
                weeks = svc.articles.weekly(weeks=max(days // 7, 1), zone=zone.key)
            plans = svc.plans.panel(actor, utcnow().astimezone(zone).date())
            return stats, due, weeks, plans

        run(self.ops, self.prompts, load, on_done=self._show, key="dashboard")

    def _show(self, result: tuple[dict[str, Any], list[Any], dict[str, int], dict[str, Any]]) -> None:
        stats, due, weeks, plans = result
        self.stats, self.due = stats, due
        order = list(Status)
        by_status = sorted(stats["by_status"].items(), key=lambda kv: order.index(Status(kv[0])))
        self.by_status.set_bars([(status_text(Status(k)), v, STATUS_COLOURS[Status(k)]) for k, v in by_status])
        self.by_channel.set_bars([(n, v, PALETTE[i % len(PALETTE)]) for i, (n, v) in enumerate(stats["by_channel"])])
        self.by_reporter.set_bars([(n, v, "#1b7c83") for n, v in stats["by_reporter"]])
        self.by_week.set_bars([(k, v, "#0969da") for k, v in weeks.items()])
        self.by_week.setVisible(bool(weeks))
        from app.core.planning import PlanStatus
        from app.ui.planning.board import STATUS_COLOR
        from app.ui.planning.board import status_text as plan_status_text

        per = plans["per_status"]
        self.plans_week.set_bars([(plan_status_text(k), per[k], STATUS_COLOR[k]) for k in PlanStatus if per.get(k)])
        self.plans_overdue.set_bars([(n, v, "#cf222e") for n, v in sorted(plans["overdue"].items())])
        self.due_list.clear()
        now = utcnow()
        for r in due:
            late = r.scheduled_at < now
            text = f"{fmt_time(r.scheduled_at, self.zone, with_date=late)}  {r.title}  · {r.channel_name}"
            if late:
                text += "  " + tr("(overdue)")
            it = QListWidgetItem(text)
            it.setData(Qt.ItemDataRole.UserRole, r.id)
            if late:
                it.setForeground(QColor("#cf222e"))
            self.due_list.addItem(it)
        self.due_label.setText(tr("%1 article(s) due today").replace("%1", str(len(due))) if due
                               else tr("Nothing is scheduled for today."))

    def _open(self, item: QListWidgetItem) -> None:
        self.openArticle.emit(item.data(Qt.ItemDataRole.UserRole))
