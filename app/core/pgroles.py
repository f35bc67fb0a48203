"""Newsroom mode on PostgreSQL: the database server enforces who may do what.

Every staff member logs in with a PostgreSQL role of their own (``<prefix><login>``), member of
this newsroom's group roles. Grants, row-level-security policies and triggers then hold the
workflow's rules on the server, whatever program the staff member connects with.

A server may hold several newsrooms (one database each), so nothing here is cluster-wide:

* The group roles are **per database**: ``<tag>_reporter/_editor/_chief/_admin`` where the tag
  (``newsroom_settings.pg_group_tag``) is derived once from the database name. A group of
  newsroom 1 has no grant, policy or membership check in newsroom 2.
* ``CONNECT`` and ``TEMP`` on the database are revoked from PUBLIC; each *mapped* staff login
  role gets CONNECT to its own newsroom only. A login granted a group by hand and not mapped in
  ``pg_staff_roles`` cannot connect, and if a DBA grants it CONNECT anyway it is still refused
  everything: every table carries a restrictive policy ``newsdesk_uid() IS NOT NULL`` and the
  triggers deny an unmapped session that is not the owner.
* Every trigger and SECURITY DEFINER function pins ``search_path = pg_catalog, pg_temp`` and
  names every object schema-qualified (a temp table cannot shadow ``review_steps``).
* The audit log is written by the server: staff have no INSERT/UPDATE/DELETE on ``audit_log``;
  they call ``public.newsdesk_audit_append(action, article_id, detail)``, which sets the id,
  time, login, ``prev_hash`` and ``hash`` itself (see ``AUDIT_SQL``).
* Nothing a staff role can take stalls the others: the audit chain's head row is locked only
  inside the definer function, with ``SKIP LOCKED`` (a holder delays chaining, never a write);
  advisory-lock and large-object functions are revoked from PUBLIC in the newsroom database;
  UPDATE/INSERT grants are column grants (no table UPDATE, so no ``LOCK TABLE … EXCLUSIVE``; no
  ``id`` column, so no explicit future ids); each staff role gets ``lock_timeout``,
  ``statement_timeout`` and ``idle_in_transaction_session_timeout`` in its newsroom.

The database owner (the account that ran the migrations, used by single-account setups and
admin tools) is not subject to the policies. A staff role is mapped to its user by the
``pg_staff_roles`` table. The workflow's status transitions checked by the article trigger are
``TRANSITIONS`` below; ``tests/security`` checks them against the rulebook.

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
from dataclasses import dataclass

from sqlalchemy import text
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session

from app.core.errors import PermissionDenied, ValidationError

log = logging.getLogger(__name__)

ROLE_KEYS = {"reporter": "reporter", "editor": "editor", "chief_editor": "chief", "admin": "admin"}
LEGACY_GROUPS = {  # before 0005: one cluster-wide set shared by every newsroom on the server
    "reporter": "newsdesk_reporter", "editor": "newsdesk_editor",
    "chief_editor": "newsdesk_chief", "admin": "newsdesk_admin",
}
DEFAULT_PREFIX = "nd_"
SETTING_ENABLED = "pg_staff_roles"  # newsroom_settings key: "on" once pg-setup ran here
SETTING_PREFIX = "pg_role_prefix"
SETTING_TAG = "pg_group_tag"  # the per-newsroom group roles are <tag>_reporter …
# Per staff role, in its newsroom (ALTER ROLE … IN DATABASE): a stuck lock or statement ends
# with a clear message instead of a hang.
TIMEOUTS = {"lock_timeout": "5s", "statement_timeout": "60s", "idle_in_transaction_session_timeout": "120s"}
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


# ---- the newsroom's group roles ------------------------------------------------------------
@dataclass(frozen=True)
class Groups:
    """This newsroom's four group roles (a chief editor's group is a member of the editors')."""

    tag: str

    @property
    def reporter(self) -> str:
        return f"{self.tag}_reporter"

    @property
    def editor(self) -> str:
        return f"{self.tag}_editor"

    @property
    def chief(self) -> str:
        return f"{self.tag}_chief"

    @property
    def admin(self) -> str:
        return f"{self.tag}_admin"

    def all(self) -> tuple[str, str, str, str]:
        return (self.reporter, self.editor, self.chief, self.admin)

    def of(self, app_role: str) -> str | None:
        key = ROLE_KEYS.get(app_role)
        return f"{self.tag}_{key}" if key else None

    def for_roles(self, roles: Iterable[str]) -> set[str]:
        return {g for g in (self.of(r) for r in roles) if g}


def default_tag(dbname: str) -> str:
    """``nd_<database>_<6 hex>``: readable, unique per database name, ≤ 46 characters."""
    slug = re.sub(r"[^a-z0-9]+", "_", dbname.lower()).strip("_")[:34] or "db"
    return f"nd_{slug}_{hashlib.md5(dbname.encode()).hexdigest()[:6]}"


def groups_for_db(dbname: str) -> Groups:
    """The group roles a newsroom database of this name gets at its first pg-setup."""
    return Groups(default_tag(dbname))


def groups(c: Executor) -> Groups:
    """The group roles of the database ``c`` is connected to (the tag is stored at setup, so a
    renamed database keeps its roles)."""
    tag = _x(c, "SELECT value FROM newsroom_settings WHERE key = :k", {"k": SETTING_TAG}).scalar()
    return Groups(tag or default_tag(current_database(c)))


# ---- capability checks ---------------------------------------------------------------------
def is_postgres(c: Executor) -> bool:
    bind = c.get_bind() if isinstance(c, Session) else c
    return bind.dialect.name == "postgresql"


def can_create_roles(c: Executor) -> bool:
    row = _x(c, "SELECT rolsuper OR rolcreaterole FROM pg_roles WHERE rolname = current_user").first()
    return bool(row and row[0])


def is_superuser(c: Executor) -> bool:
    return bool(_x(c, "SELECT rolsuper FROM pg_roles WHERE rolname = current_user").scalar())


def groups_exist(c: Executor) -> bool:
    n = _x(c, "SELECT count(*) FROM pg_roles WHERE rolname = ANY(:g)", {"g": list(groups(c).all())}).scalar()
    return n == 4


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
    can = _x(c, "SELECT coalesce(has_function_privilege(to_regprocedure('public.newsdesk_uid()')::oid, "
                "'EXECUTE'), false)").scalar()
    if not can:
        return None
    uid = _x(c, "SELECT public.newsdesk_uid()").scalar()
    return int(uid) if uid is not None else None


def prefix(c: Executor) -> str:
    v = _x(c, "SELECT value FROM newsroom_settings WHERE key = :k", {"k": SETTING_PREFIX}).scalar()
    return v or DEFAULT_PREFIX


def current_database(c: Executor) -> str:
    return str(_x(c, "SELECT current_database()").scalar())


# ---- the workflow's status changes, as the server checks them -------------------------------
@dataclass(frozen=True)
class Transition:
    """One way an article's status (or review step) may change on the server. ``who``: "author"
    (the article's own author), "editor", "signer" (whoever may sign the step the article is at:
    its role's group, or a chief editor), "chief". ``when``: an extra SQL condition (plpgsql,
    with ``uid`` and ``last_pos`` = the last review step's position)."""

    action: str
    sources: tuple[str, ...]
    target: str
    who: str
    when: str = "true"


