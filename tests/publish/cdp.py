"""Headless Chromium driven over the DevTools protocol on a pipe (``--remote-debugging-pipe``:
JSON messages separated by NUL on file descriptors 3 and 4), so a test can set cookies (log in
as a WordPress administrator), record every script a page runs, and read the live DOM — with no
WebSocket library and no Python package beyond the standard library.

The harness installed in every frame before any page script replaces ``alert``/``confirm``/
``prompt``/``print`` with a recorder; dialogs that still open are recorded too. ``load`` returns
what ran: the ``alert`` arguments (the vector numbers of tests/publish/xss_vectors.py) and the
live markup left in the DOM that could run script on interaction (event-handler attributes,
``javascript:`` URLs, ``srcdoc``, meta refresh, script elements naming ``alert``).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import threading
import time
from pathlib import Path
from typing import Any

FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--no-first-run", "--disable-extensions", "--mute-audio",
         "--disable-default-apps", "--disable-sync", "--no-default-browser-check"]

HARNESS = """
(() => {
  const hit = (x) => { try { ndHit(String(x)); } catch (e) {} };
  for (const w of ['alert', 'confirm', 'prompt', 'print']) {
    try { Object.defineProperty(window, w, {value: hit, writable: false, configurable: false}); } catch (e) {}
  }
})();
"""

LIVE_MARKUP = """
(() => {
  const out = [];
  const docs = [document];
  for (const f of document.querySelectorAll('iframe')) {
    try { if (f.contentDocument) docs.push(f.contentDocument); } catch (e) {}
  }
  const url = /^\\s*(javascript|vbscript|data:text\\/html)/i;
  for (const d of docs) {
    for (const el of d.querySelectorAll('*')) {
      for (const a of el.attributes) {
        const n = a.name.toLowerCase(), v = a.value || '';
        if (n.startsWith('on') && /alert\\(/.test(v)) out.push(`<${el.localName} ${n}>`);
        if (['href', 'src', 'action', 'formaction', 'data', 'xlink:href', 'content'].includes(n)
            && (url.test(v) || /url=javascript:/i.test(v))) out.push(`<${el.localName} ${n}=${v.slice(0, 40)}>`);
        if (n === 'srcdoc') out.push(`<${el.localName} srcdoc>`);
      }
      if (el.localName === 'meta' && /refresh/i.test(el.getAttribute('http-equiv') || '')) out.push('<meta refresh>');
    }
  }
  return out;
})()
"""


def chromium() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")


class Browser:
    """One headless Chromium; ``page()`` opens a tab to load pages in."""

    def __init__(self, profile: Path) -> None:
        exe = chromium()
        if exe is None:
            raise RuntimeError("chromium is not installed")
        to_child_r, self._to_child = os.pipe()
        self._from_child, from_child_w = os.pipe()

        def fds() -> None:  # the child reads commands on fd 3 and writes answers on fd 4
            os.dup2(to_child_r, 3)
            os.dup2(from_child_w, 4)

        self.proc = subprocess.Popen(
            [exe, *FLAGS, "--remote-debugging-pipe", f"--user-data-dir={profile}", "about:blank"],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            preexec_fn=fds, pass_fds=(3, 4))  # close_fds runs after preexec_fn: keep 3 and 4
        os.close(to_child_r)
        os.close(from_child_w)
        self._next = 0
        self._lock = threading.Lock()
        self._answers: dict[int, dict[str, Any]] = {}
        self._events: list[dict[str, Any]] = []
        self._cond = threading.Condition()
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        buf = b""
        while True:
            try:
                chunk = os.read(self._from_child, 1 << 16)
            except OSError:
                chunk = b""
            if not chunk:
                with self._cond:
                    self._events.append({"method": "closed"})
                    self._cond.notify_all()
                return
            buf += chunk
            while b"\0" in buf:
                raw, buf = buf.split(b"\0", 1)
                msg = json.loads(raw)
                with self._cond:
                    if "id" in msg:
                        self._answers[msg["id"]] = msg
                    else:
                        self._events.append(msg)
                    self._cond.notify_all()

    def send(self, method: str, params: dict[str, Any] | None = None, session: str | None = None,
             timeout: float = 30.0) -> dict[str, Any]:
        with self._lock:
            self._next += 1
            mid = self._next
        msg: dict[str, Any] = {"id": mid, "method": method, "params": params or {}}
        if session:
            msg["sessionId"] = session
        os.write(self._to_child, json.dumps(msg).encode() + b"\0")
        deadline = time.monotonic() + timeout
        with self._cond:
            while mid not in self._answers:
                left = deadline - time.monotonic()
                if left <= 0:
                    raise TimeoutError(method)
                self._cond.wait(left)
            answer = self._answers.pop(mid)
        if "error" in answer:
            raise RuntimeError(f"{method}: {answer['error']}")
        return answer.get("result", {})

    def events(self, session: str, method: str, since: int = 0) -> list[dict[str, Any]]:
        with self._cond:
            return [e for e in self._events[since:] if e.get("sessionId") == session and e.get("method") == method]

    def mark(self) -> int:
        with self._cond:
            return len(self._events)

    def wait_event(self, session: str, method: str, since: int, timeout: float) -> bool:
        deadline = time.monotonic() + timeout
        with self._cond:
            while True:
                if any(e.get("sessionId") == session and e.get("method") == method for e in self._events[since:]):
                    return True
                left = deadline - time.monotonic()
                if left <= 0:
                    return False
                self._cond.wait(left)

    def page(self) -> Page:
        target = self.send("Target.createTarget", {"url": "about:blank"})["targetId"]
        session = self.send("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
        return Page(self, session)

    def set_cookies(self, cookies: list[dict[str, Any]]) -> None:
        self.send("Storage.setCookies", {"cookies": cookies})

    def close(self) -> None:
        try:
            self.send("Browser.close", timeout=5)
        except Exception:
            pass
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        for fd in (self._to_child, self._from_child):
            try:
                os.close(fd)
            except OSError:
                pass


class Page:
    def __init__(self, browser: Browser, session: str) -> None:
        self.b = browser
        self.session = session
        for method in ("Page.enable", "Runtime.enable"):
            self.send(method)
        self.send("Runtime.addBinding", {"name": "ndHit"})
        self.send("Page.addScriptToEvaluateOnNewDocument", {"source": HARNESS})

    def send(self, method: str, params: dict[str, Any] | None = None, timeout: float = 30.0) -> dict[str, Any]:
        return self.b.send(method, params, self.session, timeout)

    def evaluate(self, expression: str) -> Any:
        r = self.send("Runtime.evaluate", {"expression": expression, "returnByValue": True})
        return r.get("result", {}).get("value")

    def load(self, url: str, *, ready: str = "true", settle: float = 0.5, timeout: float = 30.0) -> dict[str, Any]:
        """Load ``url``; wait for the load event, then until the JS expression ``ready`` is true
        (e.g. the block editor has drawn the title), then ``settle`` seconds more for timers.
        → {"alerts": [...], "dialogs": [...], "live": [...], "html": outer HTML, "ready": bool}"""
        since = self.b.mark()
        self.send("Page.navigate", {"url": url})
        self.b.wait_event(self.session, "Page.loadEventFired", since, timeout)
        deadline = time.monotonic() + timeout
        is_ready = False
        while time.monotonic() < deadline:
            try:
                is_ready = bool(self.evaluate(ready))
            except RuntimeError:
                is_ready = False
            if is_ready:
                break
            self._dismiss_dialogs(since)
            time.sleep(0.2)
        end = time.monotonic() + settle
        while time.monotonic() < end:
            self._dismiss_dialogs(since)
            time.sleep(0.1)
        self._dismiss_dialogs(since)
        alerts = [e["params"]["payload"] for e in self.b.events(self.session, "Runtime.bindingCalled", since)
                  if e["params"].get("name") == "ndHit"]
        dialogs = [e["params"].get("message", "") for e in self.b.events(self.session, "Page.javascriptDialogOpening",
                                                                           since)]
        live = self.evaluate(LIVE_MARKUP) or []
        html = self.evaluate("document.documentElement.outerHTML") or ""
        return {"alerts": alerts, "dialogs": dialogs, "live": live, "html": html, "ready": is_ready}

    def _dismiss_dialogs(self, since: int) -> None:
        for _e in self.b.events(self.session, "Page.javascriptDialogOpening", since)[len(getattr(self, "_seen", [])):]:
            self._seen = [*getattr(self, "_seen", []), _e]
            try:
                self.send("Page.handleJavaScriptDialog", {"accept": False}, timeout=5)
            except (RuntimeError, TimeoutError):
                pass
