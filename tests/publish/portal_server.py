"""A real HTTP portal on 127.0.0.1 implementing docs/portal-api.yaml, with fault modes.

Every article body is validated against the contract's ``Article`` schema (jsonschema), so the
client and the document cannot drift apart. Faults are queued and consumed, one per article
request (PUT/DELETE /v1/articles/…):

  "500"         answer 500 (not applied)
  "503-apply"   apply, then answer 503 (the client must retry without a duplicate)
  "429"         answer 429 with Retry-After: <retry_after> (not applied)
  "hang"        sleep ``hang_seconds`` (past the client's timeout), then apply and answer
  "reset"       drop the connection with a TCP reset, nothing answered (not applied)
  "401"         answer 401 (not applied)
  "413"         answer 413 (not applied)
  "slow"        apply, then send the answer a few bytes at a time
  "hold"        set ``held`` and wait until ``release`` is set (the test kills the worker meanwhile),
                then apply and answer

A wrong token always gets 401; a body over ``max_body`` always gets 413.
"""

from __future__ import annotations

import hashlib
import html
import json
import socket
import struct
import threading
import time
from collections import deque
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import jsonschema
import yaml

CONTRACT = Path(__file__).resolve().parents[2] / "docs" / "portal-api.yaml"


def article_validator() -> jsonschema.protocols.Validator:
    spec = yaml.safe_load(CONTRACT.read_text("utf-8"))
    schema = {"$ref": "#/components/schemas/Article", "components": spec["components"]}
    cls = jsonschema.validators.validator_for({"$schema": "https://json-schema.org/draft/2020-12/schema"})
    return cls(schema, format_checker=cls.FORMAT_CHECKER)


class PortalState:
    def __init__(self, token: str) -> None:
        self.token = token
        self.lock = threading.Lock()
        self.articles: dict[str, dict] = {}  # uuid → {"data", "version", "remote_id", "withdrawn"}
        self.applied: dict[str, list[tuple[str, int]]] = {}  # uuid → [("publish"|"withdraw", version)]
        self.created: dict[str, int] = {}  # uuid → how many times a new remote id was made
        self.assets: dict[str, bytes] = {}
        self.requests: list[tuple[str, str, int]] = []  # (method, path, status)
        self.sent: list[tuple[str, int, str | None]] = []  # (uuid, version, body_markdown) applied, in order
        self.faults: deque[str] = deque()
        self.retry_after = "1"
        self.hang_seconds = 1.5
        self.max_body = 2_000_000
        self.held = threading.Event()
        self.release = threading.Event()
        self.invalid: list[str] = []
        self.next_id = 1000
        self.validator = article_validator()

    def next_fault(self) -> str | None:
        with self.lock:
            return self.faults.popleft() if self.faults else None

    def upsert(self, uuid: str, data: dict) -> tuple[int, dict]:
        with self.lock:
            cur = self.articles.get(uuid)
            v = int(data["version"])
            if cur is not None and v < cur["version"]:
                return 409, {"error": {"code": "stale_version", "message": "portal holds a newer version",
                                       "current_version": cur["version"], "remote_id": cur["remote_id"]}}
            if cur is not None and v == cur["version"] and not cur["withdrawn"]:
                return 200, {"uuid": uuid, "version": v, "remote_id": cur["remote_id"], "result": "unchanged",
                             "url": f"/a/{cur['remote_id']}.html"}
            if cur is None:
                self.next_id += 1
                cur = {"remote_id": str(self.next_id), "withdrawn": False}
                self.created[uuid] = self.created.get(uuid, 0) + 1
                result, status = "created", 201
            else:
                result, status = "updated", 200
            cur.update(data=data, version=v, withdrawn=False)
            self.articles[uuid] = cur
            self.applied.setdefault(uuid, []).append(("publish", v))
            self.sent.append((uuid, v, data.get("body_markdown")))
            return status, {"uuid": uuid, "version": v, "remote_id": cur["remote_id"], "result": result,
                            "url": f"/a/{cur['remote_id']}.html"}

    def withdraw(self, uuid: str, version: int) -> tuple[int, dict]:
        with self.lock:
            cur = self.articles.get(uuid)
            if cur is None:
                return 404, {"error": {"code": "not_found", "message": "no such article"}}
            if cur["withdrawn"]:
                return 200, {"uuid": uuid, "remote_id": cur["remote_id"], "result": "unchanged"}
            cur["withdrawn"] = True
            cur["version"] = max(cur["version"], version)
            self.applied.setdefault(uuid, []).append(("withdraw", version))
            return 200, {"uuid": uuid, "remote_id": cur["remote_id"], "result": "withdrawn"}


