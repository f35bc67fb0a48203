"""The article editor: headline parts, summary, Markdown body with highlighting and live
preview, metadata and proofing panels, autosave, recovery file, lease, conflicts and submit.

Everything that touches the database goes through the window's operation runner; the widget
itself only holds text."""

from __future__ import annotations

import logging
from dataclasses import replace
from datetime import datetime
from typing import TYPE_CHECKING, Any, cast

from PySide6.QtCore import QMimeData, Qt, Signal
from PySide6.QtGui import QFont, QTextCursor
from PySide6.QtWidgets import (
    QApplication,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from app.core.domain import Actor, ArticleData, Contributor, Origin, Status
from app.core.errors import ConflictError, LeaseHeld
from app.ui.editor import recovery
from app.ui.editor.assist import EditorAssist
from app.ui.editor.dialogs import ConflictDialog, FindReplaceBar, SubmitDialog
from app.ui.editor.highlighter import MarkdownHighlighter
from app.ui.editor.metadata import MetadataPanel, naive_equal
from app.ui.editor.preview import PreviewBrowser, render_live
from app.ui.editor.proofing_panel import ProofingPanel, run_proof
from app.ui.ops import OpRunner, report_error, ui_language
from app.ui.timers import timer

if TYPE_CHECKING:
    from app.core.services import Services

log = logging.getLogger(__name__)

AUTOSAVE_MS = 3000  # idle typing before an autosave
RECOVERY_MS = 1000  # at most this much typing lives only in memory
PREVIEW_MS = 120  # debounce of the live preview
PROOF_MS = 700  # proofing runs when the reporter pauses
LEASE_RENEW_MS = 120_000
SUGGEST_MS = 2000  # keyword and channel suggestions after a longer pause

HEAD_FIELDS = ("pretitle", "title", "subtitle", "summary", "body")


def _analyse(article: ArticleData, channels: list[Any], site_name: str) -> tuple[str, Any]:
    """Worker: the preview page and the counts for the current text."""
    from app.core.text.counting import count_markdown

    return render_live(article, channels, site_name), count_markdown(article.body)


class BodyEdit(QPlainTextEdit):
    """The Markdown body. Dropped or pasted image files go to the asset store; other dropped
    files are handed to the window (import)."""

    imageDropped = Signal(str)  # a local image path
    filesDropped = Signal(list)  # other local paths (documents to import)

    IMAGE_EXT = (".png", ".jpg", ".jpeg", ".gif", ".webp")
    pastePage: Any = None  # set by the editor: takes a whole pasted page into an empty article

    def canInsertFromMimeData(self, source: QMimeData) -> bool:  # noqa: N802 - Qt override
        return source.hasUrls() or super().canInsertFromMimeData(source)

    def insertFromMimeData(self, source: QMimeData) -> None:  # noqa: N802 - Qt override
        if source.hasUrls() and all(u.isLocalFile() for u in source.urls()):
            paths = [u.toLocalFile() for u in source.urls()]
            imgs = [p for p in paths if p.lower().endswith(self.IMAGE_EXT)]
            for p in imgs:
                self.imageDropped.emit(p)
            rest = [p for p in paths if p not in imgs]
            if rest:
                self.filesDropped.emit(rest)
            return
        if source.hasText():
            text = source.text()
            if self.pastePage is not None and self.pastePage(text):
                return
            self.insertPlainText(text)  # never rich text into Markdown
            return
        super().insertFromMimeData(source)


class EditorWidget(EditorAssist, QWidget):
    """Extension points (docs/ui.md): ``article``, ``articleLoaded``, ``articleSaved``,
    ``reload()``, ``set_read_only()``, ``save_now()``."""

    articleLoaded = Signal(object)  # ArticleData
    articleSaved = Signal(object)  # ArticleData
    articleClosed = Signal(int)
    countsChanged = Signal(object)  # TextCount
    saveStateChanged = Signal(str)
    leaseStateChanged = Signal(str)
    readOnlyChanged = Signal(bool)
    channelVerdict = Signal(object)  # Consistency: the place/channel verdict for the text on screen
    dirtyChanged = Signal(bool)
    filesDropped = Signal(list)

    def __init__(self, services: Services, actor: Actor, ops: OpRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.actor = actor
        self.ops = ops
        self.article: ArticleData | None = None
        self.read_only = True
        self.read_only_reason = ""
        self.lease_mine = False
        # how the rulebook lets this user change the open article: "save" (autosave; the first
        # edit or 编辑 takes the lease), "correct" (a published article: edits go out only with a
        # 更正 note from the review panel, never by autosave) or "" (read-only)
        self.mode = ""
        self._lease_pending = False
        self._typed = False  # typed since the lease was last renewed
        self.last_counts: Any = None
        self._gen = 0  # bumps on every edit
        self._saved_gen = 0
        self._saving = False
        self._save_again: str | None = None
        self._loading = False
        self._conflict_open = False
        self._opening: int | None = None
        self._banned: list[tuple[str, str]] = []
        self._channels: list[Any] = []
        self._site_name = ""
        self._build()

    # ---- layout --------------------------------------------------------------------
    def _build(self) -> None:
        lay = QVBoxLayout(self)
        lay.setContentsMargins(4, 4, 4, 0)
        self.banner = QLabel()
        self.banner.setObjectName("banner")
        self.banner.setWordWrap(True)
        self.banner.setStyleSheet("background:#fff4e5; color:#7a4100; padding:4px; border-radius:3px")
        self.banner.hide()
        top = QHBoxLayout()
        top.setContentsMargins(0, 0, 0, 0)
        top.addWidget(self.banner, 1)
        self.edit_btn = QPushButton(self.tr("Edit"))
        self.edit_btn.setObjectName("editButton")
        self.edit_btn.setToolTip(self.tr("Start editing (takes the edit lease; opening or reading takes none)"))
        self.edit_btn.clicked.connect(self.start_editing)
        self.edit_btn.hide()
        top.addWidget(self.edit_btn)
        lay.addLayout(top)

        form = QFormLayout()
        form.setContentsMargins(0, 0, 0, 0)
        self.pretitle = QLineEdit()
        self.pretitle.setObjectName("pretitle")
        self.pretitle.setPlaceholderText(self.tr("Kicker (引题)"))
        self.title = QLineEdit()
        self.title.setObjectName("title")
        self.title.setPlaceholderText(self.tr("Headline (主题)"))
        f = self.title.font()
        f.setPointSizeF(f.pointSizeF() * 1.35)
        f.setWeight(QFont.Weight.Bold)
        self.title.setFont(f)
        self.subtitle = QLineEdit()
        self.subtitle.setObjectName("subtitle")
        self.subtitle.setPlaceholderText(self.tr("Subheadline (副题)"))
        self.summary = QPlainTextEdit()
        self.summary.setObjectName("summary")
        self.summary.setPlaceholderText(self.tr("Summary"))
        self.summary.setFixedHeight(self.fontMetrics().lineSpacing() * 3 + 12)
        self.summary.setTabChangesFocus(True)
        form.addRow(self.tr("Kicker"), self.pretitle)
        form.addRow(self.tr("Headline"), self.title)
        form.addRow(self.tr("Subheadline"), self.subtitle)
        form.addRow(self.tr("Summary"), self.summary)
        lay.addLayout(form)

        self.find_bar = FindReplaceBar()
        self.find_bar.hide()
        lay.addWidget(self.find_bar)

        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.body = BodyEdit()
        self.body.setObjectName("body")
        self.body.setPlaceholderText(self.tr("Write the article in Markdown…"))
        bf = self.body.font()
        bf.setPointSizeF(bf.pointSizeF() * 1.15)
        self.body.setFont(bf)
        self.highlighter = MarkdownHighlighter(self.body.document())
        self.splitter.addWidget(self.body)
        pv = QWidget()
        pvl = QVBoxLayout(pv)
        pvl.setContentsMargins(0, 0, 0, 0)
        bar = QHBoxLayout()
        bar.addWidget(QLabel(self.tr("Preview")))
        bar.addStretch(1)
        self.open_browser_btn = QPushButton(self.tr("Open published page"))
        self.open_browser_btn.setObjectName("openInBrowser")
        self.open_browser_btn.clicked.connect(self.open_in_browser)
        bar.addWidget(self.open_browser_btn)
        pvl.addLayout(bar)
        self.preview = PreviewBrowser(self._fetch_asset)
        self.preview.setObjectName("preview")
        pvl.addWidget(self.preview)
        self.splitter.addWidget(pv)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        lay.addWidget(self.splitter, 1)

        self.metadata = MetadataPanel()
        self.proofing = ProofingPanel()
        self.proofing.attach(self.body)

        self._autosave = timer(self, AUTOSAVE_MS, self._autosave_due)
        self._recovery = timer(self, RECOVERY_MS, self._write_recovery)
        self._preview_timer = timer(self, PREVIEW_MS, self.refresh_preview)
        self._proof_timer = timer(self, PROOF_MS, self.run_proofing)
        self._lease_timer = timer(self, LEASE_RENEW_MS, self._renew_lease, single=False)
        self._suggest_timer = timer(self, SUGGEST_MS, self._suggest)

        for w in (self.pretitle, self.title, self.subtitle):
            w.textChanged.connect(self._edited)
            w.textChanged.connect(self._suggest_timer.start)
        self.summary.textChanged.connect(self._edited)
        self.summary.textChanged.connect(self._suggest_timer.start)
        self.body.textChanged.connect(self._edited)
        self.body.textChanged.connect(self._proof_timer.start)
        self.body.textChanged.connect(self._suggest_timer.start)
        self.metadata.changed.connect(self._edited)
        self.metadata.changed.connect(self._suggest_timer.start)
        self.metadata.suggestKeywords.connect(self.suggest_keywords)
        self.metadata.chooseCover.connect(self.choose_cover)
        self.proofing.fixed.connect(self.run_proofing)
        self.body.pastePage = self.paste_page
        self.body.imageDropped.connect(self.insert_image_file)
        self.body.filesDropped.connect(self.filesDropped)
        cast(QApplication, QApplication.instance()).focusChanged.connect(self._focus_changed)
        self.setEnabled(False)

    # ---- loading -------------------------------------------------------------------
    def open(self, article_id: int) -> None:
        """Open an article (saving and releasing the current one first)."""
        if (self.article is not None and self.article.id == article_id) or self._opening == article_id:
            return
        if not self.close_article():
            return
        self._opening = article_id

        def done(a: ArticleData) -> None:
            if self._opening == a.id:
                self._opening = None
                self.show_article(a)

        def failed(exc: BaseException) -> None:
            self._opening = None
            report_error(self, exc)

        self.ops.run(self.services.articles.get, self.actor, article_id, on_done=done, on_error=failed)

    def reload(self) -> None:
        """Re-read the current article from the database (e.g. after a workflow step); unsaved
        text is saved first, never dropped."""
        if self.article is None:
            return
        if self.is_dirty() and not self.read_only and self.mode == "save":
            self.save_blocking()
        self.ops.run(self.services.articles.get, self.actor, self.article.id,
                     on_done=lambda a: self.show_article(a, keep_lease=True))

    def show_article(self, a: ArticleData, keep_lease: bool = False) -> None:
        self._loading = True
        try:
            self.article = a
            for name in ("pretitle", "title", "subtitle"):
                w: QLineEdit = getattr(self, name)
                if w.text() != getattr(a, name):
                    w.setText(getattr(a, name))
            if self.summary.toPlainText() != a.summary:
                self.summary.setPlainText(a.summary)
            if self.body.toPlainText() != a.body:
                self.body.setPlainText(a.body)
            self.metadata.set_article(a)
            self._gen = self._saved_gen = 0
        finally:
            self._loading = False
        self.setEnabled(True)
        self.dirtyChanged.emit(False)
        self.saveStateChanged.emit(self.tr("Saved"))
        self._apply_permissions(keep_lease)
        self.refresh_preview()
        self.run_proofing()
        self._load_choices()
        self._suggest_timer.start()
        self.articleLoaded.emit(a)

    def _apply_permissions(self, keep_lease: bool) -> None:
        """Editable or not, and how, as the rulebook says. Opening takes no lease: the first edit
        (or the 编辑 button) does."""
        from app.core import rulebook
        from app.core.errors import NewsdeskError
        from app.core.workflow import check_action

        a = self.article
        assert a is not None
        self.mode = rulebook.edit_mode(self.actor, a)
        self._lease_pending = False
        if not self.mode:
            self._release_lease()
            self.lease_mine = False
            try:
                check_action(self.actor, a, "save")
                reason = ""
            except NewsdeskError as exc:
                reason = exc.message(ui_language())
            from app.ui.editor.states import read_only_reason

            self.set_read_only(True, read_only_reason(a, reason))
            self.leaseStateChanged.emit("")
            return
        if not (keep_lease and self.lease_mine):
            self.lease_mine = a.lease_user_id == self.actor.id  # still mine from before (a reload)
            if self.lease_mine:
                self._lease_timer.start()
        held = a.lease_user_id is not None and a.lease_user_id != self.actor.id
        if held and self.mode == "save":
            from app.ui.desk.common import fmt_time, newsroom_zone

            since = fmt_time(a.lease_since, newsroom_zone(self.services), with_date=False)
            self.set_read_only(True, self.tr("%1 has been editing this article since %2. Press Edit to take "
                                             "over.").replace("%1", a.lease_user_name).replace("%2", since))
            self.leaseStateChanged.emit(self.tr("Locked by %1").replace("%1", a.lease_user_name))
            return
        self.set_read_only(False)
        if self.mode == "correct":
            self.banner.setText(self.tr("Published. Changes go out only as a correction (更正) with a note, "
                                        "from the review panel."))
            self.banner.show()
        if a.status == Status.RETURNED:
            self._show_return_reason(a.id)

    def may(self, action: str) -> bool:
        """Does the rulebook let this user take ``action`` on the open article now?"""
        from app.core import rulebook

        return self.article is not None and action in rulebook.allowed_actions(self.actor, self.article, ())

    def start_editing(self) -> None:
        """The 编辑 button: take the lease now (taking it over when someone else holds it and the
        rulebook allows it)."""
        a = self.article
        if a is None or self.mode != "save":
            return
        held = a.lease_user_id is not None and a.lease_user_id != self.actor.id
        if held:
            from app.core import rulebook

            if "take_over" not in rulebook.allowed_actions(self.actor, a, ()):
                return
            if QMessageBox.question(self, self.tr("Take over editing"),
                                    self.tr("%1 is editing this article. Take over?")
                                    .replace("%1", a.lease_user_name)) != QMessageBox.StandardButton.Yes:
                return
        self._acquire_lease(take_over=held)

    def _show_return_reason(self, article_id: int) -> None:
        """A returned article says why, above the text (the editor's latest return comment)."""
        def done(comments: list[Any]) -> None:
            reasons = [c for c in comments if c.kind == "return"]
            if not reasons or self.article is None or self.article.id != article_id or self.read_only:
                return
            c = reasons[-1]
            self.banner.setText(self.tr("Returned by %1: %2").replace("%1", c.user_name).replace("%2", c.body))
            self.banner.show()

        self.ops.run(self.services.articles.comments, self.actor, article_id, on_done=done,
                     on_error=lambda e: log.warning("comments not loaded: %s", e))

    def _load_choices(self) -> None:
        def load() -> tuple[list, list, list, str]:
            return (self.services.admin.sources(), self.services.admin.channels(),
                    self.services.admin.banned_pairs(), self.services.admin.setting("site_name"))

        def done(res: tuple[list, list, list, str]) -> None:
            sources, channels, banned, site_name = res
            refresh = channels != self._channels or site_name != self._site_name
            self._site_name = site_name or ""
            self._loading = True
            try:
                self.metadata.set_choices(sources, channels)
                if self.article is not None:
                    self.metadata.set_article(self.article) if self._gen == self._saved_gen else None
            finally:
                self._loading = False
            self._channels = channels
            if refresh:
                self.refresh_preview()
            if banned != self._banned:
                self._banned = list(banned)
                self.proofing.banned = self._banned
                self.run_proofing()
            self.suggest_channel()

        self.ops.run(load, on_done=done, key="editor-choices")

    def close_article(self, ask: bool = False) -> bool:
        """Save what is unsaved, release the lease and clear the editor. Returns False when the
        user chose to stay (``ask``) or the save failed."""
        if self.article is None:
            return True
        if self.is_dirty() and not self.read_only and self.mode == "save":
            if ask:
                r = QMessageBox.question(
                    self, self.tr("Unsaved changes"),
                    self.tr("“%1” has unsaved changes. Save them?").replace("%1", self.title.text()),
                    QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard
                    | QMessageBox.StandardButton.Cancel, QMessageBox.StandardButton.Save)
                if r == QMessageBox.StandardButton.Cancel:
                    return False
                if r == QMessageBox.StandardButton.Discard:
                    recovery.discard(self.actor.login, self.article.id)
                    self._finish_close()
                    return True
            if not self.save_blocking():
                return False
        self._finish_close()
        return True

    def _finish_close(self) -> None:
        a = self.article
        if a is None:
            return
        self._release_lease()
        for t in (self._autosave, self._recovery, self._preview_timer, self._proof_timer, self._lease_timer,
                  self._suggest_timer):
            t.stop()
        self.article = None
        self._loading = True
        for w in (self.pretitle, self.title, self.subtitle):
            w.clear()
        self.summary.clear()
        self.body.clear()
        self.preview.clear()
        self._loading = False
        self._gen = self._saved_gen = 0
        self.setEnabled(False)
        self.banner.hide()
        self.articleClosed.emit(a.id)

    # ---- read-only and lease -------------------------------------------------------
    def set_read_only(self, ro: bool, reason: str = "") -> None:
        self.read_only = ro
        self.read_only_reason = reason if ro else ""
        a = self.article
        self.edit_btn.setVisible(a is not None and self.mode == "save" and not self.lease_mine
                                 and (not ro or (a.lease_user_id not in (None, self.actor.id))))
        for w in (self.pretitle, self.title, self.subtitle):
            w.setReadOnly(ro)
        self.summary.setReadOnly(ro)
        self.body.setReadOnly(ro)
        self.metadata.set_read_only(ro)
        self.proofing.set_read_only(ro)
        if ro and reason:
            self.banner.setText(reason)
            self.banner.show()
        else:
            self.banner.hide()
        self.readOnlyChanged.emit(ro)

    def _acquire_lease(self, take_over: bool = False) -> None:
        a = self.article
        if a is None or self._lease_pending:
            return
        self._lease_pending = True

        def done(info: Any) -> None:
            self._lease_pending = False
            if self.article is None or self.article.id != a.id:
                return
            self.lease_mine = True
            self._typed = False
            self._lease_timer.start()
            self.edit_btn.hide()
            if take_over and self.read_only:
                self.set_read_only(False)
            self.leaseStateChanged.emit(self.tr("Editing (lease held)"))

        def failed(exc: BaseException) -> None:
            self._lease_pending = False
            if isinstance(exc, LeaseHeld):
                self.lease_mine = False
                msg = exc.message(ui_language())
                self.set_read_only(True, msg + " " + self.tr("The article is read-only for you."))
                self.leaseStateChanged.emit(self.tr("Locked by %1").replace("%1", exc.data.get("user_name", "")))
                QMessageBox.information(self, self.tr("Article in use"), msg)
            else:
                report_error(self, exc)

        self.ops.run(self.services.articles.acquire_lease, self.actor, a.id, take_over, write=True, on_done=done,
                     on_error=failed, change="lease")

    def _renew_lease(self) -> None:
        """Renew only what typing keeps alive: a lease nobody types under expires by itself."""
        if self.article is not None and self.lease_mine and self._typed:
            self._typed = False
            self.ops.run(self.services.articles.acquire_lease, self.actor, self.article.id, write=True,
                         on_error=lambda e: self.leaseStateChanged.emit(self.tr("Lease lost")))

    def _release_lease(self) -> None:
        if self.article is not None and self.lease_mine:
            self.lease_mine = False
            self._lease_timer.stop()
            self.ops.run(self.services.articles.release_lease, self.actor, self.article.id, write=True,
                         on_error=lambda e: None, change="lease")

    # ---- editing -------------------------------------------------------------------
    def _edited(self, *_a: Any) -> None:
        if self._loading or self.article is None:
            return
        was = self.is_dirty()
        self._gen += 1
        if not was:
            self.dirtyChanged.emit(True)
            self.saveStateChanged.emit(self.tr("Unsaved"))
        if not self.read_only:
            self._typed = True
            if self.mode == "save":
                if not self.lease_mine:
                    self._acquire_lease()  # the first edit takes the lease
                self._autosave.start()
            if not self._recovery.isActive():
                self._recovery.start()
        self._preview_timer.start()

    def is_dirty(self) -> bool:
        return self._gen != self._saved_gen

    def current_fields(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "pretitle": self.pretitle.text().strip(), "title": self.title.text().strip(),
            "subtitle": self.subtitle.text().strip(), "summary": self.summary.toPlainText().strip(),
            "body": self.body.toPlainText(),
        }
        out.update(self.metadata.values())
        return out

    def changes(self) -> dict[str, Any]:
        """What differs from the stored article (``source_name`` stands for the source)."""
        a = self.article
        if a is None:
            return {}
        out = {}
        for k, v in self.current_fields().items():
            if k == "source_name":
                if v != a.source_name:
                    out[k] = v
            elif k == "original_time":
                if not naive_equal(v, a.original_time):
                    out[k] = v
            elif k == "origin":
                if v != a.origin.value:
                    out[k] = v
            elif v != getattr(a, k):
                out[k] = v
        return out

    # ---- saving --------------------------------------------------------------------
    def save_now(self, reason: str = "save") -> bool:
        """Save the changes now (off-thread). False when there was nothing to save."""
        a = self.article
        if a is None or self.read_only or self.mode != "save":
            return False
        if self._saving:
            self._save_again = reason if self._save_again in (None, "autosave") else self._save_again
            return True
        self._autosave.stop()
        changes = self.changes()
        gen = self._gen
        if not changes:
            self._mark_saved(gen)
            return False
        self._saving = True
        self.saveStateChanged.emit(self.tr("Saving…"))
        self.ops.run(self._save_op, a.id, dict(changes), a.version, reason, write=True,
                     on_done=lambda r: self._saved(r, gen), on_error=lambda e: self._save_failed(e, changes),
                     change="article")
        return True

    def _save_op(self, article_id: int, changes: dict[str, Any], version: int, reason: str) -> Any:
        """Worker: resolve a typed source name, then save with the version check."""
        if "source_name" in changes:
            name = changes.pop("source_name")
            changes["source_id"] = self.services.admin.ensure_source(self.actor, name).id if name else None
        return self.services.articles.save(self.actor, article_id, changes, version, reason=reason)

    def save_blocking(self, reason: str = "save") -> bool:
        """Save and wait (closing the window or switching articles)."""
        self.save_now(reason)
        self.ops.drain()
        return not self.is_dirty()

    def _saved(self, result: Any, gen: int) -> None:
        self._saving = False
        a = result.article
        if self.article is None or a.id != self.article.id:
            return
        self.article = a
        self.metadata._article = a  # the baseline the panel compares against
        self.metadata._time_edited = False
        self._mark_saved(gen)
        self.articleSaved.emit(a)
        again, self._save_again = self._save_again, None
        if again and self.is_dirty():
            self.save_now(again)

    def _mark_saved(self, gen: int) -> None:
        if gen == self._gen:
            self._saved_gen = gen
            self._recovery.stop()
            if self.article is not None:
                login, aid = self.actor.login, self.article.id
                self.ops.run(recovery.discard, login, aid, key="recovery")
            self.dirtyChanged.emit(False)
            self.saveStateChanged.emit(self.tr("Saved"))

    def _save_failed(self, exc: BaseException, changes: dict[str, Any]) -> None:
        self._saving = False
        self._save_again = None
        if isinstance(exc, ConflictError):
            self.saveStateChanged.emit(self.tr("Conflict"))
            self.resolve_conflict(exc)
            return
        self.saveStateChanged.emit(self.tr("Not saved"))
        if isinstance(exc, LeaseHeld):
            self.lease_mine = False
            self.set_read_only(True, exc.message(ui_language()))
            self._write_recovery()  # the text is kept locally
        report_error(self, exc)

    def resolve_conflict(self, exc: ConflictError) -> None:
        """Keep mine / take theirs / merge: never a silent overwrite."""
        if self._conflict_open or self.article is None:
            return
        self._conflict_open = True
        try:
            base = self.article
            theirs = exc.theirs
            mine = self.current_fields()
            dlg = ConflictDialog(mine, theirs, base, self)
            dlg.exec()
            choice = dlg.choice
        finally:
            self._conflict_open = False
        if choice == ConflictDialog.TAKE:
            self.show_article(theirs, keep_lease=True)
            return
        # rebase onto their version and save my (or the merged) text over it
        self.article = theirs
        self.metadata._article = theirs
        if choice == ConflictDialog.MERGE:
            c = QTextCursor(self.body.document())
            c.beginEditBlock()
            c.select(QTextCursor.SelectionType.Document)
            c.insertText(dlg.merged_body())
            c.endEditBlock()
        if choice in (ConflictDialog.KEEP, ConflictDialog.MERGE):
            self._gen += 1
            self.save_now("save")
        else:  # dialog closed without a choice: keep the text, stay unsaved, keep it locally
            self._gen += 1
            self._write_recovery()

    def _autosave_due(self) -> None:
        if self.is_dirty() and not self.read_only and not self._conflict_open:
            self.save_now("autosave")

    def _focus_changed(self, old: QWidget | None, new: QWidget | None) -> None:
        if old is not None and self.isAncestorOf(old) and (new is None or not self.isAncestorOf(new)):
            self._autosave_due()

    def _write_recovery(self) -> None:
        a = self.article
        if a is None or not self.is_dirty():
            return
        fields = self.current_fields()
        fields["contributors"] = [{"role": c.role, "name": c.name} for c in fields["contributors"]]
        ot = fields.get("original_time")
        fields["original_time"] = ot.isoformat() if ot else None
        self.ops.run(recovery.write, self.actor.login, a.id, a.version, fields, key="recovery",
                     on_error=lambda e: log.warning("recovery file not written: %s", e))

    def apply_fields(self, fields: dict[str, Any]) -> None:
        """Put recovered or imported fields into the widgets (they become unsaved edits)."""
        for name in ("pretitle", "title", "subtitle"):
            if name in fields:
                getattr(self, name).setText(fields[name] or "")
        if "summary" in fields:
            self.summary.setPlainText(fields["summary"] or "")
        if "body" in fields:
            c = QTextCursor(self.body.document())
            c.beginEditBlock()
            c.select(QTextCursor.SelectionType.Document)
            c.insertText(fields["body"] or "")
            c.endEditBlock()
        if self.article is not None:
            meta: dict[str, Any] = {}
            for k in ("dateline", "source_url", "original_author", "original_title", "keywords", "original_time"):
                if k in fields:
                    meta[k] = fields[k]
            if "contributors" in fields:
                meta["contributors"] = [c if isinstance(c, Contributor) else Contributor(c["role"], c["name"])
                                        for c in fields["contributors"]]
            if fields.get("origin"):
                meta["origin"] = Origin(fields["origin"])
            if "source_name" in fields:
                meta["source_name"] = fields["source_name"] or ""
            if meta:
                base = self.metadata._article or self.article
                keep_time = self.metadata._time_edited
                if isinstance(meta.get("original_time"), str):
                    meta["original_time"] = datetime.fromisoformat(meta["original_time"])
                self.metadata.set_article(replace(self.article, **meta))
                self.metadata._article = base
                self.metadata._time_edited = keep_time or ("original_time" in meta and not naive_equal(
                    meta["original_time"], base.original_time))
                self._edited()

    # ---- submit --------------------------------------------------------------------
    def submit(self) -> None:
        a = self.article
        if a is None or self.read_only:
            return
        dlg = SubmitDialog(self.title.text() or self.tr("(untitled)"), self)
        if dlg.exec() != SubmitDialog.DialogCode.Accepted:
            return
        note = dlg.note.toPlainText().strip()
        if self.is_dirty() and not self.save_blocking():
            return
        aid = self.article.id if self.article else a.id

        def done(updated: ArticleData) -> None:
            self._release_lease()
            self.show_article(updated)

        self.ops.run(self.services.review.submit, self.actor, aid, note, write=True, on_done=done,
                     change="article")

    # ---- preview, counts, proofing, suggestions --------------------------------------
    def refresh_preview(self) -> None:
        if self.article is None:
            return
        self.ops.run(_analyse, self.snapshot(), list(getattr(self, "_channels", [])), self._site_name,
                     key="preview", on_done=self._preview_ready)

    def snapshot(self) -> ArticleData:
        """The article as it stands in the widgets (a detached copy for workers and renderers)."""
        assert self.article is not None
        f = self.current_fields()
        f["origin"] = Origin(f["origin"])
        return replace(self.article, **f)

    def _preview_ready(self, res: tuple[str, Any]) -> None:
        html_text, counts = res
        self.preview.show_html(html_text)
        self.last_counts = counts
        self.countsChanged.emit(counts)

    def run_proofing(self) -> None:
        if self.article is None:
            return
        self.ops.run(run_proof, self.body.toPlainText(), list(self._banned), key="proof",
                     on_done=lambda r: self.proofing.show_findings(*r))
