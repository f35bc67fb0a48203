"""Password hashing (argon2id) and login throttling rules."""

from __future__ import annotations

from datetime import timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

_hasher = PasswordHasher()  # argon2id with the library's current recommended parameters

MIN_PASSWORD_LENGTH = 8
LOCK_AFTER_FAILURES = 5
LOCK_BASE = timedelta(seconds=30)  # doubles with every further failure, capped below
LOCK_MAX = timedelta(minutes=15)


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(stored: str, password: str) -> bool:
    try:
        return _hasher.verify(stored, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def needs_rehash(stored: str) -> bool:
    try:
        return _hasher.check_needs_rehash(stored)
    except InvalidHashError:
        return True


def lock_duration(failures: int) -> timedelta | None:
    if failures < LOCK_AFTER_FAILURES:
        return None
    # the exponent is capped: 2**n itself overflows timedelta after ~45 failures (a crash, not a lock)
    return min(LOCK_BASE * (2 ** min(failures - LOCK_AFTER_FAILURES, 20)), LOCK_MAX)
