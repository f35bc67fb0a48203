"""The main window: navigator, article list, editor and its side panels.

Extension points for other desks (documented in docs/ui.md): ``services``, ``actor``, ``ops``,
``open_article``, ``current_editor``, ``add_navigator_entry``, ``add_page``,
``add_editor_panel``, ``menu``, ``refresh_lists`` and the ``dataChanged`` signal. At the end of
construction ``app.ui.desk.install(window)`` is called when that module exists."""

from __future__ import annotations

import importlib
import importlib.util
import logging
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QByteArray, QSettings, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QDragEnterEvent, QDropEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QFileDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMenu,
    QMessageBox,
    QScrollArea,
    QSplitter,
    QStackedWidget,
    QTableView,
    QTabWidget,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from app.core import rulebook
from app.core.domain import Actor, Role, Status
from app.core.services.articles import ArticleQuery
from app.core.settings import Settings, config_dir
from app.ui.editor import EditorWidget, recovery
from app.ui.layout import HeadlineColumn
from app.ui.models.articles import ArticleListModel
from app.ui.ops import OpRunner, report_error, ui_language
from app.ui.timers import timer

if TYPE_CHECKING:
    from app.core.services import Services

log = logging.getLogger(__name__)

MENU_ORDER = ("file", "edit", "view", "review", "admin", "help")


@dataclass
class NavEntry:
    key: str
    label: str
    query_factory: Callable[[], ArticleQuery] | None
    count_key: str | None
    page: str = "articles"


def _import_icon_modules() -> None:
    """Worker thread: imports only (app.ui.icons makes its font and icons on the UI thread)."""
    import os

    os.environ.setdefault("QT_API", "pyside6")
    importlib.import_module("qtawesome")
    importlib.import_module("qtawesome.iconic_font")


def _scrolled(widget: QWidget) -> QScrollArea:
    """A side panel in a scroll area: its height never sets the window's minimum (the details
    form is taller than a 1280×720 screen leaves), it scrolls instead."""
    area = QScrollArea()
    area.setObjectName(f"scroll_{widget.objectName() or type(widget).__name__}")
    area.setWidgetResizable(True)
    area.setFrameShape(QScrollArea.Shape.NoFrame)
    area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
    area.setWidget(widget)
    return area


def window_settings() -> QSettings:
    """Window geometry and splitters, in the config folder (NEWSDESK_DATA_DIR in tests)."""
    return QSettings(str(config_dir() / "window.ini"), QSettings.Format.IniFormat)