REVIEWING = ("submitted", "in_review")
RETURNABLE = ("submitted", "in_review", "approved", "scheduled")
TRANSITIONS: tuple[Transition, ...] = (
    Transition("submit", ("draft", "returned"), "submitted", "author", "NEW.review_step = 0"),
    Transition("submit", ("draft",), "submitted", "editor", "NEW.review_step = 0"),
    Transition("sign", REVIEWING, "in_review", "signer",
               "NEW.review_step = OLD.review_step + 1 AND OLD.review_step < last_pos"),
    Transition("approve", REVIEWING, "approved", "signer",
               "OLD.review_step = last_pos AND NEW.review_step IS NULL AND NEW.signer_id = uid"),
    Transition("return", RETURNABLE, "returned", "editor", "NEW.review_step IS NULL"),
    Transition("return_to_step", RETURNABLE, "submitted", "editor",
               "NEW.review_step = 0 AND 0 < coalesce(OLD.review_step, last_pos + 1)"),
    Transition("return_to_step", RETURNABLE, "in_review", "editor",
               "NEW.review_step > 0 AND NEW.review_step < coalesce(OLD.review_step, last_pos + 1)"),
    Transition("schedule", ("approved", "scheduled"), "scheduled", "chief", "NEW.scheduled_at IS NOT NULL"),
    Transition("publish", ("approved", "scheduled"), "published", "chief"),
    # out of `published` only by 撤稿 (withdraw, which must queue the withdrawal: see
    # newsdesk_article_commit_rules); 更正 (correct) keeps the status `published`
    Transition("withdraw", ("published", "scheduled"), "withdrawn", "chief"),
)
_WHO = {"author": "NEW.author_id = uid", "editor": "is_editor", "chief": "is_chief",
        "signer": "(is_chief OR (step_role = 'editor' AND is_editor))"}


def transition_sql() -> str:
    """The editors' branch of the article trigger: one OR-ed condition per transition."""
    def lst(xs: Iterable[str]) -> str:
        return ", ".join(f"'{x}'" for x in xs)
    parts = [f"(OLD.status IN ({lst(t.sources)}) AND NEW.status = '{t.target}' AND {_WHO[t.who]} "
             f"AND ({t.when}))  -- {t.action}" for t in TRANSITIONS]
    return "ok := " + "\n        OR ".join(parts) + "\n    ;"


def server_allows(role: str, source: str, target: str) -> bool:
    """Whether the server's transition table lets ``role`` (an app role) move an article from
    ``source`` to ``target`` in some circumstance (the rulebook test's view of TRANSITIONS)."""
    for t in TRANSITIONS:
        if source in t.sources and target == t.target:
            if t.who == "author" and role in ("reporter", "editor", "chief_editor"):
                return True
            if t.who in ("editor", "signer") and role in ("editor", "chief_editor"):
                return True
            if t.who == "chief" and role == "chief_editor":
                return True
    return False


# ---- server-side objects (no roles needed: installed by the migrations) ---------------------
_DENY_UNMAPPED = """
    IF public.newsdesk_is_owner() THEN
      RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
    END IF;
    RAISE EXCEPTION 'newsdesk: database account % is not a staff member of this newsroom (数据库账号 % 未登记为本新闻室员工)',
      session_user, session_user USING ERRCODE = 'insufficient_privilege';"""


