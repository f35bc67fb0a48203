"""The planning board (选题): a week by day (drag a plan to another day), a list by person (drag a
plan to another person), and the selected plan's details with the actions the planning rulebook
allows (``PlanData.actions``, from app.core.planning) — the board never decides them itself.

Every read and write goes through the operation runner, off the UI thread."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from PySide6.QtCore import (
    QAbstractListModel,
    QDate,
    QDateTime,
    QMimeData,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QRect,
    QSize,
    Qt,
    QTime,
    Signal,
)
from PySide6.QtGui import QBrush, QColor, QDrag, QFont, QFontMetrics, QPainter
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDateTimeEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QSplitter,
    QStackedWidget,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.core.clock import utcnow
from app.core.planning import (
    ACTIONS,
    ASSIGNEE_ROLES,
    PRIORITIES,
    PlanData,
    PlanQuery,
    PlanStatus,
    may_propose,
)
from app.ui.desk.common import Prompts, tr
from app.ui.timers import timer

if TYPE_CHECKING:
    from app.core.services import Services
    from app.ui.ops import OpRunner

MIME = "application/x-newsdesk-plan"
WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
STATUS_TEXT = {  # through tr() at use, so the catalogue holds them
    PlanStatus.PROPOSED: "Proposed", PlanStatus.PENDING: "Pending", PlanStatus.APPROVED: "Approved",
    PlanStatus.REJECTED: "Rejected", PlanStatus.IN_PROGRESS: "In progress", PlanStatus.DRAFTED: "Filed",
    PlanStatus.PUBLISHED: "Published", PlanStatus.CANCELLED: "Cancelled"}
STATUS_COLOR = {PlanStatus.PROPOSED: "#5b6b7a", PlanStatus.PENDING: "#8a6d00", PlanStatus.APPROVED: "#1f5fa8",
                PlanStatus.IN_PROGRESS: "#1f5fa8", PlanStatus.DRAFTED: "#2b7a2b", PlanStatus.PUBLISHED: "#2b7a2b",
                PlanStatus.REJECTED: "#999999", PlanStatus.CANCELLED: "#999999"}
LATE = "#b00020"
BUTTONS = (("approve", "Approve"), ("shortlist", "Shortlist"), ("reject", "Reject…"), ("assign", "Assign…"),
           ("start_story", "Write the story"), ("comment", "Comment…"), ("cancel", "Cancel plan…"))


def status_text(status: str) -> str:
    return tr(STATUS_TEXT[PlanStatus(status)])


Row = tuple[str, str, bool, int]  # text, colour, bold, plan id


def day_rows(plans: list[PlanData], week_start: date, now: datetime, labels: dict[Any, str]) -> list[list[Row]]:
    """The seven day columns' rows, made on the worker thread (plain Python, no Qt objects):
    the UI thread only hands them to the models."""
    out: list[list[Row]] = [[] for _ in range(7)]
    for p in sorted(plans, key=lambda p: (p.planned_date, p.channel_name, -p.priority, p.id)):
        idx = (p.planned_date - week_start).days
        if 0 <= idx < 7:
            over = p.overdue(now)
            people = "、".join(a.real_name for a in p.assignees)
            meta = " · ".join(x for x in (p.channel_name, labels[p.status], people) if x)
            text = f"{'⚠ ' if over else ''}{p.title}\n{meta}"
            out[idx].append((text, LATE if over else STATUS_COLOR[PlanStatus(p.status)], bool(p.priority), p.id))
    return out


_BRUSHES: dict[str, QBrush] = {}


def _brush(colour: str) -> QBrush:
    b = _BRUSHES.get(colour)
    if b is None:
        b = _BRUSHES[colour] = QBrush(QColor(colour))
    return b


class _DayModel(QAbstractListModel):
    """One day's plans as rows of (text, colour, bold, tooltip, plan id): a reset per reload, and
    Qt lays out only the rows it shows (2,000 plans cost one model reset, not 2,000 items)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.rows: list[Row] = []
        self.describe: Any = None  # plan id → tooltip, asked only when one is shown

    def set_rows(self, rows: list[Row]) -> None:
        self.beginResetModel()
        self.rows = rows
        self.endResetModel()

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.rows)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        text, colour, bold, pid = self.rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return text
        if role == Qt.ItemDataRole.ForegroundRole:
            return _brush(colour)
        if role == Qt.ItemDataRole.FontRole:
            return _BOLD if bold else None
        if role == Qt.ItemDataRole.ToolTipRole:
            return self.describe(pid) if self.describe else None
        if role == Qt.ItemDataRole.UserRole:
            return pid
        return None

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        return super().flags(index) | Qt.ItemFlag.ItemIsDragEnabled | Qt.ItemFlag.ItemIsDropEnabled


