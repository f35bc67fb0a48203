"""One clock for the core, so tests and schedulers agree on 'now'."""

from datetime import UTC, datetime


def utcnow() -> datetime:
    return datetime.now(UTC)
