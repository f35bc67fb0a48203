"""Domain errors: expected failures the user is told about, in their language."""

from __future__ import annotations

from typing import Any


class NewsdeskError(Exception):
    """An expected error with a message in Chinese and English."""

    code = "error"

    def __init__(self, message_zh: str, message_en: str | None = None, **data: Any) -> None:
        super().__init__(message_en or message_zh)
        self.message_zh = message_zh
        self.message_en = message_en or message_zh
        self.data = data

    def message(self, lang: str = "zh") -> str:
        return self.message_zh if lang.startswith("zh") else self.message_en


class ValidationError(NewsdeskError):
    code = "invalid"


class NotFound(NewsdeskError):
    code = "not_found"


class PermissionDenied(NewsdeskError):
    code = "forbidden"


class InvalidTransition(NewsdeskError):
    code = "invalid_transition"


class AuthError(NewsdeskError):
    code = "auth"


class ConflictError(NewsdeskError):
    """Another desktop saved first. ``theirs`` is the stored article, ``mine`` the attempted
    changes; the UI reconciles, nothing was overwritten."""

    code = "conflict"

    def __init__(self, theirs: Any, mine: dict[str, Any]) -> None:
        super().__init__(
            f"稿件已被{getattr(theirs, 'updated_by_name', '') or '其他用户'}修改（版本 {theirs.version}），请对比后再保存。",
            f"The article was changed elsewhere (version {theirs.version}); compare before saving.",
        )
        self.theirs = theirs
        self.mine = mine


class LeaseHeld(NewsdeskError):
    code = "lease_held"


class DatabaseError(NewsdeskError):
    code = "database"


class DatabaseTooNew(DatabaseError):
    code = "db_too_new"
