"""File → Export site…: the static site export (app.publish.site.export.export_site) off the UI
thread through the window's operation runner, with a progress bar, Cancel, a result summary and
"Open in browser". The output folder is remembered in the user's settings."""

from __future__ import annotations

import logging
import os
import threading
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Qt, QUrl, Signal
from PySide6.QtGui import QCloseEvent, QDesktopServices
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.ui.ops import ui_language
from app.ui.publishing.common import tr

if TYPE_CHECKING:
    from app.core.services import Services
    from app.ui.ops import OpRunner

log = logging.getLogger(__name__)

SETTING_KEY = "export_dir"


class _Bridge(QObject):
    """Carries the exporter's progress callback (worker thread) to the dialog (UI thread)."""

    progress = Signal(int, int, str)


class ExportDialog(QDialog):
    """Export the published site to a folder. ``start()`` runs it; ``cancel()`` stops it."""

    finished_export = Signal(object)  # ExportResult, or the exception

    def __init__(self, services: Services, ops: OpRunner, settings: Any = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services, self.ops, self.settings = services, ops, settings
        self.setObjectName("exportDialog")
        self.setWindowTitle(tr("Export site"))
        self.setMinimumWidth(560)
        self.result_data: Any = None
        self.error: BaseException | None = None
        self._cancel: threading.Event | None = None
        self.progress_hook: Any = None  # tests: called on the worker thread with each progress report
        self._bridge = _Bridge(self)
        self._bridge.progress.connect(self._on_progress)

        lay = QVBoxLayout(self)
        intro = QLabel(tr("Writes every published article as a static HTML site (home page, channel "
                          "pages, feeds, sitemap). Only pages that changed are rewritten."))
        intro.setWordWrap(True)
        lay.addWidget(intro)

        row = QHBoxLayout()
        row.addWidget(QLabel(tr("Output folder:")))
        self.folder = QLineEdit()
        self.folder.setObjectName("exportFolder")
        self.folder.setPlaceholderText(tr("Choose a folder for the site"))
        self.folder.setText(self._remembered())
        self.folder.textChanged.connect(self._update_buttons)
        row.addWidget(self.folder, 1)
        self.browse_btn = QPushButton(tr("Browse…"))
        self.browse_btn.clicked.connect(self.browse)
        row.addWidget(self.browse_btn)
        lay.addLayout(row)

        self.full = QCheckBox(tr("Full export (render and write every page again)"))
        self.full.setObjectName("exportFull")
        self.full.setToolTip(tr("Use after a theme change made outside NewsDesk or when files were edited "
                                "by hand. Otherwise only changed pages are written."))
        lay.addWidget(self.full)

        self.bar = QProgressBar()
        self.bar.setObjectName("exportProgress")
        self.bar.setRange(0, 1)
        self.bar.setValue(0)
        self.bar.setTextVisible(True)
        lay.addWidget(self.bar)
        self.status = QLabel(tr("Ready."))
        self.status.setObjectName("exportStatus")
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        lay.addWidget(self.status)

        buttons = QDialogButtonBox()
        self.export_btn = buttons.addButton(tr("Export"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.export_btn.setObjectName("exportStart")
        self.cancel_btn = buttons.addButton(tr("Cancel export"), QDialogButtonBox.ButtonRole.ActionRole)
        self.cancel_btn.setObjectName("exportCancel")
        self.open_btn = buttons.addButton(tr("Open in browser"), QDialogButtonBox.ButtonRole.ActionRole)
        self.open_btn.setObjectName("exportOpen")
        self.close_btn = buttons.addButton(tr("Close"), QDialogButtonBox.ButtonRole.RejectRole)
        # the box would accept/reject on its own roles: route the clicks ourselves
        self.export_btn.clicked.connect(self.start)
        self.cancel_btn.clicked.connect(self.cancel)
        self.open_btn.clicked.connect(self.open_in_browser)
        self.close_btn.clicked.connect(self.close)
        lay.addWidget(buttons)
        self._update_buttons()

    # ---- settings ---------------------------------------------------------------------
    def _remembered(self) -> str:
        extra = getattr(self.settings, "extra", None)
        return str(extra.get(SETTING_KEY, "")) if isinstance(extra, dict) else ""

    def _remember(self, folder: str) -> None:
        extra = getattr(self.settings, "extra", None)
        if not isinstance(extra, dict) or extra.get(SETTING_KEY) == folder:
            return
        extra[SETTING_KEY] = folder
        try:
            from app.core.settings import save_settings

            save_settings(self.settings)
        except OSError as exc:  # remembering is a convenience; the export itself goes on
            log.warning("export folder not remembered: %s", exc)

    # ---- state ------------------------------------------------------------------------
    @property
    def running(self) -> bool:
        return self._cancel is not None

    def out_dir(self) -> Path | None:
        text = self.folder.text().strip()
        return Path(text).expanduser() if text else None

    def index_path(self) -> Path | None:
        out = self.out_dir()
        return out / "index.html" if out is not None else None

    def _update_buttons(self) -> None:
        running = self.running
        self.export_btn.setEnabled(not running and bool(self.folder.text().strip()))
        self.cancel_btn.setEnabled(running)
        self.browse_btn.setEnabled(not running)
        self.folder.setEnabled(not running)
        self.full.setEnabled(not running)
        index = self.index_path()
        self.open_btn.setEnabled(not running and index is not None and index.is_file())
        self.close_btn.setEnabled(True)

    def browse(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, tr("Choose the output folder"), self.folder.text())
        if folder:
            self.folder.setText(folder)

    # ---- the export ---------------------------------------------------------------------
    def start(self) -> bool:
        """Start the export off the UI thread; False when it cannot start."""
        if self.running:
            return False
        out = self.out_dir()
        if out is None:
            self.status.setText(tr("Choose an output folder first."))
            return False
        self._remember(str(out))
        self.result_data, self.error = None, None
        cancel = self._cancel = threading.Event()
        full = self.full.isChecked()
        services, emit, hook = self.services, self._bridge.progress.emit, self.progress_hook

        def work() -> Any:  # worker thread: no widgets here
            from app.publish.site.export import export_site

            def progress(done: int, total: int, what: str) -> None:
                if hook is not None:
                    hook(done, total, what)
                try:
                    emit(done, total, what)
                except RuntimeError:  # the dialog is gone; the export finishes on its own
                    pass

            return export_site(services, out, full=full, progress=progress, cancel=cancel)

        self.bar.setRange(0, 0)  # busy until the first progress report
        self.status.setText(tr("Exporting to %1…").replace("%1", str(out)))
        self._update_buttons()
        self.ops.run(work, key="site-export", on_done=self._done, on_error=self._failed,
                     label="site-export")
        return True

    def cancel(self) -> None:
        """Ask the running export to stop; it finishes the page in hand and leaves whole pages."""
        if self._cancel is not None:
            self._cancel.set()
            self.cancel_btn.setEnabled(False)
            self.status.setText(tr("Cancelling… (the page being written is finished first)"))

    def _on_progress(self, done: int, total: int, what: str) -> None:
        if total > 0:
            self.bar.setRange(0, total)
            self.bar.setValue(min(done, total))
        if what and self._cancel is not None and not self._cancel.is_set():
            self.status.setText(tr("Exporting: %1").replace("%1", what))

    def _done(self, result: Any) -> None:
        self._cancel = None
        self.result_data = result
        self.bar.setRange(0, max(1, result.files))
        self.bar.setValue(result.written + result.unchanged if not result.cancelled else result.written)
        if result.cancelled:
            text = tr("Export cancelled after %1 s: %2 file(s) written, nothing half-written. "
                      "The next export finishes the job.").replace("%1", f"{result.seconds:.1f}") \
                .replace("%2", str(result.written))
        else:
            text = (tr("Exported %1 article(s), %2 file(s) in %3 s: %4 written, %5 unchanged, %6 removed.")
                    .replace("%1", str(result.articles)).replace("%2", str(result.files))
                    .replace("%3", f"{result.seconds:.1f}").replace("%4", str(result.written))
                    .replace("%5", str(result.unchanged)).replace("%6", str(result.removed)))
        self.status.setText(text)
        self._update_buttons()
        self.finished_export.emit(result)

    def _failed(self, exc: BaseException) -> None:
        self._cancel = None
        self.error = exc
        self.bar.setRange(0, 1)
        self.bar.setValue(0)
        self.status.setText(tr("Export failed: %1").replace("%1", user_message(exc)))
        self._update_buttons()
        self.finished_export.emit(exc)

    def open_in_browser(self) -> bool:
        index = self.index_path()
        if index is None or not index.is_file():
            return False
        if os.environ.get("NEWSDESK_NO_BROWSER") != "1":
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(index)))
        return True

    def closeEvent(self, e: QCloseEvent) -> None:  # noqa: N802 - Qt override
        self.cancel()  # a closed dialog does not leave an export running unseen
        super().closeEvent(e)

    def reject(self) -> None:  # Esc
        self.cancel()
        super().reject()


def user_message(exc: BaseException) -> str:
    """An export error in the user's language (disk full, no permission, not a folder …)."""
    from app.core.errors import NewsdeskError

    lang = ui_language()
    if isinstance(exc, NewsdeskError):
        return exc.message(lang)
    if isinstance(exc, PermissionError):
        return (f"没有写入权限：{exc.filename or ''}" if lang == "zh"
                else f"No permission to write {exc.filename or 'the folder'}.")
    if isinstance(exc, OSError):
        if exc.errno == 28:
            return "磁盘空间不足，导出未完成；腾出空间后再次导出即可。" if lang == "zh" else \
                "The disk is full; free some space and export again."
        return (f"无法写入：{exc.strerror or exc}" if lang == "zh" else f"Cannot write: {exc.strerror or exc}")
    return str(exc)
