"""Engine, sessions and migrations for both engines (embedded SQLite, newsroom PostgreSQL)."""

from __future__ import annotations

import logging
import re
import shutil
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Engine, create_engine, event, inspect, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DatabaseError as SADatabaseError
from sqlalchemy.exc import DataError, OperationalError, ProgrammingError, SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from app.core.errors import DatabaseError, DatabaseTooNew, ValidationError
from app.core.text.clean import normalise_session

if TYPE_CHECKING:
    from alembic.config import Config

log = logging.getLogger(__name__)

MIGRATIONS_DIR = Path(__file__).resolve().parent.parent / "migrations"

_REV = re.compile(r"^(down_revision|revision)\s*=\s*['\"]?([^'\"\s]+)['\"]?", re.M)


def known_revisions() -> tuple[set[str], str | None]:
    """The schema revisions this program knows and its head, read from the migration files
    themselves: checking a database at start-up needs no Alembic import (≈240 ms)."""
    revs: set[str] = set()
    parents: set[str] = set()
    for f in (MIGRATIONS_DIR / "versions").glob("*.py"):
        found = dict((k, v) for k, v in _REV.findall(f.read_text("utf-8")))
        if "revision" in found:
            revs.add(found["revision"])
            if found.get("down_revision") not in (None, "None"):
                parents.add(found["down_revision"])
    heads = revs - parents
    return revs, (heads.pop() if len(heads) == 1 else None)


def sqlite_url(path: Path) -> str:
    return f"sqlite:///{path}"


LIBPQ_MISSING = (
    "连接新闻室的 PostgreSQL 数据库需要本机的 libpq 库，但没有找到。请让管理员安装 libpq5"
    "（Debian/Ubuntu：sudo apt-get install libpq5；Fedora/openSUSE：libpq）后再试。"
    "单机模式（内置 SQLite 数据库）不需要它。",
    "Connecting to the newsroom's PostgreSQL database needs the libpq library on this computer, "
    "and it was not found. Ask an administrator to install libpq5 (Debian/Ubuntu: sudo apt-get "
    "install libpq5; Fedora/openSUSE: libpq), then try again. The stand-alone mode (the embedded "
    "SQLite database) does not need it.",
)


def _require_libpq() -> None:
    """psycopg loads libpq when imported. Where no wrapper ships its own (the Linux bundle uses
    the system's libpq5 through psycopg's pure-Python layer; docs/installer.md), a missing libpq
    is an ImportError deep inside SQLAlchemy: say what to install instead."""
    try:
        import psycopg  # noqa: F401
    except ImportError as exc:
        raise DatabaseError(*LIBPQ_MISSING, detail=str(exc)) from exc


def make_engine(url: str, **kw) -> Engine:  # type: ignore[no-untyped-def]
    u = make_url(url)
    if u.get_backend_name() == "sqlite":
        if u.database and u.database != ":memory:":
            Path(u.database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"timeout": 15}, **kw)

        @event.listens_for(engine, "connect")
        def _pragmas(dbapi_conn, _rec):  # type: ignore[no-untyped-def]
            # Let SQLAlchemy drive transactions (pysqlite's implicit BEGIN is off).
            dbapi_conn.isolation_level = None
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA foreign_keys=ON")
            cur.execute("PRAGMA synchronous=NORMAL")
            cur.execute("PRAGMA busy_timeout=15000")
            cur.close()

        @event.listens_for(engine, "begin")
        def _begin(conn):  # type: ignore[no-untyped-def]
            # Writers BEGIN IMMEDIATE: they take the write lock at the start, so two writers
            # never deadlock upgrading a read lock. Readers (Database.read) begin deferred and
            # never block, thanks to WAL.
            if conn.get_execution_options().get("nd_readonly"):
                conn.exec_driver_sql("BEGIN")
            else:
                conn.exec_driver_sql("BEGIN IMMEDIATE")

        return engine
    if u.get_backend_name() == "postgresql":
        if u.drivername == "postgresql":
            u = u.set(drivername="postgresql+psycopg")
        if u.get_driver_name() == "psycopg":
            _require_libpq()
        # prepare_threshold=None: psycopg's generic plans scan whole GIN indexes (facts.md).
        return create_engine(
            u, pool_pre_ping=True, connect_args={"prepare_threshold": None, "connect_timeout": 10}, **kw
        )
    return create_engine(url, **kw)