def local_sql() -> str:
    """Tables, functions and triggers of this database. Every function pins its search_path
    and names everything schema-qualified; the security-relevant ones are SECURITY DEFINER
    only where they must read what the caller may not."""
    return r"""
CREATE TABLE IF NOT EXISTS public.pg_staff_roles (
  rolname varchar(63) PRIMARY KEY,
  user_id integer NOT NULL UNIQUE REFERENCES public.users(id) ON DELETE CASCADE
);

CREATE OR REPLACE FUNCTION public.newsdesk_uid() RETURNS integer
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS
$$ SELECT user_id FROM public.pg_staff_roles WHERE rolname = session_user $$;

-- the owner of the newsroom's tables (or a superuser): the maintenance account, not staff
CREATE OR REPLACE FUNCTION public.newsdesk_is_owner() RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS
$$ SELECT coalesce((SELECT rolsuper FROM pg_catalog.pg_roles WHERE rolname = session_user), false)
       OR pg_catalog.pg_has_role(session_user,
            (SELECT relowner FROM pg_catalog.pg_class WHERE oid = 'public.articles'::pg_catalog.regclass),
            'MEMBER') $$;

-- member of this newsroom's group <tag>_<key> (before pg-setup moved a newsroom of an older
-- version to its own groups: the shared newsdesk_<key>)
CREATE OR REPLACE FUNCTION public.newsdesk_in_group(k text) RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS
$$ SELECT coalesce((SELECT pg_catalog.pg_has_role(session_user, r.oid, 'MEMBER')
                    FROM pg_catalog.pg_roles r
                    WHERE r.rolname = coalesce((SELECT s.value FROM public.newsroom_settings s
                                                WHERE s.key = 'pg_group_tag'), 'newsdesk') || '_' || k), false) $$;

CREATE OR REPLACE FUNCTION public.newsdesk_audit_append_only() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS
$$ BEGIN
  RAISE EXCEPTION 'newsdesk: the audit log is append-only (审计日志只能追加)'
    USING ERRCODE = 'insufficient_privilege';
END $$;

-- An id a staff member inserts comes from the table's sequence (the ORM may fetch it first):
-- never one ahead of it, which would make a colleague's next insert fail.
CREATE OR REPLACE FUNCTION public.newsdesk_no_future_id() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS
$$
DECLARE
  last bigint;
BEGIN
  IF public.newsdesk_is_owner() THEN
    RETURN NEW;
  END IF;
  EXECUTE pg_catalog.format('SELECT last_value FROM %s', TG_ARGV[0]::pg_catalog.regclass) INTO last;
  IF NEW.id IS NULL OR NEW.id > last THEN
    RAISE EXCEPTION 'newsdesk: ids come from the sequence (编号只能由数据库分配)' USING ERRCODE = 'insufficient_privilege';
  END IF;
  RETURN NEW;
END $$;

-- ---- the audit log, written by the server ----
CREATE TABLE IF NOT EXISTS public.audit_pending (
  id bigserial PRIMARY KEY,
  at timestamptz NOT NULL,
  user_id integer,
  user_login varchar(64) NOT NULL,
  action varchar(48) NOT NULL,
  article_id integer,
  detail text NOT NULL
);
CREATE TABLE IF NOT EXISTS public.audit_head (
  one boolean PRIMARY KEY DEFAULT true CHECK (one),
  last_id integer NOT NULL,
  n bigint NOT NULL,
  hash varchar(64) NOT NULL
);
INSERT INTO public.audit_head (one, last_id, n, hash)
  SELECT true, coalesce(max(id), 0), count(*),
         coalesce((SELECT hash FROM public.audit_log ORDER BY id DESC LIMIT 1), '')
  FROM public.audit_log
ON CONFLICT (one) DO NOTHING;

-- the chain's hash, version 2 (app/core/services/audit_chain.py computes the same)
CREATE OR REPLACE FUNCTION public.newsdesk_audit_hash(p_id integer, p_at timestamptz, p_user_id integer,
  p_login text, p_action text, p_article_id integer, p_detail text, p_prev text) RETURNS text
LANGUAGE sql IMMUTABLE SET search_path = pg_catalog, pg_temp AS
$$ SELECT pg_catalog.encode(pg_catalog.sha256(pg_catalog.convert_to(
     'nd2|' || p_id::text || '|' || pg_catalog.to_char(p_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS')
     || '|' || coalesce(p_user_id::text, '') || '|' || p_login || '|' || p_action || '|'
     || coalesce(p_article_id::text, '') || '|' || p_detail || '|' || p_prev, 'UTF8')), 'hex') $$;

-- Chain the committed (and this transaction's own) pending entries onto the log. The head row
-- is taken with SKIP LOCKED: a transaction that holds it (even one left idle on purpose)
-- delays chaining, never anyone's write; the next append or `audit verify` chains the rest.
CREATE OR REPLACE FUNCTION public.newsdesk_audit_seal() RETURNS integer
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS
$$
DECLARE
  h record;
  p record;
  v_id integer;
  v_hash text;
  moved integer := 0;
BEGIN
  SELECT last_id, n, hash INTO h FROM public.audit_head WHERE one FOR UPDATE SKIP LOCKED;
  IF NOT FOUND THEN
    RETURN 0;
  END IF;
  v_id := greatest(h.last_id, coalesce((SELECT max(id) FROM public.audit_log), 0));
  FOR p IN SELECT * FROM public.audit_pending ORDER BY id LOOP
    DELETE FROM public.audit_pending WHERE id = p.id;
    v_id := v_id + 1;
    v_hash := public.newsdesk_audit_hash(v_id, p.at, p.user_id, p.user_login, p.action, p.article_id,
                                         p.detail, h.hash);
    INSERT INTO public.audit_log (id, at, user_id, user_login, action, article_id, detail, prev_hash, hash)
      VALUES (v_id, p.at, p.user_id, p.user_login, p.action, p.article_id, p.detail::json, h.hash, v_hash);
    h.hash := v_hash;
    h.n := h.n + 1;
    moved := moved + 1;
  END LOOP;
  IF moved > 0 THEN
    UPDATE public.audit_head SET last_id = v_id, n = h.n, hash = h.hash WHERE one;
  END IF;
  RETURN moved;
END $$;

-- The one way to write the audit log. A staff member's entries carry their own id and login,
-- whatever they pass; the owner (the app without newsroom mode) names the actor.
CREATE OR REPLACE FUNCTION public.newsdesk_audit_append(p_action text, p_article_id integer, p_detail text,
  p_user_id integer DEFAULT NULL, p_user_login text DEFAULT NULL) RETURNS bigint
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS
$$
DECLARE
  uid integer := public.newsdesk_uid();
  v_id bigint;
BEGIN
  IF uid IS NOT NULL THEN
    p_user_id := uid;
    p_user_login := (SELECT u.login FROM public.users u WHERE u.id = uid);
  ELSIF NOT public.newsdesk_is_owner() THEN
    RAISE EXCEPTION 'newsdesk: database account % is not a staff member of this newsroom (数据库账号 % 未登记为本新闻室员工)',
      session_user, session_user USING ERRCODE = 'insufficient_privilege';
  END IF;
  p_detail := coalesce(p_detail, '{}');
  PERFORM p_detail::json;
  INSERT INTO public.audit_pending (at, user_id, user_login, action, article_id, detail)
    VALUES (pg_catalog.date_trunc('milliseconds', pg_catalog.clock_timestamp()), p_user_id,
            coalesce(p_user_login, 'system'), p_action, p_article_id, p_detail)
    RETURNING id INTO v_id;
  BEGIN
    PERFORM public.newsdesk_audit_seal();
  EXCEPTION WHEN serialization_failure OR lock_not_available THEN
    NULL;  -- chained by the next append
  END;
  RETURN v_id;
END $$;

-- ---- articles: the workflow's status changes ----
CREATE OR REPLACE FUNCTION public.newsdesk_article_rules() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS
$$
DECLARE
  uid integer := public.newsdesk_uid();
  is_editor boolean;
  is_chief boolean;
  step_role text;
  last_pos integer;
  ok boolean;
BEGIN
  IF uid IS NULL THEN""" + _DENY_UNMAPPED + r"""
  END IF;
  IF TG_OP = 'DELETE' THEN
    RAISE EXCEPTION 'newsdesk: articles are withdrawn, never deleted (稿件只能撤稿，不能删除)'
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  is_chief := public.newsdesk_in_group('chief');
  is_editor := is_chief OR public.newsdesk_in_group('editor');
  IF TG_OP = 'INSERT' THEN
    IF NEW.status IS DISTINCT FROM 'draft' OR NEW.author_id IS DISTINCT FROM uid OR NEW.signer_id IS NOT NULL
       OR NEW.review_step IS NOT NULL OR NEW.first_published_at IS NOT NULL OR NEW.scheduled_at IS NOT NULL
       OR NEW.updated_published_at IS NOT NULL THEN
      RAISE EXCEPTION 'newsdesk: a new article starts as your own draft (新稿件只能是本人的草稿)'
        USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN NEW;
  END IF;
  IF NEW.id IS DISTINCT FROM OLD.id OR NEW.uuid IS DISTINCT FROM OLD.uuid
     OR NEW.author_id IS DISTINCT FROM OLD.author_id OR NEW.created_at IS DISTINCT FROM OLD.created_at THEN
    RAISE EXCEPTION 'newsdesk: author and identity of an article never change (作者与稿件标识不能修改)'
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  IF NOT is_editor THEN  -- a reporter (their own draft or returned article: row-level security)
    IF (NEW.status IS DISTINCT FROM OLD.status OR NEW.review_step IS DISTINCT FROM OLD.review_step)
       AND NOT (OLD.status IN ('draft', 'returned') AND NEW.status = 'submitted' AND NEW.review_step = 0) THEN
      RAISE EXCEPTION 'newsdesk: a reporter may only submit (记者只能提交稿件) (% -> %)', OLD.status, NEW.status
        USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN NEW;
  END IF;
  SELECT max(s.position) INTO last_pos FROM public.review_steps s;
  IF NEW.status IS DISTINCT FROM OLD.status OR NEW.review_step IS DISTINCT FROM OLD.review_step THEN
    SELECT s.role INTO step_role FROM public.review_steps s WHERE s.position = OLD.review_step;
    """ + transition_sql() + r"""
    IF NOT coalesce(ok, false) THEN
      RAISE EXCEPTION 'newsdesk: % -> % (step % -> %) is not a workflow step you may take (不允许的状态变更)',
        OLD.status, NEW.status, OLD.review_step, NEW.review_step USING ERRCODE = 'insufficient_privilege';
    END IF;
  END IF;
  IF NEW.signer_id IS DISTINCT FROM OLD.signer_id AND NOT (
       (NEW.signer_id = uid AND NEW.status = 'approved' AND OLD.status IN ('submitted', 'in_review'))
    OR (NEW.signer_id IS NULL AND NEW.status IN ('submitted', 'in_review')
        AND OLD.status IN ('submitted', 'in_review', 'approved', 'scheduled'))) THEN
    RAISE EXCEPTION 'newsdesk: the signer (签发人) is set only by signing the last step'
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  IF (NEW.first_published_at IS DISTINCT FROM OLD.first_published_at
      AND NOT (is_chief AND NEW.status = 'published' AND OLD.first_published_at IS NULL))
     OR (NEW.updated_published_at IS DISTINCT FROM OLD.updated_published_at
         AND NOT (is_chief AND NEW.status = 'published'))
     OR (NEW.correction_note IS DISTINCT FROM OLD.correction_note AND NOT is_chief)
     OR (NEW.scheduled_at IS DISTINCT FROM OLD.scheduled_at AND NEW.scheduled_at IS NOT NULL
         AND NOT (is_chief AND NEW.status = 'scheduled')) THEN
    RAISE EXCEPTION 'newsdesk: publication times and correction notes are set by a chief editor (发布时间与更正说明由总编辑设定)'
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  RETURN NEW;
END $$;

-- checked at commit: a signing step carries the signer's own sign-off; 撤稿 queues the
-- withdrawal for every push target (WordPress and the portal drop the post)
CREATE OR REPLACE FUNCTION public.newsdesk_article_commit_rules() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS
$$
DECLARE
  uid integer := public.newsdesk_uid();
BEGIN
  IF uid IS NULL THEN
    RETURN NULL;  -- the owner: the row trigger refused everyone else already
  END IF;
  IF OLD.status IN ('submitted', 'in_review') AND (NEW.status = 'approved'
       OR (NEW.status = 'in_review' AND NEW.review_step = OLD.review_step + 1))
     AND NOT EXISTS (SELECT 1 FROM public.signoffs s WHERE s.article_id = NEW.id AND s.step = OLD.review_step
                     AND s.user_id = uid AND s.valid) THEN
    RAISE EXCEPTION 'newsdesk: a review step is signed with your own sign-off (签审须有本人的签字记录)'
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  IF OLD.status = 'published' AND NEW.status = 'withdrawn' AND EXISTS (
       SELECT 1 FROM public.publish_targets t WHERE t.enabled AND t.kind IN ('portal', 'wordpress')
       AND NOT EXISTS (SELECT 1 FROM public.outbox o WHERE o.article_id = NEW.id AND o.target_id = t.id
                       AND o.action = 'withdraw' AND o.state = 'pending')) THEN
    RAISE EXCEPTION 'newsdesk: 撤稿 queues the withdrawal for every publishing target (撤稿须通知所有发布目标)'
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  RETURN NULL;
END $$;

-- sign-offs: your own, under your own name, for a step you may sign; voided, never revived
CREATE OR REPLACE FUNCTION public.newsdesk_signoff_rules() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS
$$
DECLARE
  uid integer := public.newsdesk_uid();
  a record;
  st record;
BEGIN
  IF uid IS NULL THEN""" + _DENY_UNMAPPED + r"""
  END IF;
  IF TG_OP = 'DELETE' THEN
    RAISE EXCEPTION 'newsdesk: sign-offs are never deleted (签字记录不能删除)' USING ERRCODE = 'insufficient_privilege';
  END IF;
  IF TG_OP = 'UPDATE' THEN
    IF (NEW.valid AND NOT OLD.valid) OR (NEW.article_id, NEW.step, NEW.step_name, NEW.user_id, NEW.signer_name,
        NEW.signed_at, NEW.comment) IS DISTINCT FROM (OLD.article_id, OLD.step, OLD.step_name, OLD.user_id,
        OLD.signer_name, OLD.signed_at, OLD.comment) THEN
      RAISE EXCEPTION 'newsdesk: a sign-off can only be voided (签字记录只能作废)' USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN NEW;
  END IF;
  IF NEW.user_id IS DISTINCT FROM uid OR NOT NEW.valid
     OR NEW.signer_name IS DISTINCT FROM (SELECT u.real_name FROM public.users u WHERE u.id = uid) THEN
    RAISE EXCEPTION 'newsdesk: you sign only as yourself (只能以本人名义签字)' USING ERRCODE = 'insufficient_privilege';
  END IF;
  SELECT ar.status, ar.review_step INTO a FROM public.articles ar WHERE ar.id = NEW.article_id;
  SELECT s.position, s.name, s.role INTO st FROM public.review_steps s WHERE s.position = NEW.step;
  IF st.position IS NULL OR NEW.step_name IS DISTINCT FROM st.name
     OR NOT (public.newsdesk_in_group('chief') OR (st.role = 'editor' AND public.newsdesk_in_group('editor')))
     OR NOT ((a.status IN ('submitted', 'in_review') AND a.review_step = NEW.step)
             OR (a.status = 'in_review' AND a.review_step = NEW.step + 1)
             OR (a.status = 'approved' AND NEW.step = (SELECT max(s.position) FROM public.review_steps s))) THEN
    RAISE EXCEPTION 'newsdesk: you may not sign this step of this article (无权签署此审核步骤)'
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  RETURN NEW;
END $$;

DROP TRIGGER IF EXISTS newsdesk_audit_no_change ON public.audit_log;
CREATE TRIGGER newsdesk_audit_no_change BEFORE UPDATE OR DELETE ON public.audit_log
  FOR EACH ROW EXECUTE FUNCTION public.newsdesk_audit_append_only();
DROP TRIGGER IF EXISTS newsdesk_audit_no_truncate ON public.audit_log;
CREATE TRIGGER newsdesk_audit_no_truncate BEFORE TRUNCATE ON public.audit_log
  FOR EACH STATEMENT EXECUTE FUNCTION public.newsdesk_audit_append_only();
DROP TRIGGER IF EXISTS newsdesk_article_rules ON public.articles;
CREATE TRIGGER newsdesk_article_rules BEFORE INSERT OR UPDATE OR DELETE ON public.articles
  FOR EACH ROW EXECUTE FUNCTION public.newsdesk_article_rules();
DROP TRIGGER IF EXISTS newsdesk_article_commit_rules ON public.articles;
CREATE CONSTRAINT TRIGGER newsdesk_article_commit_rules AFTER UPDATE ON public.articles
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION public.newsdesk_article_commit_rules();
DROP TRIGGER IF EXISTS newsdesk_signoff_rules ON public.signoffs;
CREATE TRIGGER newsdesk_signoff_rules BEFORE INSERT OR UPDATE OR DELETE ON public.signoffs
  FOR EACH ROW EXECUTE FUNCTION public.newsdesk_signoff_rules();

REVOKE ALL ON FUNCTION public.newsdesk_audit_seal(), public.newsdesk_audit_append(text, integer, text, integer, text)
  FROM PUBLIC;
"""


