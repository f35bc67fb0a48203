"""Fixtures for both engines. Every test that takes ``db_url`` runs against SQLite and — when
NEWSDESK_TEST_POSTGRES_URL is set — the real PostgreSQL server, each test in a database of its
own (copied from a migrated template, dropped afterwards)."""

from __future__ import annotations

import itertools
import os
import shutil
import uuid
from pathlib import Path

import pytest

# Before app.core.security is imported, here and in every process a test starts (they inherit the
# environment): password hashes at argon2-cffi's test profile, not 64 MiB × 3 passes each. The
# production parameters are checked by tests/core/test_security.py in a process without it.
os.environ["NEWSDESK_TEST_CHEAP_PASSWORD_HASH"] = "1"

from sqlalchemy import create_engine, text  # noqa: E402
from sqlalchemy.engine import make_url  # noqa: E402

from app.core.db import Database  # noqa: E402
from app.core.services import Services  # noqa: E402

PG_URL = os.environ.get("NEWSDESK_TEST_POSTGRES_URL", "")
DEMO_PASSWORD = "demo-pass-123"

if os.environ.get("CI") and not PG_URL:  # in CI the PostgreSQL half must run, never skip
    raise pytest.UsageError("CI=true but NEWSDESK_TEST_POSTGRES_URL is not set (see .ci/run)")

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QT_API", "pyside6")


def pytest_configure(config):
    """Byte-compile app/ once, before the workers start. These machines set
    PYTHONDONTWRITEBYTECODE=1, so every process the suite starts (≈ 200 `python -m app` runs, the
    export's worker processes) compiled the whole program again: ≈ 0.25 s of CPU each on a slow
    CI machine. compileall writes regardless and skips what is up to date; __pycache__ is ignored."""
    if hasattr(config, "workerinput"):  # an xdist worker: the controller has done it
        return
    import compileall

    compileall.compile_dir(str(Path(__file__).resolve().parents[1] / "app"), quiet=1)


@pytest.fixture(autouse=True)
def _isolated_config(tmp_path_factory, monkeypatch):
    """No test touches the real user's settings or data folder."""
    d = tmp_path_factory.mktemp("newsdesk-home")
    monkeypatch.setenv("NEWSDESK_DATA_DIR", str(d))
    monkeypatch.delenv("NEWSDESK_DATABASE_URL", raising=False)
    yield d


def _engines() -> list:
    params = [pytest.param("sqlite", id="sqlite")]
    if PG_URL:
        params.append(pytest.param("postgresql", id="postgres", marks=pytest.mark.postgres))
    else:
        params.append(pytest.param("postgresql", id="postgres", marks=[pytest.mark.postgres, pytest.mark.skip(
            reason="NEWSDESK_TEST_POSTGRES_URL is not set: PostgreSQL half not run")]))
    return params


class _Templates:
    """Migrated (and demo-loaded) template databases, built once per test session."""

    counter = itertools.count()

    def __init__(self, tmp: Path) -> None:
        self.tmp = tmp
        self.sqlite: dict[str, Path] = {}
        self.pg: dict[str, str] = {}
        self.created_pg: list[str] = []
        self.run_id = uuid.uuid4().hex[:8]

    def _prepare(self, url: str, kind: str) -> None:
        from app.core.seed import load_demo, seed_newsroom

        db = Database(url)
        db.upgrade(backup=False)
        svc = Services.create(db)
        seed_newsroom(svc)
        if kind == "demo":
            load_demo(svc, password=DEMO_PASSWORD)
            svc.users.add(None, "admin", "系统管理员", DEMO_PASSWORD, ["admin"]) if "admin" not in {
                u.login for u in svc.users.list()} else None
        db.dispose()

    def sqlite_db(self, kind: str) -> str:
        if kind not in self.sqlite:
            path = self.tmp / f"template-{kind}.db"
            if kind == "empty":
                path.touch()
                path.unlink()
            else:
                self._prepare(f"sqlite:///{path}", kind)
            self.sqlite[kind] = path
        dest = self.tmp / f"t{next(self.counter)}.db"
        if self.sqlite[kind].exists():
            shutil.copyfile(self.sqlite[kind], dest)
        return f"sqlite:///{dest}"

    def _admin_engine(self):
        u = make_url(PG_URL)
        if u.drivername == "postgresql":
            u = u.set(drivername="postgresql+psycopg")
        return create_engine(u, isolation_level="AUTOCOMMIT"), u

    def pg_db(self, kind: str) -> str:
        eng, u = self._admin_engine()
        try:
            with eng.connect() as c:
                if kind not in self.pg and kind != "empty":
                    name = f"nd_tpl_{kind}_{self.run_id}"
                    c.execute(text(f'CREATE DATABASE "{name}"'))
                    self.created_pg.append(name)
                    self._prepare(u.set(database=name).render_as_string(hide_password=False), kind)
                    self.pg[kind] = name
                name = f"nd_t{next(self.counter)}_{self.run_id}"
                if kind == "empty":
                    c.execute(text(f'CREATE DATABASE "{name}"'))
                else:
                    c.execute(text(f'CREATE DATABASE "{name}" TEMPLATE "{self.pg[kind]}"'))
                self.created_pg.append(name)
        finally:
            eng.dispose()
        return u.set(database=name).render_as_string(hide_password=False)

    def drop(self, url: str) -> None:
        if not url.startswith("postgresql"):
            return
        name = make_url(url).database
        eng, _ = self._admin_engine()
        try:
            with eng.connect() as c:
                c.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            if name in self.created_pg:
                self.created_pg.remove(name)
        finally:
            eng.dispose()

    def drop_all(self) -> None:
        if not PG_URL:
            return
        for name in list(self.created_pg):
            self.drop(make_url(PG_URL).set(database=name).render_as_string(hide_password=False))