def _error(code: str, message: str, message_zh: str = "") -> dict:
    err = {"code": code, "message": message}
    if message_zh:
        err["message_zh"] = message_zh
    return {"error": err}


class Handler(BaseHTTPRequestHandler):
    server: PortalHTTPServer
    protocol_version = "HTTP/1.1"

    def log_message(self, *args) -> None:  # quiet
        pass

    @property
    def st(self) -> PortalState:
        return self.server.state

    def _send(self, status: int, body: dict | None, headers: dict | None = None, slow: bool = False) -> None:
        raw = json.dumps(body, ensure_ascii=False).encode() if body is not None else b""
        self.send_response(status)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(raw)))
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        self.end_headers()
        with self.st.lock:
            self.st.requests.append((self.command, self.path, status))
        if self.command == "HEAD":
            return
        if slow:
            for i in range(0, len(raw), 16):
                self.wfile.write(raw[i:i + 16])
                self.wfile.flush()
                time.sleep(0.02)
        else:
            self.wfile.write(raw)

    def _reset(self) -> None:
        with self.st.lock:
            self.st.requests.append((self.command, self.path, 0))
        self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        self.connection.close()
        self.close_connection = True

    def _body(self) -> bytes | None:
        n = int(self.headers.get("Content-Length") or 0)
        if n > self.st.max_body:
            self.rfile.read(n)
            self._send(413, _error("payload_too_large", f"body of {n} bytes exceeds {self.st.max_body}",
                                   f"稿件 {n} 字节，超过门户上限 {self.st.max_body} 字节"))
            return None
        return self.rfile.read(n) if n else b""

    def _auth(self) -> bool:
        if self.headers.get("Authorization") != f"Bearer {self.st.token}":
            self._send(401, _error("unauthorized", "invalid token", "令牌无效"))
            return False
        return True

    def _route(self) -> tuple[str, str]:
        parts = urlsplit(self.path).path.strip("/").split("/")
        if len(parts) == 3 and parts[0] == "v1":
            return parts[1], parts[2]
        if parts == ["v1", "ping"]:
            return "ping", ""
        return "", ""

    def _public_page(self) -> bool:
        """``GET /a/<remote id>.html``: the portal's public article page, as a portal renders the
        contract — every text field escaped, ``body_html`` (sanitised by NewsDesk) inserted as is."""
        path = urlsplit(self.path).path
        if not (path.startswith("/a/") and path.endswith(".html")):
            return False
        rid = path[3:-5]
        with self.st.lock:
            cur = next((c for c in self.st.articles.values() if c["remote_id"] == rid and not c["withdrawn"]), None)
        if cur is None:
            self._send(404, _error("not_found", "no such article"))
            return True
        d = cur["data"]
        e = html.escape
        text_fields = [d.get("pretitle"), d.get("subtitle"), d.get("summary"), d.get("dateline"), d.get("byline"),
                       (d.get("source") or {}).get("name"), d.get("correction_note"), d.get("author"),
                       "、".join(d.get("keywords") or []),
                       "、".join(f"{c['role']}{c['name']}" for c in d.get("contributors") or [])]
        src = (d.get("source") or {}).get("url") or ""
        href = src if src.startswith(("http://", "https://")) else "#"
        page = (f"<!DOCTYPE html><html><head><meta charset=utf-8><title>{e(d.get('title') or '')}</title></head>"
                f"<body><h1>{e(d.get('title') or '')}</h1>"
                + "".join(f"<p>{e(t or '')}</p>" for t in text_fields)
                + f"<a href=\"{e(href)}\">来源</a><article>{d.get('body_html') or ''}</article></body></html>")
        raw = page.encode("utf-8")
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(raw)))
        self.end_headers()
        self.wfile.write(raw)
        return True

    # -- verbs --------------------------------------------------------------------------
    def do_GET(self) -> None:  # noqa: N802
        if self._public_page():
            return
        if not self._auth():
            return
        kind, key = self._route()
        if kind == "ping":
            return self._send(200, {"portal": "test portal"})
        if kind == "articles" and key in self.st.articles:
            cur = self.st.articles[key]
            return self._send(200, dict(cur["data"], remote_id=cur["remote_id"], withdrawn=cur["withdrawn"]))
        self._send(404, _error("not_found", "no such article"))

    def do_HEAD(self) -> None:  # noqa: N802
        if not self._auth():
            return
        kind, key = self._route()
        self._send(200 if kind == "assets" and key in self.st.assets else 404, None)

    def do_PUT(self) -> None:  # noqa: N802
        body = self._body()
        if body is None or not self._auth():
            return
        kind, key = self._route()
        if kind == "assets":
            if hashlib.sha256(body).hexdigest() != key:
                return self._send(422, _error("invalid", "sha256 does not match the body"))
            existed = key in self.st.assets
            self.st.assets[key] = body
            return self._send(200 if existed else 201, None)
        if kind != "articles":
            return self._send(404, _error("not_found", "no such resource"))
        try:
            data = json.loads(body)
        except ValueError:
            return self._send(400, _error("invalid", "body is not JSON"))
        errors = sorted(self.st.validator.iter_errors(data), key=lambda e: list(e.path))
        if errors:
            msg = "; ".join(f"{'/'.join(map(str, e.path))}: {e.message}" for e in errors[:5])
            self.st.invalid.append(msg)
            return self._send(422, _error("invalid", msg, "稿件不符合门户接口：" + msg))
        if data.get("uuid") != key:
            return self._send(422, _error("invalid", "uuid in body differs from the path"))
        self._article_fault(lambda: self.st.upsert(key, data))

    def do_DELETE(self) -> None:  # noqa: N802
        if not self._auth():
            return
        kind, key = self._route()
        if kind != "articles":
            return self._send(404, _error("not_found", "no such resource"))
        version = int((parse_qs(urlsplit(self.path).query).get("version") or ["0"])[0])
        self._article_fault(lambda: self.st.withdraw(key, version))

    def _article_fault(self, apply) -> None:  # type: ignore[no-untyped-def]
        fault = self.st.next_fault()
        if fault == "500":
            return self._send(500, _error("internal", "database is down", "门户数据库故障"))
        if fault == "503-apply":
            apply()
            return self._send(503, _error("internal", "answer lost after commit"), {"Retry-After": "0"})
        if fault == "429":
            return self._send(429, _error("rate_limited", "slow down", "请求过于频繁"),
                              {"Retry-After": self.st.retry_after})
        if fault == "reset":
            return self._reset()
        if fault == "401":
            return self._send(401, _error("unauthorized", "token revoked", "令牌已被吊销"))
        if fault == "413":
            return self._send(413, _error("payload_too_large", "article too large", "稿件超过门户上限"))
        if fault == "hang":
            time.sleep(self.st.hang_seconds)
        if fault == "hold":
            self.st.held.set()
            self.st.release.wait(30)
        status, body = apply()
        self._send(status, body, slow=fault == "slow")