# ---- grants and policies of this newsroom's groups (pg-setup) ------------------------------
# Tables whose rows staff see or write under row-dependent rules; every other table a group has
# a grant on gets one open policy (its grants decide), and every table the restrictive
# ``nd_mapped`` policy: an unmapped session sees and writes nothing.
RLS_TABLES = ("articles", "article_channels", "revisions", "signoffs", "comments", "audit_log",
              "notifications", "users", "assets")
OWN_ARTICLE = "article_id IN (SELECT a.id FROM public.articles a WHERE a.author_id = (SELECT public.newsdesk_uid()))"
VISIBLE_ARTICLE = "article_id IN (SELECT a.id FROM public.articles a)"  # the caller's articles policy applies
UID = "(SELECT public.newsdesk_uid())"
# what a reporter may change in their own draft (and what the lease and save bookkeeping need)
REPORTER_ARTICLE_COLUMNS = (
    "pretitle, title, subtitle, summary, body, dateline, origin, source_id, source_url, original_author, "
    "original_title, original_time, topics, keywords, contributors, cover_asset_id, primary_channel_id, chars, "
    "updated_at, version, status, review_step, lease_user_id, lease_since, lease_expires_at")


STAFF_INSERT_TABLES = ("notifications", "assets", "sources", "articles", "revisions", "signoffs", "comments",
                       "outbox", "users", "channels", "banned_words", "publish_targets", "search_queue",
                       "search_docs", "search_text", "search_terms")


def _columns(c: Executor, table: str, exclude: Iterable[str] = ("id",)) -> str:
    cols = [r for (r,) in _x(c, "SELECT column_name FROM information_schema.columns WHERE table_schema = 'public' "
                                "AND table_name = :t ORDER BY ordinal_position", {"t": table})]
    return ", ".join(q(x) for x in cols if x not in set(exclude))


