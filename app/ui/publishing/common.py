"""Small helpers shared by the publishing UI: the translation context and time formatting."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from PySide6.QtCore import QCoreApplication

CONTEXT = "publishing"


def tr(text: str) -> str:
    """Translate ``text`` (English source) in the publishing catalogue."""
    return QCoreApplication.translate(CONTEXT, text)


def fmt_time(when: datetime | None, zone: ZoneInfo | None = None) -> str:
    """A stored UTC time as ``MM-DD HH:MM`` (with the year when it is not this year)."""
    if when is None:
        return ""
    if when.tzinfo is None:  # SQLite hands back naive UTC
        when = when.replace(tzinfo=UTC)
    local = when.astimezone(zone) if zone else when.astimezone()
    now = datetime.now(local.tzinfo)
    if local.date() == now.date():
        return local.strftime("%H:%M:%S")  # today: to the second (retries are seconds apart)
    return local.strftime("%m-%d %H:%M" if local.year == now.year else "%Y-%m-%d %H:%M")


def newsroom_zone(services: object) -> ZoneInfo | None:
    try:
        name = services.admin.setting("timezone")  # type: ignore[attr-defined]
        return ZoneInfo(name) if name else None
    except Exception:  # noqa: BLE001 - an unknown zone falls back to the machine's
        return None
