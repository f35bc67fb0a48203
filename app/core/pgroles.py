"""Newsroom mode on PostgreSQL: the database server enforces who may do what.

Every staff member logs in with a PostgreSQL role of their own (``<prefix><login>``), member of
one group role per app role. Grants, row-level-security policies and two triggers then hold the
workflow's rules on the server, whatever program the staff member connects with:

* ``newsdesk_reporter`` reads published articles and their own; inserts drafts of their own;
  changes only their own drafts and returned articles; the only status change allowed is
  draft/returned → submitted (at the first step); no other user's rows, no password hashes.
* ``newsdesk_editor`` reads and edits every article and signs review steps; only a chief editor
  moves an article to approved (unless the chain's last step is an editor's), scheduled,
  published or withdrawn (``newsdesk_chief`` is a member of ``newsdesk_editor``).
* ``newsdesk_admin`` manages users, channels, settings and targets, reads the whole audit log.
* Everybody: the audit log is INSERT-only (their own entries; a trigger refuses UPDATE,
  DELETE and TRUNCATE for everyone), notifications are readable only by their addressee.

The database owner (the account that ran the migrations, used by the embedded-style
single-account setup and by admin tools) is not subject to the policies. A staff role is mapped
to its user by the ``pg_staff_roles`` table (created by migration 0003).

No Qt here; plain SQL through SQLAlchemy connections or sessions.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import logging
import re
import secrets
from collections.abc import Iterable

from sqlalchemy import text
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session

from app.core.errors import PermissionDenied, ValidationError

log = logging.getLogger(__name__)

GROUPS = {  # app role → PostgreSQL group role
    "reporter": "newsdesk_reporter",
    "editor": "newsdesk_editor",
    "chief_editor": "newsdesk_chief",
    "admin": "newsdesk_admin",
}
ALL_GROUPS = tuple(GROUPS.values())
DEFAULT_PREFIX = "nd_"
SETTING_ENABLED = "pg_staff_roles"  # newsroom_settings key: "on" once pg-setup ran here
SETTING_PREFIX = "pg_role_prefix"
_ROLE_RE = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")

Executor = Connection | Session


def _x(c: Executor, sql: str, params: dict | None = None):  # type: ignore[no-untyped-def]
    return c.execute(text(sql), params or {})


def _ddl(c: Executor, sql: str) -> None:
    """A statement with literals (no bind parameters parsed: verifiers contain ':')."""
    conn = c.connection() if isinstance(c, Session) else c
    cur = conn.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
    try:
        cur.execute(sql)  # no parameters: psycopg leaves '%' alone
    finally:
        cur.close()


def q(ident: str) -> str:
    """Quote an identifier (only names that passed role_name() or are ours reach here)."""
    return '"' + ident.replace('"', '""') + '"'


def role_name(login: str, prefix: str = DEFAULT_PREFIX) -> str:
    name = (prefix + login).lower()
    if not _ROLE_RE.match(name):
        raise ValidationError(
            f"登录名“{login}”不能用作数据库账号：只能用小写字母、数字和下划线，最长 {63 - len(prefix)} 个字符。",
            f"The login “{login}” cannot be a database role: use a-z, 0-9 and _, at most "
            f"{63 - len(prefix)} characters.")
    return name


def scram_verifier(password: str, iterations: int = 4096) -> str:
    """A SCRAM-SHA-256 verifier computed here, so the clear password never reaches the server
    (nor its statement log)."""
    salt = secrets.token_bytes(16)
    salted = hashlib.pbkdf2_hmac("sha256", password.encode(), salt, iterations)
    client_key = hmac.new(salted, b"Client Key", "sha256").digest()
    stored_key = hashlib.sha256(client_key).digest()
    server_key = hmac.new(salted, b"Server Key", "sha256").digest()
    b64 = lambda b: base64.b64encode(b).decode()  # noqa: E731
    return f"SCRAM-SHA-256${iterations}:{b64(salt)}${b64(stored_key)}:{b64(server_key)}"


# ---- capability checks ---------------------------------------------------------------------
def is_postgres(c: Executor) -> bool:
    bind = c.get_bind() if isinstance(c, Session) else c
    return bind.dialect.name == "postgresql"


def can_create_roles(c: Executor) -> bool:
    row = _x(c, "SELECT rolsuper OR rolcreaterole FROM pg_roles WHERE rolname = current_user").first()
    return bool(row and row[0])


def groups_exist(c: Executor) -> bool:
    n = _x(c, "SELECT count(*) FROM pg_roles WHERE rolname = ANY(:g)", {"g": list(ALL_GROUPS)}).scalar()
    return n == len(ALL_GROUPS)


def enabled(c: Executor) -> bool:
    if not is_postgres(c):
        return False
    v = _x(c, "SELECT value FROM newsroom_settings WHERE key = :k", {"k": SETTING_ENABLED}).scalar()
    return v == "on"


def staff_uid(c: Executor) -> int | None:
    """The user id of a staff login role connected here (``newsdesk_uid()``), or None: SQLite,
    the owner or another account, or a database without newsroom mode. Two cheap queries."""
    if not is_postgres(c):
        return None
    can = _x(c, "SELECT coalesce(has_function_privilege(to_regprocedure('newsdesk_uid()')::oid, "
                "'EXECUTE'), false)").scalar()
    if not can:
        return None
    uid = _x(c, "SELECT newsdesk_uid()").scalar()
    return int(uid) if uid is not None else None


def prefix(c: Executor) -> str:
    v = _x(c, "SELECT value FROM newsroom_settings WHERE key = :k", {"k": SETTING_PREFIX}).scalar()
    return v or DEFAULT_PREFIX


# ---- server-side objects -------------------------------------------------------------------
FUNCTIONS = r"""
CREATE TABLE IF NOT EXISTS pg_staff_roles (
  rolname varchar(63) PRIMARY KEY,
  user_id integer NOT NULL UNIQUE REFERENCES users(id) ON DELETE CASCADE
);