def grants_sql(c: Executor, g: Groups) -> list[str]:
    R, E, C, A = g.all()
    staff = f"{R}, {E}, {C}, {A}"

    def ins(t: str) -> str:  # the id too (the ORM may fetch it first): no future id, see NO_FUTURE_ID
        return f"INSERT ({_columns(c, t, ())})"

    def upd(t: str, exclude: Iterable[str] = ("id",)) -> str:
        return f"UPDATE ({_columns(c, t, exclude)})"
    out = [
        f"GRANT USAGE ON SCHEMA public TO {staff}",
        f"GRANT SELECT ON alembic_version, channels, sources, review_steps, banned_words, newsroom_settings, "
        f"user_roles TO {staff}",
        f"GRANT SELECT (id, login, real_name, active, created_at) ON users TO {staff}",
        f"GRANT SELECT, UPDATE (read_at) ON notifications TO {staff}",
        f"GRANT {ins('notifications')} ON notifications TO {staff}",
        f"GRANT SELECT, {ins('assets')} ON assets TO {R}, {E}",
        f"GRANT {ins('sources')} ON sources TO {R}, {E}",
        f"GRANT SELECT, {ins('articles')} ON articles TO {R}, {E}",
        f"GRANT UPDATE ({REPORTER_ARTICLE_COLUMNS}) ON articles TO {R}",
        f"GRANT {upd('articles', ('id', 'uuid', 'author_id', 'created_at'))} ON articles TO {E}",
        f"GRANT SELECT ON article_channels TO {R}",
        f"GRANT SELECT, INSERT, DELETE ON article_channels TO {E}",  # no id column: (article, channel)
        f"GRANT SELECT, {ins('revisions')}, UPDATE (snapshot, created_at) ON revisions TO {R}, {E}",
        f"GRANT SELECT, UPDATE (valid) ON signoffs TO {R}",
        f"GRANT SELECT, {ins('signoffs')}, UPDATE (valid) ON signoffs TO {E}",
        f"GRANT SELECT, {ins('comments')} ON comments TO {R}, {E}",
        f"GRANT SELECT (id, name, kind, url, enabled) ON publish_targets TO {E}",
        f"GRANT SELECT, {ins('outbox')} ON outbox TO {C}",
        f"GRANT SELECT ON remote_mappings TO {E}",
        f"GRANT EXECUTE ON FUNCTION public.newsdesk_audit_append(text, integer, text, integer, text), "
        f"public.newsdesk_audit_seal() TO {staff}",
    ]
    for t in ("users", "channels", "sources", "review_steps", "banned_words", "publish_targets"):
        out.append(f"GRANT SELECT, {ins(t)}, {upd(t)} ON {t} TO {A}")
    out += [
        f"GRANT SELECT, INSERT, DELETE ON user_roles TO {A}",  # (user, role): no id column
        f"GRANT SELECT, INSERT, UPDATE (value) ON newsroom_settings TO {A}",
        f"GRANT DELETE ON user_roles, channels, review_steps, banned_words, publish_targets TO {A}",
        f"GRANT SELECT ON audit_log, pg_staff_roles TO {A}",
    ]
    # sequences: only those of the tables staff insert into (nextval for the id), each with the
    # trigger that refuses an id ahead of its sequence
    for t in STAFF_INSERT_TABLES:
        has_id = _x(c, "SELECT 1 FROM information_schema.columns WHERE table_schema = 'public' "
                       "AND table_name = :t AND column_name = 'id'", {"t": t}).first()
        seq = _x(c, "SELECT pg_get_serial_sequence(:t, 'id')", {"t": f"public.{t}"}).scalar() if has_id else None
        if seq:
            out.append(f"GRANT USAGE ON SEQUENCE {seq} TO {staff}")
            out.append(f"DROP TRIGGER IF EXISTS newsdesk_no_future_id ON public.{t}")
            out.append(f"CREATE TRIGGER newsdesk_no_future_id BEFORE INSERT ON public.{t} FOR EACH ROW "
                       f"EXECUTE FUNCTION public.newsdesk_no_future_id('{seq}')")
    # the search index's tables. Triggers on ``articles`` append to search_queue as the
    # writer; the index holds every article's text: only editors read and maintain it.
    search = {
        "search_queue": f"GRANT {{ins}} ON {{t}} TO {staff}; GRANT SELECT, DELETE ON {{t}} TO {E}",
        "search_docs": f"GRANT SELECT, {{ins}}, {{upd}}, DELETE ON {{t}} TO {E}",
        "search_text": f"GRANT SELECT, {{ins}}, {{upd}}, DELETE ON {{t}} TO {E}",
        "search_terms": f"GRANT SELECT, {{ins}}, {{upd}}, DELETE ON {{t}} TO {E}",
        "search_plain": f"GRANT SELECT, {{ins}}, {{upd}}, DELETE ON {{t}} TO {E}",  # 0012
        "search_trigrams": f"GRANT SELECT, {{ins}}, DELETE ON {{t}} TO {E}",  # 0013
        "search_state": f"GRANT SELECT ON {{t}} TO {staff}; GRANT {{ins}}, {{upd}} ON {{t}} TO {E}",
    }
    # the photo desk (0007), the render cache (0009), story plans (0011): tables later than the
    # article workflow, granted the same way when present. The render cache holds every
    # article's rendered text: editors only, like the search index.
    search |= {
        "article_media": f"GRANT SELECT, INSERT, DELETE ON {{t}} TO {R}, {E}",
        "render_cache": f"GRANT SELECT, {{ins}}, {{upd}} ON {{t}} TO {E}",
        "plans": f"GRANT SELECT, {{ins}}, {{upd}} ON {{t}} TO {R}, {E}",
        "plan_assignments": f"GRANT SELECT ON {{t}} TO {R}, {E}; GRANT INSERT, DELETE ON {{t}} TO {C}",
        "plan_articles": f"GRANT SELECT, INSERT ON {{t}} TO {R}, {E}",
        "plan_notes": f"GRANT SELECT, {{ins}} ON {{t}} TO {R}, {E}",
    }
    for t, grant in search.items():
        if _x(c, "SELECT to_regclass(:t)", {"t": f"public.{t}"}).scalar() is not None:
            out += grant.format(t=t, ins=f"INSERT ({_columns(c, t, ())})",
                                upd=f"UPDATE ({_columns(c, t, ())})").split("; ")
    media = [col for col in MEDIA_META_COLUMNS if _x(
        c, "SELECT 1 FROM information_schema.columns WHERE table_schema = 'public' AND table_name = 'assets' "
           "AND column_name = :n", {"n": col}).first()]
    if media:
        out.append(f"GRANT UPDATE ({', '.join(media)}) ON assets TO {R}, {E}")
    for t in ("plans", "plan_notes"):
        seq = (_x(c, "SELECT pg_get_serial_sequence(:t, 'id')", {"t": f"public.{t}"}).scalar()
               if _x(c, "SELECT to_regclass(:t)", {"t": f"public.{t}"}).scalar() else None)
        if seq:
            out.append(f"GRANT USAGE ON SEQUENCE {seq} TO {staff}")
            out.append(f"DROP TRIGGER IF EXISTS newsdesk_no_future_id ON public.{t}")
            out.append(f"CREATE TRIGGER newsdesk_no_future_id BEFORE INSERT ON public.{t} FOR EACH ROW "
                       f"EXECUTE FUNCTION public.newsdesk_no_future_id('{seq}')")
    return out


MEDIA_META_COLUMNS = ("caption", "credit", "alt", "keywords", "taken_at", "place", "rights", "rights_source",
                      "camera", "crops", "updated_at")  # what the photo desk describes (0007)


