"""The metadata panel: dateline, source, reprint fields, contributors, keywords, channel, cover."""

from __future__ import annotations

import html
from datetime import datetime
from typing import Any, cast

from PySide6.QtCore import QDate, QDateTime, Qt, QTime, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateTimeEdit,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.core.domain import CONTRIBUTOR_ROLES, ArticleData, ChannelData, Contributor, Origin

REPORTER_ROLES = ("记者", "特约记者", "通讯员", "摄影", "实习生")


class ContributorsTable(QTableWidget):
    """An ordered (role, name) list; a pasted one-line byline becomes rows."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(0, 2, parent)
        self.setHorizontalHeaderLabels([self.tr("Role"), self.tr("Name")])
        self.horizontalHeader().setStretchLastSection(True)
        self.verticalHeader().setVisible(False)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        # four rows always visible (a byline rarely has more); the panel scrolls on small screens
        rows = 4 * self.verticalHeader().defaultSectionSize() + self.horizontalHeader().sizeHint().height() + 4
        self.setMinimumHeight(rows)
        self.setMaximumHeight(rows + self.verticalHeader().defaultSectionSize())
        self.itemChanged.connect(lambda _i: self.changed.emit())

    def set_contributors(self, items: list[Contributor]) -> None:
        self.blockSignals(True)
        self.setRowCount(0)
        for c in items:
            self._append(c.role, c.name)
        self.blockSignals(False)

    def _append(self, role: str, name: str) -> None:
        r = self.rowCount()
        self.insertRow(r)
        box = QComboBox()
        box.addItems(list(REPORTER_ROLES) + [x for x in CONTRIBUTOR_ROLES if x not in REPORTER_ROLES])
        box.setCurrentText(role if role else "记者")
        box.currentTextChanged.connect(lambda _t: self.changed.emit())
        self.setCellWidget(r, 0, box)
        self.setItem(r, 1, QTableWidgetItem(name))

    def add(self, role: str = "记者", name: str = "") -> None:
        self._append(role, name)
        self.changed.emit()

    def remove_selected(self) -> None:
        rows = sorted({i.row() for i in self.selectedIndexes()}, reverse=True)
        for r in rows:
            self.removeRow(r)
        if rows:
            self.changed.emit()

    def move_row(self, delta: int) -> None:
        r = self.currentRow()
        t = r + delta
        if r < 0 or not 0 <= t < self.rowCount():
            return
        items = self.contributors()
        items[r], items[t] = items[t], items[r]
        self.set_contributors(items)
        self.selectRow(t)
        self.changed.emit()

    def contributors(self) -> list[Contributor]:
        out = []
        for r in range(self.rowCount()):
            box = self.cellWidget(r, 0)
            item = self.item(r, 1)
            name = item.text().strip() if item else ""
            if name:
                out.append(Contributor(box.currentText() if isinstance(box, QComboBox) else "记者", name))
        return out


class MetadataPanel(QWidget):
    changed = Signal()
    suggestKeywords = Signal()
    chooseCover = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._article: ArticleData | None = None
        self._time_edited = False
        self._cover: int | None = None
        self._suggested: list[str] = []
        self.suggested_channels: list[str] = []
        self._channels_loaded = False  # until set_choices, the article's channel stands
        self._byline_prev = ""
        outer = QVBoxLayout(self)
        form = QFormLayout()
        outer.addLayout(form)

        self.dateline = QComboBox()
        self.dateline.setEditable(True)
        self.dateline.addItems(["", "本报讯", "本报记者", "新华社"])
        self.dateline.setObjectName("dateline")
        form.addRow(self.tr("Dateline"), self.dateline)

        self.origin = QComboBox()
        self.origin.addItem(self.tr("Original"), Origin.ORIGINAL.value)
        self.origin.addItem(self.tr("Reprint"), Origin.REPRINT.value)
        form.addRow(self.tr("Origin"), self.origin)

        self.source = QComboBox()
        self.source.setEditable(True)
        self.source.setObjectName("source")
        form.addRow(self.tr("Source"), self.source)
        self.source_url = QLineEdit()
        self.source_url.setPlaceholderText("https://")
        form.addRow(self.tr("Source URL"), self.source_url)
        self.original_author = QLineEdit()
        form.addRow(self.tr("Original author"), self.original_author)
        self.original_title = QLineEdit()
        form.addRow(self.tr("Original title"), self.original_title)
        row = QHBoxLayout()
        self.has_time = QCheckBox()
        self.original_time = QDateTimeEdit()
        self.original_time.setDisplayFormat("yyyy-MM-dd HH:mm")
        self.original_time.setCalendarPopup(True)
        # no time: the box reads （无）, not a grey 2000-01-01 00:00 that looks like data
        self.original_time.setMinimumDateTime(QDateTime(QDate(1900, 1, 1), QTime(0, 0)))
        self.original_time.setSpecialValueText(self.tr("(none)"))
        self.original_time.setDateTime(self.original_time.minimumDateTime())
        row.addWidget(self.has_time)
        row.addWidget(self.original_time, 1)
        form.addRow(self.tr("Original time"), row)

        outer.addWidget(QLabel(self.tr("Contributors (a pasted byline becomes rows)")))
        self.byline = QLineEdit()
        self.byline.setPlaceholderText(self.tr("Paste a byline, e.g. 记者 王忠德 通讯员 李明"))
        self.byline.setObjectName("byline")
        outer.addWidget(self.byline)
        self.contributors = ContributorsTable()
        outer.addWidget(self.contributors)
        btns = QHBoxLayout()
        self.contributor_buttons: list[QPushButton] = []  # read-only with the rest of the panel
        for text, fn in ((self.tr("Add"), lambda: self.contributors.add()),
                         (self.tr("Remove"), self.contributors.remove_selected),
                         ("↑", lambda: self.contributors.move_row(-1)), ("↓", lambda: self.contributors.move_row(1))):
            b = QPushButton(text)
            b.clicked.connect(fn)
            btns.addWidget(b)
            self.contributor_buttons.append(b)
        outer.addLayout(btns)

        form2 = QFormLayout()
        outer.addLayout(form2)
        kw = QHBoxLayout()
        self.keywords = QLineEdit()
        self.keywords.setObjectName("keywords")
        self.keywords.setPlaceholderText(self.tr("Separate with commas"))
        self.suggest_btn = QPushButton(self.tr("Suggest"))
        self.suggest_btn.clicked.connect(self.suggestKeywords)
        kw.addWidget(self.keywords, 1)
        kw.addWidget(self.suggest_btn)
        form2.addRow(self.tr("Keywords"), kw)
        self.keyword_hint = QLabel()
        self.keyword_hint.setWordWrap(True)
        self.keyword_hint.setTextInteractionFlags(Qt.TextInteractionFlag.LinksAccessibleByMouse)
        self.keyword_hint.linkActivated.connect(self._add_keyword)
        form2.addRow("", self.keyword_hint)
        self.channel = QComboBox()
        self.channel.setObjectName("channel")
        form2.addRow(self.tr("Channel"), self.channel)
        self.channel_hint = QLabel()
        self.channel_hint.setObjectName("channelHint")
        self.channel_hint.setWordWrap(True)
        self.channel_hint.setTextInteractionFlags(Qt.TextInteractionFlag.LinksAccessibleByMouse)
        self.channel_hint.linkActivated.connect(self._use_channel)
        form2.addRow("", self.channel_hint)
        cov = QHBoxLayout()
        self.cover_label = QLabel(self.tr("(none)"))
        self.cover_btn = QPushButton(self.tr("Choose…"))
        self.cover_btn.clicked.connect(self.chooseCover)
        cov.addWidget(self.cover_label, 1)
        cov.addWidget(self.cover_btn)
        form2.addRow(self.tr("Cover image"), cov)
        outer.addStretch(1)

        for w in (self.source_url, self.original_author, self.original_title, self.keywords):
            w.textEdited.connect(lambda _t: self.changed.emit())
        self.dateline.currentTextChanged.connect(lambda _t: self.changed.emit())
        self.source.currentTextChanged.connect(lambda _t: self.changed.emit())
        self.origin.currentIndexChanged.connect(self._origin_changed)
        self.channel.currentIndexChanged.connect(lambda _i: self.changed.emit())
        self.has_time.toggled.connect(self._time_changed)
        self.original_time.dateTimeChanged.connect(self._time_changed)
        self.byline.returnPressed.connect(self._byline_entered)
        self.byline.textChanged.connect(self._byline_maybe_pasted)
        self.contributors.changed.connect(self.changed)
        self._origin_changed()

    # ---- filling -------------------------------------------------------------------
    def set_choices(self, sources: list[Any], channels: list[ChannelData]) -> None:
        self.blockSignals(True)
        cur = self.source.currentText()
        self.source.clear()
        self.source.addItem("")
        self.source.addItems([s.name for s in sources])
        self.source.setCurrentText(cur)
        cur_ch = self.channel.currentData() if self._channels_loaded else (
            self._article.primary_channel_id if self._article else None)
        self._channels_loaded = True
        self.channel.clear()
        self.channel.addItem(self.tr("(none)"), None)
        for c in channels:
            self.channel.addItem(" › ".join(c.path[-2:]) if c.path else c.name, c.id)
        i = self.channel.findData(cur_ch)
        self.channel.setCurrentIndex(max(i, 0))
        self.blockSignals(False)

    def set_article(self, a: ArticleData) -> None:
        self.blockSignals(True)
        self._article = a
        self.dateline.setCurrentText(a.dateline)
        self.origin.setCurrentIndex(max(self.origin.findData(a.origin.value), 0))
        self.source.setCurrentText(a.source_name)
        self.source_url.setText(a.source_url)
        self.original_author.setText(a.original_author)
        self.original_title.setText(a.original_title)
        for w in (self.source_url, self.original_author, self.original_title):
            w.setCursorPosition(0)
        self._time_edited = False
        self.has_time.setChecked(a.original_time is not None)
        if a.original_time is not None:
            t = a.original_time.astimezone() if a.original_time.tzinfo else a.original_time
            self.original_time.setDateTime(QDateTime(QDate(t.year, t.month, t.day),
                                                     QTime(t.hour, t.minute, t.second)))
        else:
            self.original_time.setDateTime(self.original_time.minimumDateTime())
        self.original_time.setEnabled(a.original_time is not None and self.has_time.isEnabled())
        self._time_edited = False
        self.contributors.set_contributors(a.contributors)
        self.keywords.setText("，".join(a.keywords))
        i = self.channel.findData(a.primary_channel_id)
        self.channel.setCurrentIndex(max(i, 0))
        self._cover = a.cover_asset_id
        self.cover_label.setText(a.cover_sha256[:12] if a.cover_sha256 else self.tr("(none)"))
        self.keyword_hint.clear()
        self.channel_hint.clear()
        self._origin_changed()
        self.blockSignals(False)

    def set_cover(self, asset_id: int, label: str) -> None:
        self._cover = asset_id
        self.cover_label.setText(label)
        self.changed.emit()

    def set_read_only(self, ro: bool) -> None:
        for w in (self.dateline, self.origin, self.source, self.source_url, self.original_author,
                  self.original_title, self.has_time, self.original_time, self.byline, self.contributors,
                  self.keywords, self.suggest_btn, self.channel, self.cover_btn, *self.contributor_buttons):
            w.setEnabled(not ro)
        self.original_time.setEnabled(not ro and self.has_time.isChecked())

    # ---- values --------------------------------------------------------------------
    def values(self) -> dict[str, Any]:
        """The panel's fields as ArticleService.save understands them (source by name)."""
        a = self._article
        out: dict[str, Any] = {
            "dateline": self.dateline.currentText().strip(),
            "origin": self.origin.currentData(),
            "source_name": self.source.currentText().strip(),
            "source_url": self.source_url.text().strip(),
            "original_author": self.original_author.text().strip(),
            "original_title": self.original_title.text().strip(),
            "contributors": self.contributors.contributors(),
            "keywords": [k.strip() for k in self.keywords.text().replace(",", "，").split("，") if k.strip()],
            "primary_channel_id": (self.channel.currentData() if self._channels_loaded
                                   else a.primary_channel_id if a else None),
            "cover_asset_id": self._cover,
        }
        if not self._time_edited and a is not None:
            out["original_time"] = a.original_time
        elif self.has_time.isChecked():
            out["original_time"] = cast(datetime, self.original_time.dateTime().toPython()).astimezone()
        else:
            out["original_time"] = None
        return out

    # ---- reactions -----------------------------------------------------------------
    def _time_changed(self, *_a: Any) -> None:
        self._time_edited = True
        at_minimum = self.original_time.dateTime() == self.original_time.minimumDateTime()
        if self.has_time.isChecked() and at_minimum:  # ticked: start from now, not from （无）
            self.original_time.blockSignals(True)
            self.original_time.setDateTime(QDateTime.currentDateTime())
            self.original_time.blockSignals(False)
        elif not self.has_time.isChecked() and not at_minimum:
            self.original_time.blockSignals(True)
            self.original_time.setDateTime(self.original_time.minimumDateTime())
            self.original_time.blockSignals(False)
        self.original_time.setEnabled(self.has_time.isChecked() and self.has_time.isEnabled())
        self.changed.emit()

    def _origin_changed(self, *_a: Any) -> None:
        reprint = self.origin.currentData() == Origin.REPRINT.value
        for w in (self.original_author, self.original_title):
            w.setPlaceholderText(self.tr("Required for a reprint") if reprint else "")
        self.changed.emit()

    def _byline_maybe_pasted(self, text: str) -> None:
        prev, self._byline_prev = self._byline_prev, text
        # a whole line arriving at once into the empty box (a paste, or an input method committing
        # 记者王忠德) is split without Enter, with or without spaces (记者：王忠德); typing splits
        # once the line has a space and reads as a byline
        whole_line = not prev.strip() and len(text.strip()) >= 4
        if whole_line or len(text) > 3 and (" " in text.strip() or "　" in text):
            from app.core.text.byline import looks_like_byline

            if looks_like_byline(text):
                self._byline_entered()

    def _byline_entered(self) -> None:
        from app.core.text.byline import parse_byline

        items = parse_byline(self.byline.text())
        if not items:
            return
        self.contributors.set_contributors(items)
        self.byline.blockSignals(True)
        self.byline.clear()
        self.byline.blockSignals(False)
        self._byline_prev = ""
        self.changed.emit()

    def show_keyword_suggestions(self, words: list[str]) -> None:
        self._suggested = list(words)
        have = set(self.values()["keywords"])
        links = [f'<a href="{w}">{w}</a>' for w in words if w not in have]
        self.keyword_hint.setText(" · ".join(links))

    def _add_keyword(self, word: str) -> None:
        cur = self.keywords.text().strip()
        self.keywords.setText(f"{cur}，{word}" if cur else word)
        self.show_keyword_suggestions(self._suggested)
        self.changed.emit()

    def show_channel_suggestion(self, res: tuple[str, list[str]]) -> None:
        """The place check's message and the suggested channels (app.core.text.places)."""
        message, names = res
        parts = [html.escape(message)] if message else []
        if names:
            links = "、".join(f'<a href="{html.escape(n)}">{html.escape(n)}</a>' for n in names)
            parts.append(self.tr("Suggested: %1").replace("%1", links))
        self.channel_hint.setText("<br>".join(parts))
        self.suggested_channels = names

    def _use_channel(self, name: str) -> None:
        for i in range(self.channel.count()):
            if self.channel.itemText(i).split(" › ")[-1] == name:
                self.channel.setCurrentIndex(i)
                return


def naive_equal(a: datetime | None, b: datetime | None) -> bool:
    if a is None or b is None:
        return a is b
    if (a.tzinfo is None) != (b.tzinfo is None):
        a, b = a.replace(tzinfo=None), b.replace(tzinfo=None)
    return a == b