CREATE OR REPLACE FUNCTION newsdesk_uid() RETURNS integer
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS
$$ SELECT user_id FROM pg_staff_roles WHERE rolname = session_user $$;

CREATE OR REPLACE FUNCTION newsdesk_audit_append_only() RETURNS trigger
LANGUAGE plpgsql AS
$$ BEGIN
  RAISE EXCEPTION 'newsdesk: the audit log is append-only (审计日志只能追加)'
    USING ERRCODE = 'insufficient_privilege';
END $$;

CREATE OR REPLACE FUNCTION newsdesk_article_rules() RETURNS trigger
LANGUAGE plpgsql AS
$$
DECLARE
  uid integer := newsdesk_uid();
  last_role text;
BEGIN
  IF uid IS NULL THEN  -- the owner / maintenance account: not a staff login
    RETURN NEW;
  END IF;
  IF TG_OP = 'INSERT' THEN
    IF NEW.status <> 'draft' OR NEW.author_id <> uid THEN
      RAISE EXCEPTION 'newsdesk: new articles start as your own draft' USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN NEW;
  END IF;
  IF NEW.author_id IS DISTINCT FROM OLD.author_id OR NEW.uuid IS DISTINCT FROM OLD.uuid THEN
    RAISE EXCEPTION 'newsdesk: author and uuid cannot change' USING ERRCODE = 'insufficient_privilege';
  END IF;
  IF NEW.signer_id IS DISTINCT FROM OLD.signer_id AND NEW.signer_id IS NOT NULL AND NEW.signer_id <> uid THEN
    RAISE EXCEPTION 'newsdesk: only the signer signs' USING ERRCODE = 'insufficient_privilege';
  END IF;
  IF NEW.status IS DISTINCT FROM OLD.status THEN
    IF NOT pg_has_role(current_user, 'newsdesk_editor', 'MEMBER') THEN
      IF NOT (OLD.status IN ('draft', 'returned') AND NEW.status = 'submitted'
              AND NEW.review_step = 0) THEN
        RAISE EXCEPTION 'newsdesk: a reporter may only submit (% -> %)', OLD.status, NEW.status
          USING ERRCODE = 'insufficient_privilege';
      END IF;
    ELSIF NEW.status IN ('scheduled', 'published', 'withdrawn')
          AND NOT pg_has_role(current_user, 'newsdesk_chief', 'MEMBER') THEN
      RAISE EXCEPTION 'newsdesk: only a chief editor may set %', NEW.status
        USING ERRCODE = 'insufficient_privilege';
    ELSIF NEW.status = 'approved' AND NOT pg_has_role(current_user, 'newsdesk_chief', 'MEMBER') THEN
      SELECT role INTO last_role FROM review_steps ORDER BY position DESC LIMIT 1;
      IF last_role IS DISTINCT FROM 'editor' THEN
        RAISE EXCEPTION 'newsdesk: only a chief editor signs the article off (签发)'
          USING ERRCODE = 'insufficient_privilege';
      END IF;
    END IF;
  END IF;
  RETURN NEW;