def plan_sql() -> str:
    """The story plans' trigger, generated from the rulebook's PLAN_ACTIONS: a status changes
    only as an action there allows, for the roles (or the proposer) it names; an insert is a
    proposal by the caller. Stored statuses only: 进行中/已成稿/已发布 are derived from the
    stories, so a plan in them is stored as 'approved'."""
    from app.core.domain import PlanStatus, Role
    from app.core.rulebook import PLAN_ACTIONS

    stored = {PlanStatus.PROPOSED, PlanStatus.PENDING, PlanStatus.APPROVED, PlanStatus.REJECTED,
              PlanStatus.CANCELLED}
    derived = {PlanStatus.IN_PROGRESS, PlanStatus.DRAFTED, PlanStatus.PUBLISHED}
    who = {Role.CHIEF_EDITOR: "is_chief", Role.EDITOR: "is_editor", Role.REPORTER: "true", Role.ADMIN: "false"}
    parts = []
    for a in PLAN_ACTIONS:
        if a.to_state is None:
            continue
        sources = sorted({PlanStatus.APPROVED.value if s in derived else str(s) for s in a.from_states} & {
            str(s) for s in stored})
        prop = sorted({PlanStatus.APPROVED.value if s in derived else str(s) for s in a.proposer_states} & {
            str(s) for s in stored})
        roles = " OR ".join(who[r] for r in sorted(a.roles)) or "false"
        cond = f"({roles})"
        if prop:
            cond = f"({cond} OR (OLD.proposer_id = uid AND OLD.status IN ({', '.join(repr(x) for x in prop)})))"
        parts.append(f"(OLD.status IN ({', '.join(repr(x) for x in sources)}) AND NEW.status = '{a.to_state}' "
                     f"AND {cond})  -- {a.name}")
    allowed = "\n      OR ".join(parts)
    return f"""
CREATE OR REPLACE FUNCTION public.newsdesk_plan_rules() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  uid integer := public.newsdesk_uid();
  is_chief boolean;
  is_editor boolean;
BEGIN
  IF public.newsdesk_is_owner() THEN
    RETURN NEW;
  END IF;
  IF uid IS NULL THEN
    RAISE EXCEPTION 'newsdesk: not a staff member of this newsroom (未登记为本新闻室员工)'
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  is_chief := public.newsdesk_in_group('chief');
  is_editor := is_chief OR public.newsdesk_in_group('editor');
  IF TG_OP = 'INSERT' THEN
    IF NEW.status <> 'proposed' OR NEW.proposer_id <> uid THEN
      RAISE EXCEPTION 'newsdesk: a plan starts as your own proposal (选题只能以本人名义报题)'
        USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN NEW;
  END IF;
  IF NEW.proposer_id <> OLD.proposer_id OR NEW.id <> OLD.id THEN
    RAISE EXCEPTION 'newsdesk: the proposer of a plan does not change (报题人不能更改)'
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  IF NEW.status IS DISTINCT FROM OLD.status AND NOT (
         {allowed}
     ) THEN
    RAISE EXCEPTION 'newsdesk: plan % cannot go from % to % for you (选题状态变更不被允许)', OLD.id, OLD.status, NEW.status
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  -- a reporter changes only their own open proposal (the policy also says so)
  IF NOT is_editor AND NOT (OLD.proposer_id = uid AND OLD.status IN ('proposed', 'pending')) THEN
    RAISE EXCEPTION 'newsdesk: only editors change this plan (只有编辑可以修改这个选题)'
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  -- the date and deadline move people's work: the chief's (the proposer's while it is open)
  IF (NEW.planned_date IS DISTINCT FROM OLD.planned_date OR NEW.deadline IS DISTINCT FROM OLD.deadline)
     AND NOT is_chief AND NOT (OLD.proposer_id = uid AND OLD.status IN ('proposed', 'pending')) THEN
    RAISE EXCEPTION 'newsdesk: only the chief editor reschedules this plan (只有总编辑可以改期)'
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  RETURN NEW;
END $$;
DROP TRIGGER IF EXISTS newsdesk_plan_rules ON public.plans;
CREATE TRIGGER newsdesk_plan_rules BEFORE INSERT OR UPDATE ON public.plans
  FOR EACH ROW EXECUTE FUNCTION public.newsdesk_plan_rules();
"""


def install_plans(c: Executor) -> None:
    """The plan trigger, once the plans table exists (migration 0011 and later)."""
    if is_postgres(c) and _x(c, "SELECT to_regclass('public.plans')").scalar() is not None:
        _ddl(c, plan_sql())


def policies(g: Groups) -> list[tuple[str, str, str, str, str | None, str | None]]:
    R, E, C, A = g.all()
    staff = f"{R}, {E}, {C}, {A}"
    return [
        # articles
        ("articles", "nd_articles_reporter_read", "SELECT", R, f"author_id = {UID} OR status = 'published'", None),
        ("articles", "nd_articles_reporter_insert", "INSERT", R, None, f"author_id = {UID} AND status = 'draft'"),
        ("articles", "nd_articles_reporter_update", "UPDATE", R,
         f"author_id = {UID} AND status IN ('draft', 'returned')",
         f"author_id = {UID} AND status IN ('draft', 'returned', 'submitted')"),
        ("articles", "nd_articles_editor_read", "SELECT", E, "true", None),
        ("articles", "nd_articles_editor_insert", "INSERT", E, None, f"author_id = {UID}"),
        ("articles", "nd_articles_editor_update", "UPDATE", E, "true", "true"),
        # secondary channels
        ("article_channels", "nd_ac_read", "SELECT", f"{R}, {E}", VISIBLE_ARTICLE, None),
        ("article_channels", "nd_ac_editor_insert", "INSERT", E, None, "true"),
        ("article_channels", "nd_ac_editor_delete", "DELETE", E, "true", None),
        # revisions: a reporter sees and writes the history of their own articles only
        ("revisions", "nd_rev_reporter_read", "SELECT", R, OWN_ARTICLE, None),
        ("revisions", "nd_rev_reporter_insert", "INSERT", R, None, f"user_id = {UID} AND {OWN_ARTICLE}"),
        ("revisions", "nd_rev_editor_read", "SELECT", E, "true", None),
        ("revisions", "nd_rev_editor_insert", "INSERT", E, None, f"user_id = {UID}"),
        ("revisions", "nd_rev_autosave_update", "UPDATE", f"{R}, {E}",
         f"user_id = {UID} AND reason = 'autosave'", f"user_id = {UID} AND reason = 'autosave'"),
        # sign-offs (the trigger checks name, step and signer)
        ("signoffs", "nd_signoff_reporter_read", "SELECT", R, OWN_ARTICLE, None),
        ("signoffs", "nd_signoff_reporter_void", "UPDATE", R, OWN_ARTICLE, f"valid = false AND {OWN_ARTICLE}"),
        ("signoffs", "nd_signoff_editor_read", "SELECT", E, "true", None),
        ("signoffs", "nd_signoff_editor_insert", "INSERT", E, None, f"user_id = {UID}"),
        ("signoffs", "nd_signoff_editor_update", "UPDATE", E, "true", "true"),
        # comments
        ("comments", "nd_comment_reporter_read", "SELECT", R, OWN_ARTICLE, None),
        ("comments", "nd_comment_reporter_insert", "INSERT", R, None, f"user_id = {UID} AND {OWN_ARTICLE}"),
        ("comments", "nd_comment_editor_read", "SELECT", E, "true", None),
        ("comments", "nd_comment_editor_insert", "INSERT", E, None, f"user_id = {UID}"),
        # audit: written only by newsdesk_audit_append(); read by admins
        ("audit_log", "nd_audit_admin_read", "SELECT", A, "true", None),
        # notifications: only the addressee reads or marks them; anyone here may notify anyone here
        ("notifications", "nd_notif_own_read", "SELECT", staff, f"user_id = {UID}", None),
        ("notifications", "nd_notif_own_update", "UPDATE", staff, f"user_id = {UID}", f"user_id = {UID}"),
        ("notifications", "nd_notif_insert", "INSERT", staff, None, "true"),
        # users: names for everyone (column grants hide hashes); admins manage
        ("users", "nd_users_read", "SELECT", staff, "true", None),
        ("users", "nd_users_admin_insert", "INSERT", A, None, "true"),
        ("users", "nd_users_admin_update", "UPDATE", A, "true", "true"),
        # assets
        ("assets", "nd_assets_read", "SELECT", f"{R}, {E}", "true", None),
        ("assets", "nd_assets_insert", "INSERT", f"{R}, {E}", None, f"created_by = {UID}"),
        ("assets", "nd_assets_describe", "UPDATE", f"{R}, {E}", "true", "true"),  # caption, credit (0007)
        # 图集 rows: of the articles the caller may see; editors change any, reporters their own
        ("article_media", "nd_am_read", "SELECT", f"{R}, {E}", VISIBLE_ARTICLE, None),
        ("article_media", "nd_am_reporter_write", "INSERT", R, None, OWN_ARTICLE),
        ("article_media", "nd_am_reporter_delete", "DELETE", R, OWN_ARTICLE, None),
        ("article_media", "nd_am_editor_write", "INSERT", E, None, "true"),
        ("article_media", "nd_am_editor_delete", "DELETE", E, "true", None),
        # story plans (选题): the newsroom's list is open to its staff; what changes is the
        # trigger's (generated from the rulebook's PLAN_ACTIONS) and these
        ("plans", "nd_plans_read", "SELECT", f"{R}, {E}", "true", None),
        ("plans", "nd_plans_propose", "INSERT", f"{R}, {E}", None, f"proposer_id = {UID} AND status = 'proposed'"),
        ("plans", "nd_plans_reporter_update", "UPDATE", R,
         f"proposer_id = {UID} AND status IN ('proposed', 'pending')",
         f"proposer_id = {UID} AND status IN ('proposed', 'pending', 'cancelled')"),
        ("plans", "nd_plans_editor_update", "UPDATE", E, "true", "true"),
        ("plan_assignments", "nd_pa_read", "SELECT", f"{R}, {E}", "true", None),
        ("plan_assignments", "nd_pa_chief_insert", "INSERT", C, None, "true"),
        ("plan_assignments", "nd_pa_chief_delete", "DELETE", C, "true", None),
        ("plan_articles", "nd_pl_read", "SELECT", f"{R}, {E}", "true", None),
        ("plan_articles", "nd_pl_link", "INSERT", f"{R}, {E}", None,
         f"plan_id IN (SELECT pa.plan_id FROM public.plan_assignments pa WHERE pa.user_id = {UID}) "
         f"OR (SELECT public.newsdesk_in_group('editor'))"),
        ("plan_notes", "nd_pn_read", "SELECT", f"{R}, {E}", "true", None),
        ("plan_notes", "nd_pn_insert", "INSERT", f"{R}, {E}", None, f"author_id = {UID}"),
    ]