class Database:
    """The engine and a session factory; one short session per unit of work."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.engine = make_engine(url)
        self.sessions = sessionmaker(self.engine, expire_on_commit=False)
        self.read_sessions = sessionmaker(self.engine.execution_options(nd_readonly=True),
                                          expire_on_commit=False)
        # every text written goes through the one input normaliser (controls, bidi, surrogates)
        event.listen(self.sessions, "before_flush", normalise_session)

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A transaction: commits on success, rolls back on any error."""
        s = self.sessions()
        try:
            yield s
            s.commit()
        except DataError as exc:  # e.g. NUL in text on PostgreSQL: the input's fault, say so
            s.rollback()
            raise ValidationError(
                "输入中含有数据库无法保存的内容（例如空字符 NUL 或超长文本），未保存任何更改。",
                "The input holds something the database cannot store (e.g. a NUL character or "
                "over-long text); nothing was changed.",
                detail=str(exc.orig) if exc.orig else str(exc),
            ) from exc
        except ProgrammingError as exc:  # the server refused: a clear message, not a dump
            s.rollback()
            refusal = _refusal(exc)
            if refusal is None:
                raise
            raise refusal from exc
        except OperationalError as exc:
            s.rollback()
            refusal = _refusal(exc)
            if refusal is not None:  # a lock or statement timeout
                raise refusal from exc
            raise DatabaseError(
                "无法访问数据库，请检查网络或稍后再试。未保存的内容仍保留在编辑器中。",
                "The database cannot be reached; check the connection or try again. "
                "Unsaved work stays in the editor.",
                detail=str(exc.orig) if exc.orig else str(exc),
            ) from exc
        except BaseException:
            s.rollback()
            raise
        finally:
            _close(s)

    @contextmanager
    def read(self) -> Iterator[Session]:
        """A read-only unit of work (never takes SQLite's write lock)."""
        s = self.read_sessions()
        try:
            yield s
        except ProgrammingError as exc:
            refusal = _refusal(exc)
            if refusal is None:
                raise
            raise refusal from exc
        except OperationalError as exc:
            refusal = _refusal(exc)
            if refusal is not None:
                raise refusal from exc
            raise DatabaseError(
                "无法访问数据库，请检查网络或稍后再试。",
                "The database cannot be reached; check the connection or try again.",
                detail=str(exc.orig) if exc.orig else str(exc),
            ) from exc
        finally:
            _close(s)  # ends the transaction; loaded rows stay readable (close does not expire)

    def dispose(self) -> None:
        self.engine.dispose()

    # ---- migrations -------------------------------------------------------------------
    def alembic_config(self) -> Config:
        from alembic.config import Config

        cfg = Config()
        cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
        cfg.attributes["engine"] = self.engine
        return cfg

    def head_revision(self) -> str | None:
        return known_revisions()[1]

    def current_revision(self) -> str | None:
        try:
            with self.engine.connect() as conn:
                if not inspect(conn).has_table("alembic_version"):
                    return None
                return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
        except OperationalError as exc:
            raise DatabaseError(
                f"无法打开数据库：{exc.orig}", f"Cannot open the database: {exc.orig}"
            ) from exc
        except SADatabaseError as exc:  # SQLite: "file is not a database"
            zh, en = recovery_hint(self.sqlite_path())
            raise DatabaseError(
                f"数据库文件已损坏或不是采编台数据库（{exc.orig}）。{zh}",
                f"The database file is damaged or not a NewsDesk database ({exc.orig}). {en}",
            ) from exc

    def sqlite_path(self) -> Path | None:
        if self.dialect != "sqlite":
            return None
        name = make_url(self.url).database
        return Path(name) if name and name != ":memory:" else None

    def check_file(self) -> None:
        """Refuse an embedded database file that exists but is empty: SQLite would take a
        0-byte file for a new database, and the newsroom would silently start over, empty."""
        path = self.sqlite_path()
        if path is None or not path.exists():
            return
        size = path.stat().st_size
        if size == 0 or (size < 512 and path.read_bytes()[:16] != b"SQLite format 3\x00"):
            zh, en = recovery_hint(path)
            raise DatabaseError(
                f"数据库文件是空的（0 字节）或已损坏：{path}。没有打开它，也没有新建空的新闻室。{zh}",
                f"The database file is empty (0 bytes) or damaged: {path}. It was not opened, and no new "
                f"empty newsroom was made in its place. {en}")

    def check_version(self) -> str:
        """'ok', 'empty', 'old' — or raises DatabaseTooNew."""
        self.check_file()
        current = self.current_revision()
        known, head = known_revisions()
        if current == head:
            return "ok"
        if current is None:
            return "empty"
        if current not in known:
            raise DatabaseTooNew(
                f"数据库版本（{current}）比本程序新，请升级采编台后再打开。",
                f"The database (schema {current}) is newer than this NewsDesk; upgrade the app.",
            ) from None
        return "old"

    def upgrade(self, backup: bool = True) -> Path | None:
        """Bring the schema to head; an existing SQLite file is copied aside first."""
        state = self.check_version()
        if state == "ok":
            return None
        copy = None
        if backup and state == "old" and self.dialect == "sqlite":
            copy = self.backup_sqlite(suffix="pre-upgrade")
        from alembic import command

        try:
            command.upgrade(self.alembic_config(), "head")
        except SQLAlchemyError as exc:
            raise DatabaseError(
                f"数据库升级失败：{exc}", f"Database upgrade failed: {exc}"
            ) from exc
        return copy

    def backup_sqlite(self, dest: Path | None = None, suffix: str = "backup") -> Path:
        """Online backup (sqlite3 backup API): consistent even while others write."""
        src = Path(make_url(self.url).database or "")
        if dest is None:
            stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
            dest = src.with_name(f"{src.stem}.{suffix}-{stamp}{src.suffix}")
        tmp = dest.with_name(dest.name + ".part")
        with sqlite3.connect(src) as s, sqlite3.connect(tmp) as d:
            s.backup(d)
        d.close()
        s.close()
        tmp.replace(dest)
        return dest

    def quick_check(self) -> str:
        if self.dialect != "sqlite":
            return "ok"
        try:
            with self.engine.connect() as conn:
                return str(conn.exec_driver_sql("PRAGMA quick_check").scalar())
        except SQLAlchemyError as exc:  # a damaged page can make the check itself fail
            return str(getattr(exc, "orig", None) or exc)