_BOLD = QFont()
_BOLD.setBold(True)


class _PlanDelegate(QStyledItemDelegate):
    """A plan in a day column: its headline over up to two lines (Chinese wraps anywhere), then
    the channel, state and people in one line. Every row has the same height, so the view lays
    out none of them."""

    def sizeHint(self, option: QStyleOptionViewItem, _index: Any) -> QSize:  # noqa: N802 - Qt override
        return QSize(120, option.fontMetrics.lineSpacing() * 3 + 8)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Any) -> None:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        style = opt.widget.style() if opt.widget else QApplication.style()
        opt.text = ""
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, opt.widget)
        title, _, meta = str(index.data(Qt.ItemDataRole.DisplayRole)).partition("\n")
        r = option.rect.adjusted(4, 3, -4, -3)
        line = option.fontMetrics.lineSpacing()
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        painter.save()
        font = index.data(Qt.ItemDataRole.FontRole) or option.font
        painter.setFont(font)
        pen = option.palette.highlightedText().color() if selected else index.data(Qt.ItemDataRole.ForegroundRole).color()
        painter.setPen(pen)
        fm = QFontMetrics(font)
        two = QRect(r.left(), r.top(), r.width(), line * 2)
        text = title
        if fm.boundingRect(two, int(Qt.TextFlag.TextWrapAnywhere), title).height() > two.height():
            while text and fm.boundingRect(two, int(Qt.TextFlag.TextWrapAnywhere), text + "…").height() > two.height():
                text = text[:-1]
            text += "…"
        painter.drawText(two, int(Qt.TextFlag.TextWrapAnywhere) | int(Qt.AlignmentFlag.AlignTop), text)
        painter.setFont(option.font)
        if not selected:
            painter.setPen(option.palette.placeholderText().color())
        painter.drawText(QRect(r.left(), r.top() + line * 2, r.width(), line), int(Qt.AlignmentFlag.AlignLeft),
                         option.fontMetrics.elidedText(meta, Qt.TextElideMode.ElideRight, r.width()))
        painter.restore()