# Functions of pg_catalog a staff role could use to hold something others wait for, or to fill
# the disk: revoked from PUBLIC in the newsroom database (pg_proc is per database), needs a
# superuser. Editors keep the transaction-scoped advisory lock the search indexer takes.
_REVOKED_CATALOG = ("proname LIKE 'pg%advisory%' OR proname IN ('lo_create', 'lo_creat', 'lo_import', "
                    "'lo_from_bytea', 'lo_open', 'lowrite', 'lo_put', 'lo_truncate', 'lo_truncate64', "
                    "'lo_unlink', 'pg_sleep', 'pg_sleep_for', 'pg_sleep_until')")


def _harden_database(c: Executor, g: Groups) -> None:
    db = q(current_database(c))
    staff = ", ".join(g.all())
    _ddl(c, f"REVOKE ALL ON DATABASE {db} FROM PUBLIC")  # CONNECT, TEMPORARY, CREATE
    _ddl(c, f"REVOKE TEMPORARY, CREATE ON DATABASE {db} FROM {staff}")
    _ddl(c, "REVOKE CREATE ON SCHEMA public FROM PUBLIC")
    _ddl(c, "REVOKE ALL ON ALL FUNCTIONS IN SCHEMA public FROM PUBLIC")
    _ddl(c, "GRANT EXECUTE ON FUNCTION public.newsdesk_uid(), public.newsdesk_is_owner(), "
            "public.newsdesk_in_group(text) TO PUBLIC")
    if is_superuser(c):
        for (proc,) in _x(c, f"SELECT oid::regprocedure::text FROM pg_proc WHERE {_REVOKED_CATALOG}"):
            _ddl(c, f"REVOKE EXECUTE ON FUNCTION {proc} FROM PUBLIC")
        _ddl(c, f"GRANT EXECUTE ON FUNCTION pg_catalog.pg_advisory_xact_lock(bigint) TO {g.editor}")
    else:
        log.warning("newsroom mode: not a superuser, advisory-lock and large-object functions stay "
                    "open to staff (run `newsdesk security pg-setup` as a superuser once)")
    # each mapped staff role: CONNECT here, the timeouts here
    for (name,) in _x(c, "SELECT rolname FROM public.pg_staff_roles WHERE rolname IN (SELECT rolname FROM pg_roles)"):
        _grant_login(c, name)


def _grant_login(c: Executor, name: str) -> None:
    db = q(current_database(c))
    _ddl(c, f"GRANT CONNECT ON DATABASE {db} TO {q(name)}")
    for k, v in TIMEOUTS.items():
        _ddl(c, f"ALTER ROLE {q(name)} IN DATABASE {db} SET {k} = '{v}'")


def install_local(c: Executor) -> None:
    """What needs no role: the tables, functions and triggers of this database (migrations)."""
    if is_postgres(c):
        _ddl(c, local_sql())
        install_plans(c)


def reinstall(c: Executor) -> None:
    """Apply the grants and policies again where newsroom mode is on (its group roles exist):
    what a migration that adds or replaces a table runs (0012, 0013)."""
    if enabled(c) and groups_exist(c):
        install(c)


def install(c: Executor) -> None:
    """Create this newsroom's group roles, functions, triggers, grants and policies; revoke what
    PUBLIC and the groups must not have. Idempotent: run by `newsdesk security pg-setup` and by
    migration 0005 where newsroom mode is on."""
    if not is_postgres(c):
        return
    g = groups(c)
    if not groups_exist(c):
        if not can_create_roles(c):
            raise PermissionDenied(
                "需要有 CREATEROLE 权限的数据库账号来创建新闻室角色组。",
                "Creating the newsroom group roles needs a database account with CREATEROLE.")
        _x(c, "SELECT pg_advisory_xact_lock(815002)")  # cluster-wide names: one installer at a time
        for name in g.all():
            _x(c, f"DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '{name}') "
                  f"THEN CREATE ROLE {q(name)} NOLOGIN; END IF; END $$")
    _x(c, "INSERT INTO newsroom_settings (key, value) VALUES (:k, :v) ON CONFLICT (key) DO NOTHING",
       {"k": SETTING_TAG, "v": g.tag})
    _ddl(c, local_sql())
    install_plans(c)
    for stmt in grants_sql(c, g):
        _ddl(c, stmt)
    if can_create_roles(c):
        _ddl(c, f"GRANT {q(g.editor)} TO {q(g.chief)}")
    pol = policies(g)
    with_policy = {t for t, *_ in pol}
    tables = [t for (t,) in _x(c, "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1")]
    staff = ", ".join(q(x) for x in g.all())
    for table in tables:
        _ddl(c, f"ALTER TABLE public.{q(table)} ENABLE ROW LEVEL SECURITY")
        _ddl(c, f"DROP POLICY IF EXISTS nd_mapped ON public.{q(table)}")
        _ddl(c, f"CREATE POLICY nd_mapped ON public.{q(table)} AS RESTRICTIVE FOR ALL TO {staff} "
                f"USING ({UID} IS NOT NULL) WITH CHECK ({UID} IS NOT NULL)")
        if table not in with_policy:
            _ddl(c, f"DROP POLICY IF EXISTS nd_open ON public.{q(table)}")
            _ddl(c, f"CREATE POLICY nd_open ON public.{q(table)} FOR ALL TO {staff} USING (true) WITH CHECK (true)")
    for table, name, cmd, roles, using, check in pol:
        _ddl(c, f"DROP POLICY IF EXISTS {name} ON public.{table}")
        sql = f"CREATE POLICY {name} ON public.{table} FOR {cmd} TO {roles}"
        if using is not None:
            sql += f" USING ({using})"
        if check is not None:
            sql += f" WITH CHECK ({check})"
        _ddl(c, sql)
    _harden_database(c, g)


