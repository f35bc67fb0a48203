"""The media library window: the newsroom's photos as thumbnails, import (files, a folder, Word
files, drag and drop) with progress and cancel, caption/credit/alt/keywords/place/rights editing,
a crop per output, and "build a 图集" for the open article.

Every read and write goes through the operation runner to app.core.media.library; the UI thread
decodes only the small stored thumbnails (≤ 320 px), never an original."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QItemSelectionModel, QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QIcon, QMouseEvent, QPainter, QPen, QPixmap
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QSlider,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from app.ui.ops import OpRunner, report_error, ui_language

if TYPE_CHECKING:
    from app.core.services import Services

ID_ROLE = Qt.ItemDataRole.UserRole
OUTPUT_RATIOS = {"cover": 16 / 9, "list": 4 / 3, "wechat": 2.35, "square": 1.0}


class CropView(QWidget):
    """The photo's thumbnail with the crop box of one output: click or drag to move the box,
    the slider sets its size; the box keeps the output's ratio."""

    boxChanged = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setMinimumSize(260, 180)
        self.pix: QPixmap | None = None
        self.img_w, self.img_h = 1, 1
        self.ratio = 16 / 9
        self.scale = 1.0  # of the largest box that fits
        self.cx, self.cy = 0.5, 0.5

    def set_image(self, pix: QPixmap | None, width: int, height: int) -> None:
        self.pix, self.img_w, self.img_h = pix, max(1, width), max(1, height)
        self.update()

    def set_output(self, ratio: float, box: list[float] | None) -> None:
        self.ratio = ratio
        if box:
            x, y, w, h = box[:4]
            mw, _ = self._max_frac()
            self.scale = min(1.0, max(0.1, w / mw)) if mw else 1.0
            self.cx, self.cy = x + w / 2, y + h / 2
        else:
            self.scale, self.cx, self.cy = 1.0, 0.5, 0.5
        self._clamp()
        self.update()

    def _max_frac(self) -> tuple[float, float]:
        if self.img_w / self.img_h > self.ratio:
            return self.img_h * self.ratio / self.img_w, 1.0
        return 1.0, self.img_w / self.ratio / self.img_h

    def box(self) -> tuple[float, float, float, float]:
        """(x, y, w, h) as fractions of the upright photo."""
        mw, mh = self._max_frac()
        w, h = mw * self.scale, mh * self.scale
        return (round(self.cx - w / 2, 5), round(self.cy - h / 2, 5), round(w, 5), round(h, 5))

    def set_scale(self, scale: float) -> None:
        self.scale = min(1.0, max(0.1, scale))
        self._clamp()
        self.update()
        self.boxChanged.emit()

    def _clamp(self) -> None:
        mw, mh = self._max_frac()
        w, h = mw * self.scale, mh * self.scale
        self.cx = min(max(self.cx, w / 2), 1 - w / 2)
        self.cy = min(max(self.cy, h / 2), 1 - h / 2)

    def _frame(self) -> QRectF:
        """Where the photo is drawn (fitted, centred)."""
        s = min(self.width() / self.img_w, self.height() / self.img_h)
        w, h = self.img_w * s, self.img_h * s
        return QRectF((self.width() - w) / 2, (self.height() - h) / 2, w, h)

    def paintEvent(self, _ev: Any) -> None:  # noqa: N802
        p = QPainter(self)
        f = self._frame()
        if self.pix is not None and not self.pix.isNull():
            p.drawPixmap(f, self.pix, QRectF(self.pix.rect()))
        else:
            p.fillRect(f, QColor(200, 200, 200))
        x, y, w, h = self.box()
        r = QRectF(f.x() + x * f.width(), f.y() + y * f.height(), w * f.width(), h * f.height())
        shade = QColor(0, 0, 0, 120)
        p.fillRect(QRectF(f.left(), f.top(), f.width(), r.top() - f.top()), shade)
        p.fillRect(QRectF(f.left(), r.bottom(), f.width(), f.bottom() - r.bottom()), shade)
        p.fillRect(QRectF(f.left(), r.top(), r.left() - f.left(), r.height()), shade)
        p.fillRect(QRectF(r.right(), r.top(), f.right() - r.right(), r.height()), shade)
        p.setPen(QPen(QColor(255, 200, 0), 2))
        p.drawRect(r)
        p.end()

    def _move_to(self, pos: QPointF) -> None:
        f = self._frame()
        if f.width() <= 0 or f.height() <= 0:
            return
        self.cx = (pos.x() - f.x()) / f.width()
        self.cy = (pos.y() - f.y()) / f.height()
        self._clamp()
        self.update()
        self.boxChanged.emit()

    def mousePressEvent(self, ev: QMouseEvent) -> None:  # noqa: N802
        self._move_to(ev.position())

    def mouseMoveEvent(self, ev: QMouseEvent) -> None:  # noqa: N802
        if ev.buttons() & Qt.MouseButton.LeftButton:
            self._move_to(ev.position())


