"""What the editor does beyond holding and saving text: a pasted page, keyword and channel
suggestions, images and the cover, the published page in a browser, emphasis shortcuts.

A mixin of :class:`app.ui.editor.editor.EditorWidget` (it uses the widget's services, actor,
ops, body and metadata panel); strings are translated in the EditorWidget context."""

from __future__ import annotations

import logging
import os
import webbrowser
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QFileDialog, QWidget

from app.core.errors import NewsdeskError
from app.ui.editor.preview import preview_folder, write_page
from app.ui.ops import report_error, ui_language

if TYPE_CHECKING:
    from app.core.services import Services
    from app.ui.ops import OpRunner

log = logging.getLogger(__name__)


class EditorAssist:
    """Mixin: needs ``services``, ``actor``, ``ops``, ``article``, ``read_only``, ``title``,
    ``body``, ``metadata``, ``_channels``, ``_site_name``, ``apply_fields``, ``snapshot``,
    ``refresh_preview`` and ``find_bar`` from the widget."""

    services: Services
    actor: Any
    ops: OpRunner
    article: Any
    read_only: bool
    title: Any
    pretitle: Any
    subtitle: Any
    summary: Any
    body: Any
    metadata: Any
    channelVerdict: Any
    find_bar: Any
    _channels: list[Any]
    _site_name: str
    apply_fields: Callable[[dict[str, Any]], None]
    refresh_preview: Callable[[], None]
    snapshot: Callable[[], Any]

    def _widget(self) -> QWidget:
        """The editor widget this mixin is part of (dialogs' parent)."""
        return cast(QWidget, self)

    def paste_page(self, text: str) -> bool:
        """A whole portal page's text pasted into an EMPTY article fills its headline, source,
        time, byline and body (app.core.importers). False: paste it as plain text."""
        if (self.article is None or self.read_only or self.title.text().strip()
                or self.body.toPlainText().strip() or not looks_like_page(text)):
            return False

        def work() -> Any:
            from app.core.importers import import_bytes

            return import_bytes(text.encode("utf-8"), "")

        def done(imp: Any) -> None:
            if self.body.toPlainText().strip() or imp is None or not imp.title:
                self.body.insertPlainText(text)
                return
            fields: dict[str, Any] = {
                "pretitle": imp.pretitle, "title": imp.title, "subtitle": imp.subtitle, "summary": imp.summary,
                "body": imp.body_markdown, "dateline": imp.dateline, "source_url": imp.source_url,
                "keywords": list(imp.keywords), "contributors": list(imp.contributors),
            }
            if imp.source_name:
                fields.update(source_name=imp.source_name, origin="reprint", original_title=imp.title)
                if imp.contributors:
                    fields["original_author"] = "、".join(c.name for c in imp.contributors)
            if imp.original_time is not None:
                fields["original_time"] = imp.original_time
            self.apply_fields({k: v for k, v in fields.items() if v not in (None, "", [])})

        self.ops.run(work, on_done=done, on_error=lambda e: self.body.insertPlainText(text))
        return True

    def _suggest(self) -> None:
        if self.article is None:
            return
        if not self.read_only:
            self.suggest_keywords()
        self.suggest_channel()  # the verdict is shown read-only too (both desks show the same)

    def suggest_keywords(self) -> None:
        text = self.title.text() + "\n" + self.body.toPlainText()
        # the byline's people are not what the article is about: segmented whole (余名扬, not 余名 +
        # 名扬) and left out, with any fragment of them
        names = [c.name for c in self.metadata.contributors.contributors() if c.name.strip()]

        def work() -> list[str]:
            from app.core.text.keywords import suggest_keywords

            words = suggest_keywords(text, topk=8 + len(names), user_words=names)
            return [w for w in words if not any(w in n or n in w for n in names)][:8]

        self.ops.run(work, key="keywords", on_done=self.metadata.show_keyword_suggestions)

    def suggest_channel(self) -> None:
        """The place/channel verdict for the text on screen: the one core function
        (app.core.text.channel_check.channel_verdict) the review panel shows too."""
        if self.article is None:
            return
        fields = {"pretitle": self.pretitle.text(), "title": self.title.text(), "subtitle": self.subtitle.text(),
                  "summary": self.summary.toPlainText(), "body": self.body.toPlainText()}
        channels = list(getattr(self, "_channels", []))
        primary = self.metadata.channel.currentData() or self.article.primary_channel_id
        secondary = list(self.article.secondary_channel_ids)
        aid = self.article.id
        lang = ui_language()

        def work() -> Any:
            from app.core.text.channel_check import channel_verdict

            return channel_verdict(fields, channels, primary, secondary)

        def done(verdict: Any) -> None:
            if self.article is None or self.article.id != aid:
                return
            self.metadata.show_channel_suggestion((verdict.message(lang), verdict.suggested_names[:3]))
            self.channelVerdict.emit(verdict)

        self.ops.run(work, key="channel", on_done=done,
                     on_error=lambda e: log.warning("channel suggestion failed: %s", e))

    # ---- images --------------------------------------------------------------------
    def _fetch_asset(self, sha: str) -> bytes:
        return self.services.assets.data(sha)[1]

    def insert_image(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self._widget(), QCoreApplication.translate("EditorWidget", "Insert image"),
                                              "", _images_filter())
        if path:
            self.insert_image_file(path)

    def insert_image_file(self, path: str) -> None:
        """Copy the image into the asset store and insert a reference at the cursor."""
        if self.read_only:
            return
        name = Path(path).name

        def work() -> Any:
            return self.services.assets.add(self.actor, Path(path).read_bytes(), name)

        def done(asset: Any) -> None:
            alt = Path(name).stem
            self.body.textCursor().insertText(f"\n![{alt}](asset:{asset.sha256})\n")
            self.refresh_preview()

        self.ops.run(work, write=True, on_done=done, on_error=lambda e: report_error(self._widget(), _as_known(e)))

    def choose_cover(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self._widget(), QCoreApplication.translate("EditorWidget", "Cover image"),
                                              "", _images_filter())
        if not path:
            return

        def work() -> Any:
            return self.services.assets.add(self.actor, Path(path).read_bytes(), Path(path).name)

        self.ops.run(work, write=True, on_done=lambda a: self.metadata.set_cover(a.id, Path(path).name),
                     on_error=lambda e: report_error(self._widget(), _as_known(e)))

    def open_in_browser(self) -> Path | None:
        """Render the published page into a temporary folder and open it in the system browser."""
        if self.article is None:
            return None
        out = preview_folder(str(self.article.id))
        page = write_page(self.snapshot(), self._channels, self._site_name, self.services.assets.data, out)
        if not os.environ.get("NEWSDESK_NO_BROWSER"):
            webbrowser.open(page.as_uri())
        return page

    # ---- keyboard ------------------------------------------------------------------
    def wrap_selection(self, mark: str) -> None:
        """Ctrl+B / Ctrl+I: wrap the selection (or the cursor) in Markdown emphasis, one undo step."""
        if self.read_only or self.article is None:
            return
        c = self.body.textCursor()
        text = c.selectedText()
        c.beginEditBlock()
        c.insertText(f"{mark}{text}{mark}")
        c.endEditBlock()
        if not text:
            c.movePosition(QTextCursor.MoveOperation.Left, QTextCursor.MoveMode.MoveAnchor, len(mark))
            self.body.setTextCursor(c)

    def show_find(self, replace_mode: bool = False) -> None:
        self.find_bar.show_bar(self.body, replace_mode)


def _images_filter() -> str:
    return QCoreApplication.translate("EditorWidget", "Images (*.png *.jpg *.jpeg *.gif *.webp)")


def _as_known(exc: BaseException) -> BaseException:
    if isinstance(exc, OSError):
        return NewsdeskError(f"无法读取文件：{exc.strerror or exc}", f"Cannot read the file: {exc.strerror or exc}")
    return exc


def looks_like_page(text: str) -> bool:
    """A pasted text that is a whole article page rather than a passage: several lines, a
    source line (来源) or a byline, and some length."""
    lines = [x for x in text.splitlines() if x.strip()]
    return len(text) >= 80 and len(lines) >= 3 and ("来源" in text or "记者" in text or "本报讯" in text)