def setup(c: Executor, role_prefix: str = DEFAULT_PREFIX) -> None:
    """Turn newsroom mode on for this database: groups, grants and policies installed, the
    staff roles of an older setup moved to this newsroom's groups, staff roles created by
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
    move_legacy_members(c)


def move_legacy_members(c: Executor) -> list[str]:
    """Staff roles mapped here that are members of the old cluster-wide groups
    (``newsdesk_reporter`` …) get this newsroom's groups for the same app roles and leave the
    old ones; the old groups lose every grant and policy here (other newsrooms on the server
    keep theirs until they upgrade). Returns the roles moved."""
    g = groups(c)
    legacy = [n for (n,) in _x(c, "SELECT rolname FROM pg_roles WHERE rolname = ANY(:g)",
                                {"g": list(LEGACY_GROUPS.values())})]
    if not legacy:
        return []
    moved = []
    for name, uid in _x(c, "SELECT s.rolname, s.user_id FROM public.pg_staff_roles s "
                           "JOIN pg_roles r ON r.rolname = s.rolname ORDER BY 1").all():
        app_roles = [role for role, old in LEGACY_GROUPS.items() if old in legacy and
                     _x(c, "SELECT pg_has_role(:n, :g, 'MEMBER')", {"n": name, "g": old}).scalar()]
        if not app_roles:  # fall back on the app's own record of the user's roles
            app_roles = [r for (r,) in _x(c, "SELECT role FROM public.user_roles WHERE user_id = :u", {"u": uid})]
        for grp in sorted(g.for_roles(app_roles)):
            _ddl(c, f"GRANT {q(grp)} TO {q(name)}")
        for old in legacy:
            _ddl(c, f"REVOKE {q(old)} FROM {q(name)}")
        moved.append(name)
    for old in legacy:  # nothing of this newsroom stays reachable through the shared groups
        for (table, pol) in _x(c, "SELECT tablename, policyname FROM pg_policies WHERE schemaname = 'public' "
                                  "AND :r = ANY(roles)", {"r": old}).all():
            _ddl(c, f"DROP POLICY IF EXISTS {q(pol)} ON public.{q(table)}")
        _ddl(c, f"REVOKE ALL ON ALL TABLES IN SCHEMA public FROM {q(old)}")
        _ddl(c, f"REVOKE ALL ON ALL SEQUENCES IN SCHEMA public FROM {q(old)}")
        _ddl(c, f"REVOKE ALL ON ALL FUNCTIONS IN SCHEMA public FROM {q(old)}")
        _ddl(c, f"REVOKE ALL ON SCHEMA public FROM {q(old)}")
        _ddl(c, f"REVOKE ALL ON DATABASE {q(current_database(c))} FROM {q(old)}")
    return moved


def drop_groups(c: Executor) -> None:
    """Remove this newsroom's group roles (tests, or a newsroom leaving the server). Staff
    roles must be dropped first."""
    for name in groups(c).all():
        if _x(c, "SELECT 1 FROM pg_roles WHERE rolname = :n", {"n": name}).first():
            _ddl(c, f"DROP OWNED BY {q(name)}")
            _ddl(c, f"DROP ROLE {q(name)}")


def create_staff_role(c: Executor, user_id: int, login: str, password: str,
                      roles: Iterable[str]) -> str:
    """Create the login role of a staff member, put it in this newsroom's groups, map it to the
    user, let it connect here (only here) with the newsroom's timeouts."""
    if not can_create_roles(c):
        raise PermissionDenied("您的数据库账号没有 CREATEROLE 权限，无法创建员工的数据库账号。",
                               "Your database account lacks CREATEROLE; cannot create staff roles.")
    name = role_name(login, prefix(c))
    if _x(c, "SELECT 1 FROM pg_roles WHERE rolname = :n", {"n": name}).first():
        raise ValidationError(f"数据库账号“{name}”已存在。", f"The database role “{name}” exists already.")
    grps = sorted(groups(c).for_roles(roles))
    # The verifier, not the password, travels to the server: nothing readable in its logs.
    _ddl(c, f"CREATE ROLE {q(name)} LOGIN INHERIT PASSWORD '{scram_verifier(password)}'")
    for grp in grps:
        _ddl(c, f"GRANT {q(grp)} TO {q(name)}")
    _x(c, "INSERT INTO public.pg_staff_roles (rolname, user_id) VALUES (:n, :u)", {"n": name, "u": user_id})
    _grant_login(c, name)
    log.info("created PostgreSQL staff role %s (groups %s)", name, ",".join(grps))
    return name


def set_staff_groups(c: Executor, login: str, roles: Iterable[str]) -> None:
    name = role_name(login, prefix(c))
    g = groups(c)
    want = g.for_roles(roles)
    for grp in g.all():
        _ddl(c, f"GRANT {q(grp)} TO {q(name)}" if grp in want else f"REVOKE {q(grp)} FROM {q(name)}")


def set_staff_password(c: Executor, login: str, password: str) -> None:
    name = role_name(login, prefix(c))
    _ddl(c, f"ALTER ROLE {q(name)} PASSWORD '{scram_verifier(password)}'")


def drop_staff_role(c: Executor, login: str) -> None:
    name = role_name(login, prefix(c))
    _x(c, "DELETE FROM public.pg_staff_roles WHERE rolname = :n", {"n": name})
    if _x(c, "SELECT 1 FROM pg_roles WHERE rolname = :n", {"n": name}).first():
        _ddl(c, f"REVOKE CONNECT ON DATABASE {q(current_database(c))} FROM {q(name)}")
        _ddl(c, f"ALTER ROLE {q(name)} IN DATABASE {q(current_database(c))} RESET ALL")
        _ddl(c, f"DROP OWNED BY {q(name)}")
        _ddl(c, f"DROP ROLE {q(name)}")


def staff_roles(c: Executor) -> list[tuple[str, str]]:
    """(role, login) pairs mapped in this database."""
    return [(r, lg) for r, lg in _x(c, "SELECT s.rolname, u.login FROM public.pg_staff_roles s "
                                        "JOIN public.users u ON u.id = s.user_id ORDER BY s.rolname")]


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
    name = _x(s, "SELECT rolname FROM public.pg_staff_roles WHERE user_id = :u", {"u": user_id}).scalar()
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
        g = groups(s)
        want = g.for_roles(roles)
        for grp in g.all():
            _ddl(s, f"GRANT {q(grp)} TO {q(name)}" if grp in want else f"REVOKE {q(grp)} FROM {q(name)}")
    if password is not None:
        _ddl(s, f"ALTER ROLE {q(name)} PASSWORD '{scram_verifier(password)}'")


# ---- the server's refusals, in the user's words ---------------------------------------------
def server_refusal(exc: BaseException) -> Exception | None:
    """A clear bilingual error for what the server refused or gave up on (a permission, a lock
    or statement timeout), or None for anything else. Used by Database.session()/read()."""
    from app.core.errors import DatabaseError

    orig = getattr(exc, "orig", None) or exc
    state = getattr(orig, "sqlstate", None) or getattr(orig, "pgcode", None)
    detail = str(orig).splitlines()[0] if str(orig) else ""
    if state == "42501":
        return PermissionDenied("数据库服务器拒绝了这项操作：您的账号没有这项权限。未保存任何更改。",
                                "The database server refused this: your account may not do it. "
                                "Nothing was changed.", detail=detail)
    if state in ("55P03", "57014", "25P03"):
        return DatabaseError("数据库正忙（另一位同事占用了这篇稿件或数据表），等待超时。请稍后再试，未保存的内容仍保留在编辑器中。",
                             "The database is busy (a colleague holds this article or table) and the wait "
                             "timed out. Try again shortly; unsaved work stays in the editor.", detail=detail)
    return None