def _close(s: Session) -> None:
    """End a unit of work. Its ROLLBACK is the first statement to meet a connection the server
    closed after the work was done (a restart, an administrator, a dropped network): the work
    stands (read, or committed), the pool has dropped that connection, the next unit of work
    opens a new one — so it is logged, not raised as a crash. Anything else still raises."""
    try:
        s.close()
    except OperationalError as exc:
        if not exc.connection_invalidated:
            raise DatabaseError(
                "无法访问数据库，请检查网络或稍后再试。",
                "The database cannot be reached; check the connection or try again.",
                detail=str(exc.orig) if exc.orig else str(exc),
            ) from exc
        log.warning("the database connection closed after the work was done: %s", exc.orig)


def backups_of(path: Path) -> list[Path]:
    """Backups of an embedded database beside it (``newsdesk backup``, pre-upgrade copies and the
    files a restore replaced), newest first."""
    if not path.parent.is_dir():
        return []
    found = [p for p in path.parent.glob(f"{path.stem}.*{path.suffix}")
             if p != path and p.is_file() and p.stat().st_size > 0]
    return sorted(found, key=lambda p: p.stat().st_mtime, reverse=True)


def recovery_hint(path: Path | None) -> tuple[str, str]:
    """What to do about a damaged embedded database: the newest backup and the command that
    restores it, or how to start afresh."""
    if path is None:
        return ("请用 newsdesk restore 从备份恢复。", "Restore a backup with newsdesk restore.")
    found = backups_of(path)
    if found:
        return (f"最近的备份是 {found[0]}：关闭所有采编台后运行 newsdesk restore \"{found[0]}\" 恢复"
                f"（被替换的文件会保留）。",
                f"The newest backup is {found[0]}: close every desk, then run newsdesk restore \"{found[0]}\" "
                "(the replaced file is kept).")
    return (f"附近没有找到备份。如有备份，关闭所有采编台后运行 newsdesk restore 备份文件；如确实要重新开始，"
            f"请先把 {path} 移走或改名，再启动采编台。",
            f"No backup was found beside it. If you have one, close every desk and run newsdesk restore "
            f"BACKUP; to really start afresh, move or rename {path} first, then start NewsDesk.")