class MainWindow(QMainWindow):
    dataChanged = Signal(str)  # a change set ("article", "lease", "comment", …)
    logOutRequested = Signal()  # File → Log out / switch user (app.ui.session.Session answers it)
    switchUserRequested = Signal(str)  # File → Switch user → a recent user of this computer (their login)

    def __init__(self, services: Services, actor: Actor, settings: Settings | None = None) -> None:
        super().__init__()
        self.services = services
        self.actor = actor
        self.settings = settings or Settings()
        self.setObjectName("MainWindow")
        self.setWindowTitle(self.tr("NewsDesk — %1").replace("%1", actor.real_name))
        self.ops = OpRunner(self)
        self.ops.error_parent = self
        self.ops.changed.connect(self.dataChanged)
        self._menus: dict[str, QMenu] = {}
        self._nav: dict[str, NavEntry] = {}
        self._pages: dict[str, QWidget] = {}
        self._holders: dict[str, QWidget] = {}  # what the page stack shows: the page, or its scroll area
        self._panels: dict[str, QWidget] = {}
        self._actions: dict[str, QAction] = {}
        self._icons_ready = False  # after_icons: qtawesome is imported after the first list page
        self._icon_jobs: list[Callable[[], Any]] = []
        self.setAcceptDrops(True)
        self._build()
        self._build_menus()
        self._returned_first = True  # the first counts: a reporter with returned stories starts there
        self._default_navigator()
        self._restore_state()
        self.dataChanged.connect(self._on_data_changed)
        self._refresh_timer = timer(self, 300, self.refresh_lists)
        self._install_desk()
        # icons (qtawesome costs ~150 ms to import) and the recovery offer wait until the window
        # shows its first list page, or a moment after construction at the latest
        self._after_paint_done = False
        self._remembered = False
        self.list_model.loaded.connect(self._after_first_paint)
        QTimer.singleShot(800, self._after_first_paint)

    # ---- layout --------------------------------------------------------------------
    def _build(self) -> None:
        self.outer = QSplitter(Qt.Orientation.Horizontal)
        self.outer.setObjectName("outerSplitter")
        self.navigator = QListWidget()
        self.navigator.setObjectName("navigator")
        self.navigator.setMinimumWidth(150)
        self.navigator.currentItemChanged.connect(self._nav_selected)
        self.outer.addWidget(self.navigator)

        self.pages = QStackedWidget()
        self.outer.addWidget(self.pages)

        self.articles_page = QSplitter(Qt.Orientation.Horizontal)
        self.articles_page.setObjectName("articlesSplitter")
        left = QWidget()
        lv = QVBoxLayout(left)
        lv.setContentsMargins(0, 0, 0, 0)
        self.search = QLineEdit()
        self.search.setObjectName("search")
        self.search.setPlaceholderText(self.tr("Search articles (headline, text, source, byline)…"))
        self.search.setClearButtonEnabled(True)
        self._search_timer = timer(self, 250, self._apply_query)
        self.search.textChanged.connect(self._search_timer.start)
        lv.addWidget(self.search)
        self.list_model = ArticleListModel(self.services, self.actor, self.ops, self)
        self.list_view = QTableView()
        self.list_view.setObjectName("articleList")
        self.list_view.setModel(self.list_model)
        self.list_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.list_view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list_view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.list_view.verticalHeader().setVisible(False)
        self.list_view.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        self.list_view.setSortingEnabled(True)
        self.list_view.sortByColumn(5, Qt.SortOrder.DescendingOrder)
        self.headline_column = HeadlineColumn(self.list_view)  # readable headlines in a narrow pane
        self.list_view.setWordWrap(False)
        self.list_view.activated.connect(self._row_activated)
        self.list_view.clicked.connect(self._row_activated)
        lv.addWidget(self.list_view, 1)
        self.list_count = QLabel()
        lv.addWidget(self.list_count)
        self.list_model.loaded.connect(self._show_list_count)
        self.articles_page.addWidget(left)

        self.editor = EditorWidget(self.services, self.actor, self.ops, self)
        self.articles_page.addWidget(self.editor)
        self.side = QTabWidget()
        self.side.setObjectName("editorPanels")
        self.side.addTab(_scrolled(self.editor.metadata), self.tr("Details"))
        self.side.addTab(_scrolled(self.editor.proofing), self.tr("Proofing"))
        self.articles_page.addWidget(self.side)
        # the list wide enough for a Chinese headline (about 14 characters at 1366 px, more wider)
        self.articles_page.setStretchFactor(0, 3)
        self.articles_page.setStretchFactor(1, 5)
        self.articles_page.setStretchFactor(2, 3)
        self.articles_page.setSizes([400, 800, 340])
        self.add_page("articles", self.tr("Articles"), self.articles_page, navigator=False)
        self.outer.setStretchFactor(1, 1)
        self.outer.setSizes([170, 1400])
        self.setCentralWidget(self.outer)

        sb = self.statusBar()
        self.count_label = QLabel()
        self.count_label.setObjectName("countLabel")
        self.save_label = QLabel()
        self.save_label.setObjectName("saveLabel")
        self.lease_label = QLabel()
        self.lease_label.setObjectName("leaseLabel")
        sb.addPermanentWidget(self.count_label)
        sb.addPermanentWidget(self.save_label)
        sb.addPermanentWidget(self.lease_label)
        self.editor.countsChanged.connect(self._show_counts)
        self.editor.saveStateChanged.connect(self.save_label.setText)
        self.editor.leaseStateChanged.connect(self.lease_label.setText)
        self.editor.articleSaved.connect(lambda _a: self._refresh_timer.start())
        self.editor.articleLoaded.connect(self._article_loaded)
        self.editor.readOnlyChanged.connect(self._update_actions)
        self.editor.filesDropped.connect(self.import_files)
        self.editor.dirtyChanged.connect(self.setWindowModified)
        self.editor.articleClosed.connect(self._article_closed)
        self.editor.title.textChanged.connect(self._show_title)
        self._set_side_enabled(False)  # no article open: nothing on the right to fill in
        self.resize(1500, 900)

    def _show_list_count(self, n: int) -> None:
        text = self.tr("%n article(s)", "", n)
        pending = self.list_model.search_pending
        if pending:  # a search during an index rebuild: say the list may be incomplete
            text += " · " + self.tr("search index updating (%1 to go): the list may be incomplete").replace(
                "%1", str(pending))
        self.list_count.setText(text)
        self.list_count.setToolTip(text)

    def _show_counts(self, c: Any) -> None:
        self.count_label.setText(
            self.tr("%1 characters · punctuation %2 · spaces %3 · about %4 min")
            .replace("%1", str(c.total)).replace("%2", str(c.punctuation)).replace("%3", str(c.spaces))
            .replace("%4", str(c.reading_minutes_rounded)))

    # ---- menus ---------------------------------------------------------------------
    def menu(self, name: str) -> QMenu:
        """The top-level menu with object name ``name`` (created in the standard order)."""
        if name in self._menus:
            return self._menus[name]
        titles = {"file": self.tr("&File"), "edit": self.tr("&Edit"), "view": self.tr("&View"),
                  "review": self.tr("&Review"), "admin": self.tr("&Admin"), "help": self.tr("&Help")}
        m = QMenu(titles.get(name, name), self)
        m.setObjectName(name)
        before = None
        if name in MENU_ORDER:
            for later in MENU_ORDER[MENU_ORDER.index(name) + 1:]:
                if later in self._menus:
                    before = self._menus[later].menuAction()
                    break
        if before is not None:
            self.menuBar().insertMenu(before, m)
        else:
            self.menuBar().addMenu(m)
        self._menus[name] = m
        return m

    def action(self, key: str) -> QAction:
        return self._actions[key]

    def _act(self, key: str, text: str, slot: Callable[[], Any], shortcut: Any = None,
             menu: str | None = None, tip: str = "") -> QAction:
        a = QAction(text, self)
        a.setObjectName(f"action_{key}")
        if shortcut is not None:
            a.setShortcut(QKeySequence(shortcut))
        if tip:
            a.setStatusTip(tip)
        a.triggered.connect(lambda _checked=False: slot())
        if menu:
            self.menu(menu).addAction(a)
        self._actions[key] = a
        return a

    def _build_menus(self) -> None:
        for name in MENU_ORDER:
            if name not in ("review", "admin"):  # created on demand by the desks that fill them
                self.menu(name)
        K = QKeySequence.StandardKey  # noqa: N806
        self._act("new", self.tr("&New article"), self.new_article, K.New, "file")
        self._act("import", self.tr("&Import…"), self.import_dialog, "Ctrl+O", "file")
        self._act("paste_article", self.tr("Paste as new &article"), self.paste_as_article,
                  "Ctrl+Shift+V", "file")
        self.menu("file").addSeparator()
        self._act("save", self.tr("&Save"), lambda: self.editor.save_now("save"), K.Save, "file")
        self._act("submit", self.tr("Su&bmit for review…"), self.editor.submit, "Ctrl+Return", "file")
        self._act("browser", self.tr("Open published page in &browser"), self.editor.open_in_browser,
                  "Ctrl+Shift+P", "file")
        self._act("close_article", self.tr("&Close article"), lambda: self.editor.close_article(ask=True),
                  K.Close, "file")
        self.menu("file").addSeparator()
        self._act("log_out", self.tr("&Log out / switch user…"), self.logOutRequested.emit, "Ctrl+Shift+L",
                  "file", self.tr("Close your desk and let the next person log in (unsaved text is saved first)"))
        self.switch_menu = self.menu("file").addMenu(self.tr("S&witch user"))
        self.switch_menu.setObjectName("switchUserMenu")
        self._fill_switch_menu()
        self._act("quit", self.tr("&Quit"), self.close, K.Quit, "file")

        self._act("undo", self.tr("&Undo"), lambda: self._focused_edit("undo"), K.Undo, "edit")
        self._act("redo", self.tr("&Redo"), lambda: self._focused_edit("redo"), K.Redo, "edit")
        self.menu("edit").addSeparator()
        self._act("find", self.tr("&Find…"), lambda: self.editor.show_find(False), K.Find, "edit")
        self._act("replace", self.tr("&Replace…"), lambda: self.editor.show_find(True), "Ctrl+H", "edit")
        self._act("find_next", self.tr("Find &next"), self.editor.find_bar.find_next, K.FindNext, "edit")
        self.menu("edit").addSeparator()
        self._act("image", self.tr("Insert &image…"), self.editor.insert_image, "Ctrl+Shift+I", "edit")
        self._act("media", self.tr("&Media library…"), self.open_media_library, "Ctrl+Shift+M", "edit")
        self._act("bold", self.tr("&Bold"), lambda: self.editor.wrap_selection("**"), K.Bold, "edit")
        self._act("italic", self.tr("&Italic"), lambda: self.editor.wrap_selection("*"), K.Italic, "edit")
        self._act("fix_all", self.tr("Fix all &safe proofing findings"), self.editor.proofing.fix_all,
                  "Ctrl+Shift+F", "edit")

        self._act("refresh", self.tr("&Refresh"), self.refresh_lists, K.Refresh, "view")
        self.menu("view").addSeparator()
        lang = self.menu("view").addMenu(self.tr("&Language"))
        for code, name in (("zh_CN", "简体中文"), ("en", "English")):
            a = lang.addAction(name)
            a.setCheckable(True)
            a.setChecked(ui_language() == code[:2])
            a.triggered.connect(lambda _c=False, code=code: self._set_language(code))
        self.menu("view").addSeparator()
        self._act("about", self.tr("&About NewsDesk"), self._about, None, "help")

        tb = QToolBar(self.tr("Main toolbar"))
        tb.setObjectName("mainToolbar")
        tb.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        short = {"new": self.tr("New"), "save": self.tr("Save"), "submit": self.tr("Submit"),
                 "import": self.tr("Import"), "image": self.tr("Image"), "find": self.tr("Find"),
                 "browser": self.tr("Web page")}
        for key in ("new", "save", "submit", "import", "image", "find", "browser"):
            self._actions[key].setIconText(short[key])
            self._actions[key].setToolTip(self._actions[key].text().replace("&", "").rstrip("…"))
            tb.addAction(self._actions[key])
        self.addToolBar(tb)
        self.toolbar = tb
        self._update_actions()

    def open_media_library(self) -> Any:
        """The photo desk (app/ui/media): one window per main window, 图集 built for the open article."""
        lib = getattr(self, "media_library", None)
        if lib is None:
            from app.ui.media.library import MediaLibrary

            lib = MediaLibrary(self.services, self.actor, self.ops,
                               lambda: self.editor.article.id if self.editor.article is not None else None, self)
            lib.coverChosen.connect(self.editor.metadata.set_cover)
            self.media_library = lib
        lib.show()
        lib.raise_()
        lib.refresh()
        return lib

    def _focused_edit(self, what: str) -> None:
        w = QApplication.focusWidget()
        if w is not None and hasattr(w, what):
            getattr(w, what)()

    def _update_actions(self, *_a: Any) -> None:
        open_ = self.editor.article is not None
        writable = open_ and not self.editor.read_only
        for key in ("save", "submit", "image", "fix_all", "bold", "italic"):
            self._actions[key].setEnabled(writable)
        # save and submit as the rulebook says (a published article: only a 更正, from the review panel)
        self._actions["save"].setEnabled(writable and self.editor.mode == "save")
        self._actions["submit"].setEnabled(writable and self.editor.may("submit"))
        for key in ("browser", "find", "replace", "close_article"):
            self._actions[key].setEnabled(open_)
        can_write = self.actor.has(Role.REPORTER, Role.EDITOR, Role.CHIEF_EDITOR)
        for key in ("new", "import", "paste_article"):
            self._actions[key].setEnabled(can_write)

    def _after_first_paint(self, *_a: Any) -> None:
        """Icons (qtawesome import) and anything else that may wait for the first paint."""
        if self._after_paint_done or not self.isVisible():
            return
        self._after_paint_done = True
        self.after_icons(self._set_icons)
        # qtawesome and its QtPy shim (≈ 90 ms of imports) on a worker, after the list is shown; the
        # icons themselves (fonts, pixmaps) are made here on the UI thread when it is done
        self.ops.run(_import_icon_modules, on_done=self._icons_imported,
                     on_error=lambda _exc: self._icons_imported(None), label="icons")
        if not self.offer_recovery():
            self._reopen_last()

    def after_icons(self, fn: Callable[[], Any]) -> None:
        """Run ``fn`` (it sets icons: a desk's navigator entries …) on the UI thread once the icon
        modules are imported — at once if they are."""
        if self._icons_ready:
            fn()
        else:
            self._icon_jobs.append(fn)

    def _icons_imported(self, _res: Any) -> None:
        """(A failed import is reported by app.ui.icons itself: an empty icon, logged.)"""
        self._icons_ready = True
        jobs, self._icon_jobs = self._icon_jobs, []
        for fn in jobs:
            try:
                fn()
            except Exception:  # noqa: BLE001 - icons are decoration
                log.exception("setting icons failed")

    def _set_icons(self) -> None:
        from app.ui import icons

        for key in ("new", "save", "submit", "import", "image", "find", "browser", "undo", "redo",
                    "refresh", "paste_article"):
            name = {"paste_article": "paste"}.get(key, key)
            self._actions[key].setIcon(icons.icon(name))
        for i in range(self.navigator.count()):
            item = self.navigator.item(i)
            key = item.data(Qt.ItemDataRole.UserRole)
            if key in icons.NAMES:
                item.setIcon(icons.icon(key))

    def _fill_switch_menu(self) -> None:
        """The people who logged in on this computer lately (to this database): choosing one logs
        this user out and asks that person for their password only."""
        from app.ui.login import recent_users

        self.switch_menu.clear()
        for login, name in recent_users(self.settings, self.settings.database_url):
            if login == self.actor.login:
                continue
            a = self.switch_menu.addAction(f"{name}（{login}）" if ui_language() == "zh" else f"{name} ({login})")
            a.setObjectName(f"switchTo_{login}")
            a.triggered.connect(lambda _checked=False, who=login: self.switchUserRequested.emit(who))
        self.switch_menu.menuAction().setVisible(not self.switch_menu.isEmpty())

    # ---- the article this user last had open ---------------------------------------------
    def _reopen_key(self) -> str:
        return f"{self.actor.login}@{self.settings.database_url}"

    def remember_open_article(self) -> None:
        """At log-out and quit: the article on screen opens again at this user's next log-in on
        this computer, if it is still theirs to work on (see ``_reopen_last``)."""
        from app.core.settings import save_settings

        self._remembered = True
        reopen = self.settings.extra.setdefault("reopen", {})
        if self.editor.article is not None:
            reopen[self._reopen_key()] = self.editor.article.id
        elif reopen.pop(self._reopen_key(), None) is None:
            return
        try:
            save_settings(self.settings)
        except OSError as exc:
            log.warning("settings not saved: %s", exc)

    def _reopen_last(self) -> None:
        """Open the article this user left on screen when it still opens for editing (the rulebook's
        edit mode "save": a returned story back with its reporter, a story still on the desk); a
        published, withdrawn or no longer visible one stays closed."""
        aid = self.settings.extra.get("reopen", {}).get(self._reopen_key())
        if not isinstance(aid, int):
            return

        def done(a: Any) -> None:
            if self.editor.article is None and rulebook.edit_mode(self.actor, a) == "save":
                self.open_article(a.id)

        self.ops.run(self.services.articles.get, self.actor, aid, on_done=done, on_error=lambda _exc: None)

    # ---- navigator -----------------------------------------------------------------
    def _default_navigator(self) -> None:
        me = self.actor.id
        self.add_navigator_entry("drafts", self.tr("My drafts"),
                                 lambda: ArticleQuery(statuses=[Status.DRAFT], author_id=me), "my_drafts")
        self.add_navigator_entry("returned", self.tr("Returned to me"),
                                 lambda: ArticleQuery(statuses=[Status.RETURNED], author_id=me), "returned")
        self.add_navigator_entry("submitted", self.tr("Submitted"),
                                 lambda: ArticleQuery(statuses=sorted(rulebook.IN_REVIEW | rulebook.SIGNED),
                                                      author_id=me), "my_submitted")
        self.add_navigator_entry("published", self.tr("Published"),
                                 lambda: ArticleQuery(statuses=[Status.PUBLISHED],
                                                      sort="first_published_at"), "published")
        self.navigator.setCurrentRow(0)

    def add_navigator_entry(self, key: str, label: str, query_factory: Callable[[], ArticleQuery],
                            count_key: str | None = None) -> QListWidgetItem:
        """A navigator entry that lists ``query_factory()`` (an ArticleQuery for this actor)."""
        return self._add_nav(NavEntry(key, label, query_factory, count_key))

    def _add_nav(self, entry: NavEntry) -> QListWidgetItem:
        self._nav[entry.key] = entry
        item = QListWidgetItem(entry.label)
        item.setData(Qt.ItemDataRole.UserRole, entry.key)
        self.navigator.addItem(item)
        if entry.count_key:
            self._refresh_counts()
        return item

    def nav_item(self, key: str) -> QListWidgetItem | None:
        for i in range(self.navigator.count()):
            if self.navigator.item(i).data(Qt.ItemDataRole.UserRole) == key:
                return self.navigator.item(i)
        return None

    def select_navigator(self, key: str) -> None:
        item = self.nav_item(key)
        if item is not None:
            self.navigator.setCurrentItem(item)

    def _nav_selected(self, item: QListWidgetItem | None, _prev: Any = None) -> None:
        if item is None:
            return
        entry = self._nav.get(item.data(Qt.ItemDataRole.UserRole))
        if entry is None:
            return
        self.pages.setCurrentWidget(self._holders[entry.page])
        if entry.query_factory is not None:
            self._apply_query()

    def current_nav(self) -> NavEntry | None:
        item = self.navigator.currentItem()
        return self._nav.get(item.data(Qt.ItemDataRole.UserRole)) if item else None

    def _apply_query(self) -> None:
        entry = self.current_nav()
        if entry is None or entry.query_factory is None:
            return
        q = entry.query_factory()
        q.text = self.search.text().strip()
        cur = self.list_model.query()
        if cur is not None:  # keep the user's sort
            q.sort, q.descending = cur.sort, cur.descending
        self.list_model.set_query(q)

    def _refresh_counts(self) -> None:
        def done(counts: dict[str, int]) -> None:
            for entry in self._nav.values():
                item = self.nav_item(entry.key)
                if item is None:
                    continue
                if entry.count_key and entry.count_key in counts:
                    item.setText(f"{entry.label}  ({counts[entry.count_key]})")
            # what was returned to me is the day's first job; only while nobody chose another folder
            # (an editor's desk starts on its review queue instead)
            first, self._returned_first = self._returned_first, False
            cur = self.current_nav()
            if first and counts.get("returned") and cur is not None and cur.key == "drafts":
                self.select_navigator("returned")
        self.ops.run(self.services.articles.counts, self.actor, key="nav-counts", on_done=done)

    def refresh_lists(self) -> None:
        """Re-read the list and the navigator counts (after a change)."""
        self._refresh_counts()
        self.list_model.refresh()

    def _on_data_changed(self, what: str) -> None:
        if what in ("article", "lease", "workflow", "articles"):
            self._refresh_timer.start()

    # ---- pages and panels ------------------------------------------------------------
    def add_page(self, key: str, title: str, widget: QWidget, navigator: bool = True) -> None:
        """A central page beside the articles page (dashboard …), reachable from the navigator
        and the View menu."""
        self._pages[key] = widget
        # a page taller than a laptop screen leaves (the dashboard) scrolls instead of stretching the window
        holder = widget if key == "articles" else _scrolled(widget)
        self._holders[key] = holder
        self.pages.addWidget(holder)
        if navigator:
            self._add_nav(NavEntry(key, title, None, None, page=key))
            act = QAction(title, self)
            act.triggered.connect(lambda _c=False: self.show_page(key))
            self.menu("view").addAction(act)

    def show_page(self, key: str) -> None:
        if key == "articles":
            self.pages.setCurrentWidget(self.articles_page)
            return
        self.select_navigator(key)
        self.pages.setCurrentWidget(self._holders[key])

    def add_editor_panel(self, key: str, title: str, widget: QWidget) -> None:
        """A tab beside the metadata panel (review tools, history, comments …)."""
        self._panels[key] = widget
        widget.setObjectName(widget.objectName() or f"panel_{key}")
        self.side.addTab(_scrolled(widget), title)

    def show_side_panel(self, widget: QWidget) -> None:
        """Bring the side tab holding ``widget`` (a panel, the metadata, the proofing) to front."""
        for i in range(self.side.count()):
            tab = self.side.widget(i)
            if tab is widget or (isinstance(tab, QScrollArea) and tab.widget() is widget):
                self.side.setCurrentIndex(i)
                return

    def editor_panel(self, key: str) -> QWidget | None:
        return self._panels.get(key)

    # ---- articles ------------------------------------------------------------------
    def current_editor(self) -> EditorWidget | None:
        """The editor widget (one per window, created with it; check ``.article`` for an open
        article). None is reserved for windows without an editor."""
        return self.editor

    def open_article(self, article_id: int) -> None:
        self.show_page("articles")
        self.editor.open(article_id)

    def _row_activated(self, index: Any) -> None:
        aid = self.list_model.data(index, Qt.ItemDataRole.UserRole)
        if aid is not None:
            self.open_article(int(aid))

    def _article_loaded(self, a: Any) -> None:
        self._update_actions()
        self._set_side_enabled(True)
        self._show_title()
        row = self.list_model.row_of(a.id)
        if row >= 0:
            self.list_view.selectRow(row)

    def _show_title(self, *_a: Any) -> None:
        """The window title follows the headline as it is typed."""
        if self.editor.article is None:
            return
        self.setWindowTitle(self.tr("%1[*] — NewsDesk").replace(
            "%1", self.editor.title.text().strip() or self.tr("(untitled)")))

    def _article_closed(self, _article_id: int) -> None:
        """Nothing on screen describes an article that left the view: title, status bar, panels."""
        self.setWindowTitle(self.tr("NewsDesk — %1").replace("%1", self.actor.real_name))
        self.setWindowModified(False)
        for label in (self.count_label, self.save_label, self.lease_label):
            label.clear()
        self._set_side_enabled(False)
        self._update_actions()

    def _set_side_enabled(self, on: bool) -> None:
        for w in (self.editor.metadata, self.editor.proofing):
            w.setEnabled(on)

    def new_article(self, **fields: Any) -> None:
        """Create a draft (optionally pre-filled) and open it."""
        values = {"title": "", "body": "", **fields}

        def work() -> Any:
            return self.services.articles.create(self.actor, **values)

        def done(a: Any) -> None:
            self.select_navigator("drafts")
            self.open_article(a.id)
            self.editor.title.setFocus()

        if not self.editor.close_article():
            return
        self.ops.run(work, write=True, on_done=done, change="article")

    # ---- import --------------------------------------------------------------------
    def import_dialog(self) -> None:
        paths, _ = QFileDialog.getOpenFileNames(
            self, self.tr("Import articles"), "",
            self.tr("Documents (*.docx *.html *.htm *.txt);;All files (*)"))
        if paths:
            self.import_files(paths)

    def import_files(self, paths: list[str]) -> None:
        """Import each file as a new draft (off the UI thread, with progress)."""
        from app.ui.editor.importing import create_from_file

        for path in paths:
            self.ops.run(create_from_file, self.services, self.actor, path, write=True, pass_job=True,
                         progress=self.tr("Importing %1…").replace("%1", Path(path).name), parent=self,
                         on_done=self._imported, on_error=self._import_failed, change="article")

    def _imported(self, article: Any) -> None:
        self.select_navigator("drafts")
        self.open_article(article.id)
        self.statusBar().showMessage(self.tr("Imported “%1”").replace("%1", article.title), 5000)

    def _import_failed(self, exc: BaseException) -> None:
        from app.ui.editor.importing import as_user_error

        report_error(self, as_user_error(exc))

    def paste_as_article(self, text: str | None = None) -> None:
        """A whole portal page's text from the clipboard becomes a new draft."""
        from app.ui.editor.importing import create_from_text

        text = QApplication.clipboard().text() if text is None else text
        if not text.strip():
            QMessageBox.information(self, self.tr("Paste as article"), self.tr("The clipboard holds no text."))
            return
        self.ops.run(create_from_text, self.services, self.actor, text, write=True, on_done=self._imported,
                     on_error=self._import_failed, change="article")

    def dragEnterEvent(self, e: QDragEnterEvent) -> None:  # noqa: N802 - Qt override
        if e.mimeData().hasUrls() and all(u.isLocalFile() for u in e.mimeData().urls()):
            e.acceptProposedAction()

    def dropEvent(self, e: QDropEvent) -> None:  # noqa: N802 - Qt override
        paths = [u.toLocalFile() for u in e.mimeData().urls() if u.isLocalFile()]
        if paths:
            e.acceptProposedAction()
            self.import_files(paths)

    # ---- recovery ------------------------------------------------------------------
    def offer_recovery(self) -> list[int]:
        """Offer what a crash or kill left unsaved; returns the article ids restored."""
        restored = []
        pending = recovery.pending(self.actor.login)
        zone = self._newsroom_zone() if pending else None
        for rec in pending:
            # the newsroom's clock, as every other time on screen (a server-like PC may run on UTC)
            when = rec.saved_at.astimezone(zone).strftime("%Y-%m-%d %H:%M:%S")
            r = QMessageBox.question(
                self, self.tr("Recover unsaved text"),
                self.tr("NewsDesk was closed while “%1” had unsaved changes (%2). Restore them?")
                .replace("%1", rec.title or self.tr("(untitled)")).replace("%2", when),
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, QMessageBox.StandardButton.Yes)
            if r != QMessageBox.StandardButton.Yes:
                rec.path.unlink(missing_ok=True)
                continue
            self._restore(rec)
            restored.append(rec.article_id)
        return restored

    def _newsroom_zone(self) -> Any:
        from zoneinfo import ZoneInfo

        try:
            return ZoneInfo(self.services.admin.setting("timezone") or "Asia/Shanghai")
        except Exception:  # noqa: BLE001 - an unknown zone name or the database away: the computer's clock
            return None

    def _restore(self, rec: recovery.Recovered) -> None:
        def apply(a: Any) -> None:
            self.editor.show_article(a)
            self.editor.apply_fields(rec.fields)
            self.editor.saveStateChanged.emit(self.tr("Recovered, not saved yet"))

        self.show_page("articles")
        if not self.editor.close_article():
            return
        self.ops.run(self.services.articles.get, self.actor, rec.article_id, on_done=apply)

    # ---- language, about, state -------------------------------------------------------
    def _set_language(self, code: str) -> None:
        from app.core.settings import save_settings

        self.settings.language = code
        try:
            save_settings(self.settings)
        except OSError as exc:
            log.warning("settings not saved: %s", exc)
        from app.ui.i18n import translate_in

        # said in the language in use and, below it, in the language chosen (a user who picked the
        # wrong one by mistake still reads how to get back)
        now = self.tr("The language changes when you next log in (File → Log out / switch user) or start NewsDesk.")
        chosen = translate_in(code, "MainWindow", "The language changes when you next log in "
                              "(File → Log out / switch user) or start NewsDesk.")
        QMessageBox.information(self, "NewsDesk", now if chosen == now else f"{now}\n\n{chosen}")

    def _about(self) -> None:
        from app import __version__

        QMessageBox.about(self, self.tr("About NewsDesk"),
                          self.tr("NewsDesk %1 — the editorial workstation for regional newsrooms.")
                          .replace("%1", __version__))

    def _restore_state(self) -> None:
        s = window_settings()
        geo = s.value("geometry")
        if isinstance(geo, QByteArray | bytes):
            self.restoreGeometry(geo)
        st = s.value("state")
        if isinstance(st, QByteArray | bytes):
            self.restoreState(st)
        for name, sp in (("outer", self.outer), ("articles", self.articles_page)):
            v = s.value(f"splitter/{name}")
            if isinstance(v, QByteArray | bytes):
                sp.restoreState(v)
        self.fit_to_screen()

    def fit_to_screen(self) -> None:
        """Never larger than the screen's free area (a layout saved on a bigger monitor, the
        1500×900 default on a 1366×768 or 1280×720 laptop), and never off it."""
        from app.ui.layout import fit_window

        fit_window(self)

    def save_state(self) -> None:
        s = window_settings()
        s.setValue("geometry", self.saveGeometry())
        s.setValue("state", self.saveState())
        s.setValue("splitter/outer", self.outer.saveState())
        s.setValue("splitter/articles", self.articles_page.saveState())
        s.sync()

    def closeEvent(self, e: QCloseEvent) -> None:  # noqa: N802 - Qt override
        if not self._remembered:  # a log-out remembered it before closing the article
            self.remember_open_article()
        if not self.editor.close_article(ask=True):
            e.ignore()
            return
        self.save_state()
        for t in (self._refresh_timer, self._search_timer):
            t.stop()
        try:
            self.ops.drain(10000)
        except TimeoutError:
            log.warning("operations still running at close")
        e.accept()

    def _install_desk(self) -> None:
        if importlib.util.find_spec("app.ui.desk") is None:
            return
        try:
            importlib.import_module("app.ui.desk").install(self)
        except Exception:  # the editor desk must not keep reporters from working
            log.exception("app.ui.desk.install failed")
        try:
            importlib.import_module("app.ui.planning").install(self)
        except Exception:  # planning must not keep the newsroom from working
            log.exception("app.ui.planning.install failed")
        if importlib.util.find_spec("app.ui.publishing") is not None:
            try:
                importlib.import_module("app.ui.publishing").install(self)
            except Exception:  # publishing must not keep the newsroom from working
                log.exception("app.ui.publishing.install failed")