class MediaLibrary(QWidget):
    """The library window. ``article_id`` tells which article a 图集 is built for (the open one)."""

    coverChosen = Signal(int, str)  # asset id, label: the editor takes it as the article's cover

    def __init__(self, services: Services, actor: Any, ops: OpRunner | None = None,
                 article_id: Callable[[], int | None] | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setObjectName("mediaLibrary")
        self.setWindowTitle(self.tr("Media library"))
        self.setAcceptDrops(True)
        self.services, self.actor = services, actor
        self.ops = ops or OpRunner(self)
        if ops is None:
            self.ops.error_parent = self
        self.article_id = article_id or (lambda: None)
        self.items: dict[int, Any] = {}
        self.thumbs: dict[int, QPixmap] = {}
        self.last_report: Any = None

        self.search = QLineEdit()
        self.search.setObjectName("mediaSearch")
        self.search.setPlaceholderText(self.tr("Search caption, credit, keywords, place…"))
        self.search.returnPressed.connect(self.refresh)
        self.missing = QCheckBox(self.tr("Missing caption or credit"))
        self.missing.toggled.connect(self.refresh)
        self.import_btn = QPushButton(self.tr("Import photos…"))
        self.import_btn.clicked.connect(self.choose_files)
        self.folder_btn = QPushButton(self.tr("Import folder…"))
        self.folder_btn.clicked.connect(self.choose_folder)
        top = QHBoxLayout()
        for w in (self.search, self.missing, self.import_btn, self.folder_btn):
            top.addWidget(w)

        self.list = QListWidget()
        self.list.setObjectName("mediaList")
        self.list.setViewMode(QListWidget.ViewMode.IconMode)
        self.list.setIconSize(QSize(128, 96))
        self.list.setGridSize(QSize(150, 140))
        self.list.setResizeMode(QListWidget.ResizeMode.Adjust)
        self.list.setMovement(QListWidget.Movement.Snap)
        self.list.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)  # order for a 图集
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.list.currentItemChanged.connect(lambda *_: self._show_current())

        self.caption = QPlainTextEdit()
        self.caption.setObjectName("caption")
        self.caption.setMaximumHeight(80)
        self.credit = QLineEdit()
        self.alt = QLineEdit()
        self.keywords = QLineEdit()
        self.place = QLineEdit()
        self.rights = QComboBox()
        self.rights.addItem(self.tr("Original (原创)"), "original")
        self.rights.addItem(self.tr("Reprint (转载)"), "reprint")
        self.rights_source = QLineEdit()
        self.info = QLabel()
        self.info.setWordWrap(True)
        self.save_btn = QPushButton(self.tr("Save description"))
        self.save_btn.clicked.connect(self.save_details)
        form = QFormLayout()
        form.addRow(self.tr("Caption"), self.caption)
        form.addRow(self.tr("Credit"), self.credit)
        form.addRow(self.tr("Alt text"), self.alt)
        form.addRow(self.tr("Keywords"), self.keywords)
        form.addRow(self.tr("Place"), self.place)
        form.addRow(self.tr("Rights"), self.rights)
        form.addRow(self.tr("Reprinted from"), self.rights_source)
        form.addRow(self.info)
        form.addRow(self.save_btn)

        self.output = QComboBox()
        for key, label in (("cover", self.tr("Cover 16:9")), ("list", self.tr("List 4:3")),
                           ("wechat", self.tr("WeChat 2.35:1")), ("square", self.tr("Square 1:1"))):
            self.output.addItem(label, key)
        self.output.currentIndexChanged.connect(lambda *_: self._show_crop())
        self.crop = CropView()
        self.crop.setObjectName("cropView")
        self.size_slider = QSlider(Qt.Orientation.Horizontal)
        self.size_slider.setRange(10, 100)
        self.size_slider.setValue(100)
        self.size_slider.valueChanged.connect(lambda v: self.crop.set_scale(v / 100))
        self.crop_btn = QPushButton(self.tr("Save crop"))
        self.crop_btn.clicked.connect(self.save_crop)
        self.cover_btn = QPushButton(self.tr("Use as the article's cover"))
        self.cover_btn.clicked.connect(self.use_as_cover)
        crop_box = QVBoxLayout()
        crop_box.addWidget(self.output)
        crop_box.addWidget(self.crop, 1)
        crop_box.addWidget(self.size_slider)
        row = QHBoxLayout()
        row.addWidget(self.crop_btn)
        row.addWidget(self.cover_btn)
        crop_box.addLayout(row)

        side = QWidget()
        sl = QVBoxLayout(side)
        sl.addLayout(form)
        sl.addLayout(crop_box, 1)
        split = QSplitter()
        split.addWidget(self.list)
        split.addWidget(side)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)

        self.gallery_btn = QPushButton(self.tr("Build photo gallery (图集) from selection"))
        self.gallery_btn.clicked.connect(self.build_gallery)
        self.status = QLabel()
        self.status.setObjectName("mediaStatus")
        self.status.setWordWrap(True)
        bottom = QHBoxLayout()
        bottom.addWidget(self.status, 1)
        bottom.addWidget(self.gallery_btn)

        lay = QVBoxLayout(self)
        lay.addLayout(top)
        lay.addWidget(split, 1)
        lay.addLayout(bottom)
        self.resize(1000, 640)
        self._enable()
        self.refresh()

    # ---- listing --------------------------------------------------------------------------
    def refresh(self) -> None:
        from app.core.media.library import MediaQuery

        q = MediaQuery(text=self.search.text(), missing_caption=self.missing.isChecked())
        if self.missing.isChecked():  # caption or credit missing: two reads, one list
            def work() -> list[Any]:
                a = self.services.media.search(MediaQuery(text=q.text, missing_caption=True))
                b = self.services.media.search(MediaQuery(text=q.text, missing_credit=True))
                seen = {i.id for i in a}
                return sorted(a + [i for i in b if i.id not in seen], key=lambda i: -i.id)
            self.ops.run(work, key="media-list", on_done=self._show_items)
        else:
            self.ops.run(self.services.media.search, q, key="media-list", on_done=self._show_items)

    def _show_items(self, items: list[Any]) -> None:
        current = self.current_id()
        self.items = {i.id: i for i in items}
        self.list.clear()
        for i in items:
            it = QListWidgetItem(self._label(i))
            it.setData(ID_ROLE, i.id)
            it.setToolTip(i.caption or i.filename)
            if i.id in self.thumbs:
                it.setIcon(QIcon(self.thumbs[i.id]))
            self.list.addItem(it)
            if i.id == current:
                self.list.setCurrentItem(it)
        want = [i.id for i in items if i.id not in self.thumbs]
        if want:
            self.ops.run(self.services.media.thumbnails, want, key="media-thumbs", on_done=self._set_thumbs)
        self._enable()

    def _label(self, i: Any) -> str:
        mark = "" if (i.caption and i.credit) else "⚠ "
        text = (i.caption or i.filename or f"#{i.id}").splitlines()[0]
        return mark + (text[:14] + "…" if len(text) > 15 else text)

    def _set_thumbs(self, thumbs: dict[int, bytes]) -> None:
        for aid, data in thumbs.items():
            pix = QPixmap()
            if data and pix.loadFromData(data):  # small JPEGs only (≤ 320 px)
                self.thumbs[aid] = pix
        for row in range(self.list.count()):
            it = self.list.item(row)
            thumb = self.thumbs.get(it.data(ID_ROLE))
            if thumb is not None:
                it.setIcon(QIcon(thumb))  # its own (was the last loaded one for every item)
        self._show_crop()

    def current_id(self) -> int | None:
        it = self.list.currentItem()
        return int(it.data(ID_ROLE)) if it is not None else None

    def selected_ids(self) -> list[int]:
        """The selected photos in the list's order (drag to reorder)."""
        return [int(self.list.item(r).data(ID_ROLE)) for r in range(self.list.count())
                if self.list.item(r).isSelected()]

    def select(self, ids: list[int]) -> None:
        want = set(ids)
        first = None
        for r in range(self.list.count()):
            it = self.list.item(r)
            it.setSelected(it.data(ID_ROLE) in want)
            if ids and it.data(ID_ROLE) == ids[0]:
                first = it
        if first is not None:
            self.list.setCurrentItem(first, QItemSelectionModel.SelectionFlag.NoUpdate)
        self._enable()

    def _show_current(self) -> None:
        i = self.items.get(self.current_id() or -1)
        self._enable()
        if i is None:
            return
        self.caption.setPlainText(i.caption)
        self.credit.setText(i.credit)
        self.alt.setText(i.alt)
        self.keywords.setText("，".join(i.keywords))
        self.place.setText(i.place)
        self.rights.setCurrentIndex(max(0, self.rights.findData(i.rights)))
        self.rights_source.setText(i.rights_source)
        taken = i.taken_at.astimezone().strftime("%Y-%m-%d %H:%M") if i.taken_at else "—"
        self.info.setText(self.tr("%1 × %2 px · taken %3 · %4").replace("%1", str(i.width)).replace(
            "%2", str(i.height)).replace("%3", taken).replace("%4", i.camera or i.filename))
        self._show_crop()

    def _show_crop(self) -> None:
        i = self.items.get(self.current_id() or -1)
        if i is None:
            return
        out = self.output.currentData()
        self.crop.set_image(self.thumbs.get(i.id), i.width or 1, i.height or 1)
        self.crop.set_output(OUTPUT_RATIOS[out], i.crops.get(out))
        self.size_slider.blockSignals(True)
        self.size_slider.setValue(round(self.crop.scale * 100))
        self.size_slider.blockSignals(False)

    def _enable(self) -> None:
        has = self.current_id() is not None
        for w in (self.save_btn, self.crop_btn, self.cover_btn):
            w.setEnabled(has)
        self.gallery_btn.setEnabled(bool(self.selected_ids()) and self.article_id() is not None)

    # ---- import ---------------------------------------------------------------------------
    def choose_files(self) -> None:
        paths, _ = QFileDialog.getOpenFileNames(self, self.tr("Import photos"), "",
                                                self.tr("Photos and Word files (*.jpg *.jpeg *.png *.webp *.gif *.docx)"))
        if paths:
            self.import_paths(paths)

    def choose_folder(self) -> None:
        path = QFileDialog.getExistingDirectory(self, self.tr("Import a folder of photos"))
        if path:
            self.import_paths([path])

    def import_paths(self, paths: list[str]) -> None:
        svc, actor = self.services, self.actor

        def work(job: Any) -> Any:
            return svc.media.import_files(actor, paths, progress=job.progress, cancelled=lambda: job.cancelled)

        self.status.setText(self.tr("Importing…"))
        self.ops.run(work, write=True, pass_job=True, progress=self.tr("Importing photos…"), parent=self,
                     on_done=self._imported, change="media")

    def _imported(self, report: Any) -> None:
        self.last_report = report
        lang = ui_language()
        text = (self.tr("Imported %1, already in the library %2, refused %3.")
                .replace("%1", str(len(report.imported))).replace("%2", str(len(report.duplicates)))
                .replace("%3", str(len(report.refused))))
        if report.cancelled:
            text += " " + self.tr("Cancelled.")
        if report.refused:
            text += "\n" + "\n".join(zh if lang.startswith("zh") else en for _n, zh, en in report.refused[:5])
        self.status.setText(text)
        self.refresh()

    def dragEnterEvent(self, ev: Any) -> None:  # noqa: N802
        if ev.mimeData().hasUrls():
            ev.acceptProposedAction()

    def dropEvent(self, ev: Any) -> None:  # noqa: N802
        paths = [u.toLocalFile() for u in ev.mimeData().urls() if u.isLocalFile()]
        if paths:
            ev.acceptProposedAction()
            self.import_paths(paths)

    # ---- describe, crop, gallery ------------------------------------------------------------
    def save_details(self) -> None:
        aid = self.current_id()
        if aid is None:
            return
        fields = {"caption": self.caption.toPlainText(), "credit": self.credit.text(), "alt": self.alt.text(),
                  "keywords": self.keywords.text(), "place": self.place.text(),
                  "rights": self.rights.currentData(), "rights_source": self.rights_source.text()}
        self.ops.run(self.services.media.update, self.actor, aid, write=True, on_done=self._updated,
                     change="media", **fields)

    def _updated(self, item: Any) -> None:
        self.items[item.id] = item
        for r in range(self.list.count()):
            it = self.list.item(r)
            if it.data(ID_ROLE) == item.id:
                it.setText(self._label(item))
                it.setToolTip(item.caption or item.filename)
        self.status.setText(self.tr("Saved."))

    def save_crop(self) -> None:
        aid = self.current_id()
        if aid is None:
            return
        self.ops.run(self.services.media.set_crop, self.actor, aid, self.output.currentData(), self.crop.box(),
                     write=True, on_done=self._updated, change="media")

    def use_as_cover(self) -> None:
        i = self.items.get(self.current_id() or -1)
        if i is not None:
            self.coverChosen.emit(i.id, i.caption or i.filename)

    def build_gallery(self) -> None:
        aid, ids = self.article_id(), self.selected_ids()
        if aid is None or not ids:
            return

        def done(photos: list[Any]) -> None:
            missing = sum(1 for p in photos if not (p.caption and p.credit))
            text = self.tr("Photo gallery of %1 photos saved.").replace("%1", str(len(photos)))
            if missing:
                text += " " + self.tr("%1 still lack a caption or credit: the article cannot be signed until "
                                      "they have one.").replace("%1", str(missing))
            self.status.setText(text)

        self.ops.run(self.services.media.set_gallery, self.actor, aid, [(i, "") for i in ids], write=True,
                     on_done=done, on_error=lambda e: report_error(self, e), change="article")