class _DayList(QListView):
    """A day column: plans leave by drag, arrive by drop (the board reschedules them)."""

    dropped = Signal(int, object)  # plan id, the column's key

    def __init__(self, key: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.key = key
        self.model_ = _DayModel(self)
        self.setModel(self.model_)
        self.setDragEnabled(True)
        self.setAcceptDrops(True)
        self.setDragDropMode(QAbstractItemView.DragDropMode.DragDrop)
        self.setUniformItemSizes(True)  # every row is three lines: no per-row layout pass
        self.setItemDelegate(_PlanDelegate(self))
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)

    # what tests and the board read
    def count(self) -> int:
        return self.model_.rowCount()

    def texts(self) -> list[str]:
        return [r[0] for r in self.model_.rows]

    def plan_ids(self) -> list[int]:
        return [r[3] for r in self.model_.rows]

    def colour(self, row: int) -> str:
        return self.model_.rows[row][1]

    def current_plan(self) -> int | None:
        i = self.currentIndex()
        return int(i.data(Qt.ItemDataRole.UserRole)) if i.isValid() else None

    def startDrag(self, _actions: Any) -> None:  # noqa: N802 - Qt override
        pid = self.current_plan()
        if pid is None:
            return
        mime = QMimeData()
        mime.setData(MIME, str(pid).encode())
        drag = QDrag(self)
        drag.setMimeData(mime)
        drag.exec(Qt.DropAction.MoveAction)

    def dragEnterEvent(self, e: Any) -> None:  # noqa: N802 - Qt override
        e.acceptProposedAction() if e.mimeData().hasFormat(MIME) else e.ignore()

    def dragMoveEvent(self, e: Any) -> None:  # noqa: N802 - Qt override
        e.acceptProposedAction() if e.mimeData().hasFormat(MIME) else e.ignore()

    def dropEvent(self, e: Any) -> None:  # noqa: N802 - Qt override
        if not e.mimeData().hasFormat(MIME):
            e.ignore()
            return
        e.acceptProposedAction()
        self.dropped.emit(int(bytes(e.mimeData().data(MIME)).decode()), self.key)


class _PersonTree(QTreeWidget):
    """The list by person: drop a plan on a person to hand it to them."""

    dropped = Signal(int, object)  # plan id, user id

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setColumnCount(5)
        self.setHeaderLabels([tr("Plan"), tr("Status"), tr("Date"), tr("Channel"), tr("Deadline")])
        self.setDragEnabled(True)
        self.setAcceptDrops(True)
        self.setDragDropMode(QAbstractItemView.DragDropMode.DragDrop)
        self.setColumnWidth(0, 280)

    def startDrag(self, _actions: Any) -> None:  # noqa: N802 - Qt override
        item = self.currentItem()
        pid = item.data(0, Qt.ItemDataRole.UserRole) if item else None
        if pid is None:
            return
        mime = QMimeData()
        mime.setData(MIME, str(pid).encode())
        drag = QDrag(self)
        drag.setMimeData(mime)
        drag.exec(Qt.DropAction.MoveAction)

    def dragEnterEvent(self, e: Any) -> None:  # noqa: N802 - Qt override
        e.acceptProposedAction() if e.mimeData().hasFormat(MIME) else e.ignore()

    def dragMoveEvent(self, e: Any) -> None:  # noqa: N802 - Qt override
        e.acceptProposedAction() if e.mimeData().hasFormat(MIME) else e.ignore()

    def dropEvent(self, e: Any) -> None:  # noqa: N802 - Qt override
        item = self.itemAt(e.position().toPoint())
        while item is not None and item.parent() is not None:
            item = item.parent()
        uid = item.data(0, Qt.ItemDataRole.UserRole + 1) if item is not None else None
        if not e.mimeData().hasFormat(MIME) or uid is None:
            e.ignore()
            return
        e.acceptProposedAction()
        self.dropped.emit(int(bytes(e.mimeData().data(MIME)).decode()), int(uid))