class PortalHTTPServer(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, state: PortalState) -> None:
        super().__init__(("127.0.0.1", 0), Handler)
        self.state = state

    def handle_error(self, request, client_address) -> None:  # type: ignore[no-untyped-def]
        pass  # a client that went away (timeouts, the killed worker) is part of the test


class PortalServer:
    """Start with ``with PortalServer(token) as portal:``; ``portal.url`` is the base URL."""

    def __init__(self, token: str = "test-token") -> None:
        self.state = PortalState(token)
        self.httpd = PortalHTTPServer(self.state)
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        host, port = self.httpd.server_address[:2]
        return f"http://{host}:{port}/"

    def __enter__(self) -> PortalServer:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.state.release.set()
        self.httpd.shutdown()
        self.httpd.server_close()


# ---- helpers the push tests share ---------------------------------------------------------

def use_file_keyring(path: Path):  # type: ignore[no-untyped-def]
    """Select a file keyring (keyrings.alt) under ``path``: headless Linux has no real one.
    Returns the previous keyring so the caller can restore it."""
    import keyring
    from keyrings.alt.file import PlaintextKeyring

    previous = keyring.get_keyring()
    kr = PlaintextKeyring()
    kr.file_path = str(path)
    keyring.set_keyring(kr)
    return previous


def publish_new(svc, title: str, body: str, channel: str = "平凉新闻", **fields):  # type: ignore[no-untyped-def]
    """An article written by a reporter, signed through 三审 and published (writes outbox jobs)."""
    from tests.conftest import actor

    reporter, ed1, ed2, chief = (actor(svc, x) for x in ("wangzd", "chushen", "fushen", "zongbian"))
    ch = {c.name: c.id for c in svc.admin.channels()}
    a = svc.articles.create(reporter, title=title, body=body, dateline="本报讯", primary_channel_id=ch[channel],
                            **fields)
    svc.review.submit(reporter, a.id)
    svc.review.sign(ed1, a.id, "初审")
    svc.review.sign(ed2, a.id, "复审")
    svc.review.sign(chief, a.id, "签发")
    return svc.review.publish_now(chief, a.id)