def in_use(path: Path) -> bool:
    """Whether another connection (a desk, ``newsdesk push`` …) has the embedded database open.
    Every desk opens it in WAL mode, and SQLite leaves WAL mode only for the one connection
    that has the file to itself; an open desk — even an idle one — makes that fail."""
    if not path.exists() or path.stat().st_size == 0:
        return False
    con = sqlite3.connect(path, timeout=0)
    try:
        mode = str(con.execute("PRAGMA journal_mode").fetchone()[0]).lower()
        if mode == "wal":
            return str(con.execute("PRAGMA journal_mode=DELETE").fetchone()[0]).lower() == "wal"
        con.execute("BEGIN EXCLUSIVE")
        con.rollback()
        return False
    except sqlite3.OperationalError:  # "database is locked"
        return True
    except sqlite3.DatabaseError:  # damaged: nobody can be using it as a database
        return False
    finally:
        con.close()


def keep_copy(path: Path, suffix: str = "replaced") -> Path | None:
    """A copy of the database about to be replaced, beside it (consistent through SQLite's backup
    API; byte for byte, with its WAL, when the file is too damaged for that) → its path."""
    if not path.exists() or path.stat().st_size == 0:
        return None
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    dest = path.with_name(f"{path.stem}.{suffix}-{stamp}{path.suffix}")
    n = 1
    while dest.exists():
        n += 1
        dest = path.with_name(f"{path.stem}.{suffix}-{stamp}-{n}{path.suffix}")
    part = dest.with_name(dest.name + ".part")
    try:
        with sqlite3.connect(path) as s, sqlite3.connect(part) as d:
            s.backup(d)
        d.close()
        s.close()
    except sqlite3.DatabaseError:
        part.unlink(missing_ok=True)
        shutil.copyfile(path, part)
        wal = Path(str(path) + "-wal")
        if wal.exists():
            shutil.copyfile(wal, Path(str(dest) + "-wal"))
    part.replace(dest)
    return dest


def restore_sqlite(backup: Path, target: Path) -> Path | None:
    """Replace the database file with a backup → where the replaced file was kept (None when
    there was nothing to keep). Refused while another desk has the database open."""
    if in_use(target):
        raise DatabaseError(
            f"另一个采编台（或 newsdesk push 等命令）正在使用数据库 {target}，没有恢复。"
            "请先关闭所有采编台和正在运行的命令，再运行 newsdesk restore。",
            f"Another desk (or a command such as newsdesk push) has the database {target} open; nothing "
            "was restored. Close every desk and running command, then run newsdesk restore again.")
    kept = keep_copy(target)
    tmp = target.with_name(target.name + ".restore")
    shutil.copyfile(backup, tmp)
    for extra in ("-wal", "-shm"):
        Path(str(target) + extra).unlink(missing_ok=True)
    tmp.replace(target)
    return kept


def _refusal(exc: BaseException) -> Exception | None:
    """The PostgreSQL server refused (a permission) or gave up (a lock/statement timeout): a
    clear bilingual error (app/core/pgroles.py), or None."""
    from app.core.pgroles import server_refusal

    return server_refusal(exc)