class ProposeDialog(QDialog):
    """报题: a new plan (or, with ``plan``, the fields of one to edit)."""

    def __init__(self, channels: list[Any], zone: ZoneInfo, day: date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("Propose a story"))
        self.zone = zone
        form = QFormLayout(self)
        self.title = QLineEdit()
        self.title.setMaxLength(200)
        self.title.setPlaceholderText(tr("What is the story?"))
        self.day = QDateEdit(QDate(day.year, day.month, day.day))
        self.day.setCalendarPopup(True)
        self.day.setDisplayFormat("yyyy-MM-dd")
        self.channel = QComboBox()
        self.channel.addItem(tr("(no channel)"), None)
        for c in channels:
            self.channel.addItem(" > ".join(c.path[-2:]) if c.path else c.name, c.id)
        self.angle = QPlainTextEdit()
        self.angle.setPlaceholderText(tr("Angle, sources, what to ask"))
        self.angle.setFixedHeight(90)
        self.chars = QSpinBox()
        self.chars.setRange(0, 200000)
        self.chars.setSingleStep(500)
        self.priority = QComboBox()
        for k, (_zh, en) in PRIORITIES.items():
            self.priority.addItem(tr(en), k)
        self.has_deadline = QCheckBox(tr("Deadline"))
        self.deadline = QDateTimeEdit(QDateTime(QDate(day.year, day.month, day.day), QTime(18, 0)))
        self.deadline.setDisplayFormat("yyyy-MM-dd HH:mm")
        self.deadline.setEnabled(False)
        self.has_deadline.toggled.connect(self.deadline.setEnabled)
        row = QHBoxLayout()
        row.addWidget(self.has_deadline)
        row.addWidget(self.deadline, 1)
        form.addRow(tr("Headline:"), self.title)
        form.addRow(tr("Date:"), self.day)
        form.addRow(tr("Channel:"), self.channel)
        form.addRow(tr("Angle:"), self.angle)
        form.addRow(tr("Expected chars:"), self.chars)
        form.addRow(tr("Priority:"), self.priority)
        form.addRow(row)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(tr("Propose"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(tr("Cancel"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        form.addRow(self.buttons)

    def values(self) -> dict[str, Any]:
        d = self.day.date()
        out: dict[str, Any] = {"title": self.title.text(), "planned_date": date(d.year(), d.month(), d.day()),
                               "channel_id": self.channel.currentData(), "angle": self.angle.toPlainText(),
                               "expected_chars": self.chars.value(), "priority": self.priority.currentData()}
        if self.has_deadline.isChecked():
            q = self.deadline.dateTime()
            local = datetime(q.date().year(), q.date().month(), q.date().day(), q.time().hour(),
                             q.time().minute(), tzinfo=self.zone)
            out["deadline"] = local.astimezone(ZoneInfo("UTC"))
        return out


class AssignDialog(QDialog):
    """指派: who works on the plan, in which role."""

    def __init__(self, staff: list[Any], current: dict[int, str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("Assign"))
        lay = QVBoxLayout(self)
        self.filter = QLineEdit()
        self.filter.setPlaceholderText(tr("Find a person…"))
        lay.addWidget(self.filter)
        self.tree = QTreeWidget()
        self.tree.setHeaderLabels([tr("Person"), tr("Role")])
        self.tree.setColumnWidth(0, 180)
        self.rows: list[tuple[QTreeWidgetItem, QComboBox, int]] = []
        for u in staff:
            it = QTreeWidgetItem([u.real_name])
            it.setCheckState(0, Qt.CheckState.Checked if u.id in current else Qt.CheckState.Unchecked)
            self.tree.addTopLevelItem(it)
            role = QComboBox()
            role.addItems(list(ASSIGNEE_ROLES))
            if u.id in current:
                role.setCurrentText(current[u.id])
            self.tree.setItemWidget(it, 1, role)
            self.rows.append((it, role, u.id))
        lay.addWidget(self.tree)
        self.filter.textChanged.connect(self._filter)
        bb = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        bb.button(QDialogButtonBox.StandardButton.Ok).setText(tr("Assign"))
        bb.button(QDialogButtonBox.StandardButton.Cancel).setText(tr("Cancel"))
        bb.accepted.connect(self.accept)
        bb.rejected.connect(self.reject)
        lay.addWidget(bb)
        self.resize(380, 420)

    def _filter(self, text: str) -> None:
        for it, _role, _uid in self.rows:
            it.setHidden(bool(text) and text not in it.text(0))

    def people(self) -> list[tuple[int, str]]:
        return [(uid, role.currentText()) for it, role, uid in self.rows
                if it.checkState(0) == Qt.CheckState.Checked]


class PlanBoard(QWidget):
    """The planning page: week board, person list, details."""

    openArticle = Signal(int)
    loaded = Signal()

    def __init__(self, services: Services, actor: Any, ops: OpRunner, parent: QWidget | None = None,
                 today: date | None = None) -> None:
        super().__init__(parent)
        self.services, self.actor, self.ops = services, actor, ops
        self.prompts = Prompts(self)
        self.zone = ZoneInfo(services.admin.setting("timezone") or "Asia/Shanghai")
        self.today = today or utcnow().astimezone(self.zone).date()
        self.week_start = self.today - timedelta(days=self.today.weekday())
        self.plans: dict[int, PlanData] = {}
        self._people_stale = True
        self.selected: int | None = None
        self._channels: list[Any] = []
        self._staff: list[Any] = []
        self._build()
        self._refresh_timer = timer(self, 300, self.reload)

    # ---- layout --------------------------------------------------------------------------
    def _build(self) -> None:
        lay = QVBoxLayout(self)
        bar = QHBoxLayout()
        self.prev_btn = QPushButton("◀")
        self.prev_btn.setToolTip(tr("Previous week"))
        self.this_btn = QPushButton(tr("This week"))
        self.next_btn = QPushButton("▶")
        self.next_btn.setToolTip(tr("Next week"))
        self.week_label = QLabel()
        self.view = QComboBox()
        self.view.addItems([tr("Week by day"), tr("List by person")])
        self.person = QComboBox()
        self.channel = QComboBox()
        self.status = QComboBox()
        self.status.addItem(tr("All states"), None)
        for st in PlanStatus:
            self.status.addItem(status_text(st), st.value)
        self.search = QLineEdit()
        self.search.setPlaceholderText(tr("Search plans…"))
        self.search.setClearButtonEnabled(True)
        self.propose_btn = QPushButton(tr("Propose a story…"))
        self.propose_btn.setEnabled(may_propose(self.actor))
        for w in (self.prev_btn, self.this_btn, self.next_btn, self.week_label, self.view, self.person,
                  self.channel, self.status, self.search, self.propose_btn):
            bar.addWidget(w)
        bar.insertStretch(4, 1)
        lay.addLayout(bar)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        lay.addWidget(self.summary)

        split = QSplitter()
        self.stack = QStackedWidget()
        week = QWidget()
        grid = QHBoxLayout(week)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setSpacing(4)
        self.day_labels: list[QLabel] = []
        self.days: list[_DayList] = []
        for i in range(7):
            col = QVBoxLayout()
            lab = QLabel()
            lab.setAlignment(Qt.AlignmentFlag.AlignCenter)
            lst = _DayList(i)
            lst.dropped.connect(self._dropped_on_day)
            lst.clicked.connect(lambda _i, lst=lst: self._picked_list(lst))
            lst.selectionModel().currentChanged.connect(lambda _c, _p, lst=lst: self._picked_list(lst))
            lst.doubleClicked.connect(lambda _i: self._open_first_story())
            col.addWidget(lab)
            col.addWidget(lst, 1)
            grid.addLayout(col, 1)
            self.day_labels.append(lab)
            self.days.append(lst)
        self.stack.addWidget(week)
        self.people = _PersonTree()
        self.people.dropped.connect(self._dropped_on_person)
        self.people.itemSelectionChanged.connect(self._picked_tree)
        self.stack.addWidget(self.people)
        split.addWidget(self.stack)

        side = QWidget()
        sl = QVBoxLayout(side)
        self.detail = QLabel(tr("Select a plan to see it here."))
        self.detail.setWordWrap(True)
        self.detail.setTextFormat(Qt.TextFormat.PlainText)
        self.detail.setAlignment(Qt.AlignmentFlag.AlignTop)
        sl.addWidget(self.detail, 1)
        self.buttons: dict[str, QPushButton] = {}
        for name, label in BUTTONS:
            b = QPushButton(tr(label))
            b.setEnabled(False)
            b.clicked.connect(lambda _=False, n=name: self.act(n))
            sl.addWidget(b)
            self.buttons[name] = b
        side.setMinimumWidth(200)
        split.addWidget(side)
        split.setStretchFactor(0, 4)
        split.setStretchFactor(1, 1)
        lay.addWidget(split, 1)

        self.prev_btn.clicked.connect(lambda: self.go_week(-7))
        self.next_btn.clicked.connect(lambda: self.go_week(7))
        self.this_btn.clicked.connect(lambda: self.go_week(None))
        self.view.currentIndexChanged.connect(self._switch_view)
        for combo in (self.person, self.channel, self.status):
            combo.currentIndexChanged.connect(lambda _i: self.reload())
        self.search.textChanged.connect(lambda _t: self._refresh_timer.start())
        self.propose_btn.clicked.connect(self.propose)

    # ---- loading -------------------------------------------------------------------------
    def start(self) -> None:
        """Load the reference lists once, then the week."""
        svc = self.services

        def work() -> tuple[list[Any], list[Any]]:
            return svc.admin.channels(), [u for u in svc.users.list() if u.active]

        def done(r: tuple[list[Any], list[Any]]) -> None:
            self._channels, self._staff = r
            self.person.blockSignals(True)
            self.channel.blockSignals(True)
            self.person.addItem(tr("Everyone"), None)
            for u in self._staff:
                self.person.addItem(u.real_name, u.id)
            self.channel.addItem(tr("All channels"), None)
            for c in self._channels:
                self.channel.addItem(c.name, c.id)
            self.person.blockSignals(False)
            self.channel.blockSignals(False)
            self.reload()

        self.ops.run(work, on_done=done)

    def go_week(self, delta: int | None) -> None:
        self.week_start = (self.today - timedelta(days=self.today.weekday()) if delta is None
                           else self.week_start + timedelta(days=delta))
        self.reload()

    def query(self) -> PlanQuery:
        st = self.status.currentData()
        by_person = self.view.currentIndex() == 1
        return PlanQuery(start=None if by_person and self.search.text() else self.week_start,
                         end=None if by_person and self.search.text() else self.week_start + timedelta(days=6),
                         statuses=(st,) if st else (), user_id=self.person.currentData(),
                         channel_id=self.channel.currentData(), text=self.search.text())

    def reload(self) -> None:
        q = self.query()
        svc, me, today = self.services, self.actor, self.today
        unfiltered = not (q.statuses or q.user_id or q.channel_id or q.text)

        labels = {st: status_text(st) for st in PlanStatus}  # translated here, used by the worker
        start = self.week_start

        def work() -> tuple[list[PlanData], dict[str, Any], list[list[Row]]]:
            plans = svc.plans.list(me, q)
            panel = svc.plans.panel(me, today, week=plans if unfiltered else None)
            return plans, panel, day_rows(plans, start, utcnow(), labels)

        self.ops.run(work, on_done=self._show, key="plan-board")

    def _show(self, r: tuple[list[PlanData], dict[str, Any], list[list[Row]]]) -> None:
        plans, panel, per_day = r
        self.plans = {p.id: p for p in plans}
        for i, (lab, lst) in enumerate(zip(self.day_labels, self.days, strict=True)):
            day = self.week_start + timedelta(days=i)
            lab.setText(f"{tr(WEEKDAYS[i])} {day:%m-%d}" + (" · " + tr("Today") if day == self.today else ""))
            f = lab.font()
            f.setBold(day == self.today)
            lab.setFont(f)
            lst.model_.describe = self._tooltip
            lst.model_.set_rows(per_day[i])
        self._people_stale = True
        if self.stack.currentIndex() == 1:
            self._fill_people()
        per = panel.get("per_status", {})
        parts = [f"{status_text(k)} {per[k]}" for k in PlanStatus if per.get(k)]
        over = panel.get("overdue", {})
        text = tr("This week: %1").replace("%1", "，".join(parts) or tr("no plans"))
        if panel.get("due_today"):
            text += "　" + tr("Due today: %1").replace("%1", str(panel["due_today"]))
        if over:
            text += "　" + tr("Overdue: %1").replace("%1", "，".join(f"{k} {v}" for k, v in over.items()))
        self.summary.setText(text)
        end = self.week_start + timedelta(days=6)
        self.week_label.setText(f"{self.week_start:%Y-%m-%d} – {end:%m-%d}")
        self._show_detail()
        self.loaded.emit()

    def _tooltip(self, plan_id: int) -> str:
        p = self.plans.get(plan_id)
        return self._describe(p) if p else ""

    def _switch_view(self, index: int) -> None:
        self.stack.setCurrentIndex(index)
        if index == 1 and self._people_stale:
            self._fill_people()

    def _fill_people(self) -> None:
        """The list by person, built when it is shown (the week view does not pay for it)."""
        self._people_stale = False
        plans, now = list(self.plans.values()), utcnow()
        self.people.setUpdatesEnabled(False)
        self.people.clear()
        groups: dict[int | None, QTreeWidgetItem] = {}
        names = {u.id: u.real_name for u in self._staff}

        def group(uid: int | None) -> QTreeWidgetItem:
            if uid not in groups:
                g = QTreeWidgetItem([names.get(uid, tr("Not assigned")) if uid else tr("Not assigned")])
                g.setData(0, Qt.ItemDataRole.UserRole + 1, uid)
                g.setFlags(g.flags() & ~Qt.ItemFlag.ItemIsDragEnabled)
                self.people.addTopLevelItem(g)
                groups[uid] = g
            return groups[uid]

        for u in self._staff:  # everyone is a drop target, even with nothing this week
            group(u.id)
        for p in plans:
            uids: list[int | None] = [a.user_id for a in p.assignees] or [None]
            for uid in uids:
                it = QTreeWidgetItem([p.title, status_text(p.status), p.planned_date.isoformat(), p.channel_name,
                                      p.deadline.astimezone(self.zone).strftime("%m-%d %H:%M") if p.deadline else ""])
                it.setData(0, Qt.ItemDataRole.UserRole, p.id)
                if p.overdue(now):
                    for c in range(5):
                        it.setForeground(c, QBrush(QColor("#b00020")))
                group(uid).addChild(it)
        for g in groups.values():
            g.setText(0, g.text(0) + (f"（{g.childCount()}）" if g.childCount() else ""))
        self.people.expandAll()
        self.people.setUpdatesEnabled(True)

    # ---- selection and details -------------------------------------------------------------
    def _picked_list(self, lst: _DayList) -> None:
        pid = lst.current_plan()
        if pid is not None:
            for other in self.days:
                if other is not lst:
                    other.clearSelection()
            self.select(pid)

    def _picked_tree(self) -> None:
        it = self.people.currentItem()
        pid = it.data(0, Qt.ItemDataRole.UserRole) if it else None
        if pid is not None:
            self.select(int(pid))

    def select(self, plan_id: int | None) -> None:
        self.selected = plan_id
        self._show_detail()

    def _describe(self, p: PlanData) -> str:
        lines = [p.title, f"{tr('Status')}: {status_text(p.status)}",
                 f"{tr('Date')}: {p.planned_date.isoformat()}"]
        if p.channel_name:
            lines.append(f"{tr('Channel')}: {p.channel_name}")
        if p.deadline:
            lines.append(f"{tr('Deadline')}: {p.deadline.astimezone(self.zone):%Y-%m-%d %H:%M}")
        if p.expected_chars:
            lines.append(tr("Expected %1 chars").replace("%1", str(p.expected_chars)))
        lines.append(f"{tr('Proposed by')}: {p.proposer_name}")
        if p.assignees:
            lines.append(f"{tr('People')}: " + "、".join(f"{a.real_name}（{a.role}）" for a in p.assignees))
        for s in p.stories:
            lines.append(f"{tr('Story')}: {s.kind} · {s.title or tr('(no headline)')}")
        if p.reason:
            lines.append(f"{tr('Reason')}: {p.reason}")
        if p.angle:
            lines += ["", p.angle]
        return "\n".join(lines)

    def _show_detail(self) -> None:
        p = self.plans.get(self.selected) if self.selected is not None else None
        self.detail.setText(self._describe(p) if p else tr("Select a plan to see it here."))
        for name, b in self.buttons.items():
            b.setEnabled(p is not None and name in p.actions)  # exactly what the rulebook allows

    def _open_first_story(self) -> None:
        p = self.plans.get(self.selected) if self.selected is not None else None
        if p and p.stories:
            self.openArticle.emit(p.stories[-1].article_id)

    # ---- actions -------------------------------------------------------------------------
    def _write(self, fn: Any, *args: Any, on_done: Any = None, **kwargs: Any) -> None:
        def work() -> Any:
            return fn(*args, **kwargs)

        def done(r: Any) -> None:
            if on_done is not None:
                on_done(r)
            self.reload()

        self.ops.run(work, on_done=done, write=True, change="plan", parent=self)

    def propose(self) -> None:
        dlg = ProposeDialog(self._channels, self.zone, max(self.today, self.week_start), self)
        if not self.prompts_exec(dlg):
            return
        v = dlg.values()
        title, day = v.pop("title"), v.pop("planned_date")
        self._write(self.services.plans.propose, self.actor, title, day, **v,
                    on_done=lambda p: setattr(self, "selected", p.id))

    def prompts_exec(self, dlg: QDialog) -> bool:
        """Run a dialog (tests replace this to fill and accept it)."""
        return dlg.exec() == QDialog.DialogCode.Accepted

    def act(self, name: str) -> None:
        p = self.plans.get(self.selected) if self.selected is not None else None
        if p is None or name not in p.actions:
            return
        plans, me = self.services.plans, self.actor
        rule = ACTIONS[name]
        if name in ("approve", "shortlist"):
            self._write(getattr(plans, name), me, p.id)
        elif rule.reason_required:
            reason = self.prompts.text(tr(rule.label[1]), tr("Reason:"))
            if reason is None:
                return
            if not reason.strip():
                self.prompts.info(tr(rule.label[1]), tr("A reason is required."))
                return
            self._write(getattr(plans, name), me, p.id, reason)
        elif name == "assign":
            dlg = AssignDialog(self._staff, {a.user_id: a.role for a in p.assignees}, self)
            if self.prompts_exec(dlg):
                self._write(plans.assign, me, p.id, dlg.people())
        elif name == "comment":
            text = self.prompts.text(tr("Comment"), tr("Comment:"))
            if text:
                self._write(plans.comment, me, p.id, text)
        elif name == "start_story":
            self._write(plans.start_story, me, p.id, "文字稿", self.services.articles,
                        on_done=self.openArticle.emit)

    def _dropped_on_day(self, plan_id: int, index: int) -> None:
        p = self.plans.get(plan_id)
        day = self.week_start + timedelta(days=int(index))
        if p is None or p.planned_date == day:
            return
        if "reschedule" not in p.actions:
            self.prompts.info(tr("Reschedule"), tr("You may not move this plan."))
            return
        self._write(self.services.plans.update, self.actor, p.id, {"planned_date": day}, p.version)

    def _dropped_on_person(self, plan_id: int, user_id: int) -> None:
        p = self.plans.get(plan_id)
        if p is None or user_id in p.assignee_ids:
            return
        if "assign" not in p.actions:
            self.prompts.info(tr("Assign"), tr("You may not assign this plan."))
            return
        # the newcomer takes the first person's part (记者 when nobody had one)
        role = p.assignees[0].role if p.assignees else "记者"
        people = [(user_id, role)] + [(a.user_id, a.role) for a in p.assignees[1:]]
        self._write(self.services.plans.assign, self.actor, p.id, people)

    def on_change(self, what: str) -> None:
        if what in ("plan", "article", "poll", "reconnected", "workflow"):
            self._refresh_timer.start()