@pytest.fixture(scope="session")
def templates(tmp_path_factory):
    t = _Templates(tmp_path_factory.mktemp("templates"))
    yield t
    t.drop_all()


@pytest.fixture(params=_engines())
def engine_name(request) -> str:
    if request.param == "postgresql" and not PG_URL:
        pytest.skip("NEWSDESK_TEST_POSTGRES_URL is not set: PostgreSQL half not run")
    return request.param


def _make(templates: _Templates, engine_name: str, kind: str):
    if engine_name == "sqlite":
        return templates.sqlite_db(kind)
    return templates.pg_db(kind)


@pytest.fixture
def empty_db_url(templates, engine_name):
    """A database with no schema at all."""
    url = _make(templates, engine_name, "empty")
    yield url
    templates.drop(url)


@pytest.fixture
def db_url(templates, engine_name):
    """A migrated database with the seeded channels and review chain."""
    url = _make(templates, engine_name, "seeded")
    yield url
    templates.drop(url)


@pytest.fixture
def demo_url(templates, engine_name):
    """A migrated database holding the sample newsroom (password DEMO_PASSWORD for all)."""
    url = _make(templates, engine_name, "demo")
    yield url
    templates.drop(url)


@pytest.fixture
def services(db_url):
    db = Database(db_url)
    yield Services.create(db)
    db.dispose()


@pytest.fixture
def demo(demo_url):
    db = Database(demo_url)
    yield Services.create(db)
    db.dispose()


@pytest.fixture
def sqlite_demo(templates, tmp_path):
    """The sample newsroom on SQLite only (GUI and publishing tests that need one engine)."""
    url = templates.sqlite_db("demo")
    db = Database(url)
    yield Services.create(db)
    db.dispose()


def actor(svc: Services, login: str):
    return svc.users.actor_by_login(login)


@pytest.fixture
def file_keyring(tmp_path):
    """A file keyring (keyrings.alt) under tmp_path: headless Linux has no real one."""
    import keyring

    from tests.publish.portal_server import use_file_keyring

    path = tmp_path / "keyring.cfg"
    previous = use_file_keyring(path)
    yield path
    keyring.set_keyring(previous)


@pytest.fixture
def no_keyring():
    """A machine with no usable keyring at all."""
    import keyring
    from keyring.backends import fail

    previous = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    yield
    keyring.set_keyring(previous)


# ---- evidence: figures a test reports (attack counts, agreement counts, the newsroom day) ------
# Printed in the run's summary under "evidence", also when pytest-xdist runs the suite in worker
# processes (whose own output is never shown): each worker hands its lines to the controller.
_EVIDENCE: list[str] = []


@pytest.fixture
def evidence():
    """``evidence(text)``: a figure the run's summary prints (an issue's evidence, not a check)."""
    return _EVIDENCE.append


def pytest_sessionfinish(session):
    out = getattr(session.config, "workeroutput", None)  # set in an xdist worker only
    if out is not None:
        out["newsdesk_evidence"] = list(_EVIDENCE)


@pytest.hookimpl(optionalhook=True)
def pytest_testnodedown(node, error):  # the xdist controller: a worker finished
    _EVIDENCE.extend(getattr(node, "workeroutput", {}).get("newsdesk_evidence", []))


def pytest_terminal_summary(terminalreporter):
    if _EVIDENCE:
        terminalreporter.section("evidence")
        for block in _EVIDENCE:
            for line in block.strip("\n").splitlines():
                terminalreporter.write_line(line)