END $$;

DROP TRIGGER IF EXISTS newsdesk_audit_no_change ON audit_log;
CREATE TRIGGER newsdesk_audit_no_change BEFORE UPDATE OR DELETE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION newsdesk_audit_append_only();
DROP TRIGGER IF EXISTS newsdesk_audit_no_truncate ON audit_log;
CREATE TRIGGER newsdesk_audit_no_truncate BEFORE TRUNCATE ON audit_log
  FOR EACH STATEMENT EXECUTE FUNCTION newsdesk_audit_append_only();
DROP TRIGGER IF EXISTS newsdesk_article_rules ON articles;
CREATE TRIGGER newsdesk_article_rules BEFORE INSERT OR UPDATE ON articles
  FOR EACH ROW EXECUTE FUNCTION newsdesk_article_rules();
"""

# Tables under row-level security (every table staff roles may touch with row-dependent rules).
RLS_TABLES = ("articles", "article_channels", "revisions", "signoffs", "comments", "audit_log",
              "notifications", "users", "assets")

R, E, C, A = ALL_GROUPS  # reporter, editor, chief, admin
STAFF = f"{R}, {E}, {C}, {A}"
OWN_ARTICLE = "article_id IN (SELECT id FROM articles WHERE author_id = newsdesk_uid())"
VISIBLE_ARTICLE = "article_id IN (SELECT id FROM articles)"  # the caller's own articles policy applies

GRANTS = f"""
GRANT USAGE ON SCHEMA public TO {STAFF};
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {STAFF};
GRANT SELECT ON alembic_version, channels, sources, review_steps, banned_words, newsroom_settings,
  user_roles TO {STAFF};
GRANT SELECT (id, login, real_name, active, created_at) ON users TO {STAFF};
GRANT SELECT (id, hash) ON audit_log TO {STAFF};
GRANT INSERT ON audit_log TO {STAFF};
GRANT SELECT, UPDATE (read_at) ON notifications TO {STAFF};
GRANT INSERT ON notifications TO {STAFF};
GRANT SELECT, INSERT ON assets, sources TO {R}, {E};

GRANT SELECT, INSERT ON articles TO {R}, {E};
GRANT UPDATE (pretitle, title, subtitle, summary, body, dateline, origin, source_id, source_url,
  original_author, original_title, original_time, topics, keywords, contributors, cover_asset_id,
  primary_channel_id, chars, updated_at, version, status, review_step,
  lease_user_id, lease_since, lease_expires_at) ON articles TO {R};
GRANT UPDATE ON articles TO {E};
GRANT SELECT ON article_channels TO {R};
GRANT SELECT, INSERT, DELETE ON article_channels TO {E};
GRANT SELECT, INSERT, UPDATE (snapshot, created_at) ON revisions TO {R}, {E};
GRANT SELECT, UPDATE (valid) ON signoffs TO {R};
GRANT SELECT, INSERT, UPDATE (valid) ON signoffs TO {E};
GRANT SELECT, INSERT ON comments TO {R}, {E};
GRANT SELECT (id, name, kind, url, enabled) ON publish_targets TO {E};
GRANT SELECT, INSERT ON outbox TO {C};
GRANT SELECT ON remote_mappings TO {E};

GRANT SELECT, INSERT, UPDATE ON users, user_roles, channels, sources, review_steps, banned_words,
  newsroom_settings, publish_targets TO {A};
