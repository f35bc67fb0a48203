"""What every push adapter shares: the outcome of a delivery and the two kinds of failure the
outbox tells apart (try again later / give up and tell the editor)."""

from __future__ import annotations

import email.utils
import json
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Protocol

import httpx

from app.core.domain import ArticleData


@dataclass
class RemoteRef:
    """What the target knows of an article (the RemoteMapping row)."""

    remote_id: str
    delivered_version: int


@dataclass
class Delivered:
    remote_id: str
    url: str = ""
    note: str = ""


class DeliveryError(Exception):
    def __init__(self, message_zh: str, message_en: str | None = None, status: int | None = None) -> None:
        super().__init__(message_en or message_zh)
        self.message_zh = message_zh
        self.message_en = message_en or message_zh
        self.status = status


class TransientError(DeliveryError):
    """Timeouts, broken connections, 429 and 5xx: retried with back-off."""

    def __init__(self, message_zh: str, message_en: str | None = None, status: int | None = None,
                 retry_after: float | None = None) -> None:
        super().__init__(message_zh, message_en, status)
        self.retry_after = retry_after


class PermanentError(DeliveryError):
    """The target refused the article (4xx): the editor must act; no automatic retry.
    ``target_wide`` (401/403) means no other job of this target can succeed either."""

    def __init__(self, message_zh: str, message_en: str | None = None, status: int | None = None,
                 target_wide: bool = False) -> None:
        super().__init__(message_zh, message_en, status)
        self.target_wide = target_wide


class Adapter(Protocol):
    def publish(self, article: ArticleData, ref: RemoteRef | None) -> Delivered: ...

    def withdraw(self, article: ArticleData, ref: RemoteRef | None) -> Delivered: ...

    def close(self) -> None: ...


def parse_retry_after(value: str | None, now: datetime | None = None) -> float | None:
    """Retry-After as seconds (delta-seconds or an HTTP date); None when absent or nonsense."""
    if not value:
        return None
    value = value.strip()
    try:
        secs = float(value)
        return max(0.0, min(secs, 86400.0))
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, min((when - (now or datetime.now(UTC))).total_seconds(), 86400.0))


def error_message(resp: httpx.Response) -> str:
    """The target's own explanation from an error body, if any (ours, WordPress's or text)."""
    try:
        body: Any = resp.json()
    except (json.JSONDecodeError, UnicodeDecodeError, ValueError):
        text = resp.text.strip() if resp.content else ""
        return text[:300]
    if isinstance(body, dict):
        err = body.get("error")
        if isinstance(err, dict):
            return str(err.get("message_zh") or err.get("message") or err.get("code") or "")[:500]
        if isinstance(err, str):
            return err[:500]
        if body.get("message"):  # WordPress: {"code": ..., "message": ..., "data": {...}}
            return str(body["message"])[:500]
    return str(body)[:300]


# Error codes by which an application (not a proxy or a crashed server) says the *input* is wrong,
# whatever HTTP status it chose: WordPress answers ``500 {"code": "empty_term_name", "message":
# "A name is required for this term."}`` for a tag it sanitised to nothing. Retrying the same
# article can never succeed.
_VALIDATION_CODE = re.compile(
    r"^(?:empty_|invalid_|missing_|rest_invalid|rest_missing|duplicate_|term_exists$|[a-z_]*_(?:required|exists|too_long)$"
    r"|invalid$|validation)", re.I)


def error_code(resp: httpx.Response) -> str:
    """The machine-readable error code of a JSON error body (WordPress's or ours), else ""."""
    try:
        body: Any = resp.json()
    except (json.JSONDecodeError, UnicodeDecodeError, ValueError):
        return ""
    if not isinstance(body, dict):
        return ""
    err = body.get("error")
    code = err.get("code") if isinstance(err, dict) else body.get("code")
    return str(code) if isinstance(code, str) else ""


def is_validation_error(resp: httpx.Response) -> bool:
    return bool(_VALIDATION_CODE.match(error_code(resp)))


def raise_for(resp: httpx.Response, what: str) -> None:
    """Turn a non-2xx answer into TransientError / PermanentError with the target's message.
    Permanent or transient is decided by what the target answered: 429, 408 and 5xx are
    retried — unless the body names a validation error (see ``_VALIDATION_CODE``)."""
    code = resp.status_code
    if code < 400:
        return
    msg = error_message(resp).rstrip("。. ")  # our sentence ends it
    detail = f"：{msg}" if msg else ""
    detail_en = f": {msg}" if msg else ""
    if code >= 500 and is_validation_error(resp):
        raise PermanentError(f"{what}拒绝了稿件中的内容（HTTP {code}）{detail}。这不是网络问题，重试不会成功：请按提示修改稿件，"
                             "重新签发或在推送队列中点“重试”。",
                             f"{what} refused something in the article (HTTP {code}){detail_en}. This is not a network "
                             "problem and retrying will not help: change the article as the message says, then "
                             "publish again or press “Retry” in the publish queue.", status=code)
    if code == 429 or code >= 500 or code == 408:
        raise TransientError(f"{what}暂时不可用（HTTP {code}）{detail}，稍后自动重试。",
                             f"{what} is unavailable for now (HTTP {code}){detail_en}; will retry.",
                             status=code, retry_after=parse_retry_after(resp.headers.get("Retry-After")))
    if code in (401, 403):
        raise PermanentError(f"{what}拒绝了登录凭据（HTTP {code}）{detail}。请管理员检查用户名和密码（令牌）。",
                             f"{what} refused the credentials (HTTP {code}){detail_en}. An administrator should "
                             "check the user name and secret.", status=code, target_wide=True)
    if code == 413:
        raise PermanentError(f"稿件太大，{what}拒收（HTTP 413）{detail}。请压缩图片或缩短正文后重试。",
                             f"The article is too large for {what} (HTTP 413){detail_en}. Shrink images or "
                             "the body, then retry.", status=code)
    raise PermanentError(f"{what}拒绝了稿件（HTTP {code}）{detail}。请按提示修改稿件后，在推送队列中点“重试”。",
                         f"{what} refused the article (HTTP {code}){detail_en}. Change the article as the "
                         "message says, then press “Retry” in the publish queue.", status=code)


def transport_error(exc: Exception, what: str) -> TransientError:
    if isinstance(exc, httpx.TimeoutException):
        return TransientError(f"{what}响应超时，稍后自动重试。", f"{what} timed out; will retry.")
    return TransientError(f"无法连接{what}（{type(exc).__name__}），稍后自动重试。",
                          f"Cannot reach {what} ({type(exc).__name__}); will retry.")