GRANT DELETE ON user_roles, channels, review_steps, banned_words, publish_targets TO {A};
GRANT SELECT ON audit_log, pg_staff_roles TO {A};
"""
CHIEF_IS_EDITOR = f"GRANT {E} TO {C}"  # cluster-wide membership: needs CREATEROLE, done once

# The search index's tables. Triggers on ``articles`` append to search_queue as the writer, so
# every staff role inserts there. The index holds every article's text: only editors (who read
# every article anyway) read and maintain it; a reporter's search needs the owner's indexer.
SEARCH_GRANTS = {
    "search_queue": f"GRANT INSERT ON {{table}} TO {STAFF}; GRANT SELECT, DELETE ON {{table}} TO {E}",
    "search_docs": f"GRANT SELECT, INSERT, UPDATE, DELETE ON {{table}} TO {E}",
    "search_text": f"GRANT SELECT, INSERT, UPDATE, DELETE ON {{table}} TO {E}",
    "search_terms": f"GRANT SELECT, INSERT, UPDATE, DELETE ON {{table}} TO {E}",
    "search_state": f"GRANT SELECT ON {{table}} TO {STAFF}; GRANT INSERT, UPDATE ON {{table}} TO {E}",
}

POLICIES = [
    # articles
    ("articles", "nd_articles_reporter_read", "SELECT", R,
     "author_id = newsdesk_uid() OR status = 'published'", None),
    ("articles", "nd_articles_reporter_insert", "INSERT", R, None,
     "author_id = newsdesk_uid() AND status = 'draft'"),
    ("articles", "nd_articles_reporter_update", "UPDATE", R,
     "author_id = newsdesk_uid() AND status IN ('draft', 'returned')",
     "author_id = newsdesk_uid() AND status IN ('draft', 'returned', 'submitted')"),
    ("articles", "nd_articles_editor_read", "SELECT", E, "true", None),
    ("articles", "nd_articles_editor_insert", "INSERT", E, None, "author_id = newsdesk_uid()"),
    ("articles", "nd_articles_editor_update", "UPDATE", E, "true", "true"),
    # secondary channels
    ("article_channels", "nd_ac_read", "SELECT", f"{R}, {E}", VISIBLE_ARTICLE, None),
    ("article_channels", "nd_ac_editor_insert", "INSERT", E, None, "true"),
    ("article_channels", "nd_ac_editor_delete", "DELETE", E, "true", None),
    # revisions: a reporter sees and writes the history of their own articles only
    ("revisions", "nd_rev_reporter_read", "SELECT", R, OWN_ARTICLE, None),
    ("revisions", "nd_rev_reporter_insert", "INSERT", R, None,
     f"user_id = newsdesk_uid() AND {OWN_ARTICLE}"),
    ("revisions", "nd_rev_editor_read", "SELECT", E, "true", None),
    ("revisions", "nd_rev_editor_insert", "INSERT", E, None, "user_id = newsdesk_uid()"),
    ("revisions", "nd_rev_autosave_update", "UPDATE", f"{R}, {E}",
     "user_id = newsdesk_uid() AND reason = 'autosave'", "user_id = newsdesk_uid() AND reason = 'autosave'"),
    # sign-offs
    ("signoffs", "nd_signoff_reporter_read", "SELECT", R, OWN_ARTICLE, None),
    ("signoffs", "nd_signoff_reporter_void", "UPDATE", R, OWN_ARTICLE, f"valid = false AND {OWN_ARTICLE}"),
    ("signoffs", "nd_signoff_editor_read", "SELECT", E, "true", None),
    ("signoffs", "nd_signoff_editor_insert", "INSERT", E, None, "user_id = newsdesk_uid()"),
    ("signoffs", "nd_signoff_editor_update", "UPDATE", E, "true", "true"),
    # comments
    ("comments", "nd_comment_reporter_read", "SELECT", R, OWN_ARTICLE, None),
    ("comments", "nd_comment_reporter_insert", "INSERT", R, None,
     f"user_id = newsdesk_uid() AND {OWN_ARTICLE}"),
    ("comments", "nd_comment_editor_read", "SELECT", E, "true", None),
    ("comments", "nd_comment_editor_insert", "INSERT", E, None, "user_id = newsdesk_uid()"),
    # audit: append your own entries; the chain's hashes are readable, the content only by admins
    ("audit_log", "nd_audit_read_chain", "SELECT", STAFF, "true", None),
    ("audit_log", "nd_audit_append", "INSERT", STAFF, None, "user_id = newsdesk_uid()"),
    # notifications: only the addressee reads or marks them; anyone may notify anyone
    ("notifications", "nd_notif_own_read", "SELECT", STAFF, "user_id = newsdesk_uid()", None),
    ("notifications", "nd_notif_own_update", "UPDATE", STAFF, "user_id = newsdesk_uid()",
     "user_id = newsdesk_uid()"),
    ("notifications", "nd_notif_insert", "INSERT", STAFF, None, "true"),
    # users: names for everyone (column grants hide hashes); admins manage
    ("users", "nd_users_read", "SELECT", STAFF, "true", None),
    ("users", "nd_users_admin_insert", "INSERT", A, None, "true"),
    ("users", "nd_users_admin_update", "UPDATE", A, "true", "true"),
    # assets
    ("assets", "nd_assets_read", "SELECT", f"{R}, {E}", "true", None),
    ("assets", "nd_assets_insert", "INSERT", f"{R}, {E}", None, "created_by = newsdesk_uid()"),
]


def install(c: Executor) -> None:
    """Create the group roles (when allowed), functions, triggers, grants and policies.
    Idempotent: run by migration 0003 and by `newsdesk security pg-setup`."""
    if not is_postgres(c):
        return
    if not groups_exist(c):
        if not can_create_roles(c):
            raise PermissionDenied(
                "需要有 CREATEROLE 权限的数据库账号来创建新闻室角色组。",
                "Creating the newsroom group roles needs a database account with CREATEROLE.")
        # cluster-wide objects: serialise concurrent installers (several databases, one server)
        _x(c, "SELECT pg_advisory_xact_lock(815002)")
        for g in ALL_GROUPS:
            _x(c, f"DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '{g}') "
                  f"THEN CREATE ROLE {g} NOLOGIN; END IF; END $$")
    _ddl(c, FUNCTIONS)
    _ddl(c, GRANTS)
    if can_create_roles(c):
        _ddl(c, CHIEF_IS_EDITOR)
    for table, grant in SEARCH_GRANTS.items():  # the search index (migration 0002), if present
        if _x(c, "SELECT to_regclass(:t)", {"t": table}).scalar() is not None:
            _ddl(c, grant.format(table=table))
    for table in RLS_TABLES:
        _x(c, f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY")
    for table, name, cmd, roles, using, check in POLICIES:
        _x(c, f"DROP POLICY IF EXISTS {name} ON {table}")
        sql = f"CREATE POLICY {name} ON {table} FOR {cmd} TO {roles}"
        if using is not None:
            sql += f" USING ({using})"
        if check is not None:
            sql += f" WITH CHECK ({check})"
        _x(c, sql)
    _x(c, "REVOKE ALL ON FUNCTION newsdesk_uid() FROM PUBLIC")
    _x(c, f"GRANT EXECUTE ON FUNCTION newsdesk_uid() TO {STAFF}")


def install_triggers_only(c: Executor) -> None:
    """What needs no role: the append-only audit trigger and the article rules trigger."""
    if is_postgres(c):
        _ddl(c, FUNCTIONS)


def setup(c: Executor, role_prefix: str = DEFAULT_PREFIX) -> None:
    """Turn newsroom mode on for this database: policies installed, staff roles created by
    UserService.add from now on (with ``role_prefix`` before each login)."""
    if not is_postgres(c):
        raise ValidationError("数据库权限模式只适用于 PostgreSQL 新闻室数据库。",
                              "Server-enforced permissions need the newsroom PostgreSQL database.")
    if not re.fullmatch(r"[a-z][a-z0-9_]{0,20}", role_prefix):
        raise ValidationError("角色前缀只能用小写字母、数字和下划线。", "A role prefix uses a-z, 0-9 and _.")
    install(c)
    for key, value in ((SETTING_ENABLED, "on"), (SETTING_PREFIX, role_prefix)):
        _x(c, "INSERT INTO newsroom_settings (key, value) VALUES (:k, :v) "
              "ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value", {"k": key, "v": value})


def create_staff_role(c: Executor, user_id: int, login: str, password: str,
                      roles: Iterable[str]) -> str:
    """Create the login role of a staff member, put it in its groups, map it to the user."""
    if not can_create_roles(c):
        raise PermissionDenied("您的数据库账号没有 CREATEROLE 权限，无法创建员工的数据库账号。",
                               "Your database account lacks CREATEROLE; cannot create staff roles.")
    name = role_name(login, prefix(c))
    if _x(c, "SELECT 1 FROM pg_roles WHERE rolname = :n", {"n": name}).first():
        raise ValidationError(f"数据库账号“{name}”已存在。", f"The database role “{name}” exists already.")
    groups = sorted({GROUPS[r] for r in roles if r in GROUPS})
    # The verifier, not the password, travels to the server: nothing readable in its logs.
    _ddl(c, f"CREATE ROLE {q(name)} LOGIN PASSWORD '{scram_verifier(password)}'")
    for g in groups:
        _x(c, f"GRANT {g} TO {q(name)}")
    _x(c, "GRANT CONNECT ON DATABASE " + q(current_database(c)) + f" TO {q(name)}")
    _x(c, "INSERT INTO pg_staff_roles (rolname, user_id) VALUES (:n, :u)", {"n": name, "u": user_id})
    log.info("created PostgreSQL staff role %s (groups %s)", name, ",".join(groups))
    return name


def set_staff_groups(c: Executor, login: str, roles: Iterable[str]) -> None:
    name = role_name(login, prefix(c))
    want = {GROUPS[r] for r in roles if r in GROUPS}
    for g in ALL_GROUPS:
        _x(c, f"{'GRANT' if g in want else 'REVOKE'} {g} {'TO' if g in want else 'FROM'} {q(name)}")


def set_staff_password(c: Executor, login: str, password: str) -> None:
    name = role_name(login, prefix(c))
    _ddl(c, f"ALTER ROLE {q(name)} PASSWORD '{scram_verifier(password)}'")


def drop_staff_role(c: Executor, login: str) -> None:
    name = role_name(login, prefix(c))
    _x(c, "DELETE FROM pg_staff_roles WHERE rolname = :n", {"n": name})
    if _x(c, "SELECT 1 FROM pg_roles WHERE rolname = :n", {"n": name}).first():
        _x(c, f"REVOKE CONNECT ON DATABASE {q(current_database(c))} FROM {q(name)}")
        _x(c, f"DROP OWNED BY {q(name)}")
        _x(c, f"DROP ROLE {q(name)}")


def current_database(c: Executor) -> str:
    return str(_x(c, "SELECT current_database()").scalar())


def staff_roles(c: Executor) -> list[tuple[str, str]]:
    """(role, login) pairs mapped in this database."""
    return [(r, lg) for r, lg in _x(c, "SELECT s.rolname, u.login FROM pg_staff_roles s "
                                        "JOIN users u ON u.id = s.user_id ORDER BY s.rolname")]


def on_user_added(s: Session, user_id: int, login: str, password: str, roles: Iterable[str]) -> None:
    """The hook UserService.add calls: in newsroom mode (pg-setup ran on this database) and
    with CREATEROLE, the new staff member gets their PostgreSQL login role too."""
    if not is_postgres(s) or not enabled(s):
        return
    if not can_create_roles(s):
        log.warning("newsroom mode: %s added without a database role (no CREATEROLE)", login)
        return
    create_staff_role(s, user_id, login, password, roles)


def on_user_changed(s: Session, user_id: int, *, active: bool | None = None,
                    roles: Iterable[str] | None = None, password: str | None = None) -> None:
    """The hook UserService.set_active/set_roles/set_password call: the staff member's database
    role follows (disabled → NOLOGIN, role changes → group membership, new password)."""
    if not is_postgres(s) or not enabled(s):
        return
    name = _x(s, "SELECT rolname FROM pg_staff_roles WHERE user_id = :u", {"u": user_id}).scalar()
    if name is None:
        return
    own = _x(s, "SELECT session_user").scalar() == name
    if not can_create_roles(s) and not (own and password is not None and active is None and roles is None):
        log.warning("newsroom mode: database role %s not updated (no CREATEROLE)", name)
        return
    if active is not None:
        _ddl(s, f"ALTER ROLE {q(name)} {'LOGIN' if active else 'NOLOGIN'}")
        if not active:  # end the sessions it has open now
            _x(s, "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = :n AND "
                  "(pg_has_role(current_user, 'pg_signal_backend', 'MEMBER') OR "
                  " (SELECT rolsuper FROM pg_roles WHERE rolname = current_user))", {"n": name})
    if roles is not None:
        want = {GROUPS[r] for r in roles if r in GROUPS}
        for g in ALL_GROUPS:
            _ddl(s, f"GRANT {g} TO {q(name)}" if g in want else f"REVOKE {g} FROM {q(name)}")
    if password is not None:
        _ddl(s, f"ALTER ROLE {q(name)} PASSWORD '{scram_verifier(password)}'")
